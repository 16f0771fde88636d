/* kramdown inline attribute lists: `{: .cls #id key="value" ref}`.
 *
 * Follows kramdown 2.4's ALD_TYPE_ANY scan: tokens start at the beginning or after
 * whitespace and must end before whitespace or the end; a token is a key-value pair, a bare
 * reference name, or a run of `#id` / `.class` parts.  Anything else is skipped silently
 * (kramdown only warns when nothing at all was found).  In values only `\}` and a backslash
 * before the quote character are unescaped, so `target='\_blank'` keeps its backslash. */
#include <string.h>

#include "read_internal.h"

static bool is_w(char c) {
  /* Ruby's \w on these ASCII-only regexes. */
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
static bool is_sp(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static bool at_end(const char *s, size_t n, size_t i) {
  return i >= n || is_sp(s[i]);
}

static void add_class(cb_arena *a, cb_attrs *at, const char *s, size_t n) {
  char *c = cb_strndup(a, s, n);
  cb_attrs_add_class(a, at, c);
}

static void set_kv(cb_arena *a, cb_attrs *at, const char *key, const char *val) {
  if (strcmp(key, "id") == 0) {
    at->id = val;
  } else if (strcmp(key, "class") == 0) {
    /* kramdown: class="a b" replaces the classes gathered so far */
    at->classes = NULL;
    const char *p = val;
    while (*p) {
      while (*p && is_sp(*p))
        p++;
      const char *q = p;
      while (*q && !is_sp(*q))
        q++;
      if (q > p) add_class(a, at, p, (size_t)(q - p));
      p = q;
    }
  } else {
    cb_attrs_set(a, at, key, val);
  }
}

/* key=("|')value\2 ; returns the token length or 0. */
static size_t try_kv(cb_arena *a, const char *s, size_t n, size_t i, cb_attrs *at) {
  size_t k = i;
  if (k >= n || !is_w(s[k])) return 0;
  while (k < n && (is_w(s[k]) || s[k] == '-'))
    k++;
  if (k + 1 >= n || s[k] != '=' || (s[k + 1] != '"' && s[k + 1] != '\'')) return 0;
  char q = s[k + 1];
  size_t v0 = k + 2, j = v0;
  for (;;) {
    if (j >= n || s[j] == '}') return 0;
    if (s[j] == '\\' && j + 1 < n && (s[j + 1] == '}' || s[j + 1] == q)) {
      j += 2;
      continue;
    }
    if (s[j] == q && at_end(s, n, j + 1)) break;
    j++;
  }
  if (!at) return j + 1 - i;
  cb_buf v = CB_BUF_INIT;
  for (size_t m = v0; m < j; m++) {
    if (s[m] == '\\' && m + 1 < j && (s[m + 1] == '}' || s[m + 1] == q)) m++;
    cb_buf_putc(&v, s[m]);
  }
  char *key = cb_strndup(a, s + i, k - i);
  set_kv(a, at, key, cb_strndup(a, v.data ? v.data : "", v.len));
  cb_buf_free(&v);
  return j + 1 - i;
}

/* \w[\w-]* standing alone: a reference to an ALD (or `toc`).  *tail is where the next
 * reference goes (the list's last next pointer), so appending stays O(1) per reference. */
static size_t try_ref(cb_arena *a, const char *s, size_t n, size_t i, cb_strlist ***tail) {
  size_t k = i;
  if (k >= n || !is_w(s[k])) return 0;
  while (k < n && (is_w(s[k]) || s[k] == '-'))
    k++;
  if (!at_end(s, n, k)) return 0;
  if (tail) {
    cb_strlist *r = cb_alloc(a, sizeof *r);
    r->s = cb_strndup(a, s + i, k - i);
    **tail = r;
    *tail = &r->next;
  }
  return k - i;
}

/* (#id|.class)+ : ids are [A-Za-z][\w:-]*, classes [^\s.#]+ */
static size_t try_idclass(cb_arena *a, const char *s, size_t n, size_t i, cb_attrs *at) {
  size_t k = i;
  /* First check the whole run matches, then apply (a failed run adds nothing). */
  while (k < n && !is_sp(s[k])) {
    if (s[k] == '#') {
      size_t j = k + 1;
      if (j >= n || !((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))) return 0;
      while (j < n && (is_w(s[j]) || s[j] == ':' || s[j] == '-'))
        j++;
      k = j;
    } else if (s[k] == '.') {
      size_t j = k + 1;
      while (j < n && !is_sp(s[j]) && s[j] != '.' && s[j] != '#')
        j++;
      if (j == k + 1) return 0;
      k = j;
    } else {
      return 0;
    }
  }
  if (k == i) return 0;
  for (size_t p = i; p < k;) {
    size_t j = p + 1;
    if (s[p] == '#') {
      while (j < k && (is_w(s[j]) || s[j] == ':' || s[j] == '-'))
        j++;
      at->id = cb_strndup(a, s + p + 1, j - p - 1);
    } else {
      while (j < k && s[j] != '.' && s[j] != '#')
        j++;
      add_class(a, at, s + p + 1, j - p - 1);
    }
    p = j;
  }
  return k - i;
}

int cb_ial_parse(cb_arena *a, const char *s, size_t n, cb_attrs *at, cb_strlist **refs) {
  int found = 0;
  size_t i = 0;
  cb_strlist **tail = refs;
  while (tail && *tail)
    tail = &(*tail)->next;
  while (i < n) {
    if (is_sp(s[i])) {
      i++;
      continue;
    }
    /* a token may only start at the beginning or right after whitespace */
    if (i > 0 && !is_sp(s[i - 1])) {
      while (i < n && !is_sp(s[i]))
        i++;
      continue;
    }
    size_t len = try_kv(a, s, n, i, at);
    if (!len) len = try_ref(a, s, n, i, refs ? &tail : NULL);
    if (!len) len = try_idclass(a, s, n, i, at);
    if (len) {
      found++;
      i += len;
    } else {
      while (i < n && !is_sp(s[i]))
        i++;
    }
  }
  return found;
}

size_t cb_ial_span_len(const char *s, size_t n) {
  if (n < 3 || s[0] != '{' || s[1] != ':' || s[2] == ':' || s[2] == '/' || s[2] == '}') return 0;
  for (size_t i = 2; i < n; i++) {
    if (s[i] == '\n') return 0;
    if (s[i] == '\\' && i + 1 < n && s[i + 1] == '}') {
      i++;
      continue;
    }
    if (s[i] == '}') return i + 1;
  }
  return 0;
}

void cb_attrs_merge(cb_arena *a, cb_attrs *dst, const cb_attrs *src) {
  if (src->id) dst->id = src->id;
  for (const cb_strlist *l = src->classes; l; l = l->next)
    cb_attrs_add_class(a, dst, l->s);
  for (const cb_kv *kv = src->kvs; kv; kv = kv->next)
    cb_attrs_set(a, dst, kv->key, kv->value);
}
