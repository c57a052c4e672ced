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
