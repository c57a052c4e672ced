"""What the HTML report and the web page show, as data for their templates.

The templates (``report/templates``) own the markup; this module decides what
goes where: which findings are highlights and which are margin bars or comment
badges, the order findings are numbered in (the order they appear on the page),
human names for techniques and labels, and a summary card in sentences rather
than the stages' raw dictionaries. Page text only ever reaches the templates as
plain strings, which Jinja's autoescaping writes as text.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsaudit.page import BlockType, Comment, Finding, Page
from newsaudit.report.verdict import anatomy_verdict, claims_verdict, comments_verdict, provenance_verdict
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

#: What each voice means, for the voice filter.
VOICE_NAMES: dict[str, str] = {
    "insertion": "added by the page",
    "own": "the page's own voice",
    "wire": "wire copy",
    "attributed": "attributed to a source",
    "quoted": "in quotation marks",
}

DECISIONS = ("reject", "hold", "allow")

#: Stray list numbers of a text dump ("1.", "12)"): hidden, not shown as unclassified text.
_LIST_MARK = re.compile(r"\d{1,4}[.)]")


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
class SummaryRow:
    """A line of the summary card: a heading, one plain sentence, and a link to where it is shown."""

    heading: str
    sentence: str
    link: str = ""
    tone: str = ""  # "alert" for what an editor must look at


@dataclass
class DetailRow:
    """A figure from the stages' summaries, flattened to a readable path and value."""

    path: str
    value: str


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


# -- regions and the document stream ------------------------------------------------------------


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


def _decision(c: Comment | None) -> tuple[str, str]:
    """A comment's moderation decision and its first reason, from what the comments stage put in its meta."""
    moderation = (c.moderation or c.meta.get("moderation") or {}) if c is not None else {}
    decision = str(moderation.get("decision") or "")
    reasons = moderation.get("reasons") or []
    why = str(reasons[0]) if reasons and decision != "allow" else ""
    return decision, why if len(why) <= 140 else why[:139].rstrip() + "…"


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
        c = None
        if b.type is BlockType.COMMENT:
            c = comments.for_block(b.start, b.end, b.comment_id)
            if c is not None:
                shown.add(id(c))
            label, style = _comment_label(c)
        if b.type is BlockType.INSERTION and b.reason:
            label = f"insertion — {b.reason}"
        tip = f"{kind} [{b.start}, {b.end})" + (f": {b.reason}" if b.reason else "")
        regions.append(_Region(len(regions), b.start, b.end, f"b-{kind}", label, tip, style, *_decision(c)))
    for c in page.comments:
        if id(c) in shown or c.end <= c.start:
            continue
        label, style = _comment_label(c)
        regions.append(_Region(len(regions), c.start, c.end, "b-comment", label,
                               f"comment {c.id} [{c.start}, {c.end})", style, *_decision(c)))
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


def _attach_bars(regions: list[_Region], views: list[FindingView]) -> None:
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


def _stream(page: Page, regions: list[_Region], marked: list[FindingView]) -> list[Token]:
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


# -- summary card -----------------------------------------------------------------------------------


def _summary_rows(page: Page, diff: bool) -> list[SummaryRow]:
    rows: list[SummaryRow] = []
    anatomy = page.summary.get("anatomy") or {}
    provenance = page.summary.get("provenance") or {}
    slant = page.summary.get("slant") or {}
    comments = page.summary.get("comments") or {}
    if anatomy:
        verdict = anatomy_verdict(anatomy)
        rows.append(SummaryRow("What the page is", verdict or "no wire dateline, byline or insertion found",
                               "#doc"))
    if provenance:
        sentence = provenance_verdict(provenance, page)
        if sentence:
            alert = bool(provenance.get("insertions") or provenance.get("inserted"))
            rows.append(SummaryRow("Where it comes from", sentence, "#provenance-diff" if diff else "#doc",
                                   "alert" if alert else ""))
    if slant and slant.get("words"):
        rows.append(SummaryRow("Slant", _slant_sentence(slant), "#findings",
                               "alert" if (slant.get("by_voice") or {}).get("insertion", {}).get("spans") else ""))
    claims = page.summary.get("claims") or {}
    if claims and claims.get("words"):
        rows.append(SummaryRow("Claims", claims_verdict(claims), "#findings",
                               "alert" if claims.get("unattributed_assertions") else ""))
    if comments and comments.get("moderated"):
        rows.append(SummaryRow("Comments", comments_verdict(comments), "#doc-comments",
                               "alert" if (comments.get("decisions") or {}).get("reject") else ""))
    return rows


