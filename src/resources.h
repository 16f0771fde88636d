/* Data files (styles/, fonts/) found in the build tree, next to an installed binary, or in
 * --data-dir / $COURSEBOOK_DATA_DIR. */
#ifndef CB_RESOURCES_H
#define CB_RESOURCES_H

#include <stddef.h>

#include "coursebook/coursebook.h"

/* Absolute path of a data file (e.g. "styles/handout.css"), or NULL if not found.
 * The returned string is static storage until the next call. */
const char *cb_resource_path(const cb_options *opt, const char *rel);
/* Read a data file whole (malloc'd, NUL-terminated); NULL + error message via d if missing. */
char *cb_resource_read(const cb_options *opt, const char *rel, size_t *len, cb_diag *d);
/* Read any file whole (malloc'd, NUL-terminated); NULL with errno set on failure. */
char *cb_file_read(const char *path, size_t *len);

#endif
