"""Cross-validated quality of the propaganda model on the PTC training articles (folds by article).

    python -m benchmarks.slant --data ../shared/data --out docs/eval/slant.md

Five folds by article (``training.ptc_data.article_folds``). Each fold trains
the shipped recipe (``training.train_propaganda.fit_heads``) on the other four
and predicts the held-out articles. Span identification (SI) and technique
classification (TC) are scored with the official SemEval-2020 Task 11 metrics
(``benchmarks/semeval_metrics.py``). The SI decoding threshold of each fold is picked
on the *other* folds' out-of-fold predictions, never on the fold scored.
Baselines measured in the same run: cue words alone (SI) and the majority
technique (TC).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import precision_recall_fscore_support

from benchmarks.common import emit
from benchmarks.semeval_metrics import si_scores, tc_scores
from newsaudit.models.propaganda_model import assign_techniques
from newsaudit.slant.decode import decode_spans
from newsaudit.slant.lexicon import cue_features
from newsaudit.training.ptc_data import article_folds, load_ptc
from newsaudit.training.train_propaganda import Prepared, TrainConfig, fit_heads, prepare

N_FOLDS = 5
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
BRIDGES = (1, 2, 3)
PUBLISHED = {"si_f1": 0.51, "tc_micro_f1": 0.62}  # SemEval-2020 Task 11 best, official test set


def out_of_fold(data: Prepared, folds: np.ndarray, config: TrainConfig) -> dict[str, Any]:
    token_p = np.zeros(data.si_x.shape[0])
    sentence_p = np.zeros(data.sentence_x.shape[0])
    tc_p: np.ndarray | None = None
    classes: tuple[str, ...] = ()
    for k in range(N_FOLDS):
        started = time.perf_counter()
        train = np.flatnonzero(folds != k)
        heads = fit_heads(data, train, config)
        test = folds[data.si_article] == k
        token_p[test] = heads["si"].scores(data.si_x[test])
        test = folds[data.sentence_article] == k
        sentence_p[test] = heads["sentence"].scores(data.sentence_x[test])
        test = folds[data.tc_article] == k
        classes = heads["tc"].classes
        if tc_p is None:
            tc_p = np.zeros((data.tc_x.shape[0], len(classes)))
        tc_p[test] = heads["tc"].scores(data.tc_x[test])
        print(f"fold {k}: {time.perf_counter() - started:.0f}s", flush=True)
    assert tc_p is not None
    return {"token": token_p, "sentence": sentence_p, "tc": tc_p, "classes": classes}


def _decoded(data: Prepared, token_p: np.ndarray, threshold: float, bridge: int) -> dict[str, list[tuple[int, int]]]:
    pred: dict[str, list[tuple[int, int]]] = {}
    pos = 0
    for article, view in zip(data.articles, data.views, strict=True):
        n = len(view.tokens)
        pred[article.id] = [
            (s, e) for s, e, _ in decode_spans(view.sentences, token_p[pos : pos + n], threshold, bridge)
        ]
        pos += n
    return pred


def _gold(data: Prepared, ids: set[str] | None = None) -> dict[str, list[tuple[int, int]]]:
    return {a.id: [(s, e) for _, s, e in a.spans] for a in data.articles if ids is None or a.id in ids}


def nested_si(
    data: Prepared,
    folds: np.ndarray,
    token_p: np.ndarray,
    thresholds: tuple[float, ...] = THRESHOLDS,
    bridges: tuple[int, ...] = BRIDGES,
) -> tuple[Any, list[tuple[float, int]], dict]:
    """SI over all folds, each fold decoded with the setting that scored best on the other folds."""
    grid = {(t, b): _decoded(data, token_p, t, b) for t in thresholds for b in bridges}
    fold_ids = [{a.id for a, f in zip(data.articles, folds, strict=True) if f == k} for k in range(N_FOLDS)]
    picks, pred = [], {}
    for k in range(N_FOLDS):
        others = set().union(*(fold_ids[j] for j in range(N_FOLDS) if j != k))
        gold_others = _gold(data, others)
        best = max(grid, key=lambda key: si_scores(gold_others, {i: grid[key][i] for i in others}).f1)
        picks.append(best)
        pred.update({i: grid[best][i] for i in fold_ids[k]})
    return si_scores(_gold(data), pred), picks, pred


def cue_baseline(data: Prepared) -> Any:
    """Spans = words that are cue words of the hand lexicon (loaded, label, fear, extreme)."""
    wanted = {"cue=loaded", "cue=label", "cue=fear", "cue=extreme"}
    pred = {
        a.id: [(t.start, t.end) for t in view.tokens if wanted & set(cue_features(t.lower))]
        for a, view in zip(data.articles, data.views, strict=True)
    }
    return si_scores(_gold(data), pred)


def sentence_scores(data: Prepared, sentence_p: np.ndarray, si_pred: dict[str, list[tuple[int, int]]]) -> dict:
    y = data.sentence_y
    head = (sentence_p >= 0.5).astype(int)
    from_spans: list[int] = []
    for article, view in zip(data.articles, data.views, strict=True):
        spans = si_pred.get(article.id, [])
        from_spans.extend(int(any(s < sent.end and e > sent.start for s, e in spans)) for sent in view.sentences)
    out = {}
    for name, pred in (("sentence head (p >= 0.5)", head), ("any SI span in the sentence", np.array(from_spans))):
        p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
        out[name] = (p, r, f)
    return out


def coverage_by_technique(data: Prepared, pred: dict[str, list[tuple[int, int]]]) -> dict[str, tuple[float, int]]:
    """Share of each technique's gold characters that predicted spans cover (SI recall by technique)."""
    covered: dict[str, list[float]] = defaultdict(list)
    for article in data.articles:
        spans = pred.get(article.id, [])
        for technique, start, end in article.spans:
            hit = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
            covered[technique].append(min(1.0, hit / max(1, end - start)))
    return {t: (float(np.mean(v)), len(v)) for t, v in covered.items()}


