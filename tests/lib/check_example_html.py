#!/usr/bin/env python3
"""Checks on the HTML handout of examples/machine-learning-paper-reading.md (issue 2's
"Done when").  Used by tests/scripts/test_example_html.sh.

    check_example_html.py HANDOUT.html SOURCE.md QRDIR

Prints one line per check ("ok ..." / "FAIL ..."), writes each video card's QR code SVG to
QRDIR/qr-N.svg with the URL it must encode in QRDIR/qr-N.url (decoded by the shell script),
and exits with the number of failed checks (capped at 100).
"""
import re
import sys
import unicodedata
import urllib.parse

import htmldom
from htmldom import HEADINGS, norm

# kramdown's GFM auto ids of the example's headings, in order (from tests/oracle, which
# test_kramdown_oracle.sh re-derives from ruby-kramdown on every run).
EXPECTED_IDS = [
    "machine-learning-paper-reading",
    "-metric-learning",
    "1-facenet-a-unified-embedding-for-face-recognition-and-clustering",
    "-self-supervised-learning",
    "1-simclr-a-simple-framework-for-contrastive-learning-of-visual-representations",
    "2-byol-bootstrap-your-own-latent",
    "3-simsiam-exploring-simple-siamese-representation-learning",
    "-knowledge-distillation",
    "1-knowledge-distillation-a-survey",
    "2-teacher-training-methods-for-better-knowledge-distillation",
]
PD_MARK = "creativecommons.org/publicdomain/mark/1.0"

fails = 0


def check(what, cond, detail=""):
    global fails
    if cond:
        print("ok   " + what)
    else:
        fails += 1
        print("FAIL " + what + (": " + detail if detail else ""))
    return cond


