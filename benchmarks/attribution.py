"""Attribution finding on PolNeAR (issue 16): rules, the tagger and a hybrid on five article folds.

``python -m benchmarks.attribution --data ../shared/data --out docs/eval/attribution.md``

Each fold's articles are scored by a tagger trained on the other four folds (the
rules need no training). PolNeAR test is never read. Scores, micro-averaged over
all articles of train + dev:

* per role (source, cue, content), a role's span being its extent (first to last
  character, gaps of a discontinuous role included): **exact** (same offsets) and
  **overlap** (a predicted span matches a gold span of the same role that it overlaps;
  one-to-one, each gold matched at most once) precision, recall and F1;
* **relation**: a predicted relation matches a gold one when their cues overlap and
  their contents overlap (or both lack one); one-to-one.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsaudit.claims.brat import ROLES, Attribution, Span

Prf = dict[str, float]


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> Prf:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "pred": n_pred, "gold": n_gold}


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_count(gold: Sequence[Span], pred: Sequence[Span], exact: bool) -> int:
    """One-to-one matches between gold and predicted spans (exact offsets, or any overlap, largest first)."""
    if exact:
        remaining = list(gold)
        n = 0
        for p in pred:
            if p in remaining:
                remaining.remove(p)
                n += 1
        return n
    pairs = sorted(
        ((_overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if _overlap(g, p) > 0),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def _spans_overlap(a: tuple[Span, ...] | None, b: tuple[Span, ...] | None) -> bool:
    if not a or not b:
        return not a and not b
    return any(x.overlaps(y) for x in a for y in b)


def relation_matches(gold: Sequence[Attribution], pred: Sequence[Attribution]) -> int:
    used: set[int] = set()
    n = 0
    for p in pred:
        for i, g in enumerate(gold):
            if i in used or not p.cue or not g.cue:
                continue
            if _spans_overlap(g.cue, p.cue) and _spans_overlap(g.content, p.content):
                used.add(i)
                n += 1
                break
    return n


def score_all(golds: Sequence[Sequence[Attribution]], preds: Sequence[Sequence[Attribution]]) -> dict[str, Any]:
    """Micro-averaged figures over articles: ``{role: {exact: prf, overlap: prf}, relation: prf}``."""
    counts: dict[str, list[int]] = {}
    for gold, pred in zip(golds, preds, strict=True):
        for role in ROLES:
            g = [e for e in (a.extent(role) for a in gold) if e]
            p = [e for e in (a.extent(role) for a in pred) if e]
            for kind in ("exact", "overlap"):
                c = counts.setdefault(f"{role}.{kind}", [0, 0, 0])
                m = match_count(g, p, kind == "exact")
                c[0] += m
                c[1] += len(p)
                c[2] += len(g)
        c = counts.setdefault("relation", [0, 0, 0])
        m = relation_matches(gold, pred)
        c[0] += m
        c[1] += len(pred)
        c[2] += len(gold)
    out: dict[str, Any] = {}
    for role in ROLES:
        out[role] = {kind: prf(*_pr(counts[f"{role}.{kind}"])) for kind in ("exact", "overlap")}
    out["relation"] = prf(*_pr(counts["relation"]))
    return out


def _pr(c: list[int]) -> tuple[int, int, int, int]:
    return c[0], c[1], c[0], c[2]


def hybrid(model_found: list[Attribution], rules_found: list[Attribution]) -> list[Attribution]:
    """The tagger's relations, plus the rules' relations whose cue and content the tagger missed entirely."""
    out = list(model_found)
    for r in rules_found:
        if any(
            _spans_overlap(r.cue, m.cue) or (r.content and _spans_overlap(r.content, m.content)) for m in model_found
        ):
            continue
        out.append(r)
    return sorted(out, key=lambda a: a.anchor)


def _table(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "| method | role | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for method, res in results.items():
        for role in ROLES:
            e, o = res[role]["exact"], res[role]["overlap"]
            lines.append(
                f"| {method} | {role} | {e['p']:.3f} | {e['r']:.3f} | {e['f1']:.3f} | {o['p']:.3f} | {o['r']:.3f} | "
                f"**{o['f1']:.3f}** |"
            )
    lines += [
        "",
        "| method | relation P | relation R | relation F1 | predicted | gold |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for method, res in results.items():
        r = res["relation"]
        lines.append(f"| {method} | {r['p']:.3f} | {r['r']:.3f} | **{r['f1']:.3f}** | {r['pred']} | {r['gold']} |")
    return lines


def evaluate(data_dir: Path, log: Callable[[str], None] = print) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    from newsaudit.claims import rules
    from newsaudit.training.polnear_data import load_articles
    from newsaudit.training.train_attribution import TrainConfig, out_of_fold, prepare

    articles = load_articles(data_dir)
    data = prepare(articles)
    log(f"{len(articles)} articles, {len(data.y)} tokens")
    model_pred = out_of_fold(data, TrainConfig())
    order = sorted(model_pred)
    golds = [articles[a].attributions for a in order]
    t0 = time.time()
    rules_pred = {a: rules.find_attributions(articles[a].text) for a in order}
    rules_s = time.time() - t0
    results = {
        "rules": score_all(golds, [rules_pred[a] for a in order]),
        "model": score_all(golds, [model_pred[a] for a in order]),
        "hybrid": score_all(golds, [hybrid(model_pred[a], rules_pred[a]) for a in order]),
    }
    per_fold = {}
    for fold in range(5):
        idx = [a for a in order if articles[a].fold == fold]
        per_fold[fold] = score_all([articles[a].attributions for a in idx], [model_pred[a] for a in idx])
    extra = {
        "articles": len(articles),
        "tokens": len(data.y),
        "gold": sum(len(g) for g in golds),
        "rules_seconds": rules_s,
        "per_fold": per_fold,
    }
    return results, extra


def speed(data_dir: Path, n: int = 60) -> dict[str, float]:
    """Milliseconds per 1,000 words of the shipped model and of the rules, over ``n`` dev articles (best of 3)."""
    from newsaudit.claims import rules
    from newsaudit.models.attribution_model import artifact_exists, default_model
    from newsaudit.training.polnear_data import load_articles

    texts = [a.text for a in load_articles(data_dir, splits=("dev",))[:n]]
    words = sum(len(t.split()) for t in texts)
    out: dict[str, float] = {"words": words}
    finders: dict[str, Callable[[str], list[Attribution]]] = {"rules": rules.find_attributions}
    if artifact_exists():
        model = default_model()
        finders["model"] = model.find
        model.find(texts[0])  # load and warm up
    for name, find in finders.items():
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for text in texts:
                find(text)
            best = min(best, time.perf_counter() - t0)
        out[name] = 1000 * best / words * 1000
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/eval/attribution.md"))
    args = parser.parse_args(argv)
    t0 = time.time()
    results, extra = evaluate(args.data)
    elapsed = time.time() - t0
    pace = speed(args.data)
    content = results["model"]["content"]["overlap"]["f1"]
    verdict = "above" if content >= 0.70 else "below"
    date = subprocess.run(["date"], capture_output=True, text=True, check=False).stdout.strip()
    lines = [
        "## Attribution (issue 16)",
        "",
        f"- date: {date}",
        "- command: `python -m benchmarks.attribution --data ../shared/data --out docs/eval/attribution.md`",
        f"- run time: {elapsed:.0f} s (2 shared cores)",
        f"- data: PolNeAR v1.0.0 train + dev, {extra['articles']} articles, {extra['tokens']} tokens, "
        f"{extra['gold']} gold attributions; one annotator's file per article (the first in sorted order); "
        "PolNeAR test never read",
        "- folds: 5, held out by article (`sha1(article id) % 5`); the tagger is trained on four folds and scored on "
        "the fifth; the rules need no training",
        "- spans: a role's extent (first to last character); exact = same offsets; overlap = any shared character, "
        "one-to-one; relation = cue overlap and content overlap",
        "",
        *_table(results),
        "",
        "Tagger content-overlap F1 per fold: "
        + ", ".join(f"{f}: {s['content']['overlap']['f1']:.3f}" for f, s in extra["per_fold"].items()),
        "",
        f"Speed (shipped artifact, {pace['words']:.0f} words of 60 dev articles, best of 3, one process): model "
        f"{pace.get('model', float('nan')):.0f} ms and rules {pace['rules']:.0f} ms per 1,000 words.",
        "",
        "### Reading",
        "",
        f"- The tagger's content-overlap F1 on these folds is {content:.3f}, {verdict} the project's 0.70 target "
        "(to be measured by the maintainers on PolNeAR test, which was never read here). The folds mix train and dev "
        "articles at random, while PolNeAR's test comes from other months than train (README: dev/test = months 11, "
        "12), so expect some drop there.",
        "- Decoding settings (transition weight, O penalty) and the SGD alpha were chosen on fold 0, so fold 0's "
        "figure is slightly optimistic; the other four folds were not looked at while tuning.",
        '- The tagger is the default (`find_attributions(..., method="model")`): it beats the rules on every role '
        "and on relations. The hybrid (tagger plus the rules' relations that the tagger missed) adds recall but loses "
        "more precision, so it is not shipped.",
        '- Exact content F1 is low for every method: PolNeAR\'s content boundaries ("that" kept or not, trailing '
        "clauses, quote marks) are hard to hit to the character; overlap is the measure the target uses.",
        "- Rules find only speech-verb and quote attributions; PolNeAR also annotates beliefs, intentions and "
        'judgements ("figures", "wants", "focuses on"), which is most of the rules\' recall gap.',
        "",
        "Hand-read errors: docs/eval/attribution_notes.md.",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
