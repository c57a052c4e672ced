"""Turn per-token propaganda probabilities into character spans."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsaudit.slant.view import Sentence


def decode_spans(
    sentences: Sequence[Sentence], probs: np.ndarray, threshold: float, bridge: int = 1, split_over: int = 0
) -> list[tuple[int, int, float]]:
    """Runs of tokens at or above ``threshold`` become spans (start, end, mean probability).

    A run may bridge up to ``bridge`` weaker tokens (a comma, an article) when
    they are at least half the threshold: annotators mark phrases, not words.
    Runs never cross a sentence boundary. A run longer than ``split_over``
    tokens (when set) is split into its stronger parts, found at a higher
    threshold, when it has any: a long run is often several loaded phrases.
    """
    spans: list[tuple[int, int, float]] = []
    i = 0
    for sentence in sentences:
        p = probs[i : i + len(sentence.tokens)]
        i += len(sentence.tokens)
        j = 0
        n = len(p)
        while j < n:
            if p[j] < threshold:
                j += 1
                continue
            k = j
            while True:
                nxt = k + 1
                if nxt < n and p[nxt] >= threshold:
                    k = nxt
                    continue
                gap = nxt
                while gap < n and gap - k <= bridge and p[gap] < threshold and p[gap] >= threshold / 2:
                    gap += 1
                if gap < n and gap - k <= bridge + 1 and p[gap] >= threshold and gap > nxt:
                    k = gap
                    continue
                break
            tokens = sentence.tokens
            parts = _strong_parts(p, j, k, threshold) if split_over and k - j + 1 > split_over else []
            for a, b in parts or [(j, k)]:
                spans.append((tokens[a].start, tokens[b].end, float(p[a : b + 1].mean())))
            j = k + 1
    return spans


def _strong_parts(p: np.ndarray, first: int, last: int, threshold: float) -> list[tuple[int, int]]:
    strong = min(0.95, threshold * 1.75)
    parts: list[tuple[int, int]] = []
    for i in range(first, last + 1):
        if p[i] >= strong:
            if parts and parts[-1][1] >= i - 2:
                parts[-1] = (parts[-1][0], i)
            else:
                parts.append((i, i))
    return parts
