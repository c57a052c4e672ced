"""The fast scoring paths give what the reference paths give (issue 17: speed without a change of output).

Each fast path replaces a slower one that training still uses (hashed CSR rows times the weights,
Viterbi one paragraph at a time, an ``any`` over every quote); these tests hold them to the same
numbers on texts with quotes, nested quotes, headlines and one-token paragraphs.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from newsaudit.anatomy.patterns import QUOTED
from newsaudit.claims import rules, speakers
from newsaudit.claims.rules import Quote, find_quotes
from newsaudit.models import attribution_model as am
from newsaudit.models import checkworthy_model as cw
from newsaudit.models import propaganda_model as pm
from newsaudit.models.hashing import word_ngrams
from newsaudit.models.linear import WeightLookup
from newsaudit.models.propaganda_rows import NgramRows, distinct_keys
from newsaudit.models.window_shares import WindowShares
from newsaudit.page import Page
from newsaudit.provenance import voice
from newsaudit.slant import features as sf
from newsaudit.slant.text import (
    _TOKEN,
    Covered,
    Token,
    TokenRun,
    clip_regions,
    quoted_regions,
    sentences,
    token_run,
    tokenize,
)
from newsaudit.slant.view import Sentence, TextView, view_of
from newsaudit.stages.claims import _Voices as _ClaimVoices

TEXTS = [
    "Syria warns U.S.\n\nMOSCOW (Reuters) - Russia's defence ministry said on Friday that “the so-called coalition "
    "is lying about everything it does, as always” and that it had killed 29 policemen. Konashenkov told reporters: "
    "\"We will never, ever accept this disgraceful, shameful lie.\" Critics say the corrupt elite hide the truth!",
    "Is this the end? They are traitors. Traitors! \"He said 'they knew all along' about it,\" the official added.",
    "One.\n\nA\n\n“An unclosed quote runs to the end of its paragraph, as quotes do in news copy\nAnd then prose.",
]


@pytest.fixture(scope="module")
def propaganda() -> pm.PropagandaModel:
    return pm.default_model()


@pytest.mark.parametrize("text", TEXTS)
def test_ngram_token_probabilities_equal_the_hashed_rows(propaganda: pm.PropagandaModel, text: str) -> None:
    view = view_of(text)
    reference = propaganda.heads["si"].scores(pm.hash_rows(pm.si_rows(view)))
    assert len(reference) == len(view.tokens) > 0
    np.testing.assert_allclose(propaganda.ngram_token_probabilities(view), reference, rtol=0, atol=1e-9)


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_and_technique_scores_equal_the_hashed_rows(propaganda: pm.PropagandaModel, text: str) -> None:
    view = view_of(text)
    reference = propaganda.heads["sentence"].scores(pm.hash_rows(pm.sentence_rows(view)))
    np.testing.assert_allclose(propaganda.sentence_probabilities(view), reference, rtol=0, atol=1e-9)
    spans = [(s.start, s.end) for s in view.sentences]
    reference = propaganda.heads["tc"].scores(pm.hash_rows(pm.tc_rows(view, spans)))
    fast = propaganda.technique_probabilities(view, spans)
    assert fast.shape == (len(spans), len(propaganda.techniques))
    np.testing.assert_allclose(fast, reference, rtol=0, atol=1e-9)


@pytest.mark.parametrize("text", TEXTS)
def test_attribution_probabilities_equal_the_hashed_rows(text: str) -> None:
    model = am.default_model()
    paras = am.paragraphs(text)
    x = am.hash_paragraphs(paras, model.lexicon)
    np.testing.assert_allclose(model.paragraph_probabilities(paras), model.tag_probabilities(x), rtol=0, atol=1e-9)


def _viterbi(log_probs: np.ndarray, transitions: np.ndarray) -> list[int]:
    """Textbook Viterbi for one paragraph (what the tagger decoded with before ``viterbi_many``)."""
    n, k = log_probs.shape
    if n == 0:
        return []
    score = transitions[k] + log_probs[0]
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + transitions[:k]
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + log_probs[t]
    path = [int(np.argmax(score))]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def test_viterbi_many_equals_one_paragraph_at_a_time() -> None:
    rng = np.random.default_rng(7)
    transitions = am.default_model().decode_matrix()
    lengths = [0, 1, 1, 2, 5, 40, 0, 17, 3, 90, 1]
    log_probs = [np.log(rng.dirichlet(np.ones(len(am.TAGS)), size=n)) for n in lengths]
    batched = am.viterbi_many(log_probs, transitions)
    assert [len(path) for path in batched] == lengths
    assert batched == [_viterbi(lp, transitions) for lp in log_probs]


def test_quote_flags_follow_nested_and_overlapping_quotes() -> None:
    text = TEXTS[1] + " “Outer words here, \"inner words are here too\" and the outer goes on” said she."
    regions = quoted_regions(text)
    assert any(a < c < b for a, b in regions for c, _ in regions)  # the text really nests one quote in another
    view = view_of(text)
    for sentence in view.sentences:
        assert sentence.quoted == [any(a <= t.start < b for a, b in regions) for t in sentence.tokens]


def test_covered_positions_match_a_scan_of_every_span() -> None:
    spans = [(5, 9), (7, 20), (30, 31), (40, 60), (45, 50)]
    covered = Covered(spans)
    for pos in range(-1, 70):
        assert covered.covers(pos) == any(a <= pos < b for a, b in spans), pos


def test_tokens_compare_by_offsets_and_text_and_read_lower_case() -> None:
    first, second = tokenize("Don’t  Stop"), tokenize("Don’t  Stop")
    assert first == second and len({*first, *second}) == 2
    assert [t.lower for t in first] == ["don't", "stop"]
    assert first[1] == Token(7, 11, "Stop") and first[1] != Token(7, 11, "stop") and first[1] != Token(6, 11, "Stop")


# -- the issue-17 fast paths of the page audit without the booster --------------------------------------------------
# Each is held to a plain reference (the code it replaced) on the texts above and the bundled example page.


@pytest.fixture(scope="module")
def pages(canonical_text: str) -> list[str]:
    return [*TEXTS, canonical_text, TEXTS[0].replace("\n", "  "), "“Quote” and ‘scare’ — “unclosed\n\n“reopened”"]


def _reference_paragraphs(text: str, start: int = 0, end: int | None = None) -> list[am.Paragraph]:
    """``attribution_model.paragraphs`` as it was: a bisect per token."""
    end = len(text) if end is None else end
    quoted = Covered([part for quote in find_quotes(text, start, end) for part in quote.parts])
    tokens = tokenize(text[start:end], start)
    s_starts = [a for a, _ in sentences(text, start, end)]
    line_breaks = [i for i in range(start, end) if text[i] == "\n"]
    out: list[am.Paragraph] = []
    current: list[Token] = []
    last_line = -1

    def close(tokens: list[Token]) -> am.Paragraph:
        sent = [bisect.bisect_right(s_starts, t.start) - 1 for t in tokens]
        return am.Paragraph(tokens, sent, [quoted.covers(t.start) for t in tokens])

    for token in tokens:
        line = bisect.bisect_left(line_breaks, token.start)
        if line != last_line and current:
            out.append(close(current))
            current = []
        last_line = line
        current.append(token)
    if current:
        out.append(close(current))
    return out


def _spans_of(text: str) -> list[tuple[int, int | None]]:
    return [(0, None), (3, len(text) // 2), (len(text) // 3, len(text)), (len(text) // 2, len(text) // 2 + 1)]


def test_paragraphs_equal_a_bisect_per_token(pages: list[str]) -> None:
    for text in pages:
        for start, end in _spans_of(text):
            fast, reference = am.paragraphs(text, start, end), _reference_paragraphs(text, start, end)
            assert [(p.tokens, p.sentence, p.quoted) for p in fast] == [
                (p.tokens, p.sentence, p.quoted) for p in reference
            ]


def test_feature_rows_sum_the_very_floats_of_the_feature_names(pages: list[str]) -> None:
    model = am.default_model()
    lookup = WeightLookup(model.head, am.N_FEATURES)
    # a small vocabulary, so that the words and pairs kept start again on the way
    rows = am.FeatureRows(lookup, model.lexicon, max_words=64)
    for text in [*pages, *pages]:
        for start, end in _spans_of(text):
            paras = am.paragraphs(text, start, end)
            names = [row for k, p in enumerate(paras) for row in am.paragraph_rows(p, model.lexicon, k == 0)]
            reference = lookup.products([name for row in names for name in row], [len(row) for row in names])
            assert np.array_equal(rows.products(paras), reference)


def test_feature_rows_of_sentences_out_of_order_are_the_names_summed() -> None:
    model = am.default_model()
    lookup = WeightLookup(model.head, am.N_FEATURES)
    paras = am.paragraphs(TEXTS[0])
    paras[1] = am.Paragraph(paras[1].tokens, paras[1].sentence[::-1], paras[1].quoted)
    names = [row for k, p in enumerate(paras) for row in am.paragraph_rows(p, model.lexicon, k == 0)]
    reference = lookup.products([name for row in names for name in row], [len(row) for row in names])
    assert np.array_equal(am.FeatureRows(lookup, model.lexicon).products(paras), reference)


def test_feature_rows_keep_words_per_thread(pages: list[str]) -> None:
    model = am.default_model()
    rows = am.FeatureRows(WeightLookup(model.head, am.N_FEATURES), model.lexicon, max_words=200)
    paras = [am.paragraphs(text) for text in pages]
    expected = [rows.products(p) for p in paras]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(3):
            got = list(pool.map(rows.products, paras * 4))
            assert all(np.array_equal(a, b) for a, b in zip(got, expected * 4, strict=True))


def test_weight_lookup_slot_sums_equal_the_names_summed_in_order() -> None:
    lookup = WeightLookup(am.default_model().head, am.N_FEATURES)
    rng = np.random.default_rng(3)
    slots = [rng.integers(0, len(lookup.table), size=40) for _ in range(9)]
    slots[4][:] = 0  # a slot no row has
    names_places = np.stack(slots, axis=1)
    reference = lookup.sums(names_places.ravel(), np.repeat(np.arange(40), 9), 40)
    assert np.array_equal(lookup.slot_sums([*slots[:3], 0, *slots[3:]], 40), reference)


def test_token_runs_cut_as_tokenize_does(pages: list[str]) -> None:
    for text in pages:
        run = TokenRun(text, 0, len(text))
        cuts = sorted({0, len(text), *range(0, len(text), 7), *(t.end - 1 for t in run.tokens[::5])})
        for start, end in itertools.pairwise(cuts):
            assert run.between(start, end) == tokenize(text[start:end], start), (start, end)
        for start, end in _spans_of(text):
            end = len(text) if end is None else end
            assert token_run(text, start, end).tokens == tokenize(text[start:end], start)


def test_view_tokens_equal_tokenizing_each_sentence(pages: list[str]) -> None:
    for text in pages:
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        for regions in ([(0, len(text))], lines, lines[::2], [(a + 1, b) for a, b in lines]):
            view = view_of(text, regions)
            expected = [
                (s, tokenize(text[s:e], s)) for a, b in regions for s, e in sentences(text, a, b)
                if tokenize(text[s:e], s)
            ]
            assert [(s.start, s.tokens) for s in view.sentences] == expected


def _reference_find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """``rules.find_quotes`` as it was: every character looked at."""
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    i = start
    parts: list[tuple[int, int]] = []
    opening = {"“": "”", "«": "»", '"': '"', "„": "“"}
    while i < end:
        ch = text[i]
        if ch in opening or (ch == "‘" and (i == start or not text[i - 1].isalnum())):
            para_end = text.find("\n", i, end)
            para_end = end if para_end < 0 else para_end
            close = rules._find_close(text, i + 1, para_end, opening.get(ch, "’"))
            if close is None:
                if ch in ('"', "‘"):
                    i += 1
                    continue
                parts.append((i, para_end))
                nxt = para_end
                while nxt < end and text[nxt].isspace():
                    nxt += 1
                if nxt < end and text[nxt] == ch:
                    i = nxt
                    continue
                quotes.append(Quote(parts[0][0], parts[-1][1], tuple(parts)))
                parts = []
                i = para_end
                continue
            parts.append((i, close + 1))
            quotes.append(Quote(parts[0][0], parts[-1][1], tuple(parts)))
            parts = []
            i = close + 1
            continue
        i += 1
    if parts:
        quotes.append(Quote(parts[0][0], parts[-1][1], tuple(parts)))
    return quotes


def test_quotes_skip_to_the_next_mark_as_a_scan_finds_them(pages: list[str]) -> None:
    for text in [*pages, "„Guten Tag“, sagte er. ‘Nested’ isn’t “open\n“still open”"]:
        for start, end in _spans_of(text):
            assert find_quotes(text, start, end) == _reference_find_quotes(text, start, end)


def _reference_clip(
    text: str, regions: list[tuple[int, int]], max_words: int
) -> tuple[list[tuple[int, int]], int, bool]:
    kept: list[tuple[int, int]] = []
    words = 0
    for start, end in regions:
        for match in re.finditer(r"\w+(?:['’\-]\w+)*", text[:end]):
            if match.start() < start:
                continue
            words += 1
            if words > max_words:
                if match.start() > start:
                    kept.append((start, match.start()))
                return kept, max_words, True
        kept.append((start, end))
    return kept, words, False


def test_clip_regions_counts_regions_at_once_and_cuts_word_by_word(canonical_text: str) -> None:
    regions = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", canonical_text)]
    for max_words in (0, 1, 7, 50, 200, 10_000):
        assert clip_regions(canonical_text, regions, max_words) == _reference_clip(canonical_text, regions, max_words)


def _reference_token_features(
    sentence: list[Token], quoted: list[bool], counts: Counter[str], with_context: bool = True
) -> list[list[str]]:
    """``slant.features.token_features`` as it was: every name built for every token."""
    low = [t.lower for t in sentence]
    n = len(low)
    padded = ["<s>", "<s>", *low, "</s>", "</s>"]
    marks = {t.text for t in sentence}
    flags = [*(["s!"] if "!" in marks else []), *(["s?"] if "?" in marks else []), "slen=" + sf.bucket(n)]
    context = sf.sentence_context(low) if with_context else []
    rows = []
    for i, token in enumerate(sentence):
        w = low[i]
        p1, p2, n1, n2 = padded[i + 1], padded[i], padded[i + 3], padded[i + 4]
        feats = [
            "b", f"w={w}", f"p1={p1}", f"p2={p2}", f"n1={n1}", f"n2={n2}", f"pw={p1}|{w}", f"wn={w}|{n1}",
            f"ppw={p2}|{p1}|{w}", f"wnn={w}|{n1}|{n2}", f"sh={sf.shape(token.text)}",
            f"sh3={sf.shape(sentence[i - 1].text) if i else '^'}|{sf.shape(token.text)}", f"s3={w[-3:]}",
            f"pos={sf.bucket(i)}", f"rpos={sf.bucket(n - 1 - i)}", *flags,
        ]  # fmt: skip
        if quoted[i]:
            feats.append("q")
        if counts.get(w, 0) > 1:
            feats.append("rep=" + sf.bucket(counts[w]))
        feats.extend(sf.cue_features(w))
        feats.extend(context)
        rows.append(feats)
    return rows


def test_token_features_equal_building_every_name(pages: list[str]) -> None:
    long_sentence = " ".join(["Traitors!"] * 30 + ["the"] * 20) + " Why?"
    for text in [*pages, long_sentence]:
        view = view_of(text)
        counts = view.counts + Counter({"traitors": 40})  # repetition past the last bucket
        for s in view.sentences:
            for context in (True, False):
                assert sf.token_features(s.tokens, s.quoted, counts, context) == _reference_token_features(
                    s.tokens, s.quoted, counts, context
                )


def _reference_shape_tokens(text: str) -> list[str]:
    tokens = cw._TOKEN.findall(text)
    out: list[str] = []
    for i, token in enumerate(tokens):
        low = token.lower()
        if cw._NUMBER.match(token):
            out.append("#year" if cw._YEAR.match(token) else "#num")
            if token.endswith("%"):
                out.append("#pct")
            if token.startswith("$"):
                out.append("#money")
        elif low in cw._PERCENT_WORDS:
            out.append("#pct")
        elif low in cw._MONEY_WORDS:
            out.append("#money")
        elif low in cw._COMPARATIVES or (low.endswith("est") and len(low) > 5):
            out.append("#cmp")
        elif token[:1].isupper() and i > 0 and token.isalpha() and low not in {"i", "i'm"}:
            out.append("#cap")
    out.append(f"#len{min(sum(1 for t in tokens if t[:1].isalnum()) // 5, 8)}")
    if text.rstrip().endswith("?"):
        out.append("#question")
    return out


def test_shape_tokens_equal_reading_each_token(pages: list[str]) -> None:
    odd = ["$5.5% of 2019 rose", "٣٤ people, ²³ fell", "I'm I Largest BIGGEST Paris", "Per cent? $", "Smartest"]
    for sentence in [*odd, *(text[a:b] for text in pages for a, b in sentences(text))]:
        assert cw.shape_tokens(sentence) == _reference_shape_tokens(sentence)


def test_word_ngrams_equal_joining_each_slice(canonical_text: str) -> None:
    for text in ("", "one", "Two words", canonical_text):
        for max_n in (1, 2, 3):
            words = re.findall(r"(?u)\b\w\w+\b", text.lower())
            grams = [" ".join(words[i : i + n]) for n in range(1, max_n + 1) for i in range(len(words) - n + 1)]
            assert word_ngrams(text, max_n) == grams


def test_words_in_quotes_found_by_bisect_equal_a_scan(canonical_text: str) -> None:
    for paragraph in [*canonical_text.split("\n"), "“a” b “c d” e \"f\" ‘twenty characters or more’ g"]:
        spans = [(m.start(), m.end()) for m in QUOTED.finditer(paragraph)]
        positions = list(range(-1, len(paragraph) + 2))
        assert voice._inside(spans, positions) == [any(s <= at < e for s, e in spans) for at in positions]


def test_speaker_mentions_found_with_find_equal_the_word_regex(canonical_text: str) -> None:
    texts = [canonical_text, "São Paulo's São, SãoPaulo _São São_ São", "U.S. officials; the U.S said. U.S"]
    words = ["Konashenkov", "Ryan", "São", "U.S", "S", "said", "", "_São", "."]
    for text in texts:
        for word in words:
            reference = [m.end() for m in re.finditer(rf"\b{re.escape(word)}\b", text)]
            assert speakers._word_ends(text, word) == reference, word


def test_capitalised_runs_found_after_the_last_other_character_equal_a_search_of_the_window(
    canonical_text: str,
) -> None:
    pattern = speakers._RUN_AT_END
    text = canonical_text + "\nThe Russian Defence Ministry\tSpokesman Igor Konashenkov. al-Assad X"
    for end in range(len(text) + 1):
        window = max(0, end - 200)
        match = pattern.search(text, window, end)
        reference = None
        if match is not None:
            start = speakers._bare_start(text, match.start(), end)
            reference = (start, text[start:end])
        assert speakers._run_ending_at(text, end) == reference, end


def test_claim_voices_sum_only_the_quotes_near_a_sentence(canonical_page: Page) -> None:
    text = canonical_page.text
    regions = canonical_page.article_regions()
    voices = _ClaimVoices(canonical_page, regions, [])
    voices.quotes.extend([(5, 400), (10, 20), (30, 31)])  # nested and overlapping quotes count each time
    voices.quotes.sort()
    voices._quote_starts = [a for a, _ in voices.quotes]
    voices._quote_reach = list(itertools.accumulate((b for _, b in voices.quotes), max))
    for start, end in [(s, e) for a, b in regions for s, e in sentences(text, a, b)] + [(0, 50), (15, 35)]:
        inside = sum(max(0, min(end, b) - max(start, a)) for a, b in voices.quotes)
        assert (voices.of_sentence(start, end).voice == "quoted") == (inside * 2 > end - start)


def test_tokenize_finds_each_token_where_the_pattern_matched(pages: list[str]) -> None:
    odd = "U.S.-led A.B. Test\u00a0don’t\tre-run \u200d 3.5% ‘x’ ’’ naïve ΑΣ.Β e.g. i.e.. ...?!"
    for text in [*pages, odd, "", "   ", "a"]:
        for offset in (0, 17):
            reference = [Token(m.start() + offset, m.end() + offset, m.group()) for m in _TOKEN.finditer(text)]
            assert tokenize(text, offset) == reference


def _views(pages: list[str]) -> list[TextView]:
    """Views of whole pages and of regions of them, and of a sentence past the last bucket of places."""
    long_sentence = " ".join(["Traitors!"] * 30 + ["the", "THE", "Shouting"] * 10) + " Why?"
    views = [view_of(long_sentence), view_of("")]
    for text in pages:
        views += [view_of(text), view_of(text, [(0, len(text) // 2), (len(text) // 2 + 1, len(text))])]
    views.append(TextView("a b", [*views[0].sentences[:1], Sentence(0, 0, [], [])], Counter(), []))
    return views


def test_ngram_rows_sum_the_very_floats_of_the_feature_names(propaganda: pm.PropagandaModel, pages: list[str]) -> None:
    si, sentence = propaganda.lookup("si"), propaganda.lookup("sentence")
    # a small vocabulary, so that the words kept start again on the way
    rows = NgramRows(si, sentence, propaganda.table.words if propaganda.table else None, max_words=40)
    for view in _views(pages) * 2:
        names = [row for s in view.sentences for row in sf.token_features(s.tokens, s.quoted, view.counts, False)]
        reference = si.products([n for row in names for n in row], [len(row) for row in names])
        per_token, per_sentence = rows.token_products(view)
        assert np.array_equal(per_token, reference)
        context = [sf.sentence_context([t.lower for t in s.tokens]) for s in view.sentences]
        reference = si.products([n for row in context for n in row], [len(row) for row in context])
        np.testing.assert_allclose(per_sentence, reference, rtol=0, atol=1e-12)  # a set's order: the last bits
        names = pm.sentence_rows(view)
        reference = sentence.products([n for row in names for n in row], [len(row) for row in names])
        assert np.array_equal(rows.sentence_products(view), reference)
        if propaganda.table is not None:
            lows = [t.lower for s in view.sentences for t in s.tokens]
            assert np.array_equal(rows.vector_rows(view), propaganda.table.rows(lows))


def test_ngram_rows_keep_words_per_thread(propaganda: pm.PropagandaModel, pages: list[str]) -> None:
    rows = NgramRows(propaganda.lookup("si"), propaganda.lookup("sentence"), max_words=300)
    views = _views(pages)
    expected = [rows.token_products(v)[0] for v in views]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(3):
            got = list(pool.map(lambda v: rows.token_products(v)[0], views * 4))
            assert all(np.array_equal(a, b) for a, b in zip(got, expected * 4, strict=True))


def test_distinct_keys_equal_numpy_unique() -> None:
    rng = np.random.default_rng(5)
    for size in (0, 1, 2, 50, 3000):
        keys = rng.integers(0, 1 << 60, size=size) if size < 100 else rng.integers(0, 300, size=size)
        values, inverse = distinct_keys(keys)
        reference = np.unique(keys, return_inverse=True)
        assert np.array_equal(values, reference[0]) and np.array_equal(inverse, reference[1].ravel())


def _reference_table_logits(
    booster: pm.Booster, matrix: np.ndarray, rows: np.ndarray, sentence_lengths: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """``Booster.table_logits`` as it was: each window position's products gathered into a float64 tile."""
    distinct, inverse = np.unique(rows, return_inverse=True)
    x = (matrix[distinct] - booster.lr.mean) / booster.lr.scale
    lr = (x @ booster.lr.layers[0][0] + booster.lr.layers[0][1]).reshape(-1)[inverse]
    (first, bias), *rest = booster.mlp.layers
    dim, width = x.shape[1], 2 * booster.window + 1
    n = len(rows)
    lengths = np.asarray(sentence_lengths, dtype=np.int64)
    sentence_of = np.repeat(np.arange(len(lengths)), lengths)
    hidden = np.tile(bias, (n, 1)).astype(np.float64)
    at = np.arange(n)
    for k in range(width):
        shifted = at + k - booster.window
        ok = (shifted >= 0) & (shifted < n)
        ok[ok] &= sentence_of[shifted[ok]] == sentence_of[ok]
        share = x @ first[k * dim : (k + 1) * dim]
        hidden[ok] += share[inverse[shifted[ok]]]
    for weights, b in rest:
        hidden = np.maximum(hidden, 0.0) @ weights + b
    return lr, np.asarray(hidden).reshape(-1)


