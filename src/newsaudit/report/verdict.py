"""Plain-language page verdicts shared by the text and HTML reports."""

from __future__ import annotations

from typing import Any


def anatomy_verdict(facts: dict[str, Any]) -> str:
    """One sentence an editor can read: whose copy this is and what was added to it."""
    parts: list[str] = []
    if facts.get("wire_agency"):
        parts.append(f"{facts['wire_agency']} copy (dateline {str(str(facts.get('dateline')))!s})")
    elif facts.get("dateline"):
        parts.append(f"dateline {str(facts['dateline'])!s}")
    if facts.get("insertions"):
        n = facts["insertions"]
        parts.append(f"{n} editorial insertion{'s' if n != 1 else ''} not part of the story")
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
        parts.append("techniques: " + ", ".join(f"{t['technique']} ({t['count']})" for t in top[:4]))
    return "; ".join(parts)


def provenance_verdict(facts: dict[str, Any]) -> str:
    """Where the page's text comes from: wire copy, unattributed insertions, the archived source and its changes."""
    parts = []
    if facts.get("wire_agency"):
        parts.append(f"{facts['wire_agency']} copy")
    insertions = facts.get("insertions") or []
    if insertions:
        words = sum(int(i.get("words") or 0) for i in insertions)
        estimated = [i for i in insertions if str(i.get("position", "")).startswith("style_")]
        parts.append(
            f"{len(insertions)} unattributed insertion{'s' if len(insertions) != 1 else ''} ({words} words, "
            f"{float(facts.get('inserted_share') or 0):.0%} of the article"
            + (f"; {len(estimated)} estimated from style, no dateline to cut at" if estimated else "")
            + ")"
        )
    sources = facts.get("sources")
    if sources:
        best = sources[0]
        parts.append(
            f"source in the archive: {best['id']} (“{best.get('title') or ''}”), "
            f"{float(best['page_share']):.0%} of the article copied"
            + (f", and {len(sources) - 1} more source(s)" if len(sources) > 1 else "")
        )
        changes = [f"{len(facts.get('inserted') or [])} inserted passage(s)"]
        changes.append(f"{len(facts.get('dropped') or [])} dropped")
        changes.append(f"{int(facts.get('reworded') or 0)} reworded sentence(s)")
        parts.append(", ".join(changes))
    elif facts.get("archive"):
        parts.append(f"no source among the {facts['archive'].get('documents', 0):,} archived documents")
    return "; ".join(parts)
