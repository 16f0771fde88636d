/* PDF backend: the LaTeX backend's document compiled by xelatex (default) or lualatex.
 *
 * The engine runs in a private temporary directory (mkdtemp) through fork/execvp, never a
 * shell, with shell escape disabled, stdin from /dev/null and its output in the directory.
 * It is rerun until the .aux/.toc/.out files stop changing (at most 3 runs).  A TeX error is
 * reported with the page's file:line, found from the "% cb-src FILE:LINE" comments that
 * render_latex.c writes before every block; the directory is then kept for the log.
 * COURSEBOOK_KEEP_TEX=DIR (for tests and debugging) makes the directory inside DIR and keeps
 * it after a successful build too. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "resources.h"

#define JOB              "handout"
#define MAX_PASSES       3
#define PASS_TIMEOUT_SEC 600

static char *path_in(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = cb_xmalloc(n);
  snprintf(p, n, "%s/%s", dir, name);
  return p;
}

static int write_all(const char *path, const char *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  while (len) {
    ssize_t k = write(fd, data, len);
    if (k < 0) {
      if (errno == EINTR) continue;
      close(fd);
      return -1;
    }
    data += k;
    len -= (size_t)k;
  }
  return close(fd);
}

static void remove_dir(const char *dir) {
  DIR *dp = opendir(dir);
  if (dp) {
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      char *p = path_in(dir, e->d_name);
      unlink(p); /* the engine writes plain files only */
      free(p);
    }
    closedir(dp);
  }
  rmdir(dir);
}

/* Everything a rerun depends on: labels, contents, bookmarks. */
static void snapshot(const char *dir, cb_buf *s) {
  static const char *const ext[] = {JOB ".aux", JOB ".toc", JOB ".out"};
  cb_buf_clear(s);
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
    char *p = path_in(dir, ext[i]);
    size_t len = 0;
    char *data = cb_file_read(p, &len);
    cb_buf_printf(s, "\n--%s %zu\n", ext[i], data ? len : 0);
    if (data) cb_buf_put(s, data, len);
    free(data);
    free(p);
  }
}

/* Runs the engine once.  Returns its exit status, 127 + *exec_errno when it could not start,
 * or -1 on a system failure / timeout. */
