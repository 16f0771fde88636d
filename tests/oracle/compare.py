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
    The oracle's levels are mapped by the same rule before comparing, headings written as raw
    HTML included (coursebook's sanitiser writes them by the same rule);
  * a raw table with no row (a layout trick around an image): the sanitiser keeps only its
    content, so the oracle's is compared as its content;
  * an id that raw HTML repeats (an id the page has already, e.g. a heading's and its
    `<a name>`'s): coursebook drops the repeat (checkers reject it), so the oracle's is not
    compared either;
The whole document is also compared as an outline (see outline()): every block element in
order with its nesting, id, classes and text, and inside the text every link (target, class,
target attribute), image (source, alt), emphasis, code span, abbreviation, footnote reference
and inline math.  Intended differences there, also declared only here (outline()'s rules):
  * a notice is coursebook's <div class="notice notice--K"> around the block; kramdown puts the
    class on the block itself (<p class="notice--K">): both become `notice--K` around the block;
  * a video is coursebook's card and the oracle's marker: both become `video provider id`;
  * the contents list is compared by the checks above and is one `toc` line in the outline;
  * block math is kramdown's bare \\[..\\] text and coursebook's <div class="math--display">;
    inline math \\(..\\) and <span class="math--inline">: both become the TeX in \\( \\) / \\[ \\];
  * a definition's single paragraph: kramdown writes <dd>text</dd> for a definition with no
    blank line before it, coursebook's model always has blocks in a definition: a <p> alone in
    a <dd> is not compared as a block;
  * footnotes: kramdown's and coursebook's markup differ in attributes (rel, role) and the
    back-link's arrow: references are compared as [^N], the footnote list by number and text,
    back-links are not compared (nor kramdown's paragraph holding only a back-link, after a
    footnote that ends with a code block or list);
  * images: coursebook embeds a site's images (data: URIs), kramdown keeps their site path: a
    site image is compared as `(site image)` (with its alt and classes), a remote one by URL;
  * task list items: kramdown's <input type=checkbox> and class task-list on the list,
    coursebook's checkbox glyph: both become [ ] / [x];
  * kramdown's own {:toc} list (ul#markdown-toc, or ol# for a numbered one), and a toc include without a title (the theme
    prints its UI text for the site's locale): only the entries are compared, not the title;
  * raw <iframe>, <script>, <noscript>, <object>, <embed>: coursebook's sanitiser removes them
    (a handout has no active or remote content; videos are cards): they are not compared;
  * (measuring pages whose site files are absent, --missing-images-ok: coursebook's placeholder
    for an image it cannot find counts as that site image, classes not compared, and adds no
    text to a heading's text, as an image does not; the tests never use this;)
  * link targets are compared percent-decoded (coursebook writes valid URLs: a space as %20);
  * content HTML does not allow directly in a list, a definition list or a table's parts (text
    or a <p> between the items, left by pasted HTML or a list never closed; a tag kramdown
    reads as text in a table, `<th width=5%>`): the sanitiser moves it into the item before it,
    else before the element (in a table with rows always before the table, where browsers put
    it); the oracle's is moved the same way before comparing;
  * Jekyll writes a {% highlight %} block as <figure class="highlight"><pre><code>; the
    oracle does too, and the figure is unwrapped (coursebook's is the code block alone);
  * a line of a code block that holds only white space is compared as empty (kramdown keeps a
    tab there where coursebook's reading of a tab-indented list item gives spaces; either
    shows nothing);
  * an element HTML5 does not have is unwrapped on the oracle's side, its blocks included (the
    sanitiser unwraps it: its content is kept);
  * a site-relative link ("/docs/x/") is made absolute by coursebook with the site's url (so
    it works in a handout, a PDF or an EPUB away from the site): the oracle driver gives the
    site's url (<meta name="oracle-site-url">) and such targets compare as site-relative; a
    protocol-relative link ("//host/x") is written https: and compared so;
  * a remote image: coursebook never fetches it and shows its alt text with the URL as a link:
    that placeholder is compared as the image (alt and URL; classes not compared), its link
    is not one of the page's links, and its text is not part of a heading's text;
  * raw <style>, <link> and <base> elements: removed by coursebook's sanitiser like <script>
    (a handout loads nothing; not compared); so are form controls (<input>, <select>,
    <textarea>: a handout has no form) and raw <svg>/<math> (libxml2's HTML parser cannot
    keep their case-sensitive names): not compared; a <button> is written as its label (a
    link styled as a button keeps its text), compared as that text, and a <form> as its
    content (its labels' text stays; its controls go);
  * raw <center> (obsolete in HTML5): the sanitiser writes a div, so both are compared as div;
    in running text (a paragraph's raw tags) it, <figure>, <details> and <dialog> (which
    kramdown lets through there) are written as a span shown as a block, as a browser shows
    them: compared as a span; a raw <details> whose first child is not a <summary> (kramdown
    shows a `<summary>` in running text as text) is written as a div, as HTML requires;
    raw <strike> (obsolete too) is written as <s>, <tt> as <code>: compared as such; raw
    <font>, <big>, <blink>, <marquee> are written as a span, and an element HTML5 does not
    have (e.g. <large>) is unwrapped: compared as their text;
    a raw cell's align="x" is written as style="text-align: x" and compared as that (a value
    that is no CSS keyword, e.g. "centre", is dropped);
  * the front matter's `toc: true` on a page without headings: the theme shows an empty box,
    coursebook writes no contents list (an oracle list without entries is not compared);
  * white space right before a line break (<br>) is not compared: it is not shown;
  * raw table rows or cells outside a table, list items outside a list (kramdown writes them
    as they are; HTML allows them nowhere else): coursebook keeps their content only;
  * HTML 4's anchor <a name="x"> (no name attribute in HTML5): coursebook writes its id, so
    the oracle's name is compared as the id, unless an element has that id (a browser goes to
    the element then);
  * a javascript: (or vbscript:) link: coursebook never writes script, so it keeps the link's
    text only and the oracle's link is compared as its text; so is a web link that names no
    host (`https:://x`: no page to go to, and no valid HTML);
  * a link inside a link (kramdown writes what raw HTML nests; HTML forbids it): coursebook
    keeps the inner link's text only, so the oracle's inner link is compared as its text;
  * coursebook's language spans (<span lang>) and the figure's presentation markup are
    transparent; attributes other than id, class, href, src, alt, title, target, start are not
    compared (style on table cells is, as `align`);
  * an HTML element with markdown="1|block" that is not a notice: coursebook keeps it as a
    container with its classes and id (the oracle driver marks such elements data-oracle-md),
    but an element that does not hold blocks (lists, tables, pre, media: their own content
    model) is unwrapped (inside a raw HTML element not marked markdown it is kept),
    center/dialog/fieldset/form/main are written as a div, and a details without a summary
    first is a div (HTML requires the summary); a raw <span> holding blocks where a block
    may stand is written as the div it acts as; an empty link target, or a `_` one that is no
    keyword, is dropped (target_of);
  * a page's stray <html> or <body> tag is transparent, as in browsers;
  * the nav_list include: the oracle driver writes the theme's list without its nav wrapper,
    menu toggle and sub-title spans (presentation); coursebook's model has the plain list;
  * an HTML comment indented by one to three spaces is paragraph text for kramdown, which
    then writes an empty <p> (the comment is not shown): coursebook writes no paragraph, so
    an empty paragraph (no text, no element, or only elements the sanitiser removes) is not
    compared on either side;
  * the front matter's `toc: true` is the theme's sidebar contents: the oracle driver places it
    before the body, where coursebook's model has it.
Exit 0 when everything agrees, 1 with the disagreements listed otherwise.
"""
import difflib
import os
import re
import sys
import unicodedata
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import htmldom  # noqa: E402
from htmldom import HEADINGS, norm  # noqa: E402

def skip_cb(e):
    """coursebook's own apparatus (title block, contents list, footnote asides), not the
    author's containers of the same names."""
    cls = e.classes()
    return ((e.tag == "header" and "title-block" in cls) or cb_toc_nav(e)
            or (e.tag == "aside" and e.attrs.get("id", "").startswith("fn")))


def cb_toc_nav(e):
    """coursebook's contents list: a nav.toc whose title comes first (a page's own raw
    <nav class="toc"> is the author's, compared as it is)."""
    return e.tag == "nav" and "toc" in e.classes() and any(
        not isinstance(k, str) and "toc__title" in k.classes() for k in e.children)


SITE_URL = None  # the oracle's <meta name="oracle-site-url">: the site's address


def nid(s):
    """An id, #fragment or URL as a browser matches it: percent-decoded, NFC; a link into the
    site made absolute by coursebook compares as the site-relative one kramdown keeps."""
    s = unicodedata.normalize("NFC", urllib.parse.unquote(s or ""))
    if s.startswith("//"):
        s = "https:" + s  # coursebook writes a protocol-relative link as https (declared)
    if SITE_URL and s.startswith(SITE_URL + "/"):
        s = s[len(SITE_URL):]
    return s


def notice_class(e):
    cls = [c for c in e.classes() if c == "notice" or c.startswith("notice--")]
    if not cls:
        return None
    specific = [c for c in cls if c.startswith("notice--")]
    return specific[0] if specific else "notice"


def is_toc_nav(e, oracle):
    if e.tag in ("ul", "ol") and e.attrs.get("id") == "markdown-toc":
        # kramdown's own {:toc} list (not inside a toc include's nav; an author's own raw
        # <nav> around it does not make it one); on coursebook's side a raw one, which an
        # author pasted from a site's HTML (the oracle cannot tell it apart)
        return not any(a.tag == "nav" and ("oracle-toc" in a.classes() if oracle
                                           else cb_toc_nav(a)) for a in e.ancestors())
    if e.tag != "nav":
        return False
    if oracle:
        return "oracle-toc" in e.classes()
    return cb_toc_nav(e)


def toc_entries(nav):
    """(depth, text, href) of every link in the contents list, depth = lists around it."""
    out = []
    for a in nav.iter():
        if a.tag != "a" or not a.attrs.get("href", "").startswith("#"):
            continue
        depth = 1 if nav.tag in ("ul", "ol") else 0  # kramdown's bare {:toc} list
        for anc in a.ancestors():
            if anc is nav:
                break
            if anc.tag in ("ul", "ol"):
                depth += 1
        out.append((depth, norm(a.text()), "#" + nid(a.attrs["href"][1:])))
    return out


def toc_title(nav, oracle):
    if oracle:
        return norm(nav.attrs.get("data-title", "")) if nav.tag == "nav" else None
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


def link_text(e):
    """A link's text; an image in it gives none (kramdown's <img> has no text, coursebook's
    placeholder for an image it cannot show has its alt text)."""
    out = []
    for c in e.children:
        if isinstance(c, str):
            out.append(c)
        elif "image-placeholder" not in c.classes():
            out.append(link_text(c))
    return "".join(out)


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
            if is_toc_nav(c, oracle) and not skip and toc_entries(c):
                tokens.append("toc")
                tocs.append((toc_title(c, oracle), toc_entries(c)))
                continue
            # (an iframe's or a script's content is not shown: browsers read it as raw text)
            inner_skip = skip or (not oracle and skip_cb(c)) or (
                oracle and c.tag in SANITISED_AWAY)
            if not inner_skip:
                nc = notice_class(c)
                if nc and c.tag in HEADINGS:
                    # kramdown's class on the heading itself; coursebook's notice around it
                    tokens.append("notice." + nc)
                    notices.append((nc, math_plain(norm(c.text()))))
                if c.tag in HEADINGS:
                    hid = nid(c.attrs.get("id", ""))
                    tag = close_skips(c.tag) if oracle else c.tag
                    tokens.append("%s#%s" % (tag, hid))
                    headings.append((tag, hid, norm(c.text() if oracle else heading_text(c))))
                if nc and c.tag not in HEADINGS:
                    tokens.append("notice." + nc)
                    notices.append((nc, math_plain(norm(c.text() if oracle else heading_text(c)))))
                if oracle and "oracle-video" in c.classes():
                    add_video((c.attrs.get("data-provider", ""), c.attrs.get("data-id", "")))
                url = c.attrs.get("href" if c.tag == "a" else "src", "")
                v = video_of(url, videos) if c.tag in ("a", "iframe") and not oracle else None
                if v:
                    add_video(v)
                elif (c.tag == "a" and not url.startswith("#") and "href" in c.attrs
                      and not (oracle and is_script_url(url))
                      and "image-placeholder__url" not in c.classes()
                      and not any(x.tag == "a" for x in c.ancestors())):
                    links.append((norm(link_text(c)), nid(url), target_of(c)))
            walk(c, inner_skip)

    # the oracle writes a fragment: a <body> in it is the page's own raw tag (transparent)
    body = [e for e in doc.iter() if e.tag == "body"] if not oracle else []
    walk(body[0] if body else doc, False)
    return tokens, headings, notices, tocs, links, vids


BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table",
          "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "hr", "div", "figure",
          "figcaption", "section", "nav", "details", "summary", "center"}
