/* Font configuration (fonts/fonts.conf): which families serve each role, and where their files
 * are on this machine.  Shared by the HTML, EPUB and LaTeX backends. */
#ifndef CB_FONTS_H
#define CB_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coursebook/coursebook.h"

typedef enum cb_font_role {
  CB_FONT_MYANMAR,      /* Burmese body text */
  CB_FONT_MYANMAR_SANS, /* Burmese headings */
  CB_FONT_SERIF,        /* Latin body text */
  CB_FONT_SANS,         /* Latin headings */
  CB_FONT_MONO,         /* code */
  CB_FONT_EMOJI,        /* colour emoji */
  CB_FONT_ROLE_COUNT
} cb_font_role;

typedef struct cb_font {
  const char *family; /* family name as fontconfig/fontspec know it, e.g. "Padauk" */
  const char *path;   /* an existing regular-weight file, or NULL if none was found */
  const char *bold_path;
  bool reserved_name; /* OFL Reserved Font Name: a subset must be renamed */
} cb_font;

typedef struct cb_fonts {
  cb_font role[CB_FONT_ROLE_COUNT];
} cb_fonts;

/* Load fonts/fonts.conf: for each role the first candidate whose file exists (strings are
 * allocated in a). 0 on success; -1 if the configuration is missing or malformed. */
int cb_fonts_load(cb_arena *a, const cb_options *opt, cb_fonts *out, cb_diag *d);

/* Subset a TrueType/OpenType font file to the given code points (HarfBuzz hb-subset),
 * renaming the family to new_family when non-NULL.  malloc'd bytes, or NULL on failure. */
unsigned char *cb_font_subset(const char *path, const uint32_t *cps, size_t n_cps,
                              const char *new_family, size_t *out_len);

/* The distinct code points used in the book's text (sorted, malloc'd). */
uint32_t *cb_book_codepoints(const cb_book *book, size_t *n);

#endif
