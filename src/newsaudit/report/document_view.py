"""The page text as the report shows it: styled regions (blocks, comments, unclassified text) and highlights,
written out as one stream of non-overlapping tokens for the templates to turn into nested elements.

Regions are opened and closed as the set covering each piece of text changes, whole-block findings become bars
beside the blocks they cover (a comment's decision a badge on it), and every character of the page is written
exactly once, as text the templates escape.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsaudit.page import BlockType, Comment, Page

if TYPE_CHECKING:
    from newsaudit.report.view import FindingView

#: Stray list numbers of a text dump ("1.", "12)"): hidden, not shown as unclassified text.
_LIST_MARK = re.compile(r"\d{1,4}[.)]")


@dataclass(slots=True)
class Token:
    """One piece of the rendered document, in order: a region opening or closing, text, or an anchor."""

    kind: str  # "open", "close", "text", "gap", "mark", "anchor", "badge"
    text: str = ""
    tag: str = ""
    css: str = ""
    label: str = ""
    title: str = ""
    style: str = ""
    numbers: str = ""  # finding numbers, space separated
    stages: str = ""
    voices: str = ""
    ending: str = ""  # numbers of findings that end here (superscripts)
    ident: str = ""  # an element id to link to


@dataclass
class _Region:
    """A styled region of the text: a block, a comment without a block, or unclassified text."""

    order: int
    start: int
    end: int
    css: str
    label: str
    title: str
    style: str = ""
    decided: str = ""  # a comment's moderation decision (reject, hold, allow)
    why: str = ""  # and what drove it
    opened: int = 0
    bars: list[FindingView] = field(default_factory=list)
    decision: FindingView | None = None  # the moderation finding, when the decision raised one

    def key(self) -> tuple[int, int, int]:
        # Outermost first: a container starts no later and ends no earlier than what it holds.
        return (self.start, -self.end, self.order)


class _CommentIndex:
    """Comments by id and by span, so each COMMENT block finds its Comment without a scan of the whole thread
    (a scan per block made a page of 20,000 comments take minutes to render)."""

    def __init__(self, comments: list[Comment]) -> None:
        self.comments = comments
        self.by_id: dict[str, Comment] = {}
        self.by_span: dict[tuple[int, int], Comment] = {}
        for c in comments:
            self.by_id.setdefault(c.id, c)
            self.by_span.setdefault((c.start, c.end), c)

    def for_block(self, start: int, end: int, cid: str | None) -> Comment | None:
        """The Comment a COMMENT block shows: the one it names, same span, or the one overlapping most."""
        found = self.by_id.get(cid) if cid is not None else None
        if found is None:
            found = self.by_span.get((start, end))
        if found is not None:
            return found
        best: Comment | None = None
        best_overlap = 0
        for c in self.comments:
            overlap = min(end, c.end) - max(start, c.start)
            if overlap > best_overlap:
                best, best_overlap = c, overlap
        return best


def _comment_label(c: Comment | None) -> tuple[str, str]:
    if c is None:
        return "comment", ""
    who = c.author or "anonymous"
    label = f"comment · {who}" + (f" · reply (depth {c.depth})" if c.depth else "")
    return label, f"--depth:{min(max(c.depth, 0), 12)}"


def decision(c: Comment | None) -> tuple[str, str]:
    """A comment's moderation decision and its first reason, from what the comments stage put in its meta."""
    moderation = (c.moderation or c.meta.get("moderation") or {}) if c is not None else {}
    decision = str(moderation.get("decision") or "")
    reasons = moderation.get("reasons") or []
    why = str(reasons[0]) if reasons and decision != "allow" else ""
    return decision, why if len(why) <= 140 else why[:139].rstrip() + "…"


def regions(page: Page) -> list[_Region]:
    """Blocks, comments no block shows, and text nothing covers, as regions to style."""
    regions: list[_Region] = []
    shown: set[int] = set()
    comments = _CommentIndex(page.comments)
    for b in page.blocks:
        if b.end <= b.start:
            continue
        kind = b.type.value
        label, style = kind.replace("_", " "), ""
        c = None
        if b.type is BlockType.COMMENT:
            c = comments.for_block(b.start, b.end, b.comment_id)
            if c is not None:
                shown.add(id(c))
            label, style = _comment_label(c)
        if b.type is BlockType.INSERTION and b.reason:
            label = f"insertion — {b.reason}"
        tip = f"{kind} [{b.start}, {b.end})" + (f": {b.reason}" if b.reason else "")
        regions.append(_Region(len(regions), b.start, b.end, f"b-{kind}", label, tip, style, *decision(c)))
    for c in page.comments:
        if id(c) in shown or c.end <= c.start:
            continue
        label, style = _comment_label(c)
        regions.append(_Region(len(regions), c.start, c.end, "b-comment", label,
                               f"comment {c.id} [{c.start}, {c.end})", style, *decision(c)))
    # Text outside every region becomes an 'unclassified' region (whitespace around it stays a gap).
    covered = sorted((r.start, r.end) for r in regions)
    pos, gaps = 0, []
    for s, e in covered:
        if s > pos:
            gaps.append((pos, s))
        pos = max(pos, e)
    if pos < len(page.text):
        gaps.append((pos, len(page.text)))
    for s, e in gaps:
        chunk = page.text[s:e]
        core = chunk.strip()
        if core:
            cs = s + (len(chunk) - len(chunk.lstrip()))
            ce = cs + len(core)
            if _LIST_MARK.fullmatch(core):  # "1." left between comments by a dump of an ordered list
                regions.append(_Region(len(regions), cs, ce, "b-listmark", "list number", "list number"))
            else:
                regions.append(_Region(len(regions), cs, ce, "b-unclassified", "unclassified", "no block type"))
    return regions


