/* The Liquid subset Jekyll course pages use, evaluated before Markdown (as Jekyll does).
 *
 *   {% raw %}..{% endraw %}          contents copied literally (not evaluated)
 *   {% comment %}..{% endcomment %}  dropped
 *   {% include video id=.. provider=.. %}, {% include toc title=.. icon=.. %},
 *   {% include figure image_path=.. alt=.. caption=.. class=.. %},
 *   {% include gallery|feature_row [id=..] %}  block placeholders (see read_internal.h)
 *   {% include nav_list nav=.. %}    site.data.navigation[nav] as a Markdown list
 *   {% include NAME k=v %}           the site's own _includes/NAME, expanded here with include.*
 *   {% highlight lang %}..{% endhighlight %}  a fenced code block
 *   {% if %} / elsif / else / {% unless %} / {% case %} / when   on page.*, site.*, variables
 *   {% for x in coll [limit: n] [offset: n] [reversed] %}..{% else %}..{% endfor %}  over
 *                                    arrays of page.*, site.* (site.data.*) and variables,
 *                                    ranges (a..b); forloop.*
 *   {% assign x = expr %}, {% capture x %}..{% endcapture %}  variables
 *   {% link path %}, {% post_url name %}      Jekyll's default permalinks
 *   {{ expr | filter: arg }}         page.*, site.* (the site's _config.yml), include.*,
 *                                    variables, literals; filters relative_url, absolute_url
 *                                    (site.baseurl / site.url), date, date_to_string,
 *                                    date_to_long_string, date_to_xmlschema, default, strip,
 *                                    downcase, upcase, capitalize, append, prepend, escape,
 *                                    replace(_first), remove(_first), strip_html,
 *                                    strip_newlines, size, slugify (markdownify: identity,
 *                                    since the value is parsed as Markdown where it lands)
 * Any other tag: a warning with file:line, the tag is dropped (a block tag's body is kept).
 * An unclosed raw/comment/capture/highlight/for: a warning and the opening tag is dropped, so
 * the scan always moves forward and never prints a tag; an unclosed if/unless/case: a warning
 * (its body is kept or dropped as the condition says).  Loops and includes run under an
 * iteration budget and a nesting limit, so no input makes the expansion run away.
 *
 * A block placeholder always stands on its own output line: text before the tag on its line
 * is ended with a line break, text after it starts a new line.  That is what Jekyll's output
 * does too, since the theme's includes start and end with blank lines.  Every output line
 * records its source line in the context's line map. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "read_frontmatter.h"
#include "read_internal.h"

typedef struct var {
  const char *name;
  const char *value;   /* a string value, or NULL */
  const cb_meta *meta; /* an array or map value (for loops, assign of a list), or NULL */
} var;

/* An open {% for %} loop: forloop.* are answered from here. */
typedef struct loop {
  size_t index, length;
} loop;

typedef struct liq {
  cb_mdctx *c;
  int liquify_depth; /* `liquify` values rendering values (bounded) */
  const char *s;
  size_t n;
  size_t i; /* scan position in s */
  int line; /* source line of s[i] */
  cb_buf *out;
  cb_buf *top;        /* the page's output (out is another while a capture is written) */
  cb_strmap vars_idx; /* name -> index into vars */
  cb_strmap warned;   /* warnings already given (a loop repeats its body's) */
  var *vars;
  size_t n_vars, cap_vars;
  /* Linear-time guards: searches that failed from position p fail from any later p too. */
  size_t no_close[2];            /* no `}}` / `%}` at or after this position */
  size_t no_end[4];              /* no endraw / endcomment / endcapture / endhighlight after this */
  size_t rest_eol, rest_last_nb; /* cached end of line and its last non-blank position */
  /* if / unless / case: one frame per open block; output happens only while all are active */
  struct cond {
    bool parent_active, taken, active, is_case;
    const char *case_val;
    const char *name;
    int line;
  } * conds;
  size_t n_conds, cap_conds;
  loop *loops; /* open for loops, innermost last */
  size_t n_loops, cap_loops;
  size_t iterations; /* loop bodies expanded in all: a budget against runaway output */
  int depth;         /* nesting of loops and site includes */
  struct data_file {
    const char *name;
    const cb_meta *meta; /* NULL: absent or invalid */
  } * data;              /* site.data.* files read so far */
  size_t n_data, cap_data;
  bool fixed_line;    /* expanding a site include: every output line maps to the tag's line */
  size_t no_endfor;   /* no {% endfor %} at or after this position */
  bool markdownified; /* the output being evaluated went through markdownify */
  int loop_ctl;       /* 1: {% continue %}, 2: {% break %} ran; the iteration's rest is idle */
  size_t array_work;  /* items array filters went through in all: a budget, as iterations */
  cb_strmap counters; /* cycle groups' positions, increment/decrement counters */
  /* An include is rendered on its own: its `{%-` strips no white space of the page before
   * the tag (what floor_buf held when the include began). */
  const cb_buf *floor_buf;
  size_t floor_len;
} liq;

#define LIQ_MAX_ITERATIONS 100000
#define LIQ_MAX_ARRAY_WORK 10000000
#define LIQ_MAX_DEPTH      16

static bool active(const liq *L) {
  return !L->loop_ctl && (!L->n_conds || L->conds[L->n_conds - 1].active);
}

/* ---- output with the line map ---- */

static void map_push(cb_mdctx *c, int src_line) {
  if (c->n_lines == c->cap_lines) {
    c->cap_lines = c->cap_lines ? c->cap_lines * 2 : 256;
    c->line_map = cb_xrealloc(c->line_map, c->cap_lines * sizeof *c->line_map);
  }
  c->line_map[c->n_lines++] = src_line;
}

/* Generated text: its line breaks belong to the current source line. */
static void emit_gen(liq *L, const char *s, size_t n) {
  if (L->out == L->top) /* (a capture's text has no lines of the page yet) */
    for (size_t k = 0; k < n; k++)
      if (s[k] == '\n') map_push(L->c, L->line);
  cb_buf_put(L->out, s, n);
}

/* Is the output line being written raw HTML (it starts with a start tag, `<letter`)?  A
 * value written there is not parsed as Markdown. */
static bool in_html_line(const liq *L) {
  const cb_buf *b = L->out;
  size_t s0 = b->len;
  while (s0 && b->data[s0 - 1] != '\n')
    s0--;
  while (s0 < b->len && (b->data[s0] == ' ' || b->data[s0] == '\t'))
    s0++;
  return s0 + 1 < b->len && b->data[s0] == '<' &&
         ((b->data[s0 + 1] | 0x20) >= 'a' && (b->data[s0 + 1] | 0x20) <= 'z');
}

/* Source text s[from..to): copied, the line counter follows it. */
static void emit_src(liq *L, size_t from, size_t to) {
  for (size_t k = from; k < to; k++)
    if (L->s[k] == '\n') {
      if (!L->fixed_line) L->line++;
      if (L->out == L->top) map_push(L->c, L->line);
    }
  cb_buf_put(L->out, L->s + from, to - from);
}

/* Skip source s[i..to) without output. */
static void skip_src(liq *L, size_t to) {
  if (!L->fixed_line)
    for (size_t k = L->i; k < to; k++)
      if (L->s[k] == '\n') L->line++;
  L->i = to;
}

/* Remove trailing whitespace (line breaks too) from the output: `{%-`. */
static void rstrip_out(liq *L) {
  cb_buf *b = L->out;
  size_t floor = b == L->floor_buf ? L->floor_len : 0;
  while (b->len > floor && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t' ||
                            b->data[b->len - 1] == '\n')) {
    if (b->data[b->len - 1] == '\n' && L->c->n_lines > 1 && b == L->top) L->c->n_lines--;
    b->len--;
  }
  if (b->data) b->data[b->len] = 0;
}

/* The current output line holds only indentation or blockquote markers. */
static bool out_line_blank(const liq *L) {
  const cb_buf *b = L->out;
  for (size_t k = b->len; k > 0; k--) {
    char ch = b->data[k - 1];
    if (ch == '\n') return true;
    if (ch != ' ' && ch != '\t' && ch != '>') return false;
  }
  return true;
}

/* Rest of the source line after position j is whitespace (or a line end). */
static bool src_rest_blank(liq *L, size_t j) {
  /* j only grows: scan each source line once */
  if (j >= L->rest_eol || L->rest_eol == 0) {
    const char *e = j < L->n ? memchr(L->s + j, '\n', L->n - j) : NULL;
    L->rest_eol = e ? (size_t)(e - L->s) : L->n;
    L->rest_last_nb = 0;
    bool any = false;
    for (size_t k = j; k < L->rest_eol; k++)
      if (L->s[k] != ' ' && L->s[k] != '\t' && L->s[k] != '\r') {
        L->rest_last_nb = k;
        any = true;
      }
    if (!any) return true;
    return false;
  }
  return L->rest_last_nb < j;
}

/* Put a block placeholder on a line of its own. */
static void emit_block(liq *L, size_t index, size_t after) {
  if (!out_line_blank(L)) emit_gen(L, "\n", 1);
  cb_ph_emit(L->c, L->out, index);
  if (!src_rest_blank(L, after)) emit_gen(L, "\n", 1);
}

static void warn(liq *L, int line, const char *fmt, const char *arg) {
  const char *key = cb_sprintf(L->c->a, "%d\n%s\n%s", line, fmt, arg ? arg : "");
  bool fresh;
  cb_strmap_get(&L->warned, key, strlen(key), 0, &fresh);
  if (fresh) cb_warn(L->c->d, (cb_pos){L->c->file, line, 0}, fmt, arg);
}

/* ---- variables ---- */

static void var_set_meta(liq *L, const char *name, size_t nlen, const char *value,
                         const cb_meta *meta) {
  bool ins;
  long *ix = cb_strmap_get(&L->vars_idx, name, nlen, (long)L->n_vars, &ins);
  if (ins || *ix < 0) { /* absent (a failed lookup leaves -1 behind) */
    *ix = (long)L->n_vars;
    if (L->n_vars == L->cap_vars) {
      L->cap_vars = L->cap_vars ? L->cap_vars * 2 : 16;
      L->vars = cb_xrealloc(L->vars, L->cap_vars * sizeof *L->vars);
    }
    L->vars[L->n_vars].name = cb_strndup(L->c->a, name, nlen);
    L->n_vars++;
  }
  L->vars[*ix].value = value;
  L->vars[*ix].meta = meta;
}

static void var_set(liq *L, const char *name, size_t nlen, const char *value) {
  var_set_meta(L, name, nlen, value, NULL);
}

static const var *var_find(liq *L, const char *name, size_t nlen) {
  if (!L->n_vars) return NULL;
  bool ins;
  long *ix = cb_strmap_get(&L->vars_idx, name, nlen, -1, &ins);
  if (ins || *ix < 0) return NULL;
  return &L->vars[*ix];
}

/* ---- expressions ---- */

static bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}
static bool is_ident(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_' || ch == '-';
}

/* A text as Ruby's String#inspect writes it: quoted, `"` `\\` and control characters escaped
 * (`#` before `{`, `$` or `@` too); other characters as they are. */
static void ruby_str_inspect(cb_buf *b, const char *s) {
  cb_buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    static const char esc[] = {['\n'] = 'n', ['\t'] = 't', ['\r'] = 'r', ['\f'] = 'f',
                               ['\v'] = 'v', ['\b'] = 'b', ['\a'] = 'a', [27] = 'e'};
    if (*p == '"' || *p == '\\' || (*p == '#' && (p[1] == '{' || p[1] == '$' || p[1] == '@')))
      cb_buf_printf(b, "\\%c", *p);
    else if (*p < sizeof esc && esc[*p])
      cb_buf_printf(b, "\\%c", esc[*p]);
    else if (*p < 0x20 || *p == 0x7f)
      cb_buf_printf(b, "\\u%04X", *p);
    else
      cb_buf_putc(b, (char)*p);
  }
  cb_buf_putc(b, '"');
}

/* A map printed as Ruby prints a Hash ({"key"=>"value", "n"=>nil}), as Jekyll's Liquid does. */
static void ruby_inspect(cb_buf *b, const cb_meta *m, int depth) {
  if (depth > 16) return;
  switch (m ? m->type : CB_META_NULL) {
  case CB_META_NULL: cb_buf_puts(b, "nil"); break;
  case CB_META_MAP:
  case CB_META_LIST: {
    bool map = m->type == CB_META_MAP;
    cb_buf_putc(b, map ? '{' : '[');
    for (const cb_meta *e = m->first; e; e = e->next) {
      if (e != m->first) cb_buf_puts(b, ", ");
      if (map) {
        ruby_str_inspect(b, e->key);
        cb_buf_puts(b, "=>");
      }
      ruby_inspect(b, e, depth + 1);
    }
    cb_buf_putc(b, map ? '}' : ']');
    break;
  }
  case CB_META_STRING: ruby_str_inspect(b, m->str); break;
  case CB_META_BOOL: cb_buf_puts(b, m->boolean ? "true" : "false"); break;
  default: cb_buf_puts(b, m->str ? m->str : ""); break;
  }
}

