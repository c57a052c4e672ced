"""Moderation policies (strict, balanced, lenient): what each stops, on posts no model saw.

    python -m benchmarks.comment_policies --predictions PRED.npz --setting shipped

``PRED.npz`` holds held-out scores written by ``benchmarks/comments_encoder.py --predictions`` (posts of
calibration fold 0, which neither the shipped encoder nor the refitted n-gram heads were trained on).
For each policy of ``moderation/moderate.py`` it gives the precision and recall of ``reject`` and of
"not allowed" (hold or reject) per dataset, from the model scores alone (no lexicon rules, no
sentence-by-sentence scoring, so the moderator stops somewhat more). A post counts as unacceptable when
any label its dataset defines is 1. The training sets are far more hateful than a comment section
(two posts in five attack a group), so a moderator's precision will be lower than these.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import emit
from newsaudit.models.comment_model import BINARY_HEADS
from newsaudit.moderation.moderate import POLICY_NAMES, Thresholds, policy_thresholds


def outcomes(data: dict[str, np.ndarray], setting: str, thresholds: Thresholds, rows: np.ndarray) -> (
        dict[str, dict[str, float]]):
    """Precision, recall and share flagged of reject and of not-allowed on ``rows``."""
    labels = np.stack([data[f"label_{h}"][rows] for h in BINARY_HEADS])
    unacceptable = (labels == 1).any(axis=0)
    out = {}
    for level, table in (("reject", thresholds.reject), ("not_allowed", thresholds.hold)):
        flagged = np.zeros(int(rows.sum()), bool)
        for h in BINARY_HEADS:
            flagged |= data[f"{setting}/{h}"][rows] >= table.get(h, 2.0)
        tp = int((flagged & unacceptable).sum())
        out[level] = {
            "p": tp / flagged.sum() if flagged.sum() else float("nan"),
            "r": tp / unacceptable.sum() if unacceptable.sum() else float("nan"),
            "flagged": float(flagged.mean()) if len(flagged) else float("nan"),
        }
    return out


def run(data: dict[str, np.ndarray], setting: str) -> dict[str, Any]:
    policies = {p: policy_thresholds(p) for p in POLICY_NAMES}
    table: dict[str, Any] = {}
    sources = data["source"]
    for source in [*sorted(set(sources.tolist())), "all"]:
        rows = np.ones(len(sources), bool) if source == "all" else sources == source
        table[source] = {p: outcomes(data, setting, t, rows) for p, t in policies.items()}
    return {"policies": policies, "table": table, "n": len(sources)}


def render(result: dict[str, Any], setting: str, path: Path) -> str:
    lines = [
        "## Moderation policies: what each stops (issue 14)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d} by `python -m benchmarks.comment_policies` on held-out "
        f"scores ({path.name}, setting `{setting}`: {result['n']:,} posts of calibration fold 0, which no model "
        "scoring them was trained on). Model scores only: lexicon rules and sentence-by-sentence scoring stop "
        "somewhat more. A post is unacceptable when any label its dataset defines is 1.",
        "",
        "Thresholds (`moderation/moderate.py`), reject / hold:",
        "",
        "| policy | " + " | ".join(BINARY_HEADS) + " |",
        "|---|" + "---|" * len(BINARY_HEADS),
    ]
    for policy, t in result["policies"].items():
        cells = " | ".join(f"{t.reject.get(h, float('nan')):.2f} / {t.hold.get(h, float('nan')):.2f}"
                           for h in BINARY_HEADS)
        lines.append(f"| {policy} | {cells} |")
    lines += ["", "Precision / recall of reject, and of not allowed (hold or reject), per dataset:", "",
              "| dataset | " + " | ".join(f"{p} reject | {p} not allowed" for p in POLICY_NAMES) + " |",
              "|---|" + "---|---|" * len(POLICY_NAMES)]
    for source, by_policy in result["table"].items():
        row: list[str] = []
        for p in POLICY_NAMES:
            for level in ("reject", "not_allowed"):
                o = by_policy[p][level]
                row.append(f"{o['p']:.2f} / {o['r']:.2f}")
        lines.append(f"| {source} | " + " | ".join(row) + " |")
    lines += ["", "(news_mentions has no unacceptable posts: its precision is 0 whenever it flags one; its "
              "share flagged is the false-alarm rate on news sentences that name a group.)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--predictions", type=Path, required=True)
    parser.add_argument("--setting", required=True, help='which scores in the file, e.g. "shipped"')
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if not args.predictions.exists():
        print(f"{args.predictions} is absent: run benchmarks.comments_encoder --predictions first")
        return 1
    with np.load(args.predictions) as npz:
        data = {k: npz[k] for k in npz.files}
    emit(render(run(data, args.setting), args.setting, args.predictions), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