static int run_engine(const char *engine, const char *dir, long long sde, int *exec_errno) {
  int errpipe[2];
  if (pipe(errpipe) != 0) return -1;
  fcntl(errpipe[1], F_SETFD, FD_CLOEXEC);
  fcntl(errpipe[0], F_SETFD, FD_CLOEXEC);
  pid_t pid = fork();
  if (pid < 0) {
    close(errpipe[0]);
    close(errpipe[1]);
    return -1;
  }
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    char *outp = path_in(dir, "engine-output.txt");
    int out = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || chdir(dir) != 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
        dup2(out, 2) < 0) {
      int e = errno;
      (void)!write(errpipe[1], &e, sizeof e);
      _exit(126);
    }
    if (sde >= 0) {
      char v[32];
      snprintf(v, sizeof v, "%lld", sde);
      setenv("SOURCE_DATE_EPOCH", v, 1);
      setenv("FORCE_SOURCE_DATE", "1", 1);
    }
    /* no shell escape in any form, whatever texmf.cnf says */
    setenv("shell_escape", "f", 1);
    setenv("openout_any", "p", 1); /* TeX writes only below its working directory */
    char *argv[] = {(char *)engine,   "-no-shell-escape", "-interaction=nonstopmode",
                    "-halt-on-error", JOB ".tex",         NULL};
    execvp(engine, argv);
    int e = errno;
    (void)!write(errpipe[1], &e, sizeof e);
    _exit(127);
  }
  close(errpipe[1]);
  int e = 0;
  ssize_t got = read(errpipe[0], &e, sizeof e);
  close(errpipe[0]);
  int status = 0;
  time_t start = time(NULL);
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) return -1;
    if (time(NULL) - start > PASS_TIMEOUT_SEC) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  if (got == (ssize_t)sizeof e) {
    *exec_errno = e;
    return 127;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Missing LaTeX packages and the Debian packages that have them. */
static const char *debian_package_for(const char *msg) {
  static const struct {
    const char *file, *pkg;
  } map[] = {{"twemojis.sty", "texlive-pictures"},
             {"tcolorbox.sty", "texlive-latex-extra"},
             {"enumitem.sty", "texlive-latex-extra"},
             {"fontspec.sty", "texlive-latex-recommended"},
             {"cannot be found", "fonts-sil-padauk fonts-noto-core fonts-dejavu-core"},
             {"longtable.sty", "texlive-latex-base"}};
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (strstr(msg, map[i].file)) return map[i].pkg;
  return NULL;
}

/* The first "! " error of the log, the TeX line it names (l.NNN), and the page position of
 * that line (the last "% cb-src" comment at or before it). */
static void report_tex_error(const char *dir, const char *engine, const char *tex, cb_diag *d) {
  char *logp = path_in(dir, JOB ".log");
  size_t len = 0;
  char *log = cb_file_read(logp, &len);
  char msg[512] = "", where[96] = "";
  long texline = 0;
  if (log) {
    char *p = log;
    while (p && *p) {
      char *nl = strchr(p, '\n');
      size_t n = nl ? (size_t)(nl - p) : strlen(p);
      if (!msg[0] && n > 2 && p[0] == '!' && p[1] == ' ') {
        snprintf(msg, sizeof msg, "%.*s", (int)(n - 2 < 400 ? n - 2 : 400), p + 2);
        /* LaTeX error messages continue on the next line until a blank one */
        char *q = nl ? nl + 1 : NULL;
        while (q && *q && *q != '\n' && strlen(msg) < 400 && strncmp(q, "See the ", 8) != 0 &&
               strncmp(q, "l.", 2) != 0) {
          char *qn = strchr(q, '\n');
          size_t m = qn ? (size_t)(qn - q) : strlen(q);
          size_t cur = strlen(msg);
          snprintf(msg + cur, sizeof msg - cur, "%.*s", (int)m, q);
          q = qn ? qn + 1 : NULL;
        }
      } else if (msg[0] && n > 2 && p[0] == 'l' && p[1] == '.' && p[2] >= '0' && p[2] <= '9') {
        char *end;
        texline = strtol(p + 2, &end, 10);
        while (*end == ' ')
          end++;
        size_t m = (size_t)(p + n - end); /* the TeX input up to the error */
        const char *dots = "";
        if (m > 60) {
          end += m - 60;
          m = 60;
          dots = "...";
        }
        snprintf(where, sizeof where, "%s%.*s", dots, (int)m, end);
        break;
      }
      p = nl ? nl + 1 : NULL;
    }
    free(log);
  }
  cb_pos pos = {0};
  char *src_file = NULL;
  if (texline > 0 && tex) { /* map the TeX line back to the page */
    long line = 1;
    for (const char *p = tex; *p && line <= texline; line++) {
      const char *nl = strchr(p, '\n');
      if (strncmp(p, "% cb-src ", 9) == 0) {
        const char *s = p + 9, *e = nl ? nl : p + strlen(p);
        const char *colon = e;
        while (colon > s && colon[-1] != ':')
          colon--;
        if (colon > s) {
          free(src_file);
          src_file = cb_xmalloc((size_t)(colon - s));
          memcpy(src_file, s, (size_t)(colon - s - 1));
          src_file[colon - s - 1] = '\0';
          pos.line = (int)strtol(colon, NULL, 10);
        }
      }
      if (!nl) break;
      p = nl + 1;
    }
    pos.file = src_file;
  }
  const char *pkg = debian_package_for(msg);
  if (!msg[0]) snprintf(msg, sizeof msg, "%s failed without an error message", engine);
  cb_error(d, pos, "%s: %s%s%s%s%s%s (LaTeX line %ld; log kept in %s)", engine, msg,
           where[0] ? " at: " : "", where, pkg ? " (install the Debian packages " : "",
           pkg ? pkg : "", pkg ? ")" : "", texline, logp);
  free(src_file);
  free(logp);
}

int cb_render_pdf(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d) {
  const char *engine = opt->pdf_engine ? opt->pdf_engine : "xelatex";
  if (strcmp(engine, "xelatex") != 0 && strcmp(engine, "lualatex") != 0) {
    cb_error(d, (cb_pos){0}, "unknown PDF engine '%s' (xelatex or lualatex)", engine);
    return -1;
  }
  cb_buf tex = CB_BUF_INIT;
  if (cb_render_latex(book, opt, &tex, d) != 0) {
    cb_buf_free(&tex);
    return -1;
  }
  const char *keep = getenv("COURSEBOOK_KEEP_TEX");
  const char *base = keep && *keep ? keep : getenv("TMPDIR");
  if (!base || !*base) base = "/tmp";
  char *dir = path_in(base, "coursebook-XXXXXX");
  int rc = -1;
  if (!mkdtemp(dir)) {
    cb_error(d, (cb_pos){0}, "cannot make a temporary directory in %s: %s", base, strerror(errno));
    free(dir);
    cb_buf_free(&tex);
    return -1;
  }
  bool keep_dir = keep && *keep;
  char *texp = path_in(dir, JOB ".tex");
  bool progress = isatty(STDERR_FILENO) && d->stream == stderr && !d->quiet;
  cb_buf prev = CB_BUF_INIT, cur = CB_BUF_INIT;
  if (write_all(texp, tex.data, tex.len) != 0) {
    cb_error(d, (cb_pos){texp, 0, 0}, "cannot write: %s", strerror(errno));
    goto done;
  }
  snapshot(dir, &prev);
  for (int pass = 1; pass <= MAX_PASSES; pass++) {
    if (progress) fprintf(stderr, "coursebook: %s pass %d...\n", engine, pass);
    int exec_errno = 0;
    int st = run_engine(engine, dir, opt->source_date_epoch, &exec_errno);
    if (st == 127 && exec_errno) {
      if (exec_errno == ENOENT)
        cb_error(d, (cb_pos){0},
                 "%s not found: install the Debian packages %s texlive-latex-extra "
                 "texlive-pictures fonts-sil-padauk fonts-noto-core fonts-noto-color-emoji",
                 engine, strcmp(engine, "xelatex") == 0 ? "texlive-xetex" : "texlive-luatex");
      else
        cb_error(d, (cb_pos){0}, "cannot run %s: %s", engine, strerror(exec_errno));
      goto done;
    }
    if (st != 0) {
      if (st < 0)
        cb_error(d, (cb_pos){0}, "%s did not finish (killed or timed out); files kept in %s",
                 engine, dir);
      else
        report_tex_error(dir, engine, tex.data, d);
      keep_dir = true;
      goto done;
    }
    snapshot(dir, &cur);
    bool stable = cur.len == prev.len && memcmp(cur.data, prev.data, cur.len) == 0;
    cb_buf t = prev;
    prev = cur;
    cur = t;
    if (stable) break;
  }
  {
    char *pdfp = path_in(dir, JOB ".pdf");
    size_t len = 0;
    char *pdf = cb_file_read(pdfp, &len);
    if (!pdf) {
      cb_error(d, (cb_pos){0}, "%s produced no PDF; files kept in %s", engine, dir);
      keep_dir = true;
    } else {
      cb_buf_put(out, pdf, len);
      free(pdf);
      rc = 0;
    }
    free(pdfp);
  }
done:
  if (!keep_dir) remove_dir(dir);
  cb_buf_free(&prev);
  cb_buf_free(&cur);
  cb_buf_free(&tex);
  free(texp);
  free(dir);
  return rc;
}