# obsolete or unknown raw elements the sanitiser writes as a span or unwraps (declared above)
RENAMED_TO_SPAN = {"font", "big", "blink", "marquee", "large"}
# elements that hold running text inside them
INLINE_PARENTS = {"a", "abbr", "b", "bdo", "cite", "code", "del", "dfn", "em", "font", "i", "ins",
                  "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong",
                  "sub", "sup", "tt", "u", "var", "big"}

# the elements of HTML5 (and the obsolete ones the sanitiser renames): any other is unwrapped,
# and so is canvas (a handout runs no script to draw on it; its fallback content is kept)
HTML5_ELEMENTS = set(
    "a abbr address area article aside audio b base bdi bdo blockquote body br button "
    "caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i "
    "iframe img input ins kbd label legend li link main map mark math menu meta meter nav "
    "noscript object ol optgroup option output p param picture pre progress q rp rt ruby s "
    "samp script search section select slot small source span strong style sub summary sup "
    "svg table tbody td template textarea tfoot th thead time title tr track u ul var video "
    "wbr center strike tt font big blink marquee".split())

# raw elements coursebook's sanitiser removes with their content (declared above)
SANITISED_AWAY = {"iframe", "script", "noscript", "object", "embed", "style", "link", "base",
                  "input", "select", "textarea", "svg", "math"}


