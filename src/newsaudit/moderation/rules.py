"""The pattern language of the moderation lexicons, compiled to regexes and indexed by the words a match needs.

A lexicon row's pattern is written for people (``data/lexicons/macros.tsv`` describes the language): a letter
stands for its leetspeak and stretched forms ("j3ws", "jeeews"), a space for any gap within a sentence, and
``{MACRO}`` for a shared list. :func:`fuzz` writes such a pattern out as a Python regex. Running hundreds of
rules on every comment would be slow, so each rule is also indexed by the words any match of it must contain
(:func:`needs`, worked out from the pattern as ``re``'s own parser reads it); :mod:`newsaudit.moderation.lexicon`
runs only the rules whose words a comment has, and decides in context which matches are hits.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from re import _parser  # type: ignore[attr-defined]
from typing import Any

#: Leetspeak a letter may take after the first letter of a word ("j3ws", "n1gger", "niqqa"), and punctuation
#: it may take only between two letters ("k!ke"), so that "Israel!" is not "Israeli".
_LEET = {"a": "4", "e": "3", "g": "q9", "i": "1", "o": "0", "s": "5z", "t": "7"}
_LEET_INSIDE = {"a": "@", "i": "!", "s": "$"}
_QUANTIFIERS = ("?", "*", "+", "{")
_GAP = r"(?:[^\w.!?…\n]|_)+"  # what a space in a pattern stands for: spaces and punctuation within a sentence
_GROUP_OPEN = re.compile(r"\(\?(?:[:!=]|<[=!])")

# -- canonical words (leetspeak undone, optionally repeats collapsed): of patterns here, of texts in lexicon.py ---
LEET_PLAIN = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "q": "g", "z": "s"}
LEET_SYMBOL = {"!": "i", "$": "s", "@": "a"}  # also punctuation: a second reading of the text maps them
WORD = re.compile(r"[^\W_]+")
REPEAT = re.compile(r"(\w)\1+")
_STR_B = str.maketrans({**LEET_PLAIN, **LEET_SYMBOL})
_UNKNOWN = "\0"
#: Words too common to pick as the word a rule is indexed by, when the rule offers a rarer one.
_COMMON = frozenset(
    "the a an of to in on at by for and or is are was were be been being it its he she they them we us you your "
    "our all that this these those with as not no do does did have has had will would should must can people "
    "man men just so but from up out there their who what which".split()
)


def _text(name: str) -> str:
    return resources.files("newsaudit").joinpath("data", "lexicons", name).read_text(encoding="utf-8")


def rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a lexicon file; '#' lines are comments."""
    return [line.split("\t") for line in _text(name).splitlines() if line.strip() and not line.startswith("#")]


