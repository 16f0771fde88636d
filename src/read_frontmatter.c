/* YAML front matter (libyaml event API) into the typed cb_meta tree.
 *
 * Jekyll reads front matter with Ruby's Psych, so plain scalars are typed the way Psych's
 * ScalarScanner types them (YAML 1.1: yes/no/on/off are booleans, 1:30 is sexagesimal, …);
 * quoted and block scalars are always strings.  Aliases are expanded by copying, under a node
 * budget so that "billion laughs" input fails fast instead of exploding. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "read_frontmatter.h"
#include "read_input.h"
#include "reader.h"

#define FM_MAX_DEPTH       256    /* nesting of lists/maps (also bounds alias copy recursion) */
#define FM_MAX_ALIAS_NODES 100000 /* nodes created by alias expansion, in all */

/* ---- plain scalar typing (Psych's rules) ------------------------------------------------- */

static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

static bool ieq(const char *s, size_t n, const char *w) {
  return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Count of digits at s[*i] (at most max), advancing *i. */
static size_t digits(const char *s, size_t n, size_t *i, size_t max) {
  size_t k = 0;
  while (*i < n && k < max && is_digit(s[*i]))
    (*i)++, k++;
  return k;
}

static int num(const char *s, size_t from, size_t to) {
  int v = 0;
  for (size_t i = from; i < to; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

static bool valid_ymd(int y, int m, int d) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= mdays[m - 1] + (m == 2 && leap);
}

/* YYYY-M[M]-D[D] at s[*i]. */
static bool scan_ymd(const char *s, size_t n, size_t *i, cb_date *dt) {
  size_t a = *i;
  if (digits(s, n, i, 4) != 4 || *i >= n || s[*i] != '-') return false;
  dt->year = num(s, a, *i);
  a = ++*i;
  if (digits(s, n, i, 2) == 0 || *i >= n || s[*i] != '-') return false;
  dt->month = num(s, a, *i);
  a = ++*i;
  if (digits(s, n, i, 2) == 0) return false;
  dt->day = num(s, a, *i);
  return true;
}

/* `YYYY-MM-DD` (Psych: a Date) */
static bool parse_date(const char *s, size_t n, cb_date *dt) {
  size_t i = 0;
  memset(dt, 0, sizeof *dt);
  return scan_ymd(s, n, &i, dt) && i == n && valid_ymd(dt->year, dt->month, dt->day);
}

/* Psych's TIME: -?YYYY-M-D([Tt]|\s+)H:MM:SS(.frac)?(\s*(Z|[-+]H[H][:][MM]))? */
static bool parse_timestamp(const char *s, size_t n, cb_date *dt) {
  size_t i = 0, a;
  bool neg = n > 0 && s[0] == '-';
  memset(dt, 0, sizeof *dt);
  if (neg) i++;
  if (!scan_ymd(s, n, &i, dt)) return false;
  if (neg) dt->year = -dt->year;
  if (i < n && (s[i] == 'T' || s[i] == 't')) {
    i++;
  } else {
    size_t sp = i;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
      i++;
    if (i == sp) return false;
  }
  a = i;
  if (digits(s, n, &i, 2) == 0 || i >= n || s[i] != ':') return false;
  dt->hour = num(s, a, i);
  a = ++i;
  if (digits(s, n, &i, 2) != 2 || i >= n || s[i] != ':') return false;
  dt->min = num(s, a, i);
  a = ++i;
  if (digits(s, n, &i, 2) != 2) return false;
  dt->sec = num(s, a, i);
  if (i < n && s[i] == '.') {
    i++;
    while (i < n && is_digit(s[i]))
      i++; /* fractions of a second: cb_date has no field */
  }
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i < n && s[i] == 'Z') {
    dt->has_tz = true;
    i++;
  } else if (i < n && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i++] == '-' ? -1 : 1, h, m = 0;
    a = i;
    size_t k = digits(s, n, &i, 4);
    if (k == 0) return false;
    if (k <= 2) {
      h = num(s, a, i);
      if (i < n && s[i] == ':') {
        size_t b = ++i;
        if (digits(s, n, &i, 2) != 2) return false;
        m = num(s, b, i);
      }
    } else { /* HMM or HHMM */
      h = num(s, a, a + k - 2);
      m = num(s, a + k - 2, i);
    }
    if (h > 23 || m > 59) return false;
    dt->has_tz = true;
    dt->tz_minutes = sign * (h * 60 + m);
  }
  if (i != n) return false;
  dt->has_time = true;
  return valid_ymd(dt->year < 0 ? -dt->year : dt->year, dt->month, dt->day) && dt->hour <= 23 &&
         dt->min <= 59 && dt->sec <= 60;
}

