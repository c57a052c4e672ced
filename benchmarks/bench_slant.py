"""Slant (propaganda) speed and memory: words per second per core, against tokenising alone in the same run.

Called by ``benchmarks/bench.py`` (``make bench``); runnable alone:
``python -m benchmarks.bench_slant --data ../shared/data``.
Articles are the PTC test articles (unlabelled news prose, not used in training).
Every rate is one process on one core, each over at least ``seconds``.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.bench_comments import _load_cost, _rss_mb
from newsaudit.training.ptc_data import PTC_DIR


def sample_articles(data: Path) -> list[str]:
    folder = data / PTC_DIR / "test-articles"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("article*.txt"))]


def _words(text: str) -> int:
    return len(text.split())


def _rate(fn: Callable[[str], object], texts: Sequence[str], min_seconds: float) -> float:
    words = 0
    start = time.perf_counter()
    while True:
        for text in texts:
            fn(text)
            words += _words(text)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return words / elapsed


def _peak(fn: Callable[[str], object], text: str) -> float:
    gc.collect()
    tracemalloc.start()
    fn(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def run(data: Path, seconds: float = 5.0) -> str:
    texts = sample_articles(data)
    if not texts:
        return "## Slant (propaganda) throughput\n\n_Skipped: no PTC articles under ../shared/data._\n"
    from newsaudit.models.propaganda_model import PropagandaModel, artifact_dir
    from newsaudit.pipeline import Pipeline, PipelineConfig
    from newsaudit.slant.view import view_of

    model, load_s, load_mb = _load_cost(lambda: PropagandaModel.load(artifact_dir()))
    assert isinstance(model, PropagandaModel)
    stage_only = Pipeline(PipelineConfig(stages=("slant",), stage_config={}))
    stage_only.stages[0]._model = model  # type: ignore[attr-defined]

    def spans(boost: bool, student: bool = False) -> Callable[[str], object]:
        def run(text: str) -> object:
            return model.spans(view_of(text), boost, student=student)

        return run

    def analysis(student: bool) -> Callable[[str], object]:
        def run(text: str) -> object:
            return model.analyse(text, boost=False, student=student)

        return run

    rows: list[tuple[str, Callable[[str], object], float, float]] = [
        ("tokenise and split sentences only (`view_of`, baseline)", view_of, 0.0, 0.0),
        ("span identification, n-gram tagger alone", spans(False), load_s, load_mb),
        ("full analysis, n-gram tagger alone (spans, techniques, sentence scores)", analysis(False), load_s, load_mb),
    ]
    if model.student is not None:
        rows += [
            ("span identification with the word-vector student (table + stack)", spans(False, True), load_s, load_mb),
            ("full analysis with the student (`analyse(boost=False)`)", analysis(True), load_s, load_mb),
        ]
    if model.can_boost:
        rows += [
            ("span identification with the MiniLM booster (encoder + stack)", spans(True), load_s, load_mb),
            ("full analysis with the booster (`PropagandaModel.analyse`)", model.analyse, load_s, load_mb),
        ]
    rows.append(("slant stage on a plain-text page, default settings", stage_only.audit, load_s, load_mb))
    for _, fn, _, _ in rows:
        fn(texts[0])
    measured = [(name, _rate(fn, texts, seconds), ls, lm, _peak(fn, max(texts, key=len))) for name, fn, ls, lm in rows]
    base = measured[0][1]
    total_words = sum(map(_words, texts))
    lines = [
        "## Slant (propaganda) throughput",
        "",
        f"{len(texts)} PTC test articles ({total_words:,} words; not used in training), one process, each rate over "
        f"at least {seconds:g} s. The baseline, tokenising and sentence splitting alone, is the floor any span "
        "tagger built on them pays; it is measured in the same run.",
        "",
        "| step | words/s per core | vs baseline | load time (s) | memory held by the model (MB) | "
        "peak allocation, longest article (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, rate, ls, lm, peak in measured:
        lines.append(f"| {name} | {rate:,.0f} | {rate / base:.2f}× | {ls:.2f} | {lm:.0f} | {peak:.1f} |")
    lines += ["", f"Peak resident memory of this process after the slant benchmarks: {_rss_mb():,.0f} MB.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    print(run(args.data, args.seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
