"""Tokens, sentences and quoted regions of article prose, all with character offsets.

The propaganda model works sentence by sentence (the PTC articles come one
sentence per line; web pages do not), and the slant stage must tell the
outlet's own words from the words it quotes, so quotation regions are found
here too.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

import numpy as np

#: Words (with inner apostrophes and hyphens) and single punctuation marks.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['’\-]\w+)*|[^\w\s]", re.UNICODE)
#: A sentence ends at . ! ? (optionally followed by closing quotes or brackets) before whitespace.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st jr sr inc co corp ltd u.s u.k u.n vs no rep sen gov pres jan feb mar apr "
    "jun jul aug sep sept oct nov dec e.g i.e".split()
)


class Token:
    """A word or punctuation mark with its offsets; ``lower`` is what the models read (curly apostrophes straight).

    A slotted class rather than a dataclass: pages hold tens of thousands of tokens, and every model reads
    ``lower`` of each, so it is computed once, at construction.
    """

    __slots__ = ("end", "lower", "start", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start = start
        self.end = end
        self.text = text
        self.lower = text.lower().replace("’", "'")

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text))


class Covered:
    """Whether a position falls inside one of some spans (which may nest or overlap, as quotes do): a bisect
    over the merged spans, where an ``any`` over every span for every token grew with the square of the text."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def covers(self, pos: int) -> bool:
        k = bisect.bisect_right(self._starts, pos) - 1
        return k >= 0 and pos < self._ends[k]

    def covers_many(self, positions: np.ndarray) -> np.ndarray:
        """:meth:`covers` of each position, as booleans: one sorted search for a page's tokens."""
        if not self._starts:
            return np.zeros(len(positions), dtype=bool)
        k = np.searchsorted(np.asarray(self._starts), positions, side="right") - 1
        return np.asarray((k >= 0) & (positions < np.asarray(self._ends)[np.maximum(k, 0)]))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    # Every character but white space starts a token, so only white space lies between two: the next token is
    # where its text is next found (cheaper than a match object a token).
    out = []
    at = 0
    find = text.find
    for word in _TOKEN.findall(text):
        at = find(word, at)
        out.append(Token(at + offset, at + offset + len(word), word))
        at += len(word)
    return out


class TokenRun:
    """The tokens of ``text[start:end]`` (as :func:`tokenize` gives them) and their starts, to cut from.

    Why: the slant view, the attribution tagger and the attribution rules read the same article runs; each
    tokenizing them again cost more than the three readings of the tokens.
    """

    __slots__ = ("end", "start", "starts", "text", "tokens")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.tokens = tokenize(text[start:end], start)
        self.starts = [t.start for t in self.tokens]

    def between(self, start: int, end: int) -> list[Token]:
        """``tokenize(text[start:end], start)`` for a span inside the run: the run's tokens there, unless one of
        them runs over an edge of the span (``tokenize`` would cut it; the token pattern looks neither behind
        nor ahead, so every other token is the same)."""
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        if (i > 0 and self.tokens[i - 1].end > start) or (j > 0 and self.tokens[j - 1].end > end):
            return tokenize(self.text[start:end], start)
        return self.tokens[i:j]


@functools.lru_cache(maxsize=8)
def token_run(text: str, start: int, end: int) -> TokenRun:
    """The :class:`TokenRun` of ``text[start:end]``, kept for the next reader of the same run (its tokens are
    shared: read them, never change them)."""
    return TokenRun(text, start, end)


def runs_of(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Regions with only white space between them joined: an article read a run of paragraphs at a time (a
    quote may run over several, and one call a run costs far less than one a paragraph)."""
    runs: list[tuple[int, int]] = []
    for start, end in regions:
        if runs and not text[runs[-1][1] : start].strip():
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((start, end))
    return runs


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """``[start, end)`` spans of the sentences in ``text[start:end]``: split at line breaks, then at sentence ends."""
    end = len(text) if end is None else end
    pos = start
    for line in text[start:end].split("\n"):
        line_start = pos
        pos += len(line) + 1
        cut = 0
        for match in _SENTENCE_END.finditer(line):
            word = line[: match.start()].rsplit(None, 1)[-1].lower() if line[: match.start()].strip() else ""
            if match.group().startswith(".") and (word.strip('("“') in _ABBREVIATIONS or len(word) == 1):
                continue
            yield from _trimmed(text, line_start + cut, line_start + match.end())
            cut = match.end()
        yield from _trimmed(text, line_start + cut, line_start + len(line))


@functools.lru_cache(maxsize=64)
def sentence_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """:func:`sentences` of ``text[start:end]``, kept: the slant and claims stages cut the same regions."""
    return tuple(sentences(text, start, end))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


#: A word as the stages count them (inner apostrophes and hyphens kept: "don't", "U.S.-led" is two).
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def word_count(text: str, start: int = 0, end: int | None = None) -> int:
    """Words in ``text[start:end]``."""
    return len(_WORD.findall(text, start, len(text) if end is None else end))


#: Regions up to this many characters have their words counted at once (a list of them all, so not a book's).
_COUNT_AT_ONCE = 100_000


def clip_regions(text: str, regions: list[tuple[int, int]], max_words: int) -> tuple[list[tuple[int, int]], int, bool]:
    """The regions cut after ``max_words`` words; also the words kept and whether anything was cut (a book-length
    dump must not take minutes)."""
    kept: list[tuple[int, int]] = []
    words = 0
    for start, end in regions:
        if end - start <= _COUNT_AT_ONCE:  # counted in C; word by word only where the cut may fall
            count = len(_WORD.findall(text, start, end))
            if words + count <= max_words:
                words += count
                kept.append((start, end))
                continue
        for match in _WORD.finditer(text, start, end):
            words += 1
            if words > max_words:
                if match.start() > start:
                    kept.append((start, match.start()))
                return kept, max_words, True
        kept.append((start, end))
    return kept, words, False


_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"))


def quoted_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans inside quotation marks (the marks included) in ``text[start:end]``.

    Straight double quotes pair up in order; an unclosed curly quote runs to the
    end of its paragraph, as multi-paragraph quotes do in news copy.
    """
    end = len(text) if end is None else end
    regions: list[tuple[int, int]] = []
    for opening, closing in _QUOTE_PAIRS:
        pos = start
        while True:
            open_at = text.find(opening, pos, end)
            if open_at < 0:
                break
            close_at = text.find(closing, open_at + 1, end)
            paragraph_end = text.find("\n", open_at, end)
            paragraph_end = end if paragraph_end < 0 else paragraph_end
            if close_at < 0 or close_at > paragraph_end:
                if opening == '"':
                    break
                regions.append((open_at, paragraph_end))
                pos = paragraph_end
                continue
            # Short quoted words ("so called", scare quotes) are the outlet's voice, not someone else's.
            if len(text[open_at + 1 : close_at].split()) >= 4:
                regions.append((open_at, close_at + 1))
            pos = close_at + 1
    return sorted(regions)


_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|tells|stated|added|warned|warns|claimed|claims|argued|argues|insisted|"
    r"[Aa]ccording to|announced|wrote|writes|tweeted|declared|accused|alleged|asserted|noted|stressed|urged|"
    r"explained|acknowledged|denied|charged|reported|quoted)\b",
)


@functools.lru_cache(maxsize=4096)
def is_attributed(sentence: str) -> bool:
    """Reported speech: the sentence gives someone else's claim ("X said", "according to Y"). Kept: the slant
    stage asks of a sentence once for itself and once for each span in it."""
    return bool(_ATTRIBUTION.search(sentence))
