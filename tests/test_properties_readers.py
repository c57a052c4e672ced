"""Property and fuzz tests of every reader: loader, HTML, corpus files (CSV, JSONL, Parquet, WARC, folders, page
files), comment records, and a batch run's ledger.

What is promised (module docstrings of io/loader.py, batch/records.py, moderation/records.py, batch/runner.py):
a single page is decoded or refused with a NewsauditError; corpus readers never raise and yield a Record or a
BadRecord per input record under a unique key; well-formed files round-trip exactly; a batch run writes every
record once, to results.jsonl or errors.jsonl. Budgets scale with the Hypothesis profile (tests/conftest.py).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsaudit.batch.records import PAGE_SUFFIXES, BadRecord, Record, read_inputs
from newsaudit.errors import InputError, NewsauditError
from newsaudit.io.loader import load_path, load_text, looks_like_html
from newsaudit.moderation import records as comment_records
from tests.fuzz.common import (
    SMALL_DUMP,
    SMALL_HTML,
    TARGETS,
    Row,
    comments_checked,
    csv_bytes,
    fixture_files,
    html_checked,
    jsonl_bytes,
    load_checked,
    parquet_bytes,
    read_checked,
    read_path_checked,
    remembered,
    seeds,
    warc_bytes,
)
from tests.fuzz.strategies import corpus_rows, examples, html_pages, mutated, tricky_text

SEEDS = seeds()

#: Text a person could have typed: letters, digits, punctuation and spaces of any script, no control characters.
readable_text = st.text(st.characters(categories=["L", "N", "P", "Zs", "S"]) | st.sampled_from("\n\t"),
                        min_size=1, max_size=300).filter(lambda s: s.strip() != "")


def _records(items: list) -> list[Record]:
    bad = [i for i in items if not isinstance(i, Record)]
    assert not bad, f"well-formed input gave bad records: {bad[:3]}"
    return items


def _assert_rows_round_trip(items: list, rows: list[Row]) -> None:
    records = _records(items)
    assert [(r.id, r.text) for r in records] == [(row.id, row.text) for row in rows]
    for record, row in zip(records, rows, strict=True):
        assert record.meta.get("title", "") == row.title and record.meta.get("url", "") == row.url


# -- io/loader.py: bytes and text of one page -------------------------------------------------------------------


@settings(max_examples=examples(60))
@given(st.binary(max_size=3000))
def test_load_bytes_decodes_or_refuses_random_bytes(data: bytes) -> None:
    load_checked(data)


@settings(max_examples=examples(40))
@given(mutated(SEEDS["loader"]))
def test_load_bytes_decodes_or_refuses_mutated_pages(data: bytes) -> None:
    load_checked(data)


@settings(max_examples=examples(30))
@given(readable_text)
def test_utf8_text_decodes_to_itself(text: str) -> None:
    loaded = load_checked(text.encode("utf-8"))
    assert loaded is not None and loaded.text == text and loaded.encoding == "utf-8"


@settings(max_examples=examples(20))
@given(readable_text, st.sampled_from(["utf-16", "utf-16-le-bom", "utf-16-be-bom"]))
@example("Senate passes the bill\n\nWASHINGTON (Reuters) - The vote was 60 to 40.\n", "utf-16")
def test_utf16_with_a_bom_decodes_to_itself(text: str, form: str) -> None:
    """Windows tools and some crawlers save pages as UTF-16; the BOM says so (probe F8)."""
    data = {"utf-16": text.encode("utf-16"), "utf-16-le-bom": b"\xff\xfe" + text.encode("utf-16-le"),
            "utf-16-be-bom": b"\xfe\xff" + text.encode("utf-16-be")}[form]
    loaded = load_checked(data)
    assert loaded is not None, "a UTF-16 page with a BOM is refused"
    assert loaded.text.lstrip("\ufeff") == text


@settings(max_examples=examples(40))
@given(st.text(max_size=2000))
def test_load_text_accepts_or_refuses_any_text(text: str) -> None:
    try:
        loaded = load_text(text, name="fuzz")
    except NewsauditError:
        assert not text.strip() or "\x00" in text[:8192]
        return
    assert loaded.text == text


def test_load_path_refuses_what_is_not_a_page_file() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for path, reason in ((Path(tmp), "directory"), (Path(tmp, "missing.txt"), "no such file")):
            with pytest.raises(InputError, match=reason):
                load_path(path)
        empty = Path(tmp, "empty.txt")
        empty.write_bytes(b"")
        with pytest.raises(InputError, match="empty"):
            load_path(empty)


@settings(max_examples=examples(60))
@given(st.text(max_size=6000) | mutated([SMALL_HTML.encode(), SMALL_DUMP.encode()]).map(
    lambda b: b.decode("utf-8", "replace")))
def test_looks_like_html_answers_for_any_text(text: str) -> None:
    answer = looks_like_html(text)
    assert isinstance(answer, bool)
    if "<" not in text:
        assert answer is False


@settings(max_examples=examples(20))
@given(st.sampled_from(["<!DOCTYPE html>", "<!doctype html>", "<html>", "<html lang=\"en\">"]), readable_text)
def test_documents_that_declare_html_are_html(opening: str, text: str) -> None:
    assert looks_like_html(f"{opening}<head><title>t</title></head><body><p>{text}</p></body></html>")


PASTED_MARKUP = [
    '<div class="x"><a href="https://example.org/v">video</a></div>',
    '<iframe src="https://www.youtube.com/embed/x"></iframe>',
    "<p>quoted paragraph</p> <b>bold</b> <i>it</i>",
    "<script>alert(1)</script> <img src=x onerror=alert(1)>",
    '<a href="https://example.org/1">one</a> <a href="https://example.org/2">two</a> <span>three</span>',
]


@settings(max_examples=examples(15))
@given(st.sampled_from(PASTED_MARKUP), st.sampled_from(["comment", "body"]))
@example(PASTED_MARKUP[0], "comment")
def test_text_dump_quoting_a_little_markup_stays_a_text_dump(markup: str, where: str) -> None:
    """A reader comment that pastes embed code does not turn a text dump into HTML (probe F4)."""
    if where == "comment":
        dump = SMALL_DUMP.replace("I agree with the vote.", f"Embed code: {markup}")
    else:
        dump = SMALL_DUMP.replace("after a long debate.", f"after a long debate. The page showed {markup}.")
    assert markup in dump
    assert looks_like_html(dump) is False


# -- io/html/: page_from_html ----------------------------------------------------------------------------------------


@settings(max_examples=examples(25))
@given(html_pages())
def test_page_from_html_gives_a_valid_page_or_refuses(html: str) -> None:
    html_checked(html)


@settings(max_examples=examples(25))
@given(mutated(SEEDS["html"]))
def test_page_from_html_on_mutated_markup(data: bytes) -> None:
    html_checked(data.decode("utf-8", "replace"))


@settings(max_examples=examples(6))
@given(st.integers(1, 600))
@example(300)
def test_text_nested_deep_in_the_markup_is_kept(depth: int) -> None:
    """A browser shows text however deep it is nested; the audit must see it too (probe F5)."""
    html = ("<!doctype html><html><head><title>Deep</title></head><body><article><p>WASHINGTON (Reuters) - The "
            "senators said on Tuesday that the bill would be voted on next week, officials said.</p>"
            + "<div>" * depth + "<p>HIDDEN PARAGRAPH: the vote was moved to Friday.</p>" + "</div>" * depth
            + "</article></body></html>")
    with remembered("html", html.encode()):
        page = html_checked(html)
        assert page is not None and "HIDDEN PARAGRAPH" in page.text


# -- batch/records.py: CSV ------------------------------------------------------------------------------------------


@settings(max_examples=examples(40))
@given(corpus_rows(), st.sampled_from([("\r\n", False), ("\r\n", True), ("\n", True), ("\n", False)]))
@example([Row("1", 'He said "hi", then,\r\nleft.\n', "t, \"q\"", "https://x.example/?a=1,2")], ("\r\n", False))
@example([Row("a", "x\r"), Row("b", "y")], ("\n", True))
def test_csv_written_by_csv_writer_reads_back_exactly(rows: list[Row], form: tuple[str, bool]) -> None:
    terminator, quote_all = form
    if terminator == "\n" and any("\r" in v for r in rows for v in (r.id, r.title, r.url, r.text)):
        quote_all = True  # a bare trailing \r before \n is a CRLF to any reader (see csv_bytes)
    data = csv_bytes(rows, lineterminator=terminator, quote_all=quote_all)
    with remembered("csv", data):
        _assert_rows_round_trip(read_checked(data, "csv"), rows)


@settings(max_examples=examples(10))
@given(corpus_rows(min_size=1))
@example([Row("x1", "Café, “crème”", "Title", "")])
def test_csv_with_a_utf8_bom_reads_the_same_records(rows: list[Row]) -> None:
    """Excel and many exporters write UTF-8 CSV with a BOM; the first header must still be 'id'."""
    data = csv_bytes(rows, encoding="utf-8-sig")
    with remembered("csv", data):
        _assert_rows_round_trip(read_checked(data, "csv"), rows)


_plain = st.text("abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=30).map(lambda s: s + "z")


#: Plain texts and the row among them (never the last) whose quote opens and never closes.
_with_broken_row = st.lists(_plain, min_size=2, max_size=8).flatmap(
    lambda texts: st.tuples(st.just(texts), st.integers(0, len(texts) - 2)))


@settings(max_examples=examples(25))
@given(_with_broken_row)
@example((["first article text", "he said hi and left", "third article", "fourth article"], 1))
def test_csv_unterminated_quote_is_never_silent(case: tuple[list[str], int]) -> None:
    """A quote that never closes may cost records, but never silently: a BadRecord says so (probe F3)."""
    texts, broken = case
    lines = ["id,title,url,content"]
    for i, text in enumerate(texts):
        lines.append(f'r{i},t{i},,"{text}' if i == broken else f"r{i},t{i},,{text}")
    data = ("\n".join(lines) + "\n").encode()
    with remembered("csv", data):
        items = read_checked(data, "csv")
        got = {(i.id, i.text) for i in items if isinstance(i, Record)}
        lost = [f"r{i}" for i, text in enumerate(texts) if i != broken and (f"r{i}", text) not in got]
        assert not lost or any(isinstance(i, BadRecord) for i in items), f"rows {lost} vanished without an error"


@settings(max_examples=examples(60))
@given(mutated(SEEDS["csv"]) | st.binary(max_size=2000))
def test_csv_reader_never_raises(data: bytes) -> None:
    read_checked(data, "csv")


# -- batch/records.py: JSONL ----------------------------------------------------------------------------------------


@settings(max_examples=examples(40))
@given(corpus_rows(), st.booleans(), st.lists(st.sampled_from(["", "  ", "\t"]), max_size=3))
def test_jsonl_written_by_json_dumps_reads_back_exactly(rows: list[Row], ascii_only: bool, blanks: list[str]) -> None:
    data = jsonl_bytes(rows, ensure_ascii=ascii_only) + "".join(b + "\n" for b in blanks).encode()
    with remembered("jsonl", data):
        _assert_rows_round_trip(read_checked(data, "jsonl"), rows)


@settings(max_examples=examples(60))
@given(mutated(SEEDS["jsonl"]) | st.binary(max_size=2000))
def test_jsonl_reader_never_raises(data: bytes) -> None:
    with remembered("jsonl", data):
        items = read_checked(data, "jsonl")
        lines = [line for line in data.split(b"\n") if line.strip()]
        assert len(items) == len(lines), "every non-blank line is a record or a bad record"


# -- batch/records.py: Parquet --------------------------------------------------------------------------------------


@settings(max_examples=examples(15))
@given(corpus_rows(min_size=1), st.integers(1, 4))
def test_parquet_reads_back_exactly(rows: list[Row], row_group_size: int) -> None:
    data = parquet_bytes(rows, row_group_size)
    with remembered("parquet", data):
        _assert_rows_round_trip(read_checked(data, "parquet"), rows)


_MANY_ROWS = [Row(str(i), f"WASHINGTON (Reuters) - Article {i} says the vote is next week. " * 8) for i in range(40)]
_PARQUET = parquet_bytes(_MANY_ROWS, row_group_size=10)


@settings(max_examples=examples(25))
@given(st.integers(4, len(_PARQUET) - 200), st.integers(1, 2000))
@example(len(_PARQUET) // 3, 2000)
def test_parquet_with_a_damaged_row_group_never_raises(offset: int, size: int) -> None:
    """Bytes zeroed behind an intact footer: one bad record at most, never a stopped run (probe F2)."""
    footer = len(_PARQUET) - 8 - int.from_bytes(_PARQUET[-8:-4], "little")
    end = min(offset + size, footer)
    damaged = _PARQUET[:offset] + bytes(max(0, end - offset)) + _PARQUET[max(offset, end):]
    read_checked(damaged, "parquet")


@settings(max_examples=examples(30))
@given(mutated(SEEDS["parquet"]))
def test_parquet_reader_never_raises(data: bytes) -> None:
    read_checked(data, "parquet")


# -- batch/records.py: WARC -----------------------------------------------------------------------------------------


def _warc_pages(n: int) -> list[tuple[str, bytes]]:
    return [(f"https://news.example/{i}", (f"<html><body><article><h1>Story {i}</h1>"
             + f"<p>WASHINGTON (Reuters) - The vote is next week, officials said. Paragraph {i}.</p>" * 20
             + "</article></body></html>").encode()) for i in range(n)]


@settings(max_examples=examples(10))
@given(st.integers(1, 5), st.booleans())
def test_warc_reads_back_every_html_response(n: int, compress: bool) -> None:
    pages = _warc_pages(n)
    records = _records(read_checked(warc_bytes(pages, compress), "warcgz" if compress else "warc"))
    assert [(r.meta["url"], r.text) for r in records] == pages


@settings(max_examples=examples(20))
@given(st.integers(2, 4), st.booleans(), st.floats(0.05, 0.98))
@example(4, True, 0.9)
def test_truncated_warc_never_passes_a_cut_record_as_whole(n: int, compress: bool, keep: float) -> None:
    """A WARC cut short (an interrupted download) yields whole pages and bad records, never a partial page (F9)."""
    pages = dict(_warc_pages(n))
    target = "warcgz" if compress else "warc"
    data = warc_bytes(list(pages.items()), compress)
    cut = data[: int(len(data) * keep)]
    with remembered(target, cut):
        for r in read_checked(cut, target):
            if isinstance(r, Record):
                whole = pages[r.meta["url"]]
                assert r.text == whole, f"{r.meta['url']}: {len(r.text)} of {len(whole)} bytes"


@settings(max_examples=examples(40))
@given(mutated(SEEDS["warc"] + SEEDS["warcgz"]), st.booleans())
def test_warc_reader_never_raises(data: bytes, compress: bool) -> None:
    read_checked(data, "warcgz" if compress else "warc")


# -- batch/records.py: folders and page files -----------------------------------------------------------------------

_names = st.text("abcdefghij-_ é", min_size=1, max_size=10).filter(lambda s: s.strip(" ") == s and s not in {".", ".."})


@settings(max_examples=examples(15))
@given(st.lists(st.tuples(st.lists(_names, max_size=2), _names,
                          st.sampled_from([*sorted(PAGE_SUFFIXES), ".TXT", ".csv", ".json", ".png", ""]),
                          st.binary(max_size=50)), max_size=8))
def test_folder_yields_one_record_per_page_file(files: list[tuple[list[str], str, str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp, "corpus")
        root.mkdir()
        written: dict[str, bytes] = {}
        for folders, stem, suffix, body in files:
            path = root.joinpath(*folders, stem + suffix)
            if any(p.is_file() for p in path.parents) or path.is_dir():
                continue  # a name already taken by a file or folder
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
            written[str(path.relative_to(root))] = body
        items = read_path_checked(root)
        pages = {name: body for name, body in written.items() if Path(name).suffix.lower() in PAGE_SUFFIXES}
        assert {r.id: r.text for r in _records(items)} == pages
        assert len(items) == len(pages)


@settings(max_examples=examples(15))
@given(st.binary(max_size=500))
def test_single_page_file_is_one_record_with_its_bytes(body: bytes) -> None:
    (record,) = _records(read_checked(body, "page"))
    assert record.text == body


def test_missing_input_is_one_bad_record() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (bad,) = read_path_checked(Path(tmp, "nope.csv"))
        assert isinstance(bad, BadRecord) and "no such file" in bad.reason


# -- moderation/records.py: comments score ------------------------------------------------------------------------

_comment_text = st.builds(lambda a, b: a + "x" + b, tricky_text, tricky_text).filter(lambda s: "\x00" not in s)


@settings(max_examples=examples(40))
@given(st.lists(st.tuples(st.text(min_size=1, max_size=12) | st.integers(), _comment_text), max_size=8))
def test_comment_jsonl_reads_back_in_order(rows: list[tuple[str | int, str]]) -> None:
    data = "".join(json.dumps({"id": rid, "text": text}) + "\n" for rid, text in rows).encode()
    with remembered("comments_jsonl", data):
        items = comments_checked(data, "comments_jsonl")
        expected = [(n, str(rid), text) for n, (rid, text) in enumerate(rows, 1)]
        assert [(i.number, i.id, i.text) for i in items] == expected


@settings(max_examples=examples(40))
@given(st.lists(st.tuples(tricky_text.filter(str.strip), _comment_text), max_size=8))
def test_comment_csv_reads_back_in_order(rows: list[tuple[str, str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    data = out.getvalue().encode()
    with remembered("comments_csv", data):
        items = comments_checked(data, "comments_csv")
        assert [(i.id, i.text) for i in items] == rows


@settings(max_examples=examples(25))
@given(_with_broken_row)
@example((["nice piece", "second comment", "i hope someone shoots them all"], 0))
def test_comment_csv_unterminated_quote_is_never_silent(case: tuple[list[str], int]) -> None:
    """A comment whose quote never closes must not swallow the comments after it unannounced (probe F3)."""
    texts, broken = case
    lines = ["id,text"] + [f'q{i},"{t}' if i == broken else f"q{i},{t}" for i, t in enumerate(texts)]
    data = ("\n".join(lines) + "\n").encode()
    with remembered("comments_csv", data):
        items = comments_checked(data, "comments_csv")
        got = {(i.id, i.text) for i in items if isinstance(i, comment_records.CommentRecord)}
        lost = [f"q{i}" for i, t in enumerate(texts) if i != broken and (f"q{i}", t) not in got]
        assert not lost or any(isinstance(i, comment_records.BadRecord) for i in items), f"{lost} vanished silently"


@settings(max_examples=examples(40))
@given(mutated(SEEDS["comments_csv"] + SEEDS["comments_jsonl"]) | st.binary(max_size=1000),
       st.sampled_from(["comments_csv", "comments_jsonl"]))
def test_comment_readers_never_raise(data: bytes, target: str) -> None:
    comments_checked(data, target)


class _Pipe(io.StringIO):
    """A stream that cannot seek, like standard input from a pipe."""

    def seekable(self) -> bool:
        return False


@settings(max_examples=examples(20))
@given(mutated(SEEDS["comments_csv"] + SEEDS["comments_jsonl"]).map(lambda b: b.decode("utf-8", "replace")),
       st.sampled_from(["in.csv", "in.jsonl", "-"]))
@example("id,text\rc1,hello\n", "in.csv")  # old-Mac line breaks: found by `make fuzz`
def test_comment_records_do_not_depend_on_the_stream_being_seekable(text: str, name: str) -> None:
    """The same text gives the same records from a file and from a pipe."""
    with remembered("comments_csv" if name.endswith("csv") else "comments_jsonl", text.encode()):
        seekable = list(comment_records.read_records(io.StringIO(text), name))
        piped = list(comment_records.read_records(_Pipe(text), name))
        assert piped == seekable


# -- batch/runner.py: every record once in the ledger ---------------------------------------------------------------

_GOOD = "Senate passes the bill\n\nWASHINGTON (Reuters) - The Senate passed the bill on Tuesday, officials said."
_ITEM_KINDS = {
    "good": lambda n: Record(f"k{n}", f"id{n}", _GOOD),
    "good-bytes": lambda n: Record(f"k{n}", f"id{n}", _GOOD.encode("cp1252")),
    "html": lambda n: Record(f"k{n}", f"id{n}", SMALL_HTML.encode()),
    "empty": lambda n: Record(f"k{n}", f"id{n}", "   "),
    "binary": lambda n: Record(f"k{n}", f"id{n}", bytes(range(256))),
    "nul": lambda n: Record(f"k{n}", f"id{n}", "a\x00b"),
    "bad": lambda n: BadRecord(f"k{n}", f"id{n}", "invalid JSON"),
    "empty-html": lambda n: Record(f"k{n}", f"id{n}", "<html><body><div></div></body></html>"),
}


def _ledger_keys(out: Path) -> list[str]:
    keys = []
    for name in ("results.jsonl", "errors.jsonl"):
        path = out / name
        if path.exists():
            # JSON lines may hold raw U+2028 or U+0085 (ensure_ascii=False): split on newlines only
            keys += [json.loads(line)["key"] for line in path.read_bytes().split(b"\n") if line]
    return keys


def _run(items: list, out: Path) -> None:
    from newsaudit.batch.runner import BatchConfig, StageSettings, run_batch

    run_batch(items, out, BatchConfig(workers=1, window=3, settings=StageSettings(booster=False)))


@settings(max_examples=examples(3))
@given(st.lists(st.sampled_from(sorted(_ITEM_KINDS)), min_size=1, max_size=8))
@example(["good", "bad", "binary", "html", "empty", "nul", "good-bytes", "empty-html"])
def test_batch_run_writes_every_record_exactly_once(kinds: list[str]) -> None:
    items = [_ITEM_KINDS[kind](n) for n, kind in enumerate(kinds)]
    with tempfile.TemporaryDirectory() as tmp:
        _run(items, Path(tmp, "out"))
        assert sorted(_ledger_keys(Path(tmp, "out"))) == sorted(i.key for i in items)


@settings(max_examples=examples(3))
@given(corpus_rows(min_size=1, max_size=4), mutated(SEEDS["jsonl"]), mutated(SEEDS["csv"]))
def test_batch_run_over_files_writes_every_read_item_exactly_once(rows: list[Row], jsonl: bytes,
                                                                  csv_data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in (("good.csv", csv_bytes(rows)), ("mixed.jsonl", jsonl), ("mutated.csv", csv_data)):
            Path(tmp, name).write_bytes(data)
            paths.append(str(Path(tmp, name)))
        items = list(read_inputs(paths))
        _run(list(read_inputs(paths)), Path(tmp, "out"))
        assert sorted(_ledger_keys(Path(tmp, "out"))) == sorted(i.key for i in items)


# -- regression fixtures found by the fuzzers --------------------------------------------------------------------


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_fuzz_fixture_replays_clean(path: Path) -> None:
    """Every saved crasher (tests/fixtures/fuzz/, named TARGET-...) now passes its target's checks."""
    TARGETS[path.name.split("-")[0]](path.read_bytes())
