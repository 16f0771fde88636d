/* The named character references kramdown knows: HTML 4.01's set (as Python's
 * html.entities.name2codepoint lists it) with `apos` and `vellip`.  cmark-gfm decodes all of
 * HTML5's; an entity kramdown does not know (`&dash;`) stays text on the Jekyll site. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "coursebook/text.h"
#include "read_internal.h"

static const char *const names[] = {
    "AElig",   "Aacute",  "Acirc",  "Agrave", "Alpha",   "Aring",    "Atilde", "Auml",   "Beta",
    "Ccedil",  "Chi",     "Dagger", "Delta",  "ETH",     "Eacute",   "Ecirc",  "Egrave", "Epsilon",
    "Eta",     "Euml",    "Gamma",  "Iacute", "Icirc",   "Igrave",   "Iota",   "Iuml",   "Kappa",
    "Lambda",  "Mu",      "Ntilde", "Nu",     "OElig",   "Oacute",   "Ocirc",  "Ograve", "Omega",
    "Omicron", "Oslash",  "Otilde", "Ouml",   "Phi",     "Pi",       "Prime",  "Psi",    "Rho",
    "Scaron",  "Sigma",   "THORN",  "Tau",    "Theta",   "Uacute",   "Ucirc",  "Ugrave", "Upsilon",
    "Uuml",    "Xi",      "Yacute", "Yuml",   "Zeta",    "aacute",   "acirc",  "acute",  "aelig",
    "agrave",  "alefsym", "alpha",  "amp",    "and",     "ang",      "apos",   "aring",  "asymp",
    "atilde",  "auml",    "bdquo",  "beta",   "brvbar",  "bull",     "cap",    "ccedil", "cedil",
    "cent",    "chi",     "circ",   "clubs",  "cong",    "copy",     "crarr",  "cup",    "curren",
    "dArr",    "dagger",  "darr",   "deg",    "delta",   "diams",    "divide", "eacute", "ecirc",
    "egrave",  "empty",   "emsp",   "ensp",   "epsilon", "equiv",    "eta",    "eth",    "euml",
    "euro",    "exist",   "fnof",   "forall", "frac12",  "frac14",   "frac34", "frasl",  "gamma",
    "ge",      "gt",      "hArr",   "harr",   "hearts",  "hellip",   "iacute", "icirc",  "iexcl",
    "igrave",  "image",   "infin",  "int",    "iota",    "iquest",   "isin",   "iuml",   "kappa",
    "lArr",    "lambda",  "lang",   "laquo",  "larr",    "lceil",    "ldquo",  "le",     "lfloor",
    "lowast",  "loz",     "lrm",    "lsaquo", "lsquo",   "lt",       "macr",   "mdash",  "micro",
    "middot",  "minus",   "mu",     "nabla",  "nbsp",    "ndash",    "ne",     "ni",     "not",
    "notin",   "nsub",    "ntilde", "nu",     "oacute",  "ocirc",    "oelig",  "ograve", "oline",
    "omega",   "omicron", "oplus",  "or",     "ordf",    "ordm",     "oslash", "otilde", "otimes",
    "ouml",    "para",    "part",   "permil", "perp",    "phi",      "pi",     "piv",    "plusmn",
    "pound",   "prime",   "prod",   "prop",   "psi",     "quot",     "rArr",   "radic",  "rang",
    "raquo",   "rarr",    "rceil",  "rdquo",  "real",    "reg",      "rfloor", "rho",    "rlm",
    "rsaquo",  "rsquo",   "sbquo",  "scaron", "sdot",    "sect",     "shy",    "sigma",  "sigmaf",
    "sim",     "spades",  "sub",    "sube",   "sum",     "sup",      "sup1",   "sup2",   "sup3",
    "supe",    "szlig",   "tau",    "there4", "theta",   "thetasym", "thinsp", "thorn",  "tilde",
    "times",   "trade",   "uArr",   "uacute", "uarr",    "ucirc",    "ugrave", "uml",    "upsih",
    "upsilon", "uuml",    "vellip", "weierp", "xi",      "yacute",   "yen",    "yuml",   "zeta",
    "zwj",     "zwnj",
};

static int cmp(const void *k, const void *e) {
  return strcmp((const char *)k, *(const char *const *)e);
}

bool cb_kd_entity_known(const char *name, size_t n) {
  char buf[16];
  if (n == 0 || n >= sizeof buf) return false;
  memcpy(buf, name, n);
  buf[n] = 0;
  return bsearch(buf, names, sizeof names / sizeof *names, sizeof *names, cmp) != NULL;
}

/* The character(s) an HTML5 named reference stands for, as cmark-gfm (which has HTML5's whole
 * table) decodes it in a paragraph; NULL when it is no reference. */
static char *html5_decode(const char *ref, size_t n, size_t *out_n) {
  char *r = NULL;
  cmark_node *doc = cmark_parse_document(ref, n, CMARK_OPT_DEFAULT);
  cmark_node *p = doc ? cmark_node_first_child(doc) : NULL;
  cmark_node *t = p ? cmark_node_first_child(p) : NULL;
  const char *lit = t && cmark_node_get_type(t) == CMARK_NODE_TEXT && !cmark_node_next(t)
                        ? cmark_node_get_literal(t)
                        : NULL;
  if (lit && strcmp(lit, ref) != 0) {
    *out_n = strlen(lit);
    r = malloc(*out_n + 1);
    if (!r) abort();
    memcpy(r, lit, *out_n + 1);
  }
  if (doc) cmark_node_free(doc);
  return r;
}

const char *cb_html5_refs_numeric(cb_arena *a, const char *s, size_t n, size_t *out_n) {
  cb_buf b = CB_BUF_INIT;
  size_t done = 0;
  for (size_t k = 0; k < n; k++) {
    if (s[k] != '&') continue;
    size_t e = k + 1;
    while (e < n && e - k < 33 &&
           ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z') ||
            (e > k + 1 && s[e] >= '0' && s[e] <= '9')))
      e++;
    if (e == k + 1 || e >= n || s[e] != ';' || cb_kd_entity_known(s + k + 1, e - k - 1)) continue;
    char ref[40];
    snprintf(ref, sizeof ref, "%.*s", (int)(e + 1 - k), s + k);
    size_t dn = 0;
    char *d = html5_decode(ref, e + 1 - k, &dn);
    if (!d) continue;
    cb_buf_put(&b, s + done, k - done);
    for (size_t i = 0; i < dn;) {
      uint32_t cp = cb_utf8_next(d, dn, &i);
      char num[16];
      snprintf(num, sizeof num, "&#x%X;", (unsigned)cp);
      cb_buf_puts(&b, num);
    }
    free(d);
    done = e + 1;
    k = e;
  }
  if (!done) {
    cb_buf_free(&b);
    *out_n = n;
    return s;
  }
  cb_buf_put(&b, s + done, n - done);
  const char *r = cb_strndup(a, b.data, b.len);
  *out_n = b.len;
  cb_buf_free(&b);
  return r;
}
