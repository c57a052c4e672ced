"""Bad input gets a clear error naming the record, never a traceback."""

from __future__ import annotations

import pytest

from newsaudit.errors import InputError
from newsaudit.io.loader import load_bytes, load_path, load_text, looks_like_html
from newsaudit.pipeline import Pipeline, PipelineConfig


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_empty_input_is_refused(data):
    with pytest.raises(InputError, match="record-7: input is empty"):
        load_bytes(data, name="record-7")


def test_binary_input_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    with pytest.raises(InputError, match="looks binary"):
        load_bytes(png, name="image.png")


def test_oversized_input_is_refused_with_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (10 * 1024 * 1024))  # 50 MB
    with pytest.raises(InputError, match=r"big.txt: file is 52,428,800 bytes, over the limit"):
        load_path(big)


def test_latin1_input_is_decoded():
    text = "Déclaration du président à Genève. " * 20
    loaded = load_bytes(text.encode("latin-1"), name="fr.txt")
    assert "président" in loaded.text and "Genève" in loaded.text
    assert loaded.encoding != "utf-8"


def test_windows_1252_quotes_are_decoded():
    raw = "He said \u201cno comment\u201d and left \u2014 again. ".encode("cp1252") * 30
    loaded = load_bytes(raw)
    assert "\u201cno comment\u201d" in loaded.text


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        load_path(tmp_path)


def test_html_detection():
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("<div><p>Hello</p><p>World</p></div>")
    assert not looks_like_html("Plain text that mentions a <b> tag once.\n\nAnd more text.")


def test_text_limit_applies_to_strings():
    with pytest.raises(InputError, match="over the limit"):
        load_text("x" * 101, max_bytes=100)


def test_pipeline_refuses_nul_bytes():
    with pytest.raises(InputError, match="binary"):
        Pipeline(PipelineConfig()).audit("abc\x00def" * 10)


def test_huge_single_line_page_does_not_crash():
    page = Pipeline().audit("word " * 400_000)
    assert page.blocks