def error_sample(data: Prepared, pred: dict[str, list[tuple[int, int]]], techniques: list[str], n: int = 10) -> str:
    rng = random.Random(0)
    misses, false = [], []
    for article in data.articles:
        spans = pred.get(article.id, [])
        for technique, start, end in article.spans:
            if not any(s < end and e > start for s, e in spans):
                misses.append((technique, article.text[start:end]))
        for s, e in spans:
            if not any(gs < e and ge > s for _, gs, ge in article.spans):
                false.append(article.text[s:e])
    lines = ["Missed gold spans (technique: text), a seeded random sample:", ""]
    lines += [f"- {t}: “{' '.join(txt.split())[:160]}”" for t, txt in rng.sample(misses, min(n, len(misses)))]
    lines += ["", "Predicted spans that overlap no gold span, a seeded random sample:", ""]
    lines += [f"- “{' '.join(txt.split())[:160]}”" for txt in rng.sample(false, min(n, len(false)))]
    confusions = Counter((g, p) for g, p in zip(data.tc_y.tolist(), techniques, strict=True) if g != p)
    lines += ["", "Most frequent technique confusions (gold → predicted):", ""]
    lines += [f"- {g} → {p}: {c}" for (g, p), c in confusions.most_common(8)]
    return "\n".join(lines)


