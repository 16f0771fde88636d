/* Internal interfaces between the reader stages (front matter, Liquid + kramdown + cmark-gfm).
 * Readers build the model; they never know about output formats. */
#ifndef CB_READER_H
#define CB_READER_H

#include "coursebook/coursebook.h"

/* Front matter: if src starts with a `---` line, parse the YAML up to the closing `---` (or
 * `...`) line with libyaml into a CB_META_MAP.  *body_off / *body_line give where the Markdown
 * body starts (byte offset, 1-based line).  Without front matter *meta is an empty map.
 * Errors (malformed YAML, never closed, not a map) are reported as file:line:col; returns -1. */
int cb_frontmatter_parse(cb_arena *a, const char *file, const char *src, size_t len, cb_meta **meta,
                         size_t *body_off, int *body_line, cb_diag *d);

/* The Markdown body (already valid UTF-8, no NUL): Liquid first, then kramdown via cmark-gfm,
 * appended as blocks to chapter.  first_line is the body's line number in the file, so every
 * node's pos is a real file line.  page is the front matter (for page.* and toc: true).
 * Returns 0, or -1 after reporting an error. */
int cb_markdown_read(cb_arena *a, const char *file, const char *body, size_t len, int first_line,
                     const cb_meta *page, const cb_options *opt, cb_node *chapter, cb_diag *d);

#endif
