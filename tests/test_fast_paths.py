"""The fast scoring paths give what the reference paths give (issue 17: speed without a change of output).

Each fast path replaces a slower one that training still uses (hashed CSR rows times the weights,
Viterbi one paragraph at a time, an ``any`` over every quote); these tests hold them to the same
numbers on texts with quotes, nested quotes, headlines and one-token paragraphs.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsaudit.models import attribution_model as am
from newsaudit.models import propaganda_model as pm
from newsaudit.slant.text import Covered, Token, quoted_regions, tokenize
from newsaudit.slant.view import view_of

TEXTS = [
    "Syria warns U.S.\n\nMOSCOW (Reuters) - Russia's defence ministry said on Friday that “the so-called coalition "
    "is lying about everything it does, as always” and that it had killed 29 policemen. Konashenkov told reporters: "
    "\"We will never, ever accept this disgraceful, shameful lie.\" Critics say the corrupt elite hide the truth!",
    "Is this the end? They are traitors. Traitors! \"He said 'they knew all along' about it,\" the official added.",
    "One.\n\nA\n\n“An unclosed quote runs to the end of its paragraph, as quotes do in news copy\nAnd then prose.",
]


@pytest.fixture(scope="module")
def propaganda() -> pm.PropagandaModel:
    return pm.default_model()


@pytest.mark.parametrize("text", TEXTS)
def test_ngram_token_probabilities_equal_the_hashed_rows(propaganda: pm.PropagandaModel, text: str) -> None:
    view = view_of(text)
    reference = propaganda.heads["si"].scores(pm.hash_rows(pm.si_rows(view)))
    assert len(reference) == len(view.tokens) > 0
    np.testing.assert_allclose(propaganda.ngram_token_probabilities(view), reference, rtol=0, atol=1e-9)


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_and_technique_scores_equal_the_hashed_rows(propaganda: pm.PropagandaModel, text: str) -> None:
    view = view_of(text)
    reference = propaganda.heads["sentence"].scores(pm.hash_rows(pm.sentence_rows(view)))
    np.testing.assert_allclose(propaganda.sentence_probabilities(view), reference, rtol=0, atol=1e-9)
    spans = [(s.start, s.end) for s in view.sentences]
    reference = propaganda.heads["tc"].scores(pm.hash_rows(pm.tc_rows(view, spans)))
    fast = propaganda.technique_probabilities(view, spans)
    assert fast.shape == (len(spans), len(propaganda.techniques))
    np.testing.assert_allclose(fast, reference, rtol=0, atol=1e-9)


@pytest.mark.parametrize("text", TEXTS)
def test_attribution_probabilities_equal_the_hashed_rows(text: str) -> None:
    model = am.default_model()
    paras = am.paragraphs(text)
    x = am.hash_paragraphs(paras, model.lexicon)
    np.testing.assert_allclose(model.paragraph_probabilities(paras), model.tag_probabilities(x), rtol=0, atol=1e-9)


def _viterbi(log_probs: np.ndarray, transitions: np.ndarray) -> list[int]:
    """Textbook Viterbi for one paragraph (what the tagger decoded with before ``viterbi_many``)."""
    n, k = log_probs.shape
    if n == 0:
        return []
    score = transitions[k] + log_probs[0]
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + transitions[:k]
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + log_probs[t]
    path = [int(np.argmax(score))]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def test_viterbi_many_equals_one_paragraph_at_a_time() -> None:
    rng = np.random.default_rng(7)
    transitions = am.default_model().decode_matrix()
    lengths = [0, 1, 1, 2, 5, 40, 0, 17, 3, 90, 1]
    log_probs = [np.log(rng.dirichlet(np.ones(len(am.TAGS)), size=n)) for n in lengths]
    batched = am.viterbi_many(log_probs, transitions)
    assert [len(path) for path in batched] == lengths
    assert batched == [_viterbi(lp, transitions) for lp in log_probs]


def test_quote_flags_follow_nested_and_overlapping_quotes() -> None:
    text = TEXTS[1] + " “Outer words here, \"inner words are here too\" and the outer goes on” said she."
    regions = quoted_regions(text)
    assert any(a < c < b for a, b in regions for c, _ in regions)  # the text really nests one quote in another
    view = view_of(text)
    for sentence in view.sentences:
        assert sentence.quoted == [any(a <= t.start < b for a, b in regions) for t in sentence.tokens]


def test_covered_positions_match_a_scan_of_every_span() -> None:
    spans = [(5, 9), (7, 20), (30, 31), (40, 60), (45, 50)]
    covered = Covered(spans)
    for pos in range(-1, 70):
        assert covered.covers(pos) == any(a <= pos < b for a, b in spans), pos


def test_tokens_compare_by_offsets_and_text_and_read_lower_case() -> None:
    first, second = tokenize("Don’t  Stop"), tokenize("Don’t  Stop")
    assert first == second and len({*first, *second}) == 2
    assert [t.lower for t in first] == ["don't", "stop"]
    assert first[1] == Token(7, 11, "Stop") and first[1] != Token(7, 11, "stop") and first[1] != Token(6, 11, "Stop")
