/* LaTeX escaping.  The rule is simple and complete: bytes that are letters, digits or harmless
 * punctuation go through; every other ASCII character becomes a text command or a braced
 * form; control characters disappear; UTF-8 above ASCII goes through as characters (both
 * engines read UTF-8 and no Unicode character has a special catcode in LaTeX). */
#include "latex_escape.h"

#include <ctype.h>
#include <string.h>

static bool is_ascii_alnum(unsigned char c) {
  return c < 128 && isalnum(c);
}

/* Characters after which a printed URL or a code line may break. */
static bool url_break_after(unsigned char c) {
  return c && strchr("/.?&=#-_:;,+%~", c) != NULL;
}
static bool code_break_after(unsigned char c) {
  return c && strchr("/.,;:=+-*&|_)]}>(<[{\\", c) != NULL;
}

static void put_escaped(cb_buf *b, const char *s, size_t len, unsigned flags);

/* Words longer than this many ASCII bytes (URLs shown as text, identifiers, hashes) get the
 * URL break points, so that they cannot run into the margin. */
#define LONG_WORD 24

void cb_latex_put_text(cb_buf *b, const char *s, size_t len, unsigned flags) {
  if (flags & (CB_LTX_URL | CB_LTX_CODE)) {
    put_escaped(b, s, len, flags);
    return;
  }
  size_t i = 0;
  while (i < len) {
    size_t j = i, ascii = 0;
    while (j < len && s[j] != ' ' && s[j] != '\n') {
      if (!((unsigned char)s[j] & 0x80)) ascii++;
      j++;
    }
    while (j < len && (s[j] == ' ' || s[j] == '\n'))
      j++; /* the word with its spaces */
    put_escaped(b, s + i, j - i, ascii > LONG_WORD ? CB_LTX_URL : 0);
    i = j;
  }
}

static void put_escaped(cb_buf *b, const char *s, size_t len, unsigned flags) {
  size_t run = 0; /* characters since the last break opportunity (URL and code) */
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    unsigned char next = i + 1 < len ? (unsigned char)s[i + 1] : 0;
    switch (c) {
    case '\\': cb_buf_puts(b, "\\textbackslash{}"); break;
    case '{': cb_buf_puts(b, "\\{"); break;
    case '}': cb_buf_puts(b, "\\}"); break;
    case '$': cb_buf_puts(b, "\\$"); break;
    case '&': cb_buf_puts(b, "\\&"); break;
    case '#': cb_buf_puts(b, "\\#"); break;
    case '%': cb_buf_puts(b, "\\%"); break;
    case '_': cb_buf_puts(b, "\\_"); break;
    case '^': cb_buf_puts(b, "\\textasciicircum{}"); break;
    case '~': cb_buf_puts(b, "\\textasciitilde{}"); break;
    case '<': cb_buf_puts(b, "\\textless{}"); break;
    case '>': cb_buf_puts(b, "\\textgreater{}"); break;
    case '|': cb_buf_puts(b, "\\textbar{}"); break;
    case '"': cb_buf_puts(b, "\\textquotedbl{}"); break;
    case '\'': cb_buf_puts(b, "\\textquotesingle{}"); break;
    case '`': cb_buf_puts(b, "\\textasciigrave{}"); break;
    /* braced, so they cannot be read as an optional argument after \item or \\ */
    case '[': cb_buf_puts(b, "{[}"); break;
    case ']': cb_buf_puts(b, "{]}"); break;
    /* "--", "---" and ",," are ligatures with TeX's font mapping */
    case '-': cb_buf_puts(b, next == '-' || next == 0 ? "-{}" : "-"); break;
    case ',': cb_buf_puts(b, next == ',' ? ",{}" : ","); break;
    case '\t':
      if (flags & CB_LTX_CODE)
        cb_buf_puts(b, "\\ \\ \\ \\ ");
      else
        cb_buf_putc(b, ' ');
      break;
    case ' ':
      cb_buf_puts(b, (flags & CB_LTX_CODE) ? "\\ " : " ");
      run = 0;
      continue;
    case '\n':
    case '\r': cb_buf_putc(b, ' '); break;
    default:
      if (c < 0x20 || c == 0x7f) continue; /* control characters: nothing printable */
      cb_buf_putc(b, (char)c);
      /* U+2028/U+2029 (E2 80 A8/A9) would end a line: make them spaces */
      if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
          ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
        b->len--;
        b->data[b->len] = '\0';
        cb_buf_putc(b, ' ');
        i += 2;
        continue;
      }
      break;
    }
    if (flags & (CB_LTX_URL | CB_LTX_CODE)) {
      bool brk = (flags & CB_LTX_URL) ? url_break_after(c) : code_break_after(c);
      if (c < 128) run++;
      /* long runs of letters (hashes, ids) may break every few characters; UTF-8 sequences
       * are never split because only ASCII counts and breaks come after ASCII */
      if (c < 128 && (brk || (run >= 12 && is_ascii_alnum(c) && is_ascii_alnum(next)))) {
        cb_buf_puts(b, "\\cbbrk{}");
        run = 0;
      }
    }
  }
}

