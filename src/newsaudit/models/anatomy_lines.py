"""The learned line check of the anatomy stage: a logistic model over ``anatomy.line_features``.

Small enough to be JSON (a weight per named feature: the rules' verdicts, the line's shape and, since v2, the
words furniture is written in); it says why with the features that pushed a line towards furniture most.
Trained by ``newsaudit.training.train_anatomy_lines``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsaudit.anatomy.line_features import WORD_PREFIX

ARTIFACT = "anatomy-lines-v2.json"

#: How a feature reads in a reason string
_WORDING = {
    "short": "a short line",
    "short_run_log": "among other short lines",
    "after_story": "below the story's prose",
    "before_story": "above the story's prose",
    "pipe": "with navigation marks",
    "title_case": "in title case",
    "digits": "full of digits",
    "end_punct": "ending like a sentence",
}


@dataclass(frozen=True)
class LineModel:
    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, row: dict[str, float]) -> float:
        """P(the line is furniture)."""
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in row.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def why(self, row: dict[str, float], k: int = 3) -> str:
        """The features that pushed the line towards furniture most, in words."""
        pushes = sorted(((self.weights.get(name, 0.0) * value, name) for name, value in row.items()), reverse=True)
        words = [_describe(name) for push, name in pushes[:k] if push > 0]
        return ", ".join(words)


def _describe(name: str) -> str:
    if name in _WORDING:
        return _WORDING[name]
    if name.startswith(WORD_PREFIX):
        return f"the word '{name[len(WORD_PREFIX):]}'"
    for prefix, wording in (("prev_", "under a line typed {}"), ("next_", "above a line typed {}"),
                            ("t_", "typed {} by the rules")):
        if name.startswith(prefix):
            return wording.format(name[len(prefix):].replace("_", " "))
    return name.replace("_", " ")


@cache
def line_model() -> LineModel:
    raw = json.loads(resources.files("newsaudit.models").joinpath("artifacts", ARTIFACT).read_text("utf-8"))
    return LineModel(dict(zip(raw["features"], raw["coef"], strict=True)), raw["intercept"], raw["threshold"])
