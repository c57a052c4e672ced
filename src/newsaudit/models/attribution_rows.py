"""The attribution tagger's features as rows of its weight table, for scoring without building their names.

``FeatureRows`` gives, token for token and name for name, the table rows of what ``paragraph_rows``
(``attribution_features.py``) names, so a :class:`WeightLookup` sums the very floats the hashed names give.
"""

from __future__ import annotations

import itertools
import operator
import threading

import numpy as np

from newsaudit.claims.rules import REPORTING_VERBS
from newsaudit.models.attribution_features import (
    PRONOUNS,
    TITLES,
    Paragraph,
    count_bucket,
    paragraph_rows,
    rate_bucket,
    word_shape,
)
from newsaudit.models.linear import WeightLookup
from newsaudit.slant.text import Token

_BUCKETS = ("0", "1", "2", "3", "4-5", "6-9", "10-19", "20+")
#: ``_BUCKETS.index(count_bucket(n))`` for n = 0..20 (every larger n is "20+").
_BUCKET_AT = np.array([_BUCKETS.index(count_bucket(n)) for n in range(21)], dtype=np.int64)
#: What a token's own word gives: the names ``paragraph_rows`` builds from a token's word (or from a neighbour's,
#: the same word under another prefix), in this order; the last three only words often a cue give.
_WORD_SLOTS = (
    "w", "sh", "p3", "s3", "w-1", "w+1", "w-2", "w+2", "sh-1", "sh+1", "s3-1", "s3+1", "cl-1", "cl+1", "cl+2",
    "lvw", "lvr", "rvw", "rvr", "ww-1", "ww+1", "cl", "clq", "cln",
)  # fmt: skip
_W = {name: k for k, name in enumerate(_WORD_SLOTS)}
_FLAGS = ("verb", "according", "to", "comma", "cap", "pron", "title", "that", "opens")
_F = {name: k for k, name in enumerate(_FLAGS)}
_PAIR_SHIFT = 31  # a pair of word ids in one int64 key


def _word_names(text: str, low: str, rate: float) -> list[str]:
    """The names of ``_WORD_SLOTS`` for a token ``text`` (lower-cased ``low``, cue rate ``rate``), but the last
    three: :func:`_cue_names`."""
    shape, s3 = word_shape(text), low[-3:]
    b = rate_bucket(rate) if rate else "0"
    return [
        "w=" + low, "sh=" + shape, "p3=" + low[:3], "s3=" + s3, "w-1=" + low, "w+1=" + low, "w-2=" + low,
        "w+2=" + low, "sh-1=" + shape, "sh+1=" + shape, "s3-1=" + s3, "s3+1=" + s3, "cl-1=" + b, "cl+1=" + b,
        "cl+2=" + b, "lvw=" + low, "lvr=" + b, "rvw=" + low, "rvr=" + b, "ww-1=<s>|" + low, "ww+1=" + low + "|</s>",
    ]  # fmt: skip


def _cue_names(rate: float) -> list[str]:
    """The last three ``_WORD_SLOTS`` of a word often a cue (``rate`` > 0; other words give none)."""
    b = rate_bucket(rate)
    return ["cl=" + b, "clq=" + b + "q", "clq=" + b + "n"]


_CUE_SLOTS = 3  # the slots only a word often a cue gives (``_cue_names``), last in ``_WORD_SLOTS``


def _word_flags(text: str, low: str, rate: float) -> list[bool]:
    return [
        low in REPORTING_VERBS or rate >= 0.3, low == "according", low == "to", text in {",", "—", "–", "("},
        text[:1].isupper(), low in PRONOUNS, low in TITLES, low == "that", text in '“"«‘',
    ]  # fmt: skip


