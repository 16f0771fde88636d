/* kramdown GFM auto heading ids (read_ids.c); expected values come from ruby-kramdown 2.4 +
 * kramdown-parser-gfm 1.1 with Jekyll's options. */
#include "check.h"
#include "coursebook/coursebook.h"
#include "read_internal.h"

int main(void) {
  cb_arena *a = cb_arena_new();
  cb_strmap seen;
  cb_strmap_init(&seen, a);
#define ID(s) cb_gfm_id(&seen, s, strlen(s))

  /* the example page's headings, in order */
  CHECK_STR(ID("Machine Learning Paper Reading"), "machine-learning-paper-reading");
  CHECK_STR(ID("🥬 Metric Learning"), "-metric-learning");
  CHECK_STR(ID("1. FaceNet: A Unified Embedding for Face Recognition and Clustering"),
            "1-facenet-a-unified-embedding-for-face-recognition-and-clustering");
  CHECK_STR(ID("🌼 Self-Supervised Learning"), "-self-supervised-learning");
  CHECK_STR(ID("1. SimCLR: A Simple Framework for Contrastive Learning of Visual "
               "Representations"),
            "1-simclr-a-simple-framework-for-contrastive-learning-of-visual-representations");
  CHECK_STR(ID("2. BYOL: Bootstrap Your Own Latent"), "2-byol-bootstrap-your-own-latent");
  CHECK_STR(ID("3. SimSiam: Exploring Simple Siamese Representation Learning"),
            "3-simsiam-exploring-simple-siamese-representation-learning");
  /* person + skin tone + ZWJ-less graduation cap: all emoji dropped */
  CHECK_STR(ID("👩🏻🎓 Knowledge Distillation"), "-knowledge-distillation");
  CHECK_STR(ID("1. Knowledge Distillation: A Survey"), "1-knowledge-distillation-a-survey");
  CHECK_STR(ID("2. Teacher training methods for better knowledge distillation"),
            "2-teacher-training-methods-for-better-knowledge-distillation");

  /* Burmese letters and marks are word characters and kept */
  CHECK_STR(ID("မြန်မာ စာ ခေါင်းစဉ်"), "မြန်မာ-စာ-ခေါင်းစဉ်");
  CHECK_STR(ID("Python နဲ့ AI (၁)"), "python-နဲ့-ai-၁");
  /* duplicates: -1, -2; counted per generated id */
  CHECK_STR(ID("Intro"), "intro");
  CHECK_STR(ID("intro"), "intro-1");
  CHECK_STR(ID("INTRO!"), "intro-2");
  /* punctuation gone, underscores and hyphens kept, tabs become hyphens, typographic
   * characters (smart quotes, dashes) dropped */
  CHECK_STR(ID("Hello, World! 123_ab-c"), "hello-world-123_ab-c");
  CHECK_STR(ID("a\tb"), "a-b");
  CHECK_STR(ID("Emph link code & “q”"), "emph-link-code--q");
  CHECK_STR(ID("A – B"), "a--b");
  /* Unicode downcasing */
  CHECK_STR(ID("ÀÉÎ Straße ΣΑΣ"), "àéî-straße-σασ");
  /* all dropped: the empty id, then -1 */
  CHECK_STR(ID("🥬"), ""); /* the reader then leaves the heading without an id */
  CHECK_STR(ID("!!!"), "-1");
#undef ID
  cb_strmap_free(&seen);

  /* the map itself: growth keeps entries */
  cb_strmap m;
  cb_strmap_init(&m, a);
  char key[32];
  for (int k = 0; k < 1000; k++) {
    snprintf(key, sizeof key, "k%d", k);
    *cb_strmap_get(&m, key, strlen(key), 0, NULL) = k;
  }
  bool ins;
  CHECK_INT(*cb_strmap_get(&m, "k777", 4, -1, &ins), 777);
  CHECK(!ins);
  cb_strmap_get(&m, "new", 3, -1, &ins);
  CHECK(ins);
  cb_strmap_free(&m);
  cb_arena_free(a);
  TEST_DONE();
}
