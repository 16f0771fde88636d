/* libFuzzer harness for the YAML front matter parser: arbitrary bytes (made valid UTF-8 and
 * NUL-free as the reader does first) through cb_frontmatter_parse, then every value walked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coursebook/coursebook.h"
#include "read_input.h"
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Counts the nodes; the tree must stay linear in the input (no alias expansion bombs). */
static size_t visited, budget;
static size_t walk(const cb_meta *m, int depth) {
  size_t n = 1;
  if (depth > 10000 || ++visited > budget) abort();
  if (m->type == CB_META_STRING && m->str) n += strlen(m->str);
  if (m->type == CB_META_LIST || m->type == CB_META_MAP)
    for (const cb_meta *c = m->first; c; c = c->next)
      n += walk(c, depth + 1);
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  size_t len;
  char *clean = cb_input_prepare("fm.md", (const char *)data, size, &len, &d);
  if (!clean) return 0;
  cb_arena *a = cb_arena_new();
  cb_meta *meta = NULL;
  size_t off = 0;
  int line = 0;
  if (cb_frontmatter_parse(a, "fm.md", clean, len, &meta, &off, &line, &d) == 0) {
    if (!meta || meta->type != CB_META_MAP) abort();
    if (off > len || line < 1) abort();
    visited = 0;
    budget = 16 * size + 1000;
    walk(meta, 0);
  }
  cb_arena_free(a);
  free(clean);
  return 0;
}
