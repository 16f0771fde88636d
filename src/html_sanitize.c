/* Raw HTML from course pages is untrusted.  It is parsed by libxml2's HTML parser (which
 * repairs unbalanced tags the way browsers roughly do) and re-serialised from the tree, so the
 * output is always well-formed, polyglot HTML/XHTML, and only what passes the rules below
 * survives:
 *  - dropped with their content: script, style, iframe/frame, object/embed/applet, form
 *    controls, document-level elements (head, meta, link, base, title), svg/math (the HTML
 *    parser cannot keep their case-sensitive names), template/noscript; a form and a button
 *    are unwrapped (their text, a label, stays);
 *  - obsolete presentational elements renamed to valid HTML5 ones (center→div, font→span, …);
 *    other elements that are not HTML5 (`<large>`, a template's own tags) unwrapped;
 *  - attributes: only HTML5's for the element (html_allow.c), with valid values where HTML5
 *    constrains them; `<a name>` becomes the anchor's id;
 *  - attributes: on* event handlers dropped; URL attributes kept only when cb_url_is_safe();
 *    a style attribute is kept (authors use it for layout) unless it can fetch or run
 *    something (url(, expression, @import, behavior, javascript:);
 *  - comments, processing instructions and doctype nodes dropped. */
#include "html_sanitize.h"

#include "html_allow.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- escaping ---------------------------------------------------------------------------- */

void cb_html_escape(cb_buf *out, const char *s, size_t len) {
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    const char *rep = NULL;
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default:
      /* C0 controls other than tab/LF/CR are not allowed in XML at all: drop them. */
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') rep = "";
      break;
    }
    if (rep) {
      cb_buf_put(out, s + start, i - start);
      cb_buf_puts(out, rep);
      start = i + 1;
    }
  }
  cb_buf_put(out, s + start, len - start);
}

/* ---- URLs --------------------------------------------------------------------------------- */

bool cb_url_is_safe(const char *url) {
  if (!url) return false;
  /* Browsers ignore leading spaces/controls and tabs/newlines anywhere in the scheme, so
   * "java\tscript:" still runs: compare with those removed, case-insensitively. */
  char scheme[16];
  size_t n = 0;
  const char *p = url;
  while (*p && (unsigned char)*p <= 0x20)
    p++;
  for (; *p && *p != ':' && n < sizeof scheme - 1; p++) {
    if (*p == '\t' || *p == '\n' || *p == '\r') continue;
    if (*p == '/' || *p == '?' || *p == '#') return true; /* relative URL, no scheme */
    scheme[n++] = (char)tolower((unsigned char)*p);
  }
  if (*p != ':') return true; /* no scheme (or an absurdly long one that no browser runs) */
  scheme[n] = '\0';
  if (strcmp(scheme, "javascript") == 0 || strcmp(scheme, "vbscript") == 0 ||
      strcmp(scheme, "livescript") == 0)
    return false;
  if (strcmp(scheme, "data") == 0) {
    p++;
    while (*p == ' ' || *p == '\t')
      p++;
    return strncasecmp(p, "image/", 6) == 0;
  }
  return true;
}

static bool is_hex(char ch) {
  return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f');
}

void cb_url_clean(cb_buf *out, const char *url) {
  bool in_fragment = false;
  /* `[` `]` belong only in the host (an IPv6 address), after a scheme's `://` or a leading
   * `//`: elsewhere they are encoded (`[x](https://y)` as a whole destination has no host) */
  const char *auth = strstr(url, "://"), *auth_end = NULL;
  for (const char *q = url; auth && q < auth; q++)
    if (!(isalpha((unsigned char)*q) ||
          (q > url && (isdigit((unsigned char)*q) || *q == '+' || *q == '-' || *q == '.'))))
      auth = NULL;
  if (auth == url) auth = NULL;
  if (auth)
    auth += 3;
  else if (strncmp(url, "//", 2) == 0)
    auth = url + 2;
  if (auth) auth_end = auth + strcspn(auth, "/?#");
  for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
    unsigned char ch = *p;
    bool in_host = auth && (const char *)p >= auth && (const char *)p < auth_end;
    bool bad = ch <= 0x20 || ch == 0x7f || strchr("\"<>\\^`{|}", ch) != NULL ||
               (ch == '%' && !(is_hex((char)p[1]) && is_hex((char)p[2]))) ||
               (ch == '#' && in_fragment) || ((ch == '[' || ch == ']') && !in_host);
    if (ch == '#') in_fragment = true;
    if (bad)
      cb_buf_printf(out, "%%%02X", ch);
    else
      cb_buf_putc(out, (char)ch);
  }
}

/* ---- the sanitiser ------------------------------------------------------------------------ */

typedef struct san {
  cb_buf *out;
  bool xhtml;
  cb_diag *d;
  cb_pos pos;
  bool phrasing;       /* the element being written is in phrasing content (see write_element) */
  char warned[16][48]; /* removal messages already given for this fragment */
  size_t n_warned;
  cb_html_san_hooks h; /* the caller's (see html_sanitize.h) */
} san;

