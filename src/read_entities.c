/* The named character references kramdown knows: HTML 4.01's set (as Python's
 * html.entities.name2codepoint lists it) with `apos` and `vellip`.  cmark-gfm decodes all of
 * HTML5's; an entity kramdown does not know (`&dash;`) stays text on the Jekyll site. */
#include <stdlib.h>
#include <string.h>

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
