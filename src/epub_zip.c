/* The OCF container, built in memory with libzip: `mimetype` first and stored (readers sniff
 * it at a fixed offset), then META-INF, the package document and the items in a fixed order.
 * Every entry gets the same timestamp so the same input gives the same bytes. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "epub.h"

static int add_entry(zip_t *z, const char *name, const void *data, size_t len, bool compress,
                     time_t mtime, cb_diag *d) {
  zip_source_t *src = zip_source_buffer(z, data, len, 0);
  if (!src) goto fail;
  zip_int64_t idx = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8);
  if (idx < 0) {
    zip_source_free(src);
    goto fail;
  }
  if (zip_set_file_compression(z, (zip_uint64_t)idx, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                               compress ? 9 : 0) < 0 ||
      zip_file_set_mtime(z, (zip_uint64_t)idx, mtime, 0) < 0)
    goto fail;
  return 0;
fail:
  cb_error(d, (cb_pos){0}, "epub: cannot add %s to the container: %s", name, zip_strerror(z));
  return -1;
}

/* ZIP stores local date-time fields and libzip fills them with localtime(); pass the instant
 * whose local time reads as the UTC time of t, so the bytes do not depend on TZ. */
static time_t utc_as_local(time_t t) {
  struct tm tm;
  if (!gmtime_r(&t, &tm)) return t;
  tm.tm_isdst = -1;
  time_t l = mktime(&tm);
  return l == (time_t)-1 ? t : l;
}

int cb_epub_zip(const cb_epub *e, cb_buf *out, cb_diag *d) {
  static const char mimetype[] = "application/epub+zip";
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &err);
  if (!mem) {
    cb_error(d, (cb_pos){0}, "epub: %s", zip_error_strerror(&err));
    zip_error_fini(&err);
    return -1;
  }
  zip_t *z = zip_open_from_source(mem, ZIP_TRUNCATE, &err);
  if (!z) {
    cb_error(d, (cb_pos){0}, "epub: %s", zip_error_strerror(&err));
    zip_error_fini(&err);
    zip_source_free(mem);
    return -1;
  }
  /* The archive must outlive zip_close so that its bytes can be read back. */
  zip_source_keep(mem);

  cb_buf container = CB_BUF_INIT, display = CB_BUF_INIT, opf = CB_BUF_INIT;
  int st = -1;
  time_t mtime = utc_as_local(e->meta.modified_time);
  if (cb_epub_write_container(&container) < 0 || cb_epub_write_display_options(&display) < 0 ||
      cb_epub_write_opf(e, &opf) < 0) {
    cb_error(d, (cb_pos){0}, "epub: cannot write the package files");
    zip_discard(z);
    goto done;
  }
  if (add_entry(z, "mimetype", mimetype, sizeof mimetype - 1, false, mtime, d) < 0 ||
      add_entry(z, "META-INF/container.xml", container.data, container.len, true, mtime, d) < 0 ||
      add_entry(z, "META-INF/com.apple.ibooks.display-options.xml", display.data, display.len, true,
                mtime, d) < 0 ||
      add_entry(z, "OEBPS/content.opf", opf.data, opf.len, true, mtime, d) < 0) {
    zip_discard(z);
    goto done;
  }
  for (size_t i = 0; i < e->n_items; i++) {
    const cb_epub_item *it = &e->items[i];
    char *name = cb_sprintf(e->a, "OEBPS/%s", it->href);
    if (add_entry(z, name, it->data ? it->data : "", it->len, it->compress, mtime, d) < 0) {
      zip_discard(z);
      goto done;
    }
  }
  if (zip_close(z) < 0) {
    cb_error(d, (cb_pos){0}, "epub: cannot write the container: %s", zip_strerror(z));
    zip_discard(z);
    goto done;
  }

  /* Read the finished archive back out of the memory source. */
  zip_stat_t sb;
  zip_stat_init(&sb);
  if (zip_source_stat(mem, &sb) < 0 || !(sb.valid & ZIP_STAT_SIZE) || zip_source_open(mem) < 0) {
    cb_error(d, (cb_pos){0}, "epub: cannot read the container back");
    goto done;
  }
  cb_buf_grow(out, (size_t)sb.size);
  zip_int64_t n = zip_source_read(mem, out->data + out->len, sb.size);
  zip_source_close(mem);
  if (n < 0 || (zip_uint64_t)n != sb.size) {
    cb_error(d, (cb_pos){0}, "epub: cannot read the container back");
    goto done;
  }
  out->len += (size_t)n;
  out->data[out->len] = '\0';
  st = 0;
done:
  zip_source_free(mem);
  zip_error_fini(&err);
  cb_buf_free(&container);
  cb_buf_free(&display);
  cb_buf_free(&opf);
  return st;
}
