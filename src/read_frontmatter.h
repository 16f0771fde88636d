/* YAML scalar typing shared by the front matter parser and -M overrides. */
#ifndef CB_READ_FRONTMATTER_H
#define CB_READ_FRONTMATTER_H

#include <stddef.h>

#include "coursebook/diag.h"
#include "coursebook/model.h"

/* Type a plain (unquoted) YAML scalar s[0..n) as Ruby's Psych does (YAML 1.1 rules, as Jekyll
 * sees front matter): null, bool, number (int/float/sexagesimal/.inf/.nan), date, timestamp,
 * else string.  Sets m->type and the matching value field; m->str is left to the caller. */
void cb_yaml_resolve_plain(cb_meta *m, const char *s, size_t n);

/* Parse a whole YAML document src[0..len) (a site's _config.yml, a data file) into a CB_META_MAP
 * with the front matter's typing rules.  Errors are reported as file:line:col; returns -1. */
int cb_yaml_map_parse(cb_arena *a, const char *file, const char *src, size_t len, cb_meta **meta,
                      cb_diag *d);
/* The same for a site's data file (_data/NAME.yml), whose root may be a list or a scalar too. */
int cb_yaml_data_parse(cb_arena *a, const char *file, const char *src, size_t len, cb_meta **meta,
                       cb_diag *d);

#endif
