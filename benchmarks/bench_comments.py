"""Comment moderation speed and memory, against alt-profanity-check measured in the same run.

Called by ``benchmarks/bench.py`` (``make bench``); runnable alone:
``python -m benchmarks.bench_comments --data ../shared/data``.
Comments are real posts from the training sets (Gab, ISCA, Davidson), in a
fixed order; every rate is one process on one core, in chunks of 256 (how the
stage and ``newsaudit comments score`` feed the model).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import resource
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

from newsaudit.training.comment_data import load_all

CHUNK = 256


def sample_comments(data: Path, n: int = 6000) -> list[str]:
    examples = load_all(data, ("gab", "isca", "davidson"))
    texts = [ex.text for ex in examples]
    step = max(1, len(texts) // n)
    return texts[::step][:n]


def _rate(fn: Callable[[list[str]], object], texts: Sequence[str], min_seconds: float) -> float:
    done = 0
    start = time.perf_counter()
    while True:
        for i in range(0, len(texts), CHUNK):
            chunk = list(texts[i : i + CHUNK])
            fn(chunk)
            done += len(chunk)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load_cost(load: Callable[[], object]) -> tuple[object, float, float]:
    """(loaded object, seconds, MB of Python allocations held after loading)."""
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    obj = load()
    seconds = time.perf_counter() - start
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return obj, seconds, held / 1e6


def _chunk_peak(fn: Callable[[list[str]], object], texts: Sequence[str]) -> float:
    gc.collect()
    tracemalloc.start()
    fn(list(texts[:CHUNK]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def run(data: Path, seconds: float = 5.0) -> str:
    texts = sample_comments(data)
    if not texts:
        return "## Comment moderation throughput\n\n_Skipped: no comment data under ../shared/data._\n"
    mean_chars = sum(map(len, texts)) / len(texts)
    rows: list[tuple[str, float, float, float, float]] = []

    def load_ours() -> object:
        from newsaudit.models.comment_model import CommentModel, artifact_dir
        from newsaudit.moderation.moderate import Moderator

        return Moderator(CommentModel.load(artifact_dir()))

    from newsaudit.moderation.lexicon import find_hits
    from newsaudit.moderation.moderate import Moderator

    moderator, load_s, load_mb = _load_cost(load_ours)
    assert isinstance(moderator, Moderator)
    moderator.moderate(texts[:10])
    find_hits(texts[0])

    baseline: Callable[[list[str]], object] | None = None
    try:  # importing profanity_check loads its model, so the import is the load
        loaded, base_load_s, base_load_mb = _load_cost(lambda: importlib.import_module("profanity_check").predict_prob)
        baseline = cast(Callable[[list[str]], object], loaded)
        baseline(texts[:10])
    except ImportError:
        pass
    if baseline is not None:
        rate = _rate(baseline, texts, seconds)
        rows.append(("alt-profanity-check `predict_prob` (baseline)", rate, base_load_s, base_load_mb,
                     _chunk_peak(baseline, texts)))
        base_rate = rate
    else:
        base_rate = float("nan")

    def model_only(chunk: list[str]) -> object:
        return moderator.model.predict(chunk)

    def lexicon_only(chunk: list[str]) -> object:
        return [find_hits(t) for t in chunk]

    for name, fn in (
        ("newsaudit heads only (`CommentModel.predict`)", model_only),
        ("newsaudit lexicon rules only (`find_hits`)", lexicon_only),
        ("newsaudit full moderation, n-gram heads only (`--no-encoder`: heads, sentences, rules, evidence, "
         "decision)", moderator.moderate),
    ):
        rows.append((name, _rate(fn, texts, seconds), load_s if "heads" in name or "full" in name else 0.0,
                     load_mb if "heads" in name or "full" in name else 0.0, _chunk_peak(fn, texts)))
    encoded_share = _encoder_rows(texts, seconds, rows)
    lines = [
        "## Comment moderation throughput",
        "",
        f"{len(texts):,} real posts (Gab, ISCA, Davidson; mean {mean_chars:.0f} characters), chunks of {CHUNK}, one "
        f"process, each rate over at least {seconds:g} s. The baseline is measured in the same run.",
        "",
        "| scorer | comments/s per core | vs baseline | load time (s) | memory held by the model (MB) | "
        f"peak allocation per chunk of {CHUNK} (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, rate, ls, lm, peak in rows:
        ratio = rate / base_rate if base_rate == base_rate else float("nan")
        lines.append(f"| {name} | {rate:,.0f} | {ratio:.2f}× | {ls:.2f} | {lm:.0f} | {peak:.1f} |")
    if encoded_share is not None:
        lines += ["", f"With the encoder, the gate had it read {encoded_share:.2f} texts per comment (a comment, or "
                  "the sentences of a long one). These posts are hate-heavy, so this is near the slowest case; a "
                  "comment section the n-gram heads find clean costs little more than `--no-encoder`."]
    lines += ["", f"Peak resident memory of this process after the comment benchmarks: {_rss_mb():,.0f} MB.", ""]
    return "\n".join(lines)


def _encoder_rows(texts: Sequence[str], seconds: float, rows: list[tuple[str, float, float, float, float]]) -> (
        float | None):
    """The default full moderation (n-gram heads blended with the fine-tuned MiniLM) and the encoder alone."""
    from newsaudit.models.comment_encoder import BlendedCommentModel, CommentEncoder, default_encoder, default_scorer
    from newsaudit.models.comment_model import default_model
    from newsaudit.moderation.moderate import Moderator

    default_model()
    loaded, load_s, load_mb = _load_cost(default_encoder)
    if loaded is None:
        return None
    encoder = cast(CommentEncoder, loaded)
    scorer = default_scorer(True)
    assert isinstance(scorer, BlendedCommentModel)
    full = Moderator(scorer)
    full.moderate(list(texts[:10]))
    scorer.encoded, calls = 0, [0]

    def counted(chunk: list[str]) -> object:
        calls[0] += len(chunk)
        return full.moderate(chunk)

    rate = _rate(counted, texts, seconds)
    share = scorer.encoded / max(1, calls[0])
    rows.append(("newsaudit full moderation with the encoder (the default; encoder read where the n-gram "
                 f"heads reach {scorer.gate:g})", rate, load_s, load_mb, _chunk_peak(full.moderate, texts)))
    backend = "ONNX Runtime" if encoder.onnx else "NumPy"
    rows.append((f"the encoder alone on every comment (`CommentEncoder.predict`, {backend})",
                 _rate(encoder.predict, texts, seconds), load_s, load_mb, _chunk_peak(encoder.predict, texts)))
    if encoder.onnx:
        by_numpy = CommentEncoder(encoder.encoder, encoder.n_layers, encoder.weight, encoder.bias, encoder.layout,
                                  encoder.max_length, encoder.meta, onnx=False)
        rows.append(("the encoder alone, NumPy forward (`NEWSAUDIT_ONNX=0`)", _rate(by_numpy.predict, texts, seconds),
                     load_s, load_mb, _chunk_peak(by_numpy.predict, texts)))
    return share


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    print(run(args.data, args.seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