/* A number with `_` and `,` separators removed; base 2, 8, 10 or 16. */
static bool parse_int(const char *s, size_t n, double *out) {
  size_t i = 0;
  int sign = 1, base = 10;
  if (i < n && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
  if (i >= n) return false;
  if (n - i >= 2 && s[i] == '0' && (s[i + 1] == 'b' || s[i + 1] == 'x')) {
    base = s[i + 1] == 'b' ? 2 : 16;
    i += 2;
  } else if (s[i] == '0' && n - i > 1) {
    base = 8;
    i++;
  } else if (s[i] == '0') {
    *out = 0;
    return true;
  } else if (!(s[i] >= '1' && s[i] <= '9')) {
    return false;
  }
  double v = 0;
  size_t nd = 0;
  for (; i < n; i++) {
    char c = s[i];
    int dv;
    if (c == '_' || c == ',') {
      /* Psych: in decimals a separator must be followed by a digit ("1_" is a string). */
      if (base == 10 && (i + 1 >= n || !is_digit(s[i + 1]))) return false;
      continue;
    }
    if (is_digit(c))
      dv = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f')
      dv = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F')
      dv = c - 'A' + 10;
    else
      return false;
    if (dv >= base) return false;
    v = v * base + dv;
    nd++;
  }
  if (nd == 0 && base != 8) return false; /* "0b", "0x": Ruby's Integer() refuses them */
  *out = sign * v;
  return true;
}

/* Psych's FLOAT: [-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)? but not a lone "." */
static bool parse_float(const char *s, size_t n, double *out) {
  size_t i = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  size_t int_start = i;
  if (i < n && is_digit(s[i]))
    while (i < n && (is_digit(s[i]) || s[i] == '_' || s[i] == ','))
      i++;
  size_t int_len = i - int_start;
  if (i >= n || s[i] != '.') return false;
  i++;
  size_t frac = 0;
  while (i < n && is_digit(s[i]))
    i++, frac++;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i >= n || (s[i] != '+' && s[i] != '-')) return false;
    i++;
    if (digits(s, n, &i, (size_t)-1) == 0) return false;
  }
  if (i != n || (int_len == 0 && frac == 0)) return false;
  char buf[128];
  size_t k = 0;
  for (i = 0; i < n && k < sizeof buf - 1; i++)
    if (s[i] != '_' && s[i] != ',') buf[k++] = s[i];
  buf[k] = '\0';
  *out = strtod(buf, NULL);
  return true;
}

