"""Re-post generator and provenance metrics: exact gold, determinism, and hand-computed scores."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.provenance_corpus import (
    OPERATIONS,
    GoldError,
    Original,
    Repost,
    RepostConfig,
    check_gold,
    detokenize,
    distractors,
    load_originals,
    load_paraphrases,
    make_reposts,
    sentence_spans,
)
from benchmarks.provenance_metrics import PRF, MicroPRF, char_prf, merge_spans, recall_at_k

from .conftest import require_shared_data

approx = pytest.approx

# ------------------------------------------------------------------------------------- fixtures


def _article(topic: str, n: int, curly: bool) -> str:
    """``n`` paragraphs of two or three sentences, with quotes and dashes for the noise operations."""
    lq, rq = ("“", "”") if curly else ('"', '"')
    paragraphs = []
    for i in range(n):
        sentences = [
            f"The {topic} committee met on day {i + 1} to review the budget for the coming year.",
            f"Officials said the plan — first floated in {2000 + i} — would cost about {i + 3} million dollars.",
        ]
        if i % 2 == 0:
            sentences.append(
                f"{lq}We are not going to accept this,{rq} said Mr. Rivera, a {topic} spokesman, on day {i + 1}."
            )
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


ORIGINALS = [
    Original("polnear:a", "Harbor budget talks stall", _article("harbor", 8, curly=True), "polnear"),
    Original("polnear:b", "School board votes on plan", _article("school", 6, curly=False), "polnear"),
    Original("polnear:c", "Transit fares to rise", _article("transit", 7, curly=True), "polnear"),
    Original("ptc:1", "Water rights dispute", _article("water", 5, curly=False), "ptc"),
    Original(
        "ptc:2",
        "The elites are lying to you",
        "They have been lying to you for years about everything that matters to your family.\n\n"
        "Only a fool would still believe the corrupt establishment and its paid mouthpieces.\n\n"
        "Wake up before it is too late and the last of your freedoms are gone for good.",
        "ptc",
    ),
    Original("ptc:3", "Port deal signed", _article("port", 5, curly=True), "ptc"),
]
PARAPHRASES = [
    (f"The company said profit rose {i} percent in the quarter.", f"Quarterly profit was up {i} percent, it said.")
    for i in range(1, 30)
]
PAIRS = dict(PARAPHRASES)


@pytest.fixture(scope="module")
def corpus():
    return make_reposts(ORIGINALS, PARAPHRASES, 400, seed=7, n_distractors=3)


def _canonical(text: str) -> str:
    text = "".join(text.translate(str.maketrans("“”‘’", "\"\"''")).split())
    return re.sub(r"-+", "-", text.replace("—", "-").replace("–", "-"))


# ------------------------------------------------------------------------------------ generator


def test_same_seed_same_corpus_and_other_seed_differs() -> None:
    first = make_reposts(ORIGINALS, PARAPHRASES, 60, seed=3, n_distractors=2)
    second = make_reposts(ORIGINALS, PARAPHRASES, 60, seed=3, n_distractors=2)
    assert first == second
    other = make_reposts(ORIGINALS, PARAPHRASES, 60, seed=4)
    assert [r.text for r in other.reposts] != [r.text for r in first.reposts]


def test_opinion_pool_is_kept_out_of_the_archive(corpus) -> None:
    archived = {o.id for o in corpus.originals_for_archive}
    assert corpus.opinion_pool and set(corpus.opinion_pool).isdisjoint(archived)
    assert set(corpus.opinion_pool) <= {o.id for o in ORIGINALS if o.source == "ptc"}
    assert archived | set(corpus.opinion_pool) == {o.id for o in ORIGINALS}
    assert all(sid in archived for r in corpus.reposts for sid in r.source_ids)


def test_archive_text_is_the_original_plus_msrp_sentence1s_only(corpus) -> None:
    raw = {o.id: o.text for o in ORIGINALS}
    changed = 0
    for original in corpus.originals_for_archive:
        text = original.text
        if text != raw[original.id]:
            changed += 1
            for first in PAIRS:
                text = text.replace(f" {first}", "").replace(f"\n\n{first}", "")
        assert text == raw[original.id]
    assert changed  # rewording needs them


def test_every_operation_appears(corpus) -> None:
    seen = Counter(edit for repost in corpus.reposts for edit in repost.edits)
    assert set(seen) == set(OPERATIONS), set(OPERATIONS) - set(seen)
    exact = sum(1 for r in corpus.reposts if r.edits[0] == "exact")
    assert 0.05 * len(corpus.reposts) <= exact <= 0.2 * len(corpus.reposts)
    assert sum(len(r.source_ids) == 2 for r in corpus.reposts) == seen["merge_sources"]


def test_exact_copies_without_noise_are_the_archived_text(corpus) -> None:
    texts = corpus.archive_texts
    exact = [r for r in corpus.reposts if r.edits == ["exact"]]
    assert exact
    for repost in exact:
        assert repost.text == texts[repost.source_ids[0]]
        assert repost.inserted == repost.dropped == repost.reworded == []


def test_inserted_spans_slice_out_exactly_the_inserted_material(corpus) -> None:
    pool = {p for o in ORIGINALS if o.id in corpus.opinion_pool for p in o.text.split("\n\n")}
    archived = "\n\n".join(o.text for o in corpus.originals_for_archive)
    kinds: Counter[str] = Counter()
    for repost in corpus.reposts:
        assert len(repost.inserted) == len(repost.inserted_kinds)
        for (start, end), kind in zip(repost.inserted, repost.inserted_kinds, strict=True):
            piece = repost.text[start:end]
            kinds[kind] += 1
            assert piece == piece.strip() and piece
            if kind == "slant":
                assert piece in pool
            elif kind == "boilerplate":
                assert "\n" not in piece and piece not in archived
            else:
                assert kind == "comments"
                assert re.match(r"(\d+ thoughts on|\d+ Comments|Comments \(\d+\))", piece)
                assert piece.endswith("Post Comment") and "Leave a Reply" in piece
    assert set(kinds) == {"slant", "boilerplate", "comments"}


def test_reworded_spans_are_the_msrp_pairs(corpus) -> None:
    texts = corpus.archive_texts
    n = 0
    for repost in corpus.reposts:
        for page_start, page_end, sid, orig_start, orig_end in repost.reworded:
            first = texts[sid][orig_start:orig_end]
            assert PAIRS[first] == repost.text[page_start:page_end]
            n += 1
        assert bool(repost.reworded) == ("reword" in repost.edits)
    assert n > 20


def test_dropped_spans_slice_out_of_the_archived_text(corpus) -> None:
    texts = corpus.archive_texts
    for repost in corpus.reposts:
        page = _canonical(repost.text)
        for sid, start, end in repost.dropped:
            assert sid in repost.source_ids
            piece = texts[sid][start:end]
            assert piece and piece == piece.strip() and "\n\n" not in piece
            # Every fixture sentence is unique, so dropped text must not be on the page.
            assert _canonical(piece) not in page, (repost.id, piece)
        if not {"truncate", "drop_paragraphs", "quote_cut", "merge_sources"} & set(repost.edits):
            assert repost.dropped == [], repost.edits


def test_every_visible_character_is_inserted_copied_or_reworded(corpus) -> None:
    """A per-character re-check, independent of check_gold's span arithmetic."""
    texts = corpus.archive_texts
    for repost in corpus.reposts:
        owner = [""] * len(repost.text)
        spans = [(s, e, "insert") for s, e in repost.inserted]
        spans += [(r[0], r[1], "copy") for r in repost.copied] + [(r[0], r[1], "reword") for r in repost.reworded]
        for start, end, kind in spans:
            for i in range(start, end):
                assert owner[i] == "", (repost.id, i)
                owner[i] = kind
        assert all(owner[i] or ch.isspace() for i, ch in enumerate(repost.text))
        for page_start, page_end, sid, orig_start, orig_end in repost.copied:
            assert _canonical(repost.text[page_start:page_end]) == _canonical(texts[sid][orig_start:orig_end])
        for sid in repost.source_ids:
            used = [False] * len(texts[sid])
            rows = [(r[3], r[4]) for r in repost.copied + repost.reworded if r[2] == sid]
            for start, end in rows + [(d[1], d[2]) for d in repost.dropped if d[0] == sid]:
                for i in range(start, end):
                    assert not used[i]
                    used[i] = True
            assert all(used[i] or ch.isspace() for i, ch in enumerate(texts[sid]))


