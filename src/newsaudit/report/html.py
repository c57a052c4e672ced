"""The human-readable report: one self-contained HTML file showing what was found where.

An editor should see the page as it was, with its anatomy as styled regions and
every finding marked on the exact characters it rests on. With an archived source
the page is also set against it, paragraph by paragraph. The file is sent
around and opened offline, so it carries its own CSS, loads nothing and needs no
JavaScript. Page text is untrusted (scraped pages, reader comments): every
piece of it goes through :func:`html.escape`.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsaudit.page import BlockType, Comment, Finding, Page
from newsaudit.provenance.words import words
from newsaudit.report.verdict import anatomy_verdict, comments_verdict, provenance_verdict, slant_verdict

#: What the legend says each block type is.
BLOCK_DESCRIPTIONS: dict[str, str] = {
    BlockType.TITLE.value: "headline",
    BlockType.PARAGRAPH.value: "article body paragraph",
    BlockType.DATELINE.value: "place/agency opener, e.g. “MOSCOW (Reuters) –”",
    BlockType.BYLINE.value: "author line",
    BlockType.CREDIT.value: "source or reporting credit",
    BlockType.INSERTION.value: "editorial text added around copied material",
    BlockType.COMMENT_HEADER.value: "heading of the comment section",
    BlockType.COMMENT.value: "reader comment, indented by reply depth",
    BlockType.COMMENT_META.value: "author/date/reply line of a comment",
    BlockType.COMMENT_POLICY.value: "the site's comment rules",
    BlockType.BOILERPLATE.value: "page furniture: share buttons, forms, ads (dimmed)",
    "unclassified": "text no stage gave a type",
}

#: Finding colours, assigned to (stage, kind) pairs in order of first appearance.
PALETTE = ("#ffd54f", "#ef9a9a", "#90caf9", "#a5d6a7", "#ce93d8", "#ffab91", "#80deea", "#e6ee9c")

#: Longest quote shown in the findings table.
QUOTE_CHARS = 200

#: Copied paragraphs in the provenance diff are cut to this many characters (they say nothing new).
COPIED_CHARS = 160

#: Longest list of added or removed words quoted for one reworded sentence.
REWORDED_WORDS = 30

#: The blocks the provenance stage compares with the source: the article.
_ARTICLE_BLOCKS = (BlockType.TITLE, BlockType.PARAGRAPH, BlockType.INSERTION, BlockType.BYLINE, BlockType.CREDIT)

#: Paragraphs of a page without blocks: runs of lines with no blank line between them.
_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n[ \t]*\S[^\n]*)*")

_CSS = """
:root { --ink:#1d1d1f; --muted:#6b6b70; --rule:#d9d9de; --indent:1.6em; }
* { box-sizing: border-box; }
body {
  margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--ink);
  background:#fafafa;
}
header.top { padding:1em 1.5em .5em; border-bottom:1px solid var(--rule); background:#fff; }
header.top h1 { margin:0 0 .3em; font-size:1.35em; }
dl.meta {
  display:grid; grid-template-columns:max-content 1fr; gap:.1em 1em; margin:.3em 0;
  font-size:.85em;
}
dl.meta dt { color:var(--muted); } dl.meta dd { margin:0; overflow-wrap:anywhere; }
.counts { font-size:.85em; color:var(--muted); margin:.3em 0; }
.toggles { font-size:.85em; margin:.4em 1.5em; }
.layout {
  display:grid; grid-template-columns:minmax(0,3fr) minmax(18em,2fr); gap:1.5em; padding:1em 1.5em;
}
@media (max-width:900px) { .layout { grid-template-columns:1fr; } }
main.doc {
  white-space:pre-wrap; overflow-wrap:anywhere; background:#fff; padding:1em 1.2em;
  border:1px solid var(--rule); border-radius:6px; font-family:Georgia, "Times New Roman", serif;
  font-size:16px;
}
aside { font-size:.85em; }
aside h2 { font-size:1.05em; margin:.2em 0 .5em; }
.gap { display:none; }
div.blk {
  display:block; margin:.35em 0; padding:.15em .5em; border-left:4px solid transparent;
  position:relative;
}
span.blk { display:inline; padding:0 .1em; border-radius:3px; }
div.blk::before {
  content:attr(data-label); display:block; font:600 10px/1.4 system-ui, sans-serif;
  letter-spacing:.04em; text-transform:uppercase; color:var(--muted); white-space:normal;
}
.b-title { font-weight:700; font-size:1.25em; border-left-color:#1a237e !important; }
.b-paragraph { border-left-color:#cfd8dc !important; }
.b-dateline { background:#fff3c4; font-variant:small-caps; outline:1px dotted #c9a400; }
.b-byline { font-style:italic; border-left-color:#2e7d32 !important; background:#f1f8e9; }
.b-credit { border-left-color:#00897b !important; background:#e0f2f1; }
.b-insertion { border-left-color:#ef6c00 !important; background:#fff3e0; }
.b-comment_header {
  font-weight:700; border-left-color:#6a1b9a !important; border-top:1px solid var(--rule);
  padding-top:.4em; margin-top:1em;
}
.b-comment {
  border-left-color:#9575cd !important; background:#f6f2fb;
  margin-left:calc(var(--depth, 0) * var(--indent));
}
.b-comment_meta { color:var(--muted); font-size:.85em; background:#eceff1; }
.b-comment_policy {
  font-style:italic; color:#455a64; border-left-color:#90a4ae !important;
  border:1px dashed #b0bec5;
}
.b-boilerplate { opacity:.45; border-left-color:#bdbdbd !important; font-size:.9em; }
.b-unclassified { border-left:4px dashed #e0e0e0; }
.blk.cont::before { content:attr(data-label) " (continued)"; }
mark.f { color:inherit; border-radius:2px; padding:0; }
mark.f.ov { box-shadow:inset 0 -3px 0 rgba(0,0,0,.45); }
mark.f[data-n]::after {
  content:attr(data-n); font:600 9px/1 system-ui, sans-serif; vertical-align:super; color:#b71c1c;
  margin-left:1px;
}
#t-marks:checked ~ .layout mark.f { background:none !important; box-shadow:none; }
#t-marks:checked ~ .layout mark.f::after { content:none; }
#t-boiler:checked ~ .layout .b-boilerplate { display:none; }
table { border-collapse:collapse; width:100%; }
th, td {
  text-align:left; vertical-align:top; padding:.25em .4em; border-bottom:1px solid var(--rule);
}
th { font-weight:600; background:#f0f0f3; }
td.num { text-align:right; font-variant-numeric:tabular-nums; }
td q { font-family:Georgia, serif; }
.sw { display:inline-block; min-width:6.5em; padding:0 .3em; margin-right:.4em; }
ul.legend { list-style:none; padding:0; margin:0 0 1em; }
ul.legend li { margin:.15em 0; }
ul.legend .sw { display:inline-block; margin:0 .4em 0 0; padding:0 .3em; font-size:1em; border-top:0; }
.off { color:var(--muted); font-size:.9em; white-space:nowrap; }
section.provenance-diff {
  margin:0 1.5em 1.5em; padding:1em 1.2em; background:#fff; border:1px solid var(--rule);
  border-radius:6px;
}
section.provenance-diff h2 { font-size:1.05em; margin:.2em 0 .5em; }
ul.pd-sources { list-style:none; padding:0; margin:0 0 .5em; font-size:.85em; }
ul.pd-sources li { margin:.15em 0; overflow-wrap:anywhere; }
.pd-key { font-size:.85em; color:var(--muted); margin:.3em 0 .6em; }
table.pdiff { table-layout:fixed; font-family:Georgia, "Times New Roman", serif; }
table.pdiff th { width:50%; font-family:system-ui, sans-serif; }
table.pdiff td { overflow-wrap:anywhere; }
table.pdiff tr { break-inside:avoid; }
table.pdiff p { margin:0 0 .3em; font:.85em/1.4 system-ui, sans-serif; }
.pd-tag {
  display:block; font:600 10px/1.4 system-ui, sans-serif; letter-spacing:.04em;
  text-transform:uppercase; color:var(--muted);
}
tr.pd-copied td { color:var(--muted); font-size:.9em; }
tr.pd-added td.pd-page { background:#fff3e0; border-left:4px solid #ef6c00; }
tr.pd-cut td.pd-source { background:#ffebee; border-left:4px solid #c62828; }
tr.pd-changed td.pd-page { border-left:4px solid #1565c0; }
.pdiff ins, .pd-key ins { background:#ffe0b2; text-decoration:none; }
.pdiff del, .pd-key del { background:#ffcdd2; }
tr.pd-added ins, tr.pd-cut del { background:none; text-decoration:none; }
.pd-reworded { border-bottom:2px dotted #1565c0; }
"""


def _e(value: Any) -> str:
    """Escape anything for element content or a double-quoted attribute."""
    return html.escape(value if isinstance(value, str) else str(value), quote=True)


def _meta_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


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
    opened: int = 0

    def key(self) -> tuple[int, int, int]:
        # Outermost first: a container starts no later and ends no earlier than what it holds.
        return (self.start, -self.end, self.order)


@dataclass
class _Palette:
    colours: dict[tuple[str, str], int] = field(default_factory=dict)

    def index(self, f: Finding) -> int:
        return self.colours.setdefault((f.stage, f.kind), len(self.colours) % len(PALETTE))


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


def _regions(page: Page) -> list[_Region]:
    """Blocks, comments no block shows, and text nothing covers, as regions to style."""
    regions: list[_Region] = []
    shown: set[int] = set()
    comments = _CommentIndex(page.comments)
    for b in page.blocks:
        if b.end <= b.start:
            continue
        kind = b.type.value
        label, style = kind.replace("_", " "), ""
        if b.type is BlockType.COMMENT:
            c = comments.for_block(b.start, b.end, b.comment_id)
            if c is not None:
                shown.add(id(c))
            label, style = _comment_label(c)
        if b.type is BlockType.INSERTION and b.reason:
            label = f"insertion — {b.reason}"
        tip = f"{kind} [{b.start}, {b.end})" + (f": {b.reason}" if b.reason else "")
        regions.append(_Region(len(regions), b.start, b.end, f"b-{kind}", label, tip, style))
    for c in page.comments:
        if id(c) in shown or c.end <= c.start:
            continue
        label, style = _comment_label(c)
        regions.append(
            _Region(len(regions), c.start, c.end, "b-comment", label, f"comment {c.id} [{c.start}, {c.end})", style)
        )
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
            regions.append(_Region(len(regions), cs, ce, "b-unclassified", "unclassified", "no block type"))
    return regions


def _finding_tip(n: int, f: Finding) -> str:
    return f"#{n} {f.stage} · {f.kind} · {f.label} (score {f.score:.2f}): {f.reason}"


def _render_doc(page: Page, palette: _Palette) -> str:
    """The page text, split at every region and finding boundary into non-overlapping segments.

    Regions are opened and closed as the set covering each segment changes, so
    properly nested blocks become nested elements and crossing ones are split
    (marked 'continued'). Each segment's text is written exactly once.
    """
    text = page.text
    regions = _regions(page)
    findings = [(n, f) for n, f in enumerate(page.findings, 1) if f.end > f.start]
    points = {0, len(text)}
    starts: dict[int, list[_Region]] = defaultdict(list)
    f_starts: dict[int, list[tuple[int, Finding]]] = defaultdict(list)
    for r in regions:
        points.update((r.start, r.end))
        starts[r.start].append(r)
    for n, f in findings:
        points.update((f.start, f.end))
        f_starts[f.start].append((n, f))
    ordered = sorted(points)

    out: list[str] = []
    active: dict[int, _Region] = {}
    active_f: dict[int, Finding] = {}
    stack: list[tuple[_Region, str]] = []
    for a, b in itertools.pairwise(ordered):
        for key in [k for k, r in active.items() if r.end <= a]:
            del active[key]
        for key in [k for k, f in active_f.items() if f.end <= a]:
            del active_f[key]
        for r in starts.get(a, ()):
            active[r.order] = r
        for n, f in f_starts.get(a, ()):
            active_f[n] = f

        want = sorted(active.values(), key=_Region.key)
        keep = 0
        while keep < min(len(stack), len(want)) and stack[keep][0] is want[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(f"</{stack.pop()[1]}>")
        for r in want[keep:]:
            tag = "div" if not stack else "span"
            cls = f"blk {r.css}" + (" cont" if r.opened else "")
            style = f' style="{_e(r.style)}"' if r.style else ""
            out.append(f'<{tag} class="{cls}" data-label="{_e(r.label)}" title="{_e(r.title)}"{style}>')
            r.opened += 1
            stack.append((r, tag))

        for n, _f in f_starts.get(a, ()):  # jump target for the findings table
            out.append(f'<span id="m{n}"></span>')
        segment = _e(text[a:b])
        if not stack:  # whitespace between regions: kept for fidelity, hidden for layout
            out.append(f'<span class="gap">{segment}</span>')
            continue
        if not active_f:
            out.append(segment)
            continue
        covering = sorted(active_f.items())
        _, primary = max(covering, key=lambda nf: (nf[1].score, -nf[0]))
        colour = PALETTE[palette.index(primary)]
        ending = " ".join(str(n) for n, f in covering if f.end == b)
        attrs = f' data-n="{ending}"' if ending else ""
        cls = "f ov" if len(covering) > 1 else "f"
        tip = "\n".join(_finding_tip(n, f) for n, f in covering)
        out.append(
            f'<mark class="{cls}" style="background:{colour}" title="{_e(tip)}"{attrs}>{segment}</mark>'
        )
    while stack:
        out.append(f"</{stack.pop()[1]}>")
    return "".join(out)


def _quote(page: Page, f: Finding) -> str:
    if f.end <= f.start:
        return f"(empty span at {f.start})"
    q = " ".join(page.slice(f).split())
    return q if len(q) <= QUOTE_CHARS else q[: QUOTE_CHARS - 1].rstrip() + "…"


def _render_findings(page: Page, palette: _Palette) -> str:
    if not page.findings:
        return "<p>No findings.</p>"
    rows = []
    numbered = sorted(enumerate(page.findings, 1), key=lambda nf: (nf[1].start, nf[1].end, nf[0]))
    for n, f in numbered:
        colour = PALETTE[palette.index(f)]
        jump = f'<a href="#m{n}">{n}</a>' if f.end > f.start else str(n)
        rows.append(
            f'<tr id="f{n}"><td class="num">{jump}</td>'
            f'<td><span class="sw" style="background:{colour}">{_e(f.stage)}</span><br>{_e(f.kind)}</td>'
            f"<td>{_e(f.label)}</td><td class=\"num\">{f.score:.2f}</td><td>{_e(f.reason)}</td>"
            f'<td><q>{_e(_quote(page, f))}</q> <span class="off">[{f.start}, {f.end})</span></td></tr>'
        )
    return (
        '<table class="findings"><thead><tr><th>#</th><th>stage / kind</th><th>label</th><th>score</th>'
        "<th>reason</th><th>span</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _render_legend(page: Page, palette: _Palette) -> str:
    present = {b.type.value for b in page.blocks}
    items = []
    for kind, desc in BLOCK_DESCRIPTIONS.items():
        mark = "" if kind in present or kind == "unclassified" else " (none on this page)"
        items.append(
            f'<li><span class="sw blk b-{kind}">{_e(kind.replace("_", " "))}</span>{_e(desc)}{mark}</li>'
        )
    finding_items = []
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for f in page.findings:
        counts[(f.stage, f.kind)] += 1
    for (stage, kind), idx in palette.colours.items():
        finding_items.append(
            f'<li><span class="sw" style="background:{PALETTE[idx]}">{_e(stage)} · {_e(kind)}</span>'
            f"{counts[(stage, kind)]} finding(s)</li>"
        )
    if finding_items:
        finding_items.append(
            '<li><span class="sw" style="box-shadow:inset 0 -3px 0 rgba(0,0,0,.45)">overlap</span>'
            "text under more than one finding (colour of the highest score; hover for all)</li>"
        )
    return (
        "<h2>Legend: blocks</h2><ul class=\"legend\">" + "".join(items) + "</ul>"
        + ("<h2>Legend: findings</h2><ul class=\"legend\">" + "".join(finding_items) + "</ul>"
           if finding_items else "")
    )


def _counts_line(page: Page) -> str:
    per_type: dict[str, int] = defaultdict(int)
    for b in page.blocks:
        per_type[b.type.value] += 1
    parts = [f"{n} {t.replace('_', ' ')}" for t, n in sorted(per_type.items(), key=lambda kv: -kv[1])]
    return (
        f"{len(page.text):,} characters · {len(page.blocks)} blocks"
        + (f" ({', '.join(parts)})" if parts else "")
        + f" · {len(page.comments)} comments · {len(page.findings)} findings"
    )


# -- provenance: the page against its archived source ---------------------------------------------


@dataclass
class _Cuts:
    """Places each passage the page cut from a source between the copied paragraphs around it.

    The summary gives a dropped passage's offsets in the source, but not where each copied page
    paragraph sits there, so that is estimated: a cursor per source moves on by the length of each
    copied paragraph (re-posts copy verbatim) and past each cut passage, and jumps to the known
    source span of a reworded sentence. Copied paragraphs move the cursor of the source of the last
    reworded sentence (at first, the best source). A passage is shown before the first paragraph
    whose estimated middle lies past the passage's start; what is never reached is shown at the end.
    """

    pending: dict[str, deque[dict[str, Any]]]
    at: dict[str, int]
    current: str

    @classmethod
    def of(cls, dropped: Sequence[dict[str, Any]], source_ids: Sequence[str]) -> _Cuts:
        pending: dict[str, deque[dict[str, Any]]] = {sid: deque() for sid in source_ids}
        for d in sorted(dropped, key=lambda d: int(d.get("start") or 0)):
            sid = d.get("source_id")
            pending[sid if sid in pending else source_ids[0]].append(d)  # an unknown source's cut is still shown
        return cls(pending, dict.fromkeys(source_ids, 0), source_ids[0])

    def before(self, copied_chars: int, anchor: tuple[str, int] | None) -> list[dict[str, Any]]:
        """The cut passages that come before a paragraph with this much copied text, in source order."""
        if anchor is not None and anchor[0] in self.at:
            self.current, self.at[anchor[0]] = anchor
        sid = self.current
        queue, out = self.pending[sid], []
        while queue and int(queue[0].get("start") or 0) < self.at[sid] + copied_chars // 2:
            passage = queue.popleft()
            out.append(passage)
            self.at[sid] = max(self.at[sid], int(passage.get("end") or 0) + 2)
        self.at[sid] += copied_chars + 2  # the paragraph and the break after it
        return out

    def rest(self) -> list[dict[str, Any]]:
        """Passages no paragraph reached (the source goes on after what the page copied)."""
        return [d for queue in self.pending.values() for d in queue]


def _article_units(page: Page) -> list[tuple[int, int]]:
    """The article's paragraphs in page order: outermost article blocks, or blank-line paragraphs without blocks."""
    if not page.blocks:
        return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(page.text)]
    units: list[tuple[int, int]] = []
    for b in sorted(page.blocks_of(*_ARTICLE_BLOCKS), key=lambda b: (b.start, -b.end)):
        # A nested block (the dateline) is already shown with the paragraph holding it.
        if b.end > b.start and not (units and b.start < units[-1][1]):
            units.append((b.start, b.end))
    return units


def _within(spans: Sequence[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of ``spans`` inside ``[start, end)``."""
    return [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]


def _has_words_outside(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``text[start:end]`` has a word outside ``spans`` (a paragraph only partly inserted)."""
    pos = start
    for s, e in sorted(spans):
        if re.search(r"\w", text[pos:s]):
            return True
        pos = max(pos, e)
    return bool(re.search(r"\w", text[pos:end]))


def _added_positions(norms: Sequence[str], added: Sequence[str]) -> list[int]:
    """Which words of a sentence it adds to its source: where they stand together, else the first in order."""
    n = len(added)
    for i in range(len(norms) - n + 1):
        if n and list(norms[i : i + n]) == list(added):
            return list(range(i, i + n))
    picks: list[int] = []
    for i, norm in enumerate(norms):
        if len(picks) < n and norm == added[len(picks)]:
            picks.append(i)
    return picks


def _mark_added(text: str, start: int, end: int, added: Sequence[str]) -> str:
    """A reworded sentence with the words the page added to the source sentence in <ins>."""
    tokens = words(text, start, end)
    picks = _added_positions([w.norm for w in tokens], added)
    runs: list[list[int]] = []
    for i in picks:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out, pos = [], start
    for run in runs:
        a, b = tokens[run[0]].start, tokens[run[-1]].end
        out.append(f"{_e(text[pos:a])}<ins>{_e(text[a:b])}</ins>")
        pos = b
    return "".join(out) + _e(text[pos:end])


def _page_cell(text: str, start: int, end: int, added: Sequence[tuple[int, int]], changes: Sequence[Finding]) -> str:
    """A changed paragraph: inserted passages in <ins>, reworded sentences underlined with their new words marked."""
    marks: list[tuple[int, int, Finding | None]] = [(s, e, None) for s, e in added]
    marks += [(f.start, min(f.end, end), f) for f in changes]
    out, pos = [], start
    for s, e, f in sorted(marks, key=lambda m: (m[0], m[1])):
        if s < pos:
            continue  # overlaps a mark already written; its text is there
        out.append(_e(text[pos:s]))
        if f is None:
            out.append(f'<ins title="added by the page">{_e(text[s:e])}</ins>')
        else:
            inner = _mark_added(text, s, e, [str(w) for w in f.attrs.get("added") or []])
            out.append(f'<span class="pd-reworded" title="{_e(f.reason)}">{inner}</span>')
        pos = e
    return "".join(out) + _e(text[pos:end])


def _word_list(norms: Sequence[Any]) -> str:
    listed = " ".join(str(w) for w in norms[:REWORDED_WORDS])
    return listed + (" …" if len(norms) > REWORDED_WORDS else "")


def _source_notes(changes: Sequence[Finding], inserted_words: int, many: bool) -> str:
    """What the source has where the page changed a paragraph: the words each reworded sentence replaced."""
    notes = []
    for f in changes:
        removed, added = f.attrs.get("removed") or [], f.attrs.get("added") or []
        what = "rewritten" if f.label == "paraphrase" else "words changed"
        where = f" in {_e(f.attrs.get('source_id'))}" if many else ""
        notes.append(
            f"<p>reworded ({what}){where}: the source has "
            + (f"<del>{_e(_word_list(removed))}</del>" if removed else "nothing cut")
            + ", the page "
            + (f"<ins>{_e(_word_list(added))}</ins>" if added else "adds nothing")
            + "</p>"
        )
    if inserted_words:
        notes.append(f"<p>{inserted_words} word(s) the page added have no source text</p>")
    return "".join(notes)


def _words_in(text: str, spans: Sequence[tuple[int, int]]) -> int:
    return sum(len(words(text, s, e)) for s, e in spans)


def _collapsed(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= COPIED_CHARS else flat[: COPIED_CHARS - 1].rstrip() + "…"


def _copied_row(text: str) -> str:
    n = len(words(text))
    return (
        f'<tr class="pd-copied"><td colspan="2"><span class="pd-tag">copied · {n} word{"s" if n != 1 else ""}'
        f"</span>{_e(_collapsed(text))}</td></tr>"
    )


def _added_row(text: str) -> str:
    return (
        '<tr class="pd-added"><td class="pd-page"><span class="pd-tag">added by the page</span>'
        f'<ins>{_e(text)}</ins></td><td class="pd-source"></td></tr>'
    )


def _cut_row(passage: dict[str, Any], many: bool) -> str:
    where = f" · {_e(passage.get('source_id'))}" if many else ""
    return (
        '<tr class="pd-cut"><td class="pd-page"></td><td class="pd-source">'
        f'<span class="pd-tag">cut from the source{where} · {_e(passage.get("words", "?"))} words · '
        f'[{_e(passage.get("start"))}, {_e(passage.get("end"))})</span>'
        f'<del>{_e(passage.get("text") or "")}</del></td></tr>'
    )


def _anchor(changes: Sequence[Finding], start: int) -> tuple[str, int] | None:
    """Where a paragraph starts in its source, known when it holds a reworded sentence."""
    for f in changes:
        span = f.attrs.get("source_span")
        if f.attrs.get("source_id") and span:
            return str(f.attrs["source_id"]), max(int(span[0]) - (f.start - start), 0)
    return None


def _diff_rows(page: Page, facts: dict[str, Any], source_ids: list[str]) -> list[str]:
    """One row per article paragraph in page order, with the source's cut passages between them."""
    text, many = page.text, len(source_ids) > 1
    inserted = [(int(i["start"]), int(i["end"])) for i in facts.get("inserted") or []]
    reworded = [f for f in page.findings if f.stage == "provenance" and f.kind == "reworded"]
    cuts = _Cuts.of(facts.get("dropped") or [], source_ids)
    rows: list[str] = []
    for start, end in _article_units(page):
        added = _within(inserted, start, end)
        if not _has_words_outside(text, start, end, added):
            rows.append(_added_row(text[start:end]))
            continue
        changes = [f for f in reworded if start <= f.start < end]
        copied_chars = end - start - sum(e - s for s, e in added)
        rows += [_cut_row(d, many) for d in cuts.before(copied_chars, _anchor(changes, start))]
        if not (added or changes):
            rows.append(_copied_row(text[start:end]))
            continue
        rows.append(
            f'<tr class="pd-changed"><td class="pd-page">{_page_cell(text, start, end, added, changes)}</td>'
            f'<td class="pd-source">{_source_notes(changes, _words_in(text, added), many)}</td></tr>'
        )
    return rows + [_cut_row(d, many) for d in cuts.rest()]


def _source_line(source: dict[str, Any]) -> str:
    """Title, id, address (a link only when it is http or https) and how much each side shares."""
    url = str(source.get("url") or "")
    if re.match(r"https?://", url, re.IGNORECASE):
        where = f' · <a href="{_e(url)}" rel="noreferrer">{_e(url)}</a>'
    else:
        where = f" · {_e(url)}" if url else ""
    return (
        f"<li><b>{_e(source.get('title') or 'untitled')}</b> · <code>{_e(source.get('id'))}</code>{where} · "
        f"{float(source.get('page_share') or 0):.0%} of the page's article copied from it · "
        f"{float(source.get('source_share') or 0):.0%} of the source kept</li>"
    )


def _render_provenance_diff(page: Page) -> str:
    """The page set against its archived source, paragraph by paragraph; empty without a source."""
    facts = page.summary.get("provenance") or {}
    sources = [s for s in facts.get("sources") or [] if isinstance(s, dict) and s.get("id")]
    if not sources:
        return ""
    rows = _diff_rows(page, facts, [str(s["id"]) for s in sources])
    return (
        '<section class="provenance-diff" id="provenance-diff"><h2>Against the source</h2>'
        f'<ul class="pd-sources">{"".join(_source_line(s) for s in sources)}</ul>'
        '<p class="pd-key"><ins>added by the page</ins> · <del>cut from the source</del> · '
        '<span class="pd-reworded">reworded</span> (words as compared: lower case, no punctuation) · '
        "copied paragraphs are cut short; the page's own order, cut passages where they stood in the source</p>"
        '<table class="pdiff"><thead><tr><th>page</th><th>source</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></section>\n"
    )


def render_html(page: Page) -> str:
    """The whole report as one HTML document (inline CSS, no scripts, no external resources)."""
    palette = _Palette()
    for f in page.findings:  # fix colours in finding order so legend, marks and table agree
        palette.index(f)
    title = page.title or str(page.meta.get("title") or page.meta.get("name") or "untitled page")
    meta_rows = "".join(
        f"<dt>{_e(k)}</dt><dd>{_e(_meta_value(v))}</dd>" for k, v in page.meta.items()
    )
    verdict = anatomy_verdict(page.summary.get("anatomy") or {})
    moderation = comments_verdict(page.summary.get("comments") or {})
    slant = slant_verdict(page.summary.get("slant") or {})
    provenance = provenance_verdict(page.summary.get("provenance") or {})
    summary_rows = (
        (f"<dt>verdict</dt><dd>{_e(verdict)}</dd>" if verdict else "")
        + (f"<dt>provenance</dt><dd>{_e(provenance)}</dd>" if provenance else "")
        + (f"<dt>slant</dt><dd>{_e(slant)}</dd>" if slant else "")
        + (f"<dt>moderation</dt><dd>{_e(moderation)}</dd>" if moderation else "")
    ) + "".join(
        f"<dt>{_e(k)}</dt><dd>{_e(_meta_value(v))}</dd>" for k, v in page.summary.items()
    )
    doc = _render_doc(page, palette)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>newsaudit: {_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header class="top"><h1>{_e(title)}</h1>'
        f'<div class="counts">{_e(_counts_line(page))}</div>'
        + (f'<dl class="meta">{meta_rows}</dl>' if meta_rows else "")
        + (f'<h2 style="font-size:1em;margin:.6em 0 0">Summary</h2><dl class="meta">{summary_rows}</dl>'
           if summary_rows else "")
        + "</header>\n"
        '<input type="checkbox" id="t-marks"><label for="t-marks" class="toggles">hide highlights</label>\n'
        '<input type="checkbox" id="t-boiler"><label for="t-boiler" class="toggles">hide boilerplate</label>\n'
        '<div class="layout">\n'
        f'<main id="doc" class="doc">{doc}</main>\n'
        f"<aside>{_render_legend(page, palette)}<h2>Findings</h2>{_render_findings(page, palette)}</aside>\n"
        "</div>\n" + _render_provenance_diff(page) + "</body>\n</html>\n"
    )