static void warn_once(san *s, const char *what, const char *name) {
  /* The key (kind + name, each cut to fit) is only used to tell repeats apart.  It is built in
   * the next free slot (or a spare one when all are taken) and kept if it is new. */
  const size_t cap = sizeof s->warned / sizeof *s->warned;
  char spare[sizeof s->warned[0]];
  char *key = s->n_warned < cap ? s->warned[s->n_warned] : spare;
  snprintf(key, sizeof spare, "%.23s %.23s", what, name);
  for (size_t i = 0; i < s->n_warned; i++)
    if (strcmp(s->warned[i], key) == 0) return;
  if (key != spare) s->n_warned++;
  cb_warn(s->d, s->pos, "raw HTML: removed %s %s", what, name);
}

static bool name_in(const char *name, const char *const *list) {
  for (; *list; list++)
    if (strcmp(name, *list) == 0) return true;
  return false;
}

static const char *const dropped_elements[] = {
    "script", "style",    "iframe",   "frame",    "frameset", "object", "embed",  "applet", "input",
    "select", "textarea", "option",   "optgroup", "datalist", "meta",   "link",   "base",   "title",
    "svg",    "math",     "template", "noscript", "param",    "portal", "keygen", NULL};

static const char *const void_elements[] = {"area",   "br",    "col", "hr", "img",
                                            "source", "track", "wbr", NULL};

/* HTML5 void elements libxml2's (HTML 4) parser may treat as containers, swallowing what
 * follows them: their "children" are really their following siblings. */
static const char *const html5_void[] = {"area",   "base",  "br",     "col",  "embed", "hr",
                                         "img",    "input", "keygen", "link", "meta",  "param",
                                         "source", "track", "wbr",    NULL};

static const char *const url_attributes[] = {
    "href",     "src",    "action",     "formaction", "poster", "background", "cite",
    "longdesc", "usemap", "xlink:href", "data",       "srcset", "ping",       NULL};

/* Renames keeping the content: obsolete elements the W3C checker rejects in HTML5. */
static const char *renamed(const char *name) {
  static const char *const map[][2] = {{"center", "div"}, {"font", "span"},    {"big", "span"},
                                       {"tt", "code"},    {"strike", "s"},     {"acronym", "abbr"},
                                       {"blink", "span"}, {"marquee", "span"}, {NULL, NULL}};
  for (size_t i = 0; map[i][0]; i++)
    if (strcmp(name, map[i][0]) == 0) return map[i][1];
  return name;
}

static bool valid_attr_name(const char *n) {
  if (!*n) return false;
  for (const char *p = n; *p; p++) {
    unsigned char c = (unsigned char)*p;
    /* ASCII letters, digits, '-', '_', '.': conservative, so the name is valid in both HTML
     * and XML (no namespaced names: HTML5 rejects them). */
    if (!(isalnum(c) || c == '-' || c == '_' || c == '.')) return false;
  }
  return isalpha((unsigned char)n[0]) || n[0] == '_';
}

bool cb_html_style_is_safe(const char *v) {
  static const char *const bad[] = {"url(",        "expression",   "@import", "behavior",
                                    "javascript:", "-moz-binding", NULL};
  /* Compare on a lowercased copy without whitespace/backslashes (CSS escapes hide words). */
  char buf[512];
  size_t n = 0;
  for (const char *p = v; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (isspace(c) || c == '\\') continue;
    if (n + 1 >= sizeof buf) return false; /* absurdly long inline style: not worth the risk */
    buf[n++] = (char)tolower(c);
  }
  buf[n] = '\0';
  for (size_t i = 0; bad[i]; i++)
    if (strstr(buf, bad[i])) return false;
  return true;
}

static void put_str(cb_buf *out, const char *s) {
  cb_html_escape(out, s, strlen(s));
}

/* A style attribute's declarations, written escaped; those a browser ignores in a standards
 * document (and the Nu checker rejects) are left out: no colon, an empty name or value, a
 * bare number other than 0 where CSS wants a length (`font-size:2`), a `#` colour of another
 * length than 3, 4, 6 or 8 hex digits. */