def render(data: Prepared, oof: dict[str, Any], folds: np.ndarray, seconds: float, cached: bool = False) -> str:
    si, picks, si_pred = nested_si(data, folds, oof["token"])
    techniques = assign_techniques(oof["tc"], data.tc_keys, oof["classes"])
    gold_tc = [(k[0], t, k[1], k[2]) for k, t in zip(data.tc_keys, data.tc_y.tolist(), strict=True)]
    pred_tc = [(k[0], t, k[1], k[2]) for k, t in zip(data.tc_keys, techniques, strict=True)]
    tc = tc_scores(gold_tc, pred_tc)
    majority = Counter(data.tc_y.tolist()).most_common(1)[0][0]
    tc_majority = tc_scores(gold_tc, [(a, majority, s, e) for a, _, s, e in gold_tc])
    cue = cue_baseline(data)
    sentences = sentence_scores(data, oof["sentence"], si_pred)
    coverage = coverage_by_technique(data, si_pred)
    lines = [
        "## Propaganda techniques (slant)",
        "",
        f"_Measured {dt.date.today().isoformat()} by `python -m benchmarks.slant` "
        + ("(re-scored from stored out-of-fold predictions)._" if cached else f"in {seconds / 60:.0f} min._"),
        f"Data: PTC (SemEval-2020 Task 11) training part, {len(data.articles)} articles, "
        f"{int(data.tc_x.shape[0])} technique spans; 5 folds by article. Figures are out-of-fold. "
        "The SemEval-2020 best results are on the official test set, which is not in ../shared/data, so they are "
        "a reference point, not a same-data comparison.",
        "",
        "| task | newsaudit (5-fold CV) | baseline, same folds | SemEval-2020 best (official test) |",
        "|---|---:|---:|---:|",
        f"| SI span identification, F1 (P / R) | **{si.f1:.3f}** ({si.precision:.3f} / {si.recall:.3f}) | "
        f"cue words: {cue.f1:.3f} | {PUBLISHED['si_f1']:.2f} |",
        f"| TC technique classification, micro-F1 | **{tc.micro_f1:.3f}** | majority technique: "
        f"{tc_majority.micro_f1:.3f} | {PUBLISHED['tc_micro_f1']:.2f} |",
    ]
    for name, (p, r, f) in sentences.items():
        lines.append(f"| sentence-level, {name}: F1 (P / R) | {f:.3f} ({p:.3f} / {r:.3f}) | — | — |")
    lines += [
        "",
        f"SI decoding (threshold, bridge) picked per fold on the other folds: {picks}.",
        "",
        "Per technique: TC precision / recall / F1 on gold spans, and the share of the technique's gold characters "
        "that SI spans cover.",
        "",
        "| technique | gold spans | TC P | TC R | TC F1 | SI coverage |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for technique, score in sorted(tc.per_technique.items(), key=lambda kv: -kv[1].support):
        cov = coverage.get(technique, (0.0, 0))[0]
        lines.append(
            f"| {technique} | {score.support} | {score.precision:.2f} | {score.recall:.2f} | {score.f1:.2f} "
            f"| {cov:.2f} |"
        )
    lines += ["", "### Errors", "", error_sample(data, si_pred, techniques), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None, help="reuse out-of-fold predictions stored here (.npz)")
    parser.add_argument("--save-oof", type=Path, default=None, help="store the out-of-fold predictions here (.npz)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    articles = load_ptc(args.data)
    data = prepare(articles)
    assignment = article_folds([a.id for a in articles], N_FOLDS)
    folds = np.array([assignment[a.id] for a in articles])
    if args.cache and args.cache.exists():
        with np.load(args.cache, allow_pickle=False) as z:
            oof = {
                "token": z["token"],
                "sentence": z["sentence"],
                "tc": z["tc"],
                "classes": tuple(z["classes"].tolist()),
            }
    else:
        oof = out_of_fold(data, folds, TrainConfig())
    if args.save_oof:
        args.save_oof.parent.mkdir(parents=True, exist_ok=True)
        np.savez(
            args.save_oof, token=oof["token"], sentence=oof["sentence"], tc=oof["tc"], classes=np.array(oof["classes"])
        )
    cached = bool(args.cache and args.cache.exists())
    emit(render(data, oof, folds, time.perf_counter() - started, cached), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
