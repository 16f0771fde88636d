/* Package metadata from the book's front matter: what the OPF, the title page and the cover
 * say about the course.  Dates become the forms EPUB requires (dcterms:modified in UTC). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "epub.h"

/* Non-empty scalar strings of a key that may hold a scalar or a list (null items skipped,
 * as in the example's `publisher:` list). */
/* The text of a scalar, or of a map's `name` (Jekyll authors are often {name: …, url: …}). */
static const char *item_text(const cb_meta *c) {
  if (c->type == CB_META_MAP) {
    const char *name = cb_meta_str(c, "name");
    return name;
  }
  if (c->type == CB_META_NULL || c->type == CB_META_LIST || !c->str) return NULL;
  const char *s = c->str;
  while (isspace((unsigned char)*s))
    s++;
  return *s ? c->str : NULL;
}

static cb_epub_strs meta_strs(cb_arena *a, const cb_meta *m) {
  cb_epub_strs r = {NULL, 0};
  if (!m) return r;
  r.v = cb_alloc(a, sizeof *r.v * (m->type == CB_META_LIST ? m->count + 1 : 1));
  if (m->type != CB_META_LIST) {
    const char *s = item_text(m);
    if (s) r.v[r.n++] = s;
    return r;
  }
  for (const cb_meta *c = m->first; c; c = c->next) {
    const char *s = item_text(c);
    if (s) r.v[r.n++] = s;
  }
  return r;
}

static void append_strs(cb_arena *a, cb_epub_strs *dst, cb_epub_strs src) {
  if (!src.n) return;
  const char **v = cb_alloc(a, sizeof *v * (dst->n + src.n));
  if (dst->n) memcpy(v, dst->v, sizeof *v * dst->n);
  memcpy(v + dst->n, src.v, sizeof *v * src.n);
  dst->v = v;
  dst->n += src.n;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm);
 * timegm() is not in POSIX. */
static long long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static long long date_to_epoch(const cb_date *dt) {
  long long s = days_from_civil(dt->year, dt->month, dt->day) * 86400LL;
  if (dt->has_time) s += dt->hour * 3600LL + dt->min * 60LL + dt->sec;
  if (dt->has_tz) s -= dt->tz_minutes * 60LL;
  return s;
}

/* A date written as a string ("2024-06-28", "2024-06-28 10:00:00 +0630", "…T…Z"). */
static bool parse_date(const char *s, cb_date *dt) {
  memset(dt, 0, sizeof *dt);
  int n = 0;
  if (sscanf(s, "%4d-%2d-%2d%n", &dt->year, &dt->month, &dt->day, &n) != 3) return false;
  if (dt->month < 1 || dt->month > 12 || dt->day < 1 || dt->day > 31) return false;
  s += n;
  if (*s == 'T' || *s == 't' || *s == ' ') {
    int h, mi, sec = 0, k = 0;
    if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &k) == 2) {
      s += 1 + k;
      if (*s == ':' && sscanf(s + 1, "%2d%n", &sec, &k) == 1) s += 1 + k;
      while (*s == '.' || isdigit((unsigned char)*s))
        s++; /* fractions */
      dt->has_time = true;
      dt->hour = h;
      dt->min = mi;
      dt->sec = sec;
      while (*s == ' ')
        s++;
      if (*s == 'Z' || *s == 'z') {
        dt->has_tz = true;
      } else if (*s == '+' || *s == '-') {
        int sign = *s == '-' ? -1 : 1, th = 0, tm = 0;
        if (sscanf(s + 1, "%2d:%2d", &th, &tm) == 2 || sscanf(s + 1, "%2d%2d", &th, &tm) >= 1) {
          dt->has_tz = true;
          dt->tz_minutes = sign * (th * 60 + tm);
        }
      }
    }
  }
  return true;
}

static bool meta_date(const cb_meta *m, cb_date *dt) {
  if (!m) return false;
  if (m->type == CB_META_DATE) {
    *dt = m->date;
    return true;
  }
  bool scalar = m->type != CB_META_NULL && m->type != CB_META_LIST && m->type != CB_META_MAP;
  return scalar && m->str && parse_date(m->str, dt);
}

