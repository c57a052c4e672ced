"""Unlabelled news for the slant student's word table: more words known, each averaged over more contexts.

The student's table (``slant/word_table.py``) holds the words of the 371 PTC articles; on real crawl pages
6.6% of the tokens are words it has never seen. These articles add about 1.1 million tokens of news and
partisan pages from ../shared/data, none of them labelled and none of them held out:

- PolNeAR ``train`` and ``dev`` texts (never ``test``, which the maintainers keep);
- BASIL's 300 articles (``mbib_subsets/009_BASIL``);
- this repo's half of the FakeNewsCorpus sample (the other half is held out and not here).

Only each word's summed MiniLM vectors are kept (``WordSums``), so the cache is the vocabulary's size.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from newsaudit.slant.word_table import WordSums

#: At most this many characters of a text are read (a few pages run to novels).
MAX_CHARS = 20_000


def news_texts(data: Path) -> Iterator[tuple[str, str]]:
    """(source, text) of every unlabelled article, in a fixed order."""
    from newsaudit.training.polnear_data import load_articles

    for article in load_articles(data):
        yield "polnear", article.text
    for path in sorted((data / "mbib_subsets" / "009_BASIL" / "raw" / "articles").rglob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) if isinstance(p, list) else str(p) for p in record.get("body-paragraphs") or []]
        yield "basil", "\n\n".join([record.get("title") or "", *paragraphs])
    sample = data / "fakenewscorpus" / "news_sample_half.csv"
    csv.field_size_limit(10**9)
    with sample.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield "fnc", f"{row.get('title') or ''}\n\n{row.get('content') or ''}"


def corpus_sums(data: Path, encoder: Any = None, cache: Path | None = None) -> WordSums:
    """Each word's summed MiniLM vectors over :func:`news_texts` (about 13 minutes on a core; ``cache`` keeps
    them: about 100 MB). ``encoder`` None loads the packaged one, only when there is something to encode."""
    if cache and cache.exists():
        return WordSums.load(cache)
    from newsaudit.slant.vectors import token_vectors
    from newsaudit.slant.view import view_of

    if encoder is None:
        from newsaudit.models.minilm import default_encoder

        encoder = default_encoder()

    started = time.perf_counter()
    words: list[str] = []
    chunks: list[np.ndarray] = []
    for count, (_, text) in enumerate(news_texts(data), 1):
        view = view_of(text[:MAX_CHARS])
        vectors = token_vectors(view, encoder)
        if len(vectors):
            chunks.append(vectors.astype(np.float16))
            words.extend(t.lower for s in view.sentences for t in s.tokens)
        if count % 200 == 0:
            print(f"news corpus: {count} articles, {len(words):,} tokens ({time.perf_counter() - started:.0f}s)")
    sums = WordSums.of(words, np.vstack(chunks))
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        sums.save(cache)
    return sums
