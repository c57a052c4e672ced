"""The summary card and the details of the report: the stages' summaries as sentences, and every figure as a
readable path and value, never as raw dictionaries."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from newsaudit.page import Page
from newsaudit.report.verdict import anatomy_verdict, claims_verdict, comments_verdict, provenance_verdict
from newsaudit.slant.techniques import TECHNIQUES, readable

#: What each voice means, for the voice filter.
VOICE_NAMES: dict[str, str] = {
    "insertion": "added by the page",
    "own": "the page's own voice",
    "wire": "wire copy",
    "attributed": "attributed to a source",
    "quoted": "in quotation marks",
}

DECISIONS = ("reject", "hold", "allow")


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


def summary_rows(page: Page, diff: bool) -> list[SummaryRow]:
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


def flatten(prefix: str, value: Any, out: list[DetailRow], depth: int = 0) -> None:
    """Nested summary facts as 'stage · key · key: value' rows (lists of records are counted, not dumped)."""
    if isinstance(value, dict) and depth < 3:
        for k, v in value.items():
            flatten(f"{prefix} · {_name(k)}" if prefix else _name(k), v, out, depth + 1)
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


def meta_rows(page: Page) -> tuple[list[tuple[str, str]], list[DetailRow]]:
    """Scalar metadata for the header; structured metadata (HTML regions, ...) goes to the details."""
    shown: list[tuple[str, str]] = []
    details: list[DetailRow] = []
    for k, v in page.meta.items():
        if isinstance(v, dict | list):
            flatten(f"meta · {k}", v, details)
        else:
            shown.append((str(k), str(v)))
    return shown, details


def counts_line(page: Page, decisions: dict[str, int]) -> str:
    per_type: Counter[str] = Counter(b.type.value for b in page.blocks)
    parts = [f"{n} {t.replace('_', ' ')}" for t, n in per_type.most_common()]
    moderated = ", ".join(f"{decisions[d]} {d}" for d in DECISIONS if decisions.get(d))
    return (
        f"{len(page.text):,} characters · {len(page.blocks)} blocks"
        + (f" ({', '.join(parts)})" if parts else "")
        + f" · {len(page.comments)} comments" + (f" ({moderated})" if moderated else "")
        + f" · {len(page.findings)} findings"
    )
