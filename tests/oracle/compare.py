#!/usr/bin/env python3
"""Compare coursebook's HTML of a page with the oracle's (kramdown's) HTML of the same page.

    compare.py COURSEBOOK.html ORACLE.html

What is compared (after normalising text: NFC, U+200B break hints removed, spaces collapsed):
  * the page's structure in document order: every heading (level + id), every notice (its
    notice class), the contents list -- so the TOC must stand where the tag stood;
  * every heading's text;
  * the contents list: title, and every entry's text, link target and nesting depth;
  * every notice's class and text;
  * every video: provider and id, and where it stands;
  * every external link outside the title block and the video cards: text, target, and the
    `target` attribute (kramdown keeps IAL values literally, e.g. '\\_blank').
Intended differences, declared here and nowhere else:
  * text, ids and #fragment targets are compared NFC-normalised and percent-decoded:
    coursebook normalises the whole page to NFC, kramdown keeps the source's bytes;
  * coursebook's title block (<header>) is not part of the page body in kramdown: skipped;
  * coursebook may add the class "notice" beside "notice--KIND": the most specific notice
    class is compared;
  * a video is the oracle's marker <div class="oracle-video">; in coursebook it is the card
    (or, with --embed-video, the iframe): its position is that of the first link or iframe
    pointing at the video (watch or embed URL on the provider's host, with the video's id);
  * the contents list is coursebook's <nav> and the oracle's <nav class="oracle-toc">; its
    title is the oracle's data-title (the theme prints it in the nav's header);
  * heading levels: HTML checkers reject skipped levels, so coursebook writes a heading at most
    one level below its enclosing heading (the page title is level 1): ## then #### is h2, h3.
    The oracle's levels are mapped by the same rule before comparing.
Exit 0 when everything agrees, 1 with the disagreements listed otherwise.
"""
import os
import sys
import unicodedata
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import htmldom  # noqa: E402
from htmldom import HEADINGS, norm  # noqa: E402

SKIP_CB = ("header", "nav", "aside", "figure")


def nid(s):
    """An id or #fragment as a browser matches it: percent-decoded, NFC."""
    return unicodedata.normalize("NFC", urllib.parse.unquote(s or ""))


def notice_class(e):
    cls = [c for c in e.classes() if c == "notice" or c.startswith("notice--")]
    if not cls:
        return None
    specific = [c for c in cls if c.startswith("notice--")]
    return specific[0] if specific else "notice"


def is_toc_nav(e, oracle):
    if e.tag != "nav":
        return False
    return "oracle-toc" in e.classes() if oracle else True


def toc_entries(nav):
    """(depth, text, href) of every link in the contents list, depth = lists around it."""
    out = []
    for a in nav.iter():
        if a.tag != "a" or not a.attrs.get("href", "").startswith("#"):
            continue
        depth = 0
        for anc in a.ancestors():
            if anc is nav:
                break
            if anc.tag in ("ul", "ol"):
                depth += 1
        out.append((depth, norm(a.text()), "#" + nid(a.attrs["href"][1:])))
    return out


def toc_title(nav, oracle):
    if oracle:
        return norm(nav.attrs.get("data-title", ""))
    # coursebook: the nav's text outside its lists
    parts = []
    stack = list(reversed(nav.children))
    while stack:
        c = stack.pop()
        if isinstance(c, str):
            parts.append(c)
        elif c.tag not in ("ul", "ol"):
            stack.extend(reversed(c.children))
    return norm(" ".join(parts))


VIDEO_HOSTS = {
    "youtube": {"www.youtube.com", "youtube.com", "youtu.be", "www.youtube-nocookie.com"},
    "vimeo": {"vimeo.com", "player.vimeo.com"},
    "google-drive": {"drive.google.com"},
    "bilibili": {"www.bilibili.com", "player.bilibili.com"},
}


def video_of(url, videos):
    """(provider, id) of a page video this watch/embed URL points at, else None."""
    try:
        u = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    for prov, vid in videos:
        bare = vid.split("?")[0]
        if u.hostname in VIDEO_HOSTS.get(prov, ()) and bare and bare in url:
            return (prov, vid)
    return None


