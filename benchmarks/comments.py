"""Cross-validated quality of the comment moderation model, per training set, beside baselines.

    python -m benchmarks.comments --data ../shared/data --out docs/eval/comments.md

Five folds over the union of the training sets (fold = hash of the normalised
text, so a post present in two sets is held out from both at once). Each fold
trains the shipped recipe (``training.train_comments.fit_model``) on the other
four and predicts the held-out one; every figure below is on out-of-fold
predictions. Baselines on the same rows: ``alt-profanity-check`` (a pretrained
offline linear model) and, for antisemitism, the lexicon rules alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import f1_score, precision_recall_fscore_support, roc_auc_score

from benchmarks.common import emit
from newsaudit.models.comment_model import BINARY_HEADS
from newsaudit.models.text_features import Featurizer
from newsaudit.moderation.lexicon import find_hits
from newsaudit.training.comment_data import Example, fold_of, load_all
from newsaudit.training.train_comments import HATE_FORMS, TrainConfig, fit_model, hate_form

N_FOLDS = 5


def out_of_fold(
    examples: Sequence[Example], n_folds: int = N_FOLDS, counts: sp.csr_matrix | None = None
) -> dict[str, Any]:
    """Predictions for every example from the model that did not see its fold (``counts``: the examples'
    hashed counts when the caller has them already)."""
    config = TrainConfig()
    if counts is None:
        counts = Featurizer(config.features).counts(ex.text for ex in examples)
    folds = np.array([fold_of(ex, n_folds) for ex in examples])
    binary = {name: np.zeros(len(examples)) for name in BINARY_HEADS}
    group: list[dict[str, float]] = [{} for _ in examples]
    form: list[dict[str, float]] = [{} for _ in examples]
    for k in range(n_folds):
        started = time.perf_counter()
        train = np.flatnonzero(folds != k)
        test = np.flatnonzero(folds == k)
        model = fit_model([examples[int(i)] for i in train], counts[train], config)
        x = model.featurizer.weigh(counts[test])
        for name in BINARY_HEADS:
            binary[name][test] = model.heads[name].scores(x)
        for head, store in (("group", group), ("hate_form", form)):
            probs = model.heads[head].scores(x)
            classes = model.heads[head].classes
            for row, i in enumerate(test):
                store[i] = dict(zip(classes, probs[row].tolist(), strict=True))
        print(f"fold {k}: {len(train)} train, {len(test)} test, {time.perf_counter() - started:.0f}s", flush=True)
    return {"folds": folds, "binary": binary, "group": group, "hate_form": form}


def profanity_baseline(texts: Sequence[str]) -> np.ndarray | None:
    try:
        from profanity_check import predict_prob  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return np.asarray(predict_prob(list(texts)), dtype=float)


def lexicon_baseline(texts: Sequence[str]) -> np.ndarray:
    """1 where the antisemitism lexicon fires (trope, coded term or Holocaust denial), else 0."""
    kinds = {"antisemitic_trope", "coded_antisemitism", "holocaust_denial"}
    return np.array([float(any(h.category in kinds for h in find_hits(t))) for t in texts])


def _binary_row(y: np.ndarray, score: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    pred = (score >= threshold).astype(int)
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    auc = roc_auc_score(y, score) if 0 < y.sum() < len(y) and len(set(score.tolist())) > 1 else float("nan")
    return {"n": len(y), "pos": int(y.sum()), "p": float(p), "r": float(r), "f1": float(f), "auc": float(auc)}


def _three_class(labels: list[str], preds: list[str], classes: Sequence[str]) -> dict[str, Any]:
    per = f1_score(labels, preds, labels=list(classes), average=None, zero_division=0)
    return {
        "n": len(labels),
        "macro_f1": float(f1_score(labels, preds, labels=list(classes), average="macro", zero_division=0)),
        "per_class": {c: float(v) for c, v in zip(classes, per, strict=True)},
    }


def _severity(identity: float, toxic: float, classes: tuple[str, str, str]) -> str:
    """Map head scores onto a dataset's hate / offensive / neither scheme."""
    if identity >= 0.5:
        return classes[0]
    return classes[1] if toxic >= 0.5 else classes[2]


