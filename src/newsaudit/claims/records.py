"""Score sentences given directly for check-worthiness (``newsaudit claims score``).

The records are read as ``comments score`` reads comments (JSONL or CSV with ``id`` and ``text``), and a
record that cannot be scored becomes an error row naming it: one bad line must not stop a queue.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from newsaudit.claims.claim_types import claim_type
from newsaudit.models.checkworthy_model import CheckworthyModel
from newsaudit.moderation.records import BadRecord, CommentRecord, stream_rows


def score_stream(
    records: Iterable[CommentRecord | BadRecord], model: CheckworthyModel, threshold: float | None = None,
    chunk: int = 512,
) -> Iterator[dict[str, Any]]:
    """``{id, score, label, type}`` or error rows, in input order, scoring good records a chunk at a time.

    ``label`` is 1 where ``score`` reaches ``threshold`` (the model's own by default); ``type`` is the claim's
    kind where its wording tells (``claim_types.claim_type``), else null.
    """
    cut = model.threshold if threshold is None else threshold

    def scored(good: list[CommentRecord]) -> Iterator[dict[str, Any]]:
        scores = model.scores([" ".join(r.text.split()) for r in good])
        for r, score in zip(good, scores, strict=True):
            yield {"id": r.id, "score": round(float(score), 4), "label": int(score >= cut), "type": claim_type(r.text)}

    return stream_rows(records, scored, chunk)
