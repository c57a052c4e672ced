"""The bag-of-words scorer of the Mozilla readability evaluation (no shared data needed)."""

from __future__ import annotations

import pytest

from benchmarks.readability_pages import title_key, token_prf, tokens, visible_text


def test_tokens_are_lowercased_words():
    assert tokens("Hello, World! hello-world 42") == ["hello", "world", "hello", "world", "42"]
    assert tokens("") == []
    assert tokens(None) == []


def test_prf_subset():
    # 3 output tokens, all in the 6-token reference
    assert token_prf("the cat sat", "the cat sat on the mat") == (1.0, 0.5, pytest.approx(2 / 3))


def test_prf_superset():
    p, r, f1 = token_prf("the cat sat on the mat", "the cat sat")
    assert (p, r) == (0.5, 1.0)
    assert f1 == pytest.approx(2 / 3)


def test_prf_counts_a_repeated_token_only_as_often_as_the_reference_has_it():
    # overlap = min(3, 1) = 1: P = 1/3, R = 1/2, F1 = 2 * (1/6) / (5/6) = 0.4
    p, r, f1 = token_prf("the the the", "the cat")
    assert p == pytest.approx(1 / 3)
    assert r == 0.5
    assert f1 == pytest.approx(0.4)


def test_prf_ignores_case_and_punctuation():
    assert token_prf("Cat, dog!", "cat dog") == (1.0, 1.0, 1.0)


def test_prf_disjoint_and_empty():
    assert token_prf("a b", "c d") == (0.0, 0.0, 0.0)
    assert token_prf("", "c d") == (0.0, 0.0, 0.0)
    assert token_prf(None, "c d") == (0.0, 0.0, 0.0)
    assert token_prf("a b", "") == (0.0, 0.0, 0.0)
    assert token_prf("", "") == (1.0, 1.0, 1.0)


def test_title_key_and_visible_text():
    assert title_key("  Foo\n  Bar ") == "foo bar"
    assert title_key(None) == ""
    assert visible_text("<div><p>a  b</p>\n<p>c</p><script>var x;</script></div>") == "a b c"
