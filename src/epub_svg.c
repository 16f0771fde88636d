/* SVG images from a course are untrusted documents: scripts, event handlers, foreign HTML and
 * references to files outside the package would make the EPUB unsafe or invalid (EPUB requires
 * a "scripted" declaration and packaged resources).  Parse with libxml2 (no network, no entity
 * expansion), drop those parts, and serialise again. */
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "epub.h"

static bool is_local_ref(const xmlChar *v) {
  while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
    v++;
  return v[0] == '#' || strncasecmp((const char *)v, "data:image/", 11) == 0;
}

/* url(...) references other than url(#id) in CSS text. */
static bool css_has_external_url(const char *s) {
  for (const char *p = s; (p = strstr(p, "url(")) != NULL; p += 4) {
    const char *q = p + 4;
    while (*q == ' ' || *q == '"' || *q == '\'')
      q++;
    if (*q != '#') return true;
  }
  return strstr(s, "@import") != NULL;
}

static bool dangerous_element(const xmlChar *name) {
  static const char *const names[] = {"script",  "foreignObject", "iframe", "object", "embed",
                                      "handler", "listener",      "audio",  "video"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (xmlStrcasecmp(name, BAD_CAST names[i]) == 0) return true;
  return false;
}

/* Iterative walk (no recursion: untrusted nesting depth). */
static int clean_tree(xmlNodePtr root) {
  int removed = 0;
  xmlNodePtr n = root;
  while (n) {
    xmlNodePtr next_sibling_or_up = NULL;
    if (n->type == XML_ELEMENT_NODE) {
      bool drop = dangerous_element(n->name);
      if (!drop && xmlStrcmp(n->name, BAD_CAST "style") == 0) {
        xmlChar *css = xmlNodeGetContent(n);
        drop = css && css_has_external_url((const char *)css);
        xmlFree(css);
      }
      if (drop) {
        /* Find where to continue before unlinking. */
        xmlNodePtr p = n;
        while (p && p != root && !p->next)
          p = p->parent;
        next_sibling_or_up = (p && p != root) ? p->next : NULL;
        if (n == root) return -1;
        xmlUnlinkNode(n);
        xmlFreeNode(n);
        removed++;
        n = next_sibling_or_up;
        continue;
      }
      for (xmlAttrPtr a = n->properties; a;) {
        xmlAttrPtr an = a->next;
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
        bool bad = strncasecmp((const char *)a->name, "on", 2) == 0 ||
                   (xmlStrcmp(a->name, BAD_CAST "href") == 0 && v && !is_local_ref(v)) ||
                   (xmlStrcmp(a->name, BAD_CAST "style") == 0 && v &&
                    css_has_external_url((const char *)v));
        xmlFree(v);
        if (bad) {
          xmlRemoveProp(a);
          removed++;
        }
        a = an;
      }
      if (n->children) {
        n = n->children;
        continue;
      }
    }
    while (n && n != root && !n->next)
      n = n->parent;
    if (!n || n == root) break;
    n = n->next;
  }
  return removed;
}

int cb_epub_svg_clean(const char *data, size_t len, cb_buf *out, cb_diag *d, cb_pos pos) {
  if (len > 0x7fffffff) return -1;
  xmlDocPtr doc = xmlReadMemory(data, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return -1;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  int st = -1;
  if (!root || xmlStrcmp(root->name, BAD_CAST "svg") != 0 || !root->ns ||
      xmlStrcmp(root->ns->href, BAD_CAST "http://www.w3.org/2000/svg") != 0)
    goto done;
  /* Internal DTD subsets can define entities (expansion bombs, external files): refuse them;
   * drop a plain DOCTYPE, which EPUB does not want either. */
  if (doc->intSubset) {
    if (doc->intSubset->entities || doc->intSubset->children) goto done;
    xmlNodePtr dtd = (xmlNodePtr)doc->intSubset;
    xmlUnlinkNode(dtd);
    xmlFreeDtd((xmlDtdPtr)dtd);
    doc->intSubset = NULL;
  }
  int removed = clean_tree(root);
  if (removed < 0) goto done;
  if (removed > 0)
    cb_warn(d, pos, "SVG image: removed %d script, event handler or external reference%s", removed,
            removed == 1 ? "" : "s");
  xmlChar *mem = NULL;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
  if (mem && size > 0) {
    cb_buf_put(out, (const char *)mem, (size_t)size);
    st = 0;
  }
  xmlFree(mem);
done:
  xmlFreeDoc(doc);
  return st;
}
