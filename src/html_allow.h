/* HTML5 elements and attributes raw HTML may keep (html_allow.c). */
#ifndef CB_HTML_ALLOW_H
#define CB_HTML_ALLOW_H

#include <stdbool.h>

/* An HTML5 element that has a meaning in a static document (lowercase name). */
bool cb_html_known_element(const char *name);
/* attr (lowercase) is allowed on el (lowercase, HTML5 name): global, data-*, aria-* or the
 * element's own. */
bool cb_html_attr_allowed(const char *el, const char *attr);
/* v is a valid value for attr where HTML5 constrains it (integers, ids). */
bool cb_html_attr_value_ok(const char *attr, const char *v);

#endif
