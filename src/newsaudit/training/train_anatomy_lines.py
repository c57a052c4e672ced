"""Train the anatomy stage's learned line check (``models/anatomy_lines.py``) and write its artifact.

    python -m newsaudit.training.train_anatomy_lines --data ../shared/data --fixtures tests/fixtures/anatomy \
        --out src/newsaudit/models/artifacts

Lines come from two labelled sources: the development half of the HTML benchmarks rendered to text dumps
(``benchmarks/anatomy_rendered``: Readability pages labelled line by line from their reviewed article,
trafilatura pages by their snippets; the blind half is never read here) and the development fixtures
(``tests/fixtures/anatomy/dev*``, every block labelled). Each line is story or furniture; titles and comment
lines are left out. Features are the rules' verdicts and the line's shape (``anatomy/line_features.py``).
Before the final fit, grouped five-fold cross-validation (a page's lines stay together) scores the rules
alone against the rules with the check, on both sources; the figures go into the artifact. Reproducible:
pages in a fixed order, a deterministic solver.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from newsaudit.anatomy.line_features import WORD_PREFIX, covering_types, line_features
from newsaudit.anatomy.lines import Line, split_lines
from newsaudit.models.anatomy_lines import ARTIFACT

STORY = {"paragraph", "insertion", "dateline"}
STORY_FEATURES = {"t_paragraph", "t_insertion", "t_dateline"}
#: P(furniture) above which the check retypes a line the rules kept as story
THRESHOLD = 0.85
FOLDS = 5
#: A word feature is kept when at least this many training lines hold the word (rarer words are noise)
MIN_WORD_LINES = 5

Rows = tuple[list[dict[str, float]], list[int], list[str]]


def _rules_only() -> Any:
    """The anatomy stage without the check: its features are the rules' verdicts, never its own."""
    from newsaudit.pipeline import Pipeline, PipelineConfig
    from newsaudit.stages.anatomy import AnatomyConfig

    return Pipeline(PipelineConfig(stages=("anatomy",), stage_config={"anatomy": AnatomyConfig(line_check=False)}))


def _features(page: Any, text: str) -> tuple[list[Line], list[dict[str, float]]]:
    lines = [line for line in split_lines(text) if not line.blank]
    blocks = sorted((b.start, b.end, b.type.value) for b in page.blocks)
    return lines, line_features(lines, covering_types(lines, blocks))


def rendered_rows(data: Path) -> Rows:
    """Lines of the development half of both rendered benchmarks, 1 = furniture."""
    from benchmarks import anatomy_rendered as rendered

    pipeline = _rules_only()
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    groups: list[str] = []
    sources: Iterable[Any] = (*rendered.readability_pages(data), *rendered.trafilatura_pages(data))
    for page in sources:
        if page.split != "dev":
            continue  # the blind half measures the check; it never trains it
        audited = rendered.run_anatomy(page.rendered.text, page.name, pipeline)
        gold = {line.start: label for line, label in zip(page.rendered.lines, page.labels.lines, strict=True)
                if label in ("story", "not-story")}
        lines, feats = _features(audited, page.rendered.text)
        # no word features from these pages: most are documentation and pages in other languages, whose words
        # teach the check that "trump" or "politics" is furniture; their shape features are what they lend
        feats = [{k: v for k, v in row.items() if not k.startswith(WORD_PREFIX)} for row in feats]
        for line, row in zip(lines, feats, strict=True):
            if line.start in gold:
                rows.append(row)
                labels.append(int(gold[line.start] != "story"))
                groups.append(f"{page.source}:{page.name}")
    return rows, labels, groups


def fixture_rows(root: Path) -> Rows:
    """Lines of the development fixtures, typed by their gold blocks."""
    from benchmarks.anatomy_fixtures import gold_span, load_fixtures

    pipeline = _rules_only()
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    groups: list[str] = []
    for fixture in load_fixtures(root):
        if not fixture.split.startswith("dev"):
            continue
        gold = [(gold_span(fixture.text, b), b["type"]) for b in fixture.labels["blocks"] if b["type"] != "dateline"]
        lines, feats = _features(pipeline.audit(fixture.text), fixture.text)
        for line, row in zip(lines, feats, strict=True):
            kind = next((t for (s, e), t in gold if s <= line.start < e or line.start <= s < line.end), None)
            if kind is None or kind == "title" or kind.startswith("comment"):
                continue
            rows.append(row)
            labels.append(int(kind not in STORY))
            groups.append(fixture.name)
    return rows, labels, groups


