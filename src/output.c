/* Atomic output: a failed run never leaves a truncated file or clobbers a good one. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coursebook/coursebook.h"

static int write_all(int fd, const char *data, size_t len) {
  while (len) {
    ssize_t n = write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

int cb_write_file_atomic(const char *path, const char *data, size_t len) {
  if (strcmp(path, "-") == 0) {
    if (write_all(STDOUT_FILENO, data, len) != 0) return -1;
    return 0;
  }
  size_t n = strlen(path);
  char *tmp = cb_xmalloc(n + 16);
  /* Same directory as the target, so rename() is atomic (same file system). */
  snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    free(tmp);
    return -1;
  }
  int err = 0;
  if (write_all(fd, data, len) != 0 || fsync(fd) != 0) err = errno;
  /* mkstemp makes 0600; give the file the usual permissions (umask applies). */
  mode_t um = umask(0);
  umask(um);
  if (!err && fchmod(fd, 0666 & ~um) != 0) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  if (!err && rename(tmp, path) != 0) err = errno;
  if (err) {
    unlink(tmp);
    free(tmp);
    errno = err;
    return -1;
  }
  free(tmp);
  return 0;
}
