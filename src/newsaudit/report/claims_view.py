"""The claims of one page as ``newsaudit claims`` shows them: who said what, how it is sourced, and the
claims most worth checking, in text or as a JSON object."""

from __future__ import annotations

import textwrap
from typing import Any

from newsaudit.page import SCHEMA_VERSION, Finding, Page
from newsaudit.report.text import _clean, _clip, _excerpt, _line, _offsets
from newsaudit.report.verdict import claims_verdict


def claims_dict(page: Page) -> dict[str, Any]:
    """The claims stage's summary and findings of ``page``, grouped by kind."""
    found = [f for f in page.findings if f.stage == "claims"]

    def of(kind: str) -> list[dict[str, Any]]:
        return [_finding(page, f) for f in found if f.kind == kind]

    return {
        "schema_version": SCHEMA_VERSION,
        "name": page.meta.get("name"),
        "title": page.title,
        "summary": page.summary.get("claims") or {},
        "attributions": of("attribution"),
        "vague_sourcing": of("vague_sourcing"),
        "checkworthy_claims": of("checkworthy_claim"),
        "unattributed_assertions": of("unattributed_assertion"),
    }


def claims_text(page: Page, width: int = 100) -> str:
    """The claims as lines of at most ``width`` characters, page text made safe for a terminal as the audit
    summary makes it (whitespace collapsed, control and bidi characters shown, not obeyed)."""
    facts = page.summary.get("claims") or {}
    lines = [_clip(_clean(page.title or str(page.meta.get("name") or "<input>")), width)]
    lines.append("=" * min(width, max(len(lines[0]), 10)))
    lines.extend(textwrap.wrap(_clean(claims_verdict(facts)) or "no article text found", width))
    attributions = [f for f in page.findings if f.stage == "claims" and f.kind == "attribution"]
    if attributions:
        lines += ["", "Who said what"]
        for f in attributions:
            a = f.attrs
            who = _clean(a.get("speaker_full") or "(no source)")
            cue = _clean(" ".join(c["text"] for c in a.get("cue") or []))
            content = " ".join(c["text"] for c in a.get("content") or [])
            lines.append(_clip(f"  {who} · {cue} · {f.label.replace('_', ' ')} · {a.get('form')}", width))
            lines.append(_line("      “", _excerpt(content, width) + "”", _offsets(f), width))
    vague = [f for f in page.findings if f.stage == "claims" and f.kind == "vague_sourcing"]
    if vague:
        lines += ["", "Vague or anonymous sourcing"]
        lines += [_line(f"  {f.label.replace('_', ' ')}: “", _excerpt(page.slice(f), width) + "”", _offsets(f), width)
                  for f in vague]
    top = facts.get("top_claims") or []
    if top:
        lines += ["", "Claims most worth checking"]
        for claim in top:
            kind = claim.get("type") or "claim"
            whose = f", {_clean(claim['speaker'])}" if claim.get("speaker") else ""
            lines.append(_clip(f"  {claim['score']:.2f} {kind} ({claim['voice']}{whose})  [{claim['start']}, "
                               f"{claim['end']})", width))
            lines.append(_clip(f"      {_excerpt(claim['text'], width)}", width))
    unattributed = [f for f in page.findings if f.stage == "claims" and f.kind == "unattributed_assertion"]
    if unattributed:
        lines += ["", "Asserted by the page with no source"]
        lines += [_clip(f"  {f.score:.2f} “{_excerpt(page.slice(f), width)}”", width) for f in unattributed]
    return "\n".join(lines) + "\n"


def _finding(page: Page, f: Finding) -> dict[str, Any]:
    return {"start": f.start, "end": f.end, "text": page.slice(f), "label": f.label, "score": f.score,
            "reason": f.reason, **f.attrs}
