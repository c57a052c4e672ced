"""What each moderation policy stops, measured on held-out scores (benchmarks/comment_policies.py); synthetic scores."""

from __future__ import annotations

import numpy as np

from benchmarks.comment_policies import outcomes, run
from newsaudit.models.comment_model import BINARY_HEADS
from newsaudit.moderation.moderate import Thresholds


def _data(n: int = 4000, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    data: dict[str, np.ndarray] = {"source": np.array(["a", "b"] * (n // 2))}
    for h in BINARY_HEADS:
        y = rng.random(n) < 0.3
        data[f"label_{h}"] = np.where(rng.random(n) < 0.2, -1, y.astype(int))  # some rows do not define h
        data[f"s/{h}"] = np.clip(0.5 * y + rng.normal(0.3, 0.2, n), 0, 1)
    return data


def test_outcomes_count_a_post_flagged_by_any_head() -> None:
    data = {"source": np.array(["a"] * 4), "s/toxic": np.array([0.9, 0.1, 0.9, 0.1])}
    for h in BINARY_HEADS:
        data[f"label_{h}"] = np.array([-1, -1, -1, -1])
        data.setdefault(f"s/{h}", np.zeros(4))
    data["label_toxic"] = np.array([1, 1, 0, 0])
    got = outcomes(data, "s", Thresholds(reject={"toxic": 0.5}, hold={"toxic": 0.5}), np.ones(4, bool))
    assert got["reject"] == {"p": 0.5, "r": 0.5, "flagged": 0.5}


def test_strict_stops_more_than_lenient_on_every_dataset() -> None:
    result = run(_data(), "s")
    for source, by_policy in result["table"].items():
        assert by_policy["strict"]["not_allowed"]["r"] >= by_policy["lenient"]["not_allowed"]["r"], source
        assert by_policy["strict"]["reject"]["flagged"] >= by_policy["lenient"]["reject"]["flagged"], source
