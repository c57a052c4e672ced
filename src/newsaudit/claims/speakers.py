"""Who a source is: "Dillon" resolved to the fullest mention on the page, with the role the page gives.

News copy names a speaker in full once ("Army Colonel Ryan Dillon, a Baghdad-based spokesman for the
U.S.-led coalition") and then by surname, pronoun or a definite description ("the ministry"). A reader
counting who is quoted must count those as one speaker, and a fact-checker wants the full name and role.
No parser or coreference model is needed for the common cases: capitalised runs, appositives and the
previous speaker carry most of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsaudit.claims.sourcing import classify_source, strip_article

#: A run of capitalised words (initials, hyphens and "U.S." included), the shape of a name in news prose.
_CAPITALISED_RUN = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[(“\"‘]))(?:[A-Z][\w.'’-]*|al-\w+)(?:\s+(?:[A-Z][\w.'’-]*))*")
#: An appositive role right after a name: ", a Baghdad-based spokesman for the U.S.-led coalition,".
_APPOSITIVE = re.compile(
    r",\s+((?:an?|the|his|her|their|its|who is|who was)\s[^,;\n]{3,140}?|[a-z][\w-]*\s[^,;\n]{2,140}?)"
    r"(?=,|;|\.(?:\s|$)|\n|\s+(?:said|says|told|added|warned|wrote)\b)",
)
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "it", "we", "i"})
#: The articles a capitalised run may open with ("The Russian Defence Ministry").
_LEADING_ARTICLES = re.compile(r"(?:(?:the|a|an)\s+)*", re.IGNORECASE)
_NOT_ROLE_START = re.compile(
    r"^(?:said|says|adding|added|told|who (?:said|spoke|asked|declined|requested)|speaking|asked|declined|which|that|"
    r"and|but|in|on|at|when|according)\b"
)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A source resolved: the name, the role the page gives, and where its fullest mention is."""

    name: str
    role: str | None
    start: int
    end: int
    #: how it was resolved: "as written", "fullest mention", "pronoun", "definite description"
    how: str = "as written"

    @property
    def full(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name


def is_pronoun(phrase: str) -> bool:
    return phrase.strip().lower() in _PRONOUNS


def resolve_speaker(
    text: str, start: int, end: int, previous: Sequence[Speaker] = (), person: bool = True
) -> Speaker:
    """The speaker a source span ``text[start:end]`` names, read against the whole page.

    ``previous`` holds the speakers of the attributions before this one, most recent last: a pronoun
    source is the most recent of them. ``person``: the source names a person (``sourcing.classify_source``
    said ``named``), so its name is looked for in full elsewhere on the page; other sources stay as
    written, except a definite description ("the ministry"), which is the institution named before.
    """
    offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
    phrase = text[start:end].strip()
    if is_pronoun(phrase):
        if previous:
            last = previous[-1]
            return Speaker(last.name, last.role, last.start, last.end, "pronoun")
        named = _person_before(text, start) if phrase.lower() in {"he", "she", "him", "her"} else None
        if named is not None:
            return named
        return Speaker(phrase, None, offset, offset + len(phrase))
    described = _definite_description(text, start, phrase)
    if described is not None:
        return described
    head, _, apposed = phrase.partition(", ")  # "Army Colonel Ryan Dillon, a Baghdad-based spokesman ..."
    names = (_name_runs(head) or _name_runs(phrase)) if person else []
    if not names:
        role = _appositive(text, offset + len(phrase))
        bare = strip_article(phrase)
        if bare[:1].isupper() and bare != phrase:  # "The Russian Defence Ministry" is "Russian Defence Ministry"
            return Speaker(bare, role, offset + len(phrase) - len(bare), offset + len(phrase))
        return Speaker(phrase, role, offset, offset + len(phrase))
    name_start, name_end = names[-1]
    name = phrase[name_start:name_end]
    in_source = " ".join(apposed.split()).strip(" ,") if _appositive(", " + apposed + ",", 0) else None
    before = strip_article(phrase[:name_start].strip(" ,")) or None
    fullest = _fullest_mention(text, name)
    if fullest is not None and len(fullest[2]) > len(name):
        f_start, f_end, f_name = fullest
        return Speaker(f_name, _appositive(text, f_end) or in_source or before, f_start, f_end, "fullest mention")
    role = in_source or _appositive(text, offset + name_end) or before
    if role is None and fullest is not None:
        role = _appositive(text, fullest[1])
    return Speaker(name, role, offset + name_start, offset + name_end)


def _person_before(text: str, start: int) -> Speaker | None:
    """The last person named before ``start`` (a capitalised run with a first name and a surname, or a title),
    for a pronoun no earlier attribution explains: "Health Minister Kwame Asante visited ... He told reporters"."""
    window = max(0, start - 600)
    for match in reversed(list(_CAPITALISED_RUN.finditer(text, window, start))):
        name_start = _bare_start(text, match.start(), match.end())
        name = " ".join(text[name_start : match.end()].split())
        if len(name.split()) < 2 or classify_source(name) != "named":
            continue
        return Speaker(name, _appositive(text, match.end()), name_start, match.end(), "pronoun")
    return None


def _bare_start(text: str, start: int, end: int) -> int:
    """Where the capitalised run ``text[start:end]`` starts once its leading articles are dropped."""
    match = _LEADING_ARTICLES.match(text, start, end)
    return match.end() if match is not None else start


def _name_runs(phrase: str) -> list[tuple[int, int]]:
    """Capitalised runs in a source phrase that are not just an article or a title-cased common word."""
    runs = []
    for match in _CAPITALISED_RUN.finditer(phrase):
        run_start = _bare_start(phrase, match.start(), match.end())
        if phrase[run_start : match.end()].lower() not in {"the", "a", "an"}:
            runs.append((run_start, match.end()))
    return runs


def _fullest_mention(text: str, name: str) -> tuple[int, int, str] | None:
    """The longest capitalised run on the page that ends with ``name``'s last word and contains all of it."""
    words = name.split()
    if not words:
        return None
    best: tuple[int, int, str] | None = None
    for end in _word_ends(text, words[-1].strip(".,")):
        run = _run_ending_at(text, end)
        if run is None:
            continue
        run_start, run_text = run
        if not all(w in run_text.split() for w in words):
            continue
        if best is None or len(run_text) > len(best[2]):
            best = (run_start, end, run_text)
    return best


def _word_ends(text: str, word: str) -> list[int]:
    r"""Where each match of ``\bWORD\b`` in ``text`` ends, found with ``str.find`` (a regex tried at every place of
    the page cost more than the rest of the speaker's resolution)."""
    if not word:
        return [m.end() for m in re.finditer(r"\b\b", text)]
    out = []
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if _boundary(text, at) and _boundary(text, end):
            out.append(end)
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)
    return out


