"""The Propaganda Techniques Corpus (SemEval-2020 Task 11 training part): articles and technique spans."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

PTC_DIR = "ptc_semeval2020_task11"


@dataclass
class Article:
    id: str
    text: str
    #: (technique, start, end); the same span may carry two techniques.
    spans: list[tuple[str, int, int]] = field(default_factory=list)


def load_ptc(root: Path) -> list[Article]:
    """Articles of ``root/ptc_semeval2020_task11`` with their technique spans, sorted by id."""
    base = root / PTC_DIR
    articles: dict[str, Article] = {}
    for path in sorted((base / "train-articles").glob("article*.txt")):
        article_id = path.stem.removeprefix("article")
        articles[article_id] = Article(article_id, path.read_text(encoding="utf-8"))
    with (base / "train-task2-TC.labels").open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or parts[0] not in articles:
                raise ValueError(f"{handle.name}:{line_no}: unexpected label line {line.rstrip()!r}")
            article_id, technique, start, end = parts
            articles[article_id].spans.append((technique, int(start), int(end)))
    for article in articles.values():
        article.spans.sort(key=lambda s: (s[1], s[2], s[0]))
    return list(articles.values())


def article_folds(article_ids: list[str], n_folds: int = 5) -> dict[str, int]:
    """Folds by article: ids ordered by a hash, then dealt round-robin, so folds are even and every run agrees."""
    ranked = sorted(article_ids, key=lambda i: hashlib.blake2b(i.encode(), digest_size=8).digest())
    return {article_id: rank % n_folds for rank, article_id in enumerate(ranked)}
