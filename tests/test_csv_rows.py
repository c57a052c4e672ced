"""CSV input never merges records and never silently mangles text (issue 13, probe findings F3 and F11).

The shared reader is ``newsaudit.io.csv_rows``; batch (``batch/records.py``) and ``comments score``
(``moderation/records.py``) both read CSV through it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from newsaudit.batch.records import BadRecord, Record, read_input
from newsaudit.io.csv_rows import CsvProblem, CsvRow, read_table
from newsaudit.moderation.records import BadRecord as BadComment
from newsaudit.moderation.records import CommentRecord, read_records

#: The probe's repros (F3): a comment whose quote never closes, and an article whose quote breaks.
U_CSV = 'id,text\nq1,"Nice piece\nq2,second comment\nq3,I hope someone shoots them all\n'
Q_CSV = ('id,title,content\n1,One,"First article text, long enough to audit here."\n'
         '2,Two,"He said ""hi and left.\n3,Three,"Third article: the vote is next week."\n'
         '4,Four,"Fourth article: the vote was 60 to 40."\n')

FIELDS = ["id", "domain", "type", "url", "content", "title"]


def _article(n: int) -> str:
    """A FakeNewsCorpus-shaped content cell: several paragraphs, commas, and quotation marks."""
    return (f'WASHINGTON (Reuters) - Story {n}: the Senate passed the bill on Tuesday, officials said.\n\n'
            f'"We are pleased," said one senator, who asked not to be named, "and we will move on."\n\n'
            f'In 1972, Leach, a banker, then a trader, then a lobbyist, left for London.\n\n'
            f'The vote was 60 to 40 after a long debate; the House takes it up next week.')


def _fnc_csv(rows: list[dict[str, str]], broken: dict[int, str] | None = None) -> str:
    """Rows as csv.DictWriter writes them; ``broken`` replaces the written lines of some rows (by index)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for i, row in enumerate(rows):
        if broken and i in broken:
            out.write(broken[i])
        else:
            writer.writerow(row)
    return out.getvalue()


def _fnc_rows(n: int) -> list[dict[str, str]]:
    return [{"id": f"s{i}", "domain": "example.com", "type": "fake", "url": f"http://example.com/{i}",
             "content": _article(i), "title": f"Title {i}"} for i in range(1, n + 1)]


def _items(tmp_path: Path, data: str | bytes, name: str = "corpus.csv") -> list[Record | BadRecord]:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return list(read_input(path))


def _comments(data: bytes) -> list[CommentRecord | BadComment]:
    return list(read_records(io.BytesIO(data), "c.csv"))