/* Psych's base-60 numbers: 1:30 (= 5400, Psych's reading), 1:30:00, 1:30.5 */
static bool parse_sexagesimal(const char *s, size_t n, double *out) {
  size_t i = 0, parts = 0;
  int sign = 1;
  if (i < n && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
  if (i >= n || !is_digit(s[i])) return false;
  double val[3];
  double v = 0;
  while (i < n && (is_digit(s[i]) || s[i] == '_'))
    if (s[i++] != '_') v = v * 10 + (s[i - 1] - '0');
  val[parts++] = v;
  while (i < n && s[i] == ':') {
    if (parts == 3) return false;
    i++;
    size_t a = i;
    if (digits(s, n, &i, 2) == 0) return false;
    if (i - a == 2 && s[a] > '5') return false;
    val[parts++] = num(s, a, i);
  }
  if (parts < 2) return false;
  if (i < n && s[i] == '.') { /* the float form: the last part carries the fraction */
    double f = 0, scale = 0.1;
    for (i++; i < n && (is_digit(s[i]) || s[i] == '_'); i++)
      if (s[i] != '_') f += (s[i] - '0') * scale, scale /= 10;
    val[parts - 1] += f;
  }
  if (i != n) return false;
  /* Psych: sum of part[e] * 60**|e-2|, the sign applying to the first part only. */
  double total = 0;
  for (size_t e = 0; e < parts; e++) {
    double w = e == 2 ? 1 : (e == 1 ? 60 : 3600);
    total += (e == 0 ? sign * val[e] : val[e]) * w;
  }
  *out = total;
  return true;
}

void cb_yaml_resolve_plain(cb_meta *m, const char *s, size_t n) {
  m->type = CB_META_STRING;
  if (n == 0 || (n == 1 && s[0] == '~') || ieq(s, n, "null")) {
    m->type = CB_META_NULL;
    return;
  }
  if (ieq(s, n, "true") || ieq(s, n, "yes") || ieq(s, n, "on")) {
    m->type = CB_META_BOOL;
    m->boolean = true;
    return;
  }
  if (ieq(s, n, "false") || ieq(s, n, "no") || ieq(s, n, "off")) {
    m->type = CB_META_BOOL;
    m->boolean = false;
    return;
  }
  /* Everything below starts with a digit, a sign or a dot. */
  if (!(is_digit(s[0]) || s[0] == '-' || s[0] == '+' || s[0] == '.')) return;
  if (parse_timestamp(s, n, &m->date) || parse_date(s, n, &m->date)) {
    m->type = CB_META_DATE;
    return;
  }
  if (ieq(s, n, ".inf") || ieq(s, n, "+.inf") || ieq(s, n, "-.inf") || ieq(s, n, ".nan")) {
    m->type = CB_META_NUMBER;
    m->number = s[1] == 'n' || s[1] == 'N' ? NAN : (s[0] == '-' ? -INFINITY : INFINITY);
    return;
  }
  double v;
  if (parse_sexagesimal(s, n, &v) || parse_float(s, n, &v) || parse_int(s, n, &v)) {
    m->type = CB_META_NUMBER;
    m->number = v;
  }
}

/* ---- the event-driven tree builder -------------------------------------------------------- */

typedef struct anchor {
  const char *name;
  cb_meta *node;
  bool done; /* false while the anchored list/map is still open (an alias to it is recursive) */
} anchor;

typedef struct frame {
  cb_meta *node;
  const char *anchor; /* its anchor's name, or NULL */
  bool have_key;      /* maps: a key was read, its value comes next */
  bool merge_key;     /* that key is `<<` (YAML 1.1 merge key, as Psych has it) */
  bool drop_value;    /* that key is a list or a map: no Liquid name reaches the entry */
  const char *key;
  cb_pos key_pos;
} frame;

typedef struct fm {
  cb_arena *a;
  const char *file;
  const char *text;
  size_t len;
  int end_line; /* the closing `---` line */
  cb_diag *d;
  frame *stack;
  size_t depth, cap;
  anchor *anchors; /* open-addressing hash table */
  size_t n_anchors, anchors_cap;
  size_t alias_nodes;
  cb_meta *root;
  yaml_mark_t root_mark;
  const char *what; /* "front matter", or "YAML" for a site file (_config.yml, _data) */
} fm;

static cb_pos mark_pos(const fm *f, yaml_mark_t m) {
  return (cb_pos){f->file, (int)m.line + 1, (int)m.column + 1};
}

static size_t hash_str(const char *s) {
  size_t h = 5381;
  while (*s)
    h = h * 33 + (unsigned char)*s++;
  return h;
}

static anchor *anchor_slot(fm *f, const char *name) {
  size_t mask = f->anchors_cap - 1, i = hash_str(name) & mask;
  while (f->anchors[i].name && strcmp(f->anchors[i].name, name) != 0)
    i = (i + 1) & mask;
  return &f->anchors[i];
}

static anchor *anchor_lookup(fm *f, const char *name) {
  if (!f->anchors_cap) return NULL;
  anchor *s = anchor_slot(f, name);
  return s->name ? s : NULL;
}

/* YAML lets an anchor be redefined; the latest definition wins. */
static anchor *anchor_define(fm *f, const char *name, cb_meta *node, bool done) {
  if ((f->n_anchors + 1) * 2 > f->anchors_cap) {
    anchor *old = f->anchors;
    size_t old_cap = f->anchors_cap;
    f->anchors_cap = old_cap ? old_cap * 2 : 16;
    f->anchors = calloc(f->anchors_cap, sizeof *f->anchors);
    if (!f->anchors) cb_oom();
    for (size_t i = 0; i < old_cap; i++)
      if (old[i].name) *anchor_slot(f, old[i].name) = old[i];
    free(old);
  }
  anchor *s = anchor_slot(f, name);
  if (!s->name) {
    s->name = cb_strdup(f->a, name);
    f->n_anchors++;
  }
  s->node = node;
  s->done = done;
  return s;
}

/* Deep copy for an alias: a cb_meta lives in exactly one parent list. */
static cb_meta *copy_meta(fm *f, const cb_meta *src) {
  if (++f->alias_nodes > FM_MAX_ALIAS_NODES) return NULL;
  cb_meta *c = cb_alloc(f->a, sizeof *c);
  *c = *src;
  c->first = c->last = c->next = NULL;
  c->count = 0;
  for (const cb_meta *k = src->first; k; k = k->next) {
    cb_meta *kc = copy_meta(f, k);
    if (!kc) return NULL;
    cb_meta_append(c, kc);
  }
  return c;
}

/* Scalar text for the model: escapes may have produced NUL or control characters, and every
 * model string is NFC. */
static const char *clean_text(fm *f, const char *s, size_t n, yaml_mark_t mark) {
  size_t i = 0;
  bool plain = true;
  for (; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
      plain = false;
      break;
    }
  }
  if (plain) return cb_strndup(f->a, s, n);
  cb_buf b = CB_BUF_INIT;
  size_t bad = 0;
  for (i = 0; i < n;) {
    size_t at = i;
    uint32_t cp = cb_utf8_next(s, n, &i);
    if (cb_input_cp_is_bad(cp) || cp == 0) {
      bad++;
      cb_buf_put(&b, "\xEF\xBF\xBD", 3);
    } else {
      cb_buf_put(&b, s + at, i - at);
    }
  }
  if (bad)
    cb_warn(f->d, mark_pos(f, mark),
            "%zu control character%s in a %s value "
            "replaced by U+FFFD",
            bad, bad == 1 ? "" : "s", f->what);
  size_t out_len;
  char *r = cb_text_nfc(f->a, b.data, b.len, &out_len);
  cb_buf_free(&b);
  return r;
}

