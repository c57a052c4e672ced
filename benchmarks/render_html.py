"""Render an HTML page to a plain-text dump the way crawlers do, keeping where each line came from.

newsaudit's anatomy stage reads text dumps whose HTML is gone. To measure it on
real page layouts, labelled HTML pages are turned into such dumps here and each
output line keeps its provenance, so labels made on the HTML (or on its text)
can be carried to lines. The layout rules follow ``html-text`` (the Scrapy
ecosystem's ``extract_text``) and, for line breaks, ``inscriptis``; the code is
our own and needs nothing beyond lxml:

* ``script``, ``style``, ``noscript``, ``template``, ``svg``, ``head`` (and
  ``iframe``, ``object``, ``canvas``), HTML comments and processing instructions
  are dropped; their tail text is kept.
* Paragraph-like blocks (``p``, ``h1``-``h6``, ``ul``/``ol``/``dl`` as a whole,
  ``blockquote``, ``pre``, ``figure``, ``title``, and a ``div`` holding bare text
  of its own, not only child elements) are set off by a blank line; other blocks (``div``, ``li``, ``tr``,
  ``section``, ``article``, ``header``, ``footer``, ``nav``, ``form``, ``dt``/``dd``,
  ``figcaption``, ``table``, ...) start and end a line. So list items are one per
  line with no blank line between them, and **list items get no bullet**
  (html-text's choice; inscriptis would write ``* ``).
* ``<br>`` ends the line; a ``<br>`` on an empty line makes a blank line (so
  ``<br><br>`` separates paragraphs as a browser shows it). Inside ``<pre>`` the
  source line breaks are kept.
* Everything else is inline: text chunks (an element's text, a child's tail) are
  whitespace-collapsed and joined with one space, except before closing
  punctuation (``, . : ; ! ? ) ] " '``) and after an opening bracket, as
  html-text's ``guess_punct_space`` does. Table cells are inline, so a row is one
  line with its cells separated by spaces.
* Lines are stripped, runs of blank lines collapse to one, and the text has no
  leading or trailing blank line.

Provenance (:class:`RenderedLine`): the text's offsets, the block-level elements
whose text the line holds, how many of its characters sit inside ``<a>``, inside
a heading, and inside an element whose ``class``/``id`` names a comment (the
markup CMSs give comment threads: ``comment``, ``comments``, ``commentlist``,
``disqus_thread``, ``respond``, ...; never ``html``/``body``). The comment flag is a markup heuristic for
diagnostics, not a label. ``sources`` gives each text chunk of the line its page offsets and the element that
holds it in the DOM (the element whose ``text`` it is, or the parent of the element whose ``tail`` it is), so
labels made on elements can be carried to characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import lxml.etree
import lxml.html

#: Elements whose content is never text a crawler keeps.
DROP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas", "math"})
#: Blocks set off by a blank line (html-text's DOUBLE_NEWLINE_TAGS plus headings' siblings).
PARAGRAPH_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "figure", "title"}
)
#: Blocks that start and end a line (html-text's NEWLINE_TAGS, plus HTML5 sectioning elements).
LINE_TAGS = frozenset(
    {
        "address", "article", "aside", "body", "caption", "center", "dd", "details", "dialog", "dir", "div", "dt",
        "fieldset", "figcaption", "footer", "form", "header", "hgroup", "hr", "html", "legend", "li", "main",
        "menu", "nav", "option", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "textarea",
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_WS = re.compile(r"\s+")
_NO_SPACE_BEFORE = re.compile(r"^[,.:;!?)\]}\"'’”»%]")
_NO_SPACE_AFTER = re.compile(r"[(\[{\"'‘“«$]$")
#: class/id tokens of comment threads and single comments (WordPress, Disqus, Blogger, wpDiscuz, ...)
_COMMENT_MARKUP = re.compile(
    r"(?:^|[\s_-])(?:comments?|commentlist|comment\w*list|commentarea|disqus(?:_thread)?|dsq-\w+|respond"
    r"|kommentare?|leserkommentare?)(?:$|[\s_\d-])",
    re.IGNORECASE,
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass
class RenderedLine:
    """One line of the dump and where its characters came from.

    ``start``/``end`` are offsets into :attr:`Rendered.text` (``end`` excludes the newline). A blank line
    has no elements and zero counts. ``chars`` counts the line's non-space characters; the ``*_chars`` fields
    count those of them inside a link, a heading, or comment markup.
    """

    start: int
    end: int
    elements: list[Any] = field(default_factory=list)  # lxml elements: the block-level source of each chunk
    chars: int = 0
    link_chars: int = 0
    heading_chars: int = 0
    comment_chars: int = 0
    #: (start, end, element) per text chunk: page offsets of the chunk and the element holding it in the DOM
    sources: list[tuple[int, int, Any]] = field(default_factory=list)

    @property
    def tags(self) -> tuple[str, ...]:
        """Tags of :attr:`elements`, in order, each once."""
        return tuple(dict.fromkeys(str(el.tag) for el in self.elements))

    @property
    def in_comment_markup(self) -> bool:
        """Most of the line's characters sit inside an element whose class/id names a comment."""
        return self.chars > 0 and self.comment_chars * 2 > self.chars

    @property
    def link_share(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


@dataclass
class Rendered:
    """The dump and one :class:`RenderedLine` per ``text.split("\\n")`` entry."""

    text: str
    lines: list[RenderedLine]

    def line_text(self, i: int) -> str:
        ln = self.lines[i]
        return self.text[ln.start : ln.end]


class _Ctx(NamedTuple):
    block: Any  # nearest block-level ancestor (or self)
    link: bool
    heading: bool
    comment: bool
    pre: bool
    node: Any = None  # the element itself: the DOM owner of its text and of its children's tails


class _Writer:
    """Collects chunks into lines; a blank line is written lazily, only before more text."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, RenderedLine | None]] = []  # (text, provenance); None = blank line
        self.chunks: list[str] = []
        self.width = 0  # characters in ``chunks``
        self.prov = RenderedLine(0, 0)
        self.blank_wanted = False

    def end_line(self, blank: bool = False) -> None:
        if self.chunks:
            self.lines.append(("".join(self.chunks), self.prov))
            self.chunks = []
            self.width = 0
            self.prov = RenderedLine(0, 0)
        if blank:
            self.blank_wanted = True

    def br(self) -> None:
        if self.chunks:
            self.end_line()
        else:
            self.blank_wanted = True

    def text(self, raw: str, ctx: _Ctx) -> None:
        chunk = _WS.sub(" ", raw).strip()
        if not chunk:
            return
        if self.blank_wanted and not self.chunks:
            if self.lines and self.lines[-1][1] is not None:
                self.lines.append(("", None))
            self.blank_wanted = False
        if self.chunks and not _NO_SPACE_BEFORE.match(chunk) and not _NO_SPACE_AFTER.search(self.chunks[-1]):
            self.chunks.append(" ")
            self.width += 1
        at = self.width
        self.chunks.append(chunk)
        self.width += len(chunk)
        p = self.prov
        p.sources.append((at, at + len(chunk), ctx.node))
        n = len(chunk.replace(" ", ""))
        if not p.elements or p.elements[-1] is not ctx.block:
            p.elements.append(ctx.block)
        p.chars += n
        p.link_chars += n if ctx.link else 0
        p.heading_chars += n if ctx.heading else 0
        p.comment_chars += n if ctx.comment else 0

    def finish(self) -> Rendered:
        self.end_line()
        while self.lines and self.lines[-1][1] is None:
            self.lines.pop()
        out: list[RenderedLine] = []
        parts: list[str] = []
        pos = 0
        for text, prov in self.lines:
            ln = prov if prov is not None else RenderedLine(0, 0)
            ln.start, ln.end = pos, pos + len(text)
            ln.sources = [(pos + a, pos + b, el) for a, b, el in ln.sources]
            out.append(ln)
            parts.append(text)
            pos += len(text) + 1
        return Rendered("\n".join(parts), out)


def _has_comment_markup(el: Any) -> bool:
    """class/id naming a comment thread or comment; never ``html``/``body``, whose classes describe the page."""
    if el.tag in ("html", "body"):
        return False
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    return bool(attrs) and bool(_COMMENT_MARKUP.search(attrs))


def _has_own_text(el: Any) -> bool:
    """A ``div`` whose direct text (not its child blocks') is non-blank reads as a paragraph."""
    if el.text and el.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in el)


def parse_html(html: str | bytes) -> Any:
    """Parse a page with lxml's forgiving HTML parser (an XML declaration in a ``str`` is cut first)."""
    if isinstance(html, str):
        html = _XML_DECL.sub("", html, count=1)
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):  # an empty or unparseable document renders as nothing
        return lxml.html.document_fromstring("<html><body></body></html>")


