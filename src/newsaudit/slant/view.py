"""A text region cut into sentences and tokens, with each token's quotation status."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newsaudit.slant.features import article_counts
from newsaudit.slant.text import Covered, Token, quoted_regions, sentences, tokenize


@dataclass
class Sentence:
    start: int
    end: int
    tokens: list[Token]
    quoted: list[bool]


@dataclass
class TextView:
    text: str
    sentences: list[Sentence]
    counts: Counter[str]
    quotes: list[tuple[int, int]]

    @property
    def tokens(self) -> list[Token]:
        return [t for s in self.sentences for t in s.tokens]


def view_of(text: str, regions: list[tuple[int, int]] | None = None) -> TextView:
    """Sentences and tokens of ``text`` (or only of the given regions, e.g. an article's paragraphs)."""
    regions = regions if regions is not None else [(0, len(text))]
    out: list[Sentence] = []
    quotes: list[tuple[int, int]] = []
    for region_start, region_end in regions:
        region_quotes = quoted_regions(text, region_start, region_end)
        quotes.extend(region_quotes)
        quoted = Covered(region_quotes)
        for start, end in sentences(text, region_start, region_end):
            tokens = tokenize(text[start:end], start)
            if tokens:
                flags = [quoted.covers(t.start) for t in tokens]
                out.append(Sentence(start, end, tokens, flags))
    all_tokens = [t for s in out for t in s.tokens]
    return TextView(text, out, article_counts(all_tokens), quotes)