/* Ruby's Float#to_s: the shortest digits that read back as the value, in fixed notation when
 * the decimal exponent allows ("1.5", "8.0", "0.0001"), else "1.0e+16" / "1.0e-05". */
static const char *ruby_float(cb_arena *a, double v) {
  if (isnan(v)) return "NaN";
  if (isinf(v)) return v < 0 ? "-Infinity" : "Infinity";
  char e[40];
  for (int p = 0; p < 17; p++) { /* shortest round trip */
    snprintf(e, sizeof e, "%.*e", p, v);
    if (strtod(e, NULL) == v) break;
  }
  /* e: [-]d[.ddd]e[+-]XX */
  const char *q = e;
  bool neg = *q == '-';
  if (neg) q++;
  char dig[20];
  size_t nd = 0;
  for (; *q && *q != 'e'; q++)
    if (*q != '.' && nd < sizeof dig - 1) dig[nd++] = *q;
  dig[nd] = 0;
  int exp10 = atoi(q + 1), decpt = exp10 + 1;
  cb_buf b = CB_BUF_INIT;
  if (neg) cb_buf_putc(&b, '-');
  if (decpt > -4 && decpt <= 15) {
    if (decpt <= 0) {
      cb_buf_puts(&b, "0.");
      for (int k = decpt; k < 0; k++)
        cb_buf_putc(&b, '0');
      cb_buf_puts(&b, dig);
    } else {
      for (int k = 0; k < decpt; k++)
        cb_buf_putc(&b, (size_t)k < nd ? dig[k] : '0');
      cb_buf_putc(&b, '.');
      if ((size_t)decpt < nd)
        cb_buf_puts(&b, dig + decpt);
      else
        cb_buf_putc(&b, '0');
    }
  } else {
    cb_buf_putc(&b, dig[0]);
    cb_buf_putc(&b, '.');
    cb_buf_puts(&b, nd > 1 ? dig + 1 : "0");
    cb_buf_printf(&b, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
  }
  const char *r = cb_strndup(a, b.data, b.len);
  cb_buf_free(&b);
  return r;
}

static const char *meta_text(cb_arena *a, const cb_meta *m) {
  if (!m) return NULL;
  switch (m->type) {
  /* Ruby's to_s of the number YAML read: `01` is 1, `010` is 8 (octal), `1_000` is 1000; a
   * float (written with a dot) as Float#to_s */
  case CB_META_NUMBER:
    if (m->str && strchr(m->str, '.')) return ruby_float(a, m->number);
    if (fabs(m->number) < 1e18) return cb_sprintf(a, "%.0f", m->number);
    return m->str;
  case CB_META_NULL: return NULL;
  case CB_META_LIST: {
    /* Liquid prints an array as its items joined without separator */
    cb_buf b = CB_BUF_INIT;
    for (const cb_meta *it = m->first; it; it = it->next)
      if (it->str) cb_buf_puts(&b, it->str);
    const char *r = cb_strndup(a, b.data ? b.data : "", b.len);
    cb_buf_free(&b);
    return r;
  }
  case CB_META_MAP: {
    cb_buf b = CB_BUF_INIT;
    ruby_inspect(&b, m, 0);
    const char *r = cb_strndup(a, b.data ? b.data : "", b.len);
    cb_buf_free(&b);
    return r;
  }
  /* Ruby's to_s of the value YAML gave (`False`, `On` and `yes` are booleans) */
  case CB_META_BOOL: return m->boolean ? "true" : "false";
  default: return m->str;
  }
}

/* One step of a path: a map's key, a list's index, or Liquid's size / first / last. */
static const cb_meta *member(liq *L, const cb_meta *m, const char *seg, size_t n,
                             const char **str) {
  if (!m) return NULL;
  if (n == 4 && memcmp(seg, "size", 4) == 0 && m->type != CB_META_MAP) {
    *str = m->type == CB_META_LIST ? cb_sprintf(L->c->a, "%zu", m->count)
                                   : cb_sprintf(L->c->a, "%zu", m->str ? strlen(m->str) : 0);
    return NULL;
  }
  if (m->type == CB_META_LIST) {
    if (n == 5 && memcmp(seg, "first", 5) == 0) return m->first;
    if (n == 4 && memcmp(seg, "last", 4) == 0) return m->last;
    char *end;
    char *num = cb_strndup(L->c->a, seg, n);
    long ix = strtol(num, &end, 10);
    if (*end || end == num) return NULL;
    if (ix < 0) ix += (long)m->count;
    const cb_meta *it = m->first;
    for (long k = 0; it && k < ix; k++)
      it = it->next;
    return ix >= 0 ? it : NULL;
  }
  return cb_meta_key(m, seg, n);
}

/* The site's data file _data/NAME.yml (a map or a list), read once per page. */
static const cb_meta *site_data(liq *L, const char *name, size_t n) {
  if (!L->c->site_root || !n) return NULL;
  for (size_t k = 0; k < L->n_data; k++)
    if (strlen(L->data[k].name) == n && memcmp(L->data[k].name, name, n) == 0)
      return L->data[k].meta;
  const char *nm = cb_strndup(L->c->a, name, n);
  size_t len = 0;
  const char *rel = cb_sprintf(L->c->a, "_data/%s.yml", nm);
  char *text = cb_site_read(L->c->a, L->c->site_root, rel, &len, L->c->d);
  cb_meta *m = NULL;
  if (text && cb_yaml_data_parse(L->c->a, cb_sprintf(L->c->a, "%s/%s", L->c->site_root, rel), text,
                                 len, &m, L->c->d) != 0)
    m = NULL;
  if (L->n_data == L->cap_data) {
    L->cap_data = L->cap_data ? L->cap_data * 2 : 4;
    L->data = cb_xrealloc(L->data, L->cap_data * sizeof *L->data);
  }
  L->data[L->n_data].name = nm;
  L->data[L->n_data++].meta = m;
  return m;
}

/* The increment/decrement counter of that name (created at 0), or NULL when there is none
 * and create is false.  Keyed by the whole name, apart from the cycle groups' keys. */
static long *counter(liq *L, const char *name, size_t n, bool create) {
  cb_buf key = CB_BUF_INIT;
  cb_buf_puts(&key, "i:");
  cb_buf_put(&key, name, n);
  long *cnt = create ? cb_strmap_get(&L->counters, key.data, key.len, 0, NULL)
                     : cb_strmap_find(&L->counters, key.data, key.len);
  cb_buf_free(&key);
  return cnt;
}

/* A variable path: page.*, site.*, include.*, forloop.*, or an assigned / loop variable
 * with members.  Sets *m (a metadata value) or *str (a computed string).  False when the head
 * is unknown (after a warning where Jekyll would print nothing silently wrong). */
static bool resolve(liq *L, const char *path, int line, const cb_meta **m, const char **str) {
  const char *dot = strchr(path, '.');
  size_t hl = dot ? (size_t)(dot - path) : strlen(path);
  const char *rest = dot ? dot + 1 : NULL;
  *m = NULL;
  *str = NULL;
  if (hl == 4 && memcmp(path, "page", 4) == 0) {
    *m = L->c->page;
  } else if (hl == 4 && memcmp(path, "site", 4) == 0) {
    if (!L->c->site) {
      if (!L->c->warned_site) {
        L->c->warned_site = true;
        warn(L, line, "no _config.yml found for this page (use --site-root): %s is empty", path);
      }
      return false;
    }
    *m = L->c->site;
    if (rest && strncmp(rest, "data.", 5) == 0) {
      /* site.data.NAME: the site's _data/NAME.yml */
      const char *nm = rest + 5, *d2 = strchr(nm, '.');
      size_t nl = d2 ? (size_t)(d2 - nm) : strlen(nm);
      *m = site_data(L, nm, nl);
      rest = d2 ? d2 + 1 : NULL;
      if (!*m) return false;
    }
  } else if (hl == 7 && memcmp(path, "forloop", 7) == 0) {
    if (!L->n_loops || !rest) return false;
    const loop *lp = &L->loops[L->n_loops - 1];
    size_t v = 0;
    if (strcmp(rest, "index") == 0)
      v = lp->index + 1;
    else if (strcmp(rest, "index0") == 0)
      v = lp->index;
    else if (strcmp(rest, "rindex") == 0)
      v = lp->length - lp->index;
    else if (strcmp(rest, "rindex0") == 0)
      v = lp->length - lp->index - 1;
    else if (strcmp(rest, "length") == 0)
      v = lp->length;
    else if (strcmp(rest, "first") == 0)
      *str = lp->index == 0 ? "true" : "false";
    else if (strcmp(rest, "last") == 0)
      *str = lp->index + 1 == lp->length ? "true" : "false";
    else
      return false;
    if (!*str) *str = cb_sprintf(L->c->a, "%zu", v);
    return true;
  } else {
    const var *vr = var_find(L, path, hl);
    if (!vr && !rest) { /* an increment/decrement counter is a variable too (after assigns) */
      const long *cnt = counter(L, path, hl, false);
      if (cnt) {
        *str = cb_sprintf(L->c->a, "%ld", *cnt);
        return true;
      }
    }
    if (!vr) {
      if (!(hl == 7 && memcmp(path, "include", 7) == 0))
        warn(L, line, "unknown Liquid variable '%s' (empty)", path);
      return false;
    }
    if (!vr->meta) {
      if (!rest) {
        *str = vr->value;
        return true;
      }
      if (strcmp(rest, "size") == 0) {
        *str = cb_sprintf(L->c->a, "%zu", vr->value ? strlen(vr->value) : 0);
        return true;
      }
      return false; /* a string has no other members */
    }
    *m = vr->meta;
  }
  while (rest && *rest && *m) {
    const char *d2 = strchr(rest, '.');
    size_t n = d2 ? (size_t)(d2 - rest) : strlen(rest);
    *m = member(L, *m, rest, n, str);
    if (*str) return !d2;
    rest = d2 ? d2 + 1 : NULL;
  }
  return *m != NULL;
}

/* A variable path as resolve() takes it: head(.key)*, brackets with quoted keys or numbers
 * become dots, a bracket holding a variable (`exams[current]`) its value, as Liquid looks it
 * up; white space between the parts goes (Liquid's lexer skips it: `page. summary`). */
static const char *eval_value(liq *L, const char *s, size_t n, int line);

static char *liquid_path(liq *L, const char *s, size_t n, int line) {
  cb_buf b = CB_BUF_INIT;
  char q = 0;
  for (size_t k = 0; k < n; k++) {
    char ch = s[k];
    if (q) {
      if (ch == q)
        q = 0;
      else
        cb_buf_putc(&b, ch);
    } else if (ch == '"' || ch == '\'') {
      q = ch;
    } else if (ch == '[') {
      cb_buf_putc(&b, '.');
      size_t e = k + 1, depth = 1;
      char q2 = 0;
      for (; e < n; e++) { /* the matching `]`, outside quotes */
        if (q2) {
          if (s[e] == q2) q2 = 0;
        } else if (s[e] == '"' || s[e] == '\'') {
          q2 = s[e];
        } else if (s[e] == '[') {
          depth++;
        } else if (s[e] == ']' && --depth == 0) {
          break;
        }
      }
      size_t a = k + 1;
      while (a < e && is_space(s[a]))
        a++;
      if (a < e && s[a] != '"' && s[a] != '\'' && s[a] != '-' && !(s[a] >= '0' && s[a] <= '9')) {
        const char *key = eval_value(L, s + a, e - a, line);
        cb_buf_puts(&b, key ? key : "");
        k = e;
      }
    } else if (ch != ']' && !is_space(ch)) {
      cb_buf_putc(&b, ch);
    }
  }
  char *path = cb_strndup(L->c->a, b.data ? b.data : "", b.len);
  cb_buf_free(&b);
  return path;
}

/* The metadata value of a bare path (for loops, assign), or NULL. */
static const cb_meta *eval_meta(liq *L, const char *s, size_t n, int line) {
  while (n && is_space(*s))
    s++, n--;
  while (n && is_space(s[n - 1]))
    n--;
  if (!n || s[0] == '"' || s[0] == '\'' || (s[0] >= '0' && s[0] <= '9')) return NULL;
  char *path = liquid_path(L, s, n, line);
  const cb_meta *m;
  const char *str;
  if (!resolve(L, path, line, &m, &str) || str) return NULL;
  return m;
}

/* A single value: "str", 'str', number, true/false/nil, or a variable path. */
/* A literal or a variable's value as text; *mm (if given) is the value's metadata when it is
 * a variable (lists and maps have no text). */
static const char *eval_value_m(liq *L, const char *s, size_t n, int line, const cb_meta **mm) {
  if (mm) *mm = NULL;
  while (n && is_space(*s))
    s++, n--;
  while (n && is_space(s[n - 1]))
    n--;
  if (!n) return NULL;
  if ((s[0] == '"' || s[0] == '\'') && n >= 2 && s[n - 1] == s[0])
    return cb_strndup(L->c->a, s + 1, n - 2);
  if ((s[0] >= '0' && s[0] <= '9') || s[0] == '-') return cb_strndup(L->c->a, s, n);
  if ((n == 4 && memcmp(s, "true", 4) == 0) || (n == 5 && memcmp(s, "false", 5) == 0))
    return cb_strndup(L->c->a, s, n);
  if ((n == 3 && memcmp(s, "nil", 3) == 0) || (n == 5 && memcmp(s, "empty", 5) == 0)) return NULL;
  char *path = liquid_path(L, s, n, line);
  const cb_meta *m = NULL;
  const char *v = NULL;
  if (resolve(L, path, line, &m, &v)) {
    if (mm && !v) *mm = m;
    return v ? v : meta_text(L->c->a, m);
  }
  return NULL;
}

static const char *eval_value(liq *L, const char *s, size_t n, int line) {
  return eval_value_m(L, s, n, line, NULL);
}

/* Split s at top-level occurrences of sep (outside quotes); returns count, fills parts. */
static size_t split_top(const char *s, size_t n, char sep, const char **ps, size_t *pl,
                        size_t max) {
  size_t cnt = 0, start = 0;
  char q = 0;
  for (size_t k = 0; k <= n; k++) {
    if (k < n && q) {
      if (s[k] == q) q = 0;
      continue;
    }
    if (k < n && (s[k] == '"' || s[k] == '\'')) {
      q = s[k];
      continue;
    }
    if (k == n || s[k] == sep) {
      if (cnt < max) {
        ps[cnt] = s + start;
        pl[cnt] = k - start;
        cnt++;
      }
      start = k + 1;
    }
  }
  return cnt;
}

static const char *trim_dup(cb_arena *a, const char *s, size_t n, size_t *out_n) {
  while (n && is_space(*s))
    s++, n--;
  while (n && is_space(s[n - 1]))
    n--;
  *out_n = n;
  return cb_strndup(a, s, n);
}

/* Jekyll's relative_url with an empty baseurl: a leading slash unless already absolute. */
const char *cb_liquid_relative_url(cb_arena *a, const char *v) {
  if (!v) return NULL;
  for (const char *p = v; *p; p++) {
    if (*p == ':') return v; /* scheme:... */
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '+' || *p == '.' ||
          *p == '-'))
      break;
  }
  if (v[0] == '/') return v;
  return cb_sprintf(a, "/%s", v);
}