/* Append a shallow copy of every entry of src to map (subtrees are shared: nothing mutates
 * them once built). */
static void merge_one(fm *f, cb_meta *map, const cb_meta *src) {
  for (const cb_meta *e = src->first; e; e = e->next) {
    cb_meta *c = cb_alloc(f->a, sizeof *c);
    *c = *e;
    cb_meta_append(map, c);
  }
}

/* `<<: *base` or `<<: [*a, *b]`: Psych merges at that point, so keys before it are overridden
 * and keys after it win; in a list the earlier map wins.  Lookups take the last entry of a
 * key, so merging a list back to front gives the same answers. */
static int merge(fm *f, cb_meta *map, const cb_meta *v, yaml_mark_t mark) {
  if (v->type == CB_META_MAP) {
    merge_one(f, map, v);
    return 0;
  }
  size_t n = 0;
  const cb_meta **items = cb_xmalloc((v->count ? v->count : 1) * sizeof *items);
  for (const cb_meta *e = v->first; e; e = e->next) {
    if (e->type != CB_META_MAP) {
      free(items);
      cb_error(f->d, mark_pos(f, mark), "%s: '<<' merges maps, not other values", f->what);
      return -1;
    }
    items[n++] = e;
  }
  while (n > 0)
    merge_one(f, map, items[--n]);
  free(items);
  return 0;
}