def heading_text(e):
    """A heading's (or a notice's) text without coursebook's image placeholders (a remote
    image, or with --missing-images-ok a missing site image) and task boxes: an image shows no
    text in kramdown's, nor does a check box."""
    parts = []
    for x in e.children:
        if isinstance(x, str):
            parts.append(x)
        elif "image-placeholder" in x.classes() and (MISSING_IMAGES_OK or any(
                "image-placeholder__url" in a.classes() for a in x.iter())):
            continue
        elif "task-list-item__box" in x.classes():
            continue
        elif is_toc_nav(x, False):
            # a contents list: its entries only (its title is coursebook's UI text, declared)
            parts.extend(" " + heading_text(u) + " " for u in x.children
                         if not isinstance(u, str) and u.tag in ("ul", "ol"))
        elif x.tag in BLOCKS:
            parts.append(" " + heading_text(x) + " ")  # (cells and blocks: words apart)
        else:
            parts.append(heading_text(x))
    return "".join(parts)


def is_script_url(url):
    """A link coursebook writes as its text (declared): javascript:/vbscript: (removed), a
    web URL that names no host ("https:://x": no page to go to, and no valid HTML), or a
    scheme with nothing after it ("mailto:", an empty site.email: no valid EPUB)."""
    u = url.strip().lower().replace("\t", "")
    web = re.match(r"(https?|ftps?|wss?):", u)
    return u.startswith(("javascript:", "vbscript:")) or bool(
        web and not re.match(r"[^:]+://[^/:?#@ \t]", u)) or bool(
        re.fullmatch(r"[a-z][a-z0-9+.-]*:", u))  # `mailto:` with no address