def fuzz(pattern: str, macros: dict[str, str]) -> str:
    """Pattern language -> regex. Letters tolerate repeats, leetspeak and a '*' inside a word; ' ' is any gap."""
    out: list[str] = []
    i, n, prev_letter = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        nxt = pattern[i + 1] if i + 1 < n else ""
        letter = "a" <= c <= "z"
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif c == "[":
            j = pattern.index("]", i + 2)
            out.append(pattern[i : j + 1])
            i = j + 1
        elif pattern.startswith(("(?<=", "(?<!"), i):  # a look-behind must stay fixed-width: copied as is
            j = pattern.index(")", i)
            out.append(pattern[i : j + 1])
            i = j + 1
        elif pattern.startswith("(?", i):
            m = _GROUP_OPEN.match(pattern, i)
            if m is None:
                raise ValueError(f"unsupported group in lexicon pattern {pattern!r}")
            out.append(m.group())
            i = m.end()
        elif c == "{" and nxt.isupper():
            j = pattern.index("}", i)
            out.append(f"(?:{macros[pattern[i + 1 : j]]})")
            i = j + 1
        elif c == " ":
            out.append(f"(?:{_GAP})?" if nxt == "?" else _GAP)
            i += 2 if nxt == "?" else 1
        elif letter:
            run = 1  # a doubled letter in the pattern ("faggot") is one unit: g{2,}
            while pattern[i + run : i + run + 1] == c and pattern[i + run + 1 : i + run + 2] not in _QUANTIFIERS:
                run += 1
            after, after2 = pattern[i + run : i + run + 1], pattern[i + run + 1 : i + run + 2]
            inside = prev_letter and "a" <= after <= "z" and after2 != "?"  # a letter on both sides
            extra = (_LEET.get(c, "") if prev_letter else "") + (_LEET_INSIDE.get(c, "") + "*" if inside else "")
            cls = f"[{c}{extra}]" if extra else c
            if run > 1:
                out.append(cls * (run - 1) + cls + "+")
            elif not prev_letter and not extra and after not in _QUANTIFIERS:
                out.append(f"{c}(?:{c}{c}+)?")  # a plain first letter, so the regex has a literal prefix
            elif after in ("*", "+") or (after == "{" and after2.isdigit()):
                out.append(cls)
            else:  # once, or stretched to three or more ("gayyy"); a double would turn "dems" into "deems"
                out.append(f"(?:{cls}|{cls}{{3,}})")
            i += run
        else:
            out.append(c)
            i += 1
        prev_letter = letter
    return "".join(out)


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern; each becomes its own regex, indexed by its own words."""
    parts, depth, i, last = [], 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif c == "[":
            i = pattern.index("]", i + 2)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[last:i])
            last = i + 1
        i += 1
    return [*parts, pattern[last:]]


def _language(items: Any, cap: int = 2048) -> set[str] | None:
    """Strings a parsed pattern (``re._parser`` items) matches, "\\0" standing for text not worked out; None when
    there are more than ``cap``."""
    out = {""}
    for op, av in items:
        kind = str(op)
        part: set[str] | None
        if kind == "LITERAL":
            part = {chr(av)}
        elif kind == "IN" and all(str(o) == "LITERAL" for o, _ in av):
            part = {chr(c) for _, c in av}
        elif kind == "SUBPATTERN":
            part = _language(av[3], cap)
        elif kind == "BRANCH":
            subs = [_language(b, cap) for b in av[1]]
            part = None if None in subs else {s for sub in subs if sub is not None for s in sub}
        elif kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            inner = _language(sub, cap) or {_UNKNOWN}
            if all(len(s) == 1 for s in inner):  # a repeated character: once or twice, as in "faggot"
                inner = inner | ({s + s for s in inner} if hi > 1 else set())
            elif hi > 1:
                inner = inner | {a + _UNKNOWN + b for a in inner for b in inner}
            part = inner | {""} if lo == 0 else inner
        elif kind in ("AT", "ASSERT", "ASSERT_NOT"):
            part = {""}
        else:
            part = {_UNKNOWN}
        out = {a + b for a in out for b in (part or {_UNKNOWN})}
        if len(out) > cap:
            return None
    return out


def _canon_words(text: str, collapse: bool) -> list[str]:
    """Words of a pattern string as the index sees them: leetspeak undone, repeats optionally collapsed."""
    text = text.translate(_STR_B)
    if collapse:
        text = REPEAT.sub(r"\1", text)
    return [m.group() for m in WORD.finditer(text)
            if _UNKNOWN not in text[max(m.start() - 1, 0) : m.start()] + text[m.end() : m.end() + 1]]


def needs(pattern: str) -> tuple[frozenset[str], ...]:
    """Word sets a match of ``pattern`` must meet (one word of each), rarest first; () when none is certain."""
    segments: list[list[Any]] = [[]]
    for item in _parser.parse(pattern):  # a literal space or other punctuation ends a word
        if str(item[0]) == "LITERAL" and not chr(item[1]).isalnum():
            segments.append([])
        else:
            segments[-1].append(item)
    found = []
    for segment in segments:
        strings = _language(segment) if segment else None
        if not strings:
            continue
        words: set[str] = set()
        for s in strings:
            plain = _canon_words(s, collapse=False)
            if not plain:
                break
            best = max(plain, key=lambda w: (w not in _COMMON, len(w)))
            words.add(best)
            words.update("~" + w for w in _canon_words(best, collapse=True))
        else:
            found.append(frozenset(words))

    def rarity(words: frozenset[str]) -> tuple[tuple[bool, int], int]:
        return min((w not in _COMMON, len(w)) for w in words), -len(words)

    return tuple(sorted(found, key=rarity, reverse=True))


def literal_prefix(pattern: str) -> str:
    """The fixed text a pattern's every match starts with, e.g. "(((" for the triple-parentheses echo."""
    prefix = ""
    for op, av in _parser.parse(pattern):
        if str(op) == "LITERAL":
            prefix += chr(av)
        elif str(op) == "MAX_REPEAT" and av[0] >= 1 and [str(o) for o, _ in av[2]] == ["LITERAL"]:
            prefix += chr(av[2][0][1]) * av[0]
            if av[1] != av[0]:
                break
        else:
            break
    return prefix


def expand(pattern: str, plain: dict[str, str]) -> str:
    """A pattern with its {MACRO}s written out as plain regex."""
    return re.sub(r"\{([A-Z_]+)\}", lambda m: f"(?:{plain[m.group(1)]})", pattern)


def _raw_macros() -> dict[str, str]:
    raw = {row[0]: row[1] for row in rows("macros.tsv")}
    raw["GROUP"] = "|".join(row[0] for row in rows("groups.tsv"))
    return raw


@cache
def macros() -> tuple[dict[str, str], dict[str, str]]:
    """Macros as fuzzed regex (for matching) and as plain regex (for working out the words a rule needs)."""
    raw = _raw_macros()
    fuzzed: dict[str, str] = {}
    plain: dict[str, str] = {}

    def define(name: str) -> None:
        if name not in fuzzed:
            needed = re.findall(r"\{([A-Z_]+)\}", raw[name])
            for k in needed:
                define(k)
            fuzzed[name] = fuzz(raw[name], fuzzed)
            # GROUP is too big to gain words from: an unknown word keeps working out the rest cheap
            plain[name] = r"\w+" if name == "GROUP" else expand(raw[name], plain)

    for name in raw:
        define(name)
    return fuzzed, plain


def word_regex(body: str, raw: bool) -> re.Pattern[str]:
    """A rule's regex, word-bounded unless ``raw``; a leading letter goes before the look-behind so the engine can
    skip to it."""
    if raw:
        return re.compile(body)
    first = body[0]
    if "a" <= first <= "z" and body[1:2] not in _QUANTIFIERS:
        return re.compile(rf"{first}(?<!\w{first}){body[1:]}(?!\w)")
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")
