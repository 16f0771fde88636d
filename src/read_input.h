/* Input validation and normalisation: the first reader stage, before front matter and Markdown.
 * Owned by the reader; only read_course.c and the tests use it. */
#ifndef CB_READ_INPUT_H
#define CB_READ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coursebook/coursebook.h"

/* Check raw file bytes and return a clean copy (malloc'd, NUL-terminated; free() it):
 *  - a UTF-8 BOM is skipped; CRLF and lone CR become LF (line numbers do not change);
 *  - empty or whitespace-only input, NUL bytes, or input that looks binary: an error at the
 *    line:col of the first offending byte, NULL returned;
 *  - invalid UTF-8 bytes, C0/C1 control characters (other than tab and line ends) and Unicode
 *    non-characters are each replaced by U+FFFD, with one warning per kind and file giving the
 *    count and the position of the first.
 * Columns are 1-based and count code points (as libyaml does). */
char *cb_input_prepare(const char *file, const char *data, size_t len, size_t *out_len, cb_diag *d);

/* Code points the model must never carry (they break XML/HTML output): C0 controls other than
 * tab and LF, DEL, C1 controls, non-characters. */
bool cb_input_cp_is_bad(uint32_t cp);

/* Line and column (1-based, code points) of byte offset off in text (text[off] must be
 * readable), counting LF, CRLF and lone CR as one line end each. */
void cb_input_pos_at(const char *text, size_t off, int *line, int *col);

#endif