INLINE_MARK = {"em": "*", "strong": "**", "code": "`", "tt": "`", "del": "~~", "s": "~~",
               "strike": "~~",
               "mark": "=="}


def math_plain(t):
    """Notice text with kramdown's math delimiters \\[ \\] \\( \\) removed (declared above)."""
    return re.sub(r"\\[\[\]()]", "", t).strip()


MISSING_IMAGES_OK = False  # --missing-images-ok: measuring pages whose site files are absent


def img_src(e):
    """Declared: coursebook embeds a site's images (data: URI) where kramdown keeps the site
    path; a site image is compared as `(site image)`, a remote one by its URL."""
    src = e.attrs.get("src", "")
    if src.startswith("data:") or not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", src):
        return "(site image)"
    return nid(src)


def _classes(e, drop=()):
    # (a class named twice is one class: kramdown's IALs waiting for a block add theirs again)
    return sorted(set(c for c in e.classes() if c not in drop))


def _inline(e, oracle, out):
    """Text of inline content with meaningful markup kept as Markdown-like marks."""
    for c in e.children:
        if isinstance(c, str):
            out.append(c)
            continue
        t = c.tag
        if oracle and t not in HTML5_ELEMENTS and t not in RENAMED_TO_SPAN:
            _inline(c, oracle, out)  # declared: an element HTML5 does not have is unwrapped
            continue
        if oracle and t in RENAMED_TO_SPAN:
            t = "span"  # declared: the sanitiser writes these obsolete elements as a span
            if not c.attrs.get("class"):
                _inline(c, oracle, out)
                continue
        if _span_as_div(c, oracle):
            t = "div"
        cls = _classes(c)
        if t == "span" and not oracle and ("math--inline" in cls or "math" in cls):
            out.append("\\(%s\\)" % c.text())
            continue
        if t in ("button", "form") and oracle:
            _inline(c, oracle, out)  # declared: coursebook keeps a button's label, a form's text
            continue
        if t == "span" and (not cls or (not oracle and c.attrs.get("lang"))):
            _inline(c, oracle, out)  # language spans are transparent
            continue
        if t == "meta":
            continue  # the oracle driver's data (oracle-site-url), not content
        if t == "a" and oracle and is_script_url(c.attrs.get("href", "")):
            _inline(c, oracle, out)  # a javascript: link: coursebook keeps its text (declared)
            continue
        if t == "a" and "href" not in c.attrs and not c.attrs.get("id"):
            # no link: its text (coursebook removes an unsafe href; an anchor whose name is
            # another element's id, as the browser reads it, is nothing)
            _inline(c, oracle, out)
            continue
        if t == "a" and oracle and any(x.tag == "a" for x in c.ancestors()):
            _inline(c, oracle, out)  # a link inside a link: coursebook keeps its text (declared)
            continue
        if t in SANITISED_AWAY and oracle and "task-list-item-checkbox" not in cls:
            continue  # declared: coursebook's sanitiser removes active and remote content
        if t == "a" and "reversefootnote" in cls:
            continue  # the back-link (markup differs; declared)
        if t == "sup" and c.attrs.get("id", "").startswith("fnref"):
            out.append("[^%s]" % norm(c.text()))
            continue
        if t == "input" and c.attrs.get("type") == "checkbox":
            out.append("[x] " if "checked" in c.attrs else "[ ] ")
            continue
        if t == "span" and "task-list-item__box" in cls:
            out.append("[x] " if "\u2611" in c.text() else "[ ] ")
            continue
        if t == "br":
            # white space before a line break is not shown (kramdown keeps all but two of
            # three or more trailing spaces; cmark none): not compared
            while out and out[-1] != out[-1].rstrip():
                out[-1] = out[-1].rstrip()
                if not out[-1]:
                    out.pop()
            out.append("\\n")
            continue
        if t == "span" and "image-placeholder" in cls:
            url = [a for a in c.iter() if "image-placeholder__url" in a.classes()]
            if url:  # a remote image: coursebook does not fetch it (declared)
                # (the alt text may sit in a language span: a Burmese page marks English)
                alt = norm("".join(x if isinstance(x, str) else x.text() for x in c.children
                                   if isinstance(x, str)
                                   or "image-placeholder__url" not in x.classes()))
                if "image-placeholder--no-alt" in cls:
                    alt = ""  # the placeholder's word for no alt text
                out.append("![%s](%s)" % (alt, nid(url[0].attrs.get("href", url[0].text()))))
                continue
            if MISSING_IMAGES_OK:
                alt = norm(c.text())
                out.append("![%s]((site image))" % ("" if "image-placeholder--no-alt" in cls
                                                    else alt))
                continue
        if t == "img":
            src = img_src(c)
            if src == "(site image)" and MISSING_IMAGES_OK:
                cls = []  # a missing site image's placeholder has no classes (measuring only)
            elif src != "(site image)":
                cls = []  # a remote image is coursebook's placeholder (declared)
            out.append("![%s](%s)%s" % (norm(c.attrs.get("alt", "")), src,
                                        "{%s}" % " ".join("." + x for x in cls) if cls else ""))
            continue
        inner = []
        _inline(c, oracle, inner)
        text = "".join(inner)
        extra = []
        if cls:
            extra += ["." + x for x in cls]
        if c.attrs.get("id"):
            extra.append("#" + nid(c.attrs["id"]))
        if t == "a":
            if target_of(c):
                extra.append("target=" + target_of(c))
            if c.attrs.get("title"):
                extra.append("title=" + norm(c.attrs["title"]))
            out.append("[%s](%s)%s" % (text, nid(c.attrs.get("href", "")),
                                       "{%s}" % " ".join(extra) if extra else ""))
        elif t == "abbr":
            out.append("<abbr %s>%s</abbr>" % (norm(c.attrs.get("title", "")), text))
        else:
            # a heading inside inline content (a card in a link): its level is the outline's
            # (declared: raw headings are written at the level the outline allows)
            m = INLINE_MARK.get(t, "<h>" if t in HEADINGS else "<%s>" % t)
            out.append("%s%s%s%s" % (m, text, m, "{%s}" % " ".join(extra) if extra else ""))