def _slant_sentence(slant: dict[str, Any]) -> str:
    """Propaganda by voice in words a reader follows: where the spans are, and the leading techniques."""
    spans, words = int(slant.get("spans") or 0), int(slant.get("words") or 0)
    parts = [f"{spans} propaganda span{'s' if spans != 1 else ''} in {words:,} article words"]
    voices = []
    for voice, facts in (slant.get("by_voice") or {}).items():
        n = int(facts.get("spans") or 0)
        if n:
            voices.append(f"{n} {VOICE_NAMES.get(voice, voice)} ({float(facts.get('per_1000_words') or 0):.0f} "
                          "per 1,000 words)")
    if voices:
        parts.append("; ".join(voices))
    top = slant.get("techniques") or []
    if top:
        parts.append("mostly " + ", ".join(f"{readable(str(t['technique'])).lower()} ({t['count']})"
                                           for t in top[:3]))
    return "; ".join(parts)


def _flatten(prefix: str, value: Any, out: list[DetailRow], depth: int = 0) -> None:
    """Nested summary facts as 'stage · key · key: value' rows (lists of records are counted, not dumped)."""
    if isinstance(value, dict) and depth < 3:
        for k, v in value.items():
            _flatten(f"{prefix} · {_name(k)}" if prefix else _name(k), v, out, depth + 1)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out.append(DetailRow(prefix, f"{len(value)} item{'s' if len(value) != 1 else ''}"))
    elif isinstance(value, float):
        out.append(DetailRow(prefix, f"{value:.3g}"))
    elif isinstance(value, str | int | bool) or value is None:
        out.append(DetailRow(prefix, "—" if value is None else str(value)))
    else:
        out.append(DetailRow(prefix, _compact(value)))


def _name(key: Any) -> str:
    return readable(str(key)).lower() if key in TECHNIQUES else str(key).replace("_", " ")


def _compact(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_compact(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{_name(k)}: {_compact(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.3g}"
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _meta_rows(page: Page) -> tuple[list[tuple[str, str]], list[DetailRow]]:
    """Scalar metadata for the header; structured metadata (HTML regions, ...) goes to the details."""
    shown: list[tuple[str, str]] = []
    details: list[DetailRow] = []
    for k, v in page.meta.items():
        if isinstance(v, dict | list):
            _flatten(f"meta · {k}", v, details)
        else:
            shown.append((str(k), str(v)))
    return shown, details


def _counts_line(page: Page, decisions: dict[str, int]) -> str:
    per_type: Counter[str] = Counter(b.type.value for b in page.blocks)
    parts = [f"{n} {t.replace('_', ' ')}" for t, n in per_type.most_common()]
    moderated = ", ".join(f"{decisions[d]} {d}" for d in DECISIONS if decisions.get(d))
    return (
        f"{len(page.text):,} characters · {len(page.blocks)} blocks"
        + (f" ({', '.join(parts)})" if parts else "")
        + f" · {len(page.comments)} comments" + (f" ({moderated})" if moderated else "")
        + f" · {len(page.findings)} findings"
    )


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
    regions = _regions(page)
    _attach_bars(regions, views)  # what lines up with no block becomes a highlight
    marked = [v for v in views if v.display in {"mark", "sentence"}]
    tokens = _stream(page, regions, marked)
    decisions = Counter(_decision(c)[0] for c in page.comments)
    decisions.pop("", None)
    diff = diff_view(page)
    meta, meta_details = _meta_rows(page)
    details: list[DetailRow] = []
    for stage, facts in page.summary.items():
        _flatten(stage, facts, details)
    block_legend, finding_legend = _legends(page, views)
    voices = sorted({v.voice for v in views if v.voice})
    title = page.title or str(page.meta.get("title") or page.meta.get("name") or "untitled page")
    return ReportView(
        title=title,
        counts_line=_counts_line(page, decisions),
        meta=meta,
        summary=_summary_rows(page, diff is not None),
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