def render(html: str | bytes | Any) -> Rendered:
    """The text dump of ``html`` (a string, bytes, or an lxml element) with per-line provenance."""
    root = parse_html(html) if isinstance(html, str | bytes) else html
    w = _Writer()
    top = _Ctx(root, False, False, False, False, root)
    # (node, parent context, block kind when entered else -1) -- iterative: page trees can be deeper than Python's
    # recursion limit. Kinds: 0 inline, 1 line block, 2 paragraph block, 3 <br>.
    stack: list[tuple[Any, _Ctx, int]] = [(root, top, -1)]
    while stack:
        node, parent, kind = stack.pop()
        if kind >= 0:  # leaving the element
            if kind == 3:
                w.br()
            elif kind:
                w.end_line(blank=kind == 2)
            if node.tail:
                _emit(w, node.tail, parent)
            continue
        tag = node.tag.lower().rpartition("}")[2] if isinstance(node.tag, str) else ""
        if not tag or tag in DROP_TAGS:  # comments, processing instructions, dropped subtrees
            if node.tail:
                _emit(w, node.tail, parent)
            continue
        if tag == "br":
            kind = 3
        elif tag in PARAGRAPH_TAGS or (tag == "div" and _has_own_text(node)):
            kind = 2
        else:
            kind = 1 if tag in LINE_TAGS else 0
        if kind in (1, 2):
            w.end_line(blank=kind == 2)
        ctx = _Ctx(
            node if kind in (1, 2) else parent.block,
            parent.link or tag == "a",
            parent.heading or tag in HEADING_TAGS,
            parent.comment or _has_comment_markup(node),
            parent.pre or tag == "pre",
            node,
        )
        if node.text:
            _emit(w, node.text, ctx)
        stack.append((node, parent, kind))
        stack.extend((child, ctx, -1) for child in reversed(node))
    return w.finish()


def _emit(w: _Writer, text: str, ctx: _Ctx) -> None:
    if not ctx.pre or "\n" not in text:
        w.text(text, ctx)
        return
    for i, part in enumerate(text.split("\n")):
        if i:
            w.end_line()
        w.text(part, ctx)