const char *cb_site_url(const cb_mdctx *c, const char *v, bool absolute) {
  if (!v) return NULL;
  const char *rel = cb_liquid_relative_url(c->a, v);
  if (rel == v && v[0] != '/') return v; /* scheme:... */
  const char *base = c->site ? cb_meta_str(c->site, "baseurl") : NULL;
  const char *url = absolute && c->site ? cb_meta_str(c->site, "url") : NULL;
  size_t bl = base ? strlen(base) : 0;
  while (bl && base[bl - 1] == '/')
    bl--;
  size_t ul = url ? strlen(url) : 0;
  while (ul && url[ul - 1] == '/')
    ul--;
  return cb_sprintf(c->a, "%.*s%s%.*s%s", (int)ul, url ? url : "", bl && base[0] != '/' ? "/" : "",
                    (int)bl, base ? base : "", rel);
}

static const char *site_url(liq *L, const char *v, bool absolute) {
  return cb_site_url(L->c, v, absolute);
}

/* The date filter: a YAML date / timestamp (as front matter writes them) through strftime
 * (C locale: English names, as Ruby's).  Other values are left unchanged. */
static const char *format_date(liq *L, const char *v, const char *fmt, int line) {
  if (!v || !fmt) return v;
  cb_meta m = {0};
  size_t vn = strlen(v);
  while (vn && is_space(v[vn - 1]))
    vn--;
  cb_yaml_resolve_plain(&m, v, vn);
  /* %Z as Ruby prints it: a Date's "+00:00", a UTC time's "UTC", "" for a fixed offset; a
   * time with no zone is local (the machine's zone: UTC here, as in CI) */
  const char *zone = !m.date.has_time ? "+00:00" : !m.date.has_tz || v[vn - 1] == 'Z' ? "UTC" : "";
  if (m.type != CB_META_DATE) {
    bool utc;
    if (cb_liquid_parse_date(v, vn, &m.date, &utc)) {
      m.type = CB_META_DATE;
      zone = utc ? "UTC" : "";
    }
  }
  if (m.type != CB_META_DATE) {
    warn(L, line, "date filter: '%s' is not a date; left unchanged", v);
    return v;
  }
  struct tm tm = {0};
  tm.tm_year = m.date.year - 1900;
  tm.tm_mon = m.date.month - 1;
  tm.tm_mday = m.date.day;
  tm.tm_hour = m.date.hour;
  tm.tm_min = m.date.min;
  tm.tm_sec = m.date.sec;
  /* weekday and day of the year, which strftime may print (days since 1970-01-01) */
  int y = m.date.year, mo = m.date.month, d = m.date.day;
  if (mo <= 2) y--, mo += 12;
  long days = 365L * y + y / 4 - y / 100 + y / 400 + (153 * (mo - 3) + 2) / 5 + d - 719469;
  tm.tm_wday = (int)(((days % 7) + 11) % 7);
  static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  int yy = m.date.year;
  bool leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
  tm.tm_yday = cum[m.date.month - 1] + m.date.day - 1 + (leap && m.date.month > 2);
  /* Ruby's %:z (an offset with a colon) is not strftime's: expand it first */
  cb_buf f = CB_BUF_INIT;
  for (const char *p = fmt; *p; p++) {
    if (p[0] == '%' && p[1] == ':' && p[2] == 'z') {
      int off = m.date.has_tz ? m.date.tz_minutes : 0;
      cb_buf_printf(&f, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
      p += 2;
    } else if (p[0] == '%' && p[1] == 'z') {
      int off = m.date.has_tz ? m.date.tz_minutes : 0;
      cb_buf_printf(&f, "%c%02d%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
      p++;
    } else if (p[0] == '%' && p[1] == 's') { /* seconds since 1970: the offset counts */
      long long secs = days * 86400LL + m.date.hour * 3600LL + m.date.min * 60LL + m.date.sec -
                       (m.date.has_tz ? m.date.tz_minutes * 60LL : 0);
      cb_buf_printf(&f, "%lld", secs);
      p++;
    } else if (p[0] == '%' && p[1] == 'Z') {
      for (const char *z = zone; *z; z++) /* (a literal for strftime: `%` doubled) */
        cb_buf_puts(&f, *z == '%' ? "%%" : (char[]){*z, 0});
      p++;
    } else {
      cb_buf_putc(&f, *p);
      if (p[0] == '%' && p[1]) cb_buf_putc(&f, *++p);
    }
  }
  char out[256];
  size_t n = f.len ? strftime(out, sizeof out, f.data, &tm) : 0;
  cb_buf_free(&f);
  return cb_strndup(L->c->a, out, n);
}

/* Liquid's replace / remove: every (or the first) occurrence of what, linear in the input. */
static const char *str_replace(cb_arena *a, const char *v, const char *what, const char *with,
                               bool all) {
  size_t wl = strlen(what);
  cb_buf e = CB_BUF_INIT;
  const char *p = v, *hit;
  bool done = false;
  while (!done && (hit = strstr(p, what)) != NULL) {
    cb_buf_put(&e, p, (size_t)(hit - p));
    cb_buf_puts(&e, with);
    p = hit + wl;
    done = !all;
  }
  cb_buf_puts(&e, p);
  const char *r = cb_strndup(a, e.data ? e.data : "", e.len);
  cb_buf_free(&e);
  return r;
}

/* ---- Liquid's number filters ---- */

typedef struct num {
  bool is_int;
  long long i;
  double d;
} num;

/* Liquid's to_number: an integer, a float (with a '.'), anything else 0. */
static num to_num(const char *s) {
  num n = {true, 0, 0};
  if (!s) return n;
  char *end;
  errno = 0;
  long long i = strtoll(s, &end, 10);
  if (end != s && !*end && !errno) {
    n.i = i;
    return n;
  }
  double d = strtod(s, &end);
  if (end != s && !*end) {
    n.is_int = false;
    n.d = d;
  }
  return n;
}

static double as_double(num n) {
  return n.is_int ? (double)n.i : n.d;
}

/* Ruby's Float#to_s for ordinary values: shortest form, always with a decimal point. */
static const char *float_str(cb_arena *a, double d) {
  if (d != d || d > 1e15 || d < -1e15) return cb_sprintf(a, "%g", d);
  char buf[64];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, d);
    if (strtod(buf, NULL) == d) break;
  }
  if (!strchr(buf, '.') && !strchr(buf, 'e')) strcat(buf, ".0");
  return cb_strdup(a, buf);
}

static bool is_math_filter(const char *name) {
  static const char *const names[] = {"plus", "minus", "times", "divided_by", "modulo",  "abs",
                                      "ceil", "floor", "round", "at_least",   "at_most", NULL};
  for (size_t k = 0; names[k]; k++)
    if (strcmp(name, names[k]) == 0) return true;
  return false;
}

/* value | name: arg as Liquid computes it (integers stay integers; a float operand makes a
 * float); NULL for a division by zero. */
static const char *math_filter(cb_arena *a, const char *name, const char *v, const char *arg) {
  num x = to_num(v), y = to_num(arg);
  bool ints = x.is_int && y.is_int;
  double dx = as_double(x), dy = as_double(y);
  if (strcmp(name, "abs") == 0)
    return x.is_int ? cb_sprintf(a, "%lld", x.i < 0 ? -x.i : x.i) : float_str(a, fabs(dx));
  if (strcmp(name, "ceil") == 0) return cb_sprintf(a, "%lld", (long long)ceil(dx));
  if (strcmp(name, "floor") == 0) return cb_sprintf(a, "%lld", (long long)floor(dx));
  if (strcmp(name, "round") == 0) {
    if (!arg) return cb_sprintf(a, "%lld", (long long)llround(dx));
    double f = pow(10, (double)(y.is_int ? y.i : 0));
    return float_str(a, round(dx * f) / f);
  }
  if (strcmp(name, "at_least") == 0 || strcmp(name, "at_most") == 0) {
    bool least = name[3] == 'l';
    bool pick_y = least ? dy > dx : dy < dx;
    num r = pick_y ? y : x;
    return r.is_int ? cb_sprintf(a, "%lld", r.i) : float_str(a, r.d);
  }
  bool div = strcmp(name, "divided_by") == 0, mod = strcmp(name, "modulo") == 0;
  bool add = strcmp(name, "plus") == 0, sub = strcmp(name, "minus") == 0;
  if ((div || mod) && dy == 0) return NULL;
  if (ints) {
    long long p = x.i, q = y.i, r;
    bool over = add            ? __builtin_add_overflow(p, q, &r)
                : sub          ? __builtin_sub_overflow(p, q, &r)
                : !div && !mod ? __builtin_mul_overflow(p, q, &r)
                               : (p == LLONG_MIN && q == -1);
    if (!over && (div || mod)) {
      long long quo = p / q, rem = p % q;
      if (rem && ((rem < 0) != (q < 0))) { /* Ruby floors */
        quo--;
        rem += q;
      }
      r = div ? quo : rem;
    }
    if (!over) return cb_sprintf(a, "%lld", r);
  }
  double r = add   ? dx + dy
             : sub ? dx - dy
             : div ? dx / dy
             : mod ? dx - dy * floor(dx / dy)
                   : dx * dy;
  return float_str(a, r);
}

/* Liquid's split, which is Ruby's String#split: on a single space, at runs of white space
 * (leading ones skipped); on the empty text, into characters; else at each separator; empty
 * pieces at the end dropped. */
static cb_meta *str_meta(cb_arena *a, const char *s);

static const cb_meta *split_text(cb_arena *a, const char *v, const char *sep, cb_pos pos) {
  cb_meta *r = cb_meta_new(a, CB_META_LIST, pos);
  size_t n = strlen(v), sl = strlen(sep), k = 0, empties = 0;
  bool ws = sl == 1 && sep[0] == ' ';
  while (k < n) {
    if (ws)
      while (k < n && is_space(v[k]))
        k++;
    if (k >= n) break;
    size_t e = k + 1;
    if (ws) {
      while (e < n && !is_space(v[e]))
        e++;
    } else if (!sl) {
      while (e < n && ((unsigned char)v[e] & 0xC0) == 0x80)
        e++;
    } else {
      const char *hit = cb_find_str(v + k, n - k, sep);
      e = hit ? (size_t)(hit - v) : n;
    }
    if (e == k) { /* an empty piece: kept only if a piece with text comes after it */
      empties++;
    } else {
      for (; empties; empties--)
        cb_meta_append(r, str_meta(a, ""));
      cb_meta_append(r, str_meta(a, cb_strndup(a, v + k, e - k)));
    }
    k = e + (sl && !ws && e < n ? sl : 0);
  }
  return r;
}

static bool eval_cond(liq *L, const char *s, size_t n, int line);

/* Jekyll's where_exp: "item", "item.week == 3": the items for which the condition holds, the
 * name bound to each in turn (its earlier value given back after). */
