"""The booster's context stack features: a token's logits with its neighbours' and its sentence's."""

from __future__ import annotations

import numpy as np

from newsaudit.models.dense import context_features


def test_context_features_read_neighbours_inside_the_sentence_only() -> None:
    base = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0]])  # sentences of 3 and 1 tokens
    features = context_features(base, np.array([0.5, -0.5]), [3, 1], width=1)
    # token, left neighbour, right neighbour, left/right exists, sentence mean, sentence max, sentence logit
    assert features.shape == (4, 2 + 2 * 2 + 2 + 2 + 2 + 1)
    assert features[1].tolist() == [2, 20, 1, 10, 3, 30, 1, 1, 2, 20, 3, 30, 0.5]
    assert features[0].tolist() == [1, 10, 0, 0, 2, 20, 0, 1, 2, 20, 3, 30, 0.5]
    assert features[3].tolist() == [4, 40, 0, 0, 0, 0, 0, 0, 4, 40, 4, 40, -0.5]


def test_context_features_allow_empty_sentences_and_inputs() -> None:
    base = np.array([[1.0], [3.0]])
    features = context_features(base, np.array([2.0, 9.0, 4.0]), [1, 0, 1], width=2)
    assert features[:, -1].tolist() == [2.0, 4.0]  # the empty sentence owns no token
    assert context_features(np.zeros((0, 3)), np.zeros(0), [], width=1).shape == (0, 3 + 2 * 4 + 7)
