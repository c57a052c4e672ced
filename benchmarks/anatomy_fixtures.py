"""Score the anatomy stage against the hand-labelled page dumps in ``tests/fixtures/anatomy``.

Each fixture is ``NAME.txt`` (a plain-text page dump) plus ``NAME.labels.json``
(gold blocks and comments; format in ``tests/fixtures/anatomy/README.md``).
Fixtures live in split folders (``dev/``, ``heldout/``); scores are reported per
split and overall.

Matching: for each block type separately, a predicted block matches an unmatched
gold block of the same type when their character overlap is at least half the
length of the longer of the two; pairs are taken greedily, largest overlap
first. Predicted spans are stripped of surrounding whitespace first (gold spans
never have any). Unmatched predictions are false alarms, unmatched gold blocks
are misses. Comments are matched the same way; a found comment has the right
parent when its predicted parent is the predicted comment matched to its gold
parent (or both are top level).

Run::

    python -m benchmarks.anatomy_fixtures --fixtures tests/fixtures/anatomy \
        --out docs/eval/anatomy_fixtures.md
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsaudit.page import BlockType, Page

#: Block types in report order.
TYPE_ORDER: tuple[str, ...] = tuple(t.value for t in BlockType)

#: A prediction and a gold region match when they overlap by at least this share of the longer one.
MIN_OVERLAP = 0.5


# -- counting -------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        """1.0 when nothing was predicted (no false alarms were possible)."""
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """1.0 when there was nothing to find."""
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class CommentCounts:
    gold: int = 0
    predicted: int = 0
    found: int = 0  # gold comments matched by a predicted comment
    parent_ok: int = 0  # ... and with the right parent
    author_labelled: int = 0  # gold comments with a non-null author
    author_ok: int = 0  # ... found and with the same author (case/space-insensitive)

    def add(self, other: CommentCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.found / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def tree_accuracy(self) -> float:
        """Share of gold comments found with the right parent."""
        return self.parent_ok / self.gold if self.gold else 1.0

    @property
    def author_accuracy(self) -> float:
        """Share of gold comments with a labelled author that were found with that author."""
        return self.author_ok / self.author_labelled if self.author_labelled else 1.0


@dataclass
class ScoreError:
    """One miss, false alarm or comment-tree error, for the report's details section."""

    fixture: str
    kind: str  # "miss", "false alarm", "comment missed", "false comment", "wrong parent", "wrong author"
    type: str
    excerpt: str
    note: str = ""


@dataclass
class PageScore:
    counts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPE_ORDER})
    comments: CommentCounts = field(default_factory=CommentCounts)
    errors: list[ScoreError] = field(default_factory=list)

    def add(self, other: PageScore) -> None:
        for t, c in other.counts.items():
            self.counts.setdefault(t, Counts()).add(c)
        self.comments.add(other.comments)
        self.errors.extend(other.errors)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.counts.values():
            total.add(c)
        return total


# -- matching -------------------------------------------------------------


def resolve(text: str, fragment: str, occurrence: int = 0) -> tuple[int, int]:
    """The ``[start, end)`` of the ``occurrence``-th (0-based) match of ``fragment`` in ``text``.

    Matches are found with ``str.find`` from one past the previous match, so a
    match inside a longer string counts.
    """
    if not fragment:
        raise ValueError("empty label text")
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(fragment, pos + 1)
        if pos == -1:
            raise ValueError(f"label text not found (occurrence {occurrence}): {excerpt(fragment)!r}")
    return pos, pos + len(fragment)


def gold_span(text: str, item: dict[str, Any]) -> tuple[int, int]:
    """Where a gold label lies: its ``span`` when it carries one (labels moved onto a rewritten dump), else its text."""
    if "span" in item:
        start, end = item["span"]
        return int(start), int(end)
    return resolve(text, item["text"], int(item.get("occurrence", 0)))


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _qualifies(a: tuple[int, int], b: tuple[int, int]) -> int:
    """The overlap of a and b when it is enough to count as a match, else 0."""
    ov = _overlap(a, b)
    longer = max(a[1] - a[0], b[1] - b[0])
    return ov if ov > 0 and ov >= MIN_OVERLAP * longer else 0