static void put_style(cb_buf *out, const char *v) {
  static const char *const unitless[] = {"line-height", "opacity",   "z-index",     "font-weight",
                                         "flex",        "flex-grow", "flex-shrink", "order",
                                         "orphans",     "widows",    "zoom",        "column-count",
                                         "tab-size",    NULL};
  bool first = true;
  for (const char *d = v; *d;) {
    const char *e = strchr(d, ';');
    if (!e) e = d + strlen(d);
    const char *colon = memchr(d, ':', (size_t)(e - d));
    const char *n0 = d, *n1 = colon ? colon : e, *v0 = colon ? colon + 1 : e, *v1 = e;
    while (n0 < n1 && isspace((unsigned char)*n0))
      n0++;
    while (n1 > n0 && isspace((unsigned char)n1[-1]))
      n1--;
    while (v0 < v1 && isspace((unsigned char)*v0))
      v0++;
    while (v1 > v0 && isspace((unsigned char)v1[-1]))
      v1--;
    bool ok = colon && n1 > n0 && v1 > v0;
    if (ok) {
      const char *q = v0;
      bool num = true, nonzero = false;
      for (; q < v1 && num; q++) {
        num = isdigit((unsigned char)*q) || *q == '.';
        nonzero |= *q >= '1' && *q <= '9';
      }
      char name[24];
      size_t nl = (size_t)(n1 - n0) < sizeof name - 1 ? (size_t)(n1 - n0) : sizeof name - 1;
      for (size_t k = 0; k < nl; k++)
        name[k] = (char)tolower((unsigned char)n0[k]);
      name[nl] = 0;
      if (num && nonzero && !name_in(name, unitless)) ok = false;
      for (q = v0; q < v1 && ok; q++) { /* a hex colour of 3, 4, 6 or 8 digits (`#bccd6da`: no) */
        if (*q != '#') continue;
        size_t h = 0;
        while (q + 1 + h < v1 && isalnum((unsigned char)q[1 + h]))
          h++;
        bool hex = true;
        for (size_t k = 0; k < h; k++)
          hex = hex && isxdigit((unsigned char)q[1 + k]);
        ok = hex && (h == 3 || h == 4 || h == 6 || h == 8);
      }
    }
    if (ok) {
      if (!first) cb_buf_puts(out, "; ");
      cb_html_escape(out, n0, (size_t)(n1 - n0));
      cb_buf_puts(out, ": ");
      cb_html_escape(out, v0, (size_t)(v1 - v0));
      first = false;
    }
    d = *e ? e + 1 : e;
  }
}

/* HTML 4's presentational attributes the HTML5/EPUB schemas reject (width on a column, align
 * on a cell, …): the CSS property that says the same, or NULL when the attribute is fine here.
 * The value is checked for plain lengths and keywords; anything else is dropped. */
static const char *presentational(const char *el, const char *attr, const char *v, char *css,
                                  size_t cap) {
  static const char *const cells[] = {"col", "colgroup", "table", "td", "th", "tr", NULL};
  static const char *const aligned[] = {"td", "th", "tr", "div",     "p",   "h1",       "h2", "h3",
                                        "h4", "h5", "h6", "caption", "col", "colgroup", NULL};
  bool size = (strcmp(attr, "width") == 0 || strcmp(attr, "height") == 0) && name_in(el, cells);
  bool align = strcmp(attr, "align") == 0 && name_in(el, aligned);
  bool valign = strcmp(attr, "valign") == 0 && name_in(el, cells);
  size_t k = 0, n = strlen(v);
  if (strcmp(attr, "color") == 0 && strcmp(el, "font") == 0) { /* a name or #rgb / #rrggbb */
    bool hex = n && v[0] == '#' && (n == 4 || n == 7);
    for (k = hex; k < n && n <= 20; k++)
      if (!(hex ? isxdigit((unsigned char)v[k]) : isalpha((unsigned char)v[k]))) return "";
    if (!n || n > 20) return "";
    snprintf(css, cap, "color: %s", v);
    return css;
  }
  if (!size && !align && !valign) return NULL;
  if (size) {
    while (k < n && isdigit((unsigned char)v[k]))
      k++;
    bool pct = k < n && v[k] == '%' && k + 1 == n;
    if (!k || (k < n && !pct) || k > 6) return "";
    snprintf(css, cap, "%s: %.*s%s", attr, (int)k, v, pct ? "%" : "px");
  } else {
    if (!n || n > 10) return "";
    char kw[11];
    for (; k < n; k++) {
      if (!isalpha((unsigned char)v[k])) return "";
      kw[k] = (char)tolower((unsigned char)v[k]);
    }
    kw[n] = '\0';
    static const char *const aligns[] = {"left", "right", "center", "justify", NULL};
    static const char *const valigns[] = {"top", "middle", "bottom", "baseline", NULL};
    if (!name_in(kw, align ? aligns : valigns)) return ""; /* `centre`: not CSS, dropped */
    snprintf(css, cap, "%s: %s", align ? "text-align" : "vertical-align", kw);
  }
  return css;
}

/* Is the element written as out_name one with no role of its own (ARIA's generic: a div, a
 * span, a link with no address, ...) and no role attribute?  An author's menu markup puts
 * aria-expanded, aria-labelledby and the like there, which such an element may not have. */
static bool generic_role(xmlNodePtr el, const char *out_name, bool unlinked) {
  static const char *const generic[] = {"div", "span", "b",    "i",   "u", "small", "bdi",
                                        "bdo", "data", "samp", "pre", "q", NULL};
  xmlChar *role = xmlGetProp(el, BAD_CAST "role");
  bool has_role = role && *role;
  xmlFree(role);
  if (has_role) return false;
  if (strcmp(out_name, "a") != 0) return name_in(out_name, generic);
  xmlChar *h = xmlGetProp(el, BAD_CAST "href");
  bool link = h && !unlinked && cb_url_is_safe((const char *)h);
  xmlFree(h);
  return !link;
}

