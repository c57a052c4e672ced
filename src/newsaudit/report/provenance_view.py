"""The page set against its archived source, paragraph by paragraph, as rows for the report templates.

With an archived source, a fact-checker wants the page beside it: which paragraphs
the page added, which it copied, which source passages it cut and which sentences
it reworded (with the words changed). The provenance stage gives the inserted and
dropped spans and the reworded sentences; this module lays them out in page order.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsaudit.page import BlockType, Finding, Page
from newsaudit.provenance.words import words

#: Copied paragraphs are cut to this many characters (they say nothing new).
COPIED_CHARS = 160

#: Longest list of added or removed words quoted for one reworded sentence.
REWORDED_WORDS = 30

#: The blocks the provenance stage compares with the source: the article.
_ARTICLE_BLOCKS = (BlockType.TITLE, BlockType.PARAGRAPH, BlockType.INSERTION, BlockType.BYLINE, BlockType.CREDIT)

#: Paragraphs of a page without blocks: runs of lines with no blank line between them.
_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n[ \t]*\S[^\n]*)*")


@dataclass
class Piece:
    """A run of a changed paragraph's text: plain, added by the page, or part of a reworded sentence."""

    text: str = ""
    added: bool = False
    reworded: str = ""  # a reworded sentence: the finding's reason; its text is in ``parts``
    parts: list[Piece] = field(default_factory=list)


@dataclass
class SourceNote:
    """What the source has where the page reworded a sentence."""

    what: str
    source_id: str
    removed: str
    added: str


@dataclass
class DiffRow:
    kind: str  # "copied", "added", "cut" or "changed"
    text: str = ""
    words: int = 0
    pieces: list[Piece] = field(default_factory=list)
    notes: list[SourceNote] = field(default_factory=list)
    inserted_words: int = 0
    source_id: str = ""
    span: tuple[Any, Any] = (None, None)


@dataclass
class SourceLine:
    id: str
    title: str
    url: str
    linkable: bool
    page_share: float
    source_share: float


@dataclass
class DiffView:
    sources: list[SourceLine]
    rows: list[DiffRow]
    many: bool


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


def _reworded(text: str, start: int, end: int, added: Sequence[str], reason: str) -> Piece:
    """A reworded sentence, the words the page added to the source sentence marked."""
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
        if a > pos:
            out.append(Piece(text[pos:a]))
        out.append(Piece(text[a:b], added=True))
        pos = b
    if end > pos:
        out.append(Piece(text[pos:end]))
    return Piece(reworded=reason, parts=out)


def _page_pieces(text: str, start: int, end: int, added: Sequence[tuple[int, int]],
                 changes: Sequence[Finding]) -> list[Piece]:
    """A changed paragraph: inserted passages marked added, reworded sentences with their new words."""
    marks: list[tuple[int, int, Finding | None]] = [(s, e, None) for s, e in added]
    marks += [(f.start, min(f.end, end), f) for f in changes]
    out, pos = [], start
    for s, e, f in sorted(marks, key=lambda m: (m[0], m[1])):
        if s < pos:
            continue  # overlaps a mark already written; its text is there
        if s > pos:
            out.append(Piece(text[pos:s]))
        if f is None:
            out.append(Piece(text[s:e], added=True))
        else:
            out.append(_reworded(text, s, e, [str(w) for w in f.attrs.get("added") or []], f.reason))
        pos = e
    if end > pos:
        out.append(Piece(text[pos:end]))
    return out


def _word_list(norms: Sequence[Any]) -> str:
    listed = " ".join(str(w) for w in norms[:REWORDED_WORDS])
    return listed + (" …" if len(norms) > REWORDED_WORDS else "")


def _notes(changes: Sequence[Finding]) -> list[SourceNote]:
    return [
        SourceNote(
            what="rewritten" if f.label == "paraphrase" else "words changed",
            source_id=str(f.attrs.get("source_id") or ""),
            removed=_word_list(f.attrs.get("removed") or []),
            added=_word_list(f.attrs.get("added") or []),
        )
        for f in changes
    ]


def _collapsed(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= COPIED_CHARS else flat[: COPIED_CHARS - 1].rstrip() + "…"


def _cut_row(passage: dict[str, Any]) -> DiffRow:
    return DiffRow("cut", text=str(passage.get("text") or ""), words=int(passage.get("words") or 0),
                   source_id=str(passage.get("source_id") or ""), span=(passage.get("start"), passage.get("end")))


def _anchor(changes: Sequence[Finding], start: int) -> tuple[str, int] | None:
    """Where a paragraph starts in its source, known when it holds a reworded sentence."""
    for f in changes:
        span = f.attrs.get("source_span")
        if f.attrs.get("source_id") and span:
            return str(f.attrs["source_id"]), max(int(span[0]) - (f.start - start), 0)
    return None


def _rows(page: Page, facts: dict[str, Any], source_ids: list[str]) -> list[DiffRow]:
    """One row per article paragraph in page order, with the source's cut passages between them."""
    text = page.text
    inserted = [(int(i["start"]), int(i["end"])) for i in facts.get("inserted") or []]
    reworded = [f for f in page.findings if f.stage == "provenance" and f.kind == "reworded"]
    cuts = _Cuts.of(facts.get("dropped") or [], source_ids)
    rows: list[DiffRow] = []
    for start, end in _article_units(page):
        added = _within(inserted, start, end)
        if not _has_words_outside(text, start, end, added):
            rows.append(DiffRow("added", text=text[start:end]))
            continue
        changes = [f for f in reworded if start <= f.start < end]
        copied_chars = end - start - sum(e - s for s, e in added)
        rows += [_cut_row(d) for d in cuts.before(copied_chars, _anchor(changes, start))]
        if not (added or changes):
            rows.append(DiffRow("copied", text=_collapsed(text[start:end]), words=len(words(text, start, end))))
            continue
        rows.append(DiffRow(
            "changed", pieces=_page_pieces(text, start, end, added, changes), notes=_notes(changes),
            inserted_words=sum(len(words(text, s, e)) for s, e in added),
        ))
    return rows + [_cut_row(d) for d in cuts.rest()]


def _source_line(source: dict[str, Any]) -> SourceLine:
    url = str(source.get("url") or "")
    return SourceLine(
        id=str(source.get("id")), title=str(source.get("title") or "untitled"), url=url,
        linkable=bool(re.match(r"https?://", url, re.IGNORECASE)),
        page_share=float(source.get("page_share") or 0), source_share=float(source.get("source_share") or 0),
    )


def diff_view(page: Page) -> DiffView | None:
    """The page set against its archived sources; None when the page has none."""
    facts = page.summary.get("provenance") or {}
    sources = [s for s in facts.get("sources") or [] if isinstance(s, dict) and s.get("id")]
    if not sources:
        return None
    rows = _rows(page, facts, [str(s["id"]) for s in sources])
    return DiffView([_source_line(s) for s in sources], rows, many=len(sources) > 1)
