/* Liquid's array filters, on the lists YAML gives (site.data, front matter): course pages
 * sort and filter their schedules with them (`site.data.hw | sort: 'due' | reverse`).
 *
 * Each result is a new list in the arena whose entries are shallow copies of the items (the
 * items' own children are shared, never changed).  Sorting is stable and O(n log n); the
 * others are one pass, uniq with a hash set. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read_internal.h"

/* A scalar's text as Liquid prints it (numbers as written: only compared here). */
static const char *item_text(const cb_meta *m) {
  if (!m || m->type == CB_META_NULL) return NULL;
  if (m->type == CB_META_BOOL) return m->boolean ? "true" : "false";
  return m->str;
}

/* item[key] for a map item (Liquid's `item.key`), NULL otherwise or when absent. */
static const cb_meta *prop(const cb_meta *it, const char *key) {
  return key ? cb_meta_key(it, key, strlen(key)) : NULL;
}

static void append_copy(cb_arena *a, cb_meta *list, const cb_meta *it) {
  cb_meta *cp = cb_alloc(a, sizeof *cp);
  *cp = *it;
  cp->next = NULL;
  cb_meta_append(list, cp);
}

typedef struct {
  const cb_meta *item, *key;
  size_t index;
  bool natural;
} sort_ent;

/* Ruby's <=> on the two values: numbers by value, text bytewise (sort_natural: without
 * case); a missing value after any present one (Liquid's nil-safe comparison). */
static int sort_cmp(const void *x, const void *y) {
  const sort_ent *a = x, *b = y;
  const char *ta = item_text(a->key), *tb = item_text(b->key);
  int c;
  if (!ta || !tb) {
    c = !ta && !tb ? 0 : !ta ? 1 : -1;
  } else if (a->key->type == CB_META_NUMBER && b->key->type == CB_META_NUMBER) {
    c = a->key->number < b->key->number ? -1 : a->key->number > b->key->number ? 1 : 0;
  } else {
    c = a->natural ? strcasecmp(ta, tb) : strcmp(ta, tb);
  }
  return c ? c : a->index < b->index ? -1 : a->index > b->index ? 1 : 0; /* stable */
}

static cb_meta *sorted(cb_arena *a, const cb_meta *m, const char *key, bool natural) {
  sort_ent *v = cb_alloc(a, (m->count ? m->count : 1) * sizeof *v);
  size_t n = 0;
  for (const cb_meta *it = m->first; it; it = it->next, n++)
    v[n] = (sort_ent){it, key ? prop(it, key) : it, n, natural};
  qsort(v, n, sizeof *v, sort_cmp);
  cb_meta *r = cb_meta_new(a, CB_META_LIST, m->pos);
  for (size_t k = 0; k < n; k++)
    append_copy(a, r, v[k].item);
  return r;
}

enum { FIRST, LAST, SORT, SORT_NATURAL, REVERSE, WHERE, MAP, COMPACT, UNIQ, N_FILTERS };

/* The array filter's number, or N_FILTERS for another filter. */
static int filter_index(const char *name) {
  static const char *const names[N_FILTERS] = {
      "first", "last", "sort", "sort_natural", "reverse", "where", "map", "compact", "uniq"};
  int f = 0;
  while (f < N_FILTERS && strcmp(name, names[f]) != 0)
    f++;
  return f;
}

bool cb_liquid_is_array_filter(const char *name) {
  return filter_index(name) != N_FILTERS;
}

const cb_meta *cb_liquid_array_filter(cb_arena *a, const char *name, const cb_meta *m,
                                      const char *arg, const char *arg2) {
  int f = filter_index(name);
  if (f == N_FILTERS) return NULL; /* (no allocation for the other filters: a hot path) */
  /* nil (an unset variable, a collection a page cannot see) is an empty list to Liquid's
   * array filters: nil for first and last, an empty list for the others */
  static const cb_meta empty = {.type = CB_META_LIST};
  if (!m || m->type == CB_META_NULL) m = &empty;
  if (m->type != CB_META_LIST) return NULL;
  if ((f == FIRST || f == LAST) && !m->first)
    return cb_meta_new(a, CB_META_NULL, m->pos); /* of an empty list: nil */
  if (f == FIRST) return m->first;
  if (f == LAST) return m->last;
  if (f == SORT || f == SORT_NATURAL) return sorted(a, m, arg, f == SORT_NATURAL);
  cb_meta *r = cb_meta_new(a, CB_META_LIST, m->pos);
  switch (f) {
  case REVERSE: {
    const cb_meta **v = cb_alloc(a, (m->count ? m->count : 1) * sizeof *v);
    size_t n = 0;
    for (const cb_meta *it = m->first; it; it = it->next)
      v[n++] = it;
    while (n)
      append_copy(a, r, v[--n]);
    break;
  }
  case WHERE:
    /* `where: "key", "value"`: the items whose key's text is the value; with no value, those
     * whose key is truthy (present, not false or nil) */
    for (const cb_meta *it = m->first; it; it = it->next) {
      const char *t = item_text(prop(it, arg));
      bool keep = arg2 ? t && strcmp(t, arg2) == 0 : t && strcmp(t, "false") != 0;
      if (keep) append_copy(a, r, it);
    }
    break;
  case MAP:
    for (const cb_meta *it = m->first; it; it = it->next) {
      const cb_meta *p = prop(it, arg);
      if (p)
        append_copy(a, r, p);
      else
        cb_meta_append(r, cb_meta_new(a, CB_META_NULL, it->pos));
    }
    break;
  case COMPACT:
    for (const cb_meta *it = m->first; it; it = it->next)
      if (it->type != CB_META_NULL) append_copy(a, r, it);
    break;
  default: { /* UNIQ */
    cb_strmap seen;
    cb_strmap_init(&seen, a);
    for (const cb_meta *it = m->first; it; it = it->next) {
      const char *t = item_text(it);
      bool ins = true;
      if (t) cb_strmap_get(&seen, t, strlen(t), 1, &ins);
      if (ins) append_copy(a, r, it); /* (lists and maps kept: compared by value in Ruby) */
    }
    cb_strmap_free(&seen);
  }
  }
  return r;
}
