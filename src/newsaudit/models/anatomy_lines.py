"""The learned line check of the anatomy stage: a multinomial logistic model over ``anatomy.line_features``.

It reads a line the rules kept as a story paragraph and says what it is: still the story's, or furniture, a
byline or a credit the rules did not know. Its weights per named feature and class (the rules' verdicts around
the line, its shape and the words it is written in) are JSON; its reading of the line's wording through the
packaged MiniLM (``models/wording.py``) is a folded per-subword table beside them. It says why with the features
that pushed the line from the story to its new type most. Trained by ``newsaudit.training.train_anatomy_lines``
on what the rules made of pages while those pages were still blind to them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from newsaudit.anatomy.line_features import WORD_PREFIX
from newsaudit.models.wording import PREFIX as WORDING
from newsaudit.models.wording import WordingScores, load_wording

ARTIFACT = "anatomy-lines-v4.json"
#: The folded wording table beside it
WORDING_ARTIFACT = "anatomy-lines-v4.npz"
#: The class that leaves a line as the rules typed it
STORY = "paragraph"

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
    "long": "a long line",
    "prose": "written as prose",
    "words_log": "its length",
    # the title check's
    "story_shares": "its words come back in the story",
    "story_shares_most": "the line whose words the story repeats most",
    "no_content_words": "no word of four letters",
    "headline_like": "shaped like a headline",
    "weak_headline": "shaped like a headline, weakly",
    "repeated": "said again elsewhere on the page",
    "furniture_words": "worded like furniture",
    "index_log": "far down the page",
    "prose_above": "under prose",
    "first_line": "the page's first line",
    "first_headline": "the first headline-shaped line",
    "capitals": "in capitals",
    "question": "a question",
    "colon": "with a colon",
    "quotes": "with quotation marks",
}


@dataclass(frozen=True)
class LineModel:
    classes: tuple[str, ...]
    #: feature name -> one weight per class, in ``classes`` order
    weights: dict[str, tuple[float, ...]]
    intercepts: tuple[float, ...]
    #: the probability a new type needs before the check retypes a line above or below the story's prose
    threshold: float
    #: ... a line between the story's paragraphs
    inside_threshold: float
    #: ... and a line in a run of them (a list, a poem, a menu)
    run_threshold: float
    #: the line's wording read through the packaged MiniLM (``wording:<class>`` features), when the model has it
    wording: WordingScores | None = None

    def rows_with_wording(self, rows: list[dict[str, float]], texts: list[str]) -> list[dict[str, float]]:
        """The rows with each line's ``wording:<class>`` scores added (unchanged without a wording table)."""
        if self.wording is None:
            return rows
        return [row | scores for row, scores in zip(rows, self.wording.features(texts), strict=True)]

    def probabilities(self, row: dict[str, float]) -> dict[str, float]:
        """P(each class) for a line's features."""
        z = list(self.intercepts)
        for name, value in row.items():
            weights = self.weights.get(name)
            if weights is not None:
                for k, w in enumerate(weights):
                    z[k] += w * value
            elif name.startswith(WORDING) and (kind := name[len(WORDING):]) in self.classes:
                z[self.classes.index(kind)] += value
        top = max(z)
        exps = [math.exp(v - top) for v in z]
        total = sum(exps)
        return {kind: e / total for kind, e in zip(self.classes, exps, strict=True)}

    def verdict(self, row: dict[str, float]) -> tuple[str, float]:
        """The most probable class and its probability."""
        return max(self.probabilities(row).items(), key=lambda item: item[1])

    def why(self, row: dict[str, float], kind: str, k: int = 3, text: str = "") -> str:
        """The features that pushed the line from the story towards ``kind`` most, in words (its wording's scores
        as one, naming the words of ``text`` that lean most when given)."""
        to, story = self.classes.index(kind), self.classes.index(STORY)
        zero = (0.0,) * len(self.classes)
        wording = row.get(WORDING + kind, 0.0) - row.get(WORDING + STORY, 0.0)
        pushes = sorted([(((w := self.weights.get(name, zero))[to] - w[story]) * value, name)
                         for name, value in row.items() if not name.startswith(WORDING)] + [(wording, WORDING)])
        return ", ".join(self._describe(name, kind, text) for push, name in reversed(pushes[-k:]) if push > 0)

    def _describe(self, name: str, kind: str, text: str) -> str:
        if name != WORDING:
            return describe_feature(name)
        words = self.wording.leaning_words(text, kind, STORY) if self.wording is not None and text else []
        return f"worded like a {kind} line" + (f" ({', '.join(repr(w) for w in words)})" if words else "")


#: How a neighbour's or the line's own type reads (the longer prefixes first: "prev2_" before "prev_")
_NEIGHBOURS = (("prev2_", "two lines under a line typed {}"), ("next2_", "two lines above a line typed {}"),
               ("prev_", "under a line typed {}"), ("next_", "above a line typed {}"), ("t_", "typed {} by the rules"))


def describe_feature(name: str) -> str:
    """A feature's name in words, for a reason string."""
    if name in _WORDING:
        return _WORDING[name]
    if name.startswith(WORD_PREFIX):
        return f"the word '{name[len(WORD_PREFIX):]}'"
    for prefix, wording in _NEIGHBOURS:
        if name.startswith(prefix):
            return wording.format(name[len(prefix):].replace("_", " "))
    return name.replace("_", " ")


@cache
def line_model() -> LineModel:
    folder = resources.files("newsaudit.models").joinpath("artifacts")
    raw = json.loads(folder.joinpath(ARTIFACT).read_text("utf-8"))
    weights = {name: tuple(w) for name, w in zip(raw["features"], raw["coef"], strict=True)}
    classes = tuple(raw["classes"])
    wording = None
    if raw.get("wording"):
        with folder.joinpath(WORDING_ARTIFACT).open("rb") as handle, np.load(handle) as arrays:
            wording = load_wording(arrays, classes)
    return LineModel(classes, weights, tuple(raw["intercepts"]), raw["threshold"], raw["inside_threshold"],
                     raw["run_threshold"], wording)
