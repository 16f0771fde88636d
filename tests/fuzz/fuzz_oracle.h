/* Oracles shared by the fuzz harnesses: besides "no crash, no hang, no leak" (the sanitizers and
 * libFuzzer's -timeout), the outputs must keep the security promises of the standards:
 *  - HTML: no script/iframe/object/embed element, no on* handler attribute, no javascript:/
 *    vbscript: URL in an attribute;
 *  - LaTeX: the document body holds no command that reads or writes files, runs programs,
 *    redefines anything or changes catcodes, and no ^^ notation (which could spell them);
 *  - no file outside the course (a sentinel planted next to the sandboxed course) is ever read
 *    into an output.
 * A broken promise aborts, so libFuzzer records the input as a crash. */
#ifndef CB_FUZZ_ORACLE_H
#define CB_FUZZ_ORACLE_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The text of the file planted outside the course: never to be seen in any output. */
#define FUZZ_SECRET "CBFUZZ-SECRET-0e1f9a7c-OUTSIDE-THE-COURSE"

static inline void fuzz_fail(const char *what, const char *out, size_t len, size_t at) {
  size_t from = at > 60 ? at - 60 : 0;
  size_t to = at + 60 < len ? at + 60 : len;
  fprintf(stderr, "\n*** oracle: %s at byte %zu: ...%.*s...\n", what, at, (int)(to - from),
          out + from);
  abort();
}

static inline const char *fuzz_memmem(const char *h, size_t hn, const char *n) {
  size_t nn = strlen(n);
  if (nn == 0 || hn < nn) return NULL;
  const char *end = h + hn - nn;
  for (const char *p = h; p <= end; p++) {
    p = memchr(p, n[0], (size_t)(end - p) + 1);
    if (!p) return NULL;
    if (memcmp(p, n, nn) == 0) return p;
  }
  return NULL;
}

static inline void fuzz_b64(const unsigned char *in, size_t n, char *out) {
  static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t o = 0;
  for (size_t i = 0; i + 2 < n; i += 3) {
    unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
    out[o++] = tbl[v >> 18 & 63];
    out[o++] = tbl[v >> 12 & 63];
    out[o++] = tbl[v >> 6 & 63];
    out[o++] = tbl[v & 63];
  }
  out[o] = '\0'; /* whole triples only: a prefix of any base64 data: URI of the file */
}

/* The sandbox: DIR/site is the course root (with a real image, an _includes file and a symlink
 * pointing out of the tree), DIR/outside holds the secret as .png, .txt and .html. */
static char fuzz_dir[256], fuzz_site[300], fuzz_page[320], fuzz_secret_b64[128];

static inline void fuzz_write(const char *dir, const char *name, const void *data, size_t n) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "wb");
  if (!f) {
    perror(p);
    abort();
  }
  fwrite(data, 1, n, f);
  fclose(f);
}