def _cli(*args: str, input_bytes: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSAUDIT_SLANT_BOOSTER": "0"}
    return subprocess.run([sys.executable, "-m", "newsaudit", *args], input=input_bytes, capture_output=True,
                          cwd=cwd, env=env, timeout=600, check=False)


# -- F3 through the real commands -------------------------------------------------------------------------------


def test_comments_score_names_the_open_quote_and_never_merges_the_comments_after_it(tmp_path: Path) -> None:
    (tmp_path / "u.csv").write_text(U_CSV, encoding="utf-8")
    for args, stdin in ((["u.csv"], None), (["-", "--input-format", "csv"], U_CSV.encode()), (["-"], U_CSV.encode())):
        proc = _cli("comments", "score", *args, input_bytes=stdin, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
        assert [r["id"] for r in rows] == ["q1", "q2", "q3"], args
        assert rows[0]["record"] == 1 and "line 2" in rows[0]["error"] and "quote" in rows[0]["error"]
        assert rows[1]["decision"] == "allow"
        assert rows[2]["decision"] != "allow" and "violence" in rows[2]["labels"]  # never merged into an allow
        assert "Nice piece" not in json.dumps(rows[1:])


def test_batch_reads_the_records_around_a_broken_quote_and_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "q.csv").write_text(Q_CSV, encoding="utf-8")
    proc = _cli("batch", "q.csv", "--out", "run", "-j", "1", "--no-tables", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in (tmp_path / "run" / "results.jsonl").read_text().splitlines()]
    errors = [json.loads(line) for line in (tmp_path / "run" / "errors.jsonl").read_text().splitlines()]
    assert sorted((r["key"].rsplit(":", 1)[1], r["id"]) for r in results) == [
        ("row 1", "1"), ("row 3", "3"), ("row 4", "4")]
    # record 3 is well-formed on its own line: the quote opened on line 3 cost only record 2
    assert len(errors) == 1 and errors[0]["id"] == "2" and errors[0]["key"].endswith("q.csv:line 3")
    assert errors[0]["error"].startswith("line 3: a quote opened on line 3 never closes properly")


# -- the shared reader ----------------------------------------------------------------------------------------


def test_fakenewscorpus_rows_around_a_broken_quote_come_back_whole_and_no_phantom_records(tmp_path: Path) -> None:
    rows = _fnc_rows(6)
    # row 3 opens a quote that never closes (the probe's brokenquote.csv); row 5's content has an undoubled
    # quote in its second paragraph, so its cell "closes" there and the rest of the article is unquoted text
    # whose paragraphs (one with exactly the header's number of commas) would become records
    s5 = rows[4]
    broken5 = _fnc_csv([s5]).split("\n", 1)[1].replace('said one senator', 'said "one senator', 1)
    data = _fnc_csv(rows, {2: 's3,example.com,fake,http://example.com/3,"He said ""hi and left.\n', 4: broken5})
    items = _items(tmp_path, data)
    good = {i.id: i for i in items if isinstance(i, Record)}
    bad = [i for i in items if isinstance(i, BadRecord)]
    assert sorted(good) == ["s1", "s2", "s4", "s6"]
    for rid, record in good.items():  # whole, with their usual keys
        n = int(rid[1:])
        assert record.text == _article(n) and record.meta["title"] == f"Title {n}"
        assert record.key.endswith(f"corpus.csv:row {n}")
    lines = data.split("\n")
    s3_line = next(n for n, line in enumerate(lines, 1) if line.startswith("s3,"))
    s5_line = next(n for n, line in enumerate(lines, 1) if line.startswith("s5,"))
    assert [(b.id, b.key.rsplit(":", 1)[1]) for b in bad] == [("s3", f"line {s3_line}"), ("s5", f"line {s5_line}")]
    assert bad[0].reason.startswith(f"line {s3_line}: a quote opened on line {s3_line} never closes properly")
    assert bad[1].reason.startswith(f"lines {s5_line}-") and "could not be separated" in bad[1].reason
    assert f"a quote opened on line {s5_line} never closes properly" in bad[1].reason


def test_a_quote_that_never_closes_is_bounded_and_the_records_after_it_are_read() -> None:
    data = "id,text\nq1,\"never closed\n" + "".join(f"q{i},comment number {i}\n" for i in range(2, 2000))
    rows = list(read_table(io.StringIO(data, newline=""), max_row_chars=10_000).rows)
    assert isinstance(rows[0], CsvProblem) and rows[0].cells == {"id": "q1"}
    assert rows[0].reason == ("line 2: a quote opened on line 2 has not closed within 10,000 characters; "
                              "the record could not be read")
    assert [r.cells for r in rows[1:]] == [{"id": f"q{i}", "text": f"comment number {i}"} for i in range(2, 2000)]
    assert [r.number for r in rows] == list(range(1, 2000))


def test_rows_with_the_wrong_number_of_cells_are_error_rows_naming_their_lines(tmp_path: Path) -> None:
    data = ("id,title,content\n1,One,first text\n2,Two,second text,EXTRA\n3,Three\n"
            '4,Four,"fourth text\nover two lines"\n5,Five,fifth text\n')
    items = _items(tmp_path, data)
    assert [(type(i).__name__, i.key.rsplit(":", 1)[1]) for i in items] == [
        ("Record", "row 1"), ("BadRecord", "row 2"), ("BadRecord", "row 3"), ("Record", "row 4"), ("Record", "row 5")]
    assert items[1].reason == "line 3: row has more fields than the header (4, not 3)" and items[1].id == "2"
    assert items[2].reason == "line 4: row has fewer fields than the header (2, not 3)" and items[2].id == "3"
    comments = _comments(b"id,text\nc1,hello\nc2,x,extra\nc3,bye\n")
    assert isinstance(comments[1], BadComment) and comments[1].id == "c2"
    assert comments[1].error == "line 3: row has more cells than the header (3, not 2)"
    assert [c.text for c in comments if isinstance(c, CommentRecord)] == ["hello", "bye"]


def test_stray_quotes_in_unquoted_cells_are_text(tmp_path: Path) -> None:
    rows = _fnc_rows(4)
    data = _fnc_csv(rows, {1: 's2,example.com,fake,http://example.com/2,The 12" record was "great,A title\n'})
    items = _items(tmp_path, data)
    assert [i.id for i in items if isinstance(i, Record)] == ["s1", "s2", "s3", "s4"]
    assert items[1].text == 'The 12" record was "great' and items[1].meta["title"] == "A title"
    assert "csv_note" not in items[1].meta


def test_a_quoted_cell_with_undoubled_quotes_on_one_line_is_read_as_written(tmp_path: Path) -> None:
    data = 'id,title,content\n1,One,"He said "hi, there" to me"\n2,Two,plain\n'
    first, second = _items(tmp_path, data)
    assert isinstance(first, Record) and first.text == 'He said "hi, there" to me'
    assert first.meta["csv_note"].startswith("line 2: a quoted cell holds quotes that are not doubled")
    assert isinstance(second, Record) and second.key.endswith("row 2")


# -- F11: encodings ---------------------------------------------------------------------------------------------


def test_cp1252_rows_are_repaired_and_flagged_utf8_rows_untouched(tmp_path: Path) -> None:
    data = (b"id,title,content\r\n"
            + "1,Un,\"Café crème – “quoted” — €5, naïve\"\r\n".encode()
            + "2,Deux,\"Café crème – “quoted” — €5, naïve\"\r\n".encode("cp1252")
            + b"3,Trois,caf\xc3\xa9 and cr\xe8me in one cell\r\n")
    one, two, three = _items(tmp_path, data)
    assert isinstance(one, Record) and one.text == "Café crème – “quoted” — €5, naïve"
    assert "csv_encoding" not in one.meta
    assert isinstance(two, Record) and two.text == one.text and two.meta["csv_encoding"] == "cp1252"
    assert isinstance(three, Record) and three.text == "café and crème in one cell"
    assert three.meta["csv_encoding"] == "cp1252" and "\ufffd" not in three.text


def test_comments_score_repairs_cp1252_from_stdin_too(tmp_path: Path) -> None:
    data = 'id,text\nc1,"Très bien écrit, merci"\n'.encode("cp1252")
    records = _comments(data)
    assert isinstance(records[0], CommentRecord) and records[0].text == "Très bien écrit, merci"
    proc = _cli("comments", "score", "-", input_bytes=data)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.decode().splitlines()[0])["id"] == "c1"


