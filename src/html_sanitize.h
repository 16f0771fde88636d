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

/* Escape text for HTML/XML text content and attribute values (& < > " '). */
void cb_html_escape(cb_buf *out, const char *s, size_t len);
/* Is a URL safe to emit as href/src (not javascript:, vbscript:, data: other than images)? */
bool cb_url_is_safe(const char *url);
/* Is an inline style attribute value harmless (nothing that loads or runs: url(, @import,
 * expression, javascript:, behavior)? */
bool cb_html_style_is_safe(const char *css);

#endif
