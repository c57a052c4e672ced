"""Train the anatomy stage's learned title check (``models/anatomy_titles.py``) and write its artifact.

    python -m newsaudit.training.train_anatomy_titles --fixtures tests/fixtures/anatomy \
        --out src/newsaudit/models/artifacts

Like the line check, the title check learns from the rules' mistakes on pages they had never seen: each
development set's blocks at the commit that first read it (``first_contact.jsonl``). Every line at the top of such
a page (``anatomy/title_check.py``'s candidates) is a training line, labelled by whether the set's gold labels call
it the title.

Leave-one-set-out cross-validation runs the stage's own ``check_title`` with a model fitted without the set, on the
set's first-contact blocks, for each threshold and margin of a small grid, and counts the pages whose title is
right and the block F1, against the rules alone. The shipped threshold and margin are the grid's best by pages
right, the fewest pages broken breaking ties; the figures go into the artifact. Reproducible: pages in a fixed
order, a deterministic solver.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import replace
from typing import Any

import numpy as np

from newsaudit.anatomy.line_features import WORD_PREFIX
from newsaudit.anatomy.lines import split_lines
from newsaudit.anatomy.title_check import check_title, title_candidates
from newsaudit.anatomy.wrapping import unwrap
from newsaudit.models.anatomy_titles import ARTIFACT, TitleModel
from newsaudit.training.train_anatomy_lines import SetPage, first_contact_command

C = 1.0
#: A word feature is kept when at least this many training lines hold the word
MIN_WORD_LINES = 3
#: (threshold, margin) pairs the cross-validation tries
GRID = tuple((t, m) for t in (0.3, 0.4, 0.5, 0.6) for m in (0.0, 0.2, 0.4))


def training_rows(page: SetPage) -> tuple[list[dict[str, float]], list[int]]:
    """The check's candidate lines on the page as first read, each labelled 1 when gold calls it the title."""
    from benchmarks.anatomy_fixtures import gold_span

    content = [line for line in unwrap(split_lines(page.text)) if not line.blank]
    found = title_candidates(page.page(), content)
    titles = [gold_span(page.text, b) for b in page.labels["blocks"] if b["type"] == "title"]
    return [c.row for c in found], [int(any(s < c.line.end and c.line.start < e for s, e in titles)) for c in found]


def fit(rows: list[dict[str, float]], labels: list[int]) -> TitleModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for row in rows for name in row if name.startswith(WORD_PREFIX))
    kept = [{n: v for n, v in row.items() if not n.startswith(WORD_PREFIX) or counts[n] >= MIN_WORD_LINES}
            for row in rows]
    vectorizer = DictVectorizer(sparse=True)
    model = LogisticRegression(C=C, max_iter=5000).fit(vectorizer.fit_transform(kept), np.array(labels))
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0],
                                                           strict=True) if abs(w) >= 0.001}
    threshold, margin = GRID[0]
    return TitleModel(weights, round(float(model.intercept_[0]), 6), threshold, margin)


def _measure(pages: list[SetPage], model: TitleModel | None) -> dict[str, Any]:
    """The pages whose title is right (no title missed or wrongly taken) and the block F1, with the check
    (``model``) or without it (None)."""
    from benchmarks.anatomy_fixtures import PageScore, score_page

    total, right = PageScore(), set()
    for set_page in pages:
        page = set_page.page()
        if model is not None:
            check_title(page, unwrap(split_lines(page.text)), model)
        score = score_page(page, set_page.labels, set_page.name)
        title = score.counts.get("title")
        if title is None or (title.fp == 0 and title.fn == 0):
            right.add(set_page.name)
        total.add(score)
    return {"f1": total.micro.f1, "right": right}


def cross_validate(pages: list[SetPage], rows: dict[str, tuple[list[dict[str, float]], list[int]]]) -> dict[str, Any]:
    """Leave one set out, for each (threshold, margin) of the grid: titles right and block F1."""
    splits = sorted({p.split for p in pages}, key=lambda s: int(s.removeprefix("dev")))
    rules_right, rules_f1 = 0, []
    grid: dict[tuple[float, float], dict[str, Any]] = {g: {"right": 0, "f1": [], "broken": 0, "mended": 0}
                                                       for g in GRID}
    for split in splits:
        train = [p for p in pages if p.split != split]
        held = [p for p in pages if p.split == split]
        model = fit([r for p in train for r in rows[p.name][0]], [y for p in train for y in rows[p.name][1]])
        alone = _measure(held, None)
        rules_right += len(alone["right"])
        rules_f1.append(alone["f1"])
        for threshold, margin in GRID:
            checked = _measure(held, replace(model, threshold=threshold, margin=margin))
            cell = grid[(threshold, margin)]
            cell["right"] += len(checked["right"])
            cell["f1"].append(checked["f1"])
            cell["mended"] += len(checked["right"] - alone["right"])
            cell["broken"] += len(alone["right"] - checked["right"])
        print(f"  {split}: rules {len(alone['right'])}/{len(held)}", file=sys.stderr, flush=True)
    table = {f"{t}/{m}": {"titles_right": c["right"], "mean_block_f1": round(float(np.mean(c["f1"])), 4),
                          "mended": c["mended"], "broken": c["broken"]} for (t, m), c in grid.items()}
    best = max(GRID, key=lambda g: (grid[g]["right"], -grid[g]["broken"], g[0], g[1]))
    return {"sets": len(splits), "pages": len(pages), "best": {"threshold": best[0], "margin": best[1]},
            "rules": {"titles_right": rules_right, "mean_block_f1": round(float(np.mean(rules_f1)), 4)},
            "grid": table}


def artifact(model: TitleModel) -> dict[str, Any]:
    names = sorted(model.weights)
    return {"name": ARTIFACT.removesuffix(".json"), "features": names, "coef": [model.weights[n] for n in names],
            "intercept": model.intercept, "threshold": model.threshold, "margin": model.margin}


#: The operating point shipped when the cross-validation is skipped (``--no-cv``): the one it chose on 2026-12-06
DEFAULT_POINT = (0.3, 0.0)


def main(argv: list[str] | None = None) -> int:
    args, pages = first_contact_command(__doc__.split("\n\n")[0], "fit only, at the default operating point", argv)
    if not pages:
        return 2
    rows = {p.name: training_rows(p) for p in pages}
    model = fit([r for p in pages for r in rows[p.name][0]], [y for p in pages for y in rows[p.name][1]])
    meta: dict[str, Any] = {"trained_on": {"sets": len({p.split for p in pages}), "pages": len(pages),
                                           "lines": sum(len(rows[p.name][1]) for p in pages)}}
    threshold, margin = DEFAULT_POINT
    if not args.no_cv:
        meta["leave_one_set_out"] = cross_validate(pages, rows)
        threshold, margin = meta["leave_one_set_out"]["best"]["threshold"], meta["leave_one_set_out"]["best"]["margin"]
    out = artifact(replace(model, threshold=threshold, margin=margin))
    out["meta"] = meta
    path = args.out / ARTIFACT
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=1))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
