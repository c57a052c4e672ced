"""The learned title check of the anatomy stage: a logistic model over ``anatomy.title_check``'s features.

It says how likely a line at the top of a page is the story's headline. Small enough to be JSON (one weight per
named feature); it says why with the features that pushed the line towards the headline most. Trained by
``newsaudit.training.train_anatomy_titles`` on what the rules made of pages while those pages were still blind to
them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsaudit.models.anatomy_lines import describe_feature

ARTIFACT = "anatomy-titles-v1.json"


@dataclass(frozen=True)
class TitleModel:
    weights: dict[str, float]
    intercept: float
    #: the probability a line needs before the check makes it the title ...
    threshold: float
    #: ... and by how much it must beat the rules' title
    margin: float

    def probability(self, row: dict[str, float]) -> float:
        """P(the line is the headline)."""
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in row.items())
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def why(self, row: dict[str, float], k: int = 3) -> str:
        """The features that pushed the line towards the headline most, in words."""
        pushes = sorted((self.weights.get(name, 0.0) * value, name) for name, value in row.items())
        return ", ".join(describe_feature(name) for push, name in reversed(pushes[-k:]) if push > 0)


@cache
def title_model() -> TitleModel:
    raw = json.loads(resources.files("newsaudit.models").joinpath("artifacts", ARTIFACT).read_text("utf-8"))
    return TitleModel(dict(zip(raw["features"], raw["coef"], strict=True)), raw["intercept"], raw["threshold"],
                      raw["margin"])
