"""Compare a page with the originals it copies: copied, inserted, dropped and reworded text.

A word of the page counts as copied when it lies in a run of ``shingle`` words
that also occurs in a source, so the comparison ignores order (re-posts move
paragraphs), whitespace, punctuation and quote styles (see ``words``). Then,
sentence by sentence:

* a page sentence mostly copied is *copied*; if some of its words are not in
  the source sentence it came from ("so called" added, a quote cut short), it
  is *reworded*, with the words added and removed;
* a page sentence mostly not copied is *reworded* when it shares enough of its
  content words with a source sentence the page did not copy (a paraphrase),
  else *inserted*;
* a source sentence the page neither copied nor reworded is *dropped*.

Runs of inserted (or dropped) sentences with nothing but whitespace between
them become one passage.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsaudit.provenance.words import Word, words
from newsaudit.slant.text import sentences

#: A page sentence with at least this share of its words copied is copied (or reworded at word level).
COPIED_SHARE = 0.5
#: Content-word overlap (Jaccard) above which an uncopied page sentence is a paraphrase of a source sentence.
PARAPHRASE_OVERLAP = 0.3

_FUNCTION_WORDS = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been has have had it its "
    "this that these those he she they we you i his her their our your not no said says".split()
)


@dataclass(frozen=True)
class Source:
    id: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Passage:
    """Inserted (offsets in the page) or dropped (offsets in the source ``source_id``) text."""

    kind: str  # "inserted" | "dropped"
    start: int
    end: int
    words: int
    source_id: str | None = None


@dataclass(frozen=True)
class Rewording:
    """A page sentence that stands for a source sentence with changed words."""

    start: int
    end: int
    source_id: str
    source_start: int
    source_end: int
    added: tuple[str, ...]  # words of the page sentence that the source sentence does not have
    removed: tuple[str, ...]  # words of the source sentence that the page sentence does not have
    paraphrase: bool  # mostly different words (a rewrite), not a few changed ones


@dataclass(frozen=True)
class SourceShare:
    id: str
    title: str
    copied_words: int  # page words copied from this source
    page_share: float  # of the page's words (in the compared regions)
    source_share: float  # of the source's words that the page keeps


@dataclass
class Alignment:
    page_words: int
    copied_words: int
    sources: list[SourceShare] = field(default_factory=list)
    inserted: list[Passage] = field(default_factory=list)
    dropped: list[Passage] = field(default_factory=list)
    reworded: list[Rewording] = field(default_factory=list)

    @property
    def copied_share(self) -> float:
        return self.copied_words / self.page_words if self.page_words else 0.0


def _shingles(norms: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(norms[i : i + n]) for i in range(len(norms) - n + 1)}


def _covered(norms: Sequence[str], other: set[tuple[str, ...]], n: int) -> np.ndarray:
    """Which words lie in a run of ``n`` words that ``other`` also has."""
    mask = np.zeros(len(norms), dtype=bool)
    for i in range(len(norms) - n + 1):
        if tuple(norms[i : i + n]) in other:
            mask[i : i + n] = True
    return mask


def _content(norms: Sequence[str]) -> set[str]:
    return {w for w in norms if w not in _FUNCTION_WORDS and len(w) > 1}


@dataclass
class _Sentence:
    start: int
    end: int
    first: int  # index of its first word in the document's word list
    last: int  # one past its last word


def _sentences(text: str, tokens: list[Word], regions: Sequence[tuple[int, int]]) -> list[_Sentence]:
    starts = np.array([w.start for w in tokens], dtype=np.int64)
    out = []
    for region_start, region_end in regions:
        for start, end in sentences(text, region_start, region_end):
            first = int(np.searchsorted(starts, start))
            last = int(np.searchsorted(starts, end))
            if last > first:
                out.append(_Sentence(start, end, first, last))
    return out


def _passages(kind: str, spans: list[tuple[int, int, int]], text: str, source_id: str | None) -> list[Passage]:
    """Merge (start, end, words) spans separated only by whitespace."""
    merged: list[Passage] = []
    for start, end, n in sorted(spans):
        if merged and not text[merged[-1].end : start].strip():
            last = merged[-1]
            merged[-1] = Passage(kind, last.start, end, last.words + n, source_id)
        else:
            merged.append(Passage(kind, start, end, n, source_id))
    return merged


def align(
    page_text: str,
    sources: Sequence[Source],
    regions: Sequence[tuple[int, int]] | None = None,
    shingle: int = 4,
) -> Alignment:
    """Align ``page_text`` (only its ``regions``, default all of it) with ``sources``."""
    regions = list(regions) if regions is not None else [(0, len(page_text))]
    page_tokens = words(page_text)
    in_region = np.zeros(len(page_tokens), dtype=bool)
    starts = np.array([w.start for w in page_tokens], dtype=np.int64)
    for region_start, region_end in regions:
        in_region[(starts >= region_start) & (starts < region_end)] = True
    page_norms = [w.norm for w in page_tokens]
    page_shingles = _shingles([w for w, keep in zip(page_norms, in_region, strict=True) if keep], shingle)
    page_sentences = _sentences(page_text, page_tokens, regions)

    source_tokens = [words(s.text) for s in sources]
    source_norms = [[w.norm for w in tokens] for tokens in source_tokens]
    # per source: which page words it covers, which of its words the page covers
    page_cover = [_covered(page_norms, _shingles(norms, shingle), shingle) & in_region for norms in source_norms]
    kept = [_covered(norms, page_shingles, shingle) for norms in source_norms]
    any_cover = np.logical_or.reduce(page_cover) if page_cover else np.zeros(len(page_tokens), dtype=bool)
    source_sentences = [
        _sentences(s.text, tokens, [(0, len(s.text))]) for s, tokens in zip(sources, source_tokens, strict=True)
    ]

    reworded: list[Rewording] = []
    inserted: list[tuple[int, int, int]] = []
    paired: set[tuple[int, int]] = set()  # (source index, sentence index) a page sentence stands for
    for sentence in page_sentences:
        norms = page_norms[sentence.first : sentence.last]
        share = float(any_cover[sentence.first : sentence.last].mean())
        if share >= COPIED_SHARE:
            k = int(np.argmax([c[sentence.first : sentence.last].sum() for c in page_cover]))
            match = _best_source_sentence(norms, source_norms[k], source_sentences[k])
            if match is None:
                continue
            j, source_sentence = match
            paired.add((k, j))
            added, removed = _word_diff(norms, source_norms[k][source_sentence.first : source_sentence.last])
            if added or removed:
                reworded.append(
                    Rewording(
                        sentence.start, sentence.end, sources[k].id, source_sentence.start, source_sentence.end,
                        added, removed, False,
                    )
                )
            continue
        best = _paraphrase_of(norms, source_norms, source_sentences, kept)
        if best is None:
            inserted.append((sentence.start, sentence.end, sentence.last - sentence.first))
            continue
        k, j = best
        paired.add((k, j))
        source_sentence = source_sentences[k][j]
        added, removed = _word_diff(norms, source_norms[k][source_sentence.first : source_sentence.last])
        reworded.append(
            Rewording(
                sentence.start, sentence.end, sources[k].id, source_sentence.start, source_sentence.end,
                added, removed, True,
            )
        )

    dropped: list[Passage] = []
    shares: list[SourceShare] = []
    page_words = int(in_region.sum())
    for k, source in enumerate(sources):
        spans = [
            (s.start, s.end, s.last - s.first)
            for j, s in enumerate(source_sentences[k])
            if (k, j) not in paired and kept[k][s.first : s.last].mean() < COPIED_SHARE
        ]
        dropped.extend(_passages("dropped", spans, source.text, source.id))
        copied = int(page_cover[k].sum())
        shares.append(
            SourceShare(
                source.id,
                source.title,
                copied,
                copied / page_words if page_words else 0.0,
                float(kept[k].mean()) if len(kept[k]) else 0.0,
            )
        )
    return Alignment(
        page_words,
        int(any_cover.sum()),
        shares,
        _passages("inserted", inserted, page_text, None),
        dropped,
        reworded,
    )


def _best_source_sentence(
    norms: Sequence[str], source_norms: Sequence[str], source_sentences: list[_Sentence]
) -> tuple[int, _Sentence] | None:
    """The source sentence sharing most words with a copied page sentence."""
    bag = set(norms)
    best, best_overlap = None, 0
    for j, s in enumerate(source_sentences):
        overlap = len(bag & set(source_norms[s.first : s.last]))
        if overlap > best_overlap:
            best, best_overlap = (j, s), overlap
    return best


def _paraphrase_of(
    norms: Sequence[str],
    source_norms: list[list[str]],
    source_sentences: list[list[_Sentence]],
    kept: list[np.ndarray],
) -> tuple[int, int] | None:
    """The uncopied source sentence this page sentence rewrites, if any (content-word Jaccard)."""
    content = _content(norms)
    if len(content) < 3:
        return None
    best, best_overlap = None, PARAPHRASE_OVERLAP
    for k, sentence_list in enumerate(source_sentences):
        for j, s in enumerate(sentence_list):
            if kept[k][s.first : s.last].mean() >= COPIED_SHARE:
                continue
            other = _content(source_norms[k][s.first : s.last])
            if not other:
                continue
            overlap = len(content & other) / len(content | other)
            if overlap > best_overlap:
                best, best_overlap = (k, j), overlap
    return best


def _word_diff(page: Sequence[str], source: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words the page sentence adds to, and removes from, the source sentence (in order)."""
    matcher = difflib.SequenceMatcher(a=source, b=page, autojunk=False)
    added: list[str] = []
    removed: list[str] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            removed.extend(source[a0:a1])
        if op in ("replace", "insert"):
            added.extend(page[b0:b1])
    return tuple(added), tuple(removed)
