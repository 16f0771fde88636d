/* The Jekyll site around a page: its root (the directory holding _config.yml, found from the
 * page's directory upward, or --site-root), the parsed _config.yml (site.*), and the site's own
 * files (_includes/NAME), read only from inside the root. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read_frontmatter.h"
#include "read_input.h"
#include "read_internal.h"

static char *dir_of(const char *file) {
  char *abs = realpath(file, NULL);
  if (!abs) return NULL;
  char *slash = strrchr(abs, '/');
  if (slash == abs)
    abs[1] = '\0';
  else if (slash)
    *slash = '\0';
  return abs;
}

const char *cb_site_root(cb_arena *a, const char *file, const cb_options *opt) {
  if (opt && opt->site_root) {
    char *r = realpath(opt->site_root, NULL);
    if (!r) return NULL;
    const char *s = cb_strdup(a, r);
    free(r);
    return s;
  }
  char *dir = file && strcmp(file, "-") != 0 ? dir_of(file) : realpath(".", NULL);
  if (!dir) return NULL;
  const char *found = NULL;
  cb_buf p = CB_BUF_INIT;
  cb_buf_puts(&p, dir);
  free(dir);
  for (;;) {
    size_t base = p.len;
    cb_buf_puts(&p, base > 1 ? "/_config.yml" : "_config.yml");
    bool hit = access(p.data, R_OK) == 0;
    p.len = base;
    p.data[base] = '\0';
    if (hit) {
      found = cb_strdup(a, p.data);
      break;
    }
    char *slash = strrchr(p.data, '/');
    if (!slash || base <= 1) break;
    p.len = slash == p.data ? 1 : (size_t)(slash - p.data);
    p.data[p.len] = '\0';
  }
  cb_buf_free(&p);
  return found;
}

/* A file name the site may use below one of its folders: no absolute path, no `..`. */
static bool safe_rel(const char *rel) {
  if (!rel || !*rel || rel[0] == '/') return false;
  for (const char *p = rel; *p; p++) {
    if (p[0] == '.' && p[1] == '.' && (p == rel || p[-1] == '/') && (p[2] == '/' || !p[2]))
      return false;
    if ((unsigned char)*p < 0x20) return false;
  }
  return true;
}

char *cb_site_read(cb_arena *a, const char *root, const char *rel, size_t *out_len, cb_diag *d) {
  if (!root || !safe_rel(rel)) return NULL;
  const char *path = cb_sprintf(a, "%s/%s", root, rel);
  /* symbolic links must not lead outside the site */
  char *real = realpath(path, NULL);
  if (!real) return NULL;
  size_t rl = strlen(root);
  bool inside = strncmp(real, root, rl) == 0 && (real[rl] == '/' || rl == 1);
  free(real);
  if (!inside) return NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  cb_buf b = CB_BUF_INIT;
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (size_t)16 << 20)
    cb_buf_put(&b, chunk, n);
  fclose(f);
  size_t len = 0, k = 0;
  while (k < b.len &&
         (b.data[k] == ' ' || b.data[k] == '\t' || b.data[k] == '\n' || b.data[k] == '\r'))
    k++;
  if (k == b.len) { /* an empty file is not an error here */
    cb_buf_free(&b);
    *out_len = 0;
    return cb_strdup(a, "");
  }
  char *clean = cb_input_prepare(path, b.data ? b.data : "", b.len, &len, d);
  cb_buf_free(&b);
  if (!clean) return NULL;
  char *r = cb_strndup(a, clean, len);
  free(clean);
  *out_len = len;
  return r;
}

char *cb_site_read_beside(cb_arena *a, const char *root, const char *file, const char *name,
                          size_t *out_len, cb_diag *d) {
  char *pdir = file && strcmp(file, "-") != 0 ? dir_of(file) : realpath(".", NULL);
  if (!pdir || !name || !*name) {
    free(pdir);
    return NULL;
  }
  const char *rel = NULL;
  size_t rl = root ? strlen(root) : 0;
  if (!root) { /* no site: the page's folder is the limit */
    root = cb_strdup(a, pdir);
    rel = name;
  } else if (strcmp(pdir, root) == 0) {
    rel = name;
  } else if (strncmp(pdir, root, rl) == 0 && pdir[rl] == '/') {
    rel = cb_sprintf(a, "%s/%s", pdir + rl + 1, name);
  }
  free(pdir);
  return rel ? cb_site_read(a, root, rel, out_len, d) : NULL;
}

const cb_meta *cb_site_config(cb_arena *a, const char *root, cb_diag *d) {
  size_t len = 0;
  char *src = cb_site_read(a, root, "_config.yml", &len, d);
  if (!src) return NULL;
  cb_meta *m = NULL;
  const char *path = cb_sprintf(a, "%s/_config.yml", root);
  if (cb_yaml_map_parse(a, path, src, len, &m, d) != 0) return NULL;
  return m;
}
