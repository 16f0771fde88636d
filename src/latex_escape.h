/* LaTeX escaping: every character of untrusted text becomes printed text, never a command.
 * Used by the LaTeX backend for text, code, URLs and math source checks. */
#ifndef CB_LATEX_ESCAPE_H
#define CB_LATEX_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "coursebook/arena.h"

enum {
  CB_LTX_CODE = 1, /* code: spaces kept as fixed spaces, break points in long runs */
  CB_LTX_URL = 2   /* a printed URL: break points after URL punctuation and in long runs */
};

/* Append s as printed text.  Handles the ten TeX specials, the characters TeX ligatures or
 * optional arguments would swallow (' ` " < > | [ ] -- ,,), control characters and line ends.
 * Very long words (URLs as text, identifiers) get break points as with CB_LTX_URL. */
void cb_latex_put_text(cb_buf *b, const char *s, size_t len, unsigned flags);

/* Append url for the first argument of \href: percent-encodes what a URL cannot hold raw
 * (spaces, non-ASCII bytes, \ { } ^ ` " < > |, control characters) and writes % # & ~ _ $
 * as hyperref expects them (\% \# ...), so the link works even inside other commands. */
void cb_latex_put_url(cb_buf *b, const char *url);

/* Checks author TeX math: NULL when it may be passed to LaTeX, else a description of the
 * first refused construct (arena string): commands that read or write files, define macros,
 * change catcodes, loop, or leave math mode; ^^ notation; unbalanced braces. */
const char *cb_latex_math_refusal(cb_arena *a, const char *src, size_t len);

/* Append checked math source: % # $ are escaped and line ends become spaces, so a comment
 * or a blank line in the source cannot swallow the closing delimiter. */
void cb_latex_put_math(cb_buf *b, const char *src, size_t len);

/* Is name (a font family from fonts.conf) safe to put into the preamble verbatim? */
bool cb_latex_safe_name(const char *name);

#endif
