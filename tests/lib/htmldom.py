"""A small DOM over Python's html.parser, for the end-to-end tests (no third-party modules).

Builds a tree of Element(tag, attrs, children) from HTML5 or XHTML text.  Only what the tests
need: walking, text content, ancestors, a normalisation for comparing text across tools.
"""
import html.parser
import re
import unicodedata

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Elements whose end tag HTML lets you omit when a sibling starts (enough for kramdown's and
# coursebook's output, which close everything anyway).
AUTO_CLOSE = {"p": {"p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
                    "blockquote", "nav", "section", "aside", "header", "footer", "figure", "dl"},
              "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"},
              "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}, "option": {"option"}}


class Element:
    def __init__(self, tag, attrs, parent, line):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []  # Element or str
        self.line = line

    def iter(self):
        """This element and every descendant element, in document order."""
        stack = [self]
        while stack:
            e = stack.pop()
            yield e
            stack.extend(c for c in reversed(e.children) if isinstance(c, Element))

    def text(self):
        out = []
        stack = [self]
        while stack:
            e = stack.pop()
            if isinstance(e, str):
                out.append(e)
            elif e.tag not in ("script", "style"):
                stack.extend(reversed(e.children))
        return "".join(out)

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def ancestors(self):
        p = self.parent
        while p is not None:
            yield p
            p = p.parent

    def find_all(self, pred):
        return [e for e in self.iter() if pred(e)]

    def __repr__(self):
        return "<%s %s line %d>" % (self.tag, self.attrs, self.line)


class _Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None, 0)
        self.cur = self.root
        self.doctype = None

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        closes = AUTO_CLOSE.get(self.cur.tag)
        if closes and tag in closes:
            self.cur = self.cur.parent
        e = Element(tag, [(k, v if v is not None else "") for k, v in attrs], self.cur,
                    self.getpos()[0])
        self.cur.children.append(e)
        if tag not in VOID:
            self.cur = e

    def handle_startendtag(self, tag, attrs):
        e = Element(tag, [(k, v if v is not None else "") for k, v in attrs], self.cur,
                    self.getpos()[0])
        self.cur.children.append(e)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        e = self.cur
        while e is not None and e.tag != tag:
            e = e.parent
        if e is None:  # stray end tag: ignore, as browsers do
            return
        self.cur = e.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(text):
    b = _Builder()
    b.feed(text)
    b.close()
    b.root.doctype = b.doctype
    return b.root


def parse_file(path):
    with open(path, encoding="utf-8") as f:
        return parse(f.read())


_WS = re.compile(r"\s+")


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def norm(s):
    """Text as a reader sees it: NFC, no U+200B break hints, soft hyphens or control characters
    (a browser shows none), spaces collapsed."""
    s = unicodedata.normalize("NFC", s)
    s = _CONTROLS.sub("", s.replace("\u200b", "").replace("\u00ad", ""))
    return _WS.sub(" ", s).strip()


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