def test_check_gold_catches_a_missing_span(corpus) -> None:
    texts = corpus.archive_texts
    repost = next(r for r in corpus.reposts if r.inserted and r.dropped)
    check_gold(repost, texts)
    with pytest.raises(GoldError, match="unaccounted"):
        check_gold(replace(repost, inserted=repost.inserted[1:]), texts)
    with pytest.raises(GoldError, match="lost"):
        check_gold(replace(repost, dropped=repost.dropped[1:]), texts)


def test_config_switches_operations_off() -> None:
    config = RepostConfig(p_exact=1.0, p_noise=0.0)
    corpus = make_reposts(ORIGINALS, PARAPHRASES, 30, seed=1, config=config)
    assert all(r.edits == ["exact"] for r in corpus.reposts)
    off = {f: 0.0 for f in RepostConfig.__dataclass_fields__ if f.startswith("p_")}
    only_comments = RepostConfig(**{**off, "p_comments": 1.0})
    corpus = make_reposts(ORIGINALS, PARAPHRASES, 30, seed=1, config=only_comments)
    assert all(r.edits == ["comments"] and r.inserted_kinds == ["comments"] for r in corpus.reposts)


def test_without_paraphrases_nothing_is_reworded() -> None:
    corpus = make_reposts(ORIGINALS, [], 80, seed=2)
    assert not any(r.reworded for r in corpus.reposts)
    assert corpus.archive_texts == {o.id: o.text for o in ORIGINALS if o.id not in corpus.opinion_pool}