/* An ARIA attribute any element may have, but for naming (which a generic one may not). */
static bool aria_global(const char *lname) {
  static const char *const global[] = {
      "aria-atomic",      "aria-busy",        "aria-controls", "aria-current",
      "aria-describedby", "aria-description", "aria-details",  "aria-errormessage",
      "aria-flowto",      "aria-hidden",      "aria-invalid",  "aria-keyshortcuts",
      "aria-live",        "aria-owns",        "aria-relevant", NULL};
  return name_in(lname, global);
}

/* src_override: the value to write for src (NULL = as parsed). */
static void write_attrs(san *s, xmlNodePtr el, const char *out_name, const char *src_override,
                        bool unlinked, const char *block_css) {
  /* presentational attributes become one style declaration, merged into the element's own
   * style attribute if it has a safe one */
  cb_buf css = CB_BUF_INIT;
  const char *ename = (const char *)el->name;
  if (block_css) cb_buf_puts(&css, block_css);
  if (strcmp(ename, "center") == 0) /* what the obsolete element did */
    cb_buf_puts(&css, css.len ? "; text-align: center" : "text-align: center");
  for (xmlAttrPtr a = el->properties; a; a = a->next) {
    char lname[16], decl[64];
    const char *name = (const char *)a->name;
    size_t n = strlen(name);
    if (n >= sizeof lname) continue;
    for (size_t i = 0; i <= n; i++)
      lname[i] = (char)tolower((unsigned char)name[i]);
    xmlChar *val = xmlNodeListGetString(el->doc, a->children, 1);
    const char *p = presentational(ename, lname, val ? (const char *)val : "", decl, sizeof decl);
    if (p && *p) {
      if (css.len) cb_buf_puts(&css, "; ");
      cb_buf_puts(&css, p);
    }
    xmlFree(val);
  }
  bool generic = generic_role(el, out_name, unlinked);
  for (xmlAttrPtr a = el->properties; a; a = a->next) {
    char lname[64];
    const char *name = (const char *)a->name;
    size_t n = strlen(name);
    if (n >= sizeof lname) {
      warn_once(s, "attribute", "(over-long name)");
      continue;
    }
    for (size_t i = 0; i <= n; i++)
      lname[i] = (char)tolower((unsigned char)name[i]);
    if (!valid_attr_name(lname) || strcmp(lname, "xmlns") == 0 ||
        strncmp(lname, "xmlns:", 6) == 0) {
      warn_once(s, "attribute", "with an invalid name");
      continue;
    }
    if (strncmp(lname, "on", 2) == 0) {
      warn_once(s, "event-handler attribute", lname);
      continue;
    }
    if (generic && strncmp(lname, "aria-", 5) == 0 && !aria_global(lname)) {
      warn_once(s, "attribute (on an element with no role)", lname);
      continue;
    }
    if (unlinked &&
        (strcmp(lname, "href") == 0 || strcmp(lname, "target") == 0 || strcmp(lname, "rel") == 0 ||
         strcmp(lname, "download") == 0 || strcmp(lname, "hreflang") == 0 ||
         strcmp(lname, "type") == 0 || strcmp(lname, "ping") == 0))
      continue; /* a link the caller refused, written as a span */
    xmlChar *val = xmlNodeListGetString(el->doc, a->children, 1);
    const char *v = val ? (const char *)val : "";
    bool keep = true;
    char decl[64];
    if (presentational(ename, lname, v, decl, sizeof decl)) {
      keep = false; /* written as CSS (see above) */
    } else if (strcmp(lname, "style") == 0 && css.len && cb_html_style_is_safe(v)) {
      cb_buf_puts(s->out, " style=\""); /* (the author's own declarations win: last) */
      put_str(s->out, css.data);
      cb_buf_puts(s->out, "; ");
      put_style(s->out, v);
      cb_buf_putc(s->out, '"');
      cb_buf_clear(&css);
      keep = false;
    } else if (src_override && strcmp(lname, "src") == 0) {
      cb_buf_puts(s->out, " src=\"");
      put_str(s->out, src_override);
      cb_buf_putc(s->out, '"');
      keep = false;
    } else if (name_in(lname, url_attributes)) {
      if (strcmp(lname, "href") == 0 && s->h.rewrite_href && cb_url_is_safe(v))
        v = s->h.rewrite_href(s->h.ud, v, s->pos);
      if (!v) {
        /* left out by the caller (it says why) */
      } else if (!cb_url_is_safe(v)) {
        warn_once(s, "unsafe URL in attribute", lname);
      } else if (strcmp(lname, "srcset") != 0 && strcmp(lname, "ping") != 0) {
        /* One URL: written cleaned (spaces and the like percent-encoded). */
        cb_buf u = CB_BUF_INIT;
        cb_url_clean(&u, v);
        cb_buf_printf(s->out, " %s=\"", lname);
        put_str(s->out, u.data ? u.data : "");
        cb_buf_putc(s->out, '"');
        cb_buf_free(&u);
      }
      keep = false;
    } else if (strcmp(lname, "style") == 0 && !cb_html_style_is_safe(v)) {
      warn_once(s, "attribute", "style (it could load or run something)");
      keep = false;
    } else if (strcmp(lname, "markdown") == 0) {
      keep = false; /* a kramdown processing hint, never output */
    } else if (strcmp(lname, "id") == 0 && cb_html_attr_value_ok("id", v) && s->h.claim_id &&
               !s->h.claim_id(s->h.ud, v)) {
      warn_once(s, "duplicate id", v); /* the document has it already */
      keep = false;
    } else if (strcmp(lname, "name") == 0 && strcmp(out_name, "a") == 0) {
      /* HTML 4's anchor `<a name=x>`: its id in HTML5 (unless it has one) */
      xmlChar *id = xmlGetProp(el, BAD_CAST "id");
      if (!id && cb_html_attr_value_ok("id", v) && (!s->h.claim_id || s->h.claim_id(s->h.ud, v))) {
        cb_buf_puts(s->out, " id=\"");
        put_str(s->out, v);
        cb_buf_putc(s->out, '"');
      }
      xmlFree(id);
      keep = false;
    } else if (!cb_html_attr_allowed(out_name, lname)) {
      warn_once(s, "attribute", lname); /* not HTML5 on this element: checkers reject it */
      keep = false;
    } else if (val && !cb_html_attr_value_ok(lname, v)) {
      warn_once(s, "invalid value of attribute", lname);
      keep = false;
    }
    if (keep && strcmp(lname, "style") == 0) {
      cb_buf_puts(s->out, " style=\"");
      put_style(s->out, v);
      cb_buf_putc(s->out, '"');
    } else if (keep) {
      cb_buf_putc(s->out, ' ');
      cb_buf_puts(s->out, lname);
      cb_buf_puts(s->out, "=\"");
      /* Boolean attributes written bare in HTML get their own name (polyglot form). */
      put_str(s->out, val ? v : lname);
      cb_buf_putc(s->out, '"');
    }
    xmlFree(val);
  }
  if (css.len) { /* no style attribute of its own to merge into */
    cb_buf_puts(s->out, " style=\"");
    put_str(s->out, css.data);
    cb_buf_putc(s->out, '"');
  }
  cb_buf_free(&css);
}

