"""Flatten HTML nested deeper than libxml2 will build, so that deep text is audited, not dropped.

libxml2's HTML parser (under lxml and trafilatura) stops at 256 open elements:
everything after that point — the deep text, and the rest of the page with its
comments — silently vanishes, although a browser shows it (probe finding F5).
``huge_tree`` only moves the limit to 2,048 and stops the same way. So a page
whose parsed tree reaches that depth is re-written before parsing again: the
standard library's tokeniser (no tree, no depth limit) streams through it and
drops the start and end tags of elements nested deeper than ``max_depth``; their
text stays, re-parented to the deepest element kept, with a ``<br>`` where a
dropped block element began or ended. Cost is linear in the page: 100,000
nested ``<div>`` take about 1.5 s.

Depth is counted the way libxml2 closes elements (an end tag closes what it
matches, unless an element of higher end priority such as ``<div>`` or
``<table>`` is open above it) but without its implied closes, so the count errs
high: text is flattened early, never lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from lxml import etree
from lxml.html import HtmlElement

from newsaudit.io.sniff import VOID_ELEMENTS

#: libxml2's limit is 256 open elements; the parse adds <html>, <body> and perhaps a wrapper.
MAX_DEPTH = 200
#: A parsed tree this deep may have been cut at libxml2's limit.
SUSPECT_DEPTH = 250
_REACHES_SUSPECT_DEPTH = etree.XPath("boolean(/" + "/*" * SUSPECT_DEPTH + ")")

#: Elements whose content cannot hold elements: kept at any depth so their text stays theirs.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "plaintext"})
_BLOCK = frozenset(
    "address article aside blockquote dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 "
    "h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
#: libxml2's ``htmlEndPriority``: an end tag cannot close an element of higher priority.
_END_PRIORITY = {"div": 150, "td": 160, "th": 160, "tr": 170, "thead": 180, "tbody": 180, "tfoot": 180,
                 "table": 190, "head": 200, "body": 200, "html": 220}
_DEFAULT_PRIORITY = 100


@dataclass(frozen=True)
class Flattened:
    """A page re-written with its nesting capped."""

    html: str
    max_depth: int  # the cap
    deepest: int  # the deepest nesting found (as counted here)
    dropped: int  # start tags dropped (their text kept)

    @property
    def note(self) -> str:
        return (f"markup nested {self.deepest:,} elements deep was flattened below level {self.max_depth} "
                f"({self.dropped:,} tags dropped, their text kept): a parser would have dropped that text")


def too_deep(tree: HtmlElement) -> bool:
    """The parsed tree reaches the depth where libxml2 may have stopped building it."""
    return bool(_REACHES_SUSPECT_DEPTH(tree))


class _Flattener(HTMLParser):
    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_depth = max_depth
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, kept)
        self.deepest = 0
        self.dropped = 0
        self.pending_break = False
        self.at_line_start = True

    def _emit(self, markup: str, block: bool = False) -> None:
        """Append ``markup``, after the line break a dropped block owes unless a block edge makes one."""
        if self.pending_break and not block and not self.at_line_start:
            self.out.append("<br>")
        self.pending_break = False
        self.at_line_start = block
        self.out.append(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in VOID_ELEMENTS:
            self._emit(raw, block=tag in ("br", "hr"))
            return
        kept = len(self.open) < self.max_depth or tag in _RAW_TEXT
        self.open.append((tag, kept))
        self.deepest = max(self.deepest, len(self.open))
        if kept:
            self._emit(raw, block=tag in _BLOCK)
        else:
            self.dropped += 1
            self.pending_break = self.pending_break or tag in _BLOCK

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # "<div/>" opens a <div> in HTML: count it as open, as the parser will
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        priority = _END_PRIORITY.get(tag, _DEFAULT_PRIORITY)
        for i in range(len(self.open) - 1, -1, -1):
            name, kept = self.open[i]
            if name == tag:
                del self.open[i:]
                if kept:
                    self._emit(f"</{tag}>", block=tag in _BLOCK)
                else:
                    self.pending_break = self.pending_break or tag in _BLOCK
                return
            if _END_PRIORITY.get(name, _DEFAULT_PRIORITY) > priority:
                break
        self._emit(f"</{tag}>", block=tag in _BLOCK)  # closes nothing here; the parser will ignore it too

    def handle_data(self, data: str) -> None:
        if not data.strip():
            self.out.append(data)  # white space neither needs nor gives a line break
            return
        self._emit(data if getattr(self, "cdata_elem", None) else escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        self._emit(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._emit(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._emit(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._emit(f"<![{data}]]>" if data.upper().startswith("CDATA[") else f"<![{data}]>")


def flatten(html: str, max_depth: int = MAX_DEPTH) -> Flattened:
    """``html`` with elements nested deeper than ``max_depth`` unwrapped (their text kept)."""
    flattener = _Flattener(max_depth)
    flattener.feed(html)
    flattener.close()
    return Flattened("".join(flattener.out), max_depth, flattener.deepest, flattener.dropped)