def test_table_logits_equal_each_window_summed(propaganda: pm.PropagandaModel, pages: list[str]) -> None:
    if propaganda.student is None or propaganda.table is None:
        pytest.skip("the artifact ships no word-vector student")
    student, table = propaganda.student, propaganda.table
    booster = pm.Booster(student.lr, student.mlp, student.coef, student.intercept, student.threshold, student.window)
    booster._shares = WindowShares(table.matrix, student.mlp.layers[0][0], 2 * student.window + 1, max_words=60)
    cases = []
    for view in _views(pages):
        lows = [t.lower for s in view.sentences for t in s.tokens]
        cases.append((table.rows(lows), [len(s.tokens) for s in view.sentences]))
    known = next(iter(table.words))
    cases += [(table.rows([known]), [1]), (table.rows([known, "zzqx", known]), [2, 1]), (table.rows([]), [])]
    cases.append((np.array([len(table.words) - 1]), [1]))  # one word not kept yet: multiplied alone
    for rows, lengths in cases * 2:  # the second time with words kept, and past ``max_words``
        lr, mlp = booster.table_logits(table.matrix, rows, lengths)
        ref_lr, ref_mlp = _reference_table_logits(booster, table.matrix, rows, lengths)
        assert np.array_equal(lr, ref_lr)
        np.testing.assert_allclose(mlp, ref_mlp, rtol=0, atol=1e-9)