def match_spans(predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Greedy one-to-one matching by overlap; returns ``{predicted index: gold index}``."""
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            ov = _qualifies(p, g)
            if ov:
                pairs.append((-ov, i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: dict[int, int] = {}
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out[i] = j
    return out


def excerpt(s: str, n: int = 90) -> str:
    s = re.sub(r"\s*\n\s*", " ⏎ ", s.strip())
    return s if len(s) <= n else s[: n - 1] + "…"


def _norm_author(a: str | None) -> str:
    return re.sub(r"\s+", " ", (a or "").strip().rstrip(":").strip()).casefold()


def _best_other(span: tuple[int, int], others: Iterable[tuple[str, tuple[int, int]]]) -> str:
    """Name the type of the region that overlaps ``span`` most (for 'confused with' notes)."""
    best, best_ov = "", 0
    for t, o in others:
        ov = _overlap(span, o)
        if ov > best_ov:
            best, best_ov = t, ov
    return best


def score_page(page: Page, labels: dict[str, Any], fixture: str = "") -> PageScore:
    """Compare a page's predicted blocks and comments with gold ``labels`` (the parsed labels JSON)."""
    text = page.text
    score = PageScore()

    gold_blocks: dict[str, list[tuple[int, int]]] = {t: [] for t in TYPE_ORDER}
    for b in labels.get("blocks", []):
        t = BlockType(b["type"]).value
        gold_blocks.setdefault(t, []).append(gold_span(text, b))
    pred_blocks: dict[str, list[tuple[int, int]]] = {t: [] for t in TYPE_ORDER}
    for blk in page.blocks:
        span = strip_span(text, blk.start, blk.end)
        if span[1] > span[0]:
            pred_blocks.setdefault(blk.type.value, []).append(span)

    missed: list[tuple[str, tuple[int, int]]] = []
    alarms: list[tuple[str, tuple[int, int]]] = []
    for t in sorted(set(gold_blocks) | set(pred_blocks), key=_type_key):
        gold, pred = gold_blocks.get(t, []), pred_blocks.get(t, [])
        matched = match_spans(pred, gold)
        c = score.counts.setdefault(t, Counts())
        c.tp += len(matched)
        c.fp += len(pred) - len(matched)
        c.fn += len(gold) - len(matched)
        hit_gold = set(matched.values())
        missed.extend((t, g) for j, g in enumerate(gold) if j not in hit_gold)
        alarms.extend((t, p) for i, p in enumerate(pred) if i not in matched)
    # "confused with": the unmatched region of another type that overlaps most
    for t, g in missed:
        other = _best_other(g, ((u, s) for u, s in alarms if u != t))
        score.errors.append(
            ScoreError(fixture, "miss", t, excerpt(text[g[0] : g[1]]), f"predicted as {other}" if other else "")
        )
    for t, p in alarms:
        other = _best_other(p, ((u, s) for u, s in missed if u != t))
        score.errors.append(
            ScoreError(fixture, "false alarm", t, excerpt(text[p[0] : p[1]]), f"gold {other}" if other else "")
        )

    _score_comments(page, labels.get("comments", []), score, fixture)
    return score


def _type_key(t: str) -> tuple[int, str]:
    return (TYPE_ORDER.index(t) if t in TYPE_ORDER else len(TYPE_ORDER), t)


def _score_comments(page: Page, gold: list[dict[str, Any]], score: PageScore, fixture: str) -> None:
    text = page.text
    cc = score.comments
    gold_spans = [gold_span(text, c) for c in gold]
    preds = list(page.comments)
    pred_spans = [strip_span(text, c.start, c.end) for c in preds]
    cc.gold += len(gold)
    cc.predicted += len(preds)
    matched = match_spans(pred_spans, gold_spans)  # pred index -> gold index
    gold_to_pred = {j: i for i, j in matched.items()}
    pred_index = {c.id: i for i, c in enumerate(preds)}
    cc.found += len(matched)

    for j, g in enumerate(gold):
        ex = excerpt(text[gold_spans[j][0] : gold_spans[j][1]], 70)
        if g.get("author") is not None:
            cc.author_labelled += 1
        if j not in gold_to_pred:
            score.errors.append(ScoreError(fixture, "comment missed", "comment", ex))
            continue
        pred = preds[gold_to_pred[j]]
        # parent
        want = g.get("parent")
        got_pred = pred_index.get(pred.parent) if pred.parent is not None else None
        got = matched.get(got_pred) if got_pred is not None else None
        if pred.parent is not None and got is None:
            got = -1  # points at a predicted comment that matches no gold comment (or at no comment)
        if got == want:
            cc.parent_ok += 1
        else:
            score.errors.append(
                ScoreError(fixture, "wrong parent", "comment", ex, f"gold parent {want}, predicted {got}")
            )
        if g.get("author") is not None:
            if _norm_author(pred.author) == _norm_author(g["author"]):
                cc.author_ok += 1
            else:
                score.errors.append(
                    ScoreError(
                        fixture, "wrong author", "comment", ex, f"gold {g['author']!r}, predicted {pred.author!r}"
                    )
                )
    for i, span in enumerate(pred_spans):
        if i not in matched:
            score.errors.append(ScoreError(fixture, "false comment", "comment", excerpt(text[span[0] : span[1]], 70)))


# -- running over the fixture folders ---------------------------------------


@dataclass
class Fixture:
    name: str  # e.g. "dev/disqus-afp"
    split: str
    text: str
    labels: dict[str, Any]


def load_fixtures(root: str | Path) -> list[Fixture]:
    """Every ``*.txt`` under ``root`` that has a ``.labels.json`` next to it; split = its folder."""
    root = Path(root)
    out = []
    for txt in sorted(root.rglob("*.txt")):
        lab = txt.with_name(txt.stem + ".labels.json")
        if not lab.exists():
            continue
        rel = txt.relative_to(root)
        split = rel.parts[0] if len(rel.parts) > 1 else "(top)"
        out.append(
            Fixture(
                name=str(rel.with_suffix("")),
                split=split,
                text=txt.read_text(encoding="utf-8"),
                labels=json.loads(lab.read_text(encoding="utf-8")),
            )
        )
    return out


@dataclass
class Evaluation:
    splits: dict[str, PageScore]
    overall: PageScore
    per_fixture: dict[str, PageScore]
    failed: dict[str, str]  # fixture -> error message
    fixtures_per_split: dict[str, int]
    seconds: float


def evaluate(root: str | Path, pipeline: Any = None) -> Evaluation:
    """Audit every fixture with ``pipeline`` (default ``newsaudit.pipeline.Pipeline()``) and score it."""
    if pipeline is None:
        from newsaudit.pipeline import Pipeline

        pipeline = Pipeline()
    fixtures = load_fixtures(root)
    splits: dict[str, PageScore] = {}
    per_fixture: dict[str, PageScore] = {}
    failed: dict[str, str] = {}
    n_split: dict[str, int] = {}
    overall = PageScore()
    t0 = time.perf_counter()
    for fx in fixtures:
        n_split[fx.split] = n_split.get(fx.split, 0) + 1
        try:
            page = pipeline.audit(fx.text, name=fx.name)
        except Exception as exc:  # a crash scores as missing everything
            failed[fx.name] = f"{type(exc).__name__}: {exc}"
            page = Page(text=fx.text)
        s = score_page(page, fx.labels, fx.name)
        per_fixture[fx.name] = s
        splits.setdefault(fx.split, PageScore()).add(s)
        overall.add(s)
    return Evaluation(splits, overall, per_fixture, failed, n_split, time.perf_counter() - t0)


# -- report -----------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{x:.3f}"


def _md_escape(s: str) -> str:
    return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _split_order(names: Iterable[str]) -> list[str]:
    pref = {"dev": 0, "heldout": 1}
    return sorted(names, key=lambda s: (pref.get(s, 2), s))


def render_markdown(ev: Evaluation, fixtures_root: str = "") -> str:
    lines: list[str] = []
    w = lines.append
    w("## Anatomy: scores on the labelled fixtures")
    w("")
    splits = ", ".join(f"{k}: {ev.fixtures_per_split[k]}" for k in _split_order(ev.fixtures_per_split))
    where = f" on `{fixtures_root}`" if fixtures_root else ""
    w(
        f"Generated by `python -m benchmarks.anatomy_fixtures`{where}; "
        f"{sum(ev.fixtures_per_split.values())} fixtures ({splits})."
    )
    w("")
    w(
        "A predicted block matches an unmatched gold block of the same type when their overlap is at least "
        f"{MIN_OVERLAP:.0%} of the longer of the two (greedy, largest overlap first). "
        "Micro averages pool all block types. Comment tree = share of gold comments found with the right parent; "
        "author = share of gold comments with a labelled author found with that author. "
        "Splits named heldout* were not looked at while developing; dev2-dev4 were blind sets first "
        "(see the blind rounds above)."
    )
    w("")
    if ev.failed:
        w(f"**{len(ev.failed)} fixture(s) failed to audit** (scored as finding nothing):")
        w("")
        for name, msg in ev.failed.items():
            w(f"- `{name}`: {_md_escape(msg)}")
        w("")

    cols = [*_split_order(ev.splits), "overall"]
    scores = {**ev.splits, "overall": ev.overall}
    w("### Summary")
    w("")
    w("| | " + " | ".join(cols) + " |")
    w("|---|" + "---:|" * len(cols))
    rows = [
        ("blocks: micro precision", lambda s: _pct(s.micro.precision)),
        ("blocks: micro recall", lambda s: _pct(s.micro.recall)),
        ("blocks: micro F1", lambda s: _pct(s.micro.f1)),
        ("blocks: gold / predicted", lambda s: f"{s.micro.gold} / {s.micro.predicted}"),
        ("comments: precision", lambda s: _pct(s.comments.precision)),
        ("comments: recall", lambda s: _pct(s.comments.recall)),
        ("comments: tree accuracy", lambda s: _pct(s.comments.tree_accuracy)),
        ("comments: author accuracy", lambda s: _pct(s.comments.author_accuracy)),
        ("comments: gold / predicted", lambda s: f"{s.comments.gold} / {s.comments.predicted}"),
    ]
    for label, fn in rows:
        w(f"| {label} | " + " | ".join(fn(scores[c]) for c in cols) + " |")
    w("")

    for c in cols:
        s = scores[c]
        w(f"### Per block type: {c}")
        w("")
        w("| type | gold | predicted | matched | precision | recall | F1 |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        for t in sorted(s.counts, key=_type_key):
            k = s.counts[t]
            if not k.gold and not k.predicted:
                continue
            w(f"| {t} | {k.gold} | {k.predicted} | {k.tp} | {_pct(k.precision)} | {_pct(k.recall)} | {_pct(k.f1)} |")
        m = s.micro
        w(f"| **micro** | {m.gold} | {m.predicted} | {m.tp} | {_pct(m.precision)} | {_pct(m.recall)} | {_pct(m.f1)} |")
        w("")

    w("### Per fixture")
    w("")
    w("<details><summary>Micro F1 and comment tree accuracy per fixture</summary>")
    w("")
    w("| fixture | gold blocks | predicted | micro P | micro R | micro F1 | comments found | right parent |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, s in ev.per_fixture.items():
        m = s.micro
        cc = s.comments
        w(
            f"| {name} | {m.gold} | {m.predicted} | {_pct(m.precision)} | {_pct(m.recall)} | {_pct(m.f1)} | "
            f"{cc.found}/{cc.gold} | {cc.parent_ok}/{cc.gold} |"
        )
    w("")
    w("</details>")
    w("")

    errors = ev.overall.errors
    w("### Misses and false alarms")
    w("")
    w(f"<details><summary>{len(errors)} errors (misses, false alarms, comment-tree errors)</summary>")
    w("")
    if errors:
        w("| fixture | error | type | excerpt | note |")
        w("|---|---|---|---|---|")
        for e in errors:
            w(f"| {e.fixture} | {e.kind} | {e.type} | {_md_escape(e.excerpt)} | {_md_escape(e.note)} |")
    else:
        w("None.")
    w("")
    w("</details>")
    w("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fixtures", default="tests/fixtures/anatomy", help="folder with dev/ and heldout/ fixtures")
    ap.add_argument("--out", default="docs/eval/anatomy_fixtures.md", help="markdown report to write")
    args = ap.parse_args(argv)

    ev = evaluate(args.fixtures)
    if not ev.per_fixture:
        print(f"no fixtures (NAME.txt + NAME.labels.json) under {args.fixtures}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_markdown(ev, args.fixtures), encoding="utf-8")
    for name in [*_split_order(ev.splits), "overall"]:
        s = ev.overall if name == "overall" else ev.splits[name]
        m, cc = s.micro, s.comments
        print(
            f"{name:8s} blocks P={m.precision:.3f} R={m.recall:.3f} F1={m.f1:.3f}  "
            f"comments R={cc.recall:.3f} tree={cc.tree_accuracy:.3f} author={cc.author_accuracy:.3f}"
        )
    if ev.failed:
        print(f"{len(ev.failed)} fixture(s) failed to audit: {', '.join(ev.failed)}", file=sys.stderr)
    print(f"wrote {out} ({ev.seconds:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
