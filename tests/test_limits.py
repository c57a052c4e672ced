"""Large inputs in bounded memory (probe finding F10), with the same results as before.

Memory itself is measured by ``python -m benchmarks.bench_limits`` (docs/BENCHMARKS.md); these tests
check the structure that bounds it (moderation a chunk at a time, long texts a block of tokens at a time,
JSON written an item at a time) and that each bounded path gives exactly what the one-pass path gives.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsaudit.models import text_features
from newsaudit.models.comment_model import CommentModel, CommentScores, default_model
from newsaudit.moderation.moderate import CHUNK, Moderator, _units
from newsaudit.page import BlockType, Comment, Page
from newsaudit.pipeline import audit
from newsaudit.report.json_report import iter_json, to_json
from newsaudit.report.text import _clean, _excerpt, _line
from newsaudit.stages.comments import CommentsStage

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsaudit" / "examples" / "syria-repost-with-comments.txt"

_READERS = [
    "Great article, thanks for the details about the vote.",
    "You are a complete idiot and a moron, shut up.",
    "These animals should be shot, every last one of them.",
    "Check out my video at www.example.com/watch now",
    "The Jews control the banks and the media, wake up people!!!",
    "I disagree with the senator, but the bill has merit. The committee should look at it again next month, "
    "and the costs need another review before anyone votes. Otherwise taxpayers will pay for years.",
]


class RecordingModel(CommentModel):
    """The shipped model, noting how many rows each ``predict`` call is given."""

    calls: list[int]

    def predict(self, texts: list[str]) -> list[CommentScores]:
        self.calls.append(len(texts))
        return super().predict(texts)


def _recording_model() -> RecordingModel:
    shipped = default_model()
    model = RecordingModel(shipped.featurizer, shipped.heads, shipped.meta)
    model.calls = []
    return model


def _thread_page(texts: list[str]) -> Page:
    page = Page(text="\n\n".join(["A page with many comments", *texts]))
    start = len("A page with many comments") + 2
    for n, text in enumerate(texts, 1):
        page.add_comment(Comment(f"c{n}", start, start + len(text)))
        start += len(text) + 2
    return page


def test_comments_stage_moderates_a_chunk_at_a_time_with_per_comment_results() -> None:
    long_one = " ".join(f"Sentence {i} says the vote is next week, you idiot." for i in range(600))
    texts = [_READERS[i % len(_READERS)] + f" ({i})" for i in range(700)] + [long_one]
    model = _recording_model()
    page = CommentsStage(model=model)(_thread_page(texts))

    assert model.calls and max(model.calls) <= CHUNK  # comments, and the long one's 600 sentences, in chunks
    assert sum(model.calls) >= len(texts) + 600
    summary = page.summary["comments"]
    assert summary["moderated"] == len(texts) and sum(summary["decisions"].values()) == len(texts)
    assert summary["decisions"]["reject"] > 0 and summary["decisions"]["allow"] > 0
    # Each comment's verdict is the one it gets moderated on its own: chunking changes nothing.
    alone = Moderator(default_model())
    sample = [*list(zip(page.comments, texts, strict=True))[:: len(_READERS) + 1], (page.comments[-1], long_one)]
    for comment, text in sample:
        assert comment.moderation == alone.moderate([text])[0].verdict()


def test_stacked_heads_score_exactly_like_each_head() -> None:
    model = default_model()
    x = model.featurizer.transform(_READERS * 3 + [EXAMPLE.read_text(encoding="utf-8")[:3000]])
    stacked = model.weights.scores(x)
    heads = model.heads  # each rebuilt with its own matrix, from the stacked one
    assert set(stacked) == set(heads)
    for name, head in heads.items():
        assert np.array_equal(stacked[name], head.scores(x)), name
        for label in head.classes if not head.binary else (None,):
            assert np.array_equal(model.weights.row(name, label), head.row(label)), (name, label)


def test_loaded_model_heads_are_the_artifact_weights() -> None:
    """The model keeps only the stacked weights; the heads rebuilt from them are the artifact's, exactly."""
    from newsaudit.models.comment_model import ARTIFACT_NAME
    from newsaudit.models.linear import artifact_dir, unpack_head

    model = default_model()
    with np.load(artifact_dir() / f"{ARTIFACT_NAME}.npz") as arrays:
        for name, head in model.heads.items():
            stored = unpack_head(arrays, name, head.classes, head.coef.shape[0], head.coef.shape[1])
            assert (head.coef != stored.coef).nnz == 0 and np.array_equal(head.intercept, stored.intercept)