static const cb_meta *where_exp(liq *L, const cb_meta *list, const char *name, const char *cond,
                                int line) {
  cb_arena *a = L->c->a;
  cb_meta *r = cb_meta_new(a, CB_META_LIST, list ? list->pos : (cb_pos){0});
  size_t nl = strlen(name);
  const var *old = var_find(L, name, nl);
  var prev = old ? *old : (var){0};
  for (const cb_meta *it = list ? list->first : NULL; it; it = it->next) {
    if (it->type == CB_META_LIST || it->type == CB_META_MAP)
      var_set_meta(L, name, nl, NULL, it);
    else
      var_set_meta(L, name, nl, meta_text(a, it), NULL);
    if (eval_cond(L, cond, strlen(cond), line)) {
      cb_meta *cp = cb_alloc(a, sizeof *cp);
      *cp = *it;
      cp->next = NULL;
      cb_meta_append(r, cp);
    }
  }
  var_set_meta(L, name, nl, prev.value, prev.meta);
  return r;
}

/* expr | filter: arg, arg | ... ; *out_m (if given): the value's metadata when it is a list
 * or map (a variable's, or what an array filter made). */
static const char *eval_expr_m(liq *L, const char *s, size_t n, int line, const cb_meta **out_m) {
  if (out_m) *out_m = NULL;
  const char *ps[32];
  size_t pl[32];
  size_t np = split_top(s, n, '|', ps, pl, 32);
  if (!np) return NULL;
  const cb_meta *vm; /* the value's metadata while no filter has changed it */
  const char *v = eval_value_m(L, ps[0], pl[0], line, &vm);
  cb_arena *a = L->c->a;
  for (size_t f = 1; f < np; f++) {
    const cb_meta *made = NULL; /* metadata the filter gives (an array filter's list) */
    const char *fs = ps[f];
    size_t fl = pl[f];
    const char *colon = memchr(fs, ':', fl);
    size_t nl;
    const char *name = trim_dup(a, fs, colon ? (size_t)(colon - fs) : fl, &nl);
    const char *arg = NULL, *arg2 = NULL;
    if (colon) {
      const char *as[4];
      size_t al[4];
      size_t na = split_top(colon + 1, fl - (size_t)(colon + 1 - fs), ',', as, al, 4);
      if (na) arg = eval_value(L, as[0], al[0], line);
      if (na > 1) arg2 = eval_value(L, as[1], al[1], line);
    }
    const cb_meta *arr = NULL;
    bool over = false; /* (a sort inside a long loop must not make the page quadratic) */
    const cb_meta *list = vm && vm->type == CB_META_LIST ? vm : NULL;
    bool nil = (!vm && (!v || !*v)) || (vm && vm->type == CB_META_NULL);
    bool scalar = !list && (!vm || vm->type != CB_META_MAP); /* (nil too) */
    if (list) {
      L->array_work += vm->count;
      over = L->array_work > LIQ_MAX_ARRAY_WORK;
      if (over)
        warn(L, line, "Liquid array filters went through more than %s items in all; stopped",
             "10000000");
      else
        arr = cb_liquid_array_filter(a, name, vm, arg, arg2);
    } else if (scalar && cb_liquid_is_array_filter(name)) {
      /* nil, or a text: first and last of a text are nil, as of nil; for the others Liquid's
       * InputIterator makes the text a list holding it */
      cb_meta *one = NULL;
      if (!nil && strcmp(name, "first") != 0 && strcmp(name, "last") != 0) {
        one = cb_meta_new(a, CB_META_LIST, vm ? vm->pos : (cb_pos){0});
        cb_meta *it = cb_meta_new(a, CB_META_STRING, one->pos);
        it->str = v;
        cb_meta_append(one, it);
      }
      arr = cb_liquid_array_filter(a, name, one, arg, arg2);
    }
    if (!over && !arr && strcmp(name, "split") == 0 && (scalar || nil)) {
      arr = split_text(a, nil ? "" : v, arg ? arg : " ", vm ? vm->pos : (cb_pos){0});
    } else if (!over && !arr && strcmp(name, "where_exp") == 0 && arg && arg2 && (list || nil)) {
      arr = where_exp(L, list, arg, arg2, line);
    }
    if (over) {
      /* the value unchanged */
    } else if (arr) {
      made = arr->type == CB_META_LIST || arr->type == CB_META_MAP ? arr : NULL;
      v = meta_text(a, arr);
    } else if (strcmp(name, "join") == 0 && (list || scalar)) {
      /* (a text joins to itself, nil to the empty text) */
      cb_buf e = CB_BUF_INIT;
      if (!list && !nil) cb_buf_puts(&e, v);
      for (const cb_meta *it = list ? list->first : NULL; it; it = it->next) {
        const char *t = meta_text(a, it);
        if (it != list->first) cb_buf_puts(&e, arg ? arg : " ");
        if (t) cb_buf_puts(&e, t);
      }
      v = cb_strndup(a, e.data ? e.data : "", e.len);
      cb_buf_free(&e);
    } else if (strcmp(name, "relative_url") == 0 || strcmp(name, "absolute_url") == 0) {
      v = site_url(L, v, name[0] == 'a');
    } else if (strcmp(name, "date") == 0 || strcmp(name, "date_to_string") == 0 ||
               strcmp(name, "date_to_long_string") == 0 || strcmp(name, "date_to_xmlschema") == 0) {
      const char *fmt = name[4] == 0                          ? arg
                        : strcmp(name, "date_to_string") == 0 ? "%d %b %Y"
                        : name[8] == 'l'                      ? "%d %B %Y"
                                                              : "%Y-%m-%dT%H:%M:%S%:z";
      v = format_date(L, v, fmt, line);
    } else if (strcmp(name, "default") == 0) {
      if (!v || !*v || strcmp(v, "false") == 0) v = arg;
    } else if (strcmp(name, "strip") == 0) {
      if (v) v = trim_dup(a, v, strlen(v), &nl);
    } else if (strcmp(name, "downcase") == 0 || strcmp(name, "upcase") == 0) {
      if (v) {
        char *w = cb_strdup(a, v);
        for (char *p = w; *p; p++) {
          if (name[0] == 'd' && *p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
          if (name[0] == 'u' && *p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
        }
        v = w;
      }
    } else if (strcmp(name, "append") == 0) {
      v = cb_sprintf(a, "%s%s", v ? v : "", arg ? arg : "");
    } else if (strcmp(name, "prepend") == 0) {
      v = cb_sprintf(a, "%s%s", arg ? arg : "", v ? v : "");
    } else if (strcmp(name, "escape") == 0 || strcmp(name, "xml_escape") == 0) {
      /* entities, which the Markdown parser turns back into the characters as text */
      if (v) {
        cb_buf e = CB_BUF_INIT;
        for (const char *q = v; *q; q++) {
          switch (*q) {
          case '&': cb_buf_puts(&e, "&amp;"); break;
          case '<': cb_buf_puts(&e, "&lt;"); break;
          case '>': cb_buf_puts(&e, "&gt;"); break;
          case '"': cb_buf_puts(&e, "&quot;"); break;
          case '\'': cb_buf_puts(&e, "&#39;"); break;
          default: cb_buf_putc(&e, *q);
          }
        }
        v = cb_strndup(a, e.data ? e.data : "", e.len);
        cb_buf_free(&e);
      }
    } else if (strcmp(name, "remove") == 0 || strcmp(name, "remove_first") == 0 ||
               strcmp(name, "replace") == 0 || strcmp(name, "replace_first") == 0) {
      bool all = !strstr(name, "_first");
      const char *with = name[2] == 'p' ? (arg2 ? arg2 : "") : "";
      if (v && arg && *arg) v = str_replace(a, v, arg, with, all);
    } else if (strcmp(name, "capitalize") == 0) {
      if (v && *v) {
        char *w = cb_strdup(a, v);
        if (w[0] >= 'a' && w[0] <= 'z') w[0] = (char)(w[0] - 'a' + 'A');
        for (char *p = w + 1; *p; p++)
          if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        v = w;
      }
    } else if (strcmp(name, "strip_html") == 0 || strcmp(name, "strip_newlines") == 0) {
      if (v) {
        cb_buf e = CB_BUF_INIT;
        bool in_tag = false;
        for (const char *q = v; *q; q++) {
          if (name[6] == 'h' && *q == '<') in_tag = true;
          if (!in_tag && !(name[6] == 'n' && (*q == '\n' || *q == '\r'))) cb_buf_putc(&e, *q);
          if (name[6] == 'h' && *q == '>') in_tag = false;
        }
        v = cb_strndup(a, e.data ? e.data : "", e.len);
        cb_buf_free(&e);
      }
    } else if (is_math_filter(name)) {
      const char *r = math_filter(a, name, v, arg);
      if (r)
        v = r;
      else
        warn(L, line, "Liquid filter '%s': division by zero (value left unchanged)", name);
    } else if (strcmp(name, "size") == 0) {
      /* items of a list or map, else characters (not bytes) of the text */
      size_t count = 0;
      if (vm && (vm->type == CB_META_LIST || vm->type == CB_META_MAP)) {
        for (const cb_meta *e = vm->first; e; e = e->next)
          count++;
      } else {
        for (const char *q = v ? v : ""; *q; q++)
          count += ((unsigned char)*q & 0xC0) != 0x80;
      }
      v = cb_sprintf(a, "%zu", count);
    } else if (strcmp(name, "slugify") == 0) {
      /* Jekyll's default mode: lower case, runs of non-alphanumerics become one '-' */
      if (v) {
        cb_buf e = CB_BUF_INIT;
        bool dash = false;
        for (const unsigned char *q = (const unsigned char *)v; *q; q++) {
          bool keep = (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q >= 0x80 ||
                      (*q >= 'A' && *q <= 'Z');
          if (keep) {
            if (dash && e.len) cb_buf_putc(&e, '-');
            dash = false;
            cb_buf_putc(&e, (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a' : *q));
          } else {
            dash = true;
          }
        }
        v = cb_strndup(a, e.data ? e.data : "", e.len);
        cb_buf_free(&e);
      }
    } else if (strcmp(name, "liquify") == 0) {
      /* a common site plugin's filter: the value's own output tags rendered in this context
       * (its block tags are not; nesting is bounded) */
      if (v && strstr(v, "{{") && L->liquify_depth < 4) {
        L->liquify_depth++;
        cb_buf e = CB_BUF_INIT;
        const char *q = v, *o;
        while ((o = strstr(q, "{{"))) {
          const char *cl = strstr(o + 2, "}}");
          if (!cl) break;
          cb_buf_put(&e, q, (size_t)(o - q));
          const char *r = eval_expr_m(L, o + 2, (size_t)(cl - o - 2), line, NULL);
          if (r) cb_buf_puts(&e, r);
          q = cl + 2;
        }
        cb_buf_puts(&e, q);
        v = cb_strndup(a, e.data ? e.data : "", e.len);
        cb_buf_free(&e);
        L->liquify_depth--;
      }
    } else if (strcmp(name, "markdownify") == 0) {
      /* the value is inserted before Markdown is parsed, so it is Markdown-rendered (and
       * entity-decoded) in place: the same visible result (see markdown_in_html); but in a
       * line that is raw HTML it would stay source text, so there it becomes HTML now; nil is
       * rendered as the empty text, as Jekyll's `input.to_s` makes it */
      if (!v)
        v = "";
      else if (in_html_line(L))
        v = cb_markdownify_html(a, v, strlen(v));
      else
        L->markdownified = true;
    } else {
      bool handled;
      const char *tv = cb_liquid_text_filter(a, name, v, arg, arg2, &handled);
      if (handled)
        v = tv;
      else
        warn(L, line, "Liquid filter '%s' is not supported (value left unchanged)", name);
    }
    vm = made;
  }
  if (out_m) *out_m = vm;
  return v;
}

static const char *eval_expr(liq *L, const char *s, size_t n, int line) {
  return eval_expr_m(L, s, n, line, NULL);
}

/* ---- tags ---- */

/* Find `{%-? NAME -?%}` from position j; on success start and end delimit the tag.  slot
 * indexes the failure cache (a search that fails from j fails from any later j). */
static bool find_tag(liq *L, size_t j, const char *name, int slot, size_t *start, size_t *end) {
  if (j >= L->no_end[slot]) return false;
  size_t nl = strlen(name), j0 = j;
  for (; j + 1 < L->n; j++) {
    if (L->s[j] != '{' || L->s[j + 1] != '%') continue;
    size_t k = j + 2;
    if (k < L->n && L->s[k] == '-') k++;
    while (k < L->n && is_space(L->s[k]))
      k++;
    if (k + nl > L->n || memcmp(L->s + k, name, nl) != 0) continue;
    k += nl;
    while (k < L->n && is_space(L->s[k]))
      k++;
    if (k < L->n && L->s[k] == '-') k++;
    if (k + 1 < L->n && L->s[k] == '%' && L->s[k + 1] == '}') {
      *start = j;
      *end = k + 2;
      return true;
    }
  }
  L->no_end[slot] = j0;
  return false;
}

typedef struct param {
  const char *key;
  const char *value;
} param;

/* include parameters: key=value with "..", '..' or a variable path; may span lines. */
static size_t parse_params(liq *L, const char *s, size_t n, param *out, size_t max, int line) {
  size_t cnt = 0, k = 0;
  while (k < n) {
    while (k < n && is_space(s[k]))
      k++;
    size_t k0 = k;
    while (k < n && is_ident(s[k]))
      k++;
    if (k == k0) {
      if (k < n) k++;
      continue;
    }
    size_t kl = k - k0;
    while (k < n && is_space(s[k]))
      k++;
    if (k >= n || s[k] != '=') continue;
    k++;
    while (k < n && is_space(s[k]))
      k++;
    size_t v0 = k;
    if (k < n && (s[k] == '"' || s[k] == '\'')) {
      char q = s[k++];
      while (k < n && s[k] != q)
        k++;
      if (k < n) k++;
    } else {
      while (k < n && !is_space(s[k]))
        k++;
    }
    const char *val = eval_value(L, s + v0, k - v0, line);
    if (cnt < max) {
      out[cnt].key = cb_strndup(L->c->a, s + k0, kl);
      out[cnt].value = val;
      cnt++;
    }
  }
  return cnt;
}

static const char *param_get(const param *p, size_t n, const char *key) {
  for (size_t k = 0; k < n; k++)
    if (strcmp(p[k].key, key) == 0) return p[k].value;
  return NULL;
}

static bool site_include(liq *L, const char *name, const char *args, size_t alen, int line);

/* Markdown link text / destination: the characters that would end them escaped. */
static void put_md(cb_buf *b, const char *s, bool url) {
  for (; s && *s; s++) {
    if (url ? (*s == ')' || *s == '(' || *s == ' ')
            : (*s == '[' || *s == ']' || *s == '\\' || *s == '*' || *s == '_' || *s == '`'))
      cb_buf_putc(b, url && *s == ' ' ? '%' : '\\');
    if (url && *s == ' ')
      cb_buf_puts(b, "20");
    else
      cb_buf_putc(b, *s);
  }
}

/* The theme's nav_list: site.data.navigation[nav] as a list of sections (title, url) with
 * their children, written as a Markdown list in place of the tag. */
static void nav_list(liq *L, const char *nav, int line, size_t tag_end) {
  const cb_meta *navs = site_data(L, "navigation", 10);
  const cb_meta *list = nav && navs ? cb_meta_get(navs, nav) : NULL;
  if (!list || list->type != CB_META_LIST) {
    warn(L, line, "nav_list include: no list '%s' in the site's _data/navigation.yml; dropped",
         nav ? nav : "");
    return;
  }
  cb_buf md = CB_BUF_INIT;
  cb_buf_puts(&md, "\n\n");
  for (const cb_meta *it = list->first; it; it = it->next) {
    const char *title = cb_meta_str(it, "title"), *url = cb_meta_str(it, "url");
    cb_buf_puts(&md, "- ");
    if (url) cb_buf_putc(&md, '[');
    put_md(&md, title ? title : "", false);
    if (url) {
      cb_buf_puts(&md, "](");
      put_md(&md, site_url(L, url, false), true);
      cb_buf_putc(&md, ')');
    }
    cb_buf_putc(&md, '\n');
    const cb_meta *kids = cb_meta_get(it, "children");
    for (const cb_meta *k = kids && kids->type == CB_META_LIST ? kids->first : NULL; k;
         k = k->next) {
      const char *kt = cb_meta_str(k, "title"), *ku = cb_meta_str(k, "url");
      cb_buf_puts(&md, "  - [");
      put_md(&md, kt ? kt : "", false);
      cb_buf_puts(&md, "](");
      put_md(&md, ku ? site_url(L, ku, false) : "", true);
      cb_buf_puts(&md, ")\n");
    }
  }
  cb_buf_puts(&md, "\n");
  if (!out_line_blank(L)) emit_gen(L, "\n", 1);
  emit_gen(L, md.data, md.len);
  (void)tag_end;
  cb_buf_free(&md);
}

static void expand_stretch(liq *L, const char *s, size_t from, size_t to, int line, bool fixed);

/* s[from..to) rendered into val (not into the page): a capture's body, an include's name. */
static void expand_into(liq *L, cb_buf *val, const char *s, size_t from, size_t to, int line,
                        bool fixed) {
  cb_buf *out = L->out;
  L->out = val;
  expand_stretch(L, s, from, to, line, fixed);
  L->out = out;
}

/* The end of an include name that holds output tags, as Jekyll's VARIABLE_SYNTAX takes it
 * (`{{ include.url }}`, `lessons/{{ page.n }}.md`, a filter's tag to its last `}}`), from
 * a[q]; 0 when the name has none.  (A name with white space before its tag is invalid to
 * Jekyll: it is read as a plain name.) */
static size_t var_name_end(const char *a, size_t q, size_t alen) {
  size_t p = q, groups = 0;
  while (p < alen && a[p] != '{' && !is_space(a[p]))
    p++;
  while (p + 1 < alen && a[p] == '{' && a[p + 1] == '{') {
    size_t r = p + 2;
    while (r < alen && is_space(a[r]))
      r++;
    size_t w0 = r;
    while (r < alen && (isalnum((unsigned char)a[r]) || a[r] == '_' || a[r] == '-' || a[r] == '.'))
      r++;
    if (r == w0) break;
    while (r < alen && is_space(a[r]))
      r++;
    if (r < alen && a[r] == '|') { /* (.*) is greedy: the last `}}` */
      size_t e = alen;
      while (e > r + 1 && !(a[e - 2] == '}' && a[e - 1] == '}'))
        e--;
      if (e <= r + 1) break;
      r = e;
    } else if (r + 1 < alen && a[r] == '}' && a[r + 1] == '}') {
      r += 2;
    } else {
      break;
    }
    while (r < alen && !is_space(a[r]) && a[r] != '{' && a[r] != '}')
      r++;
    p = r;
    groups++;
  }
  return groups ? p : 0;
}

/* An include tag's file name: its first word, or Jekyll's variable part rendered; *k is set
 * past it (the parameters follow). */
static const char *include_name(liq *L, const char *args, size_t alen, size_t *k, int line) {
  size_t q = 0;
  while (q < alen && is_space(args[q]))
    q++;
  size_t ve = var_name_end(args, q, alen);
  if (ve) { /* rendered, as Jekyll renders it before reading the file */
    cb_buf val = CB_BUF_INIT;
    expand_into(L, &val, args, q, ve, line, true);
    *k = ve;
    size_t vn;
    const char *name = trim_dup(L->c->a, val.data ? val.data : "", val.len, &vn);
    cb_buf_free(&val);
    return name;
  }
  size_t n0 = q;
  while (q < alen && !is_space(args[q]))
    q++;
  *k = q;
  return cb_strndup(L->c->a, args + n0, q - n0);
}

static void include_tag(liq *L, const char *args, size_t alen, int line, size_t tag_start,
                        size_t tag_end) {
  size_t k;
  const char *name = include_name(L, args, alen, &k, line);
  param p[16];
  size_t np = parse_params(L, args + k, alen - k, p, 16, line);
  size_t ix;
  cb_ph *ph;
  if (strcmp(name, "video") == 0) {
    const char *id = param_get(p, np, "id");
    const char *prov = param_get(p, np, "provider");
    cb_video_provider pv;
    if (!prov || !cb_video_provider_from_key(prov, &pv)) {
      warn(L, line, "video include with unknown provider '%s' renders nothing (as in the theme)",
           prov ? prov : "");
      ph = cb_ph_new(L->c, CB_PH_NONE, line, &ix);
    } else if (!id || !*id) {
      warn(L, line, "video include without an id renders nothing%s", "");
      ph = cb_ph_new(L->c, CB_PH_NONE, line, &ix);
    } else {
      ph = cb_ph_new(L->c, CB_PH_VIDEO, line, &ix);
      ph->provider = pv;
      const char *q = strchr(id, '?');
      ph->id = q ? cb_strndup(L->c->a, id, (size_t)(q - id)) : id;
      if (q) {
        const char *st = strstr(q, "start=");
        if (st && (st[-1] == '?' || st[-1] == '&')) ph->start = strtol(st + 6, NULL, 10);
        if (ph->start < 0) ph->start = 0;
      }
    }
  } else if (strcmp(name, "toc") == 0) {
    ph = cb_ph_new(L->c, CB_PH_TOC, line, &ix);
    ph->title = param_get(p, np, "title");
    ph->icon = param_get(p, np, "icon");
  } else if (strcmp(name, "gallery") == 0 || strcmp(name, "feature_row") == 0) {
    /* the theme renders the front matter array named by id (default: the include's name) */
    const char *key = param_get(p, np, "id");
    if (!key) key = name;
    const cb_meta *items = cb_meta_get(L->c->page, key);
    if (!items || items->type != CB_META_LIST) {
      warn(L, line, "%s include: no front matter list of that name; dropped", name);
      return;
    }
    ph = cb_ph_new(L->c, name[0] == 'g' ? CB_PH_GALLERY : CB_PH_FEATURE_ROW, line, &ix);
    ph->items = items;
    ph->title = param_get(p, np, "caption");
    const char *cls = param_get(p, np, "class");
    const char *layout = param_get(p, np, "layout");
    if (layout) cb_attrs_add_class(L->c->a, &ph->attrs, layout);
    if (cls) cb_attrs_add_class(L->c->a, &ph->attrs, cls);
  } else if (strcmp(name, "nav_list") == 0) {
    nav_list(L, param_get(p, np, "nav"), line, tag_end);
    return;
  } else if (strcmp(name, "base_path") == 0) {
    /* older Minimal Mistakes and academicpages: the include only assigns base_path (the
     * site's url and baseurl; site.github.url, absent outside GitHub Pages, otherwise) */
    static const char expr[] = "site.url | append: site.baseurl";
    const cb_meta *url = cb_meta_get(L->c->site, "url");
    const char *v =
        url && url->type != CB_META_NULL ? eval_expr(L, expr, sizeof expr - 1, line) : "";
    var_set(L, "base_path", 9, v ? v : "");
    return;
  } else if (strcmp(name, "figure") == 0) {
    ph = cb_ph_new(L->c, CB_PH_FIGURE, line, &ix);
    ph->url =
        cb_liquid_relative_url(L->c->a, param_get(p, np, "image_path")); /* as the theme does */
    ph->alt = param_get(p, np, "alt");
    ph->title = param_get(p, np, "caption");
    const char *cls = param_get(p, np, "class");
    if (cls) {
      /* class="a b": plain class names */
      const char *s = cls;
      while (*s) {
        while (*s == ' ')
          s++;
        const char *e = s;
        while (*e && *e != ' ')
          e++;
        if (e > s) cb_attrs_add_class(L->c->a, &ph->attrs, cb_strndup(L->c->a, s, (size_t)(e - s)));
        s = e;
      }
    }
    if (!ph->url) warn(L, line, "figure include without image_path%s", "");
  } else {
    if (!site_include(L, name, args + k, alen - k, line))
      cb_warn(L->c->d, (cb_pos){L->c->file, line, 0},
              "Liquid include '%s' is not supported (no _includes/%s in the site); dropped", name,
              name);
    return;
  }
  ph->orig = L->s + tag_start;
  ph->orig_len = tag_end - tag_start;
  emit_block(L, ix, tag_end);
}

/* `{% highlight lang %}..{% endhighlight %}` -> a ~~~ fence longer than any ~ run inside. */
static void highlight_tag(liq *L, const char *args, size_t alen, int line, size_t tag_end) {
  size_t es, ee;
  if (!find_tag(L, tag_end, "endhighlight", 3, &es, &ee)) {
    warn(L, line, "{%% highlight %%} is never closed; tag dropped%s", "");
    return;
  }
  size_t run = 0, best = 2;
  for (size_t k = tag_end; k < es; k++) {
    run = L->s[k] == '~' ? run + 1 : 0;
    if (run > best) best = run;
  }
  size_t k = 0;
  while (k < alen && is_space(args[k]))
    k++;
  size_t l0 = k;
  while (k < alen && !is_space(args[k]))
    k++;
  cb_buf fence = CB_BUF_INIT;
  for (size_t t = 0; t <= best; t++)
    cb_buf_putc(&fence, '~');
  if (!out_line_blank(L)) emit_gen(L, "\n", 1);
  cb_mdctx *c = L->c;
  if (L->out == L->top && c->n_lines) { /* (the page's own lines, not a capture's) */
    if (c->n_hl == c->cap_hl) {
      c->cap_hl = c->cap_hl ? c->cap_hl * 2 : 16;
      c->hl_lines = cb_xrealloc(c->hl_lines, c->cap_hl * sizeof *c->hl_lines);
    }
    c->hl_lines[c->n_hl++] = c->n_lines - 1;
  }
  emit_gen(L, fence.data, fence.len);
  for (size_t q = l0; q < k; q++) { /* Jekyll downcases the language */
    char ch = (char)tolower((unsigned char)args[q]);
    emit_gen(L, &ch, 1);
  }
  /* the body starts on the next line; Jekyll drops the line breaks at its start and end */
  if (L->i < L->n && L->s[L->i] == '\n') {
    emit_src(L, L->i, L->i + 1);
    L->i++;
  } else {
    emit_gen(L, "\n", 1);
  }
  size_t b0 = L->i;
  while (b0 < es && (L->s[b0] == '\n' || L->s[b0] == '\r'))
    b0++;
  skip_src(L, b0);
  size_t body_end = es;
  while (body_end > L->i && (L->s[body_end - 1] == '\n' || L->s[body_end - 1] == '\r'))
    body_end--;
  /* Jekyll renders the body's Liquid before highlighting it (a code file put in with
   * `{% include source/cats.py %}`, a `{{ site.url }}`); expand_stretch gives back the
   * position, so the body's lines are counted by skip_src */
  expand_stretch(L, L->s, L->i, body_end, L->line, false);
  skip_src(L, body_end);
  skip_src(L, es);
  if (!out_line_blank(L)) emit_gen(L, "\n", 1);
  emit_gen(L, fence.data, fence.len);
  skip_src(L, ee);
  if (!src_rest_blank(L, ee)) emit_gen(L, "\n", 1);
  cb_buf_free(&fence);
}

/* Jekyll's default permalinks: pages /path.html, posts /yyyy/mm/dd/title.html */
static const char *link_url(cb_arena *a, const char *path, bool post) {
  size_t n = strlen(path);
  const char *ext = strrchr(path, '.');
  if (post) {
    if (n >= 11 && path[4] == '-' && path[7] == '-' && path[10] == '-')
      return cb_sprintf(a, "/%.4s/%.2s/%.2s/%s.html", path, path + 5, path + 8, path + 11);
    return cb_sprintf(a, "/%s.html", path);
  }
  if (ext && (strcmp(ext, ".md") == 0 || strcmp(ext, ".markdown") == 0))
    return cb_sprintf(a, "/%.*s.html", (int)(ext - path), path);
  return path[0] == '/' ? path : cb_sprintf(a, "/%s", path);
}

/* ---- conditions ---- */

static bool truthy(const char *v) {
  return v && strcmp(v, "false") != 0;
}

/* Position of word w (surrounded by spaces) in s outside quotes, or n. */
static size_t find_word(const char *s, size_t n, const char *w) {
  size_t wl = strlen(w);
  char q = 0;
  for (size_t k = 0; k + wl + 2 <= n; k++) {
    if (q) {
      if (s[k] == q) q = 0;
      continue;
    }
    if (s[k] == '"' || s[k] == '\'') {
      q = s[k];
      continue;
    }
    if (is_space(s[k]) && memcmp(s + k + 1, w, wl) == 0 && is_space(s[k + 1 + wl])) return k;
  }
  return n;
}

static bool is_number(const char *v, double *out) {
  if (!v || !*v) return false;
  char *end;
  *out = strtod(v, &end);
  return *end == 0;
}

/* `page.tags contains "x"`: membership in a front matter list. */
static bool list_contains(liq *L, const char *s, size_t n, const char *needle) {
  while (n && is_space(*s))
    s++, n--;
  while (n && is_space(s[n - 1]))
    n--;
  if (n > 5 && memcmp(s, "page.", 5) == 0) {
    char *path = cb_strndup(L->c->a, s + 5, n - 5);
    const cb_meta *m = cb_meta_get(L->c->page, path);
    if (m && m->type == CB_META_LIST) {
      for (const cb_meta *it = m->first; it; it = it->next)
        if (it->str && needle && strcmp(it->str, needle) == 0) return true;
      return false;
    }
  }
  const char *hay = eval_value(L, s, n, 0);
  return hay && needle && strstr(hay, needle) != NULL;
}

static bool eval_comparison(liq *L, const char *s, size_t n, int line) {
  static const char *const ops[] = {"==", "!=", "<>", ">=", "<=", ">", "<"};
  size_t c = find_word(s, n, "contains");
  if (c < n) {
    const char *needle = eval_value(L, s + c + 10, n - c - 10, line);
    return list_contains(L, s, c, needle);
  }
  char q = 0;
  for (size_t k = 0; k < n; k++) {
    if (q) {
      if (s[k] == q) q = 0;
      continue;
    }
    if (s[k] == '"' || s[k] == '\'') {
      q = s[k];
      continue;
    }
    for (size_t o = 0; o < sizeof ops / sizeof *ops; o++) {
      size_t ol = strlen(ops[o]);
      if (k + ol > n || memcmp(s + k, ops[o], ol) != 0) continue;
      size_t r0 = k + ol;
      while (r0 < n && is_space(s[r0]))
        r0++;
      bool empty_rhs = n - r0 >= 5 && memcmp(s + r0, "empty", 5) == 0;
      bool blank_rhs = n - r0 >= 5 && memcmp(s + r0, "blank", 5) == 0;
      /* Jekyll's Liquid compares with `blank` by calling blank?, which only Rails defines
       * (Shopify/liquid#224): `== blank` is never true there, `!= blank` always */
      if (blank_rhs) return o != 0;
      const char *a = eval_value(L, s, k, line);
      const char *b = eval_value(L, s + k + ol, n - k - ol, line);
      if (empty_rhs) { /* empty?: a string's or a list's; nil has none, so never equal */
        bool e = a && !*a;
        return o == 0 ? e : !e;
      }
      double x, y;
      int cmp;
      if (is_number(a, &x) && is_number(b, &y))
        cmp = x < y ? -1 : x > y;
      else if (!a || !b)
        cmp = (a == b) ? 0 : 2; /* nil equals only nil; no order */
      else
        cmp = strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
      switch (o) {
      case 0: return cmp == 0;
      case 1:
      case 2: return cmp != 0;
      case 3: return cmp == 0 || cmp == 1;
      case 4: return cmp == 0 || cmp == -1;
      case 5: return cmp == 1;
      default: return cmp == -1;
      }
    }
  }
  return truthy(eval_value(L, s, n, line));
}

/* Liquid evaluates `and` / `or` from the right, without precedence. */
static bool eval_cond(liq *L, const char *s, size_t n, int line) {
  size_t a = find_word(s, n, "and"), o = find_word(s, n, "or");
  size_t k = a < o ? a : o;
  if (k >= n) return eval_comparison(L, s, n, line);
  bool left = eval_comparison(L, s, k, line);
  bool is_and = k == a;
  size_t skip = is_and ? 5 : 4;
  bool right = eval_cond(L, s + k + skip, n - k - skip, line);
  return is_and ? left && right : left || right;
}

static struct cond *cond_push(liq *L, const char *name, int line) {
  if (L->n_conds == L->cap_conds) {
    L->cap_conds = L->cap_conds ? L->cap_conds * 2 : 8;
    L->conds = cb_xrealloc(L->conds, L->cap_conds * sizeof *L->conds);
  }
  struct cond *f = &L->conds[L->n_conds];
  memset(f, 0, sizeof *f);
  f->parent_active = active(L);
  f->name = name;
  f->line = line;
  L->n_conds++;
  return f;
}

/* if / elsif / else / endif, unless, case / when: true when the tag was one of them. */
static bool cond_tag(liq *L, const char *name, const char *args, size_t alen, int line) {
  struct cond *f = L->n_conds ? &L->conds[L->n_conds - 1] : NULL;
  if (strcmp(name, "if") == 0 || strcmp(name, "unless") == 0) {
    bool pa = active(L);
    bool c = pa && eval_cond(L, args, alen, line);
    if (name[0] == 'u') c = pa && !c;
    f = cond_push(L, name[0] == 'i' ? "if" : "unless", line);
    f->taken = f->active = c;
    return true;
  }
  if (strcmp(name, "case") == 0) {
    bool pa = active(L);
    const char *v = pa ? eval_value(L, args, alen, line) : NULL;
    f = cond_push(L, "case", line);
    f->is_case = true;
    f->case_val = v;
    return true;
  }
  if (strcmp(name, "elsif") == 0 || strcmp(name, "when") == 0 || strcmp(name, "else") == 0) {
    if (!f) {
      warn(L, line, "{%% %s %%} outside if/case; dropped", name);
      return true;
    }
    if (name[0] == 'e' && name[1] == 'l' && name[2] == 's' && name[3] == 'e') {
      f->active = f->parent_active && !f->taken;
      f->taken = true;
    } else if (f->taken || !f->parent_active) {
      f->active = false;
    } else if (name[0] == 'w') {
      /* when a, b, c */
      bool hit = false;
      const char *ps[16];
      size_t pl[16];
      size_t np = split_top(args, alen, ',', ps, pl, 16);
      for (size_t k = 0; k < np && !hit; k++) {
        const char *w = eval_value(L, ps[k], pl[k], line);
        hit = (w && f->case_val && strcmp(w, f->case_val) == 0) || (!w && !f->case_val);
      }
      f->active = f->taken = hit;
    } else {
      f->active = f->taken = eval_cond(L, args, alen, line);
    }
    return true;
  }
  if (strcmp(name, "endif") == 0 || strcmp(name, "endunless") == 0 ||
      strcmp(name, "endcase") == 0) {
    if (!f || strcmp(f->name, name + 3) != 0)
      warn(L, line, "{%% %s %%} without an opening tag; dropped", name);
    else
      L->n_conds--;
    return true;
  }
  return false;
}

static void expand(liq *L);

/* ---- for loops and site includes: expanding another stretch of text ---- */

typedef struct saved {
  const char *s;
  size_t n, i;
  int line;
  size_t no_close[2], no_end[4], rest_eol, rest_last_nb, no_endfor;
  bool fixed_line;
} saved;

/* Expand s[from..to) in place of the current text, then come back.  The failure caches and
 * the end-of-line cache describe positions of one text and one direction: fresh ones inside. */
static void expand_stretch(liq *L, const char *s, size_t from, size_t to, int line, bool fixed) {
  saved sv = {L->s,
              L->n,
              L->i,
              L->line,
              {L->no_close[0], L->no_close[1]},
              {L->no_end[0], L->no_end[1], L->no_end[2], L->no_end[3]},
              L->rest_eol,
              L->rest_last_nb,
              L->no_endfor,
              L->fixed_line};
  L->s = s;
  L->n = to;
  L->i = from;
  L->line = line;
  L->fixed_line = fixed || L->fixed_line;
  L->no_close[0] = L->no_close[1] = (size_t)-1;
  for (int k = 0; k < 4; k++)
    L->no_end[k] = (size_t)-1;
  L->rest_eol = L->rest_last_nb = 0;
  L->no_endfor = (size_t)-1;
  L->depth++;
  expand(L);
  L->depth--;
  L->s = sv.s;
  L->n = sv.n;
  L->i = sv.i;
  L->line = sv.line;
  memcpy(L->no_close, sv.no_close, sizeof sv.no_close);
  memcpy(L->no_end, sv.no_end, sizeof sv.no_end);
  L->rest_eol = sv.rest_eol;
  L->rest_last_nb = sv.rest_last_nb;
  L->no_endfor = sv.no_endfor;
  L->fixed_line = sv.fixed_line;
}

/* The name of the tag `{%...%}` at s[j] and where it ends; false if it is not one. */
static bool tag_at(const liq *L, size_t j, size_t *name0, size_t *name1, size_t *end) {
  if (j + 1 >= L->n || L->s[j] != '{' || L->s[j + 1] != '%') return false;
  size_t k = j + 2;
  if (k < L->n && L->s[k] == '-') k++;
  while (k < L->n && is_space(L->s[k]))
    k++;
  *name0 = k;
  while (k < L->n && is_ident(L->s[k]))
    k++;
  *name1 = k;
  for (; k + 1 < L->n; k++)
    if (L->s[k] == '%' && L->s[k + 1] == '}') {
      *end = k + 2;
      return true;
    }
  return false;
}

static bool name_is(const liq *L, size_t n0, size_t n1, const char *w) {
  return n1 - n0 == strlen(w) && memcmp(L->s + n0, w, n1 - n0) == 0;
}

/* The `{% endfor %}` matching a for whose tag ends at from (nested fors counted), and the
 * loop's own `{% else %}` if any.  Scans forward once; false when never closed. */
static bool find_endfor(liq *L, size_t from, size_t *else0, size_t *else1, size_t *es, size_t *ee) {
  int fors = 1, conds = 0;
  *else0 = *else1 = 0;
  if (from >= L->no_endfor) return false; /* no endfor at all after this point */
  size_t last_end = from;
  for (size_t j = from; j + 1 < L->n; j++) {
    size_t n0, n1, end;
    if (L->s[j] != '{' || L->s[j + 1] != '%' || !tag_at(L, j, &n0, &n1, &end)) continue;
    if (name_is(L, n0, n1, "raw") || name_is(L, n0, n1, "comment")) {
      size_t s0, s1;
      if (find_tag(L, end, name_is(L, n0, n1, "raw") ? "endraw" : "endcomment",
                   name_is(L, n0, n1, "raw") ? 0 : 1, &s0, &s1))
        end = s1;
    } else if (name_is(L, n0, n1, "for")) {
      fors++;
    } else if (name_is(L, n0, n1, "endfor")) {
      last_end = end;
      if (--fors == 0) {
        *es = j;
        *ee = end;
        return true;
      }
    } else if (name_is(L, n0, n1, "if") || name_is(L, n0, n1, "unless") ||
               name_is(L, n0, n1, "case")) {
      conds++;
    } else if (name_is(L, n0, n1, "endif") || name_is(L, n0, n1, "endunless") ||
               name_is(L, n0, n1, "endcase")) {
      conds--;
    } else if (fors == 1 && conds == 0 && name_is(L, n0, n1, "else")) {
      *else0 = j;
      *else1 = end;
    }
    j = end - 1;
  }
  /* unclosed: no endfor after the last one seen, so later searches past it fail at once
   * (keeps many unclosed loops linear) */
  if (last_end < L->no_endfor) L->no_endfor = last_end;
  return false;
}

static cb_meta *str_meta(cb_arena *a, const char *s) {
  cb_meta *m = cb_meta_new(a, CB_META_STRING, (cb_pos){0});
  m->str = s;
  return m;
}

/* `{% for x in coll [limit: n] [offset: n] [reversed] %}..{% else %}..{% endfor %}` over a
 * front matter / site / assigned array, a range (a..b) or a single value. */
static void for_tag(liq *L, const char *args, size_t alen, int line, size_t tag_end) {
  size_t else0, else1, es, ee;
  if (!find_endfor(L, tag_end, &else0, &else1, &es, &ee)) {
    warn(L, line, "{%% for %%} is never closed (no {%% endfor %%}); tag dropped%s", "");
    return;
  }
  size_t body_end = else0 ? else0 : es, body0 = tag_end;
  /* `{% for … -%}` and `{%- endfor %}` (or `{%- else %}`) trim the body's ends, each time */
  if (tag_end >= 3 && L->s[tag_end - 3] == '-')
    while (body0 < body_end && is_space(L->s[body0]))
      body0++;
  int body_line = line;
  for (size_t q = tag_end; q < body0; q++)
    body_line += L->s[q] == '\n';
  if (body_end + 2 < L->n && L->s[body_end + 2] == '-')
    while (body_end > body0 && is_space(L->s[body_end - 1]))
      body_end--;
  /* x in coll ... */
  size_t k = 0;
  while (k < alen && is_space(args[k]))
    k++;
  size_t v0 = k;
  while (k < alen && is_ident(args[k]))
    k++;
  size_t v1 = k;
  size_t in = find_word(args, alen, "in");
  cb_meta *items = cb_meta_new(L->c->a, CB_META_LIST, (cb_pos){0});
  bool ok = v1 > v0 && in < alen;
  long limit = -1, offset = 0;
  bool reversed = false;
  if (ok) {
    size_t c0 = in + 4;
    while (c0 < alen && is_space(args[c0]))
      c0++;
    size_t c1 = c0;
    if (c0 < alen && args[c0] == '(') {
      while (c1 < alen && args[c1] != ')')
        c1++;
      if (c1 < alen) c1++;
    } else {
      while (c1 < alen && !is_space(args[c1]))
        c1++;
    }
    /* options after the collection */
    for (size_t t = c1; t < alen; t++) {
      if (alen - t >= 8 && memcmp(args + t, "reversed", 8) == 0) reversed = true;
      bool lim = alen - t >= 6 && memcmp(args + t, "limit:", 6) == 0;
      bool off = alen - t >= 7 && memcmp(args + t, "offset:", 7) == 0;
      if (lim || off) {
        size_t a0 = t + (lim ? 6 : 7);
        while (a0 < alen && is_space(args[a0]))
          a0++;
        size_t a1 = a0;
        while (a1 < alen && !is_space(args[a1]))
          a1++;
        const char *v = eval_value(L, args + a0, a1 - a0, line);
        if (lim) limit = v ? strtol(v, NULL, 10) : -1;
        if (off) offset = v ? strtol(v, NULL, 10) : 0;
      }
    }
    if (args[c0] == '(') {
      const char *dots = NULL;
      for (size_t t = c0; t + 1 < c1; t++)
        if (args[t] == '.' && args[t + 1] == '.') dots = args + t;
      const char *lo =
          dots ? eval_value(L, args + c0 + 1, (size_t)(dots - args - c0 - 1), line) : NULL;
      const char *hi =
          dots ? eval_value(L, dots + 2, (size_t)(args + c1 - 1 - dots - 2), line) : NULL;
      long a = lo ? strtol(lo, NULL, 10) : 0, b = hi ? strtol(hi, NULL, 10) : -1;
      if (!dots) warn(L, line, "malformed range in {%% for %%}%s", "");
      for (long x = a; dots && x <= b && items->count < LIQ_MAX_ITERATIONS; x++)
        cb_meta_append(items, str_meta(L->c->a, cb_sprintf(L->c->a, "%ld", x)));
    } else {
      const cb_meta *m = eval_meta(L, args + c0, c1 - c0, line);
      if (m && m->type == CB_META_LIST) {
        for (const cb_meta *it = m->first; it; it = it->next) {
          cb_meta *cp = cb_alloc(L->c->a, sizeof *cp);
          *cp = *it;
          cp->next = NULL;
          cb_meta_append(items, cp);
        }
      } else if (m && m->type == CB_META_MAP) {
        /* Liquid iterates a hash as [key, value] pairs (`pair[0]`, `pair[1]`) */
        for (const cb_meta *it = m->first; it; it = it->next) {
          cb_meta *pair = cb_meta_new(L->c->a, CB_META_LIST, it->pos);
          cb_meta_append(pair, str_meta(L->c->a, it->key ? it->key : ""));
          cb_meta *cp = cb_alloc(L->c->a, sizeof *cp);
          *cp = *it;
          cp->next = NULL;
          cb_meta_append(pair, cp);
          cb_meta_append(items, pair);
        }
      } else {
        const char *v = eval_value(L, args + c0, c1 - c0, line);
        if (v && *v) cb_meta_append(items, str_meta(L->c->a, v));
      }
    }
  } else {
    warn(L, line, "malformed {%% for %%} (expected 'for NAME in COLLECTION'); dropped%s", "");
  }
  /* the selected items, in order */
  size_t n = items->count;
  const cb_meta **sel = cb_alloc(L->c->a, (n ? n : 1) * sizeof *sel);
  size_t ns = 0, idx = 0;
  for (const cb_meta *it = items->first; it; it = it->next, idx++) {
    if ((long)idx < offset) continue;
    if (limit >= 0 && (long)ns >= limit) break;
    sel[ns++] = it;
  }
  if (reversed)
    for (size_t a = 0, b = ns ? ns - 1 : 0; a < b; a++, b--) {
      const cb_meta *t = sel[a];
      sel[a] = sel[b];
      sel[b] = t;
    }
  size_t conds = L->n_conds;
  if (L->depth >= LIQ_MAX_DEPTH) {
    warn(L, line, "{%% for %%} nested too deeply; dropped%s", "");
    ns = 0;
  }
  if (ns) {
    if (L->n_loops == L->cap_loops) {
      L->cap_loops = L->cap_loops ? L->cap_loops * 2 : 4;
      L->loops = cb_xrealloc(L->loops, L->cap_loops * sizeof *L->loops);
    }
    size_t me = L->n_loops++;
    L->loops[me].length = ns;
    for (size_t t = 0; t < ns; t++) {
      if (++L->iterations > LIQ_MAX_ITERATIONS) {
        warn(L, line, "Liquid loops ran more than %s iterations in all; stopped", "100000");
        break;
      }
      L->loops[me].index = t;
      const cb_meta *it = sel[t];
      if (it->type == CB_META_LIST || it->type == CB_META_MAP)
        var_set_meta(L, args + v0, v1 - v0, NULL, it);
      else
        var_set_meta(L, args + v0, v1 - v0, meta_text(L->c->a, it), NULL);
      expand_stretch(L, L->s, body0, body_end, body_line, false);
      bool stop = L->loop_ctl == 2;
      L->loop_ctl = 0;
      if (L->n_conds > conds) {
        warn(L, L->conds[conds].line, "{%% %s %%} is never closed inside the loop",
             L->conds[conds].name);
        L->n_conds = conds;
      }
      if (stop) break;
    }
    L->n_loops--;
  } else if (else0) {
    expand_stretch(L, L->s, else1, es, line, false);
    L->n_conds = conds < L->n_conds ? conds : L->n_conds;
  }
  skip_src(L, ee);
}

static void render_include(liq *L, const char *name, const char *text, size_t len, const char *args,
                           size_t alen, int line);

/* A site's own _includes/NAME, rendered through this Liquid subset with include.* set. */
static bool site_include(liq *L, const char *name, const char *args, size_t alen, int line) {
  if (!L->c->site_root) return false;
  size_t len = 0;
  char *text = cb_site_read(L->c->a, L->c->site_root, cb_sprintf(L->c->a, "_includes/%s", name),
                            &len, L->c->d);
  if (!text) return false;
  render_include(L, name, text, len, args, alen, line);
  return true;
}

/* Jekyll's include_relative: a file beside the page (a code sample, a shared part), rendered
 * like an include.  Never a path outside the site (with no site, outside the page's folder):
 * no `..`, no absolute path, no symbolic link leading out (cb_site_read). */
static void include_relative_tag(liq *L, const char *args, size_t alen, int line) {
  size_t k;
  const char *name = include_name(L, args, alen, &k, line);
  size_t len = 0;
  char *text = cb_site_read_beside(L->c->a, L->c->site_root, L->c->file, name, &len, L->c->d);
  if (!text) {
    warn(L, line, "include_relative '%s': no such file beside the page inside the site; dropped",
         name);
    return;
  }
  render_include(L, name, text, len, args + k, alen - k, line);
}

static void render_include(liq *L, const char *name, const char *text, size_t len, const char *args,
                           size_t alen, int line) {
  if (L->depth >= LIQ_MAX_DEPTH) {
    warn(L, line, "include '%s' nested too deeply (recursive?); dropped", name);
    return;
  }
  param p[32];
  size_t np = parse_params(L, args, alen, p, 32, line);
  cb_meta *inc = cb_meta_new(L->c->a, CB_META_MAP, (cb_pos){L->c->file, line, 0});
  for (size_t k = 0; k < np; k++) {
    cb_meta *v = str_meta(L->c->a, p[k].value ? p[k].value : "");
    v->key = p[k].key;
    cb_meta_append(inc, v);
  }
  const var *old = var_find(L, "include", 7);
  var prev = old ? *old : (var){0};
  var_set_meta(L, "include", 7, NULL, inc);
  size_t conds = L->n_conds;
  const cb_buf *floor_buf = L->floor_buf;
  size_t floor_len = L->floor_len;
  L->floor_buf = L->out, L->floor_len = L->out->len;
  expand_stretch(L, text, 0, len, line, true);
  L->floor_buf = floor_buf, L->floor_len = floor_len;
  if (L->n_conds > conds) {
    warn(L, line, "{%% %s %%} is never closed in the include", L->conds[conds].name);
    L->n_conds = conds;
  }
  var_set_meta(L, "include", 7, prev.value, prev.meta);
}

/* `{% cycle [group:] v1, v2, ... %}`: the next of its values each time the same group (by
 * default, the same list of values) is met on the page, from the first again after the last. */
static void cycle_tag(liq *L, const char *args, size_t alen, int line) {
  size_t k = 0;
  while (k < alen && is_space(args[k]))
    k++;
  size_t f = k; /* the first fragment: a quoted string or a word; a `:` after it names a group */
  if (k < alen && (args[k] == '"' || args[k] == '\'')) {
    const char *q = memchr(args + k + 1, args[k], alen - k - 1);
    k = q ? (size_t)(q - args) + 1 : alen;
  } else {
    while (k < alen && !is_space(args[k]) && args[k] != ',' && args[k] != ':')
      k++;
  }
  size_t fe = k;
  while (k < alen && is_space(args[k]))
    k++;
  cb_buf key = CB_BUF_INIT;
  const char *list = args;
  size_t ln = alen;
  if (k < alen && args[k] == ':') {
    const char *g = eval_value_m(L, args + f, fe - f, line, NULL);
    cb_buf_puts(&key, "g:");
    cb_buf_puts(&key, g ? g : "");
    list = args + k + 1, ln = alen - k - 1;
  }
  const char *ps[64];
  size_t pl[64];
  size_t nv = split_top(list, ln, ',', ps, pl, 64), t = 0;
  while (t < ln && is_space(list[t]))
    t++;
  if (t == ln) {
    warn(L, line, "malformed {%% cycle %%}%s", "");
    cb_buf_free(&key);
    return;
  }
  if (!key.len) { /* the values, as written (white space aside), are the group */
    cb_buf_puts(&key, "v:");
    for (size_t i = 0; i < nv; i++) {
      size_t a = 0, b = pl[i];
      while (a < b && is_space(ps[i][a]))
        a++;
      while (b > a && is_space(ps[i][b - 1]))
        b--;
      cb_buf_put(&key, ps[i] + a, b - a);
      cb_buf_putc(&key, ',');
    }
  }
  long *pos = cb_strmap_get(&L->counters, key.data, key.len, 0, NULL);
  size_t at = (size_t)*pos % nv;
  *pos = (long)((at + 1) % nv);
  cb_buf_free(&key);
  const char *v = eval_value_m(L, ps[at], pl[at], line, NULL);
  if (v) emit_gen(L, v, strlen(v));
}

static void do_tag(liq *L, size_t tag_start, size_t body0, size_t body1, size_t tag_end, int line) {
  const char *b = L->s + body0;
  size_t bl = body1 - body0;
  size_t k = 0;
  while (k < bl && is_space(b[k]))
    k++;
  size_t n0 = k;
  while (k < bl && !is_space(b[k]))
    k++;
  const char *name = cb_strndup(L->c->a, b + n0, k - n0);
  const char *args = b + k;
  size_t alen = bl - k;

  if (cond_tag(L, name, args, alen, line)) return;
  if (!active(L)) {
    /* a branch not taken: only the bodies of raw and comment need skipping */
    size_t es, ee;
    if (strcmp(name, "raw") == 0 && find_tag(L, tag_end, "endraw", 0, &es, &ee)) skip_src(L, ee);
    if (strcmp(name, "comment") == 0 && find_tag(L, tag_end, "endcomment", 1, &es, &ee))
      skip_src(L, ee);
    size_t e0, e1;
    if (strcmp(name, "for") == 0 && find_endfor(L, tag_end, &e0, &e1, &es, &ee)) skip_src(L, ee);
    return;
  }
  if (strcmp(name, "break") == 0 || strcmp(name, "continue") == 0) {
    if (L->n_loops)
      L->loop_ctl = name[0] == 'b' ? 2 : 1; /* for_tag ends the iteration (and the loop) */
    else
      warn(L, line, "{%% %s %%} outside a loop; dropped", name);
    return;
  }

  if (strcmp(name, "raw") == 0) {
    size_t es, ee;
    if (!find_tag(L, tag_end, "endraw", 0, &es, &ee)) {
      warn(L, line, "{%% raw %%} is never closed; tag dropped%s", "");
      return;
    }
    emit_src(L, tag_end, es);
    L->i = es;
    skip_src(L, ee);
  } else if (strcmp(name, "comment") == 0) {
    size_t es, ee;
    if (!find_tag(L, tag_end, "endcomment", 1, &es, &ee)) {
      warn(L, line, "{%% comment %%} is never closed; tag dropped%s", "");
      return;
    }
    skip_src(L, ee);
  } else if (strcmp(name, "capture") == 0) {
    size_t es, ee;
    if (!find_tag(L, tag_end, "endcapture", 2, &es, &ee)) {
      warn(L, line, "{%% capture %%} is never closed; tag dropped%s", "");
      return;
    }
    size_t vn;
    const char *vname = trim_dup(L->c->a, args, alen, &vn);
    /* The body is rendered (tags too: `{% capture x %}{% include a.md %}{% endcapture %}`
     * then `{{ x | markdownify }}`) into a buffer of its own */
    cb_buf val = CB_BUF_INIT;
    size_t conds = L->n_conds;
    expand_into(L, &val, L->s, tag_end, es, line, false);
    if (L->n_conds > conds) {
      warn(L, line, "{%% %s %%} is never closed inside the capture", L->conds[conds].name);
      L->n_conds = conds;
    }
    var_set(L, vname, vn, cb_strndup(L->c->a, val.data ? val.data : "", val.len));
    cb_buf_free(&val);
    skip_src(L, ee);
  } else if (strcmp(name, "assign") == 0) {
    const char *eq = memchr(args, '=', alen);
    if (!eq) {
      warn(L, line, "malformed {%% assign %%}%s", "");
      return;
    }
    size_t vn;
    const char *vname = trim_dup(L->c->a, args, (size_t)(eq - args), &vn);
    const char *ex = eq + 1;
    size_t exn = alen - (size_t)(eq + 1 - args);
    const char *ps[2];
    size_t pl[2];
    const cb_meta *m = NULL;
    /* a variable alone keeps its value whole (a map or list: `assign lecture = item`) */
    const char *v = split_top(ex, exn, '|', ps, pl, 2) == 1 ? eval_value_m(L, ex, exn, line, &m)
                                                            : eval_expr_m(L, ex, exn, line, &m);
    var_set_meta(L, vname, vn, v ? v : "",
                 m && (m->type == CB_META_MAP || m->type == CB_META_LIST) ? m : NULL);
  } else if (strcmp(name, "for") == 0) {
    for_tag(L, args, alen, line, tag_end);
  } else if (strcmp(name, "endfor") == 0) {
    warn(L, line, "{%% endfor %%} without an opening {%% for %%}; dropped%s", "");
  } else if (strcmp(name, "include_relative") == 0) {
    include_relative_tag(L, args, alen, line);
  } else if (strcmp(name, "include") == 0) {
    include_tag(L, args, alen, line, tag_start, tag_end);
  } else if (strcmp(name, "highlight") == 0) {
    highlight_tag(L, args, alen, line, tag_end);
  } else if (strcmp(name, "cycle") == 0) {
    cycle_tag(L, args, alen, line);
  } else if (strcmp(name, "increment") == 0 || strcmp(name, "decrement") == 0) {
    /* a counter of its own (not an assigned variable): increment writes it then adds one,
     * decrement takes one off then writes it; both start at 0 */
    size_t vn;
    const char *v = trim_dup(L->c->a, args, alen, &vn);
    long *cnt = counter(L, v, vn, true);
    long out = name[0] == 'i' ? (*cnt)++ : --*cnt;
    char nb[24];
    int nl = snprintf(nb, sizeof nb, "%ld", out);
    emit_gen(L, nb, (size_t)nl);
  } else if (strcmp(name, "link") == 0 || strcmp(name, "post_url") == 0) {
    size_t pn;
    const char *path = trim_dup(L->c->a, args, alen, &pn);
    const char *u = link_url(L->c->a, path, name[0] == 'p');
    emit_gen(L, u, strlen(u));
  } else {
    warn(L, line, "Liquid tag '%s' is not supported; dropped", name);
  }
}

/* Jekyll's markdownify gives HTML, which stays structured inside a raw HTML element (the
 * theme's multi-paragraph notice: `<div class="notice">` / `{{ x | markdownify }}` /
 * `</div>`).  Here the value stays Markdown, so the element it lands in is made a Markdown
 * element: when the last non-blank output line is a block element's start tag alone, it gets
 * markdown="1" (its content then parses as Markdown inside that element, a notice or a
 * container).  The line count does not change. */
static void markdown_in_html(liq *L) {
  cb_buf *b = L->out;
  size_t e = b->len;
  /* the current line must hold only indentation */
  while (e && (b->data[e - 1] == ' ' || b->data[e - 1] == '\t'))
    e--;
  if (e && b->data[e - 1] != '\n') return;
  /* the previous non-blank line */
  while (e && (b->data[e - 1] == '\n' || b->data[e - 1] == ' ' || b->data[e - 1] == '\t'))
    e--;
  size_t s0 = e;
  while (s0 && b->data[s0 - 1] != '\n')
    s0--;
  size_t k = s0, ind = 0;
  while (k < e && b->data[k] == ' ')
    k++, ind++;
  if (ind > 3 || k + 2 >= e || b->data[k] != '<' || b->data[e - 1] != '>') return;
  static const char *const tags[] = {"div",    "section",    "aside",   "article",
                                     "figure", "blockquote", "details", "main",
                                     "header", "footer",     "p"};
  size_t t0 = k + 1, t1 = t0;
  while (t1 < e && ((b->data[t1] | 0x20) >= 'a' && (b->data[t1] | 0x20) <= 'z'))
    t1++;
  bool block = false;
  for (size_t q = 0; q < sizeof tags / sizeof *tags && !block; q++)
    block = strlen(tags[q]) == t1 - t0 && strncasecmp(b->data + t0, tags[q], t1 - t0) == 0;
  if (!block || (b->data[t1] != '>' && b->data[t1] != ' ' && b->data[t1] != '\t')) return;
  /* one start tag alone: a single '>' at the end, no markdown attribute yet */
  for (size_t q = t1; q + 1 < e; q++)
    if (b->data[q] == '>' || b->data[q] == '<') return;
  for (size_t q = t1; q + 9 <= e; q++)
    if (strncmp(b->data + q, "markdown=", 9) == 0) return;
  /* the marker asks for the GFM heading ids a separate markdownify rendering gives; a `<p>`
   * takes blocks only with markdown="block" (the HTML then holds them where the p was) */
  bool para = t1 - t0 == 1;
  const char *attr = para ? " markdown=\"block\" data-cb-markdownify=\"1\""
                          : " markdown=\"1\" data-cb-markdownify=\"1\"";
  size_t al = strlen(attr);
  cb_buf_grow(b, al);
  memmove(b->data + e - 1 + al, b->data + e - 1, b->len - (e - 1));
  memcpy(b->data + e - 1, attr, al);
  b->len += al;
  b->data[b->len] = 0;
}

/* Expand s[i..n) (the whole body, a loop body or a site include) into the output. */
static void expand(liq *L) {
  const char *body = L->s;
  size_t len = L->n;
  size_t lit = L->i; /* start of pending literal text */
  while (L->i + 1 < len) {
    size_t j = L->i;
    /* find the next `{{` or `{%` */
    const char *p = memchr(body + j, '{', len - j);
    if (!p) break;
    j = (size_t)(p - body);
    if (j + 1 >= len) break;
    char k2 = body[j + 1];
    if (k2 != '{' && k2 != '%') {
      L->i = j + 1;
      continue;
    }
    /* flush literal text before the tag */
    size_t save_i = j;
    L->i = lit;
    if (active(L))
      emit_src(L, lit, save_i);
    else
      skip_src(L, save_i);
    L->i = save_i;
    int line = L->line;
    const char *close = k2 == '{' ? "}}" : "%}";
    int ci = k2 == '{' ? 0 : 1;
    size_t e = j + 2;
    if (e >= L->no_close[ci]) e = len;
    while (e + 1 < len && !(body[e] == close[0] && body[e + 1] == close[1]))
      e++;
    if (e + 1 >= len) {
      if (j + 2 < L->no_close[ci]) L->no_close[ci] = j + 2;
      warn(L, line, "Liquid %s is never closed; dropped", k2 == '{' ? "'{{'" : "'{%'");
      L->i = j + 2;
      lit = L->i;
      continue;
    }
    size_t b0 = j + 2, b1 = e, tag_end = e + 2;
    bool lstrip = b0 < b1 && body[b0] == '-';
    bool rstrip = b1 > b0 && body[b1 - 1] == '-';
    if (lstrip) b0++;
    if (rstrip && b1 > b0) b1--;
    rstrip = false; /* decided below, by the tag that ends where this one's work ends */
    if (lstrip && active(L)) rstrip_out(L);
    skip_src(L, tag_end); /* multi-line tags: keep the line counter right */
    if (k2 == '{') {
      L->markdownified = false;
      const char *v = active(L) ? eval_expr(L, body + b0, b1 - b0, line) : NULL;
      if (v && L->markdownified) markdown_in_html(L);
      if (v) emit_gen(L, v, strlen(v));
    } else {
      do_tag(L, j, b0, b1, tag_end, line);
    }
    /* `-%}` strips the white space after it; after a block ({% for %}..{% endfor -%}) the
     * end tag's own marks decide */
    rstrip = L->i >= 3 && body[L->i - 3] == '-' && body[L->i - 1] == '}' &&
             (body[L->i - 2] == '%' || body[L->i - 2] == '}');
    if (rstrip) {
      size_t t = L->i;
      while (t < len && is_space(body[t]))
        t++;
      skip_src(L, t);
    }
    lit = L->i;
  }
  L->i = lit;
  if (active(L))
    emit_src(L, lit, len);
  else
    skip_src(L, len);
}

void cb_liquid_expand(cb_mdctx *c, const char *body, size_t len, int first_line, cb_buf *out) {
  liq L = {.c = c, .s = body, .n = len, .i = 0, .line = first_line, .out = out, .top = out};
  L.no_close[0] = L.no_close[1] = (size_t)-1;
  for (int k = 0; k < 4; k++)
    L.no_end[k] = (size_t)-1;
  L.no_endfor = (size_t)-1;
  cb_strmap_init(&L.vars_idx, c->a);
  cb_strmap_init(&L.warned, c->a);
  cb_strmap_init(&L.counters, c->a);
  c->n_lines = 0;
  map_push(c, first_line);
  expand(&L);
  for (size_t k = 0; k < L.n_conds; k++)
    warn(&L, L.conds[k].line, "{%% %s %%} is never closed", L.conds[k].name);
  cb_strmap_free(&L.vars_idx);
  cb_strmap_free(&L.warned);
  cb_strmap_free(&L.counters);
  free(L.vars);
  free(L.conds);
  free(L.loops);
  free(L.data);
}