def target_of(e):
    """a link's target; declared: an empty one or a made-up `_` keyword is none (the sanitiser
    drops it: it is no browsing-context name)"""
    t = e.attrs.get("target")
    if not t or (t[0] == "_" and t.lower() not in ("_blank", "_self", "_parent", "_top")):
        return None
    return t


TABLE_PARTS = {"tr", "td", "th", "thead", "tbody", "tfoot", "caption", "col", "colgroup"}
CONTAINERS = {"div", "section", "article", "aside", "header", "footer", "nav", "figure",
              "details", "blockquote"}
AS_DIV = {"center", "dialog", "fieldset", "form", "main"}
# block elements coursebook unwraps (their own content model; see the docstring)
UNWRAPPED = {"ol", "ul", "dl", "table", "pre", "iframe", "video", "audio", "noscript", "script",
             "style", "address"}


def _summary_first(e):
    kids = [k for k in e.children if not (isinstance(k, str) and not k.strip())]
    return bool(kids) and not isinstance(kids[0], str) and kids[0].tag == "summary"


def _has_block(e):
    """a block among the children (those of an element HTML5 does not have included: it is
    unwrapped, declared)"""
    return any(not isinstance(c, str) and (c.tag in BLOCKS or (
        c.tag == "span" or c.tag not in HTML5_ELEMENTS and c.tag not in RENAMED_TO_SPAN) and
        _has_block(c))
        for c in e.children)


