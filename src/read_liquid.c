/* The Liquid subset Jekyll course pages use, evaluated before Markdown (as Jekyll does).
 *
 *   {% raw %}..{% endraw %}          contents copied literally (not evaluated)
 *   {% comment %}..{% endcomment %}  dropped
 *   {% include video id=.. provider=.. %}, {% include toc title=.. icon=.. %},
 *   {% include figure image_path=.. alt=.. caption=.. class=.. %},
 *   {% include gallery|feature_row [id=..] %}  block placeholders (see read_internal.h)
 *   {% highlight lang %}..{% endhighlight %}  a fenced code block
 *   {% if %} / elsif / else / {% unless %} / {% case %} / when   on page.* and variables
 *   {% assign x = expr %}, {% capture x %}..{% endcapture %}  variables
 *   {% link path %}, {% post_url name %}      Jekyll's default permalinks
 *   {{ expr | filter: arg }}         page.*, variables, literals; filters relative_url,
 *                                    absolute_url, default, strip, downcase, upcase, append,
 *                                    prepend, escape (markdownify: identity); site.* is not
 *                                    available yet (empty, one warning)
 * Any other tag: a warning with file:line, the tag is dropped (a block tag's body is kept).
 * An unclosed raw/comment/capture/highlight: a warning and the opening tag is dropped, so the
 * scan always moves forward and never prints a tag.
 *
 * A block placeholder always stands on its own output line: text before the tag on its line
 * is ended with a line break, text after it starts a new line.  That is what Jekyll's output
 * does too, since the theme's includes start and end with blank lines.  Every output line
 * records its source line in the context's line map. */
#include <stdlib.h>
#include <string.h>

#include "read_internal.h"

typedef struct var {
  const char *name;
  const char *value;
} var;

typedef struct liq {
  cb_mdctx *c;
  const char *s;
  size_t n;
  size_t i; /* scan position in s */
  int line; /* source line of s[i] */
  cb_buf *out;
  cb_strmap vars_idx; /* name -> index into vars */
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
} liq;

static bool active(const liq *L) {
  return !L->n_conds || L->conds[L->n_conds - 1].active;
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
  for (size_t k = 0; k < n; k++)
    if (s[k] == '\n') map_push(L->c, L->line);
  cb_buf_put(L->out, s, n);
}

/* Source text s[from..to): copied, the line counter follows it. */
static void emit_src(liq *L, size_t from, size_t to) {
  for (size_t k = from; k < to; k++)
    if (L->s[k] == '\n') map_push(L->c, ++L->line);
  cb_buf_put(L->out, L->s + from, to - from);
}

/* Skip source s[i..to) without output. */
static void skip_src(liq *L, size_t to) {
  for (size_t k = L->i; k < to; k++)
    if (L->s[k] == '\n') L->line++;
  L->i = to;
}

/* Remove trailing whitespace (line breaks too) from the output: `{%-`. */
static void rstrip_out(liq *L) {
  cb_buf *b = L->out;
  while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t' ||
                    b->data[b->len - 1] == '\n')) {
    if (b->data[b->len - 1] == '\n' && L->c->n_lines > 1) L->c->n_lines--;
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
  cb_warn(L->c->d, (cb_pos){L->c->file, line, 0}, fmt, arg);
}

/* ---- variables ---- */

static void var_set(liq *L, const char *name, size_t nlen, const char *value) {
  bool ins;
  long *ix = cb_strmap_get(&L->vars_idx, name, nlen, (long)L->n_vars, &ins);
  if (ins) {
    if (L->n_vars == L->cap_vars) {
      L->cap_vars = L->cap_vars ? L->cap_vars * 2 : 16;
      L->vars = cb_xrealloc(L->vars, L->cap_vars * sizeof *L->vars);
    }
    L->vars[L->n_vars].name = cb_strndup(L->c->a, name, nlen);
    L->n_vars++;
  }
  L->vars[*ix].value = value;
}

static const char *var_get(liq *L, const char *name, size_t nlen) {
  if (!L->n_vars) return NULL;
  bool ins;
  long *ix = cb_strmap_get(&L->vars_idx, name, nlen, -1, &ins);
  if (ins || *ix < 0) return NULL;
  return L->vars[*ix].value;
}

/* ---- expressions ---- */

static bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}
static bool is_ident(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_' || ch == '-';
}

static const char *meta_text(cb_arena *a, const cb_meta *m) {
  if (!m) return NULL;
  switch (m->type) {
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
  case CB_META_MAP: return NULL;
  default: return m->str;
  }
}