/* Attach a finished value to the open list or map (or make it the root). */
static int add_value(fm *f, cb_meta *v, yaml_mark_t mark) {
  if (f->depth == 0) {
    f->root = v;
    f->root_mark = mark;
    return 0;
  }
  frame *top = &f->stack[f->depth - 1];
  if (top->node->type == CB_META_LIST) {
    /* an empty item (`readings:\n  -\n`) is nil, and Liquid's loops go over it (a schedule
     * writes an empty `<li>` for it); the backends skip empty metadata items */
    cb_meta_append(top->node, v);
    return 0;
  }
  if (!top->have_key) {
    top->have_key = true;
    /* Psych takes such a key (`[//]: # (a comment)`, a Markdown comment idiom, is a list
     * key with a null value), and Jekyll builds the page: the entry is kept from Liquid */
    top->drop_value = v->type == CB_META_LIST || v->type == CB_META_MAP;
    if (top->drop_value) {
      cb_warn(f->d, mark_pos(f, mark),
              "%s: a key that is a list or a map; no Liquid name reaches its entry, "
              "which is ignored",
              f->what);
      return 0;
    }
    top->key = v->str ? v->str : "";
    top->key_pos = mark_pos(f, mark);
    top->merge_key = strcmp(top->key, "<<") == 0; /* Psych merges a quoted "<<" too */
    return 0;
  }
  if (top->drop_value) {
    top->have_key = top->drop_value = false;
    return 0;
  }
  if (top->merge_key && (v->type == CB_META_MAP || v->type == CB_META_LIST)) {
    top->have_key = false;
    return merge(f, top->node, v, mark);
  }
  v->key = top->key;
  v->pos = top->key_pos; /* messages about a value point at its key */
  top->have_key = false;
  cb_meta_append(top->node, v);
  return 0;
}

static int push(fm *f, cb_meta_type type, const yaml_event_t *ev) {
  if (f->depth >= FM_MAX_DEPTH) {
    cb_error(f->d, mark_pos(f, ev->start_mark), "%s nested more than %d levels deep", f->what,
             FM_MAX_DEPTH);
    return -1;
  }
  if (f->depth == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 16;
    f->stack = cb_xrealloc(f->stack, f->cap * sizeof *f->stack);
  }
  cb_meta *m = cb_meta_new(f->a, type, mark_pos(f, ev->start_mark));
  const yaml_char_t *anc =
      type == CB_META_LIST ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
  frame *fr = &f->stack[f->depth++];
  memset(fr, 0, sizeof *fr);
  fr->node = m;
  /* The table may grow while this frame is open: remember the name, not the slot. */
  if (anc) fr->anchor = anchor_define(f, (const char *)anc, m, false)->name;
  return 0;
}

static int on_scalar(fm *f, const yaml_event_t *ev) {
  const char *s = (const char *)ev->data.scalar.value;
  size_t n = ev->data.scalar.length;
  const char *tag = (const char *)ev->data.scalar.tag;
  cb_meta *m = cb_meta_new(f->a, CB_META_STRING, mark_pos(f, ev->start_mark));
  m->str = clean_text(f, s, n, ev->start_mark);
  bool str_tag = tag && (strcmp(tag, "!") == 0 || strcmp(tag, YAML_STR_TAG) == 0);
  if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !str_tag)
    cb_yaml_resolve_plain(m, m->str, strlen(m->str));
  if (ev->data.scalar.anchor) anchor_define(f, (const char *)ev->data.scalar.anchor, m, true);
  return add_value(f, m, ev->start_mark);
}

static int on_alias(fm *f, const yaml_event_t *ev) {
  const char *name = (const char *)ev->data.alias.anchor;
  anchor *an = anchor_lookup(f, name);
  if (!an) {
    cb_error(f->d, mark_pos(f, ev->start_mark), "%s: unknown alias *%s", f->what, name);
    return -1;
  }
  if (!an->done) {
    cb_error(f->d, mark_pos(f, ev->start_mark),
             "%s: alias *%s refers to the list or map that contains it", f->what, name);
    return -1;
  }
  cb_meta *c = copy_meta(f, an->node);
  if (!c) {
    cb_error(f->d, mark_pos(f, ev->start_mark),
             "%s: aliases expand to more than %d values (refusing a \"billion "
             "laughs\" input)",
             f->what, FM_MAX_ALIAS_NODES);
    return -1;
  }
  c->pos = mark_pos(f, ev->start_mark);
  return add_value(f, c, ev->start_mark);
}

/* The byte at file line:col (1-based, col in code points), or 0 past the text. */
static char char_at(const char *text, size_t len, int line, int col) {
  size_t i = 0;
  for (int l = 1; l < line && i < len; i++)
    if (text[i] == '\n') l++;
  for (int c = 1; i < len && text[i] != '\n'; i++) {
    if (((unsigned char)text[i] & 0xC0) == 0x80) continue;
    if (c++ == col) return text[i];
  }
  return 0;
}

