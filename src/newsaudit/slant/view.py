"""A text region cut into sentences and tokens, with each token's quotation status."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from newsaudit.slant.features import article_counts
from newsaudit.slant.text import Covered, Token, quoted_regions, runs_of, sentence_spans, token_run


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
    runs = runs_of(text, regions)  # tokenized a run at a time, as the claims stage reads them (token_run keeps them)
    run_starts = [start for start, _ in runs]
    for region_start, region_end in regions:
        region_quotes = quoted_regions(text, region_start, region_end)
        quotes.extend(region_quotes)
        quoted = Covered(region_quotes)
        k = bisect.bisect_right(run_starts, region_start) - 1
        run_start, run_end = runs[k] if k >= 0 else (region_start, region_end)
        if not run_start <= region_start <= region_end <= run_end:
            run_start, run_end = region_start, region_end
        run = token_run(text, run_start, run_end)
        for start, end in sentence_spans(text, region_start, region_end):
            tokens = run.between(start, end)
            if tokens:
                flags = [quoted.covers(t.start) for t in tokens] if region_quotes else [False] * len(tokens)
                out.append(Sentence(start, end, tokens, flags))
    all_tokens = [t for s in out for t in s.tokens]
    return TextView(text, out, article_counts(all_tokens), quotes)
