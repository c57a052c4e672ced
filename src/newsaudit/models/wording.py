"""A line's wording as the packaged MiniLM reads it, folded into one score per subword and class.

The line check's word features know only the words its training pages used, and furniture on a new site is
worded afresh ("the dispatch lands in your inbox each Friday" where training saw "sign up for our newsletter").
A static embedding of the base all-MiniLM-L6-v2 (each subword run alone through the encoder, model2vec-style;
``training/static_subwords.py``) places a new wording near the seen ones. The check's logistic model reads the
mean of a line's subword vectors; being linear, its weights on those 384 numbers fold into one score per subword
and class, so the artifact holds a (vocab, classes) float16 table, not the embedding, and reading a line costs a
tokenization and the mean of a few rows. Without the MiniLM package (its tokenizer) the check reads no wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from newsaudit.models.minilm import default_tokenizer

#: Feature names the scores go by in a line's row (one per class; each weighs 1 for its own class only)
PREFIX = "wording:"
#: A line's subwords read (a line longer than this is prose, and its first subwords say what it is)
MAX_SUBWORDS = 128


@dataclass(frozen=True)
class WordingScores:
    """Per subword id, the score it adds to each class's logit (the mean over a line's subwords is added)."""

    classes: tuple[str, ...]
    #: (vocab, classes) float32
    table: np.ndarray
    tokenizer: Any = None

    def _tokenizer(self) -> Any:
        return self.tokenizer if self.tokenizer is not None else default_tokenizer()

    def features(self, texts: list[str]) -> list[dict[str, float]]:
        """One row of ``wording:<class>`` scores per text (empty rows for an empty text, and when the tokenizer is
        absent)."""
        tokenizer = self._tokenizer()
        if tokenizer is None or not texts:
            return [{} for _ in texts]
        means = mean_subword_rows(tokenizer, self.table, texts)
        return [{PREFIX + kind: float(value) for kind, value in zip(self.classes, row, strict=True)} if text else {}
                for text, row in zip(texts, means, strict=True)]

    def leaning_words(self, text: str, kind: str, story: str, k: int = 2) -> list[str]:
        """The words of ``text`` whose subwords push it from ``story`` towards ``kind`` most (for a reason)."""
        tokenizer = self._tokenizer()
        if tokenizer is None:
            return []
        encoding = tokenizer.encode(text, add_special_tokens=False)
        to, away = self.classes.index(kind), self.classes.index(story)
        push: dict[int, float] = {}
        for subword, word in zip(encoding.ids[:MAX_SUBWORDS], encoding.word_ids, strict=False):
            if word is not None:
                push[word] = push.get(word, 0.0) + float(self.table[subword, to] - self.table[subword, away])
        words: list[str] = []
        for word, value in sorted(push.items(), key=lambda item: -item[1]):
            if value <= 0 or len(words) == k:
                break
            start, end = encoding.word_to_chars(word)
            if text[start:end] not in words:
                words.append(text[start:end])
        return words


def mean_subword_rows(tokenizer: Any, table: np.ndarray, texts: list[str]) -> np.ndarray:
    """(texts, table columns): the mean of each text's first ``MAX_SUBWORDS`` subword rows of ``table`` (zeros for
    a text without subwords): the folded scores at run time, the 384-wide static vectors in training."""
    out = np.zeros((len(texts), table.shape[1]), np.float32)
    for i, encoding in enumerate(tokenizer.encode_batch(texts, add_special_tokens=False)):
        if encoding.ids:
            out[i] = table[encoding.ids[:MAX_SUBWORDS]].mean(axis=0)
    return out


def load_wording(raw: np.lib.npyio.NpzFile | dict[str, np.ndarray], classes: tuple[str, ...]) -> WordingScores:
    """The table an artifact holds (float16 on disk, float32 to add)."""
    return WordingScores(classes, np.asarray(raw["wording"], dtype=np.float32))
