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
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsaudit.models.linear import Head, artifact_dir, pack_head, unpack_head
from newsaudit.models.text_features import FeatureConfig, Featurizer, Token

__all__ = ["ARTIFACT_NAME", "BINARY_HEADS", "CommentModel", "CommentScores", "Head", "artifact_dir", "default_model"]

ARTIFACT_NAME = "comments-v1"
BINARY_HEADS = ("toxic", "identity_attack", "antisemitism", "violence")


@dataclass
class CommentScores:
    scores: dict[str, float]
    group_scores: dict[str, float]
    hate_form: dict[str, float]


@dataclass
class CommentModel:
    featurizer: Featurizer
    heads: dict[str, Head]
    meta: dict[str, Any] = field(default_factory=dict)
    _by_feature: sp.csr_matrix | None = field(default=None, repr=False, compare=False)

    def predict(self, texts: list[str]) -> list[CommentScores]:
        if not texts:
            return []
        scores = self._head_scores(self.featurizer.transform(texts))
        binary = {name: scores[name] for name in BINARY_HEADS if name in scores}
        group, form = scores.get("group"), scores.get("hate_form")
        out = []
        for i in range(len(texts)):
            out.append(
                CommentScores(
                    scores={name: float(values[i]) for name, values in binary.items()},
                    group_scores=_by_class(self.heads.get("group"), group, i),
                    hate_form=_by_class(self.heads.get("hate_form"), form, i),
                )
            )
        return out

    def _head_scores(self, x: sp.csr_matrix) -> dict[str, np.ndarray]:
        """Every head's scores from one product with all heads' weights stacked.

        The stacked (n_features, rows) weights are built once, like a single head's: one index over the
        hashed feature space for all six heads instead of one each (20 MB less held by the model). The
        product's columns are each head's ``x @ coef.T``, summed in the same order, so scores are the same.
        """
        if self._by_feature is None:
            self._by_feature = sp.vstack([h.coef for h in self.heads.values()], format="csr").T.tocsr()
        products = np.asarray((x @ self._by_feature).toarray())
        out: dict[str, np.ndarray] = {}
        first = 0
        for name, head in self.heads.items():
            rows = head.coef.shape[0]
            out[name] = head.probabilities(np.ascontiguousarray(products[:, first : first + rows]))
            first += rows
        return out

    def explain(self, text: str, head: str, label: str | None = None) -> tuple[list[Token], np.ndarray]:
        """Per-token contributions to a head's logit (for one class of a multi-class head)."""
        return self.featurizer.token_contributions(text, self.heads[head].row(label))

    # -- persistence ---------------------------------------------------------------------------
    def save(self, directory: Path, name: str = ARTIFACT_NAME) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        assert self.featurizer.idf is not None
        arrays["idf"] = self.featurizer.idf.astype(np.float16)
        for head in self.heads.values():
            pack_head(head, arrays)
        npz_path = directory / f"{name}.npz"
        np.savez_compressed(npz_path, **arrays)  # type: ignore[arg-type]
        meta = {
            **self.meta,
            "artifact": name,
            "features": vars(self.featurizer.config),
            "heads": {h.name: list(h.classes) for h in self.heads.values()},
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
        return cls(featurizer, heads, meta)


def _by_class(head: Head | None, probs: np.ndarray | None, i: int) -> dict[str, float]:
    if head is None or probs is None:
        return {}
    return {label: float(p) for label, p in zip(head.classes, probs[i], strict=True)}


@cache
def default_model() -> CommentModel:
    """The shipped model, loaded once per process."""
    directory = artifact_dir()
    if not (directory / f"{ARTIFACT_NAME}.npz").exists():
        raise FileNotFoundError(
            f"comment model artifact {ARTIFACT_NAME} is missing from {directory}; run `make models`"
        )
    return CommentModel.load(directory)