PHRASING_ONLY = {"abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
                 "font", "i", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span",
                 "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "p", "h1", "h2",
                 "h3", "h4", "h5", "h6"}


def _in_phrasing(e):
    """is e in running text, as the sanitiser decides it (a link, a button, a form and an
    element HTML5 does not have are transparent; a paragraph is taken as Markdown's)"""
    for a in e.ancestors():
        if a.tag in ("a", "button", "form") or a.tag not in HTML5_ELEMENTS:
            continue
        return a.tag in PHRASING_ONLY
    return False


def _span_as_div(e, oracle):
    """declared: a raw span around blocks where a block may stand is the sanitiser's div"""
    return oracle and e.tag == "span" and _has_block(e) and not _in_phrasing(e)


def outline(doc, oracle, videos=()):
    """The document as indented lines: block tag, id, classes, text (see the docstring)."""
    lines = []
    open_heads = []

    def level(tag):
        lv = int(tag[1])
        while open_heads and open_heads[-1][0] >= lv:
            open_heads.pop()
        out = min(lv, (open_heads[-1][1] if open_heads else 1) + 1)
        open_heads.append((lv, out))
        return "h%d" % out

    def text_of(e):
        buf = []
        _inline(e, oracle, buf)
        return norm("".join(buf))

    def in_raw_html(c):
        """inside an HTML element with no markdown attribute, coursebook keeps the markup of
        markdown elements as it is, as kramdown writes it"""
        return any(a.tag in ("div", "section", "article", "html") and not a.attrs.get(
            "data-oracle-md") for a in c.ancestors())

    def stray(c):
        """declared: a table row or cell outside a table, a list item outside a list: the
        sanitiser keeps its content only (HTML allows it nowhere else)"""
        if not oracle or isinstance(c, str):
            return False
        if c.tag in TABLE_PARTS:
            return not any(a.tag == "table" for a in c.ancestors())
        if c.tag in ("li", "dd", "dt"):
            p = c.parent
            return p is None or p.tag not in {"li": ("ul", "ol", "menu")}.get(c.tag, ("dl",))
        return False

    def flatten(items):
        out = []
        for c in items:
            # a page's own stray <html> or <body> tag: browsers ignore it, keeping its content;
            # an element HTML5 does not have is unwrapped (declared), its blocks too
            if stray(c) or (oracle and not isinstance(c, str) and (
                    c.tag in ("html", "body") or
                    (c.tag == "figure" and "highlight" in c.classes()) or
                    # declared: a raw form is unwrapped, its blocks kept (its controls not)
                    (c.tag == "form" and not c.attrs.get("data-oracle-md")) or
                    (c.tag not in HTML5_ELEMENTS and c.tag not in RENAMED_TO_SPAN))):
                out.extend(flatten(c.children))
            else:
                out.append(c)
        return out

    def walk(e, depth):
        pending = []  # inline content between blocks (a div's loose text, a tight li's text)
        for c in flatten(e.children):
            if not isinstance(c, str) and _span_as_div(c, oracle):
                c.tag = "div"
            if isinstance(c, str) or c.tag not in BLOCKS:
                pending.append(c)
                continue
            flush(pending, depth)
            pending = []
            block(c, depth)
        flush(pending, depth)

    def flush(items, depth):
        if not items:
            return
        holder = htmldom.Element("#inline", {}, None, 0)
        holder.children = items
        t = text_of(holder)
        if not t:
            return
        if oracle and t.startswith("\\[") and t.endswith("\\]"):
            for m in re.findall(r"\\\[.*?\\\]", t, re.S):
                lines.append("  " * depth + "math: " + m)
            return
        lines.append("  " * depth + "text: " + t)

    def block(c, depth):
        t = "div" if c.tag == "center" else c.tag  # the sanitiser writes <center> as a div
        cls = _classes(c)
        ind = "  " * depth
        if oracle and "oracle-video" in cls:
            lines.append(ind + "video %s %s" % (c.attrs.get("data-provider"),
                                                 c.attrs.get("data-id", "").split("?")[0]))
            return
        if not oracle and any(x.startswith("video-card") for x in cls):
            for a in c.iter():
                v = video_of(a.attrs.get("href", a.attrs.get("src", "")), videos) \
                    if a.tag in ("a", "iframe") else None
                if v:
                    lines.append(ind + "video %s %s" % (v[0], v[1].split("?")[0]))
                    return
            lines.append(ind + "video ?")
            return
        if is_toc_nav(c, oracle):
            lines.append(ind + "toc")
            return
        if not oracle and t in ("header", "aside") and skip_cb(c):
            return
        if not oracle and t == "div" and ("math--display" in cls):
            lines.append(ind + "math: \\[%s\\]" % norm(c.text()))
            return
        if oracle and t == "table" and not any(x.tag == "tr" for x in c.iter()):
            walk(c, depth)  # declared: a table with no row is layout, unwrapped
            return
        if oracle and t == "details" and not _summary_first(c):
            t = "div"  # declared: HTML requires the summary (a raw one too)
        if oracle and c.attrs.get("data-oracle-md") and not notice_class(c) and t != "p":
            # declared: how coursebook keeps a Markdown element's wrapper
            if t in AS_DIV:  # (a details without a summary first is a div already, above)
                t = "div"
            elif t in UNWRAPPED and not in_raw_html(c):
                walk(c, depth)
                return
        if t == "p" and not text_of(c) and any(
                "reversefootnote" in a.classes() for a in c.iter() if a.tag == "a"):
            return  # a paragraph holding only a footnote's back-link (not compared)
        if t == "p" and not text_of(c).strip() and not any(
                not isinstance(x, str) and not (oracle and x.tag in SANITISED_AWAY)
                for x in c.children):
            # kramdown's empty paragraph around an indented comment, or one holding only what
            # the sanitiser removes (an <input>): nothing a reader sees (declared)
            return
        nc = notice_class(c)
        if nc:
            lines.append(ind + nc)
            rest = [x for x in cls if x != nc and x != "notice"]
            if t == "div" and not rest and not c.attrs.get("id"):
                walk(c, depth + 1)
                return
            # kramdown: the class sits on the block itself
            cls = rest
            depth += 1
            ind = "  " * depth
        if t in ("ul", "ol") and oracle:
            cls = [x for x in cls if x != "task-list"]
        if t == "dd":
            kids = [k for k in c.children if not (isinstance(k, str) and not k.strip())]
            if len(kids) == 1 and not isinstance(kids[0], str) and kids[0].tag == "p":
                c = kids[0]  # declared: a definition's lone paragraph
        tag = level(t) if (oracle and t in HEADINGS) else t
        head = tag
        if c.attrs.get("id") and not (t == "li" and c.attrs["id"].startswith("fn")):
            head += "#" + nid(c.attrs["id"])
        if t == "li" and c.attrs.get("id", "").startswith("fn"):
            head += "[fn]"
        if cls:
            head += "".join("." + x for x in cls)
        if t == "ol" and c.attrs.get("start") not in (None, "", "1"):
            head += " start=" + c.attrs["start"]
        decls = dict(d.split(":", 1) for d in (c.attrs.get("style") or "").replace(
            " ", "").split(";") if ":" in d)
        al = decls.get("text-align", "")  # (the last declaration wins, as in CSS)
        if oracle and not al and c.attrs.get("align", "").lower() in (
                "left", "right", "center", "justify"):  # HTML 4's align, written as CSS
            al = c.attrs["align"].lower()
        if t in ("td", "th") and al:
            head += " align=" + al
        if t == "pre":
            code = [k for k in c.children if not isinstance(k, str) and k.tag == "code"]
            lang = [x for x in (code[0].classes() if code else []) if x.startswith("language-")]
            # (a line of white space only shows nothing, whatever it holds: compared empty)
            code_text = "\n".join("" if not ln.strip() else ln
                                  for ln in c.text().rstrip("\n").split("\n"))
            lines.append(ind + head + "".join("." + x for x in lang) + ": " + repr(code_text))
            return
        if t == "hr":
            lines.append(ind + head)
            return
        tx = text_of(c) if oracle and t in ("li", "dd", "blockquote") else ""
        if _has_block(c) or (tx.startswith("\\[") and tx.endswith("\\]")):
            # (kramdown's block math is bare text: a list item holding only it holds a block)
            lines.append(ind + head)
            walk(c, depth + 1)
        else:
            lines.append(ind + head + ": " + text_of(c))

    # the oracle writes a fragment: a <body> in it is the page's own raw tag (transparent)
    body = [e for e in doc.iter() if e.tag == "body"] if not oracle else []
    root = body[0] if body else doc
    if not oracle:
        arts = [e for e in root.iter() if e.tag == "article"]
        root = arts[0] if arts else root
    walk(root, 0)
    return lines


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