static void write_nodes(san *s, xmlNodePtr n, int depth);

/* A part of a table, list or definition list outside one (a row a layout would have put in
 * its table): HTML does not allow it there; its content is kept.  (A summary or figcaption
 * may be written alone: the container around it is the model's, outside this fragment.) */
static bool misplaced(xmlNodePtr el, const char *name) {
  static const char *const table_parts[] = {"tr",    "td",      "th",  "thead",    "tbody",
                                            "tfoot", "caption", "col", "colgroup", NULL};
  static const struct {
    const char *child, *parents[4];
  } parts[] = {{"li", {"ul", "ol", "menu", NULL}}, {"dd", {"dl", NULL}}, {"dt", {"dl", NULL}}};
  if (strcmp(name, "table") == 0) { /* a table right in a table (not in a cell) */
    const char *pn = el->parent && el->parent->type == XML_ELEMENT_NODE && el->parent->name
                         ? (const char *)el->parent->name
                         : "";
    static const char *const table_ctx[] = {"table", "tbody", "thead", "tfoot", "tr", NULL};
    return name_in(pn, table_ctx);
  }
  if (name_in(name, table_parts)) {
    for (xmlNodePtr p = el->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
      if (p->name && strcmp((const char *)p->name, "table") == 0) return false;
    return true;
  }
  for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
    if (strcmp(name, parts[i].child) != 0) continue;
    const char *pn = el->parent && el->parent->type == XML_ELEMENT_NODE && el->parent->name
                         ? (const char *)el->parent->name
                         : "";
    return !name_in(pn, parts[i].parents);
  }
  return false;
}

/* Any tr below n (not inside a nested table), looked for a bounded depth down. */
static bool has_row(xmlNodePtr n, int depth) {
  for (; n && depth < 4; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || !n->name) continue;
    const char *nm = (const char *)n->name;
    if (strcmp(nm, "tr") == 0) return true;
    if (strcmp(nm, "table") != 0 && has_row(n->children, depth + 1)) return true;
  }
  return false;
}

static bool is_media(const char *name) {
  return strcmp(name, "video") == 0 || strcmp(name, "audio") == 0;
}

/* Flow-only elements whose content a span shown as a block can hold (no parts of their own
 * but a caption or summary, which become spans too): written so in phrasing content. */
