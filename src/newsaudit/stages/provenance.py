"""Provenance stage: is this wire copy, what did the page add, and (with an archive) what did it change.

Without an archive it reads what anatomy found — the agency's dateline and
credit, the insertion blocks before the dateline or after the credit — and
reports the wire story and each unattributed insertion with style evidence
(attribution, quotation, first person, charged words) set against the wire
copy's. With an archive (``ProvenanceConfig.archive``) it names the source the
page copies and marks inserted passages, reworded sentences and dropped passages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsaudit.page import Block, BlockType, Finding, Page
from newsaudit.provenance.align import Alignment
from newsaudit.provenance.archive import Archive, ArchiveDoc
from newsaudit.provenance.style import Style, style_of
from newsaudit.provenance.words import norms

_ARTICLE = (
    BlockType.TITLE,
    BlockType.PARAGRAPH,
    BlockType.INSERTION,
    BlockType.BYLINE,
    BlockType.CREDIT,
)
_POSITION = {
    "before_dateline": "before the wire dateline",
    "after_credit": "after the wire story's closing credit",
    "inside_wire_copy": "inside the wire copy, in the page's own voice",
}


@dataclass
class ProvenanceConfig:
    #: A reference archive (``newsaudit archive add``); NEWSAUDIT_ARCHIVE in the environment sets the default.
    archive: str | Path | None = field(default_factory=lambda: os.environ.get("NEWSAUDIT_ARCHIVE") or None)
    #: At most this many sources for one page (pages that merge several stories).
    max_sources: int = 3
    #: A source must account for this share of the page's article words.
    min_share: float = 0.1
    #: Dropped passages are quoted in the summary up to this many characters each.
    excerpt_chars: int = 400


class ProvenanceStage:
    name = "provenance"

    def __init__(self, config: ProvenanceConfig | None = None, archive: Archive | None = None) -> None:
        self.config = config or ProvenanceConfig()
        self._archive = archive

    @property
    def archive(self) -> Archive | None:
        if self._archive is None and self.config.archive:
            self._archive = Archive(self.config.archive)
        return self._archive

    def __call__(self, page: Page) -> Page:
        regions = _article_regions(page)
        summary: dict[str, Any] = {"wire_agency": None, "insertions": [], "archive": None}
        wire = _wire_blocks(page)
        wire_style = style_of(page.text, [(b.start, b.end) for b in wire]) if wire else None
        if wire:
            summary["wire_agency"] = self._report_wire(page, wire)
            summary["wire_style"] = wire_style.to_dict() if wire_style else None
        for group in _insertion_groups(page):
            summary["insertions"].append(self._report_insertion(page, group, wire_style, summary["wire_agency"]))
        article_words = sum(len(norms(page.text[s:e])) for s, e in regions)
        inserted_words = sum(i["words"] for i in summary["insertions"])
        summary["article_words"] = article_words
        summary["inserted_share"] = round(inserted_words / article_words, 3) if article_words else 0.0
        archive = self.archive
        if archive is not None:
            summary["archive"] = {"path": str(archive.path), "documents": len(archive)}
            match = archive.match(
                page.text, regions, max_sources=self.config.max_sources, min_share=self.config.min_share
            )
            summary["sources"] = []
            if match is not None:
                self._report_match(page, match.sources, match.alignment, summary, regions)
        page.summary[self.name] = summary
        return page

    # -- without an archive ---------------------------------------------------------------------
    def _report_wire(self, page: Page, wire: list[Block]) -> str:
        dateline = next(b for b in page.blocks_of(BlockType.DATELINE) if b.attrs.get("agency"))
        agency = str(dateline.attrs.get("agency_name") or dateline.attrs["agency"])
        credits = [b for b in page.blocks_of(BlockType.BYLINE, BlockType.CREDIT) if b.start >= dateline.start]
        evidence = [f"dateline “{page.slice(dateline)}”"]
        evidence += [f"{b.type.value} “{_clip(page.slice(b), 60)}” at the foot" for b in credits[-1:]]
        start, end = wire[0].start, max(b.end for b in wire + credits)
        page.add_finding(
            Finding(
                start=start,
                end=end,
                stage=self.name,
                kind="wire_copy",
                label=str(dateline.attrs["agency"]),
                score=1.0,
                reason=f"{agency} copy: " + "; ".join(evidence),
                attrs={"agency": agency, "paragraphs": len(wire)},
            )
        )
        return agency

    def _report_insertion(
        self, page: Page, group: list[Block], wire_style: Style | None, agency: str | None
    ) -> dict[str, Any]:
        start, end = group[0].start, group[-1].end
        style = style_of(page.text, [(b.start, b.end) for b in group])
        position = str(group[0].attrs.get("position", "unattributed"))
        where = _POSITION.get(position, "in the page's own voice")
        contrast = _contrast(style, wire_style)
        reason = (
            f"{len(group)} paragraph(s), {style.words} words {where}"
            + (f" of the {agency} copy" if agency and position != "unattributed" else "")
            + ", with no credit of their own"
            + (f"; {contrast}" if contrast else "")
        )
        page.add_finding(
            Finding(
                start=start,
                end=end,
                stage=self.name,
                kind="unattributed_insertion",
                label=position,
                score=1.0,
                reason=reason,
                attrs={"paragraphs": len(group), "style": style.to_dict()},
            )
        )
        return {"start": start, "end": end, "words": style.words, "position": position, "style": style.to_dict()}

    # -- with an archive ------------------------------------------------------------------------
    def _report_match(
        self,
        page: Page,
        sources: list[ArchiveDoc],
        alignment: Alignment,
        summary: dict[str, Any],
        regions: list[tuple[int, int]],
    ) -> None:
        for share in alignment.sources:
            summary["sources"].append(
                {
                    "id": share.id,
                    "title": share.title,
                    "url": next((d.url for d in sources if d.id == share.id), None),
                    "copied_words": share.copied_words,
                    "page_share": round(share.page_share, 3),
                    "source_share": round(share.source_share, 3),
                }
            )
        summary["copied_share"] = round(alignment.copied_share, 3)
        best = alignment.sources[0]
        page.add_finding(
            Finding(
                start=min(s for s, _ in regions),
                end=max(e for _, e in regions),
                stage=self.name,
                kind="source",
                label=best.id,
                score=round(best.page_share, 3),
                reason=f"copies {best.page_share:.0%} of its article words from the archived “{_clip(best.title, 80)}” "
                f"({best.id}), keeping {best.source_share:.0%} of it",
                attrs={"sources": [s["id"] for s in summary["sources"]]},
            )
        )
        for passage in alignment.inserted:
            page.add_finding(
                Finding(
                    start=passage.start,
                    end=passage.end,
                    stage=self.name,
                    kind="inserted",
                    label="inserted",
                    score=1.0,
                    reason=f"{passage.words} words that no source has: the page added them",
                    attrs={"words": passage.words},
                )
            )
        for change in alignment.reworded:
            what = []
            if change.added:
                what.append("adds “" + _clip(" ".join(change.added), 60) + "”")
            if change.removed:
                what.append("drops “" + _clip(" ".join(change.removed), 60) + "”")
            page.add_finding(
                Finding(
                    start=change.start,
                    end=change.end,
                    stage=self.name,
                    kind="reworded",
                    label="paraphrase" if change.paraphrase else "changed_words",
                    score=1.0,
                    reason=("rewrites" if change.paraphrase else "changes")
                    + f" a sentence of {change.source_id}: "
                    + " and ".join(what),
                    attrs={
                        "source_id": change.source_id,
                        "source_span": [change.source_start, change.source_end],
                        "added": list(change.added),
                        "removed": list(change.removed),
                    },
                )
            )
        texts = {d.id: d.text for d in sources}
        summary["inserted"] = [{"start": p.start, "end": p.end, "words": p.words} for p in alignment.inserted]
        summary["dropped"] = [
            {
                "source_id": p.source_id,
                "start": p.start,
                "end": p.end,
                "words": p.words,
                "text": _clip(texts[p.source_id or ""][p.start : p.end], self.config.excerpt_chars),
            }
            for p in alignment.dropped
        ]
        summary["reworded"] = len(alignment.reworded)


def _article_regions(page: Page) -> list[tuple[int, int]]:
    if not page.blocks:
        return [(0, len(page.text))]
    return [(b.start, b.end) for b in page.blocks_of(*_ARTICLE)]


def _wire_blocks(page: Page) -> list[Block]:
    """The paragraphs from the agency dateline on, up to the end of the story (not the page's insertions)."""
    dateline = next((b for b in page.blocks_of(BlockType.DATELINE) if b.attrs.get("agency")), None)
    if dateline is None:
        return []
    return [b for b in page.blocks_of(BlockType.PARAGRAPH) if b.end > dateline.start]


def _insertion_groups(page: Page) -> list[list[Block]]:
    """Runs of consecutive insertion blocks (nothing but whitespace between them)."""
    groups: list[list[Block]] = []
    for block in page.blocks_of(BlockType.INSERTION):
        if groups and not page.text[groups[-1][-1].end : block.start].strip():
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _contrast(style: Style, wire: Style | None) -> str:
    """The style differences an editor would cite, insertion against wire copy."""
    if wire is None or not style.words:
        return ""
    notes = []
    if style.attributed_sentences < wire.attributed_sentences:
        notes.append(
            f"{style.attributed_sentences:.0%} of its sentences attributed (wire copy {wire.attributed_sentences:.0%})"
        )
    if style.loaded_per_100_words > wire.loaded_per_100_words:
        notes.append(
            f"{style.loaded_per_100_words:.1f} charged words per 100 (wire copy {wire.loaded_per_100_words:.1f})"
        )
    if style.first_person and not wire.first_person:
        notes.append(f"{style.first_person} first- or second-person word(s), which wire copy does not use")
    return ", ".join(notes)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