def test_distractors_splice_neighbours() -> None:
    made = distractors(ORIGINALS, 3, seed=0)
    assert made == distractors(ORIGINALS, 3, seed=0)
    assert len(made) == 3 and len({d.id for d in made}) == 3
    by_id = {o.id: o for o in ORIGINALS}
    for doc in made:
        assert doc.source == "splice"
        first, second = (by_id[i] for i in doc.id.removeprefix("splice:").split("|"))
        assert doc.text not in (first.text, second.text)
        assert doc.text.startswith(first.text.split("\n\n")[0]) and doc.text.endswith(second.text.split("\n\n")[-1])


def test_sentence_spans_skip_titles_and_initials() -> None:
    text = 'Mr. Rivera met U.S. officials. "No," he said. The end came at 5 p.m. Friday. Done!'
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == ["Mr. Rivera met U.S. officials.", '"No," he said.', "The end came at 5 p.m. Friday.", "Done!"]


# -------------------------------------------------------------------------------------- loaders


def test_load_originals_normalises_paragraphs(tmp_path: Path) -> None:
    words = " ".join(["word"] * 60)
    text_dir = tmp_path / "polnear" / "data" / "train" / "text"
    text_dir.mkdir(parents=True)
    (text_dir / "huff-post_x.txt").write_text(
        f"A Title\n\nFirst {words}.\xa0\nSecond {words}.\n\nThird starts here\nand wraps {words}.\n", encoding="utf-8"
    )
    (text_dir / "nyt_y.txt").write_text(
        f"NYT Title\n\nThe dek.\n\nABSTRACT.\n\nThe abstract.\n\nFULL TEXT.\n\nOne {words}.\n\nTwo {words}.\n\n"
        f"Three {words}.\n",
        encoding="utf-8",
    )
    (text_dir / "short.txt").write_text("Short\n\nOne.\n\nTwo.\n\nThree.\n", encoding="utf-8")
    ptc_dir = tmp_path / "ptc_semeval2020_task11" / "train-articles"
    ptc_dir.mkdir(parents=True)
    (ptc_dir / "article1.txt").write_text(f"PTC one\n\nS1 {words}.\nS2.\n\nS3 {words}.\n\nS4 {words}.\n", "utf-8")
    (ptc_dir / "article2.txt").write_text(f"PTC two\n\nL1 {words}.\nL2 {words}.\nL3 {words}.\n", "utf-8")
    (ptc_dir / "article3.txt").write_text(f"PTC dup\n\nL1 {words}.\nL2 {words}.\nL3 {words}.\n", "utf-8")
    originals = {o.id: o for o in load_originals(tmp_path)}
    assert sorted(originals) == ["polnear:huff-post_x", "polnear:nyt_y", "ptc:1", "ptc:2"]
    huff = originals["polnear:huff-post_x"]
    assert huff.title == "A Title" and huff.source == "polnear"
    assert huff.text == f"First {words}.\n\nSecond {words}.\n\nThird starts here and wraps {words}."
    assert originals["polnear:nyt_y"].text.startswith("One ")
    assert originals["ptc:1"].text == f"S1 {words}. S2.\n\nS3 {words}.\n\nS4 {words}."
    assert originals["ptc:2"].text.count("\n\n") == 2  # no blank lines: one paragraph per line


def test_load_paraphrases_reads_csv_quoting_and_keeps_positives(tmp_path: Path) -> None:
    folder = tmp_path / "msrp_paraphrase"
    folder.mkdir()
    (folder / "msr_paraphrase_train.txt").write_text(
        "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n"
        '1\t1\t2\t"He called it "" unfair "" , she said ."\tShe said he called it unfair .\r\n'
        "0\t3\t4\tNot this one .\tNor this .\r\n",
        encoding="utf-8",
    )
    assert load_paraphrases(tmp_path) == [('He called it "unfair", she said.', "She said he called it unfair.")]
    assert load_paraphrases(tmp_path, detokenized=False)[0][0] == 'He called it " unfair " , she said .'


def test_detokenize() -> None:
    assert (
        detokenize("Dominick 's sold it for $ 2.5 billion ( 10 % ) .") == "Dominick's sold it for $2.5 billion (10%)."
    )
    assert detokenize("I didn 't see Eugene O 'Neill , workers ' pay .") == "I didn't see Eugene O'Neill, workers' pay."


