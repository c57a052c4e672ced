"""Single-page input hardening (issue 13, probe findings F4, F5, F8, F12): nothing lost, nothing hidden."""

from __future__ import annotations

import errno
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.html_detection import (
    DESIGN_SNIPPETS,
    MINIMAL_FRAGMENTS,
    PROBE_PASTED,
    Group,
    paste,
    probe_injection_dump,
    render,
    score,
)
from newsaudit.cli import main
from newsaudit.errors import InputError
from newsaudit.io import nesting
from newsaudit.io.html import page_from_html
from newsaudit.io.loader import decode_bytes, load_bytes, load_path
from newsaudit.io.sniff import looks_like_html, markup_shape, tag_heavy
from newsaudit.pipeline import Pipeline, PipelineConfig

STORY = ("Senate passes the bill\n\nWASHINGTON (Reuters) - The Senate passed the bill on Tuesday, officials said. "
         "Café crème for everyone.\n\nThe vote was 60 to 40.\n")


@pytest.fixture(scope="module")
def anatomy() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("anatomy",)))


# -- F8: UTF-16 and UTF-32 with a byte-order mark -----------------------------------------------
@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (STORY.encode("utf-16"), "utf-16-le"),  # Python writes the BOM, little-endian here
        (b"\xfe\xff" + STORY.encode("utf-16-be"), "utf-16-be"),
        (b"\xff\xfe" + STORY.encode("utf-16-le"), "utf-16-le"),
        (b"\xff\xfe\x00\x00" + STORY.encode("utf-32-le"), "utf-32-le"),
        (b"\x00\x00\xfe\xff" + STORY.encode("utf-32-be"), "utf-32-be"),
    ],
)
def test_wide_unicode_with_a_byte_order_mark_is_decoded(data: bytes, encoding: str) -> None:
    loaded = load_bytes(data, name="u.txt")
    assert loaded.text == STORY
    assert loaded.encoding == encoding
    assert not loaded.is_html
    assert decode_bytes(data) == (STORY, encoding)


