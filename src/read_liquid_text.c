/* Liquid's text filters that listings and excerpts use (`truncate`, `truncatewords`,
 * `url_encode`, `newline_to_br`, `lstrip`, `rstrip`, `escape_once`, `slice`), as Liquid 5
 * defines them: lengths count characters (code points), as Ruby's String does; words are runs
 * of anything but white space, as Ruby's split(" ") makes them. */
#include <stdlib.h>
#include <string.h>

#include "read_internal.h"

static bool ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Byte offset of the k-th character of s (n bytes), or n. */
static size_t char_offset(const char *s, size_t n, long k) {
  size_t i = 0;
  for (; i < n && k > 0; k--) {
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
      i++;
  }
  return i;
}

static long char_count(const char *s, size_t n) {
  long c = 0;
  for (size_t i = 0; i < n; i++)
    c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* Liquid's Utils.to_integer on an argument: its number, or def when there is none. */
static long int_arg(const char *arg, long def) {
  if (!arg) return def;
  char *end;
  long v = strtol(arg, &end, 10);
  return end == arg ? def : v;
}

static const char *truncate(cb_arena *a, const char *v, const char *arg, const char *arg2) {
  size_t n = strlen(v);
  long len = int_arg(arg, 50);
  const char *tail = arg2 ? arg2 : "...";
  long keep = len - char_count(tail, strlen(tail));
  if (keep < 0) keep = 0;
  if (char_count(v, n) <= len) return v;
  return cb_sprintf(a, "%.*s%s", (int)char_offset(v, n, keep), v, tail);
}

static const char *truncatewords(cb_arena *a, const char *v, const char *arg, const char *arg2) {
  long words = int_arg(arg, 15);
  if (words <= 0) words = 1;
  const char *tail = arg2 ? arg2 : "...";
  cb_buf b = CB_BUF_INIT;
  size_t n = strlen(v), k = 0;
  long seen = 0;
  while (k < n && ws(v[k]))
    k++;
  while (k < n) {
    size_t e = k;
    while (e < n && !ws(v[e]))
      e++;
    if (seen == words) { /* one word more than allowed: cut before it */
      cb_buf_puts(&b, tail);
      const char *r = cb_strndup(a, b.data, b.len);
      cb_buf_free(&b);
      return r;
    }
    if (seen) cb_buf_putc(&b, ' ');
    cb_buf_put(&b, v + k, e - k);
    seen++;
    k = e;
    while (k < n && ws(v[k]))
      k++;
  }
  cb_buf_free(&b);
  return v;
}

static const char *url_encode(cb_arena *a, const char *v) {
  cb_buf b = CB_BUF_INIT;
  for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '_' || *p == '.' || *p == '-' || *p == '~')
      cb_buf_putc(&b, (char)*p);
    else if (*p == ' ')
      cb_buf_putc(&b, '+');
    else
      cb_buf_printf(&b, "%%%02X", *p);
  }
  const char *r = cb_strndup(a, b.data ? b.data : "", b.len);
  cb_buf_free(&b);
  return r;
}

/* Liquid's escape_once: &, <, >, " and ' escaped, but not an `&` that starts a reference. */
static const char *escape_once(cb_arena *a, const char *v) {
  cb_buf b = CB_BUF_INIT;
  for (const char *p = v; *p; p++) {
    if (*p == '&') {
      const char *q = p + 1;
      if (*q == '#') {
        q++;
        while (*q >= '0' && *q <= '9')
          q++;
      } else {
        while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
          q++;
      }
      bool ref = *q == ';' && q > p + 1 + (p[1] == '#');
      cb_buf_puts(&b, ref ? "&" : "&amp;");
    } else if (*p == '<') {
      cb_buf_puts(&b, "&lt;");
    } else if (*p == '>') {
      cb_buf_puts(&b, "&gt;");
    } else if (*p == '"') {
      cb_buf_puts(&b, "&quot;");
    } else if (*p == '\'') {
      cb_buf_puts(&b, "&#39;");
    } else {
      cb_buf_putc(&b, *p);
    }
  }
  const char *r = cb_strndup(a, b.data ? b.data : "", b.len);
  cb_buf_free(&b);
  return r;
}

/* Ruby's String#slice(offset, length): a negative offset counts from the end; out of range,
 * nothing. */
static const char *slice(cb_arena *a, const char *v, const char *arg, const char *arg2) {
  size_t n = strlen(v);
  long chars = char_count(v, n), off = int_arg(arg, 0), len = int_arg(arg2, 1);
  if (off < 0) off += chars;
  if (off < 0 || off > chars || len < 0) return "";
  if (off + len > chars) len = chars - off;
  size_t b0 = char_offset(v, n, off), b1 = char_offset(v, n, off + len);
  return cb_strndup(a, v + b0, b1 - b0);
}

const char *cb_liquid_text_filter(cb_arena *a, const char *name, const char *v, const char *arg,
                                  const char *arg2, bool *handled) {
  *handled = true;
  const char *s = v ? v : "";
  if (strcmp(name, "truncate") == 0) return v ? truncate(a, v, arg, arg2) : NULL;
  if (strcmp(name, "truncatewords") == 0) return v ? truncatewords(a, v, arg, arg2) : NULL;
  if (strcmp(name, "url_encode") == 0) return v ? url_encode(a, v) : NULL;
  if (strcmp(name, "escape_once") == 0) return escape_once(a, s);
  if (strcmp(name, "slice") == 0) return v ? slice(a, v, arg, arg2) : NULL;
  if (strcmp(name, "newline_to_br") == 0) {
    cb_buf b = CB_BUF_INIT;
    for (const char *p = s; *p; p++) {
      if (*p == '\r' && p[1] == '\n') continue; /* (\r\n is one line break) */
      if (*p == '\n')
        cb_buf_puts(&b, "<br />\n");
      else
        cb_buf_putc(&b, *p);
    }
    const char *r = cb_strndup(a, b.data ? b.data : "", b.len);
    cb_buf_free(&b);
    return r;
  }
  if (strcmp(name, "lstrip") == 0 || strcmp(name, "rstrip") == 0) {
    size_t n = strlen(s), k = 0;
    if (name[0] == 'l')
      while (k < n && (ws(s[k]) || s[k] == '\0'))
        k++;
    else
      while (n > 0 && ws(s[n - 1]))
        n--;
    return cb_strndup(a, s + k, n - k);
  }
  *handled = false;
  return v;
}
