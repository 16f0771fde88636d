/* Finding data files: explicit --data-dir, $COURSEBOOK_DATA_DIR, the installed share directory
 * next to the binary, the configured install prefix, then the source tree (build-tree use). */
#include "resources.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CB_SOURCE_DATADIR
#define CB_SOURCE_DATADIR "."
#endif
#ifndef CB_INSTALL_DATADIR
#define CB_INSTALL_DATADIR "/usr/local/share/coursebook"
#endif

char *cb_file_read(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return NULL;
  cb_buf b = CB_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    cb_buf_put(&b, chunk, n);
  int err = ferror(f) ? (errno ? errno : EIO) : 0;
  if (f != stdin) fclose(f);
  if (err) {
    cb_buf_free(&b);
    errno = err;
    return NULL;
  }
  return cb_buf_detach(&b, len);
}

static bool exists(const char *path) {
  return access(path, R_OK) == 0;
}

const char *cb_resource_path(const cb_options *opt, const char *rel) {
  static char path[PATH_MAX + 64];
  const char *dirs[5];
  size_t nd = 0;
  if (opt && opt->data_dir) dirs[nd++] = opt->data_dir;
  const char *env = getenv("COURSEBOOK_DATA_DIR");
  if (env && *env) dirs[nd++] = env;
  /* <prefix>/bin/coursebook -> <prefix>/share/coursebook (relocatable installs). */
  static char exe_share[PATH_MAX + 32];
  char exe[PATH_MAX];
  ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (k > 0) {
    exe[k] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      snprintf(exe_share, sizeof exe_share, "%s/../share/coursebook", exe);
      dirs[nd++] = exe_share;
    }
  }
  dirs[nd++] = CB_INSTALL_DATADIR;
  dirs[nd++] = CB_SOURCE_DATADIR;
  for (size_t i = 0; i < nd; i++) {
    snprintf(path, sizeof path, "%s/%s", dirs[i], rel);
    if (exists(path)) return path;
  }
  return NULL;
}

char *cb_resource_read(const cb_options *opt, const char *rel, size_t *len, cb_diag *d) {
  const char *p = cb_resource_path(opt, rel);
  char *data = p ? cb_file_read(p, len) : NULL;
  if (!data && d)
    cb_error(d, (cb_pos){0},
             "data file %s not found (looked in --data-dir, "
             "$COURSEBOOK_DATA_DIR, the install prefix and the source tree)",
             rel);
  return data;
}
