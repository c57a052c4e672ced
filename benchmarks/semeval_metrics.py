"""Official scoring of SemEval-2020 Task 11 (Propaganda Techniques Corpus), re-implemented.

Two subtasks, two label formats (tab separated, character offsets, ``end`` exclusive):

* SI (span identification): ``article_id  start  end``
* TC (technique classification): ``article_id  technique  start  end``

The SI metric gives partial credit for partial overlap (Da San Martino et al., 2019/2020):
with ``C(s, t, h) = |s ∩ t| / h``, precision averages over predicted spans ``s`` the share of
``s`` covered by gold spans of the same article, recall averages over gold spans ``t`` the share
of ``t`` covered by predictions. Overlapping spans inside one article are merged first, so a
system cannot collect credit twice for the same characters.

The TC metric is plain micro-averaged P/R/F1 over exact (article, start, end, technique) matches,
each gold line matched at most once (the same span may carry two techniques in gold).

Reimplemented from the task definition so our numbers are comparable with the published ones
without vendoring the organisers' scripts. Run as
``python -m benchmarks.semeval_metrics {si,tc} GOLD PRED`` (files or directories).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

# The 14 techniques of the task, spelled as in the corpus (merged classes keep their commas).
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

LabelSource = str | os.PathLike[str] | Iterable[str]


class SISpan(NamedTuple):
    """One SI label line; a tuple so it compares, hashes and unpacks like the raw row."""

    article_id: str
    start: int
    end: int


class TCSpan(NamedTuple):
    """One TC label line; a tuple so plain ``(article, technique, start, end)`` rows work too."""

    article_id: str
    technique: str
    start: int
    end: int


class TechniqueScore(NamedTuple):
    """Per-technique figures; ``support`` is the number of gold lines of that technique."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class SIScore:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class TCScore:
    micro_f1: float
    precision: float
    recall: float
    per_technique: dict[str, TechniqueScore] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------------------------


def _parse_offsets(start: str, end: str, where: str) -> tuple[int, int]:
    try:
        s, e = int(start), int(end)
    except ValueError:
        raise ValueError(f"{where}: offsets must be integers, got {start!r} and {end!r}") from None
    if s < 0 or e <= s:
        raise ValueError(f"{where}: need 0 <= start < end, got start={s} end={e}")
    return s, e


def _fields(line: str, n: int, fmt: str, where: str) -> list[str] | None:
    """Split one label line; None for a blank line, ValueError (with location) for a bad one."""
    stripped = line.rstrip("\r\n")
    if not stripped.strip():
        return None
    parts = stripped.split("\t")
    if len(parts) != n or not all(p.strip() for p in parts):
        raise ValueError(f"{where}: expected {n} tab-separated fields ({fmt}), got {stripped!r}")
    return [p.strip() for p in parts]


def parse_si_lines(lines: Iterable[str], source: str = "<lines>") -> list[SISpan]:
    """Parse SI lines ``article_id<TAB>start<TAB>end``; ``source`` names the input in errors."""
    spans: list[SISpan] = []
    for lineno, line in enumerate(lines, 1):
        where = f"{source}, line {lineno}"
        parts = _fields(line, 3, "article_id, start, end", where)
        if parts is None:
            continue
        start, end = _parse_offsets(parts[1], parts[2], where)
        spans.append(SISpan(parts[0], start, end))
    return spans


def parse_tc_lines(
    lines: Iterable[str], source: str = "<lines>", techniques: Collection[str] | None = None
) -> list[TCSpan]:
    """Parse TC lines ``article_id<TAB>technique<TAB>start<TAB>end``.

    With ``techniques`` given, an unknown technique name is an error: a misspelt class would
    otherwise silently score zero.
    """
    spans: list[TCSpan] = []
    for lineno, line in enumerate(lines, 1):
        where = f"{source}, line {lineno}"
        parts = _fields(line, 4, "article_id, technique, start, end", where)
        if parts is None:
            continue
        if techniques is not None and parts[1] not in techniques:
            raise ValueError(f"{where}: unknown technique {parts[1]!r}")
        start, end = _parse_offsets(parts[2], parts[3], where)
        spans.append(TCSpan(parts[0], parts[1], start, end))
    return spans


def _label_files(directory: Path) -> list[Path]:
    files = sorted(p for p in directory.glob("*.labels") if p.is_file())
    if not files:
        raise ValueError(f"{directory}: no *.labels files in this directory")
    return files


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def read_si_labels(source: LabelSource) -> list[SISpan]:
    """Read SI labels from a file, a directory of per-article ``*.labels`` files, or lines.

    A ``str``/``PathLike`` is a path; any other iterable is taken as the lines themselves.
    """
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            return read_si_dir(path)
        return parse_si_lines(_read_lines(path), str(path))
    return parse_si_lines(source)


