"""Attribution relations, and the brat standoff format PolNeAR stores them in.

An attribution (PolNeAR's scheme, after PARC 3.0) is a **cue** ("said", "warned",
"according to") anchoring who spoke (the **source**) and what they said (the
**content**). Each role is a tuple of character spans: a role may be
discontinuous ("the strikes", he said, "hit 20 targets") and any role but the
cue may be missing (``None``).

The standoff lines are the ones PolNeAR's annotators wrote::

    T1	Source 110 112	we
    T2	Cue 113 119	mocked
    T3	Content 120 211;215 230	the presidential ... hopefuls: ...
    T4	Attribution 113 119	mocked
    E1	Attribution:T4 Content:T3 Cue:T2 Source:T1

(``Attribution-no-source`` stands for ``Attribution`` when there is no source;
``Content2`` lines, a second content of the same cue, are read into the content.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROLES = ("source", "cue", "content")


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``[start, end)`` of the text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def text(self, text: str) -> str:
        return text[self.start : self.end]


#: One role of an attribution: its spans in text order (one unless the role is discontinuous).
Spans = tuple[Span, ...]


@dataclass(frozen=True)
class Attribution:
    """Who (source) said what (content), and the words that say so (cue); offsets into the article text."""

    source: Spans | None
    cue: Spans | None
    content: Spans | None

    def role(self, name: str) -> Spans | None:
        if name not in ROLES:
            raise KeyError(name)
        value: Spans | None = getattr(self, name)
        return value

    def extent(self, name: str) -> Span | None:
        """First character to last character of a role (its gaps included), or None."""
        spans = self.role(name)
        if not spans:
            return None
        return Span(spans[0].start, spans[-1].end)

    def text(self, name: str, text: str) -> str | None:
        """A role's words, its fragments joined by a space (as brat writes them)."""
        spans = self.role(name)
        return None if not spans else " ".join(s.text(text) for s in spans)

    @property
    def anchor(self) -> int:
        """Where the relation sits in the text: its cue's start (else its first span's)."""
        for name in ("cue", "source", "content"):
            spans = self.role(name)
            if spans:
                return spans[0].start
        return 0


def spans_of(*pairs: tuple[int, int]) -> Spans:
    """Sorted, merged spans of ``(start, end)`` pairs (touching or overlapping pairs become one)."""
    merged: list[list[int]] = []
    for start, end in sorted(pairs):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(Span(a, b) for a, b in merged)


_ID_LINE = re.compile(r"^([TER#AMN*]\S*)\t")
_ROLE_OF_TYPE = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}


def _ann_text(path_or_text: str | Path) -> str:
    if isinstance(path_or_text, Path):
        return path_or_text.read_text(encoding="utf-8")
    if "\t" not in path_or_text and "\n" not in path_or_text and path_or_text.endswith(".ann"):
        return Path(path_or_text).read_text(encoding="utf-8")
    return path_or_text


def read_ann(path_or_text: str | Path) -> list[Attribution]:
    """The attributions of a brat ``.ann`` file (a :class:`Path`, a path ending ``.ann``, or the file's text).

    Only relations (E lines) count; text-bound spans that no relation uses are
    dropped (PolNeAR's ``Discuss``/``Discard`` notes). Lines that continue a
    span's text across a newline, and notes (``#``), are skipped. Sorted by anchor.
    """
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[str] = []
    for line in _ann_text(path_or_text).splitlines():
        match = _ID_LINE.match(line)
        if not match:
            continue
        ident = match.group(1)
        fields = line.split("\t")
        if ident.startswith("T") and len(fields) >= 2:
            kind, _, offsets = fields[1].partition(" ")
            pairs = []
            for part in offsets.split(";"):
                bounds = part.split()
                if len(bounds) == 2:
                    pairs.append((int(bounds[0]), int(bounds[1])))
            spans[ident] = (kind, spans_of(*pairs))
        elif ident.startswith("E") and len(fields) >= 2:
            events.append(fields[1])
    out: list[Attribution] = []
    for event in events:
        roles: dict[str, list[Span]] = {name: [] for name in ROLES}
        for arg in event.split():
            kind, _, ref = arg.partition(":")
            role = _ROLE_OF_TYPE.get(re.sub(r"\d+$", "", kind) if kind.startswith("Content") else kind)
            if role is None or ref not in spans:
                continue
            roles[role].extend(spans[ref][1])
        if not any(roles.values()):
            continue
        found = {name: spans_of(*((s.start, s.end) for s in value)) or None for name, value in roles.items()}
        out.append(Attribution(found["source"], found["cue"], found["content"]))
    return sorted(out, key=lambda a: (a.anchor, _key(a)))


def _key(attribution: Attribution) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(x for s in (attribution.role(n) or ()) for x in (s.start, s.end)) for n in ROLES)


def _offsets(spans: Spans) -> str:
    return ";".join(f"{s.start} {s.end}" for s in spans)


def _words(spans: Spans, text: str) -> str:
    # One line per span: a newline inside the span is written as a space (offsets stay exact).
    return " ".join(s.text(text) for s in spans).replace("\r", " ").replace("\n", " ")


def write_ann(attributions: list[Attribution], text: str) -> str:
    """PolNeAR's standoff for ``attributions`` over ``text``: Source, Cue, Content and Attribution T lines, one E line.

    The Attribution T line sits on the cue (``Attribution-no-source`` when there is
    no source); a relation without a cue anchors on its content, else its source.
    """
    lines: list[str] = []
    t = 0
    for e, attribution in enumerate(sorted(attributions, key=lambda a: (a.anchor, _key(a))), start=1):
        refs: dict[str, str] = {}
        for name, kind in (("source", "Source"), ("cue", "Cue"), ("content", "Content")):
            spans = attribution.role(name)
            if not spans:
                continue
            for span in spans:
                if span.end > len(text):
                    raise ValueError(f"{kind} span [{span.start}, {span.end}) runs past the text ({len(text)} chars)")
            t += 1
            refs[kind] = f"T{t}"
            lines.append(f"T{t}\t{kind} {_offsets(spans)}\t{_words(spans, text)}")
        anchor = attribution.cue or attribution.content or attribution.source
        if not anchor:
            continue
        kind = "Attribution" if attribution.source else "Attribution-no-source"
        t += 1
        lines.append(f"T{t}\t{kind} {_offsets(anchor)}\t{_words(anchor, text)}")
        args = [f"{kind}:T{t}"] + [f"{role}:{refs[role]}" for role in ("Content", "Cue", "Source") if role in refs]
        lines.append(f"E{e}\t{' '.join(args)}")
    return "\n".join(lines) + ("\n" if lines else "")
