"""The hashing trick, column for column what scikit-learn's ``FeatureHasher`` and ``HashingVectorizer`` give.

Why not import them: the shipped models were trained on scikit-learn's columns, but importing
``sklearn.feature_extraction`` costs about 65 MB of resident memory in every process that audits a
page, for one hash function. The column of a feature is MurmurHash3 (32-bit, seed 0, signed) of its
UTF-8 bytes, made positive and taken modulo the width, exactly as scikit-learn computes it with
``alternate_sign=False``; ``mmh3`` is the same C implementation, and faster to call. Training code may
still use scikit-learn; the tests check both give the same matrices.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import mmh3
import numpy as np
import scipy.sparse as sp

_INT32_MIN = -(2**31)


def columns_of(names: list[str], n_features: int) -> np.ndarray:
    """Column of each feature name (``abs(murmurhash3_32(name)) % n_features``, as scikit-learn's)."""
    hashes = np.fromiter(map(mmh3.hash, names), dtype=np.int64, count=len(names))
    # scikit-learn maps INT32_MIN, whose absolute value does not fit, to (2**31 - 1 - (n - 1)) % n
    hashes[hashes == _INT32_MIN] = 2**31 - 1 - (n_features - 1)
    return np.abs(hashes) % n_features


def _csr(
    names: list[str], values: list[float] | None, indptr: list[int], n_features: int
) -> sp.csr_matrix:
    """Rows of hashed features, duplicates summed and columns sorted (canonical, like scikit-learn's)."""
    data = np.ones(len(names)) if values is None else np.asarray(values, dtype=np.float64)
    matrix = sp.csr_matrix(
        (data, columns_of(names, n_features).astype(np.int32), np.asarray(indptr, dtype=np.int64)),
        shape=(len(indptr) - 1, n_features),
    )
    matrix.sum_duplicates()
    return matrix


def hash_strings(rows: Iterable[Iterable[str]], n_features: int) -> sp.csr_matrix:
    """One row per item of ``rows``, each string counting 1 in its column (``input_type="string"``)."""
    names: list[str] = []
    indptr = [0]
    for row in rows:
        names.extend(row)
        indptr.append(len(names))
    return _csr(names, None, indptr, n_features)


def hash_pairs(rows: Iterable[Iterable[tuple[str, float]]], n_features: int) -> sp.csr_matrix:
    """One row per item of ``rows``, each ``(name, value)`` adding value to its column (``input_type="pair"``)."""
    names: list[str] = []
    values: list[float] = []
    indptr = [0]
    for row in rows:
        for name, value in row:
            names.append(name)
            values.append(value)
        indptr.append(len(names))
    return _csr(names, values, indptr, n_features)


#: scikit-learn's default ``token_pattern``: words of two or more word characters.
_WORD = re.compile(r"(?u)\b\w\w+\b")


def word_ngrams(text: str, max_n: int) -> list[str]:
    """Lower-cased words, then their 2..max_n-grams joined by a space (scikit-learn's word analyzer)."""
    words = _WORD.findall(text.lower())
    grams = list(words)
    if max_n >= 2:
        grams.extend(f"{a} {b}" for a, b in itertools.pairwise(words))  # the common case, without slices
    for n in range(3, min(max_n, len(words)) + 1):
        grams.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return grams


def hash_words(texts: Iterable[str], n_features: int, max_n: int = 2) -> sp.csr_matrix:
    """``HashingVectorizer(ngram_range=(1, max_n), alternate_sign=False, norm="l2")``: counts, rows at unit length."""
    matrix = hash_strings((word_ngrams(text, max_n) for text in texts), n_features)
    matrix.data /= entry_row_norms(matrix)
    return matrix


def entry_row_norms(matrix: sp.csr_matrix) -> np.ndarray:
    """For each stored entry, the L2 norm of its row (summed in float64; 1 for an all-zero row): dividing
    ``matrix.data`` by it scales every row to unit length without touching the empty columns."""
    lengths = np.diff(matrix.indptr)
    squares = np.zeros(len(lengths), dtype=np.float64)
    nonempty = lengths > 0
    squares[nonempty] = np.add.reduceat(matrix.data.astype(np.float64) ** 2, matrix.indptr[:-1][nonempty])
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    return np.repeat(norms, lengths)