@pytest.mark.data
def test_real_data_loads_and_generates() -> None:
    root = require_shared_data("polnear").parent
    require_shared_data("ptc_semeval2020_task11")
    require_shared_data("msrp_paraphrase")
    originals = load_originals(root)
    counts = Counter(o.source for o in originals)
    assert counts["polnear"] > 800 and counts["ptc"] > 300
    assert len({o.text for o in originals}) == len(originals)
    assert all(o.text.count("\n\n") >= 2 and len(o.text.split()) >= 150 for o in originals)
    paraphrases = load_paraphrases(root)
    assert len(paraphrases) > 2500
    corpus = make_reposts(originals, paraphrases, 50, seed=0, n_distractors=5)  # gold checked inside
    assert len(corpus.reposts) == 50 and len(corpus.distractors) == 5
    assert all(isinstance(r, Repost) and r.text for r in corpus.reposts)


# -------------------------------------------------------------------------------------- metrics


def test_char_prf_perfect_and_disjoint() -> None:
    assert char_prf([(0, 10)], [(0, 10)]) == PRF(1.0, 1.0, 1.0, 10, 10, 10)
    disjoint = char_prf([(0, 10)], [(10, 20)])
    assert (disjoint.precision, disjoint.recall, disjoint.f1, disjoint.tp) == (0.0, 0.0, 0.0, 0)


def test_char_prf_partial_overlap_and_overlapping_spans_count_once() -> None:
    # gold 0-10, pred 5-20: tp 5, P = 5/15, R = 5/10, F1 = 2PR/(P+R) = 0.4
    score = char_prf([(0, 10)], [(5, 20)])
    assert (score.precision, score.recall, score.f1) == approx((1 / 3, 0.5, 0.4))
    # The same characters predicted twice (and an empty span) change nothing.
    assert char_prf([(0, 10)], [(5, 20), (5, 12), (7, 7)]) == score
    assert merge_spans([(5, 8), (0, 3), (3, 4), (9, 9), (6, 12)]) == [(0, 4), (5, 12)]


def test_char_prf_ignores_whitespace_when_given_the_text() -> None:
    text = "ab  cd\n\nef gh"
    # gold "ab  cd" (4 visible), pred "cd\n\nef" (4 visible): tp "cd" = 2 -> P = R = 0.5
    score = char_prf([(0, 6)], [(4, 10)], ignore_whitespace_text=text)
    assert (score.tp, score.n_gold, score.n_pred) == (2, 4, 4)
    assert score.f1 == approx(0.5)
    assert char_prf([(0, 6)], [(4, 10)]).n_pred == 6  # without the text every character counts
    assert char_prf([(2, 4)], [(6, 8)], ignore_whitespace_text=text) == PRF(1.0, 1.0, 1.0, 0, 0, 0)


def test_char_prf_empty_conventions() -> None:
    assert char_prf([], []) == PRF(1.0, 1.0, 1.0, 0, 0, 0)
    assert char_prf([(0, 5)], []) == PRF(1.0, 0.0, 0.0, 0, 5, 0)  # silence: nothing wrong, all missed
    assert char_prf([], [(0, 5)]) == PRF(0.0, 1.0, 0.0, 0, 0, 5)  # false alarm: nothing to miss


def test_micro_prf_sums_counts_over_documents() -> None:
    micro = MicroPRF()
    micro.add([(0, 10)], [(0, 10)])  # tp 10
    micro.add([(0, 10)], [(5, 20)])  # tp 5, gold 10, pred 15
    micro.add([], [])  # changes nothing
    micro.add([(0, 4)], [], text="a b c d e")  # gold "a b " -> 2 visible, missed
    result = micro.result()
    assert (result.tp, result.n_gold, result.n_pred) == (15, 22, 25)
    assert (result.precision, result.recall) == approx((15 / 25, 15 / 22))
    assert micro.n_docs == 4


def test_recall_at_k() -> None:
    ranked = [["a", "x", "b"], ["x", "y", "c"], ["d", "e"], ["m", "n"]]
    gold = [{"a"}, {"c"}, {"e", "d"}, set()]
    assert recall_at_k(ranked, gold, k=1) == approx((1 + 0 + 1) / 3)  # empty gold skipped
    assert recall_at_k(ranked, gold, k=2) == approx((1 + 0 + 1) / 3)
    assert recall_at_k(ranked, gold, k=3) == approx((1 + 1 + 1) / 3)
    assert recall_at_k([["d", "x"]], [{"d", "e"}], k=2) == 0.5  # two sources: both needed in the top 2
    assert recall_at_k([], []) == 0.0
    with pytest.raises(ValueError):
        recall_at_k([["a"]], [])
    with pytest.raises(ValueError):
        recall_at_k([["a"]], [{"a"}], k=0)