static inline void fuzz_sandbox(void) {
  if (fuzz_dir[0]) return;
  /* One fixed place, made idempotently: fork mode starts many processes. */
  snprintf(fuzz_dir, sizeof fuzz_dir, "%s/cbfuzz-sandbox-%u",
           getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (unsigned)getuid());
  mkdir(fuzz_dir, 0700);
  char p[512];
  snprintf(fuzz_site, sizeof fuzz_site, "%s/site", fuzz_dir);
  mkdir(fuzz_site, 0700);
  snprintf(fuzz_page, sizeof fuzz_page, "%s/page.md", fuzz_site);
  snprintf(p, sizeof p, "%s/outside", fuzz_dir);
  mkdir(p, 0700);
  const char *s = FUZZ_SECRET "\n";
  fuzz_write(p, "secret.png", s, strlen(s));
  fuzz_write(p, "secret.txt", s, strlen(s));
  fuzz_write(p, "secret.html", s, strlen(s));
  fuzz_b64((const unsigned char *)s, strlen(s), fuzz_secret_b64);
  snprintf(p, sizeof p, "%s/assets", fuzz_site);
  mkdir(p, 0700);
  /* A 1x1 PNG so the image paths of the backends run on a real file. */
  static const unsigned char png[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
      0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
      0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
      0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
      0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  fuzz_write(p, "a.png", png, sizeof png);
  char link[512];
  snprintf(link, sizeof link, "%s/outside/secret.png", fuzz_dir);
  snprintf(p, sizeof p, "%s/assets/escape.png", fuzz_site);
  unlink(p);
  if (symlink(link, p) != 0) perror("symlink");
  snprintf(p, sizeof p, "%s/_includes", fuzz_site);
  mkdir(p, 0700);
  const char *inc = "included **text** {{ include.x }}\n";
  fuzz_write(p, "note.html", inc, strlen(inc));
  snprintf(link, sizeof link, "%s/outside/secret.html", fuzz_dir);
  snprintf(p, sizeof p, "%s/_includes/escape.html", fuzz_site);
  unlink(p);
  if (symlink(link, p) != 0) perror("symlink");
}

/* libFuzzer learns the strings the oracle compares against (memcmp hooks) and writes them into
 * pages; a page that names a marker itself proves nothing, so such inputs are not judged. */
static inline bool fuzz_input_names_secret(const char *in, size_t n) {
  static const char *const marks[] = {"SECRET", "cbfuzz", "Q0JGVVpa", NULL};
  for (const char *const *m = marks; *m; m++)
    for (size_t i = 0; i + strlen(*m) <= n; i++)
      if (strncasecmp(in + i, *m, strlen(*m)) == 0) return true;
  return false;
}

static inline void fuzz_check_secret(const char *out, size_t len) {
  const char *p = fuzz_memmem(out, len, FUZZ_SECRET);
  if (p)
    fuzz_fail("a file outside the course was read into the output", out, len, (size_t)(p - out));
  p = fuzz_memmem(out, len, fuzz_secret_b64);
  if (p) fuzz_fail("a file outside the course was embedded (base64)", out, len, (size_t)(p - out));
  char abs[512]; /* the resolved path (the page's own text may well say "../outside/secret") */
  snprintf(abs, sizeof abs, "%s/outside/", fuzz_dir);
  p = fuzz_memmem(out, len, abs);
  if (p) fuzz_fail("a path outside the course is named in the output", out, len, (size_t)(p - out));
}

/* ---- HTML: a small tag scanner over the serialiser's regular output ---------------------- */

static inline bool fuzz_dangerous_url(const char *v, size_t n, bool decode) {
  /* decode: v is an attribute value as written (character references decoded first).  Then
   * drop what browsers ignore in a scheme. */
  char s[16];
  size_t k = 0;
  for (size_t i = 0; i < n && k < sizeof s - 1;) {
    unsigned c = (unsigned char)v[i];
    if (c == '&' && decode) {
      size_t j = i + 1;
      unsigned cp = 0;
      if (j < n && v[j] == '#') {
        j++;
        bool hex = j < n && (v[j] == 'x' || v[j] == 'X');
        if (hex) j++;
        while (j < n && isxdigit((unsigned char)v[j])) {
          cp = cp * (hex ? 16 : 10) + (unsigned)(isdigit((unsigned char)v[j])
                                                     ? v[j] - '0'
                                                     : (tolower((unsigned char)v[j]) - 'a' + 10));
          if (cp > 0x10ffff) cp = 0x10ffff;
          j++;
        }
        if (j < n && v[j] == ';') j++;
        c = cp;
      } else if (n - j >= 4 && strncasecmp(v + j, "tab;", 4) == 0) {
        c = '\t', j += 4;
      } else if (n - j >= 8 && strncasecmp(v + j, "newline;", 8) == 0) {
        c = '\n', j += 8;
      } else if (n - j >= 6 && strncasecmp(v + j, "colon;", 6) == 0) {
        c = ':', j += 6;
      } else {
        j = i + 1;
      }
      i = j;
    } else {
      i++;
    }
    if (c <= 0x20 && k == 0) continue;
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c > 0x7f) break; /* no scheme has non-ASCII letters: whatever follows is not one */
    s[k++] = (char)tolower((int)c);
    if (c == ':') break;
  }
  s[k] = '\0';
  return strncmp(s, "javascript:", 11) == 0 || strncmp(s, "vbscript:", 9) == 0 ||
         strncmp(s, "livescript:", 11) == 0;
}

/* Attributes a browser follows as URLs (an unknown attribute holding "javascript:" is inert). */
static inline bool fuzz_url_attribute(const char *name, size_t n) {
  static const char *const urls[] = {
      "href",    "src",        "action",  "formaction", "xlink:href", "data",
      "poster",  "background", "cite",    "longdesc",   "usemap",     "dynsrc",
      "lowsrc",  "srcset",     "ping",    "manifest",   "codebase",   "classid",
      "archive", "icon",       "content", NULL};
  for (const char *const *u = urls; *u; u++)
    if (strlen(*u) == n && strncasecmp(*u, name, n) == 0) return true;
  return false;
}

