"""Pure helpers of ``make bench``: the minimal HTML wrapping and the report merge that keeps unmeasured sections."""

from __future__ import annotations

from benchmarks.bench import _stage_table, merge_report, split_sections, wrap_html
from newsaudit.io.loader import looks_like_html


def test_wrap_html_escapes_text_and_makes_title_and_paragraphs() -> None:
    page = "Tom & Jerry <script>\n\nFirst \"para\" <b>\nstill first\n\n  \n\nSecond > third"
    wrapped = wrap_html(page)
    assert wrapped.startswith("<html><body>") and wrapped.rstrip().endswith("</body></html>")
    assert "<h1>Tom &amp; Jerry &lt;script&gt;</h1>" in wrapped
    assert "<p>First &quot;para&quot; &lt;b&gt;\nstill first</p>" in wrapped
    assert "<p>Second &gt; third</p>" in wrapped
    assert wrapped.count("<p>") == 2 and "<script>" not in wrapped and "<b>" not in wrapped
    assert looks_like_html(wrapped)
    assert wrap_html("  \n\n ") == "<html><body>\n\n</body></html>\n"


def test_merge_report_keeps_sections_not_measured_and_unknown_ones() -> None:
    existing = (
        "# Benchmarks\n\nold header\n\n"
        "## Audit throughput (all stages)\n\nold throughput\n\n"
        "## Comment moderation throughput\n\nold comments\n\n"
        "## A large generated corpus, killed and resumed\n\ncorpus rows\n\n"
        "## Provenance archive at scale\n\nintro\n\n### Building\n\nbuild rows\n\n"
        "## Something else\n\nkept at the end\n"
    )
    header, sections = split_sections(existing)
    assert header.startswith("# Benchmarks") and len(sections) == 5
    report = merge_report("# Benchmarks\n\nnew header\n", {"throughput": "## Audit throughput\n\nnew rows\n",
                                                           "batch": "## Batch runs: scaling\n\nbatch rows\n"},
                          existing)
    assert "old header" not in report and "old throughput" not in report
    order = ["new header", "new rows", "batch rows", "old comments", "corpus rows", "### Building",
             "build rows", "kept at the end"]
    positions = [report.index(text) for text in order]
    assert positions == sorted(positions)
    assert report.count("## Provenance archive") == 1
    assert merge_report("# B\n", {}, "") == "# B\n"


def test_stage_table_gives_each_step_its_time_and_share() -> None:
    runs = [("text", False, 20.0, 0.1, {"reading": 1.0, "anatomy": 5.0, "provenance": 8.0, "slant": 30.0,
                                         "claims": 5.0, "comments": 1.0}),
            ("text", True, 2.0, 0.01, {"reading": 1.0, "anatomy": 5.0, "provenance": 8.0, "slant": 485.0})]
    table = _stage_table(runs)
    assert len(table) == 4 and table[0].count("|") == table[1].count("|") == table[2].count("|")
    assert "claims, ms (share)" in table[0]
    assert ("| text | off | 20.00 | 50.0 | 1.00 (2%) | 5.00 (10%) | 8.00 (16%) | 30.00 (60%) | 5.00 (10%) | "
            "1.00 (2%) |") in table
    assert table[3].endswith("| 485.00 (97%) | 0.00 (0%) | 0.00 (0%) |")
