"""Pages with a known seam, for training and evaluating the own-voice model (``provenance/voice.py``).

No public corpus marks where a re-poster's own words start and the copied
report begins, so pages are built from two real sources whose voice is known:
PolNeAR articles (political news, reported and attributed) are the copied
report, and runs of PTC paragraphs that carry at least one annotated
propaganda span outside quotation marks are the slanted lead or tail a
re-poster adds. Both corpora are split into the same five folds by article
(``ptc_data.article_folds``), and a page only mixes articles of one fold, so a
model trained on four folds never saw the fifth's articles.

Whole PTC articles are kept as ``opinion`` pages: own voice throughout, with no
seam to find. They test that the model does not cut an opinion blog in two.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsaudit.anatomy.patterns import QUOTED
from newsaudit.provenance.voice import is_prose_paragraph
from newsaudit.training.ptc_data import article_folds, load_ptc

N_FOLDS = 5
PSEUDO_PARAGRAPH_WORDS = 35

#: Share of news pages that get a slanted lead, a tail, both, or nothing.
KIND_WEIGHTS = {"lead": 0.45, "tail": 0.15, "lead+tail": 0.10, "none": 0.30}


@dataclass(frozen=True)
class VoicePage:
    id: str
    title: str
    paragraphs: list[str]
    own: list[bool]  # gold: the paragraph was added in the page's own voice (none on opinion pages: no seam)
    kind: str  # lead, tail, lead+tail, none, opinion
    fold: int

    @property
    def text(self) -> str:
        """The page as a text dump: title, then paragraphs separated by blank lines.

        PolNeAR's title lines end with a full stop, which headlines on real pages do not have; it is
        dropped so that the title reads as a headline, as it would on the page.
        """
        return "\n\n".join([self.headline, *self.paragraphs])

    @property
    def headline(self) -> str:
        return self.title.rstrip(". ")

    def own_spans(self) -> list[tuple[int, int]]:
        """Character spans of the own-voice paragraphs in :attr:`text`."""
        spans, at = [], len(self.headline) + 2
        for paragraph, own in zip(self.paragraphs, self.own, strict=True):
            if own:
                spans.append((at, at + len(paragraph)))
            at += len(paragraph) + 2
        return spans


@dataclass(frozen=True)
class _Slanted:
    article: str
    fold: int
    paragraphs: list[str]
    slanted: list[bool]


def _pieces(text: str) -> list[tuple[int, int]]:
    """Paragraph spans of a PTC article body.

    PTC keeps one sentence per line; where blank lines mark paragraphs (about 1 article in 10) a
    blank-line block is a paragraph. Elsewhere the breaks are lost, and consecutive sentences are
    grouped until a group has ``PSEUDO_PARAGRAPH_WORDS`` words, the length of a news paragraph.
    """
    blocks = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    if len(blocks) >= 3:
        return blocks
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"\S.*", text):
        if spans and len(text[spans[-1][0] : spans[-1][1]].split()) < PSEUDO_PARAGRAPH_WORDS:
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return spans


def _ptc_paragraphs(text: str, spans: list[tuple[str, int, int]]) -> tuple[list[str], list[bool]]:
    """Paragraphs of a PTC article body and whether each holds a technique span outside quotes."""
    paragraphs, slanted = [], []
    for start, end in _pieces(text):
        chunk = text[start:end].rstrip()
        end = start + len(chunk)
        if not is_prose_paragraph(chunk):
            continue
        quotes = [(start + m.start(), start + m.end()) for m in QUOTED.finditer(chunk)]
        hit = any(
            s < end and e > start and not any(qs <= s and e <= qe for qs, qe in quotes) for _, s, e in spans
        )
        paragraphs.append(" ".join(chunk.split()))
        slanted.append(hit)
    return paragraphs, slanted


def load_sources(data_root: Path) -> tuple[list[tuple[str, str, list[str], int]], list[_Slanted]]:
    """News articles ``(id, title, paragraphs, fold)`` from PolNeAR and PTC articles with slant marks."""
    # the re-post corpus's reader lives with the benchmarks (repository root, not installed), as make models runs
    from benchmarks.provenance_corpus import load_originals

    news = [o for o in load_originals(data_root) if o.source == "polnear"]
    news_folds = article_folds([o.id for o in news], N_FOLDS)
    articles = load_ptc(data_root)
    ptc_folds = article_folds([a.id for a in articles], N_FOLDS)
    slanted = []
    for article in articles:
        lines = article.text.split("\n", 1)
        body_at = len(lines[0]) + 1 if len(lines) > 1 else 0
        paragraphs, marks = _ptc_paragraphs(
            article.text[body_at:], [(t, s - body_at, e - body_at) for t, s, e in article.spans]
        )
        if paragraphs:
            slanted.append(_Slanted(article.id, ptc_folds[article.id], paragraphs, marks))
    # Only running text, as the stage sees it (``is_prose_paragraph``): subheads and photo lines are left out.
    clean = [(o.id, o.title, [p for p in o.text.split("\n\n") if is_prose_paragraph(p)], news_folds[o.id])
             for o in news]
    return clean, slanted


def _run(rng: random.Random, pool: list[_Slanted], most: int) -> list[str]:
    """1..most consecutive paragraphs of one PTC article, starting at a slanted one."""
    while True:
        article = rng.choice(pool)
        starts = [i for i, s in enumerate(article.slanted) if s]
        if starts:
            i = rng.choice(starts)
            return article.paragraphs[i : i + rng.randint(1, most)]


def make_pages(data_root: Path, seed: int = 0) -> list[VoicePage]:
    """Every PolNeAR article once, as a page of its fold with a seeded slanted lead/tail, plus opinion pages."""
    news, slanted = load_sources(data_root)
    rng = random.Random(seed)
    kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
    pages: list[VoicePage] = []
    for article_id, title, paragraphs, fold in news:
        pool = [s for s in slanted if s.fold == fold and any(s.slanted)]
        kind = rng.choices(kinds, weights)[0] if pool else "none"  # a fold with no slanted article adds nothing
        lead = _run(rng, pool, 3) if "lead" in kind else []
        tail = _run(rng, pool, 2) if "tail" in kind else []
        own = [True] * len(lead) + [False] * len(paragraphs) + [True] * len(tail)
        pages.append(VoicePage(article_id, title, [*lead, *paragraphs, *tail], own, kind, fold))
    for article in slanted:
        if len(article.paragraphs) >= 3:
            title = "Opinion " + article.article
            pages.append(
                VoicePage(f"ptc:{article.article}", title, article.paragraphs, [False] * len(article.paragraphs),
                          "opinion", article.fold)
            )
    return pages


def folds(pages: list[VoicePage]) -> Iterator[tuple[int, list[VoicePage], list[VoicePage]]]:
    """``(fold, train, test)`` for each of the five folds."""
    for fold in range(N_FOLDS):
        yield fold, [p for p in pages if p.fold != fold], [p for p in pages if p.fold == fold]
