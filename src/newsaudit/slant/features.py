"""Features for span identification (per token) and technique classification (per span).

Feature names are plain strings hashed into a fixed space, as in the comment
model: no vocabulary to ship, and the same code builds training and
prediction rows.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Sequence

from newsaudit.slant.lexicon import cue_features
from newsaudit.slant.text import Token

_DIGIT = re.compile(r"\d")
STOP = frozenset(
    "the a an of to in and or for on at by with from as is was are were be been it its that this these those he she "
    "they we i you his her their our my your not but if so than then there which who whom what when where how".split()
)


@functools.lru_cache(maxsize=65536)
def shape(word: str) -> str:
    if _DIGIT.search(word):
        return "d"
    if not word[0].isalnum():
        return "p"
    if word.isupper() and len(word) > 1:
        return "X"
    if word[0].isupper():
        return "Xx"
    return "x"


def _bucket_of(n: int) -> str:
    for limit in (1, 2, 3, 5, 8, 13, 21, 34):
        if n <= limit:
            return str(limit)
    return "35+"


#: ``bucket`` of 0..34, looked up rather than computed: it is asked for twice per token.
_BUCKETS = tuple(_bucket_of(n) for n in range(35))


def bucket(n: int) -> str:
    """A count's bucket: the least of 1, 2, 3, 5, 8, 13, 21, 34 at or above it, else "35+"."""
    return _BUCKETS[n] if 0 <= n < len(_BUCKETS) else "35+"


def article_counts(tokens: Sequence[Token]) -> Counter[str]:
    """How often each content word occurs in the article (repetition is a technique)."""
    return Counter([t.lower for t in tokens if t.lower not in STOP and t.text[0].isalnum()])


def sentence_context(low: Sequence[str]) -> list[str]:
    """The sentence's content words, a feature of every one of its tokens (so a scorer may add them once)."""
    return [f"sw={w}" for w in set(low) if w not in STOP]


@functools.lru_cache(maxsize=1 << 16)
def _word_names(w: str) -> tuple[str, str, str, str, str, str]:
    """The names a lower-cased word gives its own token (``w=``, ``s3=``) and its neighbours (``p1=`` ... ``n2=``),
    built once per word: a page says most of its words many times."""
    return f"w={w}", f"p1={w}", f"p2={w}", f"n1={w}", f"n2={w}", f"s3={w[-3:]}"


SHAPES = ("d", "p", "X", "Xx", "x")  # what ``shape`` gives
_SHAPE_NAMES = {sh: f"sh={sh}" for sh in SHAPES}
_SHAPE_PAIRS = {(a, b): f"sh3={a}|{b}" for a in ("^", *SHAPES) for b in SHAPES}
_POSITIONS = tuple(f"pos={b}" for b in _BUCKETS)
_REMAINING = tuple(f"rpos={b}" for b in _BUCKETS)
_REPEATS = tuple(f"rep={b}" for b in _BUCKETS)


def token_features(
    sentence: Sequence[Token], quoted: Sequence[bool], counts: Counter[str], with_context: bool = True
) -> list[list[str]]:
    """One feature list per token of a sentence: the word, its neighbours, shape, place, quotes, repetition."""
    low = [t.lower for t in sentence]
    n = len(low)
    padded = ["<s>", "<s>", *low, "</s>", "</s>"]
    names = [_word_names(w) for w in padded]
    shapes = [shape(t.text) for t in sentence]
    flags = []
    text_marks = {t.text for t in sentence}
    if "!" in text_marks:
        flags.append("s!")
    if "?" in text_marks:
        flags.append("s?")
    flags.append("slen=" + bucket(n))
    context = sentence_context(low) if with_context else []
    rows = []
    for i in range(n):
        w = low[i]
        p1, p2, n1, n2 = padded[i + 1], padded[i], padded[i + 3], padded[i + 4]
        own = names[i + 2]
        feats = [
            "b",
            own[0],
            names[i + 1][1],
            names[i][2],
            names[i + 3][3],
            names[i + 4][4],
            f"pw={p1}|{w}",
            f"wn={w}|{n1}",
            f"ppw={p2}|{p1}|{w}",
            f"wnn={w}|{n1}|{n2}",
            _SHAPE_NAMES[shapes[i]],
            _SHAPE_PAIRS[shapes[i - 1] if i else "^", shapes[i]],
            own[5],
            _POSITIONS[i] if i < len(_POSITIONS) else "pos=35+",
            _REMAINING[n - 1 - i] if n - 1 - i < len(_REMAINING) else "rpos=35+",
            *flags,
        ]
        if quoted[i]:
            feats.append("q")
        count = counts.get(w, 0)
        if count > 1:
            feats.append(_REPEATS[count] if count < len(_REPEATS) else "rep=35+")
        feats.extend(cue_features(w))
        feats.extend(context)
        rows.append(feats)
    return rows