void cb_latex_put_url(cb_buf *b, const char *url) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
    unsigned char c = *p;
    switch (c) {
    case '%': cb_buf_puts(b, "\\%"); break;
    case '#': cb_buf_puts(b, "\\#"); break;
    case '&': cb_buf_puts(b, "\\&"); break;
    case '_': cb_buf_puts(b, "\\_"); break;
    case '$': cb_buf_puts(b, "\\$"); break;
    case '~': cb_buf_puts(b, "\\~"); break;
    default:
      if (c <= 0x20 || c >= 0x7f || strchr("\\{}^`\"<>|", c)) {
        cb_buf_puts(b, "\\%");
        cb_buf_putc(b, hex[c >> 4]);
        cb_buf_putc(b, hex[c & 15]);
      } else {
        cb_buf_putc(b, (char)c);
      }
    }
  }
}

/* ---- math ---- */

/* Control words refused in math: file I/O, definitions, catcodes, expansion tricks, loops,
 * engine hooks, mode and document structure.  Matched exactly. */
static const char *const math_deny[] = {"input",
                                        "include",
                                        "includeonly",
                                        "InputIfFileExists",
                                        "IfFileExists",
                                        "endinput",
                                        "write",
                                        "immediate",
                                        "openout",
                                        "openin",
                                        "closeout",
                                        "closein",
                                        "read",
                                        "readline",
                                        "newwrite",
                                        "newread",
                                        "message",
                                        "errmessage",
                                        "typeout",
                                        "special",
                                        "shipout",
                                        "output",
                                        "catcode",
                                        "uccode",
                                        "lccode",
                                        "sfcode",
                                        "mathcode",
                                        "delcode",
                                        "makeatletter",
                                        "makeatother",
                                        "ExplSyntaxOn",
                                        "ExplSyntaxOff",
                                        "scantokens",
                                        "detokenize",
                                        "def",
                                        "edef",
                                        "gdef",
                                        "xdef",
                                        "let",
                                        "futurelet",
                                        "global",
                                        "long",
                                        "outer",
                                        "protected",
                                        "newcommand",
                                        "renewcommand",
                                        "providecommand",
                                        "DeclareRobustCommand",
                                        "DeclareMathOperator",
                                        "newenvironment",
                                        "renewenvironment",
                                        "NewDocumentCommand",
                                        "RenewDocumentCommand",
                                        "ProvideDocumentCommand",
                                        "DeclareDocumentCommand",
                                        "NewDocumentEnvironment",
                                        "NewCommandCopy",
                                        "csdef",
                                        "csgdef",
                                        "csedef",
                                        "csxdef",
                                        "cslet",
                                        "letcs",
                                        "csletcs",
                                        "newrobustcmd",
                                        "renewrobustcmd",
                                        "providerobustcmd",
                                        "appto",
                                        "gappto",
                                        "preto",
                                        "gpreto",
                                        "apptocmd",
                                        "pretocmd",
                                        "patchcmd",
                                        "AtBeginDocument",
                                        "AtEndDocument",
                                        "csname",
                                        "endcsname",
                                        "expandafter",
                                        "noexpand",
                                        "unexpanded",
                                        "afterassignment",
                                        "aftergroup",
                                        "char",
                                        "chardef",
                                        "mathchardef",
                                        "countdef",
                                        "dimendef",
                                        "skipdef",
                                        "toksdef",
                                        "newtoks",
                                        "everymath",
                                        "everydisplay",
                                        "everypar",
                                        "everyjob",
                                        "everyhbox",
                                        "everyvbox",
                                        "everycr",
                                        "everyeof",
                                        "loop",
                                        "repeat",
                                        "iterate",
                                        "usepackage",
                                        "RequirePackage",
                                        "documentclass",
                                        "begin",
                                        "end",
                                        "stop",
                                        "dump",
                                        "batchmode",
                                        "nonstopmode",
                                        "scrollmode",
                                        "errorstopmode",
                                        "jobname",
                                        "includegraphics",
                                        "url",
                                        "href",
                                        "hypersetup",
                                        "openin",
                                        "pagestyle",
                                        "directlua",
                                        "latelua",
                                        "luaexec",
                                        "luadirect",
                                        "luacode",
                                        "primitive",
                                        "pdfprimitive",
                                        "hyperref",
                                        "hyperlink",
                                        "hypertarget",
                                        "label",
                                        "ref",
                                        "vadjust",
                                        "insert",
                                        "mark",
                                        "marks",
                                        "setbox",
                                        "box",
                                        "copy",
                                        "vbox",
                                        "vtop",
                                        "lowercase",
                                        "uppercase",
                                        "string",
                                        "meaning",
                                        "number",
                                        "romannumeral",
                                        "the",
                                        "showthe",
                                        "show",
                                        "showbox",
                                        "showlists",
                                        "tracingall",
                                        "tracingonline",
                                        "errhelp",
                                        "halt",
                                        "par",
                                        "footnote",
                                        "footnotetext",
                                        "ifx",
                                        "ifcat",
                                        "ifnum",
                                        "ifdim",
                                        "ifcase",
                                        "iftrue",
                                        "iffalse",
                                        "fi",
                                        "else",
                                        "or",
                                        NULL};