def _rules(rows: list[dict[str, float]]) -> np.ndarray:
    return np.array([0 if STORY_FEATURES & row.keys() else 1 for row in rows])


def _story_scores(y: np.ndarray, furniture: np.ndarray) -> dict[str, float]:
    tp = int(((furniture == 0) & (y == 0)).sum())
    fp = int(((furniture == 0) & (y == 1)).sum())
    fn = int(((furniture == 1) & (y == 0)).sum())
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / max(1e-9, p + r), 4)}


def frequent_words(rows: list[dict[str, float]]) -> list[dict[str, float]]:
    """The rows with the word features that too few lines hold left out."""
    counts = Counter(name for row in rows for name in row if name.startswith(WORD_PREFIX))
    return [{name: v for name, v in row.items()
             if not name.startswith(WORD_PREFIX) or counts[name] >= MIN_WORD_LINES} for row in rows]


def cross_validate(rendered: Rows, fixtures: Rows) -> dict[str, Any]:
    """Rules alone against rules + check, out of fold, on each source (grouped by page)."""
    from scipy.sparse import vstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    vectorizer = DictVectorizer(sparse=True)
    x_all = vectorizer.fit_transform(frequent_words(rendered[0] + fixtures[0])).tocsr()
    split = len(rendered[0])
    figures: dict[str, Any] = {}
    for name, own, other in (("rendered", slice(0, split), slice(split, None)),
                             ("fixtures", slice(split, None), slice(0, split))):
        x, y = x_all[own], np.array((rendered[1] + fixtures[1])[own])
        groups = (rendered[2] + fixtures[2])[own]
        x_other, y_other = x_all[other], np.array((rendered[1] + fixtures[1])[other])
        furniture_p = np.zeros(len(y))
        for train, test in GroupKFold(FOLDS).split(x, y, groups):
            model = LogisticRegression(C=1.0, max_iter=3000)
            model.fit(vstack([x[train], x_other]), np.concatenate([y[train], y_other]))
            furniture_p[test] = model.predict_proba(x[test])[:, 1]
        rows = (rendered[0] + fixtures[0])[own]
        rules = _rules(rows)
        # as the stage applies it: only above or below the story's prose
        edge = np.array([bool(row.get("before_story") or row.get("after_story")) for row in rows])
        checked = rules.copy()
        checked[(rules == 0) & edge & (furniture_p > THRESHOLD)] = 1
        figures[name] = {"lines": len(y), "rules": _story_scores(y, rules), "rules+check": _story_scores(y, checked)}
    return figures


def fit(rendered: Rows, fixtures: Rows) -> dict[str, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sparse=True)
    x = vectorizer.fit_transform(frequent_words(rendered[0] + fixtures[0]))
    model = LogisticRegression(C=1.0, max_iter=3000).fit(x, np.array(rendered[1] + fixtures[1]))
    kept = [(name, round(float(w), 4)) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0],
                                                          strict=True) if abs(w) >= 0.001]
    return {
        "name": ARTIFACT.removesuffix(".json"),
        "features": [name for name, _ in kept],
        "coef": [w for _, w in kept],
        "intercept": round(float(model.intercept_[0]), 6),
        "threshold": THRESHOLD,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="shared data directory")
    parser.add_argument("--fixtures", type=Path, default=Path("tests/fixtures/anatomy"), help="anatomy fixtures")
    parser.add_argument("--out", type=Path, default=Path("src/newsaudit/models/artifacts"), help="artifact folder")
    args = parser.parse_args(argv)
    if not (args.data / "trafilatura_eval").is_dir():
        print(f"error: no trafilatura_eval/ under {args.data}", file=sys.stderr)
        return 2
    rendered, fixtures = rendered_rows(args.data), fixture_rows(args.fixtures)
    artifact = fit(rendered, fixtures)
    artifact["meta"] = {"trained_on": {"rendered_dev_lines": len(rendered[1]), "fixture_lines": len(fixtures[1])},
                        "cross_validation": cross_validate(rendered, fixtures)}
    path = args.out / ARTIFACT
    path.write_text(json.dumps(artifact, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(artifact["meta"], indent=1))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
