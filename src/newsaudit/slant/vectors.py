"""Contextual word vectors for a text view: MiniLM layers 3 and 6, averaged over each word's subwords."""

from __future__ import annotations

import numpy as np

from newsaudit.models.minilm import MiniLMEncoder, pool_to_spans
from newsaudit.slant.view import TextView

LAYERS = (3, 6)


def token_vectors(view: TextView, encoder: MiniLMEncoder) -> np.ndarray:
    """(tokens, 768) float32, one row per token of ``view`` in order; each sentence is encoded on its own."""
    texts = [view.text[s.start : s.end] for s in view.sentences]
    if not texts:
        return np.zeros((0, 384 * len(LAYERS)), dtype=np.float32)
    encoded = encoder.encode(texts, layers=LAYERS)
    rows = [
        pool_to_spans(enc, [(t.start - s.start, t.end - s.start) for t in s.tokens])
        for enc, s in zip(encoded, view.sentences, strict=True)
    ]
    return np.vstack(rows).astype(np.float32)


def windows(vectors: np.ndarray, sentence_lengths: list[int], width: int = 2) -> np.ndarray:
    """Each token's vector with its ``width`` neighbours on each side inside its sentence (zeros past the ends)."""
    dim = vectors.shape[1]
    out = np.zeros((vectors.shape[0], dim * (2 * width + 1)), dtype=np.float32)
    pos = 0
    for n in sentence_lengths:
        block = vectors[pos : pos + n]
        padded = np.vstack([np.zeros((width, dim), np.float32), block, np.zeros((width, dim), np.float32)])
        for k in range(2 * width + 1):
            out[pos : pos + n, k * dim : (k + 1) * dim] = padded[k : k + n]
        pos += n
    return out