static const char *utc_stamp(cb_arena *a, long long t) {
  long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  long long secs = t - days * 86400;
  /* civil_from_days */
  long long z = days + 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = yoe + era * 400;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  long long d = doy - (153 * mp + 2) / 5 + 1;
  long long m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  return cb_sprintf(a, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", y, m, d, secs / 3600,
                    secs / 60 % 60, secs % 60);
}

/* Whitespace runs to one space, trimmed: the excerpt is one paragraph of plain text. */
static const char *squeeze(cb_arena *a, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s);
  char *o = cb_alloc(a, n + 1);
  size_t j = 0;
  bool space = false;
  for (size_t i = 0; i < n; i++) {
    if (isspace((unsigned char)s[i])) {
      space = j > 0;
      continue;
    }
    if (space) o[j++] = ' ';
    space = false;
    o[j++] = s[i];
  }
  o[j] = '\0';
  return j ? o : NULL;
}

/* Namespace of coursebook's derived identifiers (a fixed random UUID). */
static const unsigned char ns_coursebook[16] = {0x6b, 0x1f, 0x3c, 0x52, 0x9e, 0x07, 0x4d, 0x8a,
                                                0xb1, 0x5e, 0x2a, 0x90, 0xc4, 0x77, 0x0d, 0x13};

void cb_epub_meta_collect(cb_arena *a, const cb_book *book, const cb_options *opt, time_t now,
                          cb_epub_meta *m) {
  memset(m, 0, sizeof *m);
  const cb_meta *fm = book->meta;
  cb_course_info ci;
  cb_course_info_get(book, &ci);
  m->title = squeeze(a, ci.title);
  if (!m->title && book->first && book->first->as.chapter.file) {
    const char *f = book->first->as.chapter.file, *slash = strrchr(f, '/');
    m->title = slash ? slash + 1 : f;
  }
  if (!m->title) m->title = "Untitled";

  m->creators = meta_strs(a, ci.creators);
  m->publishers = meta_strs(a, ci.publishers);

  cb_date dt;
  if (meta_date(ci.date, &dt)) {
    m->date_human = cb_sprintf(a, "%04d-%02d-%02d", dt.year, dt.month, dt.day);
    m->date = dt.has_time && dt.has_tz ? utc_stamp(a, date_to_epoch(&dt)) : m->date_human;
  }
  long long mod;
  if (meta_date(ci.modified, &dt)) {
    mod = date_to_epoch(&dt);
    m->modified_human = cb_sprintf(a, "%04d-%02d-%02d", dt.year, dt.month, dt.day);
  } else if (opt->source_date_epoch >= 0) {
    mod = opt->source_date_epoch;
  } else {
    mod = (long long)now;
  }
  m->modified = utc_stamp(a, mod);
  /* ZIP timestamps: SOURCE_DATE_EPOCH wins (reproducible builds), else the modified date. */
  m->modified_time = (time_t)(opt->source_date_epoch >= 0 ? opt->source_date_epoch : mod);

  m->description = squeeze(a, ci.excerpt);
  m->subjects = meta_strs(a, ci.tags);
  append_strs(a, &m->subjects, meta_strs(a, ci.topic));
  append_strs(a, &m->subjects, meta_strs(a, ci.categories));

  const char *lic = ci.license;
  if (lic) {
    const cb_license *l = ci.license_known;
    m->rights = l ? l->name : lic;
    m->rights_url = l ? l->url : NULL;
  }

  m->lang = book->lang && *book->lang                     ? book->lang
            : book->first && book->first->as.chapter.lang ? book->first->as.chapter.lang
                                                          : "en";
  m->difficulty = cb_meta_str(fm, "difficulty");
  m->audiences = meta_strs(a, ci.audience);
  m->interactivity = cb_meta_str(fm, "interactivity");
  m->resource_type = cb_meta_str(fm, "resource_type");

  m->identifier = cb_meta_str(fm, "identifier");
  if (!m->identifier) {
    /* Derived from what identifies the work, not from the text, so corrections keep it. */
    cb_buf name = CB_BUF_INIT;
    cb_buf_puts(&name, m->title);
    for (size_t i = 0; i < m->creators.n; i++) {
      cb_buf_putc(&name, '\n');
      cb_buf_puts(&name, m->creators.v[i]);
    }
    cb_buf_putc(&name, '\n');
    if (m->date_human) cb_buf_puts(&name, m->date_human);
    m->identifier = cb_epub_uuid5(a, ns_coursebook, name.data, name.len);
    cb_buf_free(&name);
  }
}
