"""SemEval-2020 Task 11 scorer: hand-computed cases that a wrong implementation would fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.semeval_metrics import (
    TECHNIQUES,
    SISpan,
    TCSpan,
    TechniqueScore,
    group_si,
    main,
    merge_spans,
    parse_si_lines,
    parse_tc_lines,
    read_si_dir,
    read_si_labels,
    read_tc_labels,
    si_scores,
    tc_scores,
)

from .conftest import require_shared_data

approx = pytest.approx

# --------------------------------------------------------------------------------------------- SI


def test_si_partial_overlap_gives_partial_credit() -> None:
    # |[0,10) ∩ [5,15)| = 5: P = 5/10, R = 5/10.
    score = si_scores({"a": [(0, 10)]}, {"a": [(5, 15)]})
    assert (score.precision, score.recall, score.f1) == approx((0.5, 0.5, 0.5))


def test_si_exact_match_is_perfect() -> None:
    score = si_scores({"a": [(3, 9), (20, 25)]}, {"a": [(20, 25), (3, 9)]})
    assert (score.precision, score.recall, score.f1) == approx((1.0, 1.0, 1.0))


def test_si_one_prediction_covering_two_gold_spans() -> None:
    # pred [5,25) meets gold [0,10) on 5 chars and [20,30) on 5 chars.
    # P = (5/20 + 5/20) / 1 = 0.5; R = (5/10 + 5/10) / 2 = 0.5.
    score = si_scores({"a": [(0, 10), (20, 30)]}, {"a": [(5, 25)]})
    assert (score.precision, score.recall) == approx((0.5, 0.5))


def test_si_two_predictions_inside_one_gold_span() -> None:
    # P = (2/2 + 2/2) / 2 = 1; R = (2/10 + 2/10) / 1 = 0.4; F1 = 0.8 / 1.4.
    score = si_scores({"a": [(0, 10)]}, {"a": [(0, 2), (8, 10)]})
    assert (score.precision, score.recall, score.f1) == approx((1.0, 0.4, 0.8 / 1.4))


def test_si_overlapping_predictions_are_merged_first() -> None:
    # Unmerged, [0,6) and [4,10) would give R = (6/10 + 6/10) = 1.2; merged they are [0,10).
    score = si_scores({"a": [(0, 10)]}, {"a": [(0, 6), (4, 10)]})
    assert (score.precision, score.recall, score.f1) == approx((1.0, 1.0, 1.0))


def test_si_overlapping_gold_spans_are_merged_first() -> None:
    # Unmerged gold [0,10),[5,20) would give P = 10/20 + 15/20 = 1.25; merged it is [0,20).
    score = si_scores({"a": [(0, 10), (5, 20)]}, {"a": [(0, 20)]})
    assert (score.precision, score.recall, score.f1) == approx((1.0, 1.0, 1.0))


def test_si_merging_is_per_article() -> None:
    # The same offsets in two articles are two spans, not one merged span.
    score = si_scores({"a": [(0, 10)], "b": [(0, 10)]}, {"a": [(0, 10)], "b": [(0, 5)]})
    assert score.precision == approx(1.0)
    assert score.recall == approx((1.0 + 0.5) / 2)


def test_merge_spans_treats_spans_as_character_sets() -> None:
    assert merge_spans([(5, 9), (0, 5)]) == [(0, 5), (5, 9)]  # adjacent: no shared character
    assert merge_spans([(0, 6), (4, 10), (2, 3), (12, 14)]) == [(0, 10), (12, 14)]
    assert merge_spans([(0, 10), (0, 10)]) == [(0, 10)]
    with pytest.raises(ValueError, match="start < end"):
        merge_spans([(4, 4)])


def test_si_spans_in_different_articles_do_not_match() -> None:
    score = si_scores({"a": [(0, 10)]}, {"b": [(0, 10)]})
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_si_empty_prediction_set() -> None:
    assert si_scores({"a": [(0, 10)]}, {}) == si_scores({"a": [(0, 10)]}, {"a": []})
    score = si_scores({"a": [(0, 10)]}, {})
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_si_gold_article_missing_from_predictions_lowers_recall() -> None:
    # Article b has gold but no predictions: P = 1, R = (1 + 0) / 2, F1 = 2/3.
    score = si_scores({"a": [(0, 10)], "b": [(0, 10)]}, {"a": [(0, 10)]})
    assert (score.precision, score.recall, score.f1) == approx((1.0, 0.5, 2 / 3))


def test_si_predictions_in_articles_without_gold_lower_precision() -> None:
    score = si_scores({"a": [(0, 10)]}, {"a": [(0, 10)], "c": [(0, 4)]})
    assert (score.precision, score.recall) == approx((0.5, 1.0))


# --------------------------------------------------------------------------------------------- TC

LL, NC, DOUBT, FLAG = "Loaded_Language", "Name_Calling,Labeling", "Doubt", "Flag-Waving"


def test_tc_same_gold_span_with_two_techniques_matched_at_most_once_each() -> None:
    gold = [("a", LL, 0, 10), ("a", NC, 0, 10)]
    both = tc_scores(gold, [("a", NC, 0, 10), ("a", LL, 0, 10)])
    assert (both.precision, both.recall, both.micro_f1) == approx((1.0, 1.0, 1.0))
    # Predicting Loaded_Language twice matches the one Loaded_Language gold line once.
    twice = tc_scores(gold, [("a", LL, 0, 10), ("a", LL, 0, 10)])
    assert (twice.precision, twice.recall, twice.micro_f1) == approx((0.5, 0.5, 0.5))


def test_tc_micro_and_per_technique_scores() -> None:
    gold = [("a", LL, 0, 10), ("a", NC, 0, 10), ("a", DOUBT, 20, 30), ("b", FLAG, 5, 9)]
    pred = [
        ("a", LL, 0, 10),  # correct
        ("a", LL, 0, 10),  # duplicate: the LL gold line is already matched
        ("a", NC, 0, 10),  # correct
        ("a", DOUBT, 20, 31),  # offsets must match exactly
        ("b", DOUBT, 5, 9),  # wrong technique on a gold span
    ]
    score = tc_scores(gold, pred)
    # 2 correct of 5 predictions and 4 gold lines.
    assert (score.precision, score.recall) == approx((0.4, 0.5))
    assert score.micro_f1 == approx(2 * 0.4 * 0.5 / 0.9)

    per = score.per_technique
    assert list(per)[: len(TECHNIQUES)] == list(TECHNIQUES)
    assert per[LL] == approx(TechniqueScore(0.5, 1.0, 2 / 3, 1))
    assert per[NC] == TechniqueScore(1.0, 1.0, 1.0, 1)
    assert per[DOUBT] == TechniqueScore(0.0, 0.0, 0.0, 1)  # 0 of 2 predictions, 0 of 1 gold
    assert per[FLAG] == TechniqueScore(0.0, 0.0, 0.0, 1)  # never predicted
    assert per["Slogans"] == TechniqueScore(0.0, 0.0, 0.0, 0)
    assert per[LL].support == 1 and per[LL][3] == 1


def test_tc_articles_must_match() -> None:
    score = tc_scores([("a", LL, 0, 10)], [("b", LL, 0, 10)])
    assert (score.precision, score.recall, score.micro_f1) == (0.0, 0.0, 0.0)


def test_tc_empty_predictions() -> None:
    score = tc_scores([("a", LL, 0, 10)], [])
    assert (score.precision, score.recall, score.micro_f1) == (0.0, 0.0, 0.0)
    assert score.per_technique[LL].support == 1


def test_tc_unknown_technique_is_reported_after_the_known_ones() -> None:
    score = tc_scores([("a", LL, 0, 10)], [("a", "Made_Up", 0, 10)])
    assert list(score.per_technique)[-1] == "Made_Up"
    assert score.per_technique["Made_Up"] == TechniqueScore(0.0, 0.0, 0.0, 0)


def test_techniques_constant() -> None:
    assert len(TECHNIQUES) == 14 and len(set(TECHNIQUES)) == 14
    assert "Whataboutism,Straw_Men,Red_Herring" in TECHNIQUES
    assert "Bandwagon,Reductio_ad_hitlerum" in TECHNIQUES


# ------------------------------------------------------------------------------------------ readers


def test_si_reader_keeps_string_ids_and_skips_blank_lines() -> None:
    spans = parse_si_lines(["0111\t3\t9\n", "\n", "   \n", "0111\t20\t25\r\n", "222\t0\t1"])
    assert spans == [SISpan("0111", 3, 9), SISpan("0111", 20, 25), SISpan("222", 0, 1)]
    assert group_si(spans) == {"0111": [(3, 9), (20, 25)], "222": [(0, 1)]}


def test_tc_reader_keeps_commas_in_technique_names() -> None:
    spans = parse_tc_lines(["111\tName_Calling,Labeling\t5\t9", "", "111\tDoubt\t1\t2"])
    assert spans == [TCSpan("111", NC, 5, 9), TCSpan("111", DOUBT, 1, 2)]


@pytest.mark.parametrize(
    "bad",
    ["111\t3", "111\t3\t9\t4", "111\tx\t9", "111\t9\t3", "111\t5\t5", "111\t-1\t3", "\t3\t9"],
)
def test_si_malformed_line_names_source_and_line(bad: str) -> None:
    with pytest.raises(ValueError, match=r"gold\.labels, line 3"):
        parse_si_lines(["111\t0\t5", "", bad], source="gold.labels")


def test_tc_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "pred.labels"
    path.write_text(f"111\t{LL}\t0\t5\n111\t0\t5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{path.name}, line 2: expected 4 tab-separated fields"):
        read_tc_labels(path)


def test_tc_unknown_technique_rejected_when_checking_names() -> None:
    lines = [f"111\t{LL}\t0\t5", "111\tLoaded_language\t0\t5"]
    assert len(parse_tc_lines(lines)) == 2
    with pytest.raises(ValueError, match="line 2: unknown technique 'Loaded_language'"):
        parse_tc_lines(lines, techniques=TECHNIQUES)


def test_readers_accept_files_directories_and_lines(tmp_path: Path) -> None:
    (tmp_path / "article2.task1-SI.labels").write_text("2\t0\t4\n", encoding="utf-8")
    (tmp_path / "article1.task1-SI.labels").write_text("1\t5\t9\n\n1\t10\t12\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a label file\n", encoding="utf-8")
    expected = [SISpan("1", 5, 9), SISpan("1", 10, 12), SISpan("2", 0, 4)]
    assert read_si_dir(tmp_path) == expected
    assert read_si_labels(tmp_path) == expected
    assert read_si_labels(str(tmp_path / "article2.task1-SI.labels")) == [SISpan("2", 0, 4)]
    assert read_si_labels(["2\t0\t4"]) == [SISpan("2", 0, 4)]


def test_directory_without_label_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"no \*\.labels files"):
        read_si_dir(tmp_path)


# ---------------------------------------------------------------------------------------------- CLI


def test_cli_si_and_tc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, pred = tmp_path / "gold.labels", tmp_path / "pred.labels"
    gold.write_text("a\t0\t10\n", encoding="utf-8")
    pred.write_text("a\t5\t15\n", encoding="utf-8")
    assert main(["si", str(gold), str(pred)]) == 0
    assert capsys.readouterr().out.splitlines() == ["precision\t0.500000", "recall\t0.500000", "f1\t0.500000"]

    gold.write_text(f"a\t{LL}\t0\t10\na\t{NC}\t0\t10\n", encoding="utf-8")
    pred.write_text(f"a\t{LL}\t0\t10\n", encoding="utf-8")
    assert main(["tc", str(gold), str(pred)]) == 0
    out = capsys.readouterr().out
    assert "micro_f1\t0.666667" in out and "precision\t1.000000" in out and "recall\t0.500000" in out
    assert f"{NC}\t0.000000\t0.000000\t0.000000\t1" in out


def test_cli_bad_input_exits_2_with_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, pred = tmp_path / "gold.labels", tmp_path / "pred.labels"
    gold.write_text("a\t0\t10\n", encoding="utf-8")
    pred.write_text("a\t0\t10\na\tfive\t15\n", encoding="utf-8")
    assert main(["si", str(gold), str(pred)]) == 2
    assert "pred.labels, line 2" in capsys.readouterr().err

    assert main(["si", str(gold), str(tmp_path / "missing.labels")]) == 2
    assert "no such file or directory" in capsys.readouterr().err

    pred.write_text("a\tLoaded language\t0\t10\n", encoding="utf-8")
    assert main(["tc", str(pred), str(pred)]) == 2
    assert "unknown technique" in capsys.readouterr().err


def test_cli_runs_as_module(tmp_path: Path) -> None:
    labels = tmp_path / "gold.labels"
    labels.write_text("a\t0\t10\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "benchmarks.semeval_metrics", "si", str(labels), str(labels)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "f1\t1.000000" in done.stdout
    bad = subprocess.run([*cmd[:4], "xx", str(labels), str(labels)], capture_output=True, text=True, check=False)
    assert bad.returncode == 2


# ------------------------------------------------------------------------------------------ real data


@pytest.mark.data
def test_real_si_gold_against_itself_scores_one() -> None:
    path = require_shared_data("ptc_semeval2020_task11", "train-task1-SI.labels")
    spans = read_si_labels(path)
    assert len(spans) == 5468
    gold = group_si(spans)
    score = si_scores(gold, gold)
    assert (score.precision, score.recall, score.f1) == approx((1.0, 1.0, 1.0))
    # The per-article directory holds the same labels.
    per_article = require_shared_data("ptc_semeval2020_task11", "train-labels-task1-span-identification")
    assert sorted(read_si_labels(per_article)) == sorted(spans)


@pytest.mark.data
def test_real_tc_gold_uses_exactly_the_14_techniques() -> None:
    path = require_shared_data("ptc_semeval2020_task11", "train-task2-TC.labels")
    spans = read_tc_labels(path, TECHNIQUES)  # raises on any misspelt name
    assert {s.technique for s in spans} == set(TECHNIQUES)
    score = tc_scores(spans, spans)
    assert score.micro_f1 == approx(1.0)
    assert sum(t.support for t in score.per_technique.values()) == len(spans) == 6129
