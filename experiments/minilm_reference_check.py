"""Check newsaudit.models.minilm (numpy) against transformers/torch, and compare single-thread throughput.

Run in the reference venv (torch + transformers), with one BLAS/torch thread:

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
        /tmp/minilm-venv/bin/python experiments/minilm_reference_check.py [--model /tmp/mlmodel] [--zip]

1. Correctness: ~20 sentences (incl. padding within a batch) -> max |numpy - torch| at layers 3 and 6,
   comparing the subword positions (no [CLS]/[SEP]) of texts that fit in one window.
2. Throughput: ~200 news sentences (PTC train articles when ../shared/data is there, else the bundled example),
   numpy encoder (default batching) vs torch AutoModel (batch sizes 8 and 32), same sentences, sorted-by-length
   batches, 1 thread; best of 3 runs each.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from newsaudit.models.minilm import MiniLMEncoder, locate_model  # noqa: E402

SENTENCES = [
    "The senator said the bill would pass before the end of the month.",
    "Critics called the decision a shameful betrayal of working families!",
    "Officials confirmed that 14 people were injured in Tuesday's blast in Aleppo.",
    "Is this really what democracy looks like?",
    "Scientists at the University of Cambridge published the peer-reviewed study on Friday.",
    "BREAKING: Markets tumble as the Fed hints at another rate hike.",
    "According to Reuters, the company denied any wrongdoing.",
    "They want to destroy everything we hold dear.",
    "Ok.",
    "The prime minister's spokesperson declined to comment on the leaked e-mails.",
    "Unemployment fell to 3.7% in October, the lowest rate since 1969.",
    "Naïve café owners in Zürich were told to close by 10 p.m.",
    "“We will never surrender,” he told cheering crowds in the rain.",
    "The so-called experts have been wrong about this again and again and again.",
    "Police arrested a 32-year-old man in connection with the stabbing.",
    "Antidisestablishmentarianism is rarely discussed in parliamentary debates nowadays.",
    "The report, which runs to 240 pages, was commissioned in 2019 by the health ministry.",
    "Many residents say they have not received any aid since the floods.",
    "Wake up, people! The mainstream media is lying to you.",
    "A spokesman for the ministry said the talks were 'constructive'.",
    "",
]


def news_sentences(n: int = 200) -> list[str]:
    ptc = ROOT.parent / "shared" / "data" / "ptc_semeval2020_task11" / "train-articles"
    lines: list[str] = []
    if ptc.is_dir():
        for path in sorted(ptc.glob("*.txt")):
            lines.extend(s.strip() for s in path.read_text(encoding="utf-8").splitlines() if len(s.split()) >= 4)
            if len(lines) >= n:
                break
    if len(lines) < n:
        example = ROOT / "src" / "newsaudit" / "examples" / "syria-repost-with-comments.txt"
        lines.extend(s.strip() for s in example.read_text(encoding="utf-8").splitlines() if len(s.split()) >= 4)
    return lines[:n]


def torch_layers(model, tokenizer, texts: list[str], layers: tuple[int, ...], batch_size: int):  # type: ignore[no-untyped-def]
    import torch

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: list[dict[int, np.ndarray]] = [{} for _ in texts]
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            batch = tokenizer(
                [texts[i] for i in idx], padding=True, truncation=True, max_length=128, return_tensors="pt"
            )
            hs = model(**batch, output_hidden_states=True).hidden_states
            lengths = batch["attention_mask"].sum(1).tolist()
            for row, i in enumerate(idx):
                for layer in layers:
                    out[i][layer] = hs[layer][row, 1 : lengths[row] - 1].numpy()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="/tmp/mlmodel", help="extracted model dir (for transformers)")
    ap.add_argument("--zip", action="store_true", help="load the numpy encoder via locate_model() instead")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--torch-batch-sizes", default="8,32", help="torch batch sizes to time (best is reported)")
    args = ap.parse_args()

    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(1)
    layers = (3, 6)
    source = locate_model() if args.zip else Path(args.model)
    assert source is not None, "locate_model() found nothing"
    t0 = time.perf_counter()
    enc = MiniLMEncoder.from_dir_or_zip(source)
    print(f"numpy encoder loaded from {source} in {time.perf_counter() - t0:.2f}s")
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModel.from_pretrained(args.model).eval()

    # 1. correctness
    ours = enc.encode(SENTENCES, layers=layers, batch_tokens=256)  # several padded batches
    ref = torch_layers(model, tokenizer, SENTENCES, layers, batch_size=8)
    worst = dict.fromkeys(layers, 0.0)
    for text, mine, theirs in zip(SENTENCES, ours, ref, strict=True):
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        assert mine.n_subwords == len(ids), (text, mine.n_subwords, len(ids))
        for layer in layers:
            if mine.n_subwords:
                diff = float(np.abs(mine.hidden[layer] - theirs[layer]).max())
                worst[layer] = max(worst[layer], diff)
    for layer in layers:
        print(f"layer {layer}: max abs diff numpy vs torch = {worst[layer]:.3g}")
    assert max(worst.values()) < 1e-3

    # 1b. a long text cut into windows of 62 subwords: each window vs torch on the same window alone
    long_text = " ".join(SENTENCES)
    [doc] = enc.encode([long_text], max_length=64, layers=layers)
    ids, _, word_ids = enc.tokenize([long_text])[0]
    starts = [*enc._window_starts(word_ids, 62), len(ids)]
    window_worst = 0.0
    with torch.inference_mode():
        for start, end in itertools.pairwise(starts):
            window = torch.tensor([[enc.cls_id, *ids[start:end].tolist(), enc.sep_id]])
            hs = model(input_ids=window, output_hidden_states=True).hidden_states
            for layer in layers:
                diff = np.abs(doc.hidden[layer][start:end] - hs[layer][0, 1:-1].numpy()).max()
                window_worst = max(window_worst, float(diff))
    print(f"long text, {doc.n_windows} windows of <= 62 subwords: max abs diff = {window_worst:.3g}")
    assert doc.n_windows == len(starts) - 1 > 1 and window_worst < 1e-3

    # 2. throughput, 1 thread
    sents = news_sentences(args.n)
    words = sum(len(s.split()) for s in sents)
    enc.encode(sents[:8], layers=layers)  # warm-up
    torch_layers(model, tokenizer, sents[:8], layers, 8)
    timings: dict[str, float] = {}
    runs: list[tuple[str, Callable[[], object]]] = [("numpy", lambda: enc.encode(sents, layers=layers))]
    for bs in (int(b) for b in args.torch_batch_sizes.split(",")):
        runs.append((f"torch(batch={bs})", partial(torch_layers, model, tokenizer, sents, layers, bs)))
    for name, fn in runs:
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        timings[name] = best
        print(f"{name}: {len(sents)} sentences, {words} words, best of 3 {best:.2f}s -> {words / best:,.0f} words/s")
    best_torch = min(v for k, v in timings.items() if k.startswith("torch"))
    print(f"numpy speed / best torch speed: {best_torch / timings['numpy']:.2f}")


if __name__ == "__main__":
    main()