static inline void fuzz_check_html(const char *out, size_t len) {
  static const char *const bad_tags[] = {"script", "iframe", "object", "embed",
                                         "applet", "frame",  "base",   NULL};
  for (size_t i = 0; i < len; i++) {
    if (out[i] != '<') continue;
    size_t t = i + 1;
    if (t < len && out[t] == '/') continue;
    if (t < len && out[t] == '!') continue;
    size_t name = t;
    /* as browsers tokenise: the name runs to white space, '/' or '>' (<script.x> is no script) */
    if (t < len && !isalpha((unsigned char)out[t])) continue;
    while (t < len && !isspace((unsigned char)out[t]) && out[t] != '/' && out[t] != '>')
      t++;
    if (t == name) continue;
    for (const char *const *b = bad_tags; *b; b++) {
      size_t bn = strcspn(*b, " ");
      if (t - name == bn && strncasecmp(out + name, *b, bn) == 0 && (*b)[bn] == '\0')
        fuzz_fail("forbidden element", out, len, i);
    }
    bool in_style = t - name == 5 && strncasecmp(out + name, "style", 5) == 0;
    /* attributes */
    while (t < len && out[t] != '>') {
      while (t < len && (isspace((unsigned char)out[t]) || out[t] == '/'))
        t++;
      size_t an = t;
      while (t < len && !isspace((unsigned char)out[t]) && out[t] != '=' && out[t] != '>' &&
             out[t] != '/')
        t++;
      size_t alen = t - an;
      if (alen == 0) {
        if (t < len && out[t] == '=')
          t++; /* stray '=' */
        else
          continue;
      }
      if (alen > 2 && strncasecmp(out + an, "on", 2) == 0)
        fuzz_fail("event-handler attribute", out, len, an);
      const char *v = NULL;
      size_t vn = 0;
      if (t < len && out[t] == '=') {
        t++;
        if (t < len && (out[t] == '"' || out[t] == '\'')) {
          char q = out[t++];
          v = out + t;
          while (t < len && out[t] != q)
            t++;
          vn = (size_t)(out + t - v);
          if (t < len) t++;
        } else {
          v = out + t;
          while (t < len && !isspace((unsigned char)out[t]) && out[t] != '>')
            t++;
          vn = (size_t)(out + t - v);
        }
      }
      if (v && fuzz_url_attribute(out + an, alen) && fuzz_dangerous_url(v, vn, true))
        fuzz_fail("javascript: URL in an attribute", out, len, an);
    }
    /* <style> content comes from styles/, never from the page: skip it. */
    if (in_style) {
      const char *e = fuzz_memmem(out + t, len - t, "</style>");
      if (e) i = (size_t)(e - out);
    }
  }
}

/* ---- LaTeX: the body must not contain dangerous control words ---------------------------- */

static inline void fuzz_check_latex(const char *out, size_t len) {
  const char *body = fuzz_memmem(out, len, "\\begin{document}");
  if (!body) fuzz_fail("no \\begin{document}", out, len, 0);
  size_t b = (size_t)(body - out) + 16;
  static const char *const deny[] = {"input",
                                     "include",
                                     "InputIfFileExists",
                                     "openin",
                                     "openout",
                                     "read",
                                     "readline",
                                     "write",
                                     "immediate",
                                     "catcode",
                                     "lccode",
                                     "uccode",
                                     "mathcode",
                                     "def",
                                     "edef",
                                     "gdef",
                                     "xdef",
                                     "let",
                                     "futurelet",
                                     "csname",
                                     "expandafter",
                                     "directlua",
                                     "luaexec",
                                     "special",
                                     "usepackage",
                                     "documentclass",
                                     "makeatletter",
                                     "newcommand",
                                     "providecommand",
                                     "endinput",
                                     "ShellEscape",
                                     "everypar",
                                     "everymath",
                                     "output",
                                     "jobname",
                                     "loop",
                                     "scantokens",
                                     "detokenize",
                                     "pdfprimitive",
                                     "primitive",
                                     "endcsname",
                                     "newwrite",
                                     "newread",
                                     "closeout",
                                     "closein",
                                     "obeyspaces",
                                     "verb",
                                     "input@path",
                                     "openany",
                                     NULL};
  int ends = 0;
  /* ^^ spells any character, even inside a control word (\^^69nput is \input): none at all. */
  const char *hat = fuzz_memmem(out + b, len - b, "^^");
  if (hat) fuzz_fail("^^ notation in the body", out, len, (size_t)(hat - out));
  for (size_t i = b; i < len; i++) {
    char c = out[i];
    if (c != '\\') continue;
    size_t j = i + 1;
    while (j < len && isalpha((unsigned char)out[j]))
      j++;
    size_t n = j - i - 1;
    if (n == 0) { /* control symbol: skip its character */
      i++;
      continue;
    }
    for (const char *const *d = deny; *d; d++)
      if (strlen(*d) == n && memcmp(*d, out + i + 1, n) == 0)
        fuzz_fail("dangerous control word in the LaTeX body", out, len, i);
    if (n == 3 && memcmp(out + i + 1, "end", 3) == 0 && j + 10 <= len &&
        memcmp(out + j, "{document}", 10) == 0)
      ends++;
    i = j - 1;
  }
  if (ends != 1) fuzz_fail("\\end{document} is not there exactly once", out, len, len - 1);
}

#endif
