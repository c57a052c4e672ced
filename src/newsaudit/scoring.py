"""One verb for every model: ``score(texts, model=...)`` gives a table of probabilities, a row per text.

The stages read each model through its own method (comments per comment, check-worthiness per sentence,
slant per token of an article, voice per paragraph of a page), because each needs more than a score. A user
who wants the number for a column of texts, as in scikit-learn's ``predict_proba``, should not have to learn
four of them: each model here is wrapped as a :class:`Scorer` with ``labels`` and ``score(texts)``, and
:func:`score` picks one by name. The models are the ones the stages load (same artifacts, same blends); what a
stage adds on top is not here: moderation's lexicon rules and policy, which can raise a comment's score in the
report, and the claims stage's gate, which reads a sentence with MiniLM only where the hashed head gives it 0.1.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, cast

import numpy as np

from newsaudit.errors import RecordError

if TYPE_CHECKING:
    import pandas

    from newsaudit.models.checkworthy_model import CheckworthyModel
    from newsaudit.models.comment_model import CommentModel, CommentScorer
    from newsaudit.models.propaganda_model import PropagandaModel
    from newsaudit.models.voice_model import VoiceModel


@dataclass(frozen=True)
class Scores:
    """Probabilities in [0, 1]: ``values[i, j]`` is text ``i``'s score for ``labels[j]``.

    ``thresholds`` holds the model's own decision threshold for the labels that have one (chosen on its
    training folds, as the stages use it); comment labels have none, since moderation decides by policy.
    """

    model: str
    labels: tuple[str, ...]
    values: np.ndarray
    thresholds: dict[str, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, label: str) -> np.ndarray:
        """One label's column."""
        try:
            return self.values[:, self.labels.index(label)]
        except ValueError:
            raise KeyError(f"{self.model} scores have no label {label!r}; they have {', '.join(self.labels)}") from None

    def flags(self, label: str) -> np.ndarray:
        """``label``'s column at the model's own threshold (only for labels that have one)."""
        if label not in self.thresholds:
            raise KeyError(f"{self.model} has no decision threshold for {label!r}")
        return self[label] >= self.thresholds[label]

    def to_frame(self, index: Any = None) -> pandas.DataFrame:
        """The scores as a pandas DataFrame, a column per label (``index``: e.g. the input Series' index)."""
        import pandas as pd

        return pd.DataFrame(self.values, columns=list(self.labels), index=index)


class Scorer(Protocol):
    """A model read as a table of probabilities: what :func:`score` and :func:`scorer` hand out."""

    name: str

    @property
    def labels(self) -> tuple[str, ...]: ...

    @property
    def thresholds(self) -> dict[str, float]: ...

    def score(self, texts: Sequence[str]) -> Scores: ...


class CommentScorerTable:
    """Comments: the binary heads, then the target group and the form of hate as ``group=...`` and
    ``form=...`` columns (each group of columns sums to 1)."""

    name = "comments"

    def __init__(self, model: CommentScorer) -> None:
        from newsaudit.models.comment_model import BINARY_HEADS

        self.model = model
        # the n-gram heads name every column: a blend with the encoder scores the same keys (``_mix``)
        weights = cast("CommentModel", getattr(model, "ngram", model)).weights
        self._binary = tuple(name for name in BINARY_HEADS if name in weights.names)
        self._groups = weights.classes.get("group", ())
        self._forms = weights.classes.get("hate_form", ())

    @property
    def labels(self) -> tuple[str, ...]:
        return (*self._binary, *(f"group={g}" for g in self._groups), *(f"form={f}" for f in self._forms))

    @property
    def thresholds(self) -> dict[str, float]:
        return {}

    def score(self, texts: Sequence[str]) -> Scores:
        rows = [
            [*(s.scores[k] for k in self._binary), *(s.group_scores[g] for g in self._groups),
             *(s.hate_form[f] for f in self._forms)]
            for s in self.model.predict(list(texts))
        ]
        return _table(self, rows)


class CheckworthyScorer:
    """Sentences: P(check-worthy), the claims stage's model (MiniLM blend, or the hashed head alone)."""

    name = "checkworthy"
    labels = ("checkworthy",)

    def __init__(self, model: CheckworthyModel) -> None:
        self.model = model

    @property
    def thresholds(self) -> dict[str, float]:
        return {"checkworthy": self.model.threshold}

    def score(self, texts: Sequence[str]) -> Scores:
        return _table(self, self.model.scores(list(texts))[:, None] if texts else [])


