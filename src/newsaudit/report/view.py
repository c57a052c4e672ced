"""What the HTML report and the web page show, as data for their templates.

The templates (``report/templates``) own the markup; this module decides what
goes where: which findings are highlights and which are margin bars or comment
badges, the order findings are numbered in (the order they appear on the page),
human names for techniques and labels, and a summary card in sentences rather
than the stages' raw dictionaries. Page text only ever reaches the templates as
plain strings, which Jinja's autoescaping writes as text. The page text as a
stream of regions and highlights is ``document_view.py``'s, the summary card
``summary_view.py``'s, the side-by-side view against an archived source
``provenance_view.py``'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsaudit.page import BlockType, Finding, Page
from newsaudit.report import document_view
from newsaudit.report.document_view import Token
from newsaudit.report.summary_view import (
    VOICE_NAMES,
    DetailRow,
    SummaryRow,
    counts_line,
    flatten,
    meta_rows,
    summary_rows,
)
from newsaudit.slant.techniques import TECHNIQUES, readable

#: Highlight colours, assigned to (stage, kind, label) groups in order of first appearance.
PALETTE = ("#ffd54f", "#ef9a9a", "#90caf9", "#a5d6a7", "#ce93d8", "#ffab91", "#80deea", "#e6ee9c")

#: Longest quote shown with a finding.
QUOTE_CHARS = 200

#: Findings that describe whole blocks (the copied article, an inserted passage, a comment's decision):
#: shown as a bar beside the blocks they cover, not painted over their text, so that they do not drown
#: the spans that matter. Where no block lines up with them they fall back to a highlight.
BAR_KINDS = frozenset({"wire_copy", "source", "unattributed_insertion", "inserted", "moderation"})

#: Findings only listed, not drawn on the text: an attribution spans its speaker, cue and content, often a
#: whole paragraph of wire copy, and painting it would drown the findings inside it (its words are listed).
LISTED_KINDS = frozenset({"attribution"})

#: Findings about a whole sentence: underlined, so the spans inside them stay readable.
SENTENCE_KINDS = frozenset({"propaganda_sentence", "checkworthy_claim", "unattributed_assertion"})

#: What the legend says each block type is.
BLOCK_DESCRIPTIONS: dict[str, str] = {
    BlockType.TITLE.value: "headline",
    BlockType.PARAGRAPH.value: "article body paragraph",
    BlockType.DATELINE.value: "place/agency opener, e.g. “MOSCOW (Reuters) –”",
    BlockType.BYLINE.value: "author line",
    BlockType.CREDIT.value: "source or reporting credit",
    BlockType.INSERTION.value: "text the page added around copied material",
    BlockType.COMMENT_HEADER.value: "heading of the comment section",
    BlockType.COMMENT.value: "reader comment, indented by reply depth, with its moderation decision",
    BlockType.COMMENT_META.value: "author/date/reply line of a comment",
    BlockType.COMMENT_POLICY.value: "the site's comment rules",
    BlockType.BOILERPLATE.value: "page furniture: share buttons, forms, ads (dimmed)",
    "unclassified": "text no stage gave a type (list numbers, stray lines)",
}

#: Human names of the kinds of finding, as the legend and the evidence panel say them.
KIND_NAMES: dict[str, str] = {
    "wire_copy": "wire copy",
    "unattributed_insertion": "inserted by the page",
    "source": "copied from an archived source",
    "inserted": "added to the source",
    "reworded": "reworded from the source",
    "propaganda": "propaganda technique",
    "propaganda_sentence": "propaganda sentence",
    "moderation": "moderation decision",
    "comment_flag": "comment flag",
    "attribution": "attribution",
    "vague_sourcing": "vague or anonymous sourcing",
    "checkworthy_claim": "claim worth checking",
    "unattributed_assertion": "asserted with no source",
}

#: Human names of comment labels.
COMMENT_LABELS: dict[str, str] = {
    "toxic": "toxic or insulting",
    "identity_attack": "attack on a group",
    "antisemitism": "antisemitism",
    "violence": "call for violence",
    "threat": "threat",
    "link_promotion": "link promotion",
    "spam": "spam",
}


def label_name(f: Finding) -> str:
    """A finding's label as a reader would say it: technique and flag names, not identifiers."""
    if f.label in TECHNIQUES:
        return readable(f.label)
    if f.stage == "comments" and f.label in COMMENT_LABELS:
        return COMMENT_LABELS[f.label]
    return f.label.replace("_", " ")


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.replace("_", " "))


@dataclass(slots=True)
class FindingView:
    """One finding as listed: numbered in page order, with its evidence."""

    number: int
    stage: str
    kind: str
    kind_name: str
    label: str
    label_name: str
    score: float
    reason: str
    start: int
    end: int
    quote: str
    colour: str
    display: str  # "mark", "sentence", "bar" or "none" (an empty span)
    voice: str = ""
    technique: str = ""

    @property
    def tip(self) -> str:
        return f"#{self.number} {self.label_name} ({self.kind_name}, score {self.score:.2f}): {self.reason}"