def metrics(
    examples: Sequence[Example], oof: dict[str, Any], baselines: dict[str, np.ndarray | None]
) -> dict[str, Any]:
    out: dict[str, Any] = {"binary": {}, "severity": {}, "baselines": {}}
    sources = sorted({ex.source for ex in examples})
    for name in BINARY_HEADS:
        for source in [*sources, "all"]:
            rows = [i for i, ex in enumerate(examples) if name in ex.labels and source in ("all", ex.source)]
            if not rows:
                continue
            y = np.array([examples[i].labels[name] for i in rows])
            if y.sum() == 0:
                continue
            out["binary"][f"{name}/{source}"] = _binary_row(y, oof["binary"][name][rows])
            for base, scores in baselines.items():
                if scores is None or (base == "lexicon" and name != "antisemitism"):
                    continue
                out["baselines"][f"{name}/{source}/{base}"] = _binary_row(y, scores[rows])
    # Latent Hatred stage 1: the hate_form head's three classes
    rows = [i for i, ex in enumerate(examples) if hate_form(ex) is not None]
    gold = [str(hate_form(examples[i])) for i in rows]
    pred = [max(oof["hate_form"][i].items(), key=lambda kv: kv[1])[0] for i in rows]
    out["severity"]["latent_hatred"] = _three_class(gold, pred, HATE_FORMS)
    # Davidson and HateXplain: hate / offensive / neither from the identity and toxic heads
    for source, classes in (
        ("davidson", ("hate", "offensive", "neither")),
        ("hatexplain", ("hatespeech", "offensive", "normal")),
    ):
        rows = [i for i, ex in enumerate(examples) if ex.source == source]
        gold = [
            _severity(examples[i].labels["identity_attack"], examples[i].labels["toxic"], classes) for i in rows
        ]
        pred = [_severity(oof["binary"]["identity_attack"][i], oof["binary"]["toxic"][i], classes) for i in rows]
        out["severity"][source] = _three_class(gold, pred, classes)
        prof = baselines.get("profanity")
        if prof is not None:
            base_pred = [classes[1] if prof[i] >= 0.5 else classes[2] for i in rows]
            out["severity"][f"{source}/profanity"] = _three_class(gold, base_pred, classes)
    out["operating"] = operating_points(examples, oof)
    rows = [i for i, ex in enumerate(examples) if ex.group is not None]
    gold = [str(examples[i].group) for i in rows]
    pred = [max(oof["group"][i].items(), key=lambda kv: kv[1])[0] for i in rows]
    groups = sorted(set(gold))
    out["group"] = _three_class(gold, pred, groups)
    out["group"]["accuracy"] = float(np.mean([g == p for g, p in zip(gold, pred, strict=True)]))
    return out


def operating_points(
    examples: Sequence[Example], oof: dict[str, Any]
) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Held-out precision and recall of each head (model alone) at the default hold and reject thresholds."""
    from newsaudit.moderation.moderate import ModerationConfig

    thresholds = ModerationConfig().limits
    out: dict[str, dict[str, tuple[float, float, float]]] = {}
    for name in BINARY_HEADS:
        rows = [i for i, ex in enumerate(examples) if name in ex.labels]
        y = np.array([examples[i].labels[name] for i in rows])
        score = oof["binary"][name][rows]
        out[name] = {}
        for level, table in (("hold", thresholds.hold), ("reject", thresholds.reject)):
            t = table.get(name)
            if t is None:
                continue
            picked = score >= t
            precision = float(y[picked].mean()) if picked.any() else float("nan")
            recall = float((picked & (y == 1)).sum() / max(1, y.sum()))
            out[name][level] = (t, precision, recall)
    return out


def error_sample(examples: Sequence[Example], oof: dict[str, Any], n: int = 20, seed: int = 7) -> list[dict[str, Any]]:
    """A seeded sample of misclassified held-out examples, spread over heads and error directions."""
    rng = random.Random(seed)
    pools: list[list[dict[str, Any]]] = []
    for name in ("antisemitism", "identity_attack", "toxic", "violence"):
        for want in (0, 1):
            pool = []
            for i, ex in enumerate(examples):
                if ex.labels.get(name) != want:
                    continue
                score = float(oof["binary"][name][i])
                if (score >= 0.5) != bool(want) and 15 <= len(ex.text) <= 280:
                    kind = "false positive" if want == 0 else "false negative"
                    pool.append({"head": name, "kind": kind, "source": ex.source, "score": score, "text": ex.text})
            rng.shuffle(pool)
            pools.append(pool)
    sample: list[dict[str, Any]] = []
    while len(sample) < n and any(pools):
        for pool in pools:
            if pool and len(sample) < n:
                sample.append(pool.pop())
    return sample


def canonical_rows() -> list[str]:
    """The shipped model's decisions on the bundled canonical page, as markdown table rows."""
    from importlib import resources

    from newsaudit.pipeline import audit

    text = resources.files("newsaudit").joinpath("examples", "syria-repost-with-comments.txt").read_text("utf-8")
    page = audit(text)
    rows = []
    for c in page.walk_comments():
        m = c.moderation or {}
        opening = " ".join(page.slice(c).split())[:70].replace("|", "/")
        reason = (m.get("reasons") or ["—"])[0].replace("|", "/")
        groups = ", ".join(m.get("groups") or {}) or "—"
        rows.append(f"| {c.id} | {'reply' if c.parent else 'top'} | {opening}… | **{m.get('decision')}** | {groups} | "
                    f"{reason} |")
    return rows


