"""PolNeAR articles for the attribution finder: text, gold attributions, article folds, token BIO tags.

Only ``data/train`` and ``data/dev`` are read, each named explicitly: PolNeAR's
``data/test`` is held out for the maintainers and is never globbed in.

Some articles were annotated by several annotators (``<article>_<annotator>.ann``);
one file per article is used, the first in sorted order, so every run sees the
same gold. Folds are held out by article: ``fold_of`` hashes the article id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from newsaudit.claims.brat import Attribution, read_ann
from newsaudit.slant.text import Token, tokenize

SPLITS = ("train", "dev")  # never "test"
N_FOLDS = 5
#: Token tags: O, then B-/I- for each role (the order is the model's class order).
TAGS = ("O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT")
ROLE_TAG = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


@dataclass
class Article:
    id: str
    split: str
    text: str
    attributions: list[Attribution]
    annotator: str

    @property
    def fold(self) -> int:
        return fold_of(self.id)


def polnear_root(data: Path) -> Path:
    """``data`` may be the shared data folder (holding ``polnear/``), PolNeAR's root, or its ``data/``."""
    for candidate in (data / "polnear" / "data", data / "data", data):
        if (candidate / "train" / "attributions").is_dir():
            return candidate
    raise FileNotFoundError(f"no PolNeAR train/attributions under {data}")


def fold_of(article_id: str, n_folds: int = N_FOLDS) -> int:
    digest = hashlib.sha1(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % n_folds


def load_articles(data: Path, splits: tuple[str, ...] = SPLITS) -> list[Article]:
    """Articles of ``splits`` (train and dev by default) with one annotator's attributions each, sorted by id."""
    if "test" in splits:
        raise ValueError("PolNeAR test is held out: it is never read here")
    root = polnear_root(data)
    articles = []
    for split in splits:
        texts = root / split / "text"
        chosen: dict[str, Path] = {}
        for ann in sorted((root / split / "attributions").glob("*.ann")):
            article_id, _, _annotator = ann.stem.rpartition("_")
            chosen.setdefault(article_id, ann)
        for article_id, ann in sorted(chosen.items()):
            text_path = texts / f"{article_id}.txt"
            if not text_path.exists():
                continue
            text = text_path.read_text(encoding="utf-8")
            attributions = [a for a in read_ann(ann) if _inside(a, len(text))]
            articles.append(Article(article_id, split, text, attributions, ann.stem.rpartition("_")[2]))
    return sorted(articles, key=lambda a: a.id)


def _inside(attribution: Attribution, length: int) -> bool:
    return all(s.end <= length for name in ("source", "cue", "content") for s in attribution.role(name) or ())


def token_tags(tokens: list[Token], attributions: list[Attribution]) -> list[str]:
    """BIO tag per token: a token takes the role of the first span it overlaps; each span fragment starts a B-."""
    tags = ["O"] * len(tokens)
    if not tokens:
        return tags
    starts = [t.start for t in tokens]
    import bisect

    for attribution in attributions:
        for role, tag in ROLE_TAG.items():
            for span in attribution.role(role) or ():
                first = max(0, bisect.bisect_right(starts, span.start) - 1)
                begun = False
                for i in range(first, len(tokens)):
                    token = tokens[i]
                    if token.start >= span.end:
                        break
                    if token.end <= span.start:
                        continue
                    if tags[i] != "O":
                        begun = False
                        continue
                    tags[i] = ("I-" if begun else "B-") + tag
                    begun = True
    return tags


def article_tokens(article: Article) -> list[Token]:
    return tokenize(article.text)