static const char *const boxes[] = {"div",        "p",      "figure",  "figcaption", "details",
                                    "summary",    "dialog", "section", "article",    "aside",
                                    "header",     "footer", "nav",     "main",       "address",
                                    "blockquote", "hgroup", "search",  NULL};

/* Any flow-only element (div, p, a heading, a list, …) below n, looked for a bounded depth. */
static bool holds_blocks(xmlNodePtr n, int depth) {
  static const char *const others[] = {"h1", "h2", "h3",    "h4",  "h5", "h6",   "ul",
                                       "ol", "dl", "table", "pre", "hr", "form", NULL};
  for (; n && depth < 16; n = n->next)
    if (n->type == XML_ELEMENT_NODE && n->name &&
        (name_in((const char *)n->name, boxes) || name_in((const char *)n->name, others) ||
         holds_blocks(n->children, depth + 1)))
      return true;
  return false;
}

/* Is the first of these nodes that is not white space a summary element? */
static bool summary_first(xmlNodePtr n) {
  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE)
      return n->name && strcmp((const char *)n->name, "summary") == 0;
    if (n->type == XML_TEXT_NODE && n->content &&
        n->content[strspn((const char *)n->content, " \t\r\n\f")])
      return false;
  }
  return false;
}

bool cb_html_phrasing_only(const char *name) {
  static const char *const phrasing_only[] = {
      "abbr",   "b",      "bdi", "bdo", "big",   "cite", "code", "data", "del",  "dfn",   "em",
      "font",   "i",      "ins", "kbd", "label", "mark", "q",    "s",    "samp", "small", "span",
      "strike", "strong", "sub", "sup", "time",  "tt",   "u",    "var",  NULL};
  return name_in(name, phrasing_only);
}