# kramdown lets these flow-only elements through in running text (they are not among its block
# tags): coursebook's sanitiser writes one there as a span shown as a block (declared)
FLOW_IN_TEXT = {"center", "figure", "details", "dialog", "search"}
TEXT_HOLDERS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}


def flow_in_text_as_span(doc):
    """The oracle's FLOW_IN_TEXT elements in running text renamed span (see above): in a
    paragraph, a heading or an inline element (a tight item's text and a cell take blocks)."""
    for e in list(doc.iter()):
        p = e.parent
        if e.tag not in FLOW_IN_TEXT or p is None:
            continue
        if p.tag in TEXT_HOLDERS or p.tag in INLINE_PARENTS:
            e.tag = "span"


STRAY_ALLOWED = {
    "ul": {"li"}, "ol": {"li"}, "menu": {"li"}, "dl": {"dt", "dd", "div"},
    "table": {"caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "form", "style",
              "table"},
    "thead": {"tr", "form", "style", "table"}, "tbody": {"tr", "form", "style", "table"},
    "tfoot": {"tr", "form", "style", "table"}, "tr": {"td", "th", "form", "style", "table"},
}
TABLE_BOXES = {"table", "thead", "tbody", "tfoot", "tr"}


def place_strays(doc):
    """Content HTML does not allow directly in a list, a definition list or a table part (see
    above): moved as the sanitiser moves it, into the item before it, else (and in a table
    always, where browsers foster it) before the element."""
    def fix(e):
        allowed = STRAY_ALLOWED.get(e.tag)
        if allowed is not None:
            table = e.tag in TABLE_BOXES
            rows = True
            if table:  # (a table with no row is unwrapped as a layout table: nothing moves)
                t = e
                while t.tag != "table" and t.parent is not None and t.parent.tag in TABLE_BOXES:
                    t = t.parent
                rows = any(x.tag == "tr" for x in t.iter())
            item, kept = None, []
            for c in e.children:
                if not rows:
                    stray = False
                elif isinstance(c, str):
                    stray = bool(c.strip())
                else:
                    stray = c.tag not in allowed and c.tag not in ("script", "template")
                if not stray:
                    kept.append(c)
                    if not isinstance(c, str):
                        item = c
                elif item is not None and not table:
                    item.children.append(c)
                    if not isinstance(c, str):
                        c.parent = item
                else:
                    top = e
                    while table and top.parent is not None and top.parent.tag in TABLE_BOXES:
                        top = top.parent
                    if top.parent is not None:
                        sib = top.parent.children
                        sib.insert(sib.index(top), c)
                        if not isinstance(c, str):
                            c.parent = top.parent
                            fix(c)
                    else:
                        kept.append(c)
            e.children = kept
        for c in list(e.children):
            if not isinstance(c, str):
                fix(c)
    fix(doc)


