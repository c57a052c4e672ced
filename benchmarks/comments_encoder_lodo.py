"""Leave one dataset out, with the encoder: does it carry to a dataset it never saw better than n-grams?

    python -m newsaudit.training.train_comment_encoder --leave-out isca --out DIR
    python -m benchmarks.comments_encoder_lodo --encoder-dir DIR --family isca --results R.json

The encoder in ``DIR`` was trained without the family (and without the calibration fold, as the shipped
one); the n-gram heads are refitted here on exactly the same posts. Both score the left-out family's
posts (an even sample of up to ``--sample``); F1 at 0.5 and ROC-AUC per head, for the n-gram heads, the
encoder, and their blends. Results of several families accumulate in ``R.json``; the markdown table
covers every family there. A fine-tune takes about 25 minutes on two cores, so each family is a run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.comments import _binary_row
from benchmarks.comments_encoder import Remembered, evenly, load_encoder
from benchmarks.common import emit
from newsaudit.models.comment_encoder import BlendArgs, BlendedCommentModel, CommentEncoder, shipped_blend
from newsaudit.models.comment_model import BINARY_HEADS
from newsaudit.models.text_features import Featurizer
from newsaudit.training.comment_data import FAMILIES, fold_of, load_all
from newsaudit.training.train_comments import TrainConfig, fit_model

#: (name, encoder weight, gate): the n-gram heads alone, the encoder alone, and blends (the shipped blend,
#: from the artifact's JSON, is added to these).
SETTINGS = (("n-gram", 0.0, 0.0), ("encoder", 1.0, 0.0), ("blend 0.5", 0.5, 0.0), ("blend 0.75", 0.75, 0.0))


def score_family(encoder: CommentEncoder, family: str, data: Path, sample: int) -> dict[str, Any]:
    settings: dict[str, BlendArgs] = {n: (w, g, {}, {}) for n, w, g in SETTINGS}
    settings["shipped blend"] = shipped_blend(encoder.meta)
    examples = load_all(data)
    sources = FAMILIES[family]
    members = [ex for ex in examples if ex.source in sources]
    keys = {ex.fold_key for ex in members}
    holdout = encoder.meta.get("holdout_fold")
    train = [ex for ex in examples if ex.source not in sources and ex.fold_key not in keys
             and (holdout is None or fold_of(ex) != holdout)]
    config = TrainConfig()
    ngram = fit_model(train, Featurizer(config.features).counts(ex.text for ex in train), config)
    test = evenly(members, sample)
    texts = [ex.text for ex in test]
    known = Remembered(encoder)  # each text encoded once, for every blend below
    rows: list[dict[str, Any]] = []
    scored = {name: BlendedCommentModel(ngram, known, *args).predict(texts) for name, args in settings.items()}
    for head in BINARY_HEADS:
        idx = [i for i, ex in enumerate(test) if head in ex.labels]
        y = np.array([test[i].labels[head] for i in idx])
        if not idx or y.sum() == 0:
            continue
        rows.append({"head": head, **{name: _binary_row(y, np.array([p[i].scores[head] for i in idx]))
                                      for name, p in scored.items()}})
    return {"family": family, "n_train": len(train), "n_test": len(test), "rows": rows,
            "settings": list(settings)}


def render(results: dict[str, Any]) -> str:
    names = next(iter(results.values()))["settings"]
    lines = [
        "## Leave one dataset out: the encoder beside the n-gram heads (issue 14)",
        "",
        "Measured by `python -m benchmarks.comments_encoder_lodo`, one family a run (the date and the "
        "encoder's shape are given per family: each is a fine-tune of its own). For each family, both models were "
        "trained without it (and without calibration fold 0); F1 at 0.5 (ROC-AUC) on an even sample of its posts.",
        "",
        "| left out | head | n (pos) | " + " | ".join(names) + " |",
        "|---|---|---|" + "---|" * len(names),
    ]
    all_rows = []
    for family, result in results.items():
        for row in result["rows"]:
            all_rows.append(row)
            first = row[names[0]]
            cells = " | ".join(f"{row[n]['f1']:.3f} ({row[n]['auc']:.3f})" for n in names)
            when = f" ({result['measured']}, {result['encoder']})" if "measured" in result else ""
            lines.append(f"| {family}{when} | {row['head']} | {first['n']} ({first['pos']}) | {cells} |")
    means = " | ".join(f"**{np.mean([r[n]['f1'] for r in all_rows]):.3f}**" for n in names)
    lines.append(f"| **mean F1** | | | {means} |")
    return "\n".join(lines)


def _recipe(encoder: CommentEncoder) -> str:
    """What sets the encoder's training recipe apart from the first one, for the row's name."""
    trained = encoder.meta.get("train_config", {})
    epochs = float(trained.get("epochs", 1.0))
    return ((", group names masked" if encoder.mask_groups else "")
            + (", written pairs" if trained.get("written_fills") else "")
            + (f", {epochs:g} epochs" if epochs != 1.0 else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--encoder-dir", type=Path, required=True)
    parser.add_argument("--family", choices=sorted(FAMILIES), required=True)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--results", type=Path, required=True, help="JSON file the families accumulate in")
    parser.add_argument("--out", type=Path, default=None, help="write the markdown table here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    encoder = load_encoder(args.encoder_dir)
    if encoder is None:
        return 2
    if encoder.meta.get("leave_out") != args.family:
        print(f"the encoder in {args.encoder_dir} was not trained without {args.family}")
        return 2
    result = score_family(encoder, args.family, args.data, args.sample)
    result["measured"] = f"{dt.datetime.now(dt.UTC):%Y-%m-%d}"
    result["encoder"] = f"{encoder.n_layers} layers, {len(encoder.meta.get('trained_layers', []))} fine-tuned"
    results = json.loads(args.results.read_text()) if args.results.exists() else {}
    # a recipe's run sits beside another's for the same family rather than replacing it
    results[args.family + _recipe(encoder)] = result
    args.results.write_text(json.dumps(results, indent=1) + "\n")
    emit(render(results), args.out)
    print(f"{args.family}: {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