@dataclass
class LegendItem:
    name: str
    description: str
    css: str = ""
    colour: str = ""
    count: int = 0


@dataclass
class ReportView:
    title: str
    counts_line: str
    meta: list[tuple[str, str]]
    summary: list[SummaryRow]
    details: list[DetailRow]
    tokens: list[Token]
    findings: list[FindingView]
    block_legend: list[LegendItem]
    finding_legend: list[LegendItem]
    stages: list[str]
    voices: list[tuple[str, str]]
    has_provenance_diff: bool
    diff: Any = None  # provenance_view.DiffView when the page has an archived source
    comment_decisions: dict[str, int] = field(default_factory=dict)


# -- findings -------------------------------------------------------------------------------------


def _quote(page: Page, f: Finding) -> str:
    if f.end <= f.start:
        return ""
    q = " ".join(page.text[f.start : min(f.end, f.start + 4 * QUOTE_CHARS)].split())
    return q if len(q) <= QUOTE_CHARS else q[: QUOTE_CHARS - 1].rstrip() + "…"


def _display(f: Finding) -> str:
    if f.end <= f.start or f.kind in LISTED_KINDS:
        return "none"
    if f.kind in BAR_KINDS:
        return "bar"
    if f.kind in SENTENCE_KINDS:
        return "sentence"
    return "mark"


def _numbered(page: Page) -> list[tuple[Finding, FindingView]]:
    """Findings numbered in the order they appear on the page, each with its colour."""
    colours: dict[tuple[str, str, str], str] = {}
    ordered = sorted(page.findings, key=lambda f: (f.start, -f.end, f.stage, f.kind))
    out = []
    for n, f in enumerate(ordered, 1):
        key = (f.stage, f.kind, f.label if f.kind in {"propaganda", "comment_flag"} else "")
        display = _display(f)
        # only painted findings take a colour, so a page's colours do not depend on its bars and underlines
        colour = colours.setdefault(key, PALETTE[len(colours) % len(PALETTE)]) if display == "mark" else ""
        technique = f.label if f.label in TECHNIQUES else ""
        out.append((f, FindingView(
            number=n, stage=f.stage, kind=f.kind, kind_name=kind_name(f.kind), label=f.label,
            label_name=label_name(f), score=float(f.score), reason=f.reason, start=f.start, end=f.end,
            quote=_quote(page, f), colour=colour, display=display,
            voice=str(f.attrs.get("voice") or ""), technique=technique,
        )))
    return out


def _legends(page: Page, views: Iterable[FindingView]) -> tuple[list[LegendItem], list[LegendItem]]:
    present = Counter(b.type.value for b in page.blocks)
    blocks = [
        LegendItem(kind.replace("_", " "), desc + ("" if present[kind] or kind == "unclassified"
                                                   else " (none on this page)"), css=f"blk b-{kind}",
                   count=present[kind])
        for kind, desc in BLOCK_DESCRIPTIONS.items()
    ]
    groups: dict[tuple[str, str], LegendItem] = {}
    for v in views:
        name = v.label_name if v.kind in {"propaganda", "comment_flag"} else v.kind_name
        item = groups.setdefault((v.kind, name), LegendItem(
            name, f"{v.stage} · {v.kind_name}"
            + (" (badge on the comment)" if v.kind == "moderation" and v.display == "bar" else
               " (bar beside the blocks)" if v.display == "bar" else "")
            + (" (underlined)" if v.display == "sentence" else ""),
            colour=v.colour if v.display == "mark" else "", css=f"lg-{v.display}"))
        item.count += 1
    return blocks, list(groups.values())


def build_view(page: Page) -> ReportView:
    """Everything the report templates show for one audited page."""
    from newsaudit.report.provenance_view import diff_view

    numbered = _numbered(page)
    views = [v for _, v in numbered]
    regions = document_view.regions(page)
    document_view.attach_bars(regions, views)  # what lines up with no block becomes a highlight
    marked = [v for v in views if v.display in {"mark", "sentence"}]
    tokens = document_view.stream(page, regions, marked)
    decisions = Counter(document_view.decision(c)[0] for c in page.comments)
    decisions.pop("", None)
    diff = diff_view(page)
    meta, meta_details = meta_rows(page)
    details: list[DetailRow] = []
    for stage, facts in page.summary.items():
        flatten(stage, facts, details)
    block_legend, finding_legend = _legends(page, views)
    voices = sorted({v.voice for v in views if v.voice})
    title = page.title or str(page.meta.get("title") or page.meta.get("name") or "untitled page")
    return ReportView(
        title=title,
        counts_line=counts_line(page, decisions),
        meta=meta,
        summary=summary_rows(page, diff is not None),
        details=details + meta_details,
        tokens=tokens,
        findings=views,
        block_legend=block_legend,
        finding_legend=finding_legend,
        stages=sorted({v.stage for v in views}),
        voices=[(v, VOICE_NAMES.get(v, v)) for v in voices],
        has_provenance_diff=diff is not None,
        diff=diff,
        comment_decisions=dict(decisions),
    )
