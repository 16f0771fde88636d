/* The text Liquid's date filter reads when a value is no YAML date: Liquid downcases it and
 * hands it to Ruby's Time.parse, which reads nearly anything that holds a date ("Jan 20,
 * 2026", "20 January 2026", "2026/01/20", "2026-01-20 23:59:00EST", "5pm").  Course pages
 * write their due dates in all of these, so the same readings are made here, in Time.parse's
 * order: a weekday name and a time (with its zone) are taken out first, then the first of
 * the date forms that matches gives year, month and day, and what is missing comes from the
 * current time.  Ruby refuses text over 128 characters; so does this. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "read_internal.h"

#define MAX_TEXT 128

typedef struct field { /* a piece of the text, as Ruby's s3e() receives it; n == 0: absent */
  const char *s;
  size_t n;
} field;

typedef struct parsed {
  bool year_set, mon_set, mday_set, hour_set, min_set, sec_set, comp;
  long year;
  int mon, mday, hour, min, sec;
  char zone[40];
} parsed;

static bool dig(char c) {
  return c >= '0' && c <= '9';
}
static bool alpha(char c) {
  return (c >= 'a' && c <= 'z') || (unsigned char)c >= 0x80;
}
static bool word(char c) {
  return alpha(c) || dig(c) || c == '_';
}
static bool space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static size_t skip_sp(const char *w, size_t n, size_t k) {
  while (k < n && space(w[k]))
    k++;
  return k;
}
static size_t digits(const char *w, size_t n, size_t k) {
  while (k < n && dig(w[k]))
    k++;
  return k;
}
/* the number of a digit run (held below 10^15: no date needs more) */
static long long num(const char *s, size_t n) {
  long long v = 0;
  for (size_t k = 0; k < n && dig(s[k]); k++)
    v = v < 100000000000000LL ? v * 10 + (s[k] - '0') : v;
  return v;
}
/* \b at k */
static bool boundary(const char *w, size_t n, size_t k) {
  bool before = k > 0 && word(w[k - 1]), after = k < n && word(w[k]);
  return before != after;
}

