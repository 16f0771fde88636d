/* coursebook command line: pandoc-like options, atomic output, documented exit codes. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coursebook/coursebook.h"

enum { EXIT_OK = 0, EXIT_CONVERT = 1, EXIT_USAGE = 2 };

static void usage(FILE *f) {
  fputs("Usage: coursebook [OPTIONS] INPUT... [-o OUTPUT]\n"
        "Convert Jekyll course pages (Markdown, kramdown, Liquid) to HTML, EPUB 3, LaTeX or PDF.\n"
        "\n"
        "  -o, --output FILE      write FILE ('-' = stdout, text formats only; default stdout)\n"
        "  -t, --to FORMAT        html, epub, latex, pdf (default: from the output's extension,\n"
        "                         else html)\n"
        "  -M, --metadata K=V     set front-matter key K to V (overrides the page)\n"
        "  -q, --quiet            no warnings (errors are still reported)\n"
        "      --embed-video      HTML: embed the video player instead of the offline card\n"
        "      --embed-font       HTML: embed the Myanmar font so Burmese renders anywhere\n"
        "      --no-break-hints   do not mark Burmese line-break opportunities\n"
        "      --pdf-engine NAME  xelatex (default) or lualatex\n"
        "      --paper SIZE       a4 (default), a5, letter\n"
        "      --font-size PT     base font size for LaTeX/PDF (10, 11, 12)\n"
        "      --link-notes HOW   LaTeX/PDF: link targets as footnote (default), qr or none\n"
        "      --allow-raw-latex  pass {::nomarkdown type=\"latex\"} blocks through to LaTeX\n"
        "      --site-root DIR    the Jekyll site root (default: found from the page upward)\n"
        "      --data-dir DIR     where styles/ and fonts/ are (default: found automatically)\n"
        "  -h, --help             this help\n"
        "  -V, --version          version\n"
        "\n"
        "INPUT '-' reads standard input.  Exit status: 0 success, 1 conversion error,\n"
        "2 usage error.\n",
        f);
}

enum {
  OPT_EMBED_VIDEO = 256,
  OPT_EMBED_FONT,
  OPT_NO_BREAK_HINTS,
  OPT_PDF_ENGINE,
  OPT_PAPER,
  OPT_FONT_SIZE,
  OPT_LINK_NOTES,
  OPT_RAW_LATEX,
  OPT_SITE_ROOT,
  OPT_DATA_DIR
};

static int usage_error(const char *fmt, const char *arg) {
  fputs("coursebook: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nTry 'coursebook --help'.\n", stderr);
  return EXIT_USAGE;
}

static int run(int argc, char **argv, const char **meta) {
  static const struct option longopts[] = {
      {"output", required_argument, NULL, 'o'},
      {"to", required_argument, NULL, 't'},
      {"metadata", required_argument, NULL, 'M'},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {"embed-video", no_argument, NULL, OPT_EMBED_VIDEO},
      {"embed-font", no_argument, NULL, OPT_EMBED_FONT},
      {"no-break-hints", no_argument, NULL, OPT_NO_BREAK_HINTS},
      {"pdf-engine", required_argument, NULL, OPT_PDF_ENGINE},
      {"paper", required_argument, NULL, OPT_PAPER},
      {"font-size", required_argument, NULL, OPT_FONT_SIZE},
      {"link-notes", required_argument, NULL, OPT_LINK_NOTES},
      {"allow-raw-latex", no_argument, NULL, OPT_RAW_LATEX},
      {"site-root", required_argument, NULL, OPT_SITE_ROOT},
      {"data-dir", required_argument, NULL, OPT_DATA_DIR},
      {NULL, 0, NULL, 0},
  };
  cb_options opt;
  cb_options_init(&opt);
  cb_diag diag;
  cb_diag_init(&diag);
  const char *output = NULL, *to = NULL;
  size_t n_meta = 0;
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":o:t:M:qhV", longopts, NULL)) != -1) {
    switch (c) {
    case 'o': output = optarg; break;
    case 't': to = optarg; break;
    case 'M':
      if (!strchr(optarg, '=') || optarg[0] == '=')
        return usage_error("-M wants KEY=VALUE, not '%s'", optarg);
      meta[n_meta++] = optarg;
      break;
    case 'q': diag.quiet = true; break;
    case 'h': usage(stdout); return EXIT_OK;
    case 'V': printf("coursebook %s\n", COURSEBOOK_VERSION); return EXIT_OK;
    case OPT_EMBED_VIDEO: opt.embed_video = true; break;
    case OPT_EMBED_FONT: opt.embed_font = true; break;
    case OPT_NO_BREAK_HINTS: opt.break_hints = false; break;
    case OPT_PDF_ENGINE:
      if (strcmp(optarg, "xelatex") && strcmp(optarg, "lualatex"))
        return usage_error("--pdf-engine must be xelatex or lualatex, not '%s'", optarg);
      opt.pdf_engine = optarg;
      break;
    case OPT_PAPER:
      if (strcmp(optarg, "a4") && strcmp(optarg, "a5") && strcmp(optarg, "letter"))
        return usage_error("--paper must be a4, a5 or letter, not '%s'", optarg);
      opt.paper = optarg;
      break;
    case OPT_FONT_SIZE:
      if (strcmp(optarg, "10") && strcmp(optarg, "11") && strcmp(optarg, "12"))
        return usage_error("--font-size must be 10, 11 or 12, not '%s'", optarg);
      opt.font_size = atoi(optarg);
      break;
    case OPT_LINK_NOTES:
      if (strcmp(optarg, "footnote") && strcmp(optarg, "qr") && strcmp(optarg, "none"))
        return usage_error("--link-notes must be footnote, qr or none, not '%s'", optarg);
      opt.link_notes = optarg;
      break;
    case OPT_RAW_LATEX: opt.allow_raw_latex = true; break;
    case OPT_SITE_ROOT: opt.site_root = optarg; break;
    case OPT_DATA_DIR: opt.data_dir = optarg; break;
    case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
    default: return usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind >= argc) return usage_error("%s", "no input file");

  if (to) {
    opt.format = cb_format_from_name(to);
    if (opt.format == CB_FORMAT_NONE) return usage_error("unknown output format '%s'", to);
  } else if (output && strcmp(output, "-") != 0) {
    opt.format = cb_format_from_path(output);
    if (opt.format == CB_FORMAT_NONE)
      return usage_error("cannot tell the format from '%s'; use -t FORMAT", output);
  } else {
    opt.format = CB_FORMAT_HTML;
  }
  if (!output) output = "-";
  if (strcmp(output, "-") == 0 && cb_format_is_binary(opt.format) && isatty(STDOUT_FILENO))
    return usage_error("%s is binary: give -o FILE", cb_format_name(opt.format));

  cb_book *book = cb_book_new();
  int status = EXIT_OK;
  for (int i = optind; i < argc && status == EXIT_OK; i++)
    if (cb_read_file(book, argv[i], &opt, &diag) != 0) status = EXIT_CONVERT;
  if (status == EXIT_OK) {
    opt.metadata = meta;
    opt.n_metadata = n_meta;
    cb_book_finish(book, &opt);
    cb_buf out = CB_BUF_INIT;
    if (cb_render(book, &opt, &out, &diag) != 0 || diag.errors) {
      status = EXIT_CONVERT;
    } else if (cb_write_file_atomic(output, out.data ? out.data : "", out.len) != 0) {
      cb_error(&diag, (cb_pos){output, 0, 0}, "cannot write: %s", strerror(errno));
      status = EXIT_CONVERT;
    }
    cb_buf_free(&out);
  }
  cb_book_free(book);
  return status;
}

/* Every return of run() (usage errors, --help) goes through here, so -M's list is freed. */
int main(int argc, char **argv) {
  const char **meta = cb_xmalloc(sizeof *meta * (size_t)(argc + 1));
  int status = run(argc, argv, meta);
  free(meta);
  return status;
}
