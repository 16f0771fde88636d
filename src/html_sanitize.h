/* Raw HTML from pages is untrusted: parsed with libxml2's HTML parser and re-serialised
 * without script, iframe, object, embed, form elements, event-handler attributes or
 * javascript:/vbscript:/data: (except data:image) URLs.  Shared by the HTML and EPUB backends. */
#ifndef CB_HTML_SANITIZE_H
#define CB_HTML_SANITIZE_H

#include <stdbool.h>

#include "coursebook/coursebook.h"

/* Append the sanitised fragment to out; xhtml = well-formed XML serialisation (EPUB).
 * Each removal is reported once as a warning at pos. */
void cb_html_sanitize(const char *html, size_t len, bool xhtml, cb_buf *out, cb_diag *d,
                      cb_pos pos);

/* The same, with the caller's hooks (any may be NULL; ud is passed through).  rewrite_src:
 * <img src> rewritten (the HTML handout embeds local images as data: URIs, the EPUB packages
 * them): the src to write, or NULL to replace the image by its alt text in a
 * <span class="image-placeholder"> (the callback warns why). */
typedef const char *(*cb_html_src_fn)(void *ud, const char *src, const char *alt, cb_pos pos);
/* rewrite_href does the same for href: the value to write, or NULL to leave the attribute out
 * (the element and its content stay). */
typedef const char *(*cb_html_link_fn)(void *ud, const char *href, cb_pos pos);
/* claim_id is asked for each id the fragment has (false: the document has it already, the attribute
 * is dropped, as a checker rejects a duplicate), heading_level gives the level to write for a raw
 * <hN> (so the document never skips a level). */
typedef struct cb_html_san_hooks {
  cb_html_src_fn rewrite_src;
  cb_html_link_fn rewrite_href;
  bool (*claim_id)(void *ud, const char *id);
  int (*heading_level)(void *ud, int level);
  void *ud;
  /* the fragment is running text (a paragraph's raw tags): flow-only elements become spans */
  bool phrasing;
} cb_html_san_hooks;
void cb_html_sanitize_hooks(const char *html, size_t len, bool xhtml, cb_buf *out, cb_diag *d,
                            cb_pos pos, const cb_html_san_hooks *hooks);

/* Is name (lowercase) an element that holds phrasing content only (strong, em, span, …)? */
bool cb_html_phrasing_only(const char *name);

/* Escape text for HTML/XML text content and attribute values (& < > " '). */
void cb_html_escape(cb_buf *out, const char *s, size_t len);
/* Is a URL safe to emit as href/src (not javascript:, vbscript:, data: other than images)? */
bool cb_url_is_safe(const char *url);
/* Append url with the characters a valid URL may not contain percent-encoded (spaces and
 * controls, " < > \ ^ ` { | }, a second '#', a '%' not starting an escape), so that href/src
 * values pass the HTML checker; everything else (non-ASCII included) is kept as written. */
void cb_url_clean(cb_buf *out, const char *url);
/* Is an inline style attribute value harmless (nothing that loads or runs: url(, @import,
 * expression, javascript:, behavior)? */
bool cb_html_style_is_safe(const char *css);

#endif