class _Words:
    """One thread's words seen so far: each word's ``_WORD_SLOTS`` as rows of the weight table, its flags, and the
    word pairs seen."""

    def __init__(self, capacity: int) -> None:
        self.index: dict[str, int] = {}
        self.lows: list[str] = []
        self.slots = np.zeros((capacity, len(_WORD_SLOTS)), dtype=np.int32)
        self.flags = np.zeros((capacity, len(_FLAGS)), dtype=bool)
        self.pair_keys = np.zeros(0, dtype=np.int64)  # word pairs seen (a pair of word ids in one key), sorted
        self.pair_rows = np.zeros((0, 2), dtype=np.int32)  # table rows of their "ww-1=a|b" and "ww+1=a|b"


class FeatureRows:
    """``paragraph_rows``' features of each token as rows of a :class:`WeightLookup`'s table, for scoring.

    Why: building some 45 names a token and hashing each was most of the tagger's cost. A feature read off a
    word (its own, or a neighbour's under another prefix) is hashed once per distinct word and kept; a word pair
    once per distinct pair; the rest come from a few dozen fixed names, picked per token with NumPy. The rows
    come out name for name in ``paragraph_rows``' order, so the sums are the very floats the names give. Each
    thread keeps its own words (batch workers share one model); at ``max_words`` they start again.
    """

    def __init__(self, lookup: WeightLookup, lexicon: dict[str, float], max_words: int = 1 << 15) -> None:
        self.lookup = lookup
        self.lexicon = lexicon
        self.max_words = min(max_words, 1 << _PAIR_SHIFT)
        self._local = threading.local()
        names, shapes = _fixed_names()
        rows = lookup.table_rows(names)
        self.fixed: dict[str, np.ndarray] = {}
        at = 0
        for key, shape in shapes.items():
            size = int(np.prod(shape))
            self.fixed[key] = rows[at : at + size].reshape(shape)
            at += size
        # what a neighbour's slots hold where there is none: "w-1=<s>" ... at a paragraph's start, "w+1=</s>" ... at
        # its end (the other slots of these rows are never read)
        self.edges = np.zeros((2, len(_WORD_SLOTS)), dtype=np.int32)
        for slot in ("w-1", "w-2", "sh-1", "s3-1", "cl-1"):
            self.edges[0, _W[slot]] = self.fixed[slot + "=<s>"]
        for slot in ("w+1", "w+2", "sh+1", "s3+1", "cl+1", "cl+2"):
            self.edges[1, _W[slot]] = self.fixed[slot + "=</s>"]

    def _words(self, tokens: list[Token]) -> tuple[_Words, np.ndarray]:
        """This thread's words, with every token's word among them, and each token's word id."""
        words: _Words | None = getattr(self._local, "words", None)
        if words is None:
            words = self._local.words = _Words(1024)
        known = words.index.get
        ids = [known(t.text, -1) for t in tokens]
        if -1 in ids:
            new = {t.text: t.lower for t, i in zip(tokens, ids, strict=True) if i < 0}
            if len(words.index) + len(new) > self.max_words:
                words = self._local.words = _Words(1024)
                new = {t.text: t.lower for t in tokens}
            self._add(words, new)
            known = words.index.get
            ids = [known(t.text, -1) for t in tokens]
        return words, np.asarray(ids, dtype=np.int64)

    def _add(self, words: _Words, new: dict[str, str]) -> None:
        first = len(words.lows)
        need = first + len(new)
        if need > len(words.slots):
            size = max(need, 2 * len(words.slots))
            words.slots = np.resize(words.slots, (size, len(_WORD_SLOTS)))
            words.flags = np.resize(words.flags, (size, len(_FLAGS)))
        names: list[str] = []
        flags: list[list[bool]] = []
        cued: list[int] = []
        cue_names: list[str] = []
        for k, (text, low) in enumerate(new.items(), start=first):
            rate = self.lexicon.get(low, 0.0)
            names.extend(_word_names(text, low, rate))
            flags.append(_word_flags(text, low, rate))
            if rate:
                cued.append(k)
                cue_names.extend(_cue_names(rate))
            words.index[text] = k
            words.lows.append(low)
        plain = len(_WORD_SLOTS) - _CUE_SLOTS
        words.slots[first:need, :plain] = self.lookup.table_rows(names).reshape(len(new), plain)
        words.slots[first:need, plain:] = 0
        if cued:
            words.slots[cued, plain:] = self.lookup.table_rows(cue_names).reshape(len(cued), _CUE_SLOTS)
        words.flags[first:need] = flags

    def _pairs(self, words: _Words, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Table rows of "ww-1=a|b" and "ww+1=a|b" for each pair key (word ids a and b): a sorted search among the
        pairs seen (a dict of ints jumped about the memory more than the search does)."""
        if len(words.pair_keys) > 4 * self.max_words:
            words.pair_keys = np.zeros(0, dtype=np.int64)
            words.pair_rows = np.zeros((0, 2), dtype=np.int32)
        at = np.searchsorted(words.pair_keys, keys)
        seen = words.pair_keys[np.minimum(at, len(words.pair_keys) - 1)] == keys if len(words.pair_keys) else at < 0
        if not seen.all():
            missing = np.unique(keys[~seen])
            mask = (1 << _PAIR_SHIFT) - 1
            joined = [words.lows[key >> _PAIR_SHIFT] + "|" + words.lows[key & mask] for key in missing.tolist()]
            rows = self.lookup.table_rows(["ww-1=" + j for j in joined] + ["ww+1=" + j for j in joined])
            into = np.searchsorted(words.pair_keys, missing)
            words.pair_keys = np.insert(words.pair_keys, into, missing)
            words.pair_rows = np.insert(words.pair_rows, into, rows.reshape(2, -1).T, axis=0)
            at = np.searchsorted(words.pair_keys, keys)
        found = words.pair_rows[at]
        return found[:, 0], found[:, 1]

    def products(self, paras: list[Paragraph]) -> np.ndarray:
        """What ``lookup.products`` gives for the names of ``paragraph_rows(p, lexicon, k == 0)`` of each paragraph."""
        tokens = list(itertools.chain.from_iterable(p.tokens for p in paras))
        n = len(tokens)
        if not n:
            return np.zeros((0, self.lookup.n_classes))
        if not all(all(map(operator.le, p.sentence, p.sentence[1:])) for p in paras):
            # a paragraph whose sentences do not come in order (``paragraphs`` never makes one): the names
            rows = [row for k, p in enumerate(paras) for row in paragraph_rows(p, self.lexicon, k == 0)]
            return self.lookup.products([name for row in rows for name in row], [len(row) for row in rows])
        return self.lookup.slot_sums(self._slots(paras, tokens), n)

    def _slots(self, paras: list[Paragraph], tokens: list[Token]) -> list[np.ndarray]:
        """Every token's names as rows of the table (0: no such name), slot by slot in ``paragraph_rows``' order."""
        fx = self.fixed
        words, v = self._words(tokens)
        n = len(tokens)
        # each token's word, then two rows that stand for the start and the end of a paragraph
        word = np.vstack([words.slots[v], self.edges])
        flag = words.flags[v].T
        at = np.arange(n)
        lengths = np.array([len(p.tokens) for p in paras], dtype=np.int64)
        para = np.repeat(np.arange(len(paras)), lengths)
        p_start = np.repeat(np.cumsum(lengths) - lengths, lengths)
        p_end = np.repeat(np.cumsum(lengths), lengths)  # exclusive
        sent = np.concatenate([np.asarray(p.sentence, dtype=np.int64) for p in paras])
        quoted = np.concatenate([np.asarray(p.quoted, dtype=bool) for p in paras])
        q = quoted.astype(np.int64)
        has_p1, has_n1 = at > p_start, at + 1 < p_end
        has_p2, has_n2 = at > p_start + 1, at + 2 < p_end
        p1, n1 = np.maximum(at - 1, 0), np.minimum(at + 1, n - 1)
        # the words one and two places away, or the paragraph's edge
        before1, after1 = word[np.where(has_p1, at - 1, n)], word[np.where(has_n1, at + 1, n + 1)]
        before2, after2 = word[np.where(has_p2, at - 2, n)], word[np.where(has_n2, at + 2, n + 1)]
        # sentences within a paragraph ("runs": a paragraph's tokens of one sentence are contiguous)
        run_start = ~has_p1 | (sent != sent[p1])
        run_first = at[run_start]
        run = np.cumsum(run_start) - 1
        first = run_first[run]
        last = np.append(run_first[1:], n)[run] - 1
        verb = flag[_F["verb"]] | (flag[_F["according"]] & has_n1 & flag[_F["to"]][n1])
        cue = verb & ~quoted
        cued = (np.bincount(run, weights=cue, minlength=len(run_first)) > 0)[run]
        before = np.maximum.accumulate(np.where(cue, at, -1))
        left = np.where(has_p1, before[p1], -1)
        left = np.where(left >= first, left, -1)
        after = np.minimum.accumulate(np.where(cue, at, n)[::-1])[::-1]
        right = np.where(has_n1, after[n1], n)
        right = np.where(right <= last, right, -1)
        has_lv, has_rv = left >= 0, right >= 0
        lv, rv = np.maximum(left, 0), np.maximum(right, 0)
        commas = np.concatenate([[0], np.cumsum(flag[_F["comma"]])])
        that = np.concatenate([[0], np.cumsum(flag[_F["that"]] & has_lv)])
        cap = flag[_F["cap"]]
        lv_gap, rv_gap = _bucket_index(at - lv), _bucket_index(rv - at)
        lv_commas = _bucket_index(np.minimum(commas[at] - commas[np.minimum(lv + 1, n)], 3))
        rv_commas = _bucket_index(np.minimum(commas[rv] - commas[np.minimum(at + 1, n)], 3))
        pair_at = np.flatnonzero(has_n1)
        ww_m1, ww_p1 = word[:n, _W["ww-1"]].copy(), word[:n, _W["ww+1"]].copy()
        if len(pair_at):
            before_pair, after_pair = self._pairs(words, (v[pair_at] << _PAIR_SHIFT) | v[pair_at + 1])
            ww_m1[pair_at + 1] = before_pair
            ww_p1[pair_at] = after_pair
        return [
            fx["b"],
            word[:n, _W["w"]],
            word[:n, _W["sh"]],
            word[:n, _W["p3"]],
            word[:n, _W["s3"]],
            fx["q="][q],
            fx["pq"][flag[_F["opens"]][p_start].astype(np.int64), q],
            before1[:, _W["w-1"]],
            after1[:, _W["w+1"]],
            before2[:, _W["w-2"]],
            after2[:, _W["w+2"]],
            before1[:, _W["sh-1"]],
            after1[:, _W["sh+1"]],
            ww_m1,
            ww_p1,
            fx["q-1="][(has_p1 & quoted[p1]).astype(np.int64), q],
            fx["q+1="][q, (has_n1 & quoted[n1]).astype(np.int64)],
            fx["sf="][run_start.astype(np.int64)],
            fx["pos="][_bucket_index(at - first)],
            fx["rest="][_bucket_index(last - at)],
            fx["sc="][cued.astype(np.int64), q],
            before1[:, _W["s3-1"]],
            after1[:, _W["s3+1"]],
            before1[:, _W["cl-1"]],
            after1[:, _W["cl+1"]],
            after2[:, _W["cl+2"]],
            np.where(para == 0, fx["para0"][q], 0),
            np.where(cap & ((has_p1 & cap[p1]) | (has_n1 & cap[n1])), fx["caprun"], 0),
            word[:n, _W["cl"]],
            np.where(quoted, word[:n, _W["clq"]], word[:n, _W["cln"]]),
            np.where(verb, fx["rv"][q], 0),
            np.where(has_p1 & verb[p1], fx["rv-1"], 0),
            np.where(has_n1 & verb[n1], fx["rv+1"], 0),
            np.where(flag[_F["pron"]], fx["pron"], 0),
            np.where(flag[_F["title"]], fx["title"], 0),
            np.where(has_lv, fx["lv="][lv_gap], fx["lv=none"][q]),
            np.where(has_lv, word[lv, _W["lvw"]], 0),
            np.where(has_lv, fx["lvq="][q, lv_gap], 0),
            np.where(has_lv, fx["lvc="][lv_commas, q], 0),
            np.where(has_lv, word[lv, _W["lvr"]], 0),
            np.where(has_rv, fx["rv="][rv_gap], fx["rv=none"][q]),
            np.where(has_rv, word[rv, _W["rvw"]], 0),
            np.where(has_rv, fx["rvq="][q, rv_gap], 0),
            np.where(has_rv, fx["rvc="][rv_commas, q], 0),
            np.where(has_rv, word[rv, _W["rvr"]], 0),
            np.where(has_lv & has_rv, fx["between"], 0),
            np.where(has_lv & (that[at] > that[first]), fx["after-that"], 0),
        ]


def _bucket_index(n: np.ndarray) -> np.ndarray:
    """``_BUCKETS.index(count_bucket(n))`` of each n (n >= 0; values below 0 stand for masked-out tokens)."""
    return np.asarray(_BUCKET_AT[np.clip(n, 0, 20)])


def _fixed_names() -> tuple[list[str], dict[str, tuple[int, ...]]]:
    """The names no word gives, back to back, and the shape each kind of them is indexed by (q: 0 "n", 1 "q")."""
    qs, flags = ("n", "q"), ("False", "True")
    kinds: dict[str, list[str]] = {
        "b": ["b"],
        "q=": ["q=" + q for q in qs],
        "pq": [para + q for para in ("pn", "pq") for q in qs],
        "w-1=<s>": ["w-1=<s>"], "w+1=</s>": ["w+1=</s>"], "w-2=<s>": ["w-2=<s>"], "w+2=</s>": ["w+2=</s>"],
        "sh-1=<s>": ["sh-1=<s>"], "sh+1=</s>": ["sh+1=</s>"],
        "q-1=": ["q-1=" + a + b for a in qs for b in qs],
        "q+1=": ["q+1=" + a + b for a in qs for b in qs],
        "sf=": ["sf=" + f for f in flags],
        "pos=": ["pos=" + b for b in _BUCKETS],
        "rest=": ["rest=" + b for b in _BUCKETS],
        "sc=": ["sc=" + c + q for c in ("n", "y") for q in qs],
        "s3-1=<s>": ["s3-1=<s>"], "s3+1=</s>": ["s3+1=</s>"],
        "cl-1=<s>": ["cl-1=<s>"], "cl+1=</s>": ["cl+1=</s>"], "cl+2=</s>": ["cl+2=</s>"],
        "para0": ["para0" + q for q in qs],
        "caprun": ["caprun"],
        "rv": ["rv" + q for q in qs],
        "rv-1": ["rv-1"], "rv+1": ["rv+1"], "pron": ["pron"], "title": ["title"],
        "lv=": ["lv=" + b for b in _BUCKETS],
        "lvq=": ["lvq=" + q + b for q in qs for b in _BUCKETS],
        "lvc=": ["lvc=" + b + q for b in _BUCKETS[:4] for q in qs],
        "lv=none": ["lv=none" + q for q in qs],
        "rv=": ["rv=" + b for b in _BUCKETS],
        "rvq=": ["rvq=" + q + b for q in qs for b in _BUCKETS],
        "rvc=": ["rvc=" + b + q for b in _BUCKETS[:4] for q in qs],
        "rv=none": ["rv=none" + q for q in qs],
        "between": ["between"], "after-that": ["after-that"],
    }  # fmt: skip
    two_by = {"pq", "q-1=", "q+1=", "sc=", "lvq=", "rvq=", "lvc=", "rvc="}
    shapes: dict[str, tuple[int, ...]] = {}
    for key, names in kinds.items():
        half = len(names) // 2
        if key in two_by:
            shapes[key] = (half, 2) if key in {"lvc=", "rvc="} else (2, half)
        else:
            shapes[key] = (len(names),) if len(names) > 1 else ()
    return [name for names in kinds.values() for name in names], shapes