static const char *const MONTHS[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_at(const char *w, size_t n, size_t k) {
  for (int i = 0; i < 12; i++)
    if (k + 3 <= n && memcmp(w + k, MONTHS[i], 3) == 0) return i + 1;
  return 0;
}

static void blank(char *w, size_t from, size_t to) {
  memset(w + from, ' ', to - from);
}

/* Ruby's s3e(): which of three numbers is the year, the month and the day, from their widths
 * and marks (an apostrophe, a sign, a suffix such as "th") */
static void s3e(parsed *P, field y, field m, field d) {
  if (y.n && m.n && !d.n) {
    field oy = y, om = m;
    y = (field){0};
    m = oy;
    d = om;
  }
  if (!y.n) {
    if (d.n > 2) y = d, d = (field){0};
    if (d.n && d.s[0] == '\'') y = d, d = (field){0};
  }
  if (y.n) {
    size_t k = 0;
    while (k < y.n && y.s[k] != '-' && y.s[k] != '+' && !dig(y.s[k]))
      k++;
    if (k < y.n) {
      size_t b = k;
      if (y.s[k] == '-' || y.s[k] == '+') k++;
      k = digits(y.s, y.n, k);
      if (k < y.n) { /* "20th": a day, not a year */
        field od = d;
        d = (field){y.s + b, k - b};
        y = od;
      }
    }
  }
  if (m.n && (m.s[0] == '\'' || m.n > 2)) { /* us -> be */
    field oy = y, om = m, od = d;
    y = om;
    m = od;
    d = oy;
  }
  if (d.n && (d.s[0] == '\'' || d.n > 2)) {
    field oy = y;
    y = d;
    d = oy;
  }
  if (y.n) {
    size_t k = 0;
    while (k < y.n && y.s[k] != '-' && y.s[k] != '+' && !dig(y.s[k]))
      k++;
    if (k < y.n) {
      bool neg = y.s[k] == '-', sign = neg || y.s[k] == '+';
      if (sign) k++, P->comp = false;
      size_t e = digits(y.s, y.n, k);
      if (e - k > 2) P->comp = false;
      P->year = num(y.s + k, e - k) * (neg ? -1 : 1);
      P->year_set = true;
    }
  }
  for (int which = 0; which < 2; which++) {
    field f = which ? d : m;
    size_t k = 0;
    while (k < f.n && !dig(f.s[k]))
      k++;
    if (k >= f.n) continue;
    int v = (int)num(f.s + k, f.n - k);
    if (which)
      P->mday = v, P->mday_set = true;
    else
      P->mon = v, P->mon_set = true;
  }
}

/* `[ap](?:m\b|\.m\.)` at k: its end, or 0 */
static size_t ampm_at(const char *w, size_t n, size_t k) {
  if (k >= n || (w[k] != 'a' && w[k] != 'p')) return 0;
  if (k + 1 < n && w[k + 1] == 'm' && boundary(w, n, k + 2)) return k + 2;
  if (k + 3 < n && w[k + 1] == '.' && w[k + 2] == 'm' && w[k + 3] == '.') return k + 4;
  return 0;
}

static bool starts(const char *w, size_t n, size_t k, const char *pat) {
  size_t l = strlen(pat);
  return k + l <= n && memcmp(w + k, pat, l) == 0;
}

/* The zone after a time, at k (spaces skipped already): an offset with an optional
 * gmt/utc, "... standard time", or a word (with " dst"); its end, or 0 */
static size_t zone_at(const char *w, size_t n, size_t k) {
  static const char *const pre[] = {"gmt", "utc", "ut", ""};
  for (int i = 0; i < 4; i++) {
    size_t q = k + strlen(pre[i]);
    if (!starts(w, n, k, pre[i]) || q + 1 >= n || (w[q] != '+' && w[q] != '-') || !dig(w[q + 1]))
      continue;
    q = digits(w, n, q + 1);
    if (q + 1 < n && (w[q] == ',' || w[q] == '.' || w[q] == ':') && dig(w[q + 1])) {
      q = digits(w, n, q + 1);
      if (q + 1 < n && w[q] == ':' && dig(w[q + 1])) q = digits(w, n, q + 1);
    }
    return q;
  }
  size_t r = k;
  while (r < n && (alpha(w[r]) || w[r] == '.' || space(w[r])))
    r++;
  for (size_t p = r; p > k + 1; p--) { /* the longest run that ends in "... standard time" */
    size_t q = p - 1;
    if ((starts(w, n, q, "standard") || starts(w, n, q, "daylight")) && q + 9 < n &&
        space(w[q + 8]) && starts(w, n, q + 9, "time") && boundary(w, n, q + 13) && q + 13 <= r)
      return q + 13;
  }
  size_t a = k;
  while (a < n && alpha(w[a]))
    a++;
  if (a == k) return 0;
  if (a < n && space(w[a]) && starts(w, n, a + 1, "dst") && boundary(w, n, a + 4)) return a + 4;
  return boundary(w, n, a) ? a : 0;
}

/* Ruby's time pattern, leftmost: "23:59", "23:59:00.5", "10h30", "5 pm", "11:59pm est"; the
 * match is blanked out of w */
static void take_time(char *w, size_t n, parsed *P) {
  for (size_t k = 0; k < n; k++) {
    if (!dig(w[k])) continue;
    size_t h1 = digits(w, n, k), e = 0, m0 = 0, m1 = 0, s0 = 0, s1 = 0;
    bool no_ampm = false;
    size_t q = skip_sp(w, n, h1);
    if (q < n && w[q] == ':') {
      m0 = skip_sp(w, n, q + 1);
      m1 = digits(w, n, m0);
      if (m1 > m0) {
        e = m1;
        size_t q2 = skip_sp(w, n, m1);
        if (q2 < n && w[q2] == ':') {
          s0 = skip_sp(w, n, q2 + 1);
          s1 = digits(w, n, s0);
          if (s1 > s0) {
            e = s1;
            if (e < n && (w[e] == ',' || w[e] == '.')) {
              /* (a separator without digits ends what Ruby reads as the time: no am/pm) */
              size_t f = digits(w, n, e + 1);
              no_ampm = f == e + 1;
              e = f;
            }
          } else {
            s0 = s1 = 0;
          }
        }
      } else {
        m0 = m1 = 0;
      }
    }
    if (!e && q < n && w[q] == 'h') {
      e = q + 1;
      size_t a = skip_sp(w, n, e), b = digits(w, n, a);
      if (b > a) {
        m0 = a, m1 = e = b;
        if (e < n && w[e] == 'm') e++;
        a = skip_sp(w, n, e), b = digits(w, n, a);
        if (b > a) {
          s0 = a, s1 = e = b;
          if (e < n && w[e] == 's') e++;
        }
      }
    }
    size_t ap = 0;
    if (e) {
      ap = ampm_at(w, n, skip_sp(w, n, e));
      if (ap) e = ap;
    } else {
      ap = ampm_at(w, n, q);
      if (!ap) continue;
      e = ap;
    }
    P->hour = (int)num(w + k, h1 - k);
    P->hour_set = true;
    if (m1) P->min = (int)num(w + m0, m1 - m0), P->min_set = true;
    if (s1) P->sec = (int)num(w + s0, s1 - s0), P->sec_set = true;
    if (ap && !no_ampm)
      P->hour = P->hour % 12 + (w[ap - (w[ap - 1] == '.' ? 4 : 2)] == 'p' ? 12 : 0);
    size_t z0 = skip_sp(w, n, e), z1 = zone_at(w, n, z0);
    if (z1 && z1 - z0 < sizeof P->zone) {
      memcpy(P->zone, w + z0, z1 - z0);
      P->zone[z1 - z0] = 0;
      e = z1;
    }
    blank(w, k, e);
    return;
  }
}

/* `'?-?\d+` at k (sign allowed when sign): its end, or k when none */
static size_t num_at(const char *w, size_t n, size_t k, bool sign) {
  size_t q = k;
  if (q < n && w[q] == '\'') q++;
  if (sign && q < n && w[q] == '-') q++;
  return q < n && dig(w[q]) ? digits(w, n, q) : k;
}

/* an era after a day and month ("ad", "b.c.", ...): its end; *bc when before Christ */
static size_t era_at(const char *w, size_t n, size_t k) {
  static const char *const eras[] = {"c.e.", "ce", "b.c.e.", "bce", "a.d.", "ad", "b.c.", "bc"};
  for (int i = 0; i < 8; i++)
    if (starts(w, n, k, eras[i])) return k + strlen(eras[i]);
  return k;
}

/* `(st|nd|rd|th)\b` at k: its end, or k */
static size_t ordinal_end(const char *w, size_t n, size_t k) {
  bool suffix = starts(w, n, k, "st") || starts(w, n, k, "nd") || starts(w, n, k, "rd") ||
                starts(w, n, k, "th");
  return suffix && boundary(w, n, k + 2) ? k + 2 : k;
}

static bool in_set(char c, const char *stop) {
  return dig(c) || space(c) || strchr(stop, c);
}

static field month_field(int mo, char buf[3]) {
  int l = mo >= 10 ? 2 : 1;
  buf[0] = (char)(mo >= 10 ? '1' : '0' + mo);
  if (mo >= 10) buf[1] = (char)('0' + mo - 10);
  return (field){buf, (size_t)l};
}

/* "20 jan 2026", "20th january, 2026" */
static bool date_eu(char *w, size_t n, parsed *P) {
  for (size_t k = 0; k < n; k++) {
    size_t d1 = num_at(w, n, k, false);
    if (d1 == k) continue;
    size_t r = d1;
    while (r < n && !in_set(w[r], "-"))
      r++;
    int mo = 0;
    size_t q = 0;
    for (size_t split = r + 1; split-- > d1 && !mo;) {
      q = split == r ? skip_sp(w, n, r) : split;
      mo = month_at(w, n, q);
    }
    if (!mo) continue;
    size_t e = q + 3;
    while (e < n && !in_set(w[e], "-'"))
      e++;
    size_t y0 = skip_sp(w, n, era_at(w, n, skip_sp(w, n, e))), y1 = num_at(w, n, y0, true);
    if (y1 > y0) e = y1 = ordinal_end(w, n, y1);
    char mb[3];
    s3e(P, y1 > y0 ? (field){w + y0, y1 - y0} : (field){0}, month_field(mo, mb),
        (field){w + k, d1 - k});
    blank(w, k, e);
    return true;
  }
  return false;
}

/* "jan 20 2026", "january 20th, 2026" */
static bool date_us(char *w, size_t n, parsed *P) {
  for (size_t k = 0; k < n; k++) {
    int mo = month_at(w, n, k);
    if (!mo || !boundary(w, n, k)) continue;
    size_t e = k + 3;
    while (e < n && !in_set(w[e], "-'"))
      e++;
    size_t d0 = skip_sp(w, n, e), d1 = num_at(w, n, d0, false);
    if (d1 == d0) continue;
    e = d1;
    while (e < n && !in_set(w[e], "-'"))
      e++;
    size_t g = skip_sp(w, n, e);
    if (g < n && w[g] == ',') g++;
    size_t y0 = skip_sp(w, n, era_at(w, n, skip_sp(w, n, g))), y1 = num_at(w, n, y0, true);
    if (y1 > y0) e = y1;
    char mb[3];
    s3e(P, y1 > y0 ? (field){w + y0, y1 - y0} : (field){0}, month_field(mo, mb),
        (field){w + d0, d1 - d0});
    blank(w, k, e);
    return true;
  }
  return false;
}

/* "2026-01-20" */
static bool date_iso(char *w, size_t n, parsed *P) {
  for (size_t k = 0; k < n; k++) {
    size_t a = k;
    if (a < n && w[a] == '\'') a++;
    if (a < n && (w[a] == '-' || w[a] == '+')) a++;
    if (a >= n || !dig(w[a])) continue;
    size_t a1 = digits(w, n, a);
    if (a1 + 1 >= n || w[a1] != '-' || !dig(w[a1 + 1])) continue;
    size_t m1 = digits(w, n, a1 + 1);
    if (m1 >= n || w[m1] != '-') continue;
    size_t d1 = num_at(w, n, m1 + 1, true);
    if (d1 == m1 + 1) continue;
    s3e(P, (field){w + k, a1 - k}, (field){w + a1 + 1, m1 - a1 - 1},
        (field){w + m1 + 1, d1 - m1 - 1});
    blank(w, k, d1);
    return true;
  }
  return false;
}

/* "20-jan-2026", "jan-20-2026" */
static bool date_vms(char *w, size_t n, parsed *P) {
  char mb[3];
  for (size_t k = 0; k < n; k++) {
    size_t d1 = num_at(w, n, k, true);
    if (d1 == k || d1 >= n || w[d1] != '-') continue;
    int mo = month_at(w, n, d1 + 1);
    if (!mo) continue;
    size_t e = d1 + 4;
    while (e < n && w[e] != '-' && w[e] != '/' && w[e] != '.')
      e++;
    if (e >= n || w[e] != '-') continue;
    size_t y1 = num_at(w, n, e + 1, true);
    if (y1 == e + 1) continue;
    s3e(P, (field){w + e + 1, y1 - e - 1}, month_field(mo, mb), (field){w + k, d1 - k});
    blank(w, k, y1);
    return true;
  }
  for (size_t k = 0; k < n; k++) {
    int mo = month_at(w, n, k);
    if (!mo || !boundary(w, n, k)) continue;
    size_t e = k + 3;
    while (e < n && w[e] != '-' && w[e] != '/' && w[e] != '.')
      e++;
    if (e >= n || w[e] != '-') continue;
    size_t d1 = num_at(w, n, e + 1, true);
    if (d1 == e + 1) continue;
    field d = {w + e + 1, d1 - e - 1}, y = {0};
    size_t end = d1;
    if (d1 < n && w[d1] == '-') {
      size_t y1 = num_at(w, n, d1 + 1, true);
      if (y1 > d1 + 1) y = (field){w + d1 + 1, y1 - d1 - 1}, end = y1;
    }
    s3e(P, y, month_field(mo, mb), d);
    blank(w, k, end);
    return true;
  }
  return false;
}

/* "2026/01/20", "1/20" (sep '/'), "20.01.2026" (sep '.') */
static bool date_sep(char *w, size_t n, parsed *P, char sep) {
  for (size_t k = 0; k < n; k++) {
    size_t a1 = num_at(w, n, k, true);
    if (a1 == k || a1 >= n || w[a1] != sep) continue;
    size_t b0 = skip_sp(w, n, a1 + 1), b1 = num_at(w, n, b0, false);
    if (b1 == b0) continue;
    field c = {0};
    size_t end = b1;
    if (sep == '/' ? b1 < n && !dig(w[b1]) : b1 < n && w[b1] == '.') {
      size_t c0 = skip_sp(w, n, b1 + 1), c1 = num_at(w, n, c0, true);
      if (c1 > c0) c = (field){w + c0, c1 - c0}, end = c1;
    }
    if (sep == '.' && !c.n) continue;
    s3e(P, (field){w + k, a1 - k}, (field){w + b0, b1 - b0}, c);
    blank(w, k, end);
    return true;
  }
  return false;
}

/* The last resorts: 'yy, a month name alone, "20th", a run of digits (yyyymmdd, ...) */
static bool date_rest(char *w, size_t n, parsed *P) {
  for (size_t k = 0; k + 1 < n; k++)
    if (w[k] == '\'' && dig(w[k + 1])) {
      size_t e = digits(w, n, k + 1);
      if (!boundary(w, n, e)) continue;
      P->year = num(w + k + 1, e - k - 1), P->year_set = true;
      blank(w, k, e);
      return true;
    }
  for (size_t k = 0; k < n; k++) {
    int mo = month_at(w, n, k);
    if (!mo || !boundary(w, n, k)) continue;
    size_t e = k;
    while (e < n && !space(w[e]))
      e++;
    P->mon = mo, P->mon_set = true;
    blank(w, k, e);
    return true;
  }
  for (size_t k = 0; k < n; k++) {
    if (!dig(w[k])) continue;
    size_t e = digits(w, n, k), oe = ordinal_end(w, n, e);
    if (oe > e) {
      P->mday = (int)num(w + k, e - k), P->mday_set = true;
      blank(w, k, oe);
      return true;
    }
    k = e;
  }
  for (size_t k = 0; k < n; k++) {
    if (!dig(w[k])) continue;
    size_t e = digits(w, n, k), l = e - k;
    if (l < 2) continue;
    if (l > 14) l = 14;
    const char *s = w + k;
    size_t after = skip_sp(w, n, k + l);
    if (after < n && (w[after] == ',' || w[after] == '.')) { /* a time: ss, mmss, hhmmss */
      if (l != 2 && l != 4 && l != 6) return false;
      P->sec = (int)num(s + l - 2, 2), P->sec_set = true;
      if (l >= 4) P->min = (int)num(s + l - 4, 2), P->min_set = true;
      if (l == 6) P->hour = (int)num(s, 2), P->hour_set = true;
    } else if (l == 2) {
      P->mday = (int)num(s, 2), P->mday_set = true;
    } else if (l == 4) {
      P->mon = (int)num(s, 2), P->mday = (int)num(s + 2, 2), P->mon_set = P->mday_set = true;
    } else if (l == 6) {
      P->year = num(s, 2), P->mon = (int)num(s + 2, 2), P->mday = (int)num(s + 4, 2);
      P->year_set = P->mon_set = P->mday_set = true;
    } else if (l == 8) {
      P->year = num(s, 4), P->mon = (int)num(s + 4, 2), P->mday = (int)num(s + 6, 2);
      P->year_set = P->mon_set = P->mday_set = true;
      P->comp = false;
      /* ISO 8601's basic form goes on with a time: 20210301T083000, hhmm or hhmmss, a `z` */
      size_t t0 = skip_sp(w, n, k + l);
      if (t0 < n && w[t0] == 't') t0 = skip_sp(w, n, t0 + 1);
      size_t t1 = digits(w, n, t0);
      if (t0 > k + l && (t1 - t0 == 4 || t1 - t0 == 6)) {
        P->hour = (int)num(w + t0, 2), P->min = (int)num(w + t0 + 2, 2);
        P->sec = t1 - t0 == 6 ? (int)num(w + t0 + 4, 2) : 0;
        P->hour_set = P->min_set = P->sec_set = true;
        if (t1 < n && w[t1] == 'z' && boundary(w, n, t1 + 1)) strcpy(P->zone, "z"), t1++;
        l = t1 - k;
      }
    } else {
      return false; /* (other widths: ordinal days, times; not read here) */
    }
    blank(w, k, k + l);
    return true;
  }
  return false;
}

/* Ruby's Time.zone_offset: "+05:30", "-0500", "-05", or one of its names; false if none. */
static bool zone_offset(const char *z, int *minutes) {
  size_t l = strlen(z);
  if (l >= 3 && (z[0] == '+' || z[0] == '-') && dig(z[1]) && dig(z[2])) {
    int sg = z[0] == '-' ? -1 : 1, h = (z[1] - '0') * 10 + z[2] - '0';
    size_t k = 3;
    if (k < l) {
      bool colon = z[k] == ':';
      k += colon;
      if (k + 2 > l || !dig(z[k]) || !dig(z[k + 1])) return false;
      h = h * 60 + (z[k] - '0') * 10 + z[k + 1] - '0';
      k += 2;
      if (k < l) { /* seconds, after the same separator */
        if (colon && z[k++] != ':') return false;
        if (k + 2 != l || !dig(z[k]) || !dig(z[k + 1])) return false;
      }
    } else {
      h *= 60;
    }
    *minutes = sg * h;
    return true;
  }
  static const struct {
    const char *name;
    int hours;
  } names[] = {{"utc", 0},  {"z", 0},    {"ut", 0},   {"gmt", 0},  {"est", -5}, {"edt", -4},
               {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcasecmp(z, names[i].name) == 0) return *minutes = names[i].hours * 60, true;
  if (l == 1 && isalpha((unsigned char)z[0]) && tolower((unsigned char)z[0]) != 'j') {
    int c = tolower((unsigned char)z[0]); /* military zones: a-i, k-m east; n-y west */
    *minutes = 60 * (c <= 'i' ? c - 'a' + 1 : c <= 'm' ? c - 'a' : c == 'z' ? 0 : -(c - 'm'));
    return true;
  }
  return false;
}

static long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* The current time as seconds (SOURCE_DATE_EPOCH when set, for reproducible output). */
static long long now_seconds(void) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    long long v = strtoll(sde, &end, 10);
    if (!*end) return v;
  }
  return (long long)time(NULL);
}

