"""Metrics for the provenance evaluation (issue 5): source retrieval and character-level spans.

* **Source retrieval, recall@k.** For every re-posted page the system ranks the documents of the
  archive (all originals plus distractors); the page's gold is the set of originals it copies.
  See :func:`recall_at_k`.
* **Inserted / dropped passages, character P/R/F1.** Gold and predicted spans are ``[start, end)``
  character offsets, inserted spans into the page text, dropped spans into the archived text of a
  source. Scoring is over the *set of characters* the spans cover: overlapping or repeated spans in
  one list count each character once, so neither side gains by splitting or repeating spans. Re-posts
  differ from their sources in whitespace (doubled spaces, ``\\n`` vs ``\\n\\n``), so when the text is
  given, whitespace characters are not counted on either side. See :func:`char_prf` and
  :class:`MicroPRF`; report the micro average (character counts summed over all documents), which
  weights documents by the size of their gold and predicted spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

Span = tuple[int, int]


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the character counts behind them.

    Empty cases: precision is 1.0 when nothing is predicted (nothing predicted wrongly), recall is 1.0
    when there is no gold (nothing to miss), and F1 is their harmonic mean, so with empty gold *and*
    empty prediction all three are 1.0, while an empty prediction against non-empty gold has P=1, R=0,
    F1=0. Averaging per-document precision would reward silence; :class:`MicroPRF` sums counts instead.
    """

    precision: float
    recall: float
    f1: float
    tp: int
    n_gold: int
    n_pred: int

    @classmethod
    def from_counts(cls, tp: int, n_gold: int, n_pred: int) -> PRF:
        precision = tp / n_pred if n_pred else 1.0
        recall = tp / n_gold if n_gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, tp, n_gold, n_pred)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping union of ``[start, end)`` spans; empty spans vanish, touching ones join."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _intersection(a: list[Span], b: list[Span]) -> list[Span]:
    """Intersection of two merged span lists (two-pointer walk)."""
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


class _Counter:
    """Counts characters in merged spans, optionally only the non-whitespace ones of a text."""

    def __init__(self, text: str | None) -> None:
        self.prefix: list[int] | None = None
        if text is not None:
            self.prefix = [0, *accumulate(0 if ch.isspace() else 1 for ch in text)]

    def count(self, spans: list[Span]) -> int:
        if self.prefix is None:
            return sum(e - s for s, e in spans)
        last = len(self.prefix) - 1
        return sum(self.prefix[min(e, last)] - self.prefix[min(s, last)] for s, e in spans)


def _counts(gold: Sequence[Span], pred: Sequence[Span], text: str | None) -> tuple[int, int, int]:
    g, p = merge_spans(gold), merge_spans(pred)
    counter = _Counter(text)
    return counter.count(_intersection(g, p)), counter.count(g), counter.count(p)


def char_prf(gold: Sequence[Span], pred: Sequence[Span], ignore_whitespace_text: str | None = None) -> PRF:
    """Character-level P/R/F1 of predicted spans against gold spans in one document.

    ``tp`` is the number of characters covered by both a gold and a predicted span, ``n_gold`` /
    ``n_pred`` the numbers covered by any gold / any predicted span (each character once, however many
    spans cover it). P = tp / n_pred, R = tp / n_gold, F1 their harmonic mean; for the empty cases see
    :class:`PRF`. With ``ignore_whitespace_text`` (the text the offsets point into) whitespace characters
    are left out of all three counts; spans past its end are clipped.
    """
    return PRF.from_counts(*_counts(gold, pred, ignore_whitespace_text))


class MicroPRF:
    """Micro-averaged character P/R/F1: sums ``tp``, ``n_gold`` and ``n_pred`` over documents.

    ``add(gold, pred, text)`` scores one document exactly as :func:`char_prf` does (``text`` given:
    whitespace ignored); ``result()`` applies the P/R/F1 formulas to the sums, so a document with no
    gold and no prediction changes nothing, and the empty-case conventions apply only to the totals.
    """

    def __init__(self) -> None:
        self.tp = 0
        self.n_gold = 0
        self.n_pred = 0
        self.n_docs = 0

    def add(self, gold: Sequence[Span], pred: Sequence[Span], text: str | None = None) -> PRF:
        """Add one document; returns its own scores (useful for per-document breakdowns)."""
        tp, n_gold, n_pred = _counts(gold, pred, text)
        self.tp += tp
        self.n_gold += n_gold
        self.n_pred += n_pred
        self.n_docs += 1
        return PRF.from_counts(tp, n_gold, n_pred)

    def result(self) -> PRF:
        return PRF.from_counts(self.tp, self.n_gold, self.n_pred)


def recall_at_k(ranked_ids_per_query: Sequence[Sequence[str]], gold_ids: Sequence[set[str]], k: int = 1) -> float:
    """Mean over queries of ``|gold ∩ top-k| / min(k, |gold|)``.

    ``ranked_ids_per_query[i]`` is the archive ranking for page ``i`` (best first; the archive holds all
    originals plus distractors), ``gold_ids[i]`` the originals page ``i`` copies. For a single-source page
    this is the hit rate (1 if the source is among the first ``k``); a page merged from two sources scores
    1 at k=1 when the top document is either source, and needs both in the top ``k`` for 1 at k>=2.
    Queries with empty gold are skipped; with none left the result is 0.0.
    """
    if len(ranked_ids_per_query) != len(gold_ids):
        raise ValueError(f"{len(ranked_ids_per_query)} rankings but {len(gold_ids)} gold sets")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    scores = [
        len(gold & set(ranked[:k])) / min(k, len(gold))
        for ranked, gold in zip(ranked_ids_per_query, gold_ids, strict=True)
        if gold
    ]
    return sum(scores) / len(scores) if scores else 0.0
