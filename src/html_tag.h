/* One raw HTML tag as the reader (kramdown's rules on stray end tags and unclosed elements)
 * and the HTML writer (pairing inline tags around Markdown) both need to read it: no parser,
 * just the tag's kind and name. */
#ifndef CB_HTML_TAG_H
#define CB_HTML_TAG_H

#include <stdbool.h>
#include <stddef.h>

enum { CB_TAG_OTHER, CB_TAG_OPEN, CB_TAG_CLOSE, CB_TAG_VOID_CLOSE };

/* t[0..n) (spaces around allowed) as one tag: CB_TAG_OPEN or CB_TAG_CLOSE with its lowercase
 * name, CB_TAG_VOID_CLOSE for an end tag of an element that has none (`</br>`), else
 * CB_TAG_OTHER (a void or self-closing element, a comment, text, several tags). */
int cb_html_tag_kind(const char *t, size_t n, char name[16]);

/* Is name (lowercase) an element with no content and no end tag (br, img, …)? */
bool cb_html_is_void(const char *name);

#endif