/* Prefixes refused: engine primitives and families of file commands. */
static const char *const math_deny_prefix[] = {"pdf",     "XeTeX", "lua",  "tracing", "input",
                                               "include", "write", "read", "open",    "tcb",
                                               "every",   "if",    NULL};
/* Environments allowed inside math (\begin{..} is otherwise refused). */
static const char *const math_envs[] = {
    "matrix",    "pmatrix", "bmatrix",   "Bmatrix",  "vmatrix",  "Vmatrix",   "smallmatrix",
    "cases",     "aligned", "alignedat", "gathered", "split",    "array",     "subarray",
    "align",     "align*",  "gather",    "gather*",  "equation", "equation*", "multline",
    "multline*", "alignat", "alignat*",  "flalign",  "flalign*", NULL};

static bool word_denied(const char *w, size_t n) {
  for (const char *const *p = math_deny; *p; p++)
    if (strlen(*p) == n && memcmp(*p, w, n) == 0) return true;
  for (const char *const *p = math_deny_prefix; *p; p++) {
    size_t k = strlen(*p);
    /* \iff, \ifthen-like math symbols are fine: only refuse the conditional primitives, which
     * are in the exact list; "if" as a prefix covers \ifdefined, \ifcsname, ... */
    if (strcmp(*p, "if") == 0 && (n == 3 && memcmp(w, "iff", 3) == 0)) continue;
    if (n >= k && memcmp(*p, w, k) == 0) return true;
  }
  return false;
}

static bool env_allowed(const char *w, size_t n) {
  for (const char *const *p = math_envs; *p; p++)
    if (strlen(*p) == n && memcmp(*p, w, n) == 0) return true;
  return false;
}

const char *cb_latex_math_refusal(cb_arena *a, const char *src, size_t len) {
  long depth = 0;
  /* TeX turns ^^xx into a character before it reads control sequences, so "\^^69nput" is
   * \input: refuse ^^ anywhere, including right after a backslash that the scan below skips. */
  for (size_t i = 0; i + 1 < len; i++)
    if (src[i] == '^' && src[i + 1] == '^') return "the ^^ notation";
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)src[i];
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') return "a control character";
    if (c == '{') depth++;
    if (c == '}' && --depth < 0) return "an unbalanced '}'";
    if (c != '\\') continue;
    if (i + 1 >= len) return "a lone backslash at the end";
    size_t j = i + 1;
    while (j < len && isalpha((unsigned char)src[j]))
      j++;
    if (j == i + 1) { /* control symbol: only the math-mode switches are refused */
      char s = src[i + 1];
      if (s == '(' || s == ')' || s == '[' || s == ']')
        return cb_sprintf(a, "'\\%c' (it leaves math mode)", s);
      i++; /* skip the symbol (e.g. \\ or \{) */
      continue;
    }
    const char *w = src + i + 1;
    size_t n = j - i - 1;
    bool env = (n == 5 && memcmp(w, "begin", 5) == 0) || (n == 3 && memcmp(w, "end", 3) == 0);
    if (env) {
      size_t k = j;
      while (k < len && (src[k] == ' ' || src[k] == '\t'))
        k++;
      if (k < len && src[k] == '{') {
        size_t e = k + 1;
        while (e < len && src[e] != '}' && src[e] != '{' && src[e] != '\\')
          e++;
        if (e < len && src[e] == '}' && env_allowed(src + k + 1, e - k - 1)) {
          i = j - 1;
          continue;
        }
        return cb_sprintf(a, "the environment '%.*s'", (int)(e - k - 1 < 40 ? e - k - 1 : 40),
                          src + k + 1);
      }
    }
    if (word_denied(w, n)) return cb_sprintf(a, "the command '\\%.*s'", (int)(n < 40 ? n : 40), w);
    i = j - 1;
  }
  if (depth != 0) return "an unbalanced '{'";
  return NULL;
}

void cb_latex_put_math(cb_buf *b, const char *src, size_t len) {
  for (size_t i = 0; i < len; i++) {
    char c = src[i];
    if (c == '\\' && i + 1 < len) { /* keep control symbols such as \% \$ \\ intact */
      cb_buf_putc(b, c);
      cb_buf_putc(b, src[++i] == '\n' ? ' ' : src[i]);
      continue;
    }
    switch (c) {
    case '%': cb_buf_puts(b, "\\%"); break;
    case '#': cb_buf_puts(b, "\\#"); break;
    case '$': cb_buf_puts(b, "\\$"); break;
    case '\n':
    case '\r': cb_buf_putc(b, ' '); break;
    default: cb_buf_putc(b, c);
    }
  }
}

bool cb_latex_safe_name(const char *name) {
  if (!name || !*name) return false;
  for (const char *p = name; *p; p++)
    if (!is_ascii_alnum((unsigned char)*p) && !strchr(" -_./+", *p)) return false;
  return true;
}