def _boundary(text: str, at: int) -> bool:
    r"""``\b`` at ``at``: a word character on one side only (``\w`` is what ``isalnum`` says, and "_")."""
    before = at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")
    after = at < len(text) and (text[at].isalnum() or text[at] == "_")
    return before != after


_NOT_IN_RUN = re.compile(r"[^\w.'’\- \t]")
_RUN_AT_END = re.compile(r"(?<![\w.'’-])((?:[A-Z][\w.'’-]*[ \t]+)*[A-Z][\w.'’-]*)$")


def _run_ending_at(text: str, end: int) -> tuple[int, str] | None:
    """The capitalised run that ends at ``end``, a leading "The" dropped."""
    if end <= 0:
        return None
    window = max(0, end - 200)
    if text[end - 1] == "\n":  # "$" matches before a final line break too: the whole window is searched
        match = _RUN_AT_END.search(text, window, end)
    else:  # a run holds only word characters, . ' ’ - and blanks: no match starts before the last other character
        other = _NOT_IN_RUN.search(text[end - 1 : window - 1 if window else None : -1])
        match = _RUN_AT_END.search(text, window if other is None else end - other.start(), end)
    if match is None:
        return None
    start = _bare_start(text, match.start(), end)
    return start, text[start:end]


def _appositive(text: str, end: int) -> str | None:
    match = _APPOSITIVE.match(text, end)
    if match is None:
        return None
    role = " ".join(match.group(1).split())
    if _NOT_ROLE_START.match(role) or len(role.split()) > 20 or re.search(r"\d", role):
        return None  # a figure is the content's, not a role: "According to the ONS, the economy grew 0.3%"
    return role


def _definite_description(text: str, start: int, phrase: str) -> Speaker | None:
    """"the ministry" -> the most recent earlier capitalised mention whose last word is "Ministry"."""
    match = re.fullmatch(r"(?:the|this|that)\s+(?:\w+\s+)?(\w+)", phrase, re.IGNORECASE)
    if match is None:
        return None
    head = match.group(1)
    for end in reversed(_word_ends(text[:start], head.capitalize())):
        run = _run_ending_at(text, end)
        if run is not None and len(run[1].split()) > 1:
            return Speaker(run[1], None, run[0], end, "definite description")
    return None