def main():
    global MISSING_IMAGES_OK
    if len(sys.argv) == 4 and sys.argv[1] == "--missing-images-ok":
        MISSING_IMAGES_OK = True
        del sys.argv[1]
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py [--missing-images-ok] COURSEBOOK.html ORACLE.html")
    global SITE_URL
    ora_doc0 = htmldom.parse_file(sys.argv[2])
    flow_in_text_as_span(ora_doc0)
    place_strays(ora_doc0)
    for m in ora_doc0.iter():
        if m.tag == "meta" and m.attrs.get("name") == "oracle-site-url":
            SITE_URL = m.attrs.get("content")
    ora = extract(ora_doc0, oracle=True)
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
        if o[0] and c[0] != o[0]:
            problems.append("contents list %d title: coursebook %r, kramdown %r" % (i, c[0], o[0]))
        diff_lists("contents list %d entries (depth, text, target)" % i, c[1], o[1], problems)
    cb_doc = htmldom.parse_file(sys.argv[1])
    ora_doc = htmldom.parse_file(sys.argv[2])
    flow_in_text_as_span(ora_doc)
    place_strays(ora_doc)
    seen_ids = set()
    # (a browser looks for an element with the id first, an <a name> only when none has it)
    real_ids = {e.attrs["id"] for e in ora_doc.iter() if e.attrs.get("id")}
    for e in ora_doc.iter():  # declared: HTML 4's <a name> is written as the anchor's id
        if e.tag == "a" and "name" in e.attrs and "id" not in e.attrs and \
                e.attrs["name"] not in real_ids:
            e.attrs["id"] = e.attrs["name"]
        if e.attrs.get("id"):  # declared: a repeated id is dropped
            if e.attrs["id"] in seen_ids:
                del e.attrs["id"]
            else:
                seen_ids.add(e.attrs["id"])
    a = outline(cb_doc, False, ora[5])
    b = outline(ora_doc, True)
    if a != b:
        problems.append("document outline differs (- coursebook, + kramdown):")
        for ln in difflib.unified_diff(a, b, "coursebook", "kramdown", n=1, lineterm=""):
            if not ln.startswith(("---", "+++")):
                problems.append("  " + ln)
    if problems:
        print("\n".join(problems))
        return 1
    print("agree: %d blocks, %d headings, %d notices, %d contents lists (%d entries), %d videos, %d links"
          % (len(b), len(ora[1]), len(ora[2]), len(ora[3]), sum(len(t[1]) for t in ora[3]),
             len(ora[5]), len(ora[4])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