static void date_of(long long secs, cb_date *d) {
  long long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  long long rest = secs - days * 86400;
  long y;
  civil_from_days((long)days, &y, &d->month, &d->day);
  d->year = (int)y;
  d->has_time = true;
  d->hour = (int)(rest / 3600);
  d->min = (int)(rest / 60 % 60);
  d->sec = (int)(rest % 60);
  d->has_tz = false;
  d->tz_minutes = 0;
}

bool cb_liquid_parse_date(const char *v, size_t vn, cb_date *out, bool *utc_zone) {
  *utc_zone = true;
  char w[MAX_TEXT + 1];
  if (!vn || vn > MAX_TEXT) return false;
  for (size_t k = 0; k < vn; k++) { /* Liquid downcases; Ruby keeps these and letters */
    char c = (char)tolower((unsigned char)v[k]);
    w[k] = word(c) || strchr("-+',./:@[]", c) ? c : ' ';
  }
  w[vn] = 0;
  size_t n = vn;
  size_t t0 = skip_sp(w, n, 0), t1 = n;
  while (t1 > t0 && space(w[t1 - 1]))
    t1--;
  if ((t1 - t0 == 3 && memcmp(w + t0, "now", 3) == 0) ||
      (t1 - t0 == 5 && memcmp(w + t0, "today", 5) == 0)) {
    date_of(now_seconds(), out);
    return true;
  }
  if (digits(v, vn, 0) == vn) { /* Liquid: seconds since 1970 */
    if (vn > 12) return false;
    date_of(num(v, vn), out);
    return true;
  }
  parsed P = {.comp = true};
  static const char *const days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (size_t k = 0; k + 3 <= n; k++) { /* a weekday's name: read, not used by Time.parse */
    bool hit = false;
    for (int i = 0; i < 7 && !hit; i++)
      hit = memcmp(w + k, days[i], 3) == 0 && boundary(w, n, k);
    if (!hit) continue;
    size_t e = k + 3;
    while (e < n && !in_set(w[e], "-/"))
      e++;
    blank(w, k, e);
    break;
  }
  take_time(w, n, &P);
  if (!(date_eu(w, n, &P) || date_us(w, n, &P) || date_iso(w, n, &P) || date_vms(w, n, &P) ||
        date_sep(w, n, &P, '/') || date_sep(w, n, &P, '.')))
    date_rest(w, n, &P);
  {
    size_t a = skip_sp(w, n, 0), b = digits(w, n, a); /* a lone number left: day or hour */
    if (b > a && b - a <= 2 && skip_sp(w, n, b) == n) {
      int x = (int)num(w + a, b - a);
      if (P.hour_set && !P.mday_set && x >= 1 && x <= 31) P.mday = x, P.mday_set = true;
      if (P.mday_set && !P.hour_set && x <= 24) P.hour = x, P.hour_set = true;
    }
  }
  if (P.comp && P.year_set && P.year >= 0 && P.year <= 99) P.year += P.year >= 69 ? 1900 : 2000;
  if (!(P.year_set || P.mon_set || P.mday_set || P.hour_set || P.min_set || P.sec_set))
    return false;
  int off = 0;
  bool has_off = P.zone[0] && zone_offset(P.zone, &off);
  *utc_zone = off == 0; /* (Ruby names a zero offset as the local zone: UTC here, as in CI) */
  /* what the text leaves out comes from now, down to the first part it gives */
  cb_date now;
  date_of(now_seconds() + (long long)off * 60, &now);
  long year = P.year_set ? P.year : now.year;
  int mon = P.mon_set ? P.mon : !P.year_set ? now.month : 1;
  bool any_above = P.year_set || P.mon_set;
  int mday = P.mday_set ? P.mday : !any_above ? now.day : 1;
  any_above = any_above || P.mday_set;
  int hour = P.hour_set ? P.hour : !any_above ? now.hour : 0;
  any_above = any_above || P.hour_set;
  int min = P.min_set ? P.min : !any_above ? now.min : 0;
  any_above = any_above || P.min_set;
  int sec = P.sec_set ? P.sec : !any_above ? now.sec : 0;
  if (mon < 1 || mon > 12 || mday < 1 || mday > 31 || hour < 0 || hour > 24 || min < 0 ||
      min > 59 || sec < 0 || sec > 60 || (hour == 24 && (min || sec)))
    return false;
  /* Ruby's Time rolls over: February 30th is March 2nd, 24:00 the next day */
  long long secs = (long long)(days_from_civil(year, mon, 1) + mday - 1) * 86400 + hour * 3600LL +
                   min * 60LL + sec;
  date_of(secs, out);
  out->has_tz = has_off;
  out->tz_minutes = off;
  return true;
}
