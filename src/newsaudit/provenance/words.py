"""Words as re-posting leaves them comparable: case, quotes, dashes, accents and whitespace folded away."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)


@dataclass(frozen=True)
class Word:
    norm: str
    start: int
    end: int


@lru_cache(maxsize=1 << 18)
def normalise(word: str) -> str:
    """Lower case, no accents, straight apostrophes: "Don’t" and "don't" compare equal."""
    folded = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text[start:end]`` with their offsets in ``text``; punctuation is not a word."""
    end = len(text) if end is None else end
    return [Word(normalise(m.group()), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def norms(text: str) -> list[str]:
    """``[w.norm for w in words(text)]`` without building offsets: what indexing and lookup need, 3-4x faster.

    Curly apostrophes become straight ones first (the word pattern treats both alike, so the matches
    do not move); an ASCII text is then lower-cased once, which is all ``normalise`` does to ASCII.
    """
    straight = text.replace("’", "'")
    if straight.isascii():
        return _WORD.findall(straight.lower())
    return [normalise(w) for w in _WORD.findall(straight)]
