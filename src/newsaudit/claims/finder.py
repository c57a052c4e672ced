"""Find attribution relations (source, cue, content) in article text: the claims stage's entry point.

Two families, one API:

* ``method="model"`` (the default): the BIO tagger of ``models/attribution_model.py``
  (hashed features, a linear head, constrained Viterbi), relations grouped around
  each cue; falls back to the rules when its artifact is not installed;
* ``method="rules"``: quotes and reporting verbs (``claims/rules.py``).

The tagger is the default because it measures better on every role in the five
article folds of PolNeAR train + dev (docs/eval/attribution.md): PolNeAR counts
beliefs, judgements and paraphrase as attributions, which no short verb list covers.
"""

from __future__ import annotations

import logging

from newsaudit.claims import rules
from newsaudit.claims.brat import Attribution

METHODS = ("model", "rules")
log = logging.getLogger(__name__)


def find_attributions(text: str, start: int = 0, end: int | None = None, method: str = "model") -> list[Attribution]:
    """Attributions in ``text[start:end]`` with offsets into ``text``, sorted by cue start.

    Only the region is read: nothing outside it shapes the result.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    if method == "model":
        from newsaudit.models.attribution_model import artifact_exists, default_model

        if artifact_exists():
            return _sorted(default_model().find(text, start, end))
        log.warning("attribution model artifact missing: falling back to the rules")
    return _sorted(rules.find_attributions(text, start, end))


def _sorted(found: list[Attribution]) -> list[Attribution]:
    return sorted(found, key=lambda a: a.anchor)