@pytest.mark.parametrize(("words", "split"), [(24, False), (25, True), (26, True)])
def test_long_comment_units_start_at_25_words(words: int, split: bool) -> None:
    half = words // 2
    text = " ".join(["word"] * half) + ". " + " \n ".join(["more"] * (words - half)) + ".  \n"
    assert bool(_units(text)) is split


def test_long_texts_are_featurised_in_blocks_with_the_same_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    featurizer = default_model().featurizer
    weights = default_model().weights.row("toxic")
    long_text = " ".join(f"READER {i} says www.example.com/{i} @user{i} is sooo wrong!!! (((them)))" for i in range(99))
    texts = ["you idiot", long_text, "", long_text[:500]]

    one_pass = featurizer.counts(texts)
    tokens, contributions = featurizer._long_contributions(long_text, weights)  # the blocked path, as shipped
    monkeypatch.setattr(text_features, "LONG_TEXT_CHARS", 1_000)
    monkeypatch.setattr(text_features, "_BLOCK_TOKENS", 97)  # blocks end mid-bigram
    calls: list[int] = []
    hash_rows = featurizer._hash_pairs
    monkeypatch.setattr(featurizer, "_hash_pairs", lambda rows: calls.append(1) or hash_rows(rows))
    blocked = featurizer.counts(texts)
    assert len(calls) > 10  # the long text went a block at a time

    assert blocked.shape == one_pass.shape
    for attr in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(blocked, attr), getattr(one_pass, attr)), attr
    featurizer._token_view.cache_clear()
    blocked_tokens, blocked_contributions = featurizer._long_contributions(long_text, weights)
    monkeypatch.setattr(text_features, "LONG_TEXT_CHARS", 10**9)
    whole_tokens, whole = featurizer.token_contributions(long_text, weights)
    assert blocked_tokens == whole_tokens == tokens
    assert np.array_equal(blocked_contributions, whole) and np.array_equal(contributions, whole)


def _pages() -> list[Page]:
    audited = audit(EXAMPLE.read_text(encoding="utf-8"))
    empty = Page(text="Only a title")
    empty.add_block(BlockType.TITLE, 0, 12, "first line")
    return [audited, empty]


@pytest.mark.parametrize("indent", [2, 4, 0, None])
def test_json_report_written_in_pieces_is_json_dumps_of_the_page(indent: int | None) -> None:
    for page in _pages():
        expected = json.dumps(page.to_dict(), ensure_ascii=False, indent=indent, allow_nan=False)
        assert to_json(page, indent=indent) == expected
        pieces = "".join(iter_json(page, include_text=False, indent=indent))
        assert pieces == json.dumps(page.to_dict(include_text=False), ensure_ascii=False, indent=indent)


def test_json_report_has_one_piece_per_item() -> None:
    page = _pages()[0]
    pieces = list(iter_json(page))
    items = [p for p in pieces if re.match(r"[\[,]\n    \{\n", p)]
    assert len(items) == len(page.blocks) + len(page.comments) + len(page.findings) > 50
    assert all(p.endswith("\n    }") and p.count("\n    }") == 1 for p in items)  # one item per piece


def test_a_json_report_that_cannot_be_written_says_why() -> None:
    page = _pages()[1]
    page.add_block(BlockType.PARAGRAPH, 0, 4, "", score=float("nan"))
    with pytest.raises(ValueError, match="NaN"):
        to_json(page)


#: Words, runs of whitespace and characters the report replaces, long enough to be cut.
_MESSY = st.lists(st.sampled_from([*"ab c\n\t\u00a0\u202e\x1b\u3000", "word ", "   \n  "]), max_size=1500).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_MESSY, width=st.integers(40, 140))
def test_text_report_excerpt_shows_what_cleaning_all_of_it_shows(text: str, width: int) -> None:
    head = _excerpt(text, width)
    full = _clean(text)
    assert full.startswith(head)
    for prefix, suffix in (("  paragraph      ", "[0, 10)"), ("    toxic · comment_flag 0.97  “", "[5, 9)")):
        assert _line(prefix, head, suffix, width) == _line(prefix, full, suffix, width)
        assert _line(prefix, head + "”", suffix, width) == _line(prefix, full + "”", suffix, width)