def span_features(
    text: str,
    span: tuple[int, int],
    sentence: tuple[int, int],
    tokens: Sequence[Token],
    counts: Counter[str],
    span_text_counts: int,
    quoted: bool,
) -> list[str]:
    """Features of one candidate span for technique classification."""
    start, end = span
    # ``tokens`` are in text order and do not overlap, so their starts and ends both rise: each selection below
    # is a slice found by bisection (the same tokens, in the same order, as a scan of them all)
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    inside = tokens[bisect.bisect_left(starts, start) : bisect.bisect_right(ends, end)]
    if not inside:  # no token wholly inside: those it overlaps
        inside = tokens[bisect.bisect_right(ends, start) : bisect.bisect_left(starts, end)]
    before = [t.lower for t in tokens[max(0, bisect.bisect_right(ends, start) - 3) : bisect.bisect_right(ends, start)]]
    after = [t.lower for t in tokens[bisect.bisect_left(starts, end) :][:3]]
    low = [t.lower for t in inside]
    words = [w for w in low if w[0].isalnum()]
    in_sentence = tokens[bisect.bisect_left(starts, sentence[0]) : bisect.bisect_left(starts, sentence[1])]
    sentence_len = max(1, len(in_sentence))
    feats = ["b", f"len={bucket(len(words))}", f"cover={min(10, round(10 * len(inside) / sentence_len))}"]
    feats += [f"u={w}" for w in low]
    feats += [f"bi={a}|{b}" for a, b in itertools.pairwise(low)]
    feats += [f"bef={w}" for w in before] + [f"aft={w}" for w in after]
    if before:
        feats.append(f"b1={before[-1]}")
    if after:
        feats.append(f"a1={after[0]}")
    sentence_words = {t.lower for t in in_sentence} - set(low)
    feats += [f"sw={w}" for w in sentence_words if w not in STOP]
    joined = " ".join(words)
    for n in (3, 4, 5):
        feats += [f"c{n}={joined[i : i + n]}" for i in range(max(0, len(joined) - n + 1))]
    feats.append("rep_span=" + bucket(span_text_counts))
    content = [w for w in words if w not in STOP]
    if content:
        feats.append("rep_max=" + bucket(max(counts.get(w, 0) for w in content)))
    if quoted:
        feats.append("quoted")
    raw = text[start:end]
    if raw.isupper() and len(raw) > 3:
        feats.append("upper")
    if "!" in raw:
        feats.append("bang")
    if "?" in raw:
        feats.append("quest")
    if raw[:1] in "\"“'‘":
        feats.append("open_quote")
    for w in low:
        feats.extend("span_" + f for f in cue_features(w))
    return feats


def sentence_features(sentence: Sequence[Token], counts: Counter[str]) -> list[str]:
    """Bag of words, bigrams and cues of one sentence, for the sentence-level propaganda score."""
    low = [t.lower for t in sentence]
    feats = ["b", "slen=" + bucket(len(low))]
    feats += [f"u={w}" for w in low]
    feats += [f"bi={a}|{b}" for a, b in itertools.pairwise(low)]
    for w in low:
        feats.extend(cue_features(w))
        if counts.get(w, 0) > 2:
            feats.append("rep")
    if any(t.text.isupper() and len(t.text) > 3 for t in sentence):
        feats.append("shout")
    return feats
