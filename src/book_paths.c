/* URL → file resolution with a containment check: untrusted pages must not name files outside
 * the course (../../etc/passwd, symlinks out of the tree). */
#include "book_paths.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool has_scheme(const char *u) {
  /* RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
  if (!isalpha((unsigned char)u[0])) return false;
  const char *p = u + 1;
  while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return *p == ':';
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool inside(const char *root, const char *path) {
  size_t n = strlen(root);
  if (n == 1 && root[0] == '/') return true;
  return strncmp(root, path, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static char *dir_of(cb_arena *a, const char *file) {
  const char *slash = file ? strrchr(file, '/') : NULL;
  if (!slash) return cb_strdup(a, ".");
  if (slash == file) return cb_strdup(a, "/");
  return cb_strndup(a, file, (size_t)(slash - file));
}

cb_url_kind cb_book_resolve_url(const cb_book *book, const cb_node *chapter, const char *url,
                                cb_arena *a, const char **path) {
  *path = NULL;
  if (!url || !*url) return CB_URL_MISSING;
  if (url[0] == '#') return CB_URL_FRAGMENT;
  if ((url[0] == '/' && url[1] == '/') || has_scheme(url)) return CB_URL_REMOTE;

  /* Decode %XX and cut the query/fragment. */
  size_t n = strcspn(url, "?#");
  char *dec = cb_alloc(a, n + 1);
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (url[i] == '%' && i + 2 < n + 1 && hexval(url[i + 1]) >= 0 && hexval(url[i + 2]) >= 0) {
      char c = (char)(hexval(url[i + 1]) * 16 + hexval(url[i + 2]));
      if (c == '\0') return CB_URL_MISSING;
      dec[j++] = c;
      i += 2;
    } else {
      dec[j++] = url[i];
    }
  }
  dec[j] = '\0';

  const char *root = book->root ? book->root : ".";
  const char *base = dec[0] == '/' ? root : dir_of(a, chapter ? chapter->as.chapter.file : NULL);
  char *joined = cb_sprintf(a, "%s/%s", base, dec[0] == '/' ? dec + 1 : dec);

  char real_root[PATH_MAX], real[PATH_MAX];
  if (!realpath(root, real_root)) return CB_URL_MISSING;
  if (!realpath(joined, real)) return CB_URL_MISSING;
  if (!inside(real_root, real)) return CB_URL_OUTSIDE;
  struct stat st;
  if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) return CB_URL_MISSING;
  *path = cb_strdup(a, real);
  return CB_URL_LOCAL;
}

const char *cb_media_type(const char *path) {
  static const struct {
    const char *ext, *type;
  } types[] = {
      {"png", "image/png"},    {"jpg", "image/jpeg"},    {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},    {"svg", "image/svg+xml"}, {"webp", "image/webp"},
      {"ttf", "font/ttf"},     {"otf", "font/otf"},      {"woff", "font/woff"},
      {"woff2", "font/woff2"}, {"css", "text/css"},      {"mp3", "audio/mpeg"},
      {"mp4", "video/mp4"},
  };
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  if (!dot) return NULL;
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (strcasecmp(dot + 1, types[i].ext) == 0) return types[i].type;
  return NULL;
}
