"""Comment moderation on the canonical page, the decision logic, and `newsaudit comments score`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsaudit.models.comment_model import default_model
from newsaudit.moderation.moderate import ModerationConfig, Moderator, Thresholds
from newsaudit.moderation.records import BadRecord, CommentRecord, read_records, score_stream
from newsaudit.page import Page
from newsaudit.pipeline import audit
from newsaudit.report.json_report import to_json, validate

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsaudit" / "examples" / "syria-repost-with-comments.txt"


@pytest.fixture(scope="module")
def page() -> Page:
    return audit(EXAMPLE.read_text(encoding="utf-8"))


def _comment_starting(page: Page, prefix: str):  # type: ignore[no-untyped-def]
    for comment in page.comments:
        if page.text[comment.start : comment.end].lstrip().startswith(prefix):
            return comment
    raise AssertionError(f"no comment starts with {prefix!r}")


@pytest.mark.parametrize(
    ("prefix", "evidence"),
    [
        ("Its now totally obvious", "Run by Jews"),
        ("The funny thing about", "Khazaranian Mafia"),
        ("THANKS, for the Tip", "WHITE Jews FAKE"),
        ("Another and very disturbing book", "David Irving"),
    ],
)
def test_antisemitic_comments_are_rejected_with_jews_as_target(page: Page, prefix: str, evidence: str) -> None:
    comment = _comment_starting(page, prefix)
    moderation = comment.moderation
    assert moderation["decision"] == "reject", moderation["reasons"]
    assert "jews" in moderation["groups"]
    flags = [f for f in page.findings if f.kind == "comment_flag" and f.attrs["comment"] == comment.id]
    antisemitism = [f for f in flags if f.label == "antisemitism"]
    assert antisemitism, "an antisemitism flag with evidence"
    spans = [page.slice(f) for f in antisemitism]
    assert any(evidence.lower() in s.lower() or s.lower() in evidence.lower() for s in spans), spans
    for f in flags:
        assert comment.start <= f.start < f.end <= comment.end and f.reason


def test_benign_reply_is_allowed(page: Page) -> None:
    comment = _comment_starting(page, "Thank you Kenneth")
    assert comment.moderation["decision"] == "allow"
    assert not [f for f in page.findings if f.kind == "comment_flag" and f.attrs["comment"] == comment.id]


def test_video_promotion_is_scored_but_held_only_under_a_link_policy(page: Page) -> None:
    comment = _comment_starting(page, "@Shaplemau")
    assert comment.moderation["decision"] == "reject"  # for its antisemitism, not its video tip
    assert comment.moderation["scores"]["link_promotion"] == 1.0
    labels = {f.label for f in page.findings if f.kind == "comment_flag" and f.attrs["comment"] == comment.id}
    assert "link_promotion" not in labels
    text = page.text[comment.start : comment.end]
    held = Moderator(default_model(), ModerationConfig(links="hold")).moderate([text])[0]
    assert "link_promotion" in {f.label for f in held.flags}


def test_a_link_alone_holds_a_comment_only_under_the_hold_policy() -> None:
    text = "Great summary, the full video is here: https://www.youtube.com/watch?v=abc123 watch it"
    ignore = Moderator(default_model()).moderate([text])[0]
    hold = Moderator(default_model(), ModerationConfig(links="hold")).moderate([text])[0]
    assert ignore.decision == "allow" and ignore.scores["link_promotion"] >= 0.5
    assert hold.decision == "hold" and [f.label for f in hold.flags] == ["link_promotion"]
    with pytest.raises(ValueError, match="links must be one of"):
        ModerationConfig(links="reject")


def test_thread_summary_counts_every_comment(page: Page) -> None:
    summary = page.summary["comments"]
    assert summary["moderated"] == len(page.comments) == 7
    assert sum(summary["decisions"].values()) == 7
    assert summary["decisions"]["reject"] >= 4 and summary["decisions"]["allow"] >= 1
    assert summary["rejected_share"] == pytest.approx(summary["decisions"]["reject"] / 7, abs=1e-4)
    assert summary["groups_targeted"]["jews"] >= 4
    decisions = [f for f in page.findings if f.kind == "moderation"]
    flagged = summary["decisions"]["hold"] + summary["decisions"]["reject"]
    assert len(decisions) == flagged and all(f.label in {"hold", "reject"} for f in decisions)


def test_report_with_moderation_validates(page: Page) -> None:
    pytest.importorskip("jsonschema")
    validate(json.loads(to_json(page)))


def test_thresholds_come_from_config() -> None:
    strict = Thresholds(reject={"toxic": 0.0}, hold={})
    moderator = Moderator(default_model(), ModerationConfig(thresholds=strict, use_lexicon=False))
    assert moderator.moderate(["What a lovely day at the beach."])[0].decision == "reject"
    lenient = Thresholds(reject={}, hold={})
    moderator = Moderator(default_model(), ModerationConfig(thresholds=lenient, use_lexicon=False))
    assert moderator.moderate(["You filthy worthless idiot, go to hell"])[0].decision == "allow"


def test_plain_insult_is_toxic_but_not_antisemitic() -> None:
    result = Moderator(default_model()).moderate(["You are a stupid worthless idiot and a moron"])[0]
    assert result.scores["toxic"] > 0.7
    assert result.scores["antisemitism"] < 0.5
    assert result.decision in {"hold", "reject"}


def test_records_report_bad_lines_and_keep_order() -> None:
    lines = [
        '{"id": "a", "text": "Thank you for the thoughtful article."}',
        "{not json",
        '{"id": "c"}',
        '{"id": "d", "text": 42}',
        "[1, 2]",
        '{"id": "f", "text": "   "}',
        '{"id": "g", "text": "The Rothschilds own every bank and the media."}',
    ]
    records = list(read_records(io.StringIO("\n".join(lines)), "<stdin>"))
    assert [type(r).__name__ for r in records] == [
        "CommentRecord", "BadRecord", "BadRecord", "BadRecord", "BadRecord", "BadRecord", "CommentRecord"
    ]
    assert isinstance(records[1], BadRecord) and "invalid JSON" in records[1].error and records[1].number == 2
    rows = list(score_stream(records, Moderator(default_model()), chunk=2))
    assert [r.get("id") for r in rows] == ["a", None, "c", "d", None, "f", "g"]
    assert rows[0]["decision"] == "allow"
    assert rows[6]["decision"] == "reject" and "antisemitism" in rows[6]["labels"]
    assert all("error" in rows[i] for i in (1, 2, 3, 4, 5))


def test_csv_records_need_a_text_column() -> None:
    bad = list(read_records(io.StringIO("id,body\n1,hello\n"), "x.csv"))
    assert len(bad) == 1 and isinstance(bad[0], BadRecord) and "'text'" in bad[0].error
    good = list(read_records(io.StringIO('id,text\n7,"hello, world"\n8,"x",extra\n'), "x.csv"))
    assert isinstance(good[0], CommentRecord) and good[0].id == "7" and good[0].text == "hello, world"
    assert isinstance(good[1], BadRecord) and "more cells" in good[1].error


def test_cli_scores_stdin_and_reports_errors(tmp_path: Path) -> None:
    data = '{"id": 1, "text": "Jews control the banks, wake up"}\n{broken\n{"id": 3, "text": "Nice photos!"}\n'
    proc = subprocess.run(
        [sys.executable, "-m", "newsaudit", "comments", "score", "-"],
        input=data, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r.get("id") for r in rows] == ["1", None, "3"]
    assert rows[0]["decision"] == "reject" and "jews" in rows[0]["groups"]
    assert rows[0]["flags"][0]["evidence"], "evidence spans for every flag"
    assert rows[2]["decision"] == "allow"
    assert "record 2" in proc.stderr and "1 error" in proc.stderr

    csv_path = tmp_path / "c.csv"
    csv_path.write_text("id,text\nx,Thank you for writing this\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "newsaudit", "comments", "score", str(csv_path), "--out", str(out), "-q"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0 and proc.stderr == ""
    assert json.loads(out.read_text().strip())["decision"] == "allow"

    missing = subprocess.run(
        [sys.executable, "-m", "newsaudit", "comments", "score", str(tmp_path / "nope.jsonl")],
        capture_output=True, text=True, check=False,
    )
    assert missing.returncode == 1 and "nope.jsonl" in missing.stderr


def test_cli_link_policy() -> None:
    data = '{"id": "v", "text": "Watch the whole interview here https://youtu.be/xyz123 it is good"}\n'
    decisions = {}
    for policy in ("ignore", "hold"):
        proc = subprocess.run(
            [sys.executable, "-m", "newsaudit", "comments", "score", "-", "--links", policy, "-q"],
            input=data, capture_output=True, text=True, check=False,
        )
        assert proc.returncode == 0, proc.stderr
        decisions[policy] = json.loads(proc.stdout)["decision"]
    assert decisions == {"ignore": "allow", "hold": "hold"}


def test_the_encoder_reads_only_the_first_comments_of_a_page() -> None:
    """Beyond ``encoder_max_comments`` a page's comments go to the n-gram heads alone (a 200,000-comment page
    would otherwise take half an hour); with a budget of 0 the encoder is never loaded for the page."""
    from importlib import resources

    from newsaudit.pipeline import Pipeline, PipelineConfig
    from newsaudit.stages.comments import CommentsConfig, _comment_bodies

    text = resources.files("newsaudit").joinpath("examples", "syria-repost-with-comments.txt").read_text("utf-8")
    scores, loaded = {}, {}
    for budget in (0, 2_000):
        pipeline = Pipeline(PipelineConfig(stage_config={"comments": CommentsConfig(encoder_max_comments=budget)}))
        page = pipeline.audit(text)
        stage = next(s for s in pipeline.stages if getattr(s, "name", "") == "comments")
        scores[budget] = [c.moderation["scores"] for c in page.walk_comments()]
        loaded[budget] = stage._moderator is not None
    assert loaded == {0: False, 2_000: True}
    bodies = [page.text[start:end] for _, start, end, _ in _comment_bodies(page)]
    assert [r.scores for r in Moderator(default_model()).moderate(bodies)] == scores[0]
    assert scores[0] != scores[2_000]