def read_tc_labels(source: LabelSource, techniques: Collection[str] | None = None) -> list[TCSpan]:
    """Read TC labels from a file, a directory of per-article ``*.labels`` files, or lines."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            return read_tc_dir(path, techniques)
        return parse_tc_lines(_read_lines(path), str(path), techniques)
    return parse_tc_lines(source, techniques=techniques)


def read_si_dir(directory: str | os.PathLike[str]) -> list[SISpan]:
    """Concatenate per-article SI files (``article123.task1-SI.labels``) in file-name order."""
    spans: list[SISpan] = []
    for path in _label_files(Path(directory)):
        spans.extend(parse_si_lines(_read_lines(path), str(path)))
    return spans


def read_tc_dir(directory: str | os.PathLike[str], techniques: Collection[str] | None = None) -> list[TCSpan]:
    """Concatenate per-article TC files (``article123.task2-TC.labels``) in file-name order."""
    spans: list[TCSpan] = []
    for path in _label_files(Path(directory)):
        spans.extend(parse_tc_lines(_read_lines(path), str(path), techniques))
    return spans


def group_si(spans: Iterable[tuple[str, int, int]]) -> dict[str, list[tuple[int, int]]]:
    """Turn SI rows into the ``article_id -> [(start, end), ...]`` mapping that si_scores takes."""
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article_id, start, end in spans:
        grouped[article_id].append((start, end))
    return dict(grouped)


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans that share at least one character; sorted, disjoint output.

    Spans are sets of character offsets, so [0,5) and [5,9) share nothing and stay apart.
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if start < 0 or end <= start:
            raise ValueError(f"bad span [{start}, {end}): need 0 <= start < end")
        if merged and start < merged[-1][1]:
            last_start, last_end = merged[-1]
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def si_scores(gold: Mapping[str, Sequence[tuple[int, int]]], pred: Mapping[str, Sequence[tuple[int, int]]]) -> SIScore:
    """Official SI precision/recall/F1 with partial credit for partial overlap.

    Predicted spans in articles without gold still count in the precision denominator, and gold
    spans in articles without predictions still count in the recall denominator.
    """
    gold_m = {a: merge_spans(s) for a, s in gold.items()}
    pred_m = {a: merge_spans(s) for a, s in pred.items()}
    n_pred = sum(len(s) for s in pred_m.values())
    n_gold = sum(len(s) for s in gold_m.values())

    p_sum = 0.0
    r_sum = 0.0
    for article_id, p_spans in pred_m.items():
        g_spans = gold_m.get(article_id, [])
        for s in p_spans:
            for t in g_spans:
                inter = _overlap(s, t)
                if inter:
                    p_sum += inter / (s[1] - s[0])
                    r_sum += inter / (t[1] - t[0])

    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    return SIScore(precision, recall, _f1(precision, recall))


def tc_scores(gold: Iterable[tuple[str, str, int, int]], pred: Iterable[tuple[str, str, int, int]]) -> TCScore:
    """Official TC micro P/R/F1 plus per-technique figures.

    A prediction is correct when an as-yet unmatched gold line has the same article, offsets and
    technique; matching each gold line at most once means correct = Σ_key min(#gold, #pred).
    ``per_technique`` covers TECHNIQUES plus any other name seen in gold or predictions.
    """
    gold_c = Counter((str(a), str(t), int(s), int(e)) for a, t, s, e in gold)
    pred_c = Counter((str(a), str(t), int(s), int(e)) for a, t, s, e in pred)
    correct_c = gold_c & pred_c  # multiset intersection: min of the two counts per key

    def by_technique(c: Counter[tuple[str, str, int, int]]) -> Counter[str]:
        out: Counter[str] = Counter()
        for (_, technique, _, _), n in c.items():
            out[technique] += n
        return out

    gold_t, pred_t, correct_t = by_technique(gold_c), by_technique(pred_c), by_technique(correct_c)
    n_gold, n_pred, n_correct = gold_c.total(), pred_c.total(), correct_c.total()

    precision = n_correct / n_pred if n_pred else 0.0
    recall = n_correct / n_gold if n_gold else 0.0

    names = list(TECHNIQUES) + sorted((set(gold_t) | set(pred_t)) - set(TECHNIQUES))
    per_technique: dict[str, TechniqueScore] = {}
    for name in names:
        p = correct_t[name] / pred_t[name] if pred_t[name] else 0.0
        r = correct_t[name] / gold_t[name] if gold_t[name] else 0.0
        per_technique[name] = TechniqueScore(p, r, _f1(p, r), gold_t[name])
    return TCScore(_f1(precision, recall), precision, recall, per_technique)


# ---------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------


def _check_path(path: str) -> None:
    if not Path(path).exists():
        raise ValueError(f"{path}: no such file or directory")


def main(argv: Sequence[str] | None = None) -> int:
    """Score a prediction file/directory against gold; exit 2 on unreadable or malformed input."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.semeval_metrics",
        description="Official SemEval-2020 Task 11 scores (SI span identification, TC technique classification).",
    )
    parser.add_argument("task", choices=("si", "tc"), help="si: span identification; tc: technique classification")
    parser.add_argument("gold", help="gold labels: a file or a directory of per-article *.labels files")
    parser.add_argument("pred", help="predicted labels: a file or a directory of per-article *.labels files")
    args = parser.parse_args(argv)

    try:
        _check_path(args.gold)
        _check_path(args.pred)
        if args.task == "si":
            si = si_scores(group_si(read_si_labels(args.gold)), group_si(read_si_labels(args.pred)))
            print(f"precision\t{si.precision:.6f}\nrecall\t{si.recall:.6f}\nf1\t{si.f1:.6f}")
            return 0
        gold_tc = read_tc_labels(args.gold, TECHNIQUES)
        pred_tc = read_tc_labels(args.pred, TECHNIQUES)
    except (ValueError, OSError) as exc:  # UnicodeDecodeError is a ValueError
        print(f"error: {exc}", file=sys.stderr)
        return 2

    tc = tc_scores(gold_tc, pred_tc)
    print(f"micro_f1\t{tc.micro_f1:.6f}\nprecision\t{tc.precision:.6f}\nrecall\t{tc.recall:.6f}")
    print("technique\tprecision\trecall\tf1\tsupport")
    for name, score in tc.per_technique.items():
        print(f"{name}\t{score.precision:.6f}\t{score.recall:.6f}\t{score.f1:.6f}\t{score.support}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