def test_utf16_file_is_audited_from_the_command_line(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NEWSAUDIT_SLANT_BOOSTER", "0")
    path = tmp_path / "u16.txt"
    path.write_bytes(STORY.encode("utf-16"))
    assert main(["audit", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Senate passes the bill" in out and "format: text" in out


def test_utf16_html_page_is_read_as_html() -> None:
    page = "<!DOCTYPE html><html><head><title>T</title></head><body><p>Ünïcode body.</p></body></html>"
    loaded = load_bytes(page.encode("utf-16"))
    assert loaded.is_html and loaded.text == page


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_refused_with_a_clear_message(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "nobom.txt"
    path.write_bytes(STORY.encode(codec))
    with pytest.raises(InputError, match="UTF-16 text without a byte-order mark"):
        load_path(path)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "looks binary"),
        (b"\x00\x01\x02\x03" * 100, "looks binary"),
        (b"\xff\xfe" + bytes(range(256)) * 20, "does not decode as UTF-16"),  # lone surrogates
        (b"\xff\xfe" + "\x00\x01\x02\x03x".encode("utf-16-le") * 50, "looks binary"),  # decodes, but to controls
        ("   \n\t ".encode("utf-16"), "input is empty"),
    ],
)
def test_binary_stays_refused_behind_a_byte_order_mark_too(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        load_bytes(data, name="bin")


# -- F12: closed standard input ----------------------------------------------------------------
def _one_line_error(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("newsaudit: error: <stdin>: ")
    return lines[0]


def test_stdin_set_to_none_is_a_clean_error(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert main(["audit", "-"]) == 1
    assert "closed" in _one_line_error(capsys.readouterr().err)


def test_stdin_that_cannot_be_read_is_a_clean_error(monkeypatch, capsys) -> None:
    class Unreadable:
        def read(self, size: int = -1) -> bytes:
            raise OSError(errno.EBADF, "Bad file descriptor")

    class Stdin:
        buffer = Unreadable()

    monkeypatch.setattr(sys, "stdin", Stdin())
    assert main(["audit", "-"]) == 1
    assert "Bad file descriptor" in _one_line_error(capsys.readouterr().err)


@pytest.mark.parametrize(("redirect", "reason"), [("<&-", "closed"), ("0>/dev/null", "Bad file descriptor")])
def test_audit_with_stdin_closed_in_a_real_process(redirect: str, reason: str) -> None:
    """``newsaudit audit - <&-`` as the probe ran it: fd 0 closed (sys.stdin is None), or write-only (EBADF)."""
    proc = subprocess.run(["sh", "-c", f'exec "$0" -m newsaudit audit - {redirect}', sys.executable],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert reason in _one_line_error(proc.stderr)


# -- F4: text dumps quoting a few tags stay text dumps -------------------------------------------
def _shape(page) -> tuple[str, Counter, int]:
    return page.meta["format"], Counter(b.type.value for b in page.blocks), len(page.comments)


def test_probe_pasted_embed_code_keeps_title_dateline_and_comments(anatomy: Pipeline) -> None:
    page = anatomy.audit(PROBE_PASTED)
    assert page.meta["format"] == "text"
    assert page.title == "Senate passes the bill"
    assert any(b.type.value == "dateline" for b in page.blocks)
    assert len(page.comments) == 2
    control = anatomy.audit(PROBE_PASTED.replace('<div class="x"><a href="https://example.org/v">video</a></div>',
                                                 "video"))
    assert _shape(page) == _shape(control)
    assert "<div class=" in page.text  # the pasted markup is audited as the reader wrote it


def test_probe_injection_dump_keeps_its_structure(anatomy: Pipeline) -> None:
    page = anatomy.audit(probe_injection_dump())
    fmt, blocks, n_comments = _shape(page)
    assert fmt == "text"
    assert blocks["paragraph"] >= 3 and blocks["dateline"] == 1 and blocks["comment_header"] == 1
    assert n_comments == 3 and [c.depth for c in page.comments] == [0, 1, 0]
    assert "MOSCOW (Reuters)" in page.text and len(page.text) > 2000  # not cut to `"> '>`


@pytest.mark.parametrize("count", [1, 3, 10])
def test_canonical_dump_with_pasted_snippets_stays_text(canonical_text: str, count: int) -> None:
    rng = random.Random(count)
    for _ in range(5):
        assert not looks_like_html(paste(canonical_text, DESIGN_SNIPPETS, count, rng))


@pytest.mark.parametrize("fragment", [*MINIMAL_FRAGMENTS[:2], *MINIMAL_FRAGMENTS[3:],
                                      "First line<br>\nsecond line <a href='x'>link</a><br><br>third <span>s</span>"])
def test_html_fragments_stay_html(fragment: str) -> None:
    assert looks_like_html(fragment)


@pytest.mark.parametrize(
    "document",
    [
        "<!DOCTYPE html><html><body><p>x</p></body></html>",
        "\n  <!-- generated --> <!doctype html><title>t</title><p>x</p>",
        "<br />\n<b>Warning</b>: mysql_connect() failed in <b>/www/x.php</b><br />\n<!DOCTYPE html><html><body>"
        "<p>x</p></body></html>",  # a PHP warning printed before the page
        "<style>p {}</style>\n<html><head><title>t</title></head><body><div><p>text</p></div></body></html>",
    ],
)
def test_documents_are_html(document: str) -> None:
    assert looks_like_html(document)


def test_what_the_old_test_called_text_stays_text() -> None:
    """The old test is the first gate: a dump it called text audits exactly as before."""
    for text in ("Plain text that mentions a <b> tag once.\n\nAnd more text.", "no tags at all\n\nat all",
                 "One <p>tag and two <div> markers", "x" * 6000 + "<div><p>late</p></div><p>markup</p>"):
        assert not tag_heavy(text) and not looks_like_html(text)


def test_markup_shape_separates_enclosed_prose_from_a_dump() -> None:
    html = markup_shape("<div><p>The story, inside its paragraph.</p><p>And another.</p></div>")
    assert html.enclosed_share == 1.0 and html.reads_as_html
    dump = markup_shape("Title\n\nA paragraph of the story, long enough.\n\nA comment with <b>bold</b> words.\n")
    assert dump.enclosed_share < 0.2 and dump.line_breaks == 2 and dump.tag_breaks == 0
    assert not dump.reads_as_html
    # an unclosed "<!--" in a dump hides nothing: its text still counts as prose
    assert markup_shape("Title\n\nSome <!-- text\n\nmore text <b>x</b>\n").prose > 15


def test_html_detection_report_counts_both_halves() -> None:
    groups = [Group("HTML: tiny", True, ["<p>x</p><p>y</p>"]), Group("Text: tiny", False, [PROBE_PASTED])]
    score(groups)
    assert [(g.old_right, g.new_right) for g in groups] == [(1, 1), (0, 1)]
    table = render(groups, Path("data"))
    assert "| HTML: tiny | 1 | 1/1 (100.0%) | 1/1 (100.0%) |" in table
    assert "| **all text** | | 0/1 (0.0%) | 1/1 (100.0%) | |" in table


# -- F5: markup nested past libxml2's depth limit ---------------------------------------------------
def _deep_page(depth: int, closed: bool = True) -> str:
    lead = "WASHINGTON (Reuters) - The senators said on Tuesday that the bill would be voted on next week. " * 3
    return ("<!doctype html><html><head><title>Deep</title></head><body><article><p>" + lead + "</p>"
            + "<div>" * depth + "<p>HIDDEN PARAGRAPH: the Jews run the banks, kill them all.</p>"
            + ("</div>" * depth if closed else "")
            + "<p>AFTER the nesting the story goes on, and so does its page.</p></article></body></html>")


@pytest.mark.parametrize("depth", [300, 5000])
def test_deep_text_is_audited_and_the_page_says_it_was_flattened(depth: int) -> None:
    page = page_from_html(_deep_page(depth))
    assert "HIDDEN PARAGRAPH" in page.text
    assert "AFTER the nesting" in page.text  # what follows the deep part is not lost either
    notes = " ".join(page.meta["extraction_notes"])
    assert f"nested {depth + 4:,} elements deep was flattened" in notes


@pytest.mark.parametrize("closed", [True, False])
def test_a_hundred_thousand_levels_complete(closed: bool) -> None:
    page = page_from_html(_deep_page(100_000, closed))
    assert "HIDDEN PARAGRAPH" in page.text
    assert "flattened" in " ".join(page.meta["extraction_notes"])


def test_ordinary_pages_are_not_flattened() -> None:
    page = page_from_html(_deep_page(20))
    assert "HIDDEN PARAGRAPH" in page.text
    assert not any("flattened" in note for note in page.meta.get("extraction_notes", []))


def test_flatten_keeps_text_and_caps_the_nesting() -> None:
    flat = nesting.flatten("<div>" * 10 + "deep &amp; kept" + "</div>" * 10 + "<p>after</p>", max_depth=3)
    assert flat.html == "<div><div><div>deep &amp; kept</div></div></div><p>after</p>"
    assert (flat.deepest, flat.dropped) == (10, 7)


def test_flatten_counts_depth_as_the_parser_closes_elements() -> None:
    # libxml2 ignores an end tag that would close a <div> above its element: the divs stay open
    flat = nesting.flatten("<span>" + "<div>" * 5 + "</span>" * 5 + "<div>" * 5 + "x", max_depth=8)
    assert flat.dropped == 3
    # "<div/>" opens a div in HTML
    assert nesting.flatten("<div/>" * 6 + "x", max_depth=4).dropped == 2


def test_deep_script_stays_a_script() -> None:
    html = "<div>" * 10 + "<p>shown</p><script>var hidden = '<b>not text</b>';</script>" + "</div>" * 10
    flat = nesting.flatten(html, max_depth=3)
    assert "<script>var hidden = '<b>not text</b>';</script>" in flat.html
    assert "<br><p>" not in flat.html and "shown" in flat.html