def extract(doc, oracle, videos=()):
    """Structure tokens in document order, plus details per kind.  videos: the oracle's, to
    recognise coursebook's cards."""
    tokens, headings, notices, tocs, links, vids = [], [], [], [], [], []
    open_heads = []  # (source level, written level) of the enclosing headings

    def close_skips(tag):
        level = int(tag[1])
        while open_heads and open_heads[-1][0] >= level:
            open_heads.pop()
        out = min(level, (open_heads[-1][1] if open_heads else 1) + 1)
        open_heads.append((level, out))
        return "h%d" % out

    def add_video(v):
        tok = "video:%s:%s" % v
        if not tokens or tokens[-1] != tok:
            tokens.append(tok)
            vids.append(v)

    def walk(e, skip):
        for c in e.children:
            if isinstance(c, str):
                continue
            if is_toc_nav(c, oracle) and not skip and (oracle or toc_entries(c)):
                tokens.append("toc")
                tocs.append((toc_title(c, oracle), toc_entries(c)))
                continue
            inner_skip = skip or (not oracle and c.tag in SKIP_CB)
            if not inner_skip:
                if c.tag in HEADINGS:
                    hid = nid(c.attrs.get("id", ""))
                    tag = close_skips(c.tag) if oracle else c.tag
                    tokens.append("%s#%s" % (tag, hid))
                    headings.append((tag, hid, norm(c.text())))
                nc = notice_class(c)
                if nc:
                    tokens.append("notice." + nc)
                    notices.append((nc, norm(c.text())))
                if oracle and "oracle-video" in c.classes():
                    add_video((c.attrs.get("data-provider", ""), c.attrs.get("data-id", "")))
                url = c.attrs.get("href" if c.tag == "a" else "src", "")
                v = video_of(url, videos) if c.tag in ("a", "iframe") and not oracle else None
                if v:
                    add_video(v)
                elif c.tag == "a" and not url.startswith("#") and "href" in c.attrs:
                    links.append((norm(c.text()), url, c.attrs.get("target")))
            walk(c, inner_skip)

    body = [e for e in doc.iter() if e.tag == "body"]
    walk(body[0] if body else doc, False)
    return tokens, headings, notices, tocs, links, vids


def diff_lists(name, cb, ora, problems):
    if cb == ora:
        return
    problems.append("%s differ:" % name)
    n = max(len(cb), len(ora))
    for i in range(n):
        a = cb[i] if i < len(cb) else "(missing)"
        b = ora[i] if i < len(ora) else "(missing)"
        if a != b:
            problems.append("  [%d] coursebook: %r" % (i, a))
            problems.append("  [%d] kramdown:   %r" % (i, b))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py COURSEBOOK.html ORACLE.html")
    ora = extract(htmldom.parse_file(sys.argv[2]), oracle=True)
    cb = extract(htmldom.parse_file(sys.argv[1]), oracle=False, videos=ora[5])
    problems = []
    diff_lists("structure (headings, notices, contents, videos in order)", cb[0], ora[0],
               problems)
    diff_lists("headings (level, id, text)", cb[1], ora[1], problems)
    diff_lists("notices (class, text)", cb[2], ora[2], problems)
    diff_lists("videos (provider, id)", cb[5], ora[5], problems)
    diff_lists("links (text, target URL, target attribute)", cb[4], ora[4], problems)
    if len(cb[3]) != len(ora[3]):
        problems.append("contents lists: coursebook %d, kramdown %d" % (len(cb[3]), len(ora[3])))
    for i, (c, o) in enumerate(zip(cb[3], ora[3])):
        if c[0] != o[0]:
            problems.append("contents list %d title: coursebook %r, kramdown %r" % (i, c[0], o[0]))
        diff_lists("contents list %d entries (depth, text, target)" % i, c[1], o[1], problems)
    if problems:
        print("\n".join(problems))
        return 1
    print("agree: %d headings, %d notices, %d contents lists (%d entries), %d videos, %d links"
          % (len(ora[1]), len(ora[2]), len(ora[3]), sum(len(t[1]) for t in ora[3]),
             len(ora[5]), len(ora[4])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