/* Does line (1-based) of text hold pat? */
static bool line_has(const char *text, size_t len, int line, const char *pat) {
  size_t i = 0;
  for (int l = 1; l < line && i < len; i++)
    if (text[i] == '\n') l++;
  const char *e = memchr(text + i, '\n', len - i);
  size_t n = e ? (size_t)(e - (text + i)) : len - i, pl = strlen(pat);
  for (size_t k = 0; k + pl <= n; k++)
    if (memcmp(text + i + k, pat, pl) == 0) return true;
  return false;
}

static void yaml_problem(fm *f, const yaml_parser_t *p) {
  cb_pos pos;
  if (p->error == YAML_READER_ERROR) {
    int line, col;
    cb_input_pos_at(f->text, p->problem_offset, &line, &col);
    pos = (cb_pos){f->file, line, col};
  } else {
    pos = mark_pos(f, p->problem_mark);
  }
  const char *problem = p->problem ? p->problem : "malformed YAML";
  if (char_at(f->text, f->len, pos.line, pos.col) == '\t') {
    cb_error(f->d, pos,
             "invalid %s: a tab character here; YAML indents with spaces "
             "only (%s)",
             f->what, problem);
    return;
  }
  if (p->context) {
    cb_pos c = mark_pos(f, p->context_mark);
    /* An unclosed quote or bracket only shows at the end: point at where it began. */
    if (strstr(problem, "end of stream")) {
      const char *what = p->context;
      if (strncmp(what, "while scanning ", 15) == 0) what += 15;
      if (strncmp(what, "while parsing ", 14) == 0) what += 14;
      /* pages typed in word processors close "..." with a typographic quote */
      bool curly = line_has(f->text, f->len, c.line, "\xE2\x80\x9D") ||
                   line_has(f->text, f->len, c.line, "\xE2\x80\x99");
      cb_error(f->d, c, "invalid %s: %s that starts here is never closed%s", f->what, what,
               curly ? " (a typographic quote such as \xE2\x80\x9D does not close it)" : "");
      return;
    }
    cb_error(f->d, pos, "invalid %s: %s (%s at line %d, column %d)%s", f->what, problem, p->context,
             c.line, c.col, pos.line >= f->end_line ? "; is a bracket or quote left open?" : "");
  } else if (strstr(problem, "mapping values are not allowed")) {
    /* `title: Lecture 1: Intro`, the usual cause: a plain value cannot hold `: ` */
    cb_error(f->d, pos, "invalid %s: %s (a value holding \": \" must be quoted: title: \"A: B\")",
             f->what, problem);
  } else {
    cb_error(f->d, pos, "invalid %s: %s", f->what, problem);
  }
}

static int parse_yaml(fm *f, const char *text, size_t len) {
  yaml_parser_t p;
  yaml_event_t ev;
  if (!yaml_parser_initialize(&p)) cb_oom();
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
  int rc = 0, docs = 0;
  bool done = false;
  while (!done && rc == 0) {
    if (!yaml_parser_parse(&p, &ev)) {
      yaml_problem(f, &p);
      rc = -1;
      break;
    }
    switch (ev.type) {
    case YAML_STREAM_END_EVENT: done = true; break;
    case YAML_DOCUMENT_START_EVENT:
      if (++docs > 1) { /* Jekyll's YAML loader reads the first document only */
        cb_warn(f->d, mark_pos(f, ev.start_mark),
                "a second YAML document ('---' with text after it) is ignored, as Jekyll does");
        done = true;
      }
      break;
    case YAML_SCALAR_EVENT: rc = on_scalar(f, &ev); break;
    case YAML_ALIAS_EVENT: rc = on_alias(f, &ev); break;
    case YAML_SEQUENCE_START_EVENT: rc = push(f, CB_META_LIST, &ev); break;
    case YAML_MAPPING_START_EVENT: rc = push(f, CB_META_MAP, &ev); break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
      if (f->depth == 0) break; /* libyaml balances them; be safe anyway */
      frame fr = f->stack[--f->depth];
      anchor *an = fr.anchor ? anchor_lookup(f, fr.anchor) : NULL;
      if (an && an->node == fr.node) an->done = true;
      yaml_mark_t start = {0, (size_t)fr.node->pos.line - 1, (size_t)fr.node->pos.col - 1};
      rc = add_value(f, fr.node, start);
      break;
    }
    default: break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&p);
  return rc;
}

