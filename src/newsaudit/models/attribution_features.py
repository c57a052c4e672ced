"""The attribution tagger's features: a text's paragraphs, and the hashed-feature names of each token.

``paragraph_rows`` names what the tagger reads of a token: its word and its neighbours', their shapes, quotes,
the place in the sentence, and the nearest reporting verb on either side. Training hashes the names
(``hash_paragraphs``); scoring reads the same features as rows of the weight table (``attribution_rows.py``).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from newsaudit.claims.rules import REPORTING_VERBS, quotes_in
from newsaudit.models.hashing import hash_strings
from newsaudit.slant.text import Covered, Token, sentence_spans, token_run

N_FEATURES = 2**19
TITLES = frozenset("mr mrs ms dr sen rep gov president secretary gen col sgt officer spokesman spokeswoman".split())
PRONOUNS = frozenset("he she they it we i you who his her their our my".split())


@dataclass
class Paragraph:
    """The tokens of one paragraph, and per token: sentence index, quote depth (0 outside quotes)."""

    tokens: list[Token]
    sentence: list[int]
    quoted: list[bool]


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Paragraph]:
    """Paragraphs (lines) of ``text[start:end]`` with their tokens, sentence indices and quote flags."""
    end = len(text) if end is None else end
    quoted = Covered([part for quote in quotes_in(text, start, end) for part in quote.parts])
    run = token_run(text, start, end)  # the rules read the same run next
    tokens = run.tokens
    if not tokens:
        return []
    # one sorted search per kind of boundary for all tokens at once (a bisect per token cost more than the tokens)
    starts = np.asarray(run.starts, dtype=np.int64)
    s_starts = np.asarray([a for a, _ in sentence_spans(text, start, end)], dtype=np.int64)
    line_breaks = np.fromiter((m.start() for m in _LINE_BREAK.finditer(text, start, end)), dtype=np.int64)
    line = np.searchsorted(line_breaks, starts, side="left")
    sentence = (np.searchsorted(s_starts, starts, side="right") - 1).tolist()
    flags = quoted.covers_many(starts).tolist()
    bounds = [0, *(np.flatnonzero(np.diff(line)) + 1).tolist(), len(tokens)]
    return [Paragraph(tokens[a:b], sentence[a:b], flags[a:b]) for a, b in itertools.pairwise(bounds)]


_LINE_BREAK = re.compile("\n")


@functools.lru_cache(maxsize=65536)
def word_shape(word: str) -> str:
    out: list[str] = []
    for ch in word[:6]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def count_bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 5:
        return "4-5"
    if n <= 9:
        return "6-9"
    if n <= 19:
        return "10-19"
    return "20+"


def rate_bucket(rate: float) -> str:
    return "7" if rate >= 0.7 else "5" if rate >= 0.5 else "3" if rate >= 0.3 else "1"


def cue_lexicon(words: list[str], cue: list[bool], min_count: int = 3, min_rate: float = 0.1) -> dict[str, float]:
    """Lower-cased words and how often they are (part of) a cue, among words seen ``min_count`` times or more."""
    seen: dict[str, int] = {}
    cued: dict[str, int] = {}
    for w, c in zip(words, cue, strict=True):
        seen[w] = seen.get(w, 0) + 1
        if c:
            cued[w] = cued.get(w, 0) + 1
    return {
        w: round(cued[w] / seen[w], 3) for w in sorted(cued) if seen[w] >= min_count and cued[w] / seen[w] >= min_rate
    }


def paragraph_rows(p: Paragraph, lexicon: dict[str, float] | None = None, first: bool = False) -> list[list[str]]:
    """Hashed-feature names of each token of a paragraph; ``lexicon`` holds the words often a cue in training,
    ``first`` says the paragraph opens the text (a headline, most often)."""
    toks = p.tokens
    n = len(toks)
    low = [t.lower for t in toks]
    lexicon = lexicon or {}
    rates = [lexicon.get(w, 0.0) for w in low]
    verbs = [
        w in REPORTING_VERBS or rates[i] >= 0.3 or (w == "according" and i + 1 < n and low[i + 1] == "to")
        for i, w in enumerate(low)
    ]
    sent_cued: dict[int, str] = {}
    for i in range(n):
        if verbs[i] and not p.quoted[i]:
            sent_cued[p.sentence[i]] = "y"
    shapes = [word_shape(t.text) for t in toks]
    rows: list[list[str]] = []
    # nearest reporting verb left/right within the sentence
    left_verb: list[int] = [-1] * n
    last = -1
    for i in range(n):
        if i and p.sentence[i] != p.sentence[i - 1]:
            last = -1
        left_verb[i] = last
        if verbs[i] and not p.quoted[i]:
            last = i
    right_verb: list[int] = [-1] * n
    nxt = -1
    for i in range(n - 1, -1, -1):
        if i < n - 1 and p.sentence[i] != p.sentence[i + 1]:
            nxt = -1
        right_verb[i] = nxt
        if verbs[i] and not p.quoted[i]:
            nxt = i
    sent_first = [i == 0 or p.sentence[i] != p.sentence[i - 1] for i in range(n)]
    sent_pos = [0] * n
    for i in range(1, n):
        sent_pos[i] = 0 if sent_first[i] else sent_pos[i - 1] + 1
    sent_len: dict[int, int] = {}
    for s in p.sentence:
        sent_len[s] = sent_len.get(s, 0) + 1
    para_quote = "pq" if n and toks[0].text in '“"«‘' else "pn"
    commas = [0] * (n + 1)  # commas before each token
    for i in range(n):
        commas[i + 1] = commas[i] + (toks[i].text in {",", "—", "–", "("})
    caps = [t.text[:1].isupper() for t in toks]
    suffixes = [w[-3:] for w in low]
    rate_b = [rate_bucket(r) if r else "0" for r in rates]
    seen_that = False
    for i in range(n):
        w = low[i]
        if sent_first[i]:
            seen_that = False
        q = "q" if p.quoted[i] else "n"
        row = [
            "b",
            "w=" + w,
            "sh=" + shapes[i],
            "p3=" + w[:3],
            "s3=" + w[-3:],
            "q=" + q,
            para_quote + q,
            "w-1=" + (low[i - 1] if i > 0 else "<s>"),
            "w+1=" + (low[i + 1] if i + 1 < n else "</s>"),
            "w-2=" + (low[i - 2] if i > 1 else "<s>"),
            "w+2=" + (low[i + 2] if i + 2 < n else "</s>"),
            "sh-1=" + (shapes[i - 1] if i > 0 else "<s>"),
            "sh+1=" + (shapes[i + 1] if i + 1 < n else "</s>"),
            "ww-1=" + (low[i - 1] if i > 0 else "<s>") + "|" + w,
            "ww+1=" + w + "|" + (low[i + 1] if i + 1 < n else "</s>"),
            "q-1=" + ("q" if i > 0 and p.quoted[i - 1] else "n") + q,
            "q+1=" + q + ("q" if i + 1 < n and p.quoted[i + 1] else "n"),
            "sf=" + str(sent_first[i]),
            "pos=" + count_bucket(sent_pos[i]),
            "rest=" + count_bucket(sent_len[p.sentence[i]] - sent_pos[i] - 1),
        ]
        row.append("sc=" + sent_cued.get(p.sentence[i], "n") + q)
        row.append("s3-1=" + (suffixes[i - 1] if i > 0 else "<s>"))
        row.append("s3+1=" + (suffixes[i + 1] if i + 1 < n else "</s>"))
        row.append("cl-1=" + (rate_b[i - 1] if i > 0 else "<s>"))
        row.append("cl+1=" + (rate_b[i + 1] if i + 1 < n else "</s>"))
        row.append("cl+2=" + (rate_b[i + 2] if i + 2 < n else "</s>"))
        if first:
            row.append("para0" + q)
        if caps[i] and ((i > 0 and caps[i - 1]) or (i + 1 < n and caps[i + 1])):
            row.append("caprun")
        if rates[i]:
            row.append("cl=" + rate_bucket(rates[i]))
            row.append("clq=" + rate_bucket(rates[i]) + q)
        if verbs[i]:
            row.append("rv" + q)
        if i > 0 and verbs[i - 1]:
            row.append("rv-1")
        if i + 1 < n and verbs[i + 1]:
            row.append("rv+1")
        if w in PRONOUNS:
            row.append("pron")
        if w in TITLES:
            row.append("title")
        lv, rv = left_verb[i], right_verb[i]
        if lv >= 0:
            row.append("lv=" + count_bucket(i - lv))
            row.append("lvw=" + low[lv])
            row.append("lvq=" + q + count_bucket(i - lv))
            row.append("lvc=" + count_bucket(min(commas[i] - commas[lv + 1], 3)) + q)
            row.append("lvr=" + rate_b[lv])
        else:
            row.append("lv=none" + q)
        if rv >= 0:
            row.append("rv=" + count_bucket(rv - i))
            row.append("rvw=" + low[rv])
            row.append("rvq=" + q + count_bucket(rv - i))
            row.append("rvc=" + count_bucket(min(commas[rv] - commas[i + 1], 3)) + q)
            row.append("rvr=" + rate_b[rv])
        else:
            row.append("rv=none" + q)
        if lv >= 0 and rv >= 0:
            row.append("between")
        if lv >= 0 and seen_that:
            row.append("after-that")
        if w == "that" and lv >= 0:
            seen_that = True
        rows.append(row)
    return rows


def hash_paragraphs(paras: list[Paragraph], lexicon: dict[str, float] | None = None) -> sp.csr_matrix:
    rows = [row for k, p in enumerate(paras) for row in paragraph_rows(p, lexicon, k == 0)]
    if not rows:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float64)
    return hash_strings(rows, N_FEATURES)
