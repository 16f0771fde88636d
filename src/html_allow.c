/* Which raw HTML elements and attributes a handout or an EPUB may keep: the HTML5 ones that
 * carry content or meaning in a static document.  Course pages copy markup from old sites and
 * templates (`<large>`, `name` on a div, `target` on a td, a layout's data printed into an
 * attribute); the Nu checker and epubcheck reject all of it, so it is dropped here (the
 * element's content is kept) instead of being passed through. */
#include "html_allow.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int cmp(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_sorted(const char *name, const char *const *list, size_t n) {
  return bsearch(&name, list, n, sizeof *list, cmp) != NULL;
}

/* Sorted (bsearch). */
static const char *const elements[] = {
    "a",        "abbr",   "address",    "area",     "article",    "aside",  "audio",  "b",
    "bdi",      "bdo",    "blockquote", "br",       "caption",    "cite",   "code",   "col",
    "colgroup", "data",   "dd",         "del",      "details",    "dfn",    "dialog", "div",
    "dl",       "dt",     "em",         "fieldset", "figcaption", "figure", "footer", "h1",
    "h2",       "h3",     "h4",         "h5",       "h6",         "header", "hgroup", "hr",
    "i",        "img",    "ins",        "kbd",      "label",      "legend", "li",     "main",
    "map",      "mark",   "menu",       "meter",    "nav",        "ol",     "output", "p",
    "picture",  "pre",    "progress",   "q",        "rp",         "rt",     "ruby",   "s",
    "samp",     "search", "section",    "small",    "source",     "span",   "strong", "sub",
    "summary",  "sup",    "table",      "tbody",    "td",         "tfoot",  "th",     "thead",
    "time",     "tr",     "track",      "u",        "ul",         "var",    "video",  "wbr"};

bool cb_html_known_element(const char *name) {
  return in_sorted(name, elements, sizeof elements / sizeof *elements);
}

/* Sorted (bsearch). */
static const char *const global_attrs[] = {"accesskey", "class", "dir",      "hidden",
                                           "id",        "lang",  "role",     "style",
                                           "tabindex",  "title", "translate"};

static const struct {
  const char *el;
  const char *attrs[10];
} element_attrs[] = {
    {"a", {"download", "href", "hreflang", "rel", "target", "type", NULL}},
    {"area", {"alt", "coords", "download", "href", "rel", "shape", "target", NULL}},
    {"audio", {"controls", "loop", "muted", "preload", "src", NULL}},
    {"blockquote", {"cite", NULL}},
    {"col", {"span", NULL}},
    {"colgroup", {"span", NULL}},
    {"data", {"value", NULL}},
    {"del", {"cite", "datetime", NULL}},
    {"details", {"open", NULL}},
    {"dialog", {"open", NULL}},
    {"img",
     {"alt", "decoding", "height", "loading", "sizes", "src", "srcset", "usemap", "width", NULL}},
    {"ins", {"cite", "datetime", NULL}},
    /* (a label's `for` is not kept: the sanitiser removes every form control it could name) */
    {"li", {"value", NULL}},
    {"map", {"name", NULL}},
    {"meter", {"high", "low", "max", "min", "optimum", "value", NULL}},
    {"ol", {"reversed", "start", "type", NULL}},
    {"output", {"for", NULL}},
    {"progress", {"max", "value", NULL}},
    {"q", {"cite", NULL}},
    {"source", {"media", "sizes", "src", "srcset", "type", NULL}},
    {"td", {"colspan", "headers", "rowspan", NULL}},
    {"th", {"abbr", "colspan", "headers", "rowspan", "scope", NULL}},
    {"time", {"datetime", NULL}},
    {"track", {"default", "kind", "label", "src", "srclang", NULL}},
    {"video",
     {"controls", "height", "loop", "muted", "playsinline", "poster", "preload", "src", "width",
      NULL}},
};

bool cb_html_attr_allowed(const char *el, const char *attr) {
  if (strncmp(attr, "data-", 5) == 0 || strncmp(attr, "aria-", 5) == 0) return attr[5] != 0;
  if (in_sorted(attr, global_attrs, sizeof global_attrs / sizeof *global_attrs)) return true;
  for (size_t i = 0; i < sizeof element_attrs / sizeof *element_attrs; i++) {
    if (strcmp(element_attrs[i].el, el) != 0) continue;
    for (const char *const *a = element_attrs[i].attrs; *a; a++)
      if (strcmp(*a, attr) == 0) return true;
    return false;
  }
  return false;
}

/* Attributes whose value HTML5 requires to be a (non-negative / positive) integer. */
bool cb_html_attr_value_ok(const char *attr, const char *v) {
  static const char *const ints[] = {"colspan", "height",   "rowspan", "span",
                                     "start",   "tabindex", "width",   NULL};
  bool is_int = false;
  for (const char *const *a = ints; *a && !is_int; a++)
    is_int = strcmp(*a, attr) == 0;
  if (strcmp(attr, "id") == 0) { /* non-empty, no white space */
    if (!*v) return false;
    for (const char *p = v; *p; p++)
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') return false;
    return true;
  }
  if (strcmp(attr, "target") == 0) { /* a navigable's name: non-empty, `_` only for keywords */
    if (!*v) return false;
    if (*v != '_') return true;
    static const char *const kw[] = {"_blank", "_self", "_parent", "_top", NULL};
    for (const char *const *k = kw; *k; k++)
      if (strcasecmp(*k, v) == 0) return true;
    return false;
  }
  if (!is_int) return true;
  const char *p = v;
  if (*p == '-' && (strcmp(attr, "start") == 0 || strcmp(attr, "tabindex") == 0)) p++;
  if (!*p || strlen(p) > 9) return false;
  for (; *p; p++)
    if (*p < '0' || *p > '9') return false;
  /* colspan, rowspan and span must be positive */
  if ((strcmp(attr, "colspan") == 0 || strcmp(attr, "span") == 0) && atol(v) < 1) return false;
  return true;
}
