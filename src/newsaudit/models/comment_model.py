"""The comment moderation model: linear heads over shared hashed n-gram features.

One featurizer, several heads: binary heads (toxic, identity_attack,
antisemitism, violence) and multi-class heads (the targeted group; the form of
hate: none, implicit, explicit). Heads are plain weight vectors, so the model
loads from a NumPy archive without pickles, predicts in a few sparse products
and can explain any score as per-word contributions.

The artifact is two files in ``models/artifacts``: ``comments-v{N}.npz`` (idf
and sparse float16 weights) and ``comments-v{N}.json`` (classes, training
counts, data fingerprint, default thresholds). ``training/train_comments.py``
writes them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from newsaudit.heap import trim_heap
from newsaudit.models.linear import Head, StackedWeights, artifact_dir, pack_head, unpack_head
from newsaudit.models.text_features import FeatureConfig, Featurizer, WordToken

__all__ = ["ARTIFACT_NAME", "BINARY_HEADS", "CommentModel", "CommentScores", "Head", "artifact_dir", "default_model"]

ARTIFACT_NAME = "comments-v3"
BINARY_HEADS = ("toxic", "identity_attack", "antisemitism", "violence")


@dataclass
class CommentScores:
    scores: dict[str, float]
    group_scores: dict[str, float]
    hate_form: dict[str, float]


class CommentScorer(Protocol):
    """What moderation needs of a model: scores per comment, and the words behind a head's score."""

    def predict(self, texts: list[str]) -> list[CommentScores]: ...

    def explain(self, text: str, head: str, label: str | None = None) -> tuple[list[WordToken], np.ndarray]: ...


class CommentModel:
    """Featurizer plus heads, the heads' weights held once, stacked (see :class:`StackedWeights`)."""

    def __init__(self, featurizer: Featurizer, heads: dict[str, Head], meta: dict[str, Any] | None = None) -> None:
        self.featurizer = featurizer
        self.meta = meta or {}
        self.weights = StackedWeights.of(heads)

    @property
    def heads(self) -> dict[str, Head]:
        """Each head with its own weight matrix, rebuilt from the stacked weights (for saving and evaluation)."""
        return {name: self.weights.head(name) for name in self.weights.names}

    def predict(self, texts: list[str]) -> list[CommentScores]:
        if not texts:
            return []
        scores = self.weights.scores(self.featurizer.transform(texts))
        binary = {name: scores[name] for name in BINARY_HEADS if name in scores}
        group, form = scores.get("group"), scores.get("hate_form")
        out = []
        for i in range(len(texts)):
            out.append(
                CommentScores(
                    scores={name: float(values[i]) for name, values in binary.items()},
                    group_scores=self._by_class("group", group, i),
                    hate_form=self._by_class("hate_form", form, i),
                )
            )
        return out

    def _by_class(self, head: str, probs: np.ndarray | None, i: int) -> dict[str, float]:
        if probs is None:
            return {}
        return {label: float(p) for label, p in zip(self.weights.classes[head], probs[i], strict=True)}

    def explain(self, text: str, head: str, label: str | None = None) -> tuple[list[WordToken], np.ndarray]:
        """Per-token contributions to a head's logit (for one class of a multi-class head)."""
        return self.featurizer.token_contributions(text, self.weights.row(head, label))

    # -- persistence ---------------------------------------------------------------------------
    def save(self, directory: Path, name: str = ARTIFACT_NAME) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        assert self.featurizer.idf is not None
        arrays["idf"] = self.featurizer.idf.astype(np.float16)
        heads = self.heads
        for head in heads.values():
            pack_head(head, arrays)
        npz_path = directory / f"{name}.npz"
        np.savez_compressed(npz_path, **arrays)  # type: ignore[arg-type]
        meta = {
            **self.meta,
            "artifact": name,
            "features": vars(self.featurizer.config),
            "heads": {h.name: list(h.classes) for h in heads.values()},
        }
        json_path = directory / f"{name}.json"
        json_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return npz_path, json_path

    @classmethod
    def load(cls, directory: Path, name: str = ARTIFACT_NAME) -> CommentModel:
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        config = FeatureConfig(**meta["features"])
        with np.load(directory / f"{name}.npz") as arrays:
            featurizer = Featurizer(config, idf=arrays["idf"].astype(np.float32))
            heads = {}
            for head_name, classes in meta["heads"].items():
                rows = 1 if len(classes) == 2 and head_name in BINARY_HEADS else len(classes)
                heads[head_name] = unpack_head(arrays, head_name, tuple(classes), rows, config.n_features)
        model = cls(featurizer, heads, meta)  # the heads' own matrices go once stacked
        del heads
        trim_heap()  # the float copies made while loading: about 10 MB otherwise kept for good
        return model


@cache
def default_model() -> CommentModel:
    """The shipped model, loaded once per process."""
    directory = artifact_dir()
    if not (directory / f"{ARTIFACT_NAME}.npz").exists():
        raise FileNotFoundError(
            f"comment model artifact {ARTIFACT_NAME} is missing from {directory}; run `make models`"
        )
    return CommentModel.load(directory)
