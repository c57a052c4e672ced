"""The own hashing gives scikit-learn's matrices exactly: the shipped models were trained on those columns."""

from __future__ import annotations

import numpy as np
import pytest

from newsaudit.models.hashing import columns_of, hash_pairs, hash_strings, hash_words

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text", reason="scikit-learn is a dev/training extra")
from sklearn.feature_extraction import FeatureHasher  # noqa: E402

TEXTS = [
    "WASHINGTON (Reuters) - The senators said on Tuesday that the bill would pass.",
    "",
    "a",
    "Ünïcödé wörds, émojis 🙂 and 日本語 text; the the the THE",
    "so-called 'mainstream media' — the truth is   out there!!",
    "x " * 300,
]


def _same(a, b) -> None:
    a, b = a.tocsr(), b.tocsr()
    a.sort_indices()
    b.sort_indices()
    assert a.shape == b.shape
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_allclose(a.data, b.data, rtol=1e-12)


@pytest.mark.parametrize("width", [2**18, 2**20, 7])
def test_strings_match_feature_hasher(width: int) -> None:
    rows = [text.split() for text in TEXTS] + [[], ["w:é", "w:é", "c: ab"]]
    expected = FeatureHasher(n_features=width, input_type="string", alternate_sign=False).transform(rows)
    _same(hash_strings(rows, width), expected)


def test_pairs_match_feature_hasher() -> None:
    rows = [[(w, 0.5 if i % 2 else 1.0) for i, w in enumerate(text.split())] for text in TEXTS]
    expected = FeatureHasher(n_features=2**20, input_type="pair", alternate_sign=False).transform(rows)
    _same(hash_pairs(rows, 2**20), expected)


def test_words_match_hashing_vectorizer() -> None:
    vectorizer = sklearn_text.HashingVectorizer(
        n_features=2**18, ngram_range=(1, 2), alternate_sign=False, norm="l2", lowercase=True
    )
    _same(hash_words(TEXTS, 2**18, max_n=2), vectorizer.transform(TEXTS))


def test_columns_match_murmurhash_and_the_one_hash_whose_absolute_value_overflows(monkeypatch) -> None:
    """Columns are scikit-learn's ``abs(murmurhash3_32(name)) % width``; a hash of -2**31 (no string at
    hand gives one, so it is forced) goes where scikit-learn's ``_hashing_fast`` sends it."""
    from sklearn.utils import murmurhash3_32

    import newsaudit.models.hashing as hashing

    names = [f"w:{i}" for i in range(5000)]
    for width in (2**20, 1000):
        expected = np.abs(np.array([murmurhash3_32(n, seed=0) for n in names], dtype=np.int64)) % width
        np.testing.assert_array_equal(columns_of(names, width), expected)
    monkeypatch.setattr(hashing.mmh3, "hash", lambda name: -(2**31))
    for width in (2**20, 1000):
        assert columns_of(["any"], width).tolist() == [(2147483647 - (width - 1)) % width]