def test_window_shares_are_the_products_of_all_rows_at_once(propaganda: pm.PropagandaModel) -> None:
    """What keeping each word's products rests on: a row's float32 product does not depend on the other rows
    multiplied with it (a single row takes another path, which ``WindowShares`` never mixes with these)."""
    if propaganda.student is None or propaganda.table is None:
        pytest.skip("the artifact ships no word-vector student")
    student, matrix = propaganda.student, propaganda.table.matrix
    first = student.mlp.layers[0][0]
    x = (matrix - student.lr.mean) / student.lr.scale
    dim = x.shape[1]
    full = [x @ first[k * dim : (k + 1) * dim] for k in range(2 * student.window + 1)]
    rng = np.random.default_rng(11)
    shares = WindowShares(matrix, first, len(full), max_words=1 << 20)
    seen = np.zeros(0, dtype=np.int64)
    for size in (2, 3, 7, 16, 17, 300):
        rows = np.union1d(rng.choice(len(matrix), size, replace=False), seen[: size // 2])  # some kept already
        got = shares.shares(rows, x[rows])
        for k, product in enumerate(full):
            assert np.array_equal(got[:, k], product[rows])
        alone = shares.shares(rows[:1], x[rows[:1]])  # a page of one word: the product of one row, kept or not
        assert all(np.array_equal(alone[:, k], x[rows[:1]] @ first[k * dim : (k + 1) * dim]) for k in range(len(full)))
        seen = rows


def _reference_span_selections(tokens: list[Token], span: tuple[int, int], sentence: tuple[int, int]) -> tuple:
    """What ``span_features`` selected by scanning every token, before it bisected."""
    start, end = span
    inside = [t for t in tokens if t.start >= start and t.end <= end] or [
        t for t in tokens if t.start < end and t.end > start
    ]
    before = [t.lower for t in tokens if t.end <= start][-3:]
    after = [t.lower for t in tokens if t.start >= end][:3]
    in_sentence = [t for t in tokens if sentence[0] <= t.start < sentence[1]]
    return [t.lower for t in inside], before, after, len(in_sentence)


def test_span_features_bisect_to_the_tokens_a_scan_selects(pages: list[str]) -> None:
    for text in pages:
        view = view_of(text)
        tokens = view.tokens
        for sentence in view.sentences[:12]:
            # spans on token edges, inside tokens, across sentences, and empty of tokens
            edges = [t.start for t in sentence.tokens] + [t.end for t in sentence.tokens]
            spans = {(a, b) for a in edges[:4] for b in edges[-4:] if a < b}
            spans |= {(sentence.start + 1, sentence.start + 2), (sentence.end - 1, sentence.end + 40)}
            for span in sorted(spans):
                bounds = (sentence.start, sentence.end)
                low, before, after, n = _reference_span_selections(tokens, span, bounds)
                feats = sf.span_features(text, span, bounds, tokens, view.counts, 1, False)
                assert [f[2:] for f in feats if f.startswith("u=")] == low
                assert [f[4:] for f in feats if f.startswith("bef=")] == before
                assert [f[4:] for f in feats if f.startswith("aft=")] == after
                words = [w for w in low if w[0].isalnum()]
                assert f"cover={min(10, round(10 * len(low) / max(1, n)))}" in feats
                assert f"len={sf.bucket(len(words))}" in feats
                in_sentence = {t.lower for t in tokens if bounds[0] <= t.start < bounds[1]} - set(low)
                assert {f for f in feats if f.startswith("sw=")} == {f"sw={w}" for w in in_sentence if w not in sf.STOP}
