"""Load the pattern lists and the agency table that live as data under ``newsaudit/data``.

Patterns are data, not code, so that a new share widget or news agency is a
one-line change reviewed like any other data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources


def _data_text(*parts: str) -> str:
    return resources.files("newsaudit").joinpath("data", *parts).read_text(encoding="utf-8")


@cache
def patterns(name: str) -> tuple[re.Pattern[str], ...]:
    """Compiled case-insensitive patterns from ``data/patterns/NAME.txt`` (``#`` lines are comments)."""
    compiled = []
    for raw in _data_text("patterns", f"{name}.txt").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            compiled.append(re.compile(line, re.IGNORECASE))
    return tuple(compiled)


@cache
def _combined(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The list as two alternations, anchored ones (tried at the start only) and the rest.

    One C-level scan then says whether any pattern matches, which matters on long pages.
    """
    anchored = [p.pattern for p in patterns(name) if p.pattern.startswith("^")]
    floating = [p.pattern for p in patterns(name) if not p.pattern.startswith("^")]

    def alternation(items: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in items) or r"(?!)", re.IGNORECASE)

    return alternation(anchored), alternation(floating)


@lru_cache(maxsize=1 << 14)
def match_any(name: str, line: str) -> re.Pattern[str] | None:
    """The first pattern of list ``name`` that matches ``line`` (for the reason), or None.

    Remembered for the last 16,384 lines asked about: the rules ask about a line more than once, and a site's
    furniture comes back on every page of it (the pattern lists are read once, so the answer never goes stale).
    """
    anchored, floating = _combined(name)
    if not (anchored.match(line) or floating.search(line)):
        return None
    for pattern in patterns(name):
        if pattern.search(line):
            return pattern
    return None


def _word_list(name: str) -> frozenset[str]:
    lines = _data_text(name).splitlines()
    return frozenset(w.strip().casefold() for w in lines if w.strip() and not w.startswith("#"))


@cache
def non_name_words() -> frozenset[str]:
    return _word_list("non_name_words.txt")


@cache
def nav_words() -> frozenset[str]:
    return _word_list("nav_words.txt")


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    names: tuple[str, ...]
    credit: tuple[re.Pattern[str], ...]
    kind: str = "news_agency"  # or "press_release": a distribution wire, not a newsroom


@cache
def agencies() -> tuple[Agency, ...]:
    table = json.loads(_data_text("agencies.json"))["agencies"]
    return tuple(
        Agency(
            id=a["id"],
            name=a["name"],
            names=tuple(a["names"]),
            credit=tuple(re.compile(p, re.IGNORECASE) for p in a.get("credit", [])),
            kind=a.get("kind", "news_agency"),
        )
        for a in table
    )


@cache
def _agency_by_name() -> dict[str, Agency]:
    index: dict[str, Agency] = {}
    for agency in agencies():
        for name in (*agency.names, agency.name):  # also the full name: "Press Trust of India" as well as "PTI"
            # Short all-caps acronyms ("AP", "PA") are only trusted in their exact case.
            key = name if (len(name) <= 3 and name.isupper()) else name.casefold()
            index[key] = agency
    return index


def agency_named(name: str) -> Agency | None:
    """The agency ``name`` is, also with its desk's suffix ("Bloomberg News", "Reuters Staff")."""
    name = name.strip()
    index = _agency_by_name()
    found = index.get(name) or index.get(name.casefold())
    if found is None and (bare := _DESK_SUFFIX.sub("", name)) != name:
        found = index.get(bare) or index.get(bare.casefold())
    return found


_DESK_SUFFIX = re.compile(r"\s+(?:news(?:\s+service)?|wire|staff|newsroom)$", re.I)


@cache
def _any_agency_credit() -> re.Pattern[str]:
    alternatives = [f"(?:{p.pattern})" for a in agencies() for p in a.credit]
    return re.compile("|".join(alternatives) or r"(?!)", re.IGNORECASE)


def agency_credit(line: str) -> Agency | None:
    if not _any_agency_credit().search(line):
        return None
    for agency in agencies():
        if any(p.search(line) for p in agency.credit):
            return agency
    return None
