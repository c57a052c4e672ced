"""Hashed word and character n-gram features that can be traced back to the words.

Why not scikit-learn's vectorizers: the moderation model must say *which words*
drove a score. Features here are built per token (the word, its character
n-grams, a shouting flag, half of each bigram it is part of), so the linear
score of a text splits exactly into per-token contributions with character
offsets. Hashing keeps the artifact a fixed size with no vocabulary to ship.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from newsaudit.models.hashing import entry_row_norms, hash_pairs

#: URLs and @handles become one placeholder token each; words keep apostrophes inside them.
TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|info|ly|be|tv|io)(?:/\S*)?)"
    r"|(?P<user>@\w+)"
    r"|(?P<word>\w+(?:['’]\w+)*)"
    r"|(?P<mark>\({3}|\){3}|[!?]{2,})",
    re.UNICODE,
)
_REPEAT = re.compile(r"(.)\1{2,}")


@dataclass(frozen=True, slots=True)
class WordToken:
    start: int
    end: int
    norm: str
    shouted: bool


def word_tokens(text: str) -> list[WordToken]:
    """Tokens with offsets into ``text``; letters repeated three or more times fold to two."""
    tokens: list[WordToken] = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        raw = match.group()
        if kind == "url":
            norm = "_url_"
        elif kind == "user":
            norm = "_user_"
        elif kind == "mark":
            norm = "_echo_" if raw[0] in "()" else "_marks_"
        else:
            norm = _REPEAT.sub(r"\1\1", raw.lower().replace("’", "'"))
        shouted = kind == "word" and len(raw) > 2 and raw.isupper()
        tokens.append(WordToken(match.start(), match.end(), norm, shouted))
    return tokens


@dataclass(frozen=True)
class FeatureConfig:
    n_features: int = 2**20
    char_min: int = 3
    char_max: int = 5


def token_features(tokens: Sequence[WordToken], config: FeatureConfig) -> list[list[tuple[str, float]]]:
    """The features each token contributes, as (name, weight) pairs; bigrams are split half and half."""
    return list(iter_token_features(tokens, config))


def iter_token_features(
    tokens: Sequence[WordToken], config: FeatureConfig, first: int = 0, stop: int | None = None
) -> Iterator[list[tuple[str, float]]]:
    """``token_features`` of ``tokens[first:stop]`` (bigrams reach their neighbours outside), one token
    at a time, for the hasher to consume as they come: materialised, features take about 400 bytes per
    character of text."""
    for i in range(first, len(tokens) if stop is None else min(stop, len(tokens))):
        token = tokens[i]
        feats: list[tuple[str, float]] = [("w:" + token.norm, 1.0)]
        if token.shouted:
            feats.append(("s:caps", 1.0))
        if not token.norm.startswith("_"):
            padded = f" {token.norm} "
            for n in range(config.char_min, config.char_max + 1):
                feats.extend(("c:" + padded[j : j + n], 1.0) for j in range(len(padded) - n + 1))
        if i > 0:
            feats.append(("b:" + tokens[i - 1].norm + " " + token.norm, 0.5))
        if i + 1 < len(tokens):
            feats.append(("b:" + token.norm + " " + tokens[i + 1].norm, 0.5))
        yield feats


def _document_features(text: str, config: FeatureConfig) -> Iterator[tuple[str, float]]:
    for feats in iter_token_features(word_tokens(text), config):
        yield from feats


#: Texts longer than this are featurised ``_BLOCK_TOKENS`` tokens at a time (a "comment" of a whole
#: misparsed 20 MB page took about 150 bytes per character at once); shorter ones, all real comments,
#: in one pass. The ``comments score`` command refuses texts this long.
LONG_TEXT_CHARS = 100_000
_BLOCK_TOKENS = 20_000


class Featurizer:
    """Text -> L2-normalised, sublinear tf-idf rows over hashed features (fit learns only the idf)."""

    def __init__(self, config: FeatureConfig | None = None, idf: np.ndarray | None = None) -> None:
        self.config = config or FeatureConfig()
        self.idf = idf

    def counts(self, texts: Iterable[str]) -> sp.csr_matrix:
        """Hashed feature counts, one row per text."""
        parts: list[sp.csr_matrix] = []
        short: list[str] = []
        for text in texts:
            if len(text) <= LONG_TEXT_CHARS:
                short.append(text)
                continue
            if short:
                parts.append(self._hash(short))
                short = []
            parts.append(self._token_counts(word_tokens(text)))
        if short or not parts:
            parts.append(self._hash(short))
        return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")

    def _hash_pairs(self, rows: Iterable[Iterable[tuple[str, float]]]) -> sp.csr_matrix:
        """Rows of ``(feature, weight)`` pairs summed into their hashed columns."""
        return hash_pairs(rows, self.config.n_features)

    def _hash(self, texts: list[str]) -> sp.csr_matrix:
        return self._hash_pairs(_document_features(t, self.config) for t in texts)

    def _token_counts(self, tokens: list[WordToken]) -> sp.csr_matrix:
        """One text's counts summed over blocks of its tokens: the same counts as in one pass (sums of
        ones and halves are exact in any order), in memory bounded by a block and the distinct features."""
        total = self._hash_pairs([[]])  # one empty row
        for first in range(0, len(tokens), _BLOCK_TOKENS):
            block = (f for feats in iter_token_features(tokens, self.config, first, first + _BLOCK_TOKENS)
                     for f in feats)
            total = total + self._hash_pairs([block])
        total.sum_duplicates()  # canonical already (sums of canonical rows); ``_long_contributions`` relies on it
        return total

    def fit(self, counts: sp.csr_matrix) -> Featurizer:
        n_docs = counts.shape[0]
        df = np.bincount(counts.indices, minlength=self.config.n_features)
        self.idf = (np.log((1 + n_docs) / (1 + df)) + 1.0).astype(np.float32)
        return self

    def weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Counts -> tf-idf: 1 + log(count) times idf, each row scaled to unit length.

        Done on the stored entries directly: broadcasting a million-column idf row costs far more.
        """
        if self.idf is None:
            raise RuntimeError("Featurizer is not fitted: call fit() or load an idf vector")
        x = sp.csr_matrix(counts, dtype=np.float32, copy=True)
        x.sum_duplicates()
        x.data = (1.0 + np.log(x.data)) * self.idf[x.indices]
        x.data = (x.data / entry_row_norms(x)).astype(np.float32)
        return x

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        return self.weigh(self.counts(texts))

    def token_contributions(self, text: str, weights: np.ndarray) -> tuple[list[WordToken], np.ndarray]:
        """Split ``weights . x(text)`` into one share per token (the shares sum to the dot product).

        Each token owns its features; a feature several tokens share is split by their counts. Works on
        the non-zero entries only, and the per-token features of the last texts are kept, so explaining
        several heads on one comment featurises it once.
        """
        if len(text) > LONG_TEXT_CHARS:  # not kept: a long text's view is large, and rarely explained again
            return self._long_contributions(text, weights)
        tokens, rows, columns, where, share = self._token_view(text)
        if not tokens:
            return tokens, np.zeros(0, dtype=np.float32)
        return tokens, np.bincount(rows, weights=share * weights[columns][where], minlength=len(tokens))

    def _long_contributions(self, text: str, weights: np.ndarray) -> tuple[list[WordToken], np.ndarray]:
        """``token_contributions`` a block of tokens at a time, with the same arithmetic as ``_token_view``:
        the document's counts are exact sums whichever way they are added, and each token's share is
        summed over its own features in the same order."""
        tokens = word_tokens(text)
        if not tokens:
            return tokens, np.zeros(0, dtype=np.float32)
        doc = self._token_counts(tokens)
        columns, counts = doc.indices, doc.data
        doc_value = self._doc_values(columns, counts)
        out = np.zeros(len(tokens))
        for first in range(0, len(tokens), _BLOCK_TOKENS):
            stop = min(first + _BLOCK_TOKENS, len(tokens))
            per_token = self._hash_pairs(iter_token_features(tokens, self.config, first, stop)).tocoo()
            where = np.searchsorted(columns, per_token.col)
            share = per_token.data / counts[where] * doc_value[where]
            contributions = share * weights[columns][where]
            out[first:stop] = np.bincount(per_token.row, weights=contributions, minlength=stop - first)
        return tokens, out

    @lru_cache(maxsize=32)  # noqa: B019 - the featurizer lives as long as its model; the cache is tiny
    def _token_view(self, text: str) -> tuple[list[WordToken], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Tokens, and for each (token, feature) entry: its row, the feature's column and its tf-idf share."""
        tokens = word_tokens(text)
        empty = np.zeros(0, dtype=np.int64)
        if not tokens:
            return tokens, empty, empty, empty, np.zeros(0)
        per_token = self._hash_pairs(iter_token_features(tokens, self.config)).tocoo()
        columns, where = np.unique(per_token.col, return_inverse=True)
        counts = np.bincount(where, weights=per_token.data)  # the document's counts: bigram halves add up
        doc_value = self._doc_values(columns, counts)
        share = per_token.data / counts[where] * doc_value[where]
        return tokens, per_token.row, columns, where, share

    def _doc_values(self, columns: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """A document's L2-normalised sublinear tf-idf over its feature ``columns`` with these ``counts``."""
        if self.idf is None:
            raise RuntimeError("Featurizer is not fitted: call fit() or load an idf vector")
        doc_value = (1.0 + np.log(counts)) * self.idf[columns]
        doc_value /= np.sqrt(np.sum(doc_value**2)) or 1.0
        return doc_value
