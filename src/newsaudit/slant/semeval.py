"""Predictions in the SemEval-2020 Task 11 formats, for directories of ``article<ID>.txt`` files.

Span identification (SI) lines are ``article_id<TAB>start<TAB>end``; technique
classification (TC) lines are ``article_id<TAB>technique<TAB>start<TAB>end``.
For TC the task gives the spans (a template file); without one, the spans
newsaudit found itself are classified.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsaudit.errors import describe
from newsaudit.models.propaganda_model import PropagandaModel, assign_techniques
from newsaudit.slant.view import view_of

_ARTICLE = re.compile(r"^article(?P<id>[^.]+)\.txt$")


@dataclass
class ArticleFile:
    id: str
    path: Path
    text: str | None
    error: str | None = None


def read_articles(directory: Path) -> Iterator[ArticleFile]:
    """Every ``article<ID>.txt`` in ``directory``, sorted by name; unreadable files come back with an error."""
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: not a directory")
    for path in sorted(directory.iterdir()):
        match = _ARTICLE.match(path.name)
        if not match or not path.is_file():
            continue
        try:
            raw = path.read_bytes()
            if b"\x00" in raw[:4096]:
                raise ValueError("binary file (NUL bytes)")
            yield ArticleFile(match["id"], path, raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            yield ArticleFile(match["id"], path, None, describe(exc))


def read_span_template(path: Path) -> dict[str, list[tuple[int, int]]]:
    """Spans to classify, by article: TC template lines (id, technique or '?', start, end) or SI lines."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            parts = line.rstrip("\r\n").split("\t")
            if not line.strip():
                continue
            if len(parts) not in (3, 4):
                raise ValueError(f"{path}, line {line_no}: expected 3 or 4 tab-separated fields, got {len(parts)}")
            try:
                start, end = int(parts[-2]), int(parts[-1])
            except ValueError:
                raise ValueError(f"{path}, line {line_no}: offsets must be integers") from None
            spans[parts[0]].append((start, end))
    return spans


def si_lines(model: PropagandaModel, article_id: str, text: str, boost: bool = True) -> list[str]:
    """One line per span; ``boost=False`` keeps to the n-gram tagger (no MiniLM booster)."""
    return [f"{article_id}\t{start}\t{end}" for start, end, _ in model.spans(view_of(text), boost)]


def tc_lines(
    model: PropagandaModel, article_id: str, text: str, spans: list[tuple[int, int]] | None, boost: bool = True
) -> list[str]:
    """One line per span; given spans keep their order (a span listed twice gets two different techniques)."""
    view = view_of(text)
    if spans is None:
        spans = [(start, end) for start, end, _ in model.spans(view, boost)]
    for start, end in spans:
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span [{start}, {end}) is outside the article (length {len(text)})")
    if not spans:
        return []
    probs = model.technique_probabilities(view, spans)
    techniques = assign_techniques(probs, [(article_id, s, e) for s, e in spans], model.techniques)
    return [f"{article_id}\t{t}\t{s}\t{e}" for t, (s, e) in zip(techniques, spans, strict=True)]
