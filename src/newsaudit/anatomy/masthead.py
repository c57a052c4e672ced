"""The top of a page: site furniture, the title, and the byline block under it.

Dumps often start with a site name, a navigation bar, a breadcrumb or a
section label before the headline, and put author, agency and date lines
between the headline and the story. The masthead is every line before the
first line of prose (or the dateline); the title is the most headline-like of
its lines, and what stands above it is furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsaudit.anatomy.classify import boilerplate_reason, byline_names, credit_reason, find_dateline, is_date
from newsaudit.anatomy.lexicon import agency_named
from newsaudit.anatomy.lines import Line
from newsaudit.anatomy.patterns import BYLINE_ROLE

MAX_LEAD_LINES = 14
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*$")
_SMALL_WORDS = frozenset("a an and as at by for from in into of on or over the to under up with vs".split())


@dataclass
class Masthead:
    title: Line | None = None
    title_reason: str = ""
    #: line index -> (kind, reason, attrs) for masthead lines other than the title
    labels: dict[int, tuple[str, str, dict]] = field(default_factory=dict)


def is_prose(line: Line) -> bool:
    """A line that reads as running text rather than a heading or label."""
    return line.words >= 25 or (line.words >= 10 and bool(_SENTENCE_END.search(line.text)))


def lead_zone(content: list[Line], skip: set[int] | None = None) -> list[Line]:
    """Lines above the story: everything before the first prose line or dateline (``skip``: ignore these)."""
    lead: list[Line] = []
    for line in content[:MAX_LEAD_LINES]:
        if skip and line.index in skip:
            lead.append(line)
            continue
        # The first line may be a title however it ends ("Why Is It So Contagious?").
        first_short = not lead and line.words <= 30 and not find_dateline(line)
        if not first_short and (is_prose(line) or find_dateline(line)):
            break
        lead.append(line)
    return lead


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().casefold()


def _title_score(line: Line, meta_title: str | None, is_last: bool) -> float | None:
    """How headline-like a masthead line is; None when it cannot be the title."""
    text = line.text
    words = text.split()
    if meta_title and _norm(meta_title) and _norm(text) == _norm(meta_title):
        return 100.0
    if len(words) < 3 or len(text) > 250 or len(words) > 30:
        return None
    if text.endswith((".", ",", ";")) and not text.endswith("..."):
        return None
    if re.search(r"\s[|·•»›]\s|\s/\s", text):  # a navigation bar or breadcrumb
        return None
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return None  # an all-caps site name or kicker
    lower = [w for w in words if w[:1].islower()]
    small = [w for w in words if w.casefold() in _SMALL_WORDS]
    if not lower and not small and len(words) > 4:
        return None  # "Home News Sports Obituaries Opinion": a menu, not a sentence
    score = min(len(words), 14) + (3 if lower else 0) + (1 if small else 0)
    if len(words) <= 4:
        score -= 4
    if is_last:
        score += 2
    return float(score)


def read_masthead(lead: list[Line], meta_title: str | None) -> Masthead:
    result = Masthead()
    labelled: dict[int, tuple[str, str, dict]] = {}
    for line in lead:
        names = byline_names(line, bare_allowed=True)
        reason = None if (names and line.text[:3].lower() == "by ") else boilerplate_reason(line)
        if reason:
            labelled[line.index] = ("boilerplate", reason, {})
            continue
        if names and _norm(line.text) != _norm(meta_title or ""):
            labelled[line.index] = ("byline", "names the story's author(s)", {"authors": names})
        elif agency_named(line.text.strip(" .")):
            labelled[line.index] = ("byline", "names the news agency the story is from", {})
        elif BYLINE_ROLE.match(line.text) or is_date(line):
            labelled[line.index] = ("byline", "role or date line of the byline", {})
        else:
            reason = credit_reason(line)
            if reason:
                labelled[line.index] = ("credit", reason, {})
    candidates: list[Line] = []
    for ln in lead:  # a headline repeated as the first body line counts once, at its first place
        if ln.index not in labelled and all(_norm(c.text) != _norm(ln.text) for c in candidates):
            candidates.append(ln)
    best: tuple[float, Line] | None = None
    for pos, line in enumerate(candidates):
        score = _title_score(line, meta_title, is_last=pos == len(candidates) - 1)
        if score is not None and (best is None or score > best[0]):
            best = (score, line)
    if best is None:
        # Bare names under no headline are more likely a title than a byline only if nothing else is.
        result.labels = labelled
        return result
    title = best[1]
    result.title = title
    result.title_reason = (
        "equals the page's title metadata" if best[0] >= 100
        else "the most headline-like line above the story (short, no closing full stop)"
    )
    for line in lead:
        if line.index in labelled or line is title:
            continue
        if line.start < title.start:
            labelled[line.index] = ("boilerplate", "site header above the title (site name, menu, section)", {})
    # Names above the title are a site's name more often than a byline.
    for index, (kind, _reason, attrs) in list(labelled.items()):
        line = next(ln for ln in lead if ln.index == index)
        above = line.start < title.start
        if kind == "byline" and "authors" in attrs and above and not line.text.lower().startswith("by "):
            labelled[index] = ("boilerplate", "site header above the title", {})
    result.labels = labelled
    return result
