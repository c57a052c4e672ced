"""The word-vector student: a table of static MiniLM word vectors under the booster's heads (issue 17)."""

from __future__ import annotations

import numpy as np
import pytest

from newsaudit.models import propaganda_model as pm
from newsaudit.slant.view import view_of
from newsaudit.slant.word_table import WordSums, WordTable

TEXT = (
    "The corrupt, treasonous elite will stop at nothing to destroy our great nation. Everyone knows the truth. "
    "The ministry said on Friday that 29 policemen had been killed near the border."
)


def test_word_table_averages_each_word_and_reads_unknown_words_as_the_mean() -> None:
    words = ["red", "blue", "red", "green", "blue", "red"]
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(words), 6))
    table = WordTable.fit(words, vectors, dim=2)
    assert table.dim == 2 and table.matrix.shape == (4, 2)
    assert table.rows(["red", "purple", "blue"])[1] == 0  # unknown
    assert np.allclose(table.matrix[0], 0.0)  # the mean word projects to the origin
    assert np.allclose(table.matrix[1:].mean(axis=0), 0.0, atol=1e-6)  # centred on the mean word
    # each word's vector is the projection of the mean of its occurrences: two words with equal means coincide
    same = WordTable.fit(["a", "b", "a"], np.array([[1.0, 0, 0], [2.0, 0, 0], [3.0, 0, 0]]), dim=1)
    assert np.allclose(same.matrix[same.words["a"]], same.matrix[same.words["b"]])
    assert table.ordered_words() == sorted(table.words, key=table.words.__getitem__)


def test_a_second_corpus_adds_its_sums_as_if_its_tokens_were_read_with_the_first(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(1)
    first, second = ["red", "blue", "red", "green"], ["blue", "amber", "amber", "red", "violet"]
    a, b = rng.normal(size=(len(first), 5)), rng.normal(size=(len(second), 5))
    together = WordTable.fit(first + second, np.vstack([a, b]), dim=3)
    news = WordSums.of(second, b)
    news.save(tmp_path / "sums.npz")
    added = WordTable.fit(first, a, dim=3, extra=WordSums.load(tmp_path / "sums.npz"))
    assert together.words == added.words and set(added.words) == {"red", "blue", "green", "amber", "violet"}
    # the principal directions' signs are arbitrary: compare the tables up to a sign a column
    signs = np.sign((together.matrix * added.matrix).sum(axis=0))
    assert np.allclose(together.matrix, added.matrix * signs, atol=1e-5)
    assert (news + WordSums.of(first, a)).counts.sum() == len(first) + len(second)


def test_student_heads_learn_a_word_that_marks_spans() -> None:
    pytest.importorskip("torch", reason="the student's heads are trained with torch (training only; make models)")
    from newsaudit.training.student_heads import fit_student_heads

    rng = np.random.default_rng(2)
    vectors = rng.normal(size=(5000, 4)).astype(np.float32)
    y = (vectors[:, 0] > 0.5).astype(int)  # the first dimension says "inside a span"
    lr, mlp = fit_student_heads(vectors, y, np.ones(5000, dtype=bool), [10] * 500, window=1, hidden=8, epochs=100)
    assert lr.name == "student_lr" and mlp.name == "student_mlp"
    from newsaudit.slant.vectors import windows

    wide = windows((vectors - lr.mean) / lr.scale, [10] * 500, 1)
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(y, lr.scores(vectors)) > 0.95  # a few hundred steps rank well before they calibrate
    assert np.mean((mlp.scores(wide) > 0.5) == y) > 0.9
    assert roc_auc_score(y, mlp.scores(wide)) > 0.95


@pytest.fixture(scope="module")
def model() -> pm.PropagandaModel:
    model = pm.default_model()
    if model.student is None:
        pytest.skip("the shipped propaganda artifact has no word-vector student")
    return model


def test_the_student_is_what_reads_spans_without_the_booster(model: pm.PropagandaModel) -> None:
    view = view_of(TEXT)
    ngram = model.token_probabilities(view, boost=False, student=False)
    student = model.token_probabilities(view, boost=False)
    assert model.reader(boost=False) is model.student and model.reader(boost=False, student=False) is None
    assert student.shape == ngram.shape and not np.allclose(student, ngram)
    assert model.span_threshold(False) == model.student.threshold  # type: ignore[union-attr]
    words = [t.text for t in view.tokens]
    loaded = student[words.index("treasonous")]
    plain = student[words.index("policemen")]
    assert loaded > plain  # a loaded word inside a slur, against a plain noun of a news sentence


def test_the_student_survives_a_save_and_load(tmp_path, model: pm.PropagandaModel) -> None:  # type: ignore[no-untyped-def]
    model.save(tmp_path, "propaganda-test")
    again = pm.PropagandaModel.load(tmp_path, "propaganda-test")
    assert again.table is not None and model.table is not None
    assert again.table.words == model.table.words
    view = view_of(TEXT)
    np.testing.assert_allclose(
        again.token_probabilities(view, boost=False), model.token_probabilities(view, boost=False), atol=1e-6
    )


def test_table_logits_equal_the_windowed_logits(model: pm.PropagandaModel) -> None:
    student, table = model.student, model.table
    assert student is not None and table is not None
    view = view_of(TEXT + " Short. And one more sentence, with “quoted words” in it!")
    rows = table.rows([t.lower for t in view.tokens])
    lengths = [len(s.tokens) for s in view.sentences]
    assert min(lengths) < 2 * student.window + 1  # a sentence shorter than the window, padded at both ends
    fast = student.table_logits(table.matrix, rows, lengths)
    reference = student.logits(table.matrix[rows], lengths)
    for got, want in zip(fast, reference, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