def test_utf8_bom_is_dropped_from_the_header(tmp_path: Path) -> None:
    items = _items(tmp_path, "\ufeffid,title,content\nx1,T,\"Café, “crème”\"\n".encode())
    assert isinstance(items[0], Record) and items[0].id == "x1" and items[0].text == "Café, “crème”"
    for source in (io.BytesIO("\ufeffid,text\nc1,hello\n".encode()), io.StringIO("\ufeffid,text\nc1,hello\n")):
        (record,) = read_records(source, "c.csv")
        assert isinstance(record, CommentRecord) and (record.id, record.text) == ("c1", "hello")


# -- line ends --------------------------------------------------------------------------------------------------


def test_crlf_files_and_quoted_newlines_read_back_exactly(tmp_path: Path) -> None:
    rows = _fnc_rows(3)
    rows[1]["content"] = "First paragraph, with a comma.\r\n\r\nSecond \"quoted\" paragraph.\nThird."
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=FIELDS)  # \r\n line ends, as Excel and csv.writer write them
    writer.writeheader()
    writer.writerows(rows)
    items = _items(tmp_path, out.getvalue())
    assert [(i.id, i.text, i.key.rsplit(":", 1)[1]) for i in items] == [
        (r["id"], r["content"], f"row {n}") for n, r in enumerate(rows, 1)]


def test_a_lone_carriage_return_inside_a_cell_of_an_lf_file_is_text(tmp_path: Path) -> None:
    # csv.writer (and pandas) with "\n" line ends leave a lone "\r" unquoted inside a cell
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([["id", "title", "content"], ["1", "a\rb", "x\ry"], ["2", "t", "z"]])
    assert '"' not in out.getvalue()
    first, second = _items(tmp_path, out.getvalue())
    assert isinstance(first, Record) and first.text == "x\ry" and first.meta["title"] == "a\rb"
    assert isinstance(second, Record) and second.text == "z"


def test_old_mac_line_ends_still_split_records() -> None:
    rows = list(read_table(io.BytesIO(b"id,text\rc1,hello\rc2,\"two\rlines\"\r")).rows)
    assert [r.cells for r in rows if isinstance(r, CsvRow)] == [{"id": "c1", "text": "hello"},
                                                                  {"id": "c2", "text": "two\rlines"}]


# -- size and odd files -----------------------------------------------------------------------------------------


def test_a_ten_megabyte_cell_is_one_record(tmp_path: Path) -> None:
    big = "word, \"quoted\" " * (10 * 2**20 // 15)
    out = io.StringIO(newline="")
    csv.writer(out).writerows([["id", "title", "content"], ["1", "Big", big], ["2", "Small", "small"]])
    first, second = _items(tmp_path, out.getvalue())
    assert isinstance(first, Record) and first.text == big
    assert isinstance(second, Record) and second.key.endswith("row 2")


def test_an_empty_csv_file_is_named_not_silently_skipped(tmp_path: Path) -> None:
    (bad,) = _items(tmp_path, b"", "empty.csv")
    assert isinstance(bad, BadRecord) and "empty CSV file" in bad.reason
    assert _items(tmp_path, "id,title,content\n\n", "header_only.csv") == []


def test_comments_reader_takes_bytes_and_tells_jsonl_from_csv() -> None:
    (jsonl,) = read_records(io.BytesIO(b'{"id": "j1", "text": "caf\xc3\xa9"}\n'), "<stdin>")
    assert isinstance(jsonl, CommentRecord) and (jsonl.id, jsonl.text) == ("j1", "café")
    first, second = read_records(io.BytesIO(b'id,text\nc1,"a, b"\nc2,c\n'), "<stdin>")
    assert isinstance(first, CommentRecord) and first.text == "a, b" and first.number == 1
    assert isinstance(second, CommentRecord) and second.number == 2
