/* Resolving resource URLs (images, covers) of a page to files, never outside the course root. */
#ifndef CB_BOOK_PATHS_H
#define CB_BOOK_PATHS_H

#include "coursebook/coursebook.h"

typedef enum cb_url_kind {
  CB_URL_LOCAL,   /* resolved to an existing regular file inside book->root */
  CB_URL_REMOTE,  /* http(s)://, //host, or another scheme: not fetched (no network) */
  CB_URL_MISSING, /* a local path that does not exist */
  CB_URL_OUTSIDE, /* a local path that leaves the course root (refused) */
  CB_URL_FRAGMENT /* #id: a link inside the book */
} cb_url_kind;

/* url: as written in the page (may be site-absolute "/assets/x.png" -> book->root, or relative
 * to the chapter's directory; %-escapes decoded; query/fragment ignored).  On CB_URL_LOCAL,
 * *path is the canonical absolute path (arena).  Never warns: callers decide what to say. */
cb_url_kind cb_book_resolve_url(const cb_book *book, const cb_node *chapter, const char *url,
                                cb_arena *a, const char **path);

/* Media type from a file name's extension ("image/png", ...), NULL if unknown. */
const char *cb_media_type(const char *path);

#endif
