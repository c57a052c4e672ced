"""Experiment (issue 14): does target-term augmentation stop a group's name from carrying the attack?

    PYTHONPATH=. .venv/bin/python experiments/comments_swap_groups.py --data ../shared/data --copies 0 2

Trains the comment model on every training set as shipped (copies 0) and with N copies of each post
that names one group, that group swapped for another (``training/augment.py``), then runs the
functional suite (development data, never trained on) with each. Prints one line per setting.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from benchmarks.functional_suite import evaluate, generate_cases
from newsaudit.models.text_features import Featurizer
from newsaudit.moderation.moderate import Moderator
from newsaudit.training.comment_data import load_all
from newsaudit.training.train_comments import TrainConfig, fit_model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--copies", type=int, nargs="+", default=[0, 2])
    args = parser.parse_args()
    examples = load_all(args.data)
    counts = Featurizer(TrainConfig().features).counts(ex.text for ex in examples)
    cases = generate_cases()
    for copies in args.copies:
        started = time.perf_counter()
        model = fit_model(examples, counts, TrainConfig(swap_copies=copies))
        report = evaluate(cases, Moderator(model))
        o = report.overall
        by_group = {g: round(s.hateful.accuracy(), 2) for g, s in sorted(report.by_group.items())}
        fp_group = {g: round(s.non_hateful.accuracy(), 2) for g, s in sorted(report.by_group.items())}
        print(f"copies {copies}: accuracy {o.accuracy():.3f} hateful {o.hateful.accuracy():.3f} "
              f"non-hateful {o.non_hateful.accuracy():.3f} balanced {o.balanced():.3f} "
              f"({time.perf_counter() - started:.0f}s)\n  hateful caught by group {by_group}\n"
              f"  non-hateful allowed by group {fp_group}", flush=True)
        worst = report.worst(8)
        print("  worst: " + ", ".join(f"{f} {report.by_functionality[f].accuracy():.2f}" for f in worst), flush=True)


if __name__ == "__main__":
    main()
