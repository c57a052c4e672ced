"""Plain-language page verdicts shared by the text and HTML reports."""

from __future__ import annotations

from typing import Any

from newsaudit.page import BlockType, Page
from newsaudit.slant.techniques import readable


def anatomy_verdict(facts: dict[str, Any]) -> str:
    """One sentence an editor can read: whose copy this is and what was added to it."""
    parts: list[str] = []
    if facts.get("wire_agency"):
        parts.append(f"{facts['wire_agency']} copy (dateline {str(str(facts.get('dateline')))!s})")
    elif facts.get("dateline"):
        parts.append(f"dateline {str(facts['dateline'])!s}")
    if facts.get("insertions"):  # insertion blocks: paragraphs; provenance groups them into passages
        n = facts["insertions"]
        parts.append(f"{n} inserted paragraph{'s' if n != 1 else ''}, not part of the story")
    if facts.get("bylines"):
        parts.append("by " + ", ".join(str(str(b)) for b in facts["bylines"]))
    found, declared = facts.get("comments_found"), facts.get("comments_declared")
    if declared is not None and found is not None and declared != found:
        parts.append(f"comment header declares {declared} comments, {found} present in the dump")
    return "; ".join(parts)


def comments_verdict(facts: dict[str, Any]) -> str:
    """The moderation outcome of a thread in one line: decisions, share rejected, groups targeted."""
    total = facts.get("moderated") or 0
    if not total:
        return ""
    decisions = facts.get("decisions") or {}
    parts = [
        f"{total} comment{'s' if total != 1 else ''} moderated: "
        + ", ".join(f"{decisions.get(d, 0)} {d}" for d in ("reject", "hold", "allow"))
        + f" ({float(facts.get('rejected_share') or 0):.0%} rejected)"
    ]
    groups = facts.get("groups_targeted") or {}
    if groups:
        parts.append("groups targeted: " + ", ".join(f"{g} ({n})" for g, n in groups.items()))
    if facts.get("antisemitic_comments"):
        parts.append(f"{facts['antisemitic_comments']} antisemitic")
    return "; ".join(parts)


def slant_verdict(facts: dict[str, Any]) -> str:
    """Propaganda density, own voice against quoted and wire material, and the leading techniques."""
    words = facts.get("words") or 0
    if not words:
        return ""
    spans = facts.get("spans") or 0
    parts = [f"{spans} propaganda span{'s' if spans != 1 else ''} in {words:,} article words "
             f"({float(facts.get('per_1000_words') or 0):.1f} per 1,000)"]
    by_voice = facts.get("by_voice") or {}
    voices = [f"own voice {float(facts.get('own_voice_per_1000_words') or 0):.1f}"]
    for voice in ("quoted", "attributed", "wire"):
        if voice in by_voice:
            voices.append(f"{voice} {float(by_voice[voice].get('per_1000_words') or 0):.1f}")
    parts.append("per 1,000 words: " + ", ".join(voices))
    top = facts.get("techniques") or []
    if top:
        parts.append("techniques: " + ", ".join(f"{readable(str(t['technique']))} ({t['count']})" for t in top[:4]))
    return "; ".join(parts)


def claims_verdict(facts: dict[str, Any]) -> str:
    """How much of the article is attributed and how vaguely, who is quoted most, what is worth checking."""
    words = facts.get("words") or 0
    if not words:
        return ""
    n = int(facts.get("attributions") or 0)
    parts = [f"{n} attribution{'s' if n != 1 else ''} over {float(facts.get('attributed_share') or 0):.0%} of the "
             f"article, {int(facts.get('anonymous_attributions') or 0)} anonymous or vague"]
    speakers = facts.get("speakers") or []
    if speakers:
        parts.append("quoted most: " + ", ".join(f"{s['name']} ({s['attributions']})" for s in speakers[:2]))
    claims = int(facts.get("checkworthy_claims") or 0)
    parts.append(f"{claims} claim{'s' if claims != 1 else ''} worth checking, "
                 f"{int(facts.get('unattributed_assertions') or 0)} asserted with no source")
    return "; ".join(parts)


def provenance_verdict(facts: dict[str, Any], page: Page | None = None) -> str:
    """Where the page's text comes from: wire copy, inserted passages, the archived source and its changes.

    An insertion is counted once, as a passage (a run of inserted paragraphs), with its paragraphs and words;
    the anatomy line counts the same paragraphs. With ``page`` the line also says how many paragraphs each
    passage has and whether the title is counted in a passage.
    """
    parts = []
    if facts.get("wire_agency"):
        parts.append(f"{facts['wire_agency']} copy")
    insertions = facts.get("insertions") or []
    if insertions:
        words = sum(int(i.get("words") or 0) for i in insertions)
        estimated = [i for i in insertions if str(i.get("position", "")).startswith("style_")]
        details = [f"{words} words"]
        if page is not None:
            paragraphs = sum(_paragraphs(page, i) for i in insertions)
            details.insert(0, f"{paragraphs} paragraph{'s' if paragraphs != 1 else ''}")
            details.append(_title_note(page, insertions))
        details[-1] += f"; {float(facts.get('inserted_share') or 0):.0%} of the article"
        if estimated:
            details[-1] += f"; {len(estimated)} of them estimated from style, no dateline to cut at"
        n = len(insertions)
        parts.append(f"{n} inserted passage{'s' if n != 1 else ''} ({', '.join(details)})")
    sources = facts.get("sources")
    if sources:
        best = sources[0]
        parts.append(
            f"source in the archive: {best['id']} (“{best.get('title') or ''}”), "
            f"{float(best['page_share']):.0%} of the article copied"
            + (f", and {len(sources) - 1} more source{'s' if len(sources) > 2 else ''}" if len(sources) > 1 else "")
        )
        inserted = facts.get("inserted") or []
        against = f"against it: {len(inserted)} passage{'s' if len(inserted) != 1 else ''} no source has"
        if inserted:
            words = sum(int(p.get("words") or 0) for p in inserted)
            against += f" ({words} words" + (f", {_title_note(page, inserted)})" if page is not None else ")")
        dropped = facts.get("dropped") or []
        against += f", {len(dropped)} dropped"
        if dropped:
            against += f" ({sum(int(p.get('words') or 0) for p in dropped)} words)"
        reworded = int(facts.get("reworded") or 0)
        against += f", {reworded} reworded sentence{'s' if reworded != 1 else ''}"
        parts.append(against)
    elif facts.get("archive"):
        parts.append(f"no source among the {facts['archive'].get('documents', 0):,} archived documents")
    return "; ".join(parts)


def _paragraphs(page: Page, span: dict[str, Any]) -> int:
    """The paragraphs (insertion or paragraph blocks) of a passage in the summary."""
    start, end = int(span.get("start", 0)), int(span.get("end", 0))
    return sum(1 for b in page.blocks_of(BlockType.INSERTION, BlockType.PARAGRAPH) if start <= b.start and b.end <= end)


def _title_note(page: Page, spans: list[dict[str, Any]]) -> str:
    """Whether the words counted include the page's title."""
    titles = page.blocks_of(BlockType.TITLE)
    counted = any(t.start < int(s.get("end", 0)) and int(s.get("start", 0)) < t.end for s in spans for t in titles)
    return "title counted" if counted else "title not counted"
