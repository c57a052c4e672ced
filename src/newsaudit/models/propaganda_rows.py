"""The propaganda model's n-gram features as rows of its weight tables, for scoring without building their names.

Why: ``token_features`` names some twenty features a token and ``sentence_features`` a few more, about 16,000
strings a page to build and hash, and most are one word under a prefix ("w=", "p1=", "u=" ...). Here a word's
rows are hashed once and kept; the word pairs and triples of a page once per page; the rest (shape, place,
quotes, repetition) are a few dozen fixed names, picked per token with NumPy. The rows come out name for name
in the features' order, so a head sums the very floats its names give; only a sentence's content words
(``sw=``), a set, come in another order, which moves the last bits of a float.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import Counter
from dataclasses import dataclass

import numpy as np

from newsaudit.models.linear import WeightLookup
from newsaudit.slant.features import SHAPES, STOP, bucket, shape
from newsaudit.slant.lexicon import CUES, cue_features
from newsaudit.slant.text import Token
from newsaudit.slant.view import TextView

#: The most cues one word gives (``cue_features``): a word's cue slots, zero where it gives fewer.
_CUES = max(Counter(w for words in CUES.values() for w in words.split()).values())
#: What the span head reads of a token's own word, of its neighbours' ("p1=" ...) and of its sentence's ("sw=").
_SI_SLOTS = ("w=", "p1=", "p2=", "n1=", "n2=", "s3=", "sw=")
_SW = _SI_SLOTS.index("sw=")
_TOP = 35  # counts and places 0..34 have a name each ("pos=3" ...) and every larger one "...=35+"
_BITS = 21  # a word id in a key of a word pair or triple
_S, _E = 0, 1  # the ids of "<s>" and "</s>", the words before and after a sentence
_SHAPE_AT = {sh: k for k, sh in enumerate(SHAPES)}


def _up_to_top(name: str) -> list[str]:
    return [f"{name}={bucket(k)}" for k in range(_TOP)] + [f"{name}=35+"]


def _fixed_names() -> dict[str, dict[str, list[str]]]:
    """The names no word gives, per head and kind, indexed as :meth:`NgramRows.products` picks them."""
    return {
        "si": {
            "b": ["b"],
            "sh": [f"sh={sh}" for sh in SHAPES],
            "sh3": [f"sh3={a}|{b}" for a in ("^", *SHAPES) for b in SHAPES],  # (6, 5)
            "pos": _up_to_top("pos"),
            "rpos": _up_to_top("rpos"),
            "s!": ["s!"],
            "s?": ["s?"],
            "slen": _up_to_top("slen"),
            "q": ["q"],
            "rep": _up_to_top("rep"),  # counts 0 and 1 give none: masked where picked
        },
        "sentence": {"b": ["b"], "slen": _up_to_top("slen"), "rep": ["rep"], "shout": ["shout"]},
    }


class _Words:
    """One thread's words seen so far: each token text's word, shape and marks; each word's rows in both tables."""

    def __init__(self) -> None:
        self.texts: dict[str, int] = {}
        self.text_word = np.zeros(256, dtype=np.int64)
        self.text_shape = np.zeros(256, dtype=np.int64)
        self.text_marks = np.zeros((256, 3), dtype=bool)  # "!", "?", shouting (upper case, four letters or more)
        self.words: dict[str, int] = {}
        self.lows: list[str] = []
        self.si = np.zeros((256, len(_SI_SLOTS) + _CUES), dtype=np.int32)
        self.sentence = np.zeros((256, 1 + _CUES), dtype=np.int32)  # "u=", then the cues
        self.stop = np.zeros(256, dtype=bool)
        self.vector = np.zeros(256, dtype=np.int64)  # row in the word table (``vocabulary``), 0 where it has none


