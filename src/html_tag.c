#include "html_tag.h"

#include <string.h>

bool cb_html_is_void(const char *name) {
  static const char *const voids[] = {"area",  "base",   "br",    "col",  "embed",
                                      "hr",    "img",    "input", "link", "meta",
                                      "param", "source", "track", "wbr",  NULL};
  for (size_t i = 0; voids[i]; i++)
    if (strcmp(voids[i], name) == 0) return true;
  return false;
}

int cb_html_tag_kind(const char *t, size_t n, char name[16]) {
  name[0] = '\0';
  if (!t) return CB_TAG_OTHER;
  while (n && (*t == ' ' || *t == '\t' || *t == '\n'))
    t++, n--;
  while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\n'))
    n--;
  if (n < 3 || t[0] != '<' || t[n - 1] != '>') return CB_TAG_OTHER;
  bool close = t[1] == '/';
  size_t k = close ? 2 : 1, nl = 0;
  while (k < n && nl < 15 &&
         (((t[k] | 0x20) >= 'a' && (t[k] | 0x20) <= 'z') || (nl && t[k] >= '0' && t[k] <= '9')))
    name[nl++] = (char)(t[k++] | 0x20);
  name[nl] = '\0';
  if (!nl || nl == 15 || (k < n - 1 && t[k] != ' ' && t[k] != '\t' && t[k] != '\n' && t[k] != '/'))
    return CB_TAG_OTHER;
  /* one tag: no other '<' after its name */
  if (memchr(t + k, '<', n - k)) return CB_TAG_OTHER;
  bool is_void = cb_html_is_void(name);
  if (close) return is_void ? CB_TAG_VOID_CLOSE : CB_TAG_CLOSE;
  return is_void || t[n - 2] == '/' ? CB_TAG_OTHER : CB_TAG_OPEN;
}