def _cell(text: str) -> str:
    """Text made safe for one markdown table cell."""
    return text.replace("|", "/").replace("\n", " ")


def _pct(v: float) -> str:
    return "—" if v != v else f"{v:.3f}"


def render(m: dict[str, Any], errors: list[dict[str, Any]], n_examples: int, seconds: float) -> str:
    today = dt.date.today().isoformat()
    lines = [
        "## Comment moderation: cross-validated quality",
        "",
        f"_Measured {today} by `python -m benchmarks.comments` on {n_examples:,} examples from "
        "../shared/data (ISCA antisemitism, Latent Hatred stages 1-3, Gab Hate Corpus, Davidson, HateXplain, "
        "RedditBias, ToxiGen demonstrations). Five folds by a hash of the normalised text; each fold's model is "
        "trained on the other four with the shipped recipe (linear heads over hashed word and character "
        f"n-grams). Threshold 0.5 throughout. Run time {seconds / 60:.0f} min on 2 cores._",
        "",
        "### The issue's floors",
        "",
    ]
    isca = m["binary"].get("antisemitism/isca", {})
    lh = m["severity"]["latent_hatred"]
    lines += [
        "| measure | floor | newsaudit |",
        "|---|---:|---:|",
        f"| antisemitism F1, ISCA (5-fold CV) | 0.75 | {_pct(isca.get('f1', float('nan')))} |",
        f"| antisemitism ROC-AUC, ISCA | — | {_pct(isca.get('auc', float('nan')))} |",
        f"| Latent Hatred stage 1, 3-class macro-F1 | 0.55 | {_pct(lh['macro_f1'])} |",
        "",
        "### Binary heads, per training set",
        "",
        "| head / set | rows | positive | precision | recall | F1 | ROC-AUC |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, row in m["binary"].items():
        lines.append(
            f"| {key} | {row['n']:,} | {row['pos']:,} | {_pct(row['p'])} | {_pct(row['r'])} | "
            f"{_pct(row['f1'])} | {_pct(row['auc'])} |"
        )
    lines += ["", "### Baselines on the same rows", ""]
    if m["baselines"]:
        lines += [
            "`profanity` is alt-profanity-check's `predict_prob` (pretrained, offline); `lexicon` is newsaudit's "
            "antisemitism rules alone (trope, coded term or Holocaust denial hit = positive).",
            "",
            "| head / set / baseline | precision | recall | F1 | ROC-AUC | newsaudit F1 |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for key, row in m["baselines"].items():
            ours = m["binary"].get(key.rsplit("/", 1)[0], {}).get("f1", float("nan"))
            lines.append(
                f"| {key} | {_pct(row['p'])} | {_pct(row['r'])} | {_pct(row['f1'])} | {_pct(row['auc'])} | "
                f"{_pct(ours)} |"
            )
    else:
        lines.append("_No baseline installed (`pip install alt-profanity-check`)._")
    lines += [
        "",
        "### Operating points of the default thresholds",
        "",
        "Held-out precision and recall of each head alone (no rules), pooled over every training set that labels "
        "it, at the `hold` and `reject` thresholds of `moderation.moderate.Thresholds`. The pools mix sets with "
        "different base rates, so read them as orders of magnitude for a comment section.",
        "",
        "| head | hold at | precision | recall | reject at | precision | recall |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, levels in m["operating"].items():
        cells = []
        for level in ("hold", "reject"):
            t, p, r = levels.get(level, (float("nan"),) * 3)
            cells.append(f"{t:.2f} | {_pct(p)} | {_pct(r)}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "### Three-class schemes", "", "| set | scheme | macro-F1 | per-class F1 |", "|---|---|---:|---|"]
    for key, row in m["severity"].items():
        per = ", ".join(f"{c} {v:.3f}" for c, v in row["per_class"].items())
        scheme = "hate_form head" if key == "latent_hatred" else "identity_attack / toxic heads"
        if key.endswith("/profanity"):
            scheme = "alt-profanity-check (offensive or neither)"
        lines.append(f"| {key.split('/')[0]} | {scheme} | {_pct(row['macro_f1'])} | {per} |")
    g = m["group"]
    lines += [
        "",
        "### Target group head",
        "",
        f"{g['n']:,} examples with a known group (Latent Hatred stage 3 targets, ToxiGen, RedditBias, ISCA "
        f"positives): accuracy {_pct(g['accuracy'])}, macro-F1 {_pct(g['macro_f1'])}.",
        "",
        "| group | F1 |",
        "|---|---:|",
    ]
    lines += [f"| {c} | {_pct(v)} |" for c, v in sorted(g["per_class"].items(), key=lambda kv: -kv[1])]
    lines += [
        "",
        "### On the canonical page",
        "",
        "The shipped model (`make models`) with the default thresholds, on `syria-repost-with-comments.txt`; the "
        "first reason of each decision.",
        "",
        "| comment | level | opening | decision | groups | first reason |",
        "|---|---|---|---|---|---|",
        *canonical_rows(),
    ]
    lines += [
        "",
        "### Error analysis: 20 misclassified held-out examples",
        "",
        "A seeded sample spread over heads and both error directions (texts cut to 160 characters). "
        "The reading of each is in the table's last column.",
        "",
        "| # | head | error | set | score | text | reading |",
        "|---:|---|---|---|---:|---|---|",
    ]
    for n, e in enumerate(errors, 1):
        text = _cell(e["text"])[:160]
        lines.append(
            f"| {n} | {e['head']} | {e['kind']} | {e['source']} | {e['score']:.2f} | {text} | {e.get('reading', '')} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None, help="store/reuse out-of-fold predictions (JSON)")
    parser.add_argument("--readings", type=Path, default=Path("docs/eval/comments_error_readings.json"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    examples = load_all(args.data)
    if not examples:
        print(f"no training data under {args.data}")
        return 1
    if args.cache and args.cache.exists():
        cached = json.loads(args.cache.read_text())
        oof = {
            "folds": np.array(cached["folds"]),
            "binary": {k: np.array(v) for k, v in cached["binary"].items()},
            "group": cached["group"],
            "hate_form": cached["hate_form"],
        }
    else:
        oof = out_of_fold(examples)
        if args.cache:
            args.cache.write_text(
                json.dumps(
                    {
                        "folds": oof["folds"].tolist(),
                        "binary": {k: v.tolist() for k, v in oof["binary"].items()},
                        "group": oof["group"],
                        "hate_form": oof["hate_form"],
                    }
                )
            )
    texts = [ex.text for ex in examples]
    baselines = {"profanity": profanity_baseline(texts), "lexicon": lexicon_baseline(texts)}
    m = metrics(examples, oof, baselines)
    errors = error_sample(examples, oof)
    if args.readings.exists():
        readings = json.loads(args.readings.read_text(encoding="utf-8"))
        for e in errors:
            e["reading"] = readings.get(_cell(e["text"])[:80], "")
    emit(render(m, errors, len(examples), time.perf_counter() - started), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
