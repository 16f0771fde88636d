/* Input validation: every later stage (libyaml, cmark-gfm, ICU, XML writers) may assume valid
 * UTF-8 without NUL bytes, LF line ends and no code points XML or HTML forbid. */
#include "read_input.h"

#include <stdlib.h>
#include <string.h>

#define BINARY_SAMPLE 8192

bool cb_input_cp_is_bad(uint32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;
  return (cp & 0xFFFE) == 0xFFFE; /* U+xFFFE and U+xFFFF in every plane */
}

void cb_input_pos_at(const char *text, size_t off, int *line, int *col) {
  int l = 1, c = 1;
  for (size_t i = 0; i < off; i++) {
    unsigned char ch = (unsigned char)text[i];
    if (ch == '\n' || (ch == '\r' && text[i + 1] != '\n')) {
      l++;
      c = 1;
    } else if (ch != '\r' && (ch & 0xC0) != 0x80) {
      c++; /* a code point starts here (continuation bytes do not count) */
    }
  }
  *line = l;
  *col = c;
}

static bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Is the byte sequence at s[i] an invalid UTF-8 byte?  Sets *cp and advances *i either way. */
static bool next_cp(const char *s, size_t len, size_t *i, uint32_t *cp) {
  size_t start = *i;
  *cp = cb_utf8_next(s, len, i);
  /* cb_utf8_next reports invalid bytes as U+FFFD: tell them from a real, encoded U+FFFD. */
  return *cp == 0xFFFD && !(*i - start == 3 && memcmp(s + start, "\xEF\xBF\xBD", 3) == 0);
}

/* A text file may hold a stray control byte; a file full of them (or of invalid UTF-8) is not
 * text.  Looks at the start only, like git and diff do. */
static bool looks_binary(const char *s, size_t len, size_t *first) {
  size_t n = len < BINARY_SAMPLE ? len : BINARY_SAMPLE, bad = 0;
  *first = len;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    size_t at = i;
    bool suspicious;
    if (c < 0x80) {
      suspicious = c < 0x20 && !is_space(c) && c != 0x1B; /* ESC: coloured logs are text */
      i++;
    } else {
      uint32_t cp;
      suspicious = next_cp(s, len, &i, &cp);
    }
    if (suspicious) {
      if (bad++ == 0) *first = at;
    }
  }
  return bad >= 8 && bad * 8 > n;
}

char *cb_input_prepare(const char *file, const char *data, size_t len, size_t *out_len,
                       cb_diag *d) {
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  int line, col;
  const char *nul = memchr(data, '\0', len);
  if (nul) {
    cb_input_pos_at(data, (size_t)(nul - data), &line, &col);
    cb_error(d, (cb_pos){file, line, col}, "NUL byte in input (binary file?)");
    return NULL;
  }
  size_t i = 0;
  while (i < len && is_space((unsigned char)data[i]))
    i++;
  if (i == len) {
    cb_error(d, (cb_pos){file, 1, 1}, "empty input (no front matter and no text)");
    return NULL;
  }
  size_t first_bad;
  if (looks_binary(data, len, &first_bad)) {
    cb_input_pos_at(data, first_bad, &line, &col);
    cb_error(d, (cb_pos){file, line, col},
             "input is not text (control characters or invalid UTF-8; binary file?)");
    return NULL;
  }

  /* Replacing one invalid byte by U+FFFD takes 3 bytes: size exactly in one counting pass
   * would cost a second decode, so grow a buffer instead. */
  cb_buf b = CB_BUF_INIT;
  cb_buf_grow(&b, len + 1);
  size_t n_invalid = 0, n_control = 0, first_invalid = 0, first_control = 0;
  size_t run = 0; /* start of the pending run of bytes copied as they are */
  for (i = 0; i < len;) {
    unsigned char c = (unsigned char)data[i];
    if (c >= 0x20 && c < 0x7F) { /* printable ASCII: the common case, copied in runs */
      i++;
      continue;
    }
    size_t at = i;
    uint32_t cp;
    bool invalid = false;
    if (c == '\r') {
      cb_buf_put(&b, data + run, at - run);
      cb_buf_putc(&b, '\n');
      i += (i + 1 < len && data[i + 1] == '\n') ? 2 : 1;
      run = i;
      continue;
    }
    if (c < 0x80) {
      cp = c;
      i++;
    } else {
      invalid = next_cp(data, len, &i, &cp);
    }
    if (!invalid && !cb_input_cp_is_bad(cp)) continue;
    if (invalid && n_invalid++ == 0) first_invalid = at;
    if (!invalid && n_control++ == 0) first_control = at;
    cb_buf_put(&b, data + run, at - run);
    /* a control character is dropped: a browser shows none (on the site it is invisible, as
     * the U+009D of a mis-decoded quote is), and HTML forbids it; a non-character shows as
     * U+FFFD */
    if (invalid || cp > 0x9F) cb_buf_put(&b, "\xEF\xBF\xBD", 3);
    run = i;
  }
  cb_buf_put(&b, data + run, len - run);
  if (n_invalid) {
    cb_input_pos_at(data, first_invalid, &line, &col);
    cb_warn(d, (cb_pos){file, line, col},
            "invalid UTF-8: %zu byte%s replaced by U+FFFD (first here; is the file UTF-8?)",
            n_invalid, n_invalid == 1 ? "" : "s");
  }
  if (n_control) {
    cb_input_pos_at(data, first_control, &line, &col);
    cb_warn(d, (cb_pos){file, line, col},
            "%zu control character%s or non-character%s dropped or replaced by U+FFFD (first "
            "here)",
            n_control, n_control == 1 ? "" : "s", n_control == 1 ? "" : "s");
  }
  return cb_buf_detach(&b, out_len);
}