class PropagandaScorer:
    """Passages: ``propaganda`` is the sentence head's highest P(a technique) over the passage's sentences;
    ``span`` the highest P(inside a span) over its tokens (booster or student, as the slant stage reads);
    each technique's column the best span's score for it (span probability × technique probability; 0 where
    no span is found)."""

    name = "propaganda"

    def __init__(self, model: PropagandaModel, boost: bool) -> None:
        self.model = model
        self.boost = boost and model.can_boost

    @property
    def labels(self) -> tuple[str, ...]:
        return ("propaganda", "span", *self.model.techniques)

    @property
    def thresholds(self) -> dict[str, float]:
        return {"span": self.model.span_threshold(self.boost)}

    def score(self, texts: Sequence[str]) -> Scores:
        from newsaudit.slant.view import view_of

        rows = []
        for text in texts:
            row = np.zeros(len(self.labels))
            view = view_of(text)
            if view.sentences:
                sentence = self.model.sentence_probabilities(view)
                tokens = self.model.token_probabilities(view, self.boost, sentence)
                row[0], row[1] = float(sentence.max()), float(tokens.max()) if len(tokens) else 0.0
                spans = self.model.spans(view, self.boost, sentence)
                if spans:
                    techniques = self.model.technique_probabilities(view, [(s, e) for s, e, _ in spans])
                    weights = np.array([p for _, _, p in spans])[:, None]
                    row[2:] = (weights * techniques).max(axis=0)
            rows.append(row)
        return _table(self, rows)


class VoiceScorer:
    """The paragraphs of one article, in page order: P(the page's own voice) per paragraph (the provenance
    stage's style model; a paragraph's style is read against the page's median, so pass one page at a time)."""

    name = "voice"
    labels = ("own_voice",)

    def __init__(self, model: VoiceModel) -> None:
        self.model = model

    @property
    def thresholds(self) -> dict[str, float]:
        return {"own_voice": self.model.threshold}

    def score(self, texts: Sequence[str]) -> Scores:
        from newsaudit.provenance.voice import page_features

        paragraphs = list(texts)
        return _table(self, self.model.scores(paragraphs, page_features(paragraphs))[:, None] if paragraphs else [])


def _table(scorer: Scorer, rows: Any) -> Scores:
    values = np.asarray(rows, dtype=float).reshape(-1, len(scorer.labels))
    return Scores(scorer.name, scorer.labels, values, scorer.thresholds)


#: model name -> what it scores, for ``--help`` texts and error messages
MODELS = {
    "comments": "comments: toxic, identity_attack, antisemitism, violence, target group, form of hate",
    "checkworthy": "sentences: check-worthy claims",
    "propaganda": "passages: propaganda sentence, span and technique scores",
    "voice": "the paragraphs of one article: the page's own voice against copied text",
}


def scorer(model: str = "comments", *, booster: bool | None = None, encoder: bool | None = None) -> Scorer:
    """The :class:`Scorer` for ``model`` (a name in :data:`MODELS`), loaded once per process.

    ``booster`` (slant and check-worthiness: MiniLM, else the student and the hashed head) and ``encoder``
    (comments: the fine-tuned encoder blended in) default, as :func:`newsaudit.audit` does, to on unless
    ``NEWSAUDIT_SLANT_BOOSTER=0`` or ``NEWSAUDIT_COMMENT_ENCODER=0``.
    """
    from newsaudit.settings import read_env

    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; the models are {', '.join(MODELS)}")
    env = read_env(os.environ)
    return _scorer(model, env.booster if booster is None else booster,
                   env.comment_encoder if encoder is None else encoder)


@cache
def _scorer(model: str, boost: bool, encoder: bool) -> Scorer:
    if model == "comments":
        from newsaudit.models.comment_encoder import default_scorer

        return CommentScorerTable(default_scorer(encoder))
    if model == "checkworthy":
        from newsaudit.models.checkworthy_model import default_checkworthy_model

        checkworthy = default_checkworthy_model()
        return CheckworthyScorer(checkworthy if boost or not checkworthy.needs_minilm else checkworthy.as_hashed())
    if model == "propaganda":
        from newsaudit.models.propaganda_model import default_model

        return PropagandaScorer(default_model(), boost)
    if model == "voice":
        from newsaudit.models.voice_model import default_voice_model

        return VoiceScorer(default_voice_model())
    raise AssertionError(model)


def score(texts: str | Iterable[str], model: str = "comments", *, booster: bool | None = None,
          encoder: bool | None = None) -> Scores:
    """Score ``texts`` (a string, or any iterable of them such as a pandas Series) with ``model``.

    >>> newsaudit.score(df["comment"], "comments").to_frame(df.index)["identity_attack"]
    >>> newsaudit.score(sentences, "checkworthy").flags("checkworthy")

    A text that is not a string (a missing cell, a number) raises :class:`~newsaudit.errors.RecordError`
    naming its position.
    """
    items = [texts] if isinstance(texts, str) else list(texts)
    for i, text in enumerate(items):
        if not isinstance(text, str):
            raise RecordError(i, f"not a text but {type(text).__name__} {text!r:.40}")
    return scorer(model, booster=booster, encoder=encoder).score(items)