static void write_element(san *s, xmlNodePtr el, int depth) {
  const char *name = (const char *)el->name;
  if (!name || !valid_attr_name(name)) {
    warn_once(s, "element with an invalid name", "");
    write_nodes(s, el->children, depth + 1);
    return;
  }
  if (name_in(name, dropped_elements)) {
    warn_once(s, "element", name);
    if (name_in(name, html5_void)) write_nodes(s, el->children, depth + 1);
    return;
  }
  if (strcmp(name, "button") == 0 || strcmp(name, "form") == 0) {
    /* a handout has no controls, but a button's label is text (a link styled as a button),
     * and so is what a form says around its controls (their labels) */
    warn_once(s, "element (its text kept)", name);
    write_nodes(s, el->children, depth + 1);
    return;
  }
  if (strcmp(name, "html") == 0 || strcmp(name, "body") == 0 || strcmp(name, "head") == 0 ||
      misplaced(el, name)) {
    write_nodes(s, el->children, depth + 1); /* stray tags: keep the content */
    return;
  }
  name = renamed(name);
  if (strcmp(name, "details") == 0 && !summary_first(el->children))
    name = "div"; /* HTML requires the summary (kramdown shows a `<summary>` in text as text) */
  /* in running text a flow-only element kramdown let through (<center>, <figure>,
   * <details>) would end the paragraph in a browser and fail the checker: a span shown as a
   * block says the same */
  static const char *const hn[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
  const char *block_css = NULL;
  if (s->phrasing && name_in(name, hn)) /* (a heading there: bold, as it looked) */
    block_css = "display: block; font-weight: bold";
  else if (s->phrasing && name_in(name, boxes))
    block_css = "display: block";
  if (block_css) name = "span";
  /* and an author's span around headings or paragraphs, where a block may stand, is the
   * div it acts as (a span may hold phrasing content only) */
  if (!s->phrasing && strcmp(name, "span") == 0 && holds_blocks(el->children, 0)) name = "div";
  if (s->h.heading_level && name_in(name, hn)) {
    int lv = s->h.heading_level(s->h.ud, name[1] - '0');
    if (lv >= 1 && lv <= 6) name = hn[lv - 1];
  }
  if (strcmp(name, "table") == 0 && !has_row(el->children, 0)) {
    write_nodes(s, el->children, depth + 1); /* a table used for layout, with no row */
    return;
  }
  if (s->xhtml && is_media(name)) {
    /* an EPUB holds no media it did not package (epubcheck MED-002): the fallback content
     * stays, the element goes (and its source and track, allowed only in it) */
    warn_once(s, "element (not in the EPUB)", name);
    write_nodes(s, el->children, depth + 1);
    return;
  }
  if (s->xhtml && (strcmp(name, "source") == 0 || strcmp(name, "track") == 0) && el->parent &&
      el->parent->name && is_media((const char *)el->parent->name))
    return;
  if (!cb_html_known_element(name)) { /* `<large>`, a template's own tags: content kept */
    warn_once(s, "unknown element", name);
    write_nodes(s, el->children, depth + 1);
    return;
  }
  const char *src = NULL;
  if (s->h.rewrite_src && strcmp(name, "img") == 0) {
    xmlChar *u = xmlGetProp(el, BAD_CAST "src");
    xmlChar *alt = xmlGetProp(el, BAD_CAST "alt");
    const char *altz = alt ? (const char *)alt : "";
    if (u && cb_url_is_safe((const char *)u))
      src = s->h.rewrite_src(s->h.ud, (const char *)u, altz, s->pos);
    if (!src) {
      /* as the writer's own placeholder: the alt text, and a remote image's address as text
       * (the element may sit in a link, and links do not nest) */
      cb_buf_puts(s->out, *altz ? "<span class=\"image-placeholder\">"
                                : "<span class=\"image-placeholder image-placeholder--no-alt\">");
      put_str(s->out, *altz ? altz : "image");
      const char *uz = u ? (const char *)u : "";
      if (cb_url_is_safe(uz) &&
          (strncmp(uz, "https://", 8) == 0 || strncmp(uz, "http://", 7) == 0)) {
        cb_buf_puts(s->out, " <span class=\"image-placeholder__url\">");
        put_str(s->out, uz);
        cb_buf_puts(s->out, "</span>");
      }
      cb_buf_puts(s->out, "</span>");
    }
    xmlFree(u);
    xmlFree(alt);
    if (!src) return;
  }
  /* a link whose target the caller refuses (the EPUB: nothing in the book by that name)
   * becomes a span: an a with target but no href is invalid there */
  bool unlinked = false;
  if (s->h.rewrite_href && strcmp(name, "a") == 0) {
    xmlChar *h = xmlGetProp(el, BAD_CAST "href");
    if (h && cb_url_is_safe((const char *)h) &&
        !s->h.rewrite_href(s->h.ud, (const char *)h, s->pos)) {
      unlinked = true;
      /* a link around blocks (a card) is a div then: a span may hold phrasing only */
      name = holds_blocks(el->children, 0) ? "div" : "span";
    }
    xmlFree(h);
  }
  size_t at = s->out->len;
  cb_buf_putc(s->out, '<');
  cb_buf_puts(s->out, name);
  write_attrs(s, el, name, src, unlinked, block_css);
  if (strcmp(name, "a") == 0 && s->out->len == at + 2) {
    /* a link left with no attribute (its unsafe address removed) is text in a span: the
     * EPUB's schema wants an attribute on an `a` */
    s->out->len = at;
    cb_buf_puts(s->out, "<span");
    name = "span";
  }
  if (name_in(name, void_elements)) {
    cb_buf_puts(s->out, "/>");
    write_nodes(s, el->children, depth + 1);
    return;
  }
  cb_buf_putc(s->out, '>');
  /* (its content is phrasing content too if it is a span or the like; a link's is its
   * parent's) */
  bool outer = s->phrasing;
  if (strcmp(name, "a") != 0) s->phrasing = cb_html_phrasing_only(name);
  write_nodes(s, el->children, depth + 1);
  s->phrasing = outer;
  cb_buf_puts(s->out, "</");
  cb_buf_puts(s->out, name);
  cb_buf_putc(s->out, '>');
}

static void write_nodes(san *s, xmlNodePtr n, int depth) {
  if (depth > 256) { /* libxml2 limits depth too; this keeps our recursion bounded */
    warn_once(s, "content nested", "too deeply");
    return;
  }
  for (; n; n = n->next) {
    switch (n->type) {
    case XML_ELEMENT_NODE: write_element(s, n, depth); break;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (n->content) put_str(s->out, (const char *)n->content);
      break;
    case XML_ENTITY_REF_NODE:
      /* The HTML parser resolves entities; an unknown one stays as literal text. */
      cb_buf_puts(s->out, "&amp;");
      if (n->name) put_str(s->out, (const char *)n->name);
      cb_buf_putc(s->out, ';');
      break;
    default: break; /* comments, PIs, doctype */
    }
  }
}

/* Content HTML does not allow directly in a list, a definition list or a table's parts
 * (text, a <p> or a <br> between the items, as pasted HTML or a list never closed leaves
 * them; text kramdown left in a table, `&lt;th width=5%&gt;`).  A browser shows it in place,
 * or (in a table) before the table; it is moved so: into the item before it, else before the
 * element.  (A table with no row is unwrapped as a layout table: its content stays.) */
static bool stray_child(const char *parent, xmlNodePtr c, bool rows) {
  static const char *const list_items[] = {"li", "script", "template", NULL};
  static const char *const dl_items[] = {"dt", "dd", "div", "script", "template", NULL};
  /* (a table right in a table is unwrapped by misplaced(), its rows kept) */
  static const char *const table_items[] = {"caption", "colgroup", "col",    "thead",    "tbody",
                                            "tfoot",   "tr",       "script", "template", "form",
                                            "style",   "table",    NULL};
  static const char *const group_items[] = {"tr",    "script", "template", "form",
                                            "style", "table",  NULL};
  static const char *const row_items[] = {"td",   "th",    "script", "template",
                                          "form", "style", "table",  NULL};
  static const char *const lists[] = {"ul", "ol", "menu", NULL};
  static const char *const groups[] = {"thead", "tbody", "tfoot", NULL};
  bool table = strcmp(parent, "table") == 0 || name_in(parent, groups) || strcmp(parent, "tr") == 0;
  if (table && !rows) return false;
  if (c->type == XML_TEXT_NODE)
    return c->content && c->content[strspn((const char *)c->content, " \t\r\n\f")] &&
           (table || name_in(parent, lists) || strcmp(parent, "dl") == 0);
  if (c->type != XML_ELEMENT_NODE || !c->name) return false;
  const char *n = (const char *)c->name;
  if (name_in(parent, lists)) return !name_in(n, list_items);
  if (strcmp(parent, "dl") == 0) return !name_in(n, dl_items);
  if (strcmp(parent, "table") == 0) return !name_in(n, table_items);
  if (name_in(parent, groups)) return !name_in(n, group_items);
  if (strcmp(parent, "tr") == 0) return !name_in(n, row_items);
  return false;
}

static void place_strays(xmlNodePtr el, int depth);

static void place_strays_in(xmlNodePtr el, int depth) {
  static const char *const tables[] = {"table", "thead", "tbody", "tfoot", "tr", NULL};
  const char *name = (const char *)el->name;
  bool table = name_in(name, tables), rows = false;
  if (table) { /* (does the table around, or this one, have a row?) */
    xmlNodePtr t = el;
    while (strcmp((const char *)t->name, "table") != 0 && t->parent && t->parent->name &&
           name_in((const char *)t->parent->name, tables))
      t = t->parent;
    rows = has_row(t->children, 0);
  }
  xmlNodePtr item = NULL; /* the last allowed child so far */
  for (xmlNodePtr c = el->children, next; c; c = next) {
    next = c->next;
    if (!stray_child(name, c, rows)) {
      if (c->type == XML_ELEMENT_NODE) item = c;
      continue;
    }
    xmlUnlinkNode(c);
    if (item && !table) {
      xmlAddChild(item, c); /* (may merge c into a text node there: not used after) */
    } else {
      xmlNodePtr top = el; /* before the table itself, as browsers foster it */
      while (table && top->parent && top->parent->name &&
             name_in((const char *)top->parent->name, tables))
        top = top->parent;
      bool element = c->type == XML_ELEMENT_NODE && c->name;
      xmlAddPrevSibling(top, c); /* (a text node may merge there: not used after) */
      if (element && depth < 256) place_strays_in(c, depth + 1);
    }
  }
  place_strays(el->children, depth + 1);
}

static void place_strays(xmlNodePtr el, int depth) {
  for (; el && depth < 256; el = el->next)
    if (el->type == XML_ELEMENT_NODE && el->name) place_strays_in(el, depth);
}

void cb_html_sanitize(const char *html, size_t len, bool xhtml, cb_buf *out, cb_diag *d,
                      cb_pos pos) {
  cb_html_san_hooks none = {0};
  cb_html_sanitize_hooks(html, len, xhtml, out, d, pos, &none);
}

void cb_html_sanitize_hooks(const char *html, size_t len, bool xhtml, cb_buf *out, cb_diag *d,
                            cb_pos pos, const cb_html_san_hooks *hooks) {
  if (!html || !len) return;
  /* Parse inside an explicit body so a fragment is taken as body content (text stays text,
   * <td> without a table is dropped by the parser as a browser would). */
  static const char pre[] = "<!DOCTYPE html><html><body>";
  cb_buf src = CB_BUF_INIT;
  cb_buf_put(&src, pre, sizeof pre - 1);
  if (cb_utf8_check(html, len) == len) {
    cb_buf_put(&src, html, len);
  } else {
    /* The model holds valid UTF-8, but the parser would pass stray bytes through into
     * markup that must be well-formed: replace them with U+FFFD. */
    for (size_t i = 0; i < len;) {
      char enc[4];
      size_t n;
      cb_utf8_encode(cb_utf8_next(html, len, &i), enc, &n);
      cb_buf_put(&src, enc, n);
    }
  }
  if (src.len > (size_t)0x7fffffff) {
    cb_warn(d, pos, "raw HTML block too large; dropped");
    cb_buf_free(&src);
    return;
  }
  htmlDocPtr doc = htmlReadMemory(src.data, (int)src.len, NULL, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                      HTML_PARSE_NODEFDTD);
  cb_buf_free(&src);
  if (!doc) {
    cb_warn(d, pos, "raw HTML could not be parsed; dropped");
    return;
  }
  san s = {
      .out = out, .xhtml = xhtml, .d = d, .pos = pos, .h = *hooks, .phrasing = hooks->phrasing};
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (root) place_strays(root->children, 0);
  /* Everything the parser put in head (e.g. a leading <style>/<meta>) is reported too. */
  if (root) write_nodes(&s, root->children, 0);
  xmlFreeDoc(doc);
}
