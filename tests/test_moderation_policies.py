"""Moderation policies: strict stops at least what balanced stops, balanced at least what lenient stops."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsaudit.models.comment_model import default_model
from newsaudit.moderation.moderate import POLICY_NAMES, ModerationConfig, Moderator, Thresholds, policy_thresholds

BORDERLINE = [
    "You people are all idiots",
    "Muslims are ruining this country",
    "I hope someone punches him in the face",
    "Typical Jewish media spin, as always",
    "What a lovely day at the beach.",
    "They should all be sent back where they came from",
]


def test_thresholds_rise_from_strict_to_lenient() -> None:
    strict, balanced, lenient = (policy_thresholds(p) for p in POLICY_NAMES)
    for level in ("reject", "hold"):
        for label, value in balanced.__dict__[level].items():
            assert strict.__dict__[level][label] <= value <= lenient.__dict__[level][label], (level, label)
    for t in (strict, balanced, lenient):
        assert all(t.hold[label] <= t.reject[label] for label in t.reject)


def test_a_rule_hit_rejects_under_every_policy() -> None:
    """Lexicon hits score 0.9 (antisemitism, attacks) and 0.95 (violence): every policy rejects them."""
    for policy in POLICY_NAMES:
        t = policy_thresholds(policy)
        assert t.reject["antisemitism"] <= 0.9 and t.reject["identity_attack"] <= 0.9 and t.reject["violence"] <= 0.95


def test_policies_order_the_decisions() -> None:
    rank = {"allow": 0, "hold": 1, "reject": 2}
    decisions = {
        p: [rank[m.decision] for m in Moderator(default_model(), ModerationConfig(policy=p)).moderate(BORDERLINE)]
        for p in POLICY_NAMES
    }
    columns = zip(decisions["strict"], decisions["balanced"], decisions["lenient"], strict=True)
    assert all(strict >= balanced >= lenient for strict, balanced, lenient in columns)
    assert sum(decisions["strict"]) > sum(decisions["lenient"])


def test_explicit_thresholds_win_and_unknown_policy_is_refused() -> None:
    mine = Thresholds(reject={"toxic": 0.1}, hold={})
    assert ModerationConfig(policy="lenient", thresholds=mine).limits is mine
    with pytest.raises(ValueError, match="policy must be one of strict, balanced, lenient"):
        ModerationConfig(policy="harsh")


def test_cli_policy_reaches_the_moderator(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "c.jsonl"
    source.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(BORDERLINE)) + "\n")
    runs = {}
    for policy in ("strict", "lenient"):
        done = subprocess.run(
            [sys.executable, "-m", "newsaudit", "comments", "score", str(source), "--policy", policy, "-q",
             "--no-encoder"], capture_output=True, text=True, check=True,
        )
        runs[policy] = [json.loads(line)["decision"] for line in done.stdout.splitlines()]
    expected = {p: [m.decision for m in Moderator(default_model(), ModerationConfig(policy=p)).moderate(BORDERLINE)]
                for p in ("strict", "lenient")}
    assert runs == expected
