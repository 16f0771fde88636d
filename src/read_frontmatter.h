/* YAML scalar typing shared by the front matter parser and -M overrides. */
#ifndef CB_READ_FRONTMATTER_H
#define CB_READ_FRONTMATTER_H

#include <stddef.h>

#include "coursebook/model.h"

/* Type a plain (unquoted) YAML scalar s[0..n) as Ruby's Psych does (YAML 1.1 rules, as Jekyll
 * sees front matter): null, bool, number (int/float/sexagesimal/.inf/.nan), date, timestamp,
 * else string.  Sets m->type and the matching value field; m->str is left to the caller. */
void cb_yaml_resolve_plain(cb_meta *m, const char *s, size_t n);

#endif