int cb_frontmatter_parse(cb_arena *a, const char *file, const char *src, size_t len, cb_meta **meta,
                         size_t *body_off, int *body_line, cb_diag *d) {
  *meta = cb_meta_new(a, CB_META_MAP, (cb_pos){file, 1, 1});
  *body_off = 0;
  *body_line = 1;
  /* Jekyll: the file starts with `---`, optional blanks, a line end. */
  size_t i = 3;
  if (len < 4 || memcmp(src, "---", 3) != 0) return 0;
  while (i < len && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r'))
    i++;
  if (i >= len || src[i] != '\n') return 0;
  i++;
  /* It ends at the first line that is `---` or `...` and blanks. */
  int line = 2;
  size_t yaml_end = 0;
  bool closed = false;
  while (i < len && !closed) {
    const char *nl = memchr(src + i, '\n', len - i);
    size_t le = nl ? (size_t)(nl - src) : len;
    if (le - i >= 3 && (memcmp(src + i, "---", 3) == 0 || memcmp(src + i, "...", 3) == 0)) {
      size_t k = i + 3;
      while (k < le && (src[k] == ' ' || src[k] == '\t' || src[k] == '\r'))
        k++;
      if (k == le) {
        closed = true;
        yaml_end = i;
        *body_off = nl ? le + 1 : len;
        *body_line = line + 1;
        break;
      }
    }
    i = nl ? le + 1 : len;
    line++;
  }
  if (!closed) {
    cb_error(d, (cb_pos){file, 1, 1},
             "front matter opened with '---' here is never closed (no later '---' line)");
    return -1;
  }

  fm f = {.a = a,
          .file = file,
          .text = src,
          .len = yaml_end,
          .end_line = line,
          .d = d,
          .what = "front matter"};
  int rc = parse_yaml(&f, src, yaml_end);
  free(f.stack);
  free(f.anchors);
  if (rc != 0) return -1;
  if (!f.root || f.root->type == CB_META_NULL) return 0; /* only comments: no keys */
  if (f.root->type != CB_META_MAP) {
    cb_error(d, mark_pos(&f, f.root_mark),
             "front matter must be a map of 'key: value' lines, not a %s",
             f.root->type == CB_META_LIST ? "list" : "single value");
    return -1;
  }
  f.root->pos = (cb_pos){file, 1, 1};
  *meta = f.root;
  return 0;
}

/* One YAML document, any root; an empty one is an empty map.  map_only: a root that is not a
 * map is an error. */
static int yaml_doc_parse(cb_arena *a, const char *file, const char *src, size_t len,
                          cb_meta **meta, cb_diag *d, bool map_only) {
  *meta = cb_meta_new(a, CB_META_MAP, (cb_pos){file, 1, 1});
  int lines = 1;
  for (size_t k = 0; k < len; k++)
    lines += src[k] == '\n';
  fm f = {
      .a = a, .file = file, .text = src, .len = len, .end_line = lines + 1, .d = d, .what = "YAML"};
  int rc = parse_yaml(&f, src, len);
  free(f.stack);
  free(f.anchors);
  if (rc != 0) return -1;
  if (!f.root || f.root->type == CB_META_NULL) return 0;
  if (map_only && f.root->type != CB_META_MAP) {
    cb_error(d, mark_pos(&f, f.root_mark), "%s must be a map of 'key: value' lines", file);
    return -1;
  }
  *meta = f.root;
  return 0;
}

int cb_yaml_map_parse(cb_arena *a, const char *file, const char *src, size_t len, cb_meta **meta,
                      cb_diag *d) {
  return yaml_doc_parse(a, file, src, len, meta, d, true);
}

int cb_yaml_data_parse(cb_arena *a, const char *file, const char *src, size_t len, cb_meta **meta,
                       cb_diag *d) {
  return yaml_doc_parse(a, file, src, len, meta, d, false);
}