def attach_bars(regions: list[_Region], views: list[FindingView]) -> None:
    """Put each whole-block finding on the regions it covers; one that covers none becomes a highlight."""
    by_start = sorted(regions, key=lambda r: r.start)
    starts = [r.start for r in by_start]
    for v in views:
        if v.display != "bar":
            continue
        hit = False
        for r in by_start[bisect.bisect_left(starts, v.start) : bisect.bisect_right(starts, v.end)]:
            if r.end > v.end or r.css == "b-unclassified":
                continue
            if v.kind == "moderation":  # a decision goes on the comment it is about, as a badge
                if r.css == "b-comment" and r.decision is None:
                    r.decision = v
                    hit = True
                continue
            r.bars.append(v)
            hit = True
        if not hit:
            v.display = "mark"


def stream(page: Page, regions: list[_Region], marked: list[FindingView]) -> list[Token]:
    """The page text split at every region and highlight boundary into non-overlapping tokens.

    Regions are opened and closed as the set covering each segment changes, so properly nested
    blocks become nested elements and crossing ones are split (marked 'continued'). Each segment's
    text is written exactly once.
    """
    text = page.text
    points = {0, len(text)}
    starts: dict[int, list[_Region]] = defaultdict(list)
    f_starts: dict[int, list[FindingView]] = defaultdict(list)
    for r in regions:
        points.update((r.start, r.end))
        starts[r.start].append(r)
    for v in marked:
        points.update((v.start, v.end))
        f_starts[v.start].append(v)
    ordered = sorted(points)

    out: list[Token] = []
    active: dict[int, _Region] = {}
    active_f: dict[int, FindingView] = {}
    stack: list[tuple[_Region, str]] = []
    thread_found = False
    for a, b in itertools.pairwise(ordered):
        for key in [k for k, r in active.items() if r.end <= a]:
            del active[key]
        for key in [k for k, v in active_f.items() if v.end <= a]:
            del active_f[key]
        for r in starts.get(a, ()):
            active[r.order] = r
        for v in f_starts.get(a, ()):
            active_f[v.number] = v

        want = sorted(active.values(), key=_Region.key)
        keep = 0
        while keep < min(len(stack), len(want)) and stack[keep][0] is want[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(Token("close", tag=stack.pop()[1]))
        for r in want[keep:]:
            opened = _open(r, nested=bool(stack))
            if not thread_found and r.css in {"b-comment_header", "b-comment"}:
                opened[0].ident, thread_found = "doc-comments", True
            out.extend(opened)
            r.opened += 1
            stack.append((r, "span" if stack else "div"))

        for v in f_starts.get(a, ()):  # jump target for the findings list
            out.append(Token("anchor", numbers=str(v.number)))
        segment = text[a:b]
        if not stack:  # whitespace between regions: kept for fidelity, hidden for layout
            out.append(Token("gap", text=segment))
            continue
        if not active_f:
            out.append(Token("text", text=segment))
            continue
        covering = sorted(active_f.values(), key=lambda v: v.number)
        spans = [v for v in covering if v.display == "mark"]
        primary = max(spans or covering, key=lambda v: (v.score, -v.number))
        css = "f" + (" ov" if len(spans) > 1 else "") + ("" if spans else " sent")
        if any(v.display == "sentence" for v in covering):
            css += " in-sent"
        out.append(Token(
            "mark", text=segment, css=css,
            style=f"background:{primary.colour}" if spans else "",
            title="\n".join(v.tip for v in covering),
            numbers=" ".join(str(v.number) for v in covering),
            stages=" ".join(sorted({v.stage for v in covering})),
            voices=" ".join(sorted({v.voice for v in covering if v.voice})),
            ending=" ".join(str(v.number) for v in covering if v.end == b and v.display == "mark"),
        ))
    while stack:
        out.append(Token("close", tag=stack.pop()[1]))
    return out


def _open(r: _Region, nested: bool) -> list[Token]:
    """The tokens that open a region: the element and, on a comment's first part, its decision badge."""
    css = f"blk {r.css}" + (" cont" if r.opened else "")
    numbers = [v.number for v in r.bars]
    if r.decided:
        css += f" d-{r.decided}"
    if r.decision is not None:
        numbers.append(r.decision.number)
    css += "".join(f" bar-{kind}" for kind in sorted({v.kind for v in r.bars}))
    title = r.title + "".join(f"\n{v.tip}" for v in r.bars)
    stages = {v.stage for v in r.bars} | ({r.decision.stage} if r.decision else set())
    tokens = [Token(
        "open", tag="span" if nested else "div", css=css, label=r.label, title=title, style=r.style,
        numbers=" ".join(str(n) for n in numbers), stages=" ".join(sorted(stages)),
    )]
    if r.decided and not r.opened:
        d = r.decision
        tokens.append(Token(
            "badge", text=r.decided, css=f"badge d-{r.decided}", title=d.tip if d else f"{r.decided}: no flags",
            numbers=str(d.number) if d else "", stages="comments", label=r.why,
        ))
    return tokens