/* A single value: "str", 'str', number, true/false/nil, or a variable path. */
static const char *eval_value(liq *L, const char *s, size_t n, int line) {
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
  /* a path: head(.key)* ; brackets with quoted keys become dots */
  char *path = cb_strndup(L->c->a, s, n);
  size_t o = 0;
  for (size_t k = 0; k < n; k++) {
    char ch = s[k];
    if (ch == '[') {
      path[o++] = '.';
    } else if (ch == ']' || ch == '"' || ch == '\'') {
      continue;
    } else {
      path[o++] = ch;
    }
  }
  path[o] = 0;
  if (strncmp(path, "page.", 5) == 0) return meta_text(L->c->a, cb_meta_get(L->c->page, path + 5));
  if (strcmp(path, "page") == 0) return NULL;
  if (strncmp(path, "site.", 5) == 0 || strcmp(path, "site") == 0) {
    if (!L->c->warned_site) {
      L->c->warned_site = true;
      warn(L, line, "site variables are not available (no _config.yml support yet): %s is empty",
           path);
    }
    return NULL;
  }
  const char *dot = strchr(path, '.');
  const char *v = var_get(L, path, dot ? (size_t)(dot - path) : strlen(path));
  if (v && dot) return NULL; /* variables hold strings: no members */
  if (!v && !(strncmp(path, "include.", 8) == 0))
    warn(L, line, "unknown Liquid variable '%s' (empty)", path);
  return v;
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

/* expr | filter: arg, arg | ... */
static const char *eval_expr(liq *L, const char *s, size_t n, int line) {
  const char *ps[32];
  size_t pl[32];
  size_t np = split_top(s, n, '|', ps, pl, 32);
  if (!np) return NULL;
  const char *v = eval_value(L, ps[0], pl[0], line);
  cb_arena *a = L->c->a;
  for (size_t f = 1; f < np; f++) {
    const char *fs = ps[f];
    size_t fl = pl[f];
    const char *colon = memchr(fs, ':', fl);
    size_t nl;
    const char *name = trim_dup(a, fs, colon ? (size_t)(colon - fs) : fl, &nl);
    const char *arg = NULL;
    if (colon) {
      const char *as[4];
      size_t al[4];
      size_t na = split_top(colon + 1, fl - (size_t)(colon + 1 - fs), ',', as, al, 4);
      if (na) arg = eval_value(L, as[0], al[0], line);
    }
    if (strcmp(name, "relative_url") == 0 || strcmp(name, "absolute_url") == 0) {
      /* without site.url, absolute_url can only give the site-relative form */
      v = cb_liquid_relative_url(a, v);
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
    } else if (strcmp(name, "markdownify") == 0) {
      /* the value is inserted before Markdown is parsed, so it is Markdown-rendered (and
       * entity-decoded) in place: the same visible result */
    } else {
      warn(L, line, "Liquid filter '%s' is not supported (value left unchanged)", name);
    }
  }
  return v;
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

static void include_tag(liq *L, const char *args, size_t alen, int line, size_t tag_start,
                        size_t tag_end) {
  size_t k = 0;
  while (k < alen && is_space(args[k]))
    k++;
  size_t n0 = k;
  while (k < alen && !is_space(args[k]))
    k++;
  const char *name = cb_strndup(L->c->a, args + n0, k - n0);
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
    warn(L, line, "Liquid include '%s' is not supported; dropped", name);
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
  emit_gen(L, fence.data, fence.len);
  emit_gen(L, args + l0, k - l0);
  /* the body starts on the next line; Jekyll drops the line break after the tag */
  if (L->i < L->n && L->s[L->i] == '\n') {
    emit_src(L, L->i, L->i + 1);
    L->i++;
  } else {
    emit_gen(L, "\n", 1);
  }
  /* The body is copied verbatim: code must not be split by placeholders (Jekyll would
   * evaluate Liquid inside; code bodies practically never hold any). */
  emit_src(L, L->i, es);
  L->i = es;
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
      bool empty_rhs = (n - r0 >= 5 && memcmp(s + r0, "empty", 5) == 0) ||
                       (n - r0 >= 5 && memcmp(s + r0, "blank", 5) == 0);
      const char *a = eval_value(L, s, k, line);
      const char *b = eval_value(L, s + k + ol, n - k - ol, line);
      if (empty_rhs) {
        bool e = !a || !*a;
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
    /* The body is evaluated (Liquid inside a capture is rare: outputs only).  Tags in it are
     * dropped with a warning: printed later through the variable, they would be residue. */
    cb_buf val = CB_BUF_INIT;
    bool no_close = false, no_tag_close = false; /* keep unclosed `{{` / `{%` runs linear */
    bool warned = false;
    for (size_t j = tag_end; j < es;) {
      if (!no_tag_close && j + 1 < es && L->s[j] == '{' && L->s[j + 1] == '%') {
        size_t t = j + 2;
        while (t + 1 < es && !(L->s[t] == '%' && L->s[t + 1] == '}'))
          t++;
        no_tag_close = t + 1 >= es;
        if (!no_tag_close) {
          if (!warned)
            warn(L, line, "Liquid tags inside {%% capture %%} are not supported; dropped%s", "");
          warned = true;
          j = t + 2;
          continue;
        }
      }
      if (!no_close && j + 1 < es && L->s[j] == '{' && L->s[j + 1] == '{') {
        const char *close = NULL;
        for (size_t t = j + 2; t + 1 < es; t++)
          if (L->s[t] == '}' && L->s[t + 1] == '}') {
            close = L->s + t;
            break;
          }
        no_close = !close;
        if (close) {
          const char *v = eval_expr(L, L->s + j + 2, (size_t)(close - L->s - j - 2), line);
          if (v) cb_buf_puts(&val, v);
          j = (size_t)(close - L->s) + 2;
          continue;
        }
      }
      cb_buf_putc(&val, L->s[j++]);
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
    const char *v = eval_expr(L, eq + 1, alen - (size_t)(eq + 1 - args), line);
    var_set(L, vname, vn, v ? v : "");
  } else if (strcmp(name, "include") == 0) {
    include_tag(L, args, alen, line, tag_start, tag_end);
  } else if (strcmp(name, "highlight") == 0) {
    highlight_tag(L, args, alen, line, tag_end);
  } else if (strcmp(name, "link") == 0 || strcmp(name, "post_url") == 0) {
    size_t pn;
    const char *path = trim_dup(L->c->a, args, alen, &pn);
    const char *u = link_url(L->c->a, path, name[0] == 'p');
    emit_gen(L, u, strlen(u));
  } else {
    warn(L, line, "Liquid tag '%s' is not supported; dropped", name);
  }
}

void cb_liquid_expand(cb_mdctx *c, const char *body, size_t len, int first_line, cb_buf *out) {
  liq L = {.c = c, .s = body, .n = len, .i = 0, .line = first_line, .out = out};
  L.no_close[0] = L.no_close[1] = (size_t)-1;
  for (int k = 0; k < 4; k++)
    L.no_end[k] = (size_t)-1;
  cb_strmap_init(&L.vars_idx, c->a);
  c->n_lines = 0;
  map_push(c, first_line);
  size_t lit = 0; /* start of pending literal text */
  while (L.i + 1 < len) {
    size_t j = L.i;
    /* find the next `{{` or `{%` */
    const char *p = memchr(body + j, '{', len - j);
    if (!p) break;
    j = (size_t)(p - body);
    if (j + 1 >= len) break;
    char k2 = body[j + 1];
    if (k2 != '{' && k2 != '%') {
      L.i = j + 1;
      continue;
    }
    /* flush literal text before the tag */
    size_t save_i = j;
    L.i = lit;
    if (active(&L))
      emit_src(&L, lit, save_i);
    else
      skip_src(&L, save_i);
    L.i = save_i;
    int line = L.line;
    const char *close = k2 == '{' ? "}}" : "%}";
    int ci = k2 == '{' ? 0 : 1;
    size_t e = j + 2;
    if (e >= L.no_close[ci]) e = len;
    while (e + 1 < len && !(body[e] == close[0] && body[e + 1] == close[1]))
      e++;
    if (e + 1 >= len) {
      if (j + 2 < L.no_close[ci]) L.no_close[ci] = j + 2;
      warn(&L, line, "Liquid %s is never closed; dropped", k2 == '{' ? "'{{'" : "'{%'");
      L.i = j + 2;
      lit = L.i;
      continue;
    }
    size_t b0 = j + 2, b1 = e, tag_end = e + 2;
    bool lstrip = b0 < b1 && body[b0] == '-';
    bool rstrip = b1 > b0 && body[b1 - 1] == '-';
    if (lstrip) b0++;
    if (rstrip && b1 > b0) b1--;
    if (lstrip && active(&L)) rstrip_out(&L);
    skip_src(&L, tag_end); /* multi-line tags: keep the line counter right */
    if (k2 == '{') {
      const char *v = active(&L) ? eval_expr(&L, body + b0, b1 - b0, line) : NULL;
      if (v) emit_gen(&L, v, strlen(v));
    } else {
      do_tag(&L, j, b0, b1, tag_end, line);
    }
    if (rstrip) {
      size_t t = L.i;
      while (t < len && is_space(body[t]))
        t++;
      skip_src(&L, t);
    }
    lit = L.i;
  }
  L.i = lit;
  if (active(&L))
    emit_src(&L, lit, len);
  else
    skip_src(&L, len);
  for (size_t k = 0; k < L.n_conds; k++)
    warn(&L, L.conds[k].line, "{%% %s %%} is never closed", L.conds[k].name);
  cb_strmap_free(&L.vars_idx);
  free(L.vars);
  free(L.conds);
}
