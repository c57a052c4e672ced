"""Provenance stage: is this wire copy, what did the page add, and (with an archive) what did it change.

Without an archive it reads what anatomy found — the agency's dateline and
credit, the insertion blocks before the dateline or after the credit — and
reports the wire story and each unattributed insertion with style evidence
(attribution, quotation, first person, charged words) set against the wire
copy's. A page with no wire dateline gives anatomy nothing to cut at: there the
own-voice model (``provenance/voice.py``) estimates from style where the page's
own voice starts and ends, and reports the leading and trailing runs it hears
as estimated insertions with their scores. With an archive (``ProvenanceConfig.archive``) it names the source the
page copies and marks inserted passages, reworded sentences and dropped passages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsaudit.models.voice_model import VoiceModel, default_voice_model
from newsaudit.page import Block, BlockType, Finding, Page
from newsaudit.provenance.align import Alignment
from newsaudit.provenance.backend import ArchiveBackend, ArchiveDoc, open_archive
from newsaudit.provenance.style import Style, style_of
from newsaudit.provenance.voice import boundaries, is_prose_paragraph, page_features, strongest_cues
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
    "before_byline": "above the byline of the piece the page reposts",
    "editor_note": "in a note the publisher labels as its own",
    "style_lead": "at the top of the article",
    "style_tail": "at the foot of the article",
}


@dataclass
class ProvenanceConfig:
    """The ``provenance`` stage: wire copy and what was inserted around it, and with an archive the source a
    page copies."""

    #: A reference archive (``newsaudit archive add``); the command line takes NEWSAUDIT_ARCHIVE for it
    #: (``settings.py``), the config never reads the environment.
    archive: str | Path | None = None
    #: At most this many sources for one page (pages that merge several stories).
    max_sources: int = 3
    #: A source must account for this share of the page's article words.
    min_share: float = 0.1
    #: Dropped passages are quoted in the summary up to this many characters each.
    excerpt_chars: int = 400
    #: On pages without a wire dateline, estimate the page's own voice from style (``provenance/voice.py``).
    estimate_voice: bool = True


class ProvenanceStage:
    name = "provenance"

    def __init__(
        self,
        config: ProvenanceConfig | None = None,
        archive: ArchiveBackend | None = None,
        voice_model: VoiceModel | None = None,
    ) -> None:
        self.config = config or ProvenanceConfig()
        self._archive = archive
        self._voice_model = voice_model

    @property
    def voice_model(self) -> VoiceModel:
        if self._voice_model is None:
            self._voice_model = default_voice_model()
        return self._voice_model

    @property
    def archive(self) -> ArchiveBackend | None:
        if self._archive is None and self.config.archive:
            self._archive = open_archive(self.config.archive)  # a single file, or a folder of shards
        return self._archive

    def __call__(self, page: Page) -> Page:
        regions = page.article_regions(*_ARTICLE)
        summary: dict[str, Any] = {"wire_agency": None, "insertions": [], "archive": None}
        wire = _wire_blocks(page)
        wire_style = style_of(page.text, [(b.start, b.end) for b in wire]) if wire else None
        if wire:
            summary["wire_agency"] = self._report_wire(page, wire)
            summary["wire_style"] = wire_style.to_dict() if wire_style else None
        for group in _insertion_groups(page):
            summary["insertions"].append(self._report_insertion(page, group, wire_style, summary["wire_agency"]))
        summary["voice"] = None
        if not wire and self.config.estimate_voice:
            summary["voice"] = self._estimate_voice(page, summary["insertions"])
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
        return self._add_insertion(page, group, position, style, reason)

    def _estimate_voice(self, page: Page, insertions: list[dict[str, Any]]) -> dict[str, Any] | None:
        """Leading and trailing paragraphs whose style says the page wrote them, not the report it carries."""
        paragraphs = [b for b in page.blocks_of(BlockType.PARAGRAPH) if is_prose_paragraph(page.slice(b))]
        if len(paragraphs) < 3:
            return None
        model = self.voice_model
        texts = [page.slice(b) for b in paragraphs]
        inputs = model.stack_inputs(texts, page_features(texts))  # scored and explained from the same rows
        scores = model.probabilities(inputs)
        voice = boundaries(
            scores, [len(norms(t)) for t in texts], model.threshold, model.body_max, tail_threshold=model.tail_threshold
        )
        runs = [("style_lead", 0, voice.lead), ("style_tail", len(paragraphs) - voice.tail, len(paragraphs))]
        for position, first, last in runs:
            if first >= last:
                continue
            rest = [(b.start, b.end) for i, b in enumerate(paragraphs) if not first <= i < last]
            cues = strongest_cues(model, inputs[first:last])
            insertions.append(
                self._report_estimate(page, paragraphs[first:last], position, scores[first:last], rest, cues)
            )
        return {
            "model": str(model.meta.get("artifact", "voice")),
            "paragraphs": len(paragraphs),
            "lead": voice.lead,
            "tail": voice.tail,
            "threshold": model.threshold,
            "tail_threshold": model.tail_threshold,
            "scores": [round(float(s), 3) for s in scores],
        }

    def _report_estimate(
        self,
        page: Page,
        group: list[Block],
        position: str,
        scores: Any,
        rest: list[tuple[int, int]],
        cues: list[str],
    ) -> dict[str, Any]:
        style = style_of(page.text, [(b.start, b.end) for b in group])
        score = round(float(sum(scores) / len(scores)), 3)
        contrast = _contrast(style, style_of(page.text, rest), "rest of the article")
        reason = (
            f"{len(group)} paragraph(s), {style.words} words {_POSITION[position]} that read as the page's own "
            f"voice rather than the report it carries (style estimate {score:.2f}; no wire dateline or credit to "
            "cut at)"
            + (f": {', '.join(cues)}" if cues else "")
            + (f"; {contrast}" if contrast else "")
        )
        entry = self._add_insertion(page, group, position, style, reason, score, {"estimated": True, "cues": cues})
        return {**entry, "score": score}

    def _add_insertion(
        self,
        page: Page,
        group: list[Block],
        position: str,
        style: Style,
        reason: str,
        score: float = 1.0,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The `unattributed_insertion` finding of a run of blocks, and its entry in the summary."""
        start, end = group[0].start, group[-1].end
        page.add_finding(
            Finding(
                start=start,
                end=end,
                stage=self.name,
                kind="unattributed_insertion",
                label=position,
                score=score,
                reason=reason,
                attrs={"paragraphs": len(group), "style": style.to_dict(), **(extra or {})},
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


def _contrast(style: Style, other: Style | None, name: str = "wire copy") -> str:
    """The style differences an editor would cite, insertion against the copy it sits in."""
    if other is None or not style.words:
        return ""
    notes = []
    if style.attributed_sentences < other.attributed_sentences:
        notes.append(
            f"{style.attributed_sentences:.0%} of its sentences attributed ({name} {other.attributed_sentences:.0%})"
        )
    if style.loaded_per_100_words > other.loaded_per_100_words:
        notes.append(
            f"{style.loaded_per_100_words:.1f} charged words per 100 ({name} {other.loaded_per_100_words:.1f})"
        )
    if style.first_person and not other.first_person:
        notes.append(f"{style.first_person} first- or second-person word(s), which the {name} does not use")
    return ", ".join(notes)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