def main():
    html_path, src_path, qrdir = sys.argv[1:4]
    raw = open(html_path, encoding="utf-8").read()
    src = open(src_path, encoding="utf-8").read()
    doc = htmldom.parse(raw)
    els = list(doc.iter())
    order = {id(e): i for i, e in enumerate(els)}

    # --- document -------------------------------------------------------------------------
    check("starts with <!DOCTYPE html>", raw.lstrip().lower().startswith("<!doctype html>"))
    htmls = [e for e in els if e.tag == "html"]
    check('<html lang="my"> (the example is mostly Burmese)',
          len(htmls) == 1 and htmls[0].attrs.get("lang") == "my",
          htmls[0].attrs.get("lang") if htmls else "no <html>")
    for residue in ("{%", "{{", "{:", "%}"):
        at = raw.find(residue)
        check("no %r anywhere in the output" % residue, at < 0,
              "at line %d" % (raw.count("\n", 0, at) + 1))
    check("the text is NFC", unicodedata.is_normalized("NFC", raw))
    titles = [norm(e.text()) for e in els if e.tag == "title"]
    check("<title> is the page title",
          titles and titles[0].startswith("Machine Learning Paper Reading"), str(titles))

    # Self-contained: nothing is loaded from the network.
    external = []
    for e in els:
        for attr in ("src", "href", "data", "poster", "srcset"):
            v = e.attrs.get(attr)
            if v is None or (e.tag == "a" and attr == "href"):
                continue
            if re.match(r"\s*(https?:)?//", v):
                external.append("<%s %s=%s>" % (e.tag, attr, v))
    styles = "".join(e.text() for e in els if e.tag == "style")
    if re.search(r"url\(\s*['\"]?\s*(https?:)?//|@import", styles):
        external.append("a stylesheet loads from the network")
    check("self-contained: no resource loaded from the network", not external, str(external[:3]))
    check("no script", not [e for e in els if e.tag == "script"])
    check("no iframe by default (video cards, not players)", not [e for e in els if e.tag == "iframe"])

    # --- ids and internal links ----------------------------------------------------------
    ids = [e.attrs["id"] for e in els if "id" in e.attrs]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    check("element ids are unique", not dups, str(dups))
    idset = set(ids)
    dangling = []
    for e in els:
        href = e.attrs.get("href", "") if e.tag == "a" else ""
        if href.startswith("#"):
            target = urllib.parse.unquote(href[1:])
            if target not in idset:
                dangling.append(href)
    check('every href="#x" resolves to an element id', not dangling, str(dangling))

    # --- title block ------------------------------------------------------------------------
    headers = [e for e in els if e.tag == "header"]
    hb = headers[0] if headers else None
    htext = norm(hb.text()) if hb else ""
    check("a title block (<header>)", hb is not None)
    check("title block: the title", "Machine Learning Paper Reading" in htext)
    check("title block: the author Alex Snow", "Alex Snow" in htext.replace("Alex Snow School", ""))
    check("title block: the publisher Alex Snow School", "Alex Snow School" in htext)
    check("title block: the licence, Public Domain, linked to the Public Domain Mark",
          "Public Domain" in htext and hb is not None and any(
              PD_MARK in a.attrs.get("href", "") for a in hb.iter() if a.tag == "a"))
    check("title block: the excerpt", norm("Machine Learning လေ့လာသူတွေအတွက်") in htext)

    # --- content headings (outside the title block and the contents list) ------------------
    def outside(e, tags=("header", "nav", "aside", "figure")):
        return not any(a.tag in tags for a in e.ancestors())

    heads = [e for e in els if e.tag in HEADINGS and outside(e)]
    got_ids = [h.attrs.get("id") for h in heads]
    check("headings carry kramdown's ids, in order", got_ids == EXPECTED_IDS,
          "got %r" % got_ids)
    emoji_head = [h for h in heads if h.attrs.get("id") == "-metric-learning"]
    check("emoji kept in the heading text (🥬 Metric Learning)",
          emoji_head and norm(emoji_head[0].text()) == "🥬 Metric Learning")

    # --- notice -----------------------------------------------------------------------------
    notices = [e for e in els if "notice--info" in e.classes()]
    check("exactly one notice--info", len(notices) == 1, "found %d" % len(notices))
    if notices:
        t = norm(notices[0].text())
        check("the notice's text", t.startswith("Pre-perquisite:") and
              norm("Computer Science အခြေခံရှိပြီးမှ တက်သင့်ပါတယ်။") in t, t)

    # --- contents list ------------------------------------------------------------------------
    navs = [e for e in els if e.tag == "nav" and outside(e, ("header",)) and any(
        a.tag == "a" and a.attrs.get("href", "").startswith("#") for a in e.iter())]
    check("one contents list (<nav>)", len(navs) == 1, "found %d" % len(navs))
    if navs:
        nav = navs[0]
        links = [a.attrs["href"][1:] for a in nav.iter()
                 if a.tag == "a" and a.attrs.get("href", "").startswith("#")]
        check("the contents list links every heading, in order", links == got_ids and links,
              "links %r" % links)
        check("the contents list has its title 'Contents'", "Contents" in norm(nav.text()))
        first_head = heads[0] if heads else None
        check("the contents list stands where the tag stood (after the notice, before the "
              "first heading)",
              notices and first_head and
              order[id(notices[0])] < order[id(nav)] < order[id(first_head)])
        toc_texts = [norm(a.text()) for a in nav.iter() if a.tag == "a"]
        check("contents entries carry the heading texts",
              toc_texts == [norm(h.text()) for h in heads], str(toc_texts))

    # --- videos: a card with provider, watch link and QR code --------------------------------
    vids = re.findall(r'\{%\s*include\s+video\s+id="([^"]+)"\s+provider="youtube"\s*%\}', src)
    check("the example's videos found in the source (6)", len(vids) == 6, str(vids))
    svg_sources = re.findall(r"<svg\b.*?</svg>", raw, flags=re.S)
    svgs = [e for e in els if e.tag == "svg"]
    check("every inline <svg> parsed", len(svg_sources) == len(svgs),
          "%d in text, %d parsed" % (len(svg_sources), len(svgs)))
    cards = []
    for n, vid in enumerate(vids):
        watch = "https://www.youtube.com/watch?v=" + vid
        links = [a for a in els if a.tag == "a" and a.attrs.get("href") == watch]
        if not check("video %d (%s): a link to %s" % (n + 1, vid, watch), links):
            continue
        card = None
        for anc in links[0].ancestors():
            if any(x.tag == "svg" for x in anc.iter()):
                card = anc
                break
        if not check("video %d: a card holding the link and a QR code" % (n + 1), card is not None):
            continue
        cards.append(card)
        in_card = [x for x in card.iter() if x.tag == "svg"]
        others = [v for v in vids if v != vid and ("watch?v=" + v) in "".join(
            a.attrs.get("href", "") for a in card.iter() if a.tag == "a")]
        check("video %d: the card holds one QR code and no other video" % (n + 1),
              len(in_card) == 1 and not others)
        check("video %d: the card names the provider (YouTube)" % (n + 1),
              "youtube" in norm(card.text()).lower())
        k = svgs.index(in_card[0]) if in_card and in_card[0] in svgs else -1
        if k >= 0 and k < len(svg_sources):
            with open("%s/qr-%d.svg" % (qrdir, n + 1), "w", encoding="utf-8") as f:
                f.write(svg_sources[k])
            with open("%s/qr-%d.url" % (qrdir, n + 1), "w", encoding="utf-8") as f:
                f.write(watch)
    check("every card is its own element", len({id(c) for c in cards}) == len(cards))
    card_pos = [order[id(c)] for c in cards]
    check("the cards are in the page's order", card_pos == sorted(card_pos))

    # --- the page's own links, as kramdown writes them ---------------------------------------
    for url in ("https://arxiv.org/abs/1503.03832",
                "https://towardsdatascience.com/byol-the-alternative-to-contrastive-self-"
                "supervised-learning-5d0a26983d7c",
                "https://docs.google.com/presentation/d/1ccddJFD_j3p3h0TCqSV9ajSi2y1yOfh0-lJoK29ircs"
                "/edit#slide=id.g8c1b8d6efd_0_1"):
        a = [e for e in els if e.tag == "a" and e.attrs.get("href") == url]
        check("link %s (with target=_blank from its IAL)" % url[:50],
              a and a[0].attrs.get("target") == "_blank")

    # --- language of runs ------------------------------------------------------------------
    paras = [e for e in els if e.tag == "p" and norm(e.text()).startswith("Face Recognition ကို")]
    en = [e for p in paras[:1] for e in p.iter()
          if e.attrs.get("lang") == "en" and norm(e.text()) == "Face Recognition"]
    check('English runs in Burmese text are marked lang="en" (Face Recognition)', en)

    return min(fails, 100)


if __name__ == "__main__":
    sys.exit(main())