def _grow(array: np.ndarray, need: int) -> np.ndarray:
    if need <= len(array):
        return array
    grown = np.zeros((max(need, 2 * len(array)), *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


def distinct_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_inverse=True)``, for a page's few thousand keys in a third less time."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.empty(len(keys), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def _joined(keys: np.ndarray, parts: int, lows: list[str]) -> list[str]:
    """The words of each key of ``parts`` word ids (the first in the highest bits), joined by "|"."""
    mask, low = (1 << _BITS) - 1, lows.__getitem__
    columns = [map(low, ((keys >> (_BITS * (parts - 1 - k))) & mask).tolist()) for k in range(parts)]
    return list(map("|".join, zip(*columns, strict=True)))


@dataclass
class _Page:
    """A view's tokens as ids and rows, what both heads read."""

    word: np.ndarray  # per token: word id, then the same for the words one and two places before and after
    before1: np.ndarray
    before2: np.ndarray
    after1: np.ndarray
    after2: np.ndarray
    shape: np.ndarray  # per token: index in SHAPES
    quoted: np.ndarray
    sentence: np.ndarray  # per token: its sentence
    place: np.ndarray  # per token: its place in its sentence
    lengths: np.ndarray  # per sentence: tokens
    count: np.ndarray  # per token: how often its word occurs in the view (``view.counts``)
    marks: np.ndarray  # per sentence: any "!", any "?", any shouting
    pairs: np.ndarray  # per token: rows of (pw, wn) in the span head's table
    triples: np.ndarray  # per token: rows of (ppw, wnn) in the span head's table
    bigrams: np.ndarray  # per token: row of "bi=" (its word before and it) in the sentence head's table
    si: np.ndarray  # the thread's words' rows at the time (read-only here)
    sentence_rows: np.ndarray
    stop: np.ndarray
    vector: np.ndarray


class NgramRows:
    """The span head's (``token_features``) and the sentence head's (``sentence_features``) names as rows.

    Each thread keeps its own words (batch workers share one model); at ``max_words`` they start again. With a
    ``vocabulary`` (the student's word table), each word's row in it is kept too (:meth:`vector_rows`).
    """

    def __init__(
        self,
        si: WeightLookup,
        sentence: WeightLookup,
        vocabulary: dict[str, int] | None = None,
        max_words: int = 1 << 15,
    ) -> None:
        self.lookups = {"si": si, "sentence": sentence}
        self.vocabulary = vocabulary
        self.max_words = min(max_words, (1 << _BITS) - 2)
        self._local = threading.local()
        self.fixed: dict[str, dict[str, np.ndarray]] = {}
        for head, kinds in _fixed_names().items():
            names = [name for kind in kinds.values() for name in kind]
            rows = self.lookups[head].table_rows(names)
            self.fixed[head] = {}
            at = 0
            for key, kind in kinds.items():
                self.fixed[head][key] = rows[at : at + len(kind)]
                at += len(kind)
        self.fixed["si"]["sh3"] = self.fixed["si"]["sh3"].reshape(len(SHAPES) + 1, len(SHAPES))
        self.fixed["si"]["rep"][:2] = 0

    # -- the thread's words ------------------------------------------------------------------------------
    def _new_words(self) -> _Words:
        words = _Words()
        self._add_words(words, ["<s>", "</s>"])  # ids _S and _E
        self._local.words = words
        return words

    def _add_words(self, words: _Words, lows: list[str]) -> None:
        first = len(words.lows)
        need = first + len(lows)
        words.si = _grow(words.si, need)
        words.sentence = _grow(words.sentence, need)
        words.stop = _grow(words.stop, need)
        words.vector = _grow(words.vector, need)
        names: list[str] = []
        cue_at: list[tuple[int, int]] = []
        cue_names: list[str] = []
        for k, w in enumerate(lows, start=first):
            names += [f"w={w}", f"p1={w}", f"p2={w}", f"n1={w}", f"n2={w}", f"s3={w[-3:]}", f"sw={w}"]
            for slot, cue in enumerate(cue_features(w)):
                cue_at.append((k, slot))
                cue_names.append(cue)
            words.words[w] = k
            words.lows.append(w)
        plain = len(_SI_SLOTS)
        words.si[first:need, :plain] = self.lookups["si"].table_rows(names).reshape(len(lows), plain)
        words.si[first:need, plain:] = 0
        words.sentence[first:need, 0] = self.lookups["sentence"].table_rows([f"u={w}" for w in lows])
        words.sentence[first:need, 1:] = 0
        if cue_at:
            at = np.asarray(cue_at, dtype=np.int64)
            words.si[at[:, 0], plain + at[:, 1]] = self.lookups["si"].table_rows(cue_names)
            words.sentence[at[:, 0], 1 + at[:, 1]] = self.lookups["sentence"].table_rows(cue_names)
        words.stop[first:need] = [w in STOP for w in lows]
        if self.vocabulary is not None:
            words.vector[first:need] = [self.vocabulary.get(w, 0) for w in lows]

    def _add_texts(self, words: _Words, new: dict[str, str]) -> None:
        unseen = list(dict.fromkeys(low for low in new.values() if low not in words.words))
        if unseen:
            self._add_words(words, unseen)
        first = len(words.texts)
        need = first + len(new)
        words.text_word = _grow(words.text_word, need)
        words.text_shape = _grow(words.text_shape, need)
        words.text_marks = _grow(words.text_marks, need)
        for k, (text, low) in enumerate(new.items(), start=first):
            words.texts[text] = k
            words.text_word[k] = words.words[low]
            words.text_shape[k] = _SHAPE_AT[shape(text)]
            words.text_marks[k] = (text == "!", text == "?", text.isupper() and len(text) > 3)

    def _texts(self, tokens: list[Token]) -> tuple[_Words, np.ndarray]:
        """This thread's words, with every token's text among them, and each token's text id."""
        words: _Words | None = getattr(self._local, "words", None)
        if words is None:
            words = self._new_words()
        known = words.texts.get
        ids = [known(t.text, -1) for t in tokens]
        if -1 in ids:
            new = {t.text: t.lower for t, i in zip(tokens, ids, strict=True) if i < 0}
            if len(words.texts) + len(new) > self.max_words:
                words = self._new_words()
                new = {t.text: t.lower for t in tokens}
            self._add_texts(words, new)
            known = words.texts.get
            ids = [known(t.text, -1) for t in tokens]
        return words, np.asarray(ids, dtype=np.int64)

    # -- a page --------------------------------------------------------------------------------------------
    def page(self, view: TextView) -> _Page:
        """The view's ids and rows, kept for the next call with the same view (both heads read them)."""
        last = getattr(self._local, "page", None)
        if last is not None and last[0]() is view:
            page: _Page = last[1]
            return page
        page = self._page(view)
        self._local.page = (weakref.ref(view), page)
        return page

    def _page(self, view: TextView) -> _Page:
        sentences = view.sentences
        tokens = list(itertools.chain.from_iterable(s.tokens for s in sentences))
        words, text = self._texts(tokens)
        n, m = len(tokens), len(sentences)
        lengths = np.fromiter(map(len, (s.tokens for s in sentences)), dtype=np.int64, count=m)
        sentence = np.repeat(np.arange(m), lengths)
        starts = np.cumsum(lengths) - lengths
        place = np.arange(n) - starts[sentence]
        # the words of each sentence between two "<s>" and two "</s>", back to back
        padded = np.full(n + 4 * m, _S, dtype=np.int64)
        at = np.arange(n) + 4 * sentence + 2
        word = words.text_word[text]
        padded[at] = word
        ends = starts + 4 * np.arange(m) + 2 + lengths
        padded[ends] = padded[ends + 1] = _E
        # every two and three words in a row, each named once: a token reads the pairs that end ("pw=") and start
        # ("wn=") at it, the triples that end ("ppw=") and start ("wnn=") at it
        pairs, pair_of = distinct_keys((padded[:-1] << _BITS) | padded[1:])
        triples, triple_of = distinct_keys((padded[:-2] << 2 * _BITS) | (padded[1:-1] << _BITS) | padded[2:])
        joined, joined3 = _joined(pairs, 2, words.lows), _joined(triples, 3, words.lows)
        si, sent = self.lookups["si"], self.lookups["sentence"]
        pair_rows = si.table_rows([f"pw={j}" for j in joined] + [f"wn={j}" for j in joined]).reshape(2, -1)
        triple_rows = si.table_rows([f"ppw={j}" for j in joined3] + [f"wnn={j}" for j in joined3]).reshape(2, -1)
        bigram_rows = sent.table_rows([f"bi={j}" for j in joined])
        distinct, word_of = distinct_keys(word)
        counted = view.counts.get
        count = np.array([counted(w, 0) for w in map(words.lows.__getitem__, distinct.tolist())], dtype=np.int64)
        marked = (sentence[:, None] * 3 + np.arange(3))[words.text_marks[text]]
        marks = np.bincount(marked, minlength=3 * m).reshape(m, 3) > 0
        quoted = np.fromiter(itertools.chain.from_iterable(s.quoted for s in sentences), dtype=bool, count=n)
        return _Page(
            word, padded[at - 1], padded[at - 2], padded[at + 1], padded[at + 2], words.text_shape[text], quoted,
            sentence, place, lengths, count[word_of] if n else np.zeros(0, dtype=np.int64), marks,
            np.stack([pair_rows[0, pair_of[at - 1]], pair_rows[1, pair_of[at]]], axis=1),
            np.stack([triple_rows[0, triple_of[at - 2]], triple_rows[1, triple_of[at]]], axis=1),
            bigram_rows[pair_of[at - 1]], words.si, words.sentence, words.stop, words.vector,
        )  # fmt: skip

    def vector_rows(self, view: TextView) -> np.ndarray:
        """Each token's row in the word table: ``WordTable.rows`` of the tokens' lower-cased words."""
        if self.vocabulary is None:
            raise ValueError("these rows keep no vocabulary")
        p = self.page(view)
        return p.vector[p.word]

    # -- sums ----------------------------------------------------------------------------------------------
    def token_products(self, view: TextView) -> tuple[np.ndarray, np.ndarray]:
        """The span head's sums per token without the sentence's content words (``with_context=False``), and the
        sums of those per sentence (``sentence_context``); without the intercept."""
        p = self.page(view)
        fx, si, w = self.fixed["si"], p.si, p.word
        first = p.place == 0
        before_shape = np.where(first, 0, np.concatenate([[0], p.shape[:-1] + 1]))
        top = np.minimum
        slots: list[np.ndarray | int] = [
            int(fx["b"][0]),
            si[w, 0], si[p.before1, 1], si[p.before2, 2], si[p.after1, 3], si[p.after2, 4],
            p.pairs[:, 0], p.pairs[:, 1], p.triples[:, 0], p.triples[:, 1],
            fx["sh"][p.shape], fx["sh3"][before_shape, p.shape], si[w, 5],
            fx["pos"][top(p.place, _TOP)], fx["rpos"][top(p.lengths[p.sentence] - 1 - p.place, _TOP)],
            np.where(p.marks[p.sentence, 0], fx["s!"][0], 0), np.where(p.marks[p.sentence, 1], fx["s?"][0], 0),
            fx["slen"][top(p.lengths, _TOP)][p.sentence],
            np.where(p.quoted, fx["q"][0], 0),
            fx["rep"][top(p.count, _TOP)],
            *(si[w, len(_SI_SLOTS) + k] for k in range(_CUES)),
        ]  # fmt: skip
        lookup = self.lookups["si"]
        per_token = lookup.slot_sums(slots, len(w))
        # each sentence's distinct content words, once
        content = ~p.stop[w]
        keys = distinct_keys((p.sentence[content] << _BITS) | w[content])[0]
        per_sentence = lookup.sums(si[keys & ((1 << _BITS) - 1), _SW], keys >> _BITS, len(p.lengths))
        return per_token, per_sentence

    def sentence_products(self, view: TextView) -> np.ndarray:
        """The sentence head's sums per sentence (``sentence_features``), without the intercept: its names' rows in
        their order, each sentence's summed as one row."""
        p = self.page(view)
        fx, rows, w = self.fixed["sentence"], p.sentence_rows, p.word
        m = len(p.lengths)
        heads = np.stack([np.full(m, fx["b"][0]), fx["slen"][np.minimum(p.lengths, _TOP)]], axis=1)
        inner = p.place > 0
        per_token = np.column_stack([rows[w, 1:], np.where(p.count > 2, fx["rep"][0], 0)])
        ids = np.concatenate(
            [heads.ravel(), rows[w, 0], p.bigrams[inner], per_token.ravel(), np.where(p.marks[:, 2], fx["shout"][0], 0)]
        )
        of = np.concatenate(
            [np.repeat(np.arange(m), 2), p.sentence, p.sentence[inner], np.repeat(p.sentence, 1 + _CUES), np.arange(m)]
        )
        kept = ids != 0  # weightless names add zeros
        ids, of = ids[kept], of[kept]
        order = np.argsort(of, kind="stable")  # a sentence's names in ``sentence_features``' order
        return self.lookups["sentence"].sums(ids[order], of[order], m)
