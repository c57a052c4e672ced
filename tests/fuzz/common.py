"""Seeds and the invariants every fuzzer checks.

One place for both, so that the Hypothesis properties (tests/test_properties_*.py), the atheris harnesses
(tests/fuzz/fuzz_*.py) and the replay of saved crashers (tests/fixtures/fuzz/) assert the same thing. The
invariants are the public promises of the readers and of the page model:

- a single page is audited or refused with a :class:`~newsaudit.errors.NewsauditError`, never anything else;
- corpus readers never raise: they yield a ``Record`` or a ``BadRecord``, each under its own key;
- every span lies inside the page text, blocks nest only where the page model says they may, the comment
  thread is a tree, and the JSON report validates and reads back to the same page.

A failing check run under ``NEWSAUDIT_FUZZ_SAVE=1`` (``make fuzz``) leaves its input in tests/fixtures/fuzz/
when the process ends: the last failure of each test, which under Hypothesis is the shrunk example.
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import io
import itertools
import json
import math
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from newsaudit.batch.records import BadRecord, Item, Record, read_input
from newsaudit.errors import NewsauditError
from newsaudit.io.loader import LoadedInput, load_bytes
from newsaudit.moderation import records as comment_records
from newsaudit.page import BlockType, Page
from newsaudit.report.json_report import to_json, validate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fuzz"

#: Hypothesis ``max_examples`` of the quick profile; tests scale their own budgets against it (see ``examples``).
QUICK_EXAMPLES = 10


# -- seeds ---------------------------------------------------------------------------------------------------


def canonical_text() -> str:
    return resources.files("newsaudit").joinpath("examples", "syria-repost-with-comments.txt").read_text("utf-8")


STORY = (
    "WASHINGTON (Reuters) - The Senate passed the bill on Tuesday, officials said. The vote was 60 to 40 "
    "after a long debate.\n\nThe bill now goes to the House, where leaders said they would take it up next week."
)

SMALL_DUMP = (
    "Senate passes the bill\n\nBy Jane Doe\n\n" + STORY + "\n\n(Reporting by Jane Doe; Editing by Tom Brown)\n\n"
    "2 thoughts on “Senate passes the bill”\n\n  1. John says:\n    March 3, 2017 at 4:12 pm\n"
    "    I agree with the vote.\n\n      2. Mary says:\n        @John Thanks, me too.\n\nLeave a Reply\n"
)

SMALL_HTML = (
    "<!DOCTYPE html><html><head><title>Senate passes the bill</title></head><body><article>"
    "<h1>Senate passes the bill</h1><p>WASHINGTON (Reuters) - The Senate passed the bill on Tuesday, officials "
    "said. The vote was 60 to 40.</p><p>The bill now goes to the House next week, leaders said.</p></article>"
    '<div id="comments"><h2>2 thoughts on “Senate passes the bill”</h2><ol class="comment-list">'
    '<li class="comment" id="comment-1"><div class="comment-author"><cite class="fn">John</cite></div>'
    '<div class="comment-content"><p>I agree with the vote.</p></div><ol class="children">'
    '<li class="comment" id="comment-2"><div class="comment-author"><cite class="fn">Mary</cite></div>'
    '<div class="comment-content"><p>Thanks, me too.</p></div></li></ol></li></ol></div></body></html>'
)


@dataclass(frozen=True)
class Row:
    """One corpus record as a CSV, JSONL or Parquet row."""

    id: str
    text: str
    title: str = ""
    url: str = ""

    def mapping(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "url": self.url, "content": self.text}


def csv_bytes(rows: Sequence[Row], encoding: str = "utf-8", lineterminator: str = "\r\n",
              quote_all: bool = False) -> bytes:
    """Rows as csv.writer writes them: the file a careful exporter makes.

    Minimal quoting quotes a field only for the characters of its own line terminator, so with ``\n`` a field's
    trailing ``\r`` would be written bare and read as part of a CRLF: such rows need ``quote_all``.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=lineterminator, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(["id", "title", "url", "content"])
    for row in rows:
        writer.writerow([row.id, row.title, row.url, row.text])
    return out.getvalue().encode(encoding)


def jsonl_bytes(rows: Sequence[Row], ensure_ascii: bool = True) -> bytes:
    return b"".join((json.dumps(r.mapping(), ensure_ascii=ensure_ascii) + "\n").encode("utf-8") for r in rows)


def parquet_bytes(rows: Sequence[Row], row_group_size: int = 2) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({k: [r.mapping()[k] for r in rows] for k in ("id", "title", "url", "content")})
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=max(1, row_group_size))
    return sink.getvalue()


def warc_bytes(pages: Sequence[tuple[str, bytes]], compress: bool = True) -> bytes:
    """HTML responses (url, body) as a WARC file, one gzip member per record when ``compress``."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    sink = io.BytesIO()
    writer = WARCWriter(sink, gzip=compress)
    for url, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return sink.getvalue()


SEED_ROWS = [
    Row("s1", SMALL_DUMP, "Senate passes the bill", "https://news.example/a"),
    Row("s2", 'He said "hi", then left.\r\nNext line, with a comma.', "Quotes, commas", ""),
    Row("s3", "Café crème — naïve résumé ✓ 日本語", "Ünïcode", "https://news.example/ü"),
]


def seeds() -> dict[str, list[bytes]]:
    """Seed inputs per fuzz target (see ``TARGETS``)."""
    canonical = canonical_text().encode("utf-8")
    pages = [("https://news.example/a", SMALL_HTML.encode()), ("https://news.example/b", b"<html><p>x</p></html>")]
    return {
        "loader": [canonical, SMALL_DUMP.encode(), SMALL_HTML.encode(), SMALL_DUMP.encode("cp1252", "replace"),
                   SMALL_DUMP.encode("utf-16")],
        "html": [SMALL_HTML.encode(), b"<html><body>" + b"<div>" * 300 + b"<p>deep</p>" + b"</div>" * 300],
        "anatomy": [canonical, SMALL_DUMP.encode()],
        "csv": [csv_bytes(SEED_ROWS), csv_bytes(SEED_ROWS, "utf-8-sig"), b'id,text\nq1,"open\nq2,b\n'],
        "jsonl": [jsonl_bytes(SEED_ROWS), jsonl_bytes(SEED_ROWS, ensure_ascii=False), b'{"id": 1}\n[1]\n\n{bad\n'],
        "parquet": [parquet_bytes(SEED_ROWS)],
        "warc": [warc_bytes(pages, compress=False)],
        "warcgz": [warc_bytes(pages, compress=True)],
        "comments_csv": [b"id,text\nc1,hello\nc2,\"a, b\"\"c\"\"\"\n"],
        "comments_jsonl": [b'{"id": "c1", "text": "hello"}\n{"id": 2, "text": null}\n\nnot json\n'],
    }


# -- saving failures as fixtures ---------------------------------------------------------------------------

_last_failure: dict[str, tuple[str, bytes]] = {}


def _write_failures() -> None:
    for test, (target, data) in _last_failure.items():
        digest = hashlib.sha1(data).hexdigest()[:12]
        path = FIXTURES / f"{target}-found-{digest}"
        if not path.exists():
            FIXTURES.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"fuzz: saved the failing input of {test} as {path}")


if os.environ.get("NEWSAUDIT_FUZZ_SAVE"):
    atexit.register(_write_failures)


@contextmanager
def remembered(target: str, data: bytes) -> Iterator[None]:
    """Remember ``data`` as the latest failing input of the running test if the block fails."""
    try:
        yield
    except BaseException:
        test = os.environ.get("PYTEST_CURRENT_TEST", target).split(" ")[0]
        _last_failure[test] = (target, bytes(data))
        raise


# -- invariants: single pages ----------------------------------------------------------------------------------


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _readable(text: str) -> bool:
    """Text a person could have written: something visible, no control characters but line breaks and tabs."""
    return bool(text.strip()) and not any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text)


def plain_text_of(data: bytes) -> str | None:
    """The text ``data`` unmistakably holds: readable UTF-8 without a BOM, or readable text behind a UTF-8 or
    UTF-16 byte-order mark; None when the bytes say less than that."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                return None
            return text if _readable(text) else None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if _readable(text) else None


def load_checked(data: bytes) -> LoadedInput | None:
    """``load_bytes`` gives decoded text or refuses with a NewsauditError (None here); readable text in UTF-8, or
    behind a byte-order mark, is never refused and decodes to itself."""
    with remembered("loader", data):
        expected = plain_text_of(data)
        try:
            loaded = load_bytes(data, name="fuzz")
        except NewsauditError as exc:
            assert expected is None, f"readable text refused: {exc}"
            return None
        assert isinstance(loaded.text, str) and isinstance(loaded.is_html, bool) and loaded.encoding
        assert loaded.text.strip(), "an accepted input has text"
        if expected is not None:
            assert loaded.text.lstrip("\ufeff") == expected.lstrip("\ufeff"), "the text is not what the bytes say"
        return loaded


#: Blocks that never overlap one another: everything but the dateline, which lies inside a paragraph.
_NESTED = {BlockType.DATELINE}


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def page_problems(page: Page) -> list[str]:
    """What is wrong with a page by the page model's rules (empty when nothing is)."""
    problems: list[str] = []
    n = len(page.text)
    for kind, items in (("block", page.blocks), ("comment", page.comments), ("finding", page.findings)):
        for item in items:
            if not 0 <= item.start <= item.end <= n:
                problems.append(f"{kind} span [{item.start}, {item.end}) outside text of length {n}")
    if problems:
        return problems
    for b in page.blocks:
        if not page.text[b.start : b.end].strip():
            problems.append(f"{b.type.value} block [{b.start}, {b.end}) holds no text")
    flat = sorted((b for b in page.blocks if b.type not in _NESTED), key=lambda b: (b.start, b.end))
    for a, b in itertools.pairwise(flat):
        if b.start < a.end:
            problems.append(f"{a.type.value} [{a.start}, {a.end}) overlaps {b.type.value} [{b.start}, {b.end})")
    paragraphs = page.blocks_of(BlockType.PARAGRAPH)
    for d in page.blocks_of(BlockType.DATELINE):
        if not any(p.start <= d.start and d.end <= p.end for p in paragraphs):
            problems.append(f"dateline [{d.start}, {d.end}) lies in no paragraph")
        place = d.attrs.get("place")
        if place and _norm(place) not in _norm(page.slice(d)):
            problems.append(f"dateline place {place!r} is not in its text {page.slice(d)!r}")
    problems += _thread_problems(page)
    problems += _summary_problems(page)
    for f in page.findings:
        if not math.isfinite(f.score):
            problems.append(f"finding {f.stage}/{f.label} has score {f.score}")
    return problems


def _thread_problems(page: Page) -> list[str]:
    problems: list[str] = []
    by_id = {c.id: c for c in page.comments}
    if len(by_id) != len(page.comments):
        repeated = sorted(k for k, v in Counter(c.id for c in page.comments).items() if v > 1)
        problems.append(f"comment ids repeat: {repeated}")
    ordered = sorted(page.comments, key=lambda c: (c.start, c.end))
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            problems.append(f"comment {a.id} [{a.start}, {a.end}) overlaps comment {b.id} [{b.start}, {b.end})")
    comment_blocks = {(b.start, b.end) for b in page.blocks_of(BlockType.COMMENT)}
    for c in page.comments:
        if (c.start, c.end) not in comment_blocks:
            problems.append(f"comment {c.id} [{c.start}, {c.end}) has no comment block with its span")
        if c.parent is None:
            if c.depth != 0:
                problems.append(f"top-level comment {c.id} has depth {c.depth}")
        elif c.parent not in by_id:
            problems.append(f"comment {c.id} replies to missing comment {c.parent!r}")
        else:
            parent = by_id[c.parent]
            if c.depth != parent.depth + 1:
                problems.append(f"comment {c.id} has depth {c.depth}, its parent {parent.id} {parent.depth}")
            if parent.start > c.start:
                problems.append(f"reply {c.id} comes before its parent {parent.id} in the text")
        if c.author and _norm(c.author) not in _norm(page.text):
            problems.append(f"comment {c.id} author {c.author!r} is not in the page text")
        for name in c.meta.get("mentions", []):
            if _norm(name) not in _norm(page.slice(c)):
                problems.append(f"comment {c.id} mentions {name!r}, which its text does not hold")
    if len(page.blocks_of(BlockType.COMMENT)) != len(page.comments):
        problems.append(f"{len(page.blocks_of(BlockType.COMMENT))} comment blocks for {len(page.comments)} comments")
    for b in page.blocks:
        cid = b.attrs.get("comment_id") or b.attrs.get("comment")
        if cid is not None and cid not in by_id:
            problems.append(f"{b.type.value} block [{b.start}, {b.end}) names missing comment {cid!r}")
    return problems


def _summary_problems(page: Page) -> list[str]:
    """The anatomy summary must say what the blocks say."""
    summary = page.summary.get("anatomy")
    if not summary:
        return []
    problems: list[str] = []
    counts = Counter(b.type.value for b in page.blocks)
    if summary["block_counts"] != dict(counts):
        problems.append(f"summary block_counts {summary['block_counts']} != blocks {dict(counts)}")
    if summary["title"] != page.title:
        problems.append(f"summary title {summary['title']!r} != title block {page.title!r}")
    datelines = page.blocks_of(BlockType.DATELINE)
    if summary["dateline"] is not None and (not datelines or summary["dateline"] != page.slice(datelines[0])):
        problems.append(f"summary dateline {summary['dateline']!r} is not the dateline block's text")
    if summary["comments_found"] != len(page.comments):
        problems.append(f"summary comments_found {summary['comments_found']} != {len(page.comments)} comments")
    if summary["replies"] != sum(1 for c in page.comments if c.parent):
        problems.append("summary replies does not count the comments with a parent")
    for b in page.blocks_of(BlockType.BYLINE):
        for author in b.attrs.get("authors", []):
            if _norm(author) not in _norm(page.slice(b)):
                problems.append(f"byline author {author!r} is not in the byline {page.slice(b)!r}")
    return problems


def report_problems(page: Page) -> list[str]:
    """The JSON report validates, and reads back into the same page."""
    try:
        data = json.loads(to_json(page))
        validate(data)
    except ValueError as exc:
        return [f"JSON report: {exc}"]
    again = json.loads(to_json(Page.from_dict(data)))
    if again != data:
        differing = sorted(k for k in data if data.get(k) != again.get(k))
        return [f"Page.from_dict(to_dict) differs in {differing}"]
    return []


def check_page(page: Page) -> None:
    problems = page_problems(page) + report_problems(page)
    assert not problems, "\n".join(problems)


def audit_checked(audit: Callable[..., Page], text: str, target: str = "anatomy", **meta: Any) -> Page | None:
    """Audit ``text`` with ``audit`` (a Pipeline's ``audit``): a valid page, or a NewsauditError (None here)."""
    with remembered(target, text.encode("utf-8", "surrogatepass")):
        try:
            page = audit(text, **meta)
        except NewsauditError:
            return None
        check_page(page)
        return page


def html_checked(html: str) -> Page | None:
    """``page_from_html`` gives a valid page or refuses with InputError (None here)."""
    from newsaudit.io.html import page_from_html

    with remembered("html", html.encode("utf-8", "surrogatepass")):
        try:
            page = page_from_html(html, name="fuzz")
        except NewsauditError:
            return None
        check_page(page)
        regions = page.meta["regions"]
        a_start, a_end = regions["article"]
        assert 0 <= a_start <= a_end <= len(page.text), f"article region {regions['article']} outside the text"
        return page


# -- invariants: corpus readers --------------------------------------------------------------------------------


def items_problems(items: Sequence[Any], path: Path) -> list[str]:
    problems: list[str] = []
    keys = Counter(getattr(i, "key", None) for i in items)
    repeated = [k for k, n in keys.items() if n > 1]
    if repeated:
        problems.append(f"keys repeat: {repeated[:5]}")
    for item in items:
        if not isinstance(item, Record | BadRecord):
            problems.append(f"yielded {type(item).__name__}, not Record or BadRecord")
            continue
        if not (isinstance(item.key, str) and item.key.startswith(str(path))):
            problems.append(f"key {item.key!r} does not start with the input's path")
        if not isinstance(item.id, str):
            problems.append(f"id {item.id!r} is not a string")
        if isinstance(item, Record) and not isinstance(item.text, str | bytes):
            problems.append(f"record {item.key} has text of type {type(item.text).__name__}")
        if isinstance(item, BadRecord) and not item.reason:
            problems.append(f"bad record {item.key} gives no reason")
    return problems


def read_path_checked(path: Path) -> list[Item]:
    """``read_input`` of a path: never raises, unique keys that name the input."""
    items = list(read_input(path))
    problems = items_problems(items, path)
    assert not problems, "\n".join(problems)
    return items


SUFFIXES = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet", "warc": ".warc", "warcgz": ".warc.gz",
            "page": ".txt"}


def read_checked(data: bytes, target: str) -> list[Item]:
    """Write ``data`` as a file of the target's form and read it back with ``read_input``."""
    with remembered(target, data), tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "input" + SUFFIXES[target])
        path.write_bytes(data)
        return read_path_checked(path)


def comments_checked(data: bytes, target: str) -> list[Any]:
    """``comments score`` readers: every item a CommentRecord or BadRecord, numbered uniquely and in order."""
    fmt = "csv" if target == "comments_csv" else "jsonl"
    with remembered(target, data):
        text = data.decode("utf-8", "replace")
        items = list(comment_records.read_records(io.StringIO(text), "fuzz." + fmt, fmt))
        numbers = [i.number for i in items]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), f"record numbers {numbers}"
        for item in items:
            assert isinstance(item, comment_records.CommentRecord | comment_records.BadRecord), type(item)
            if isinstance(item, comment_records.CommentRecord):
                assert isinstance(item.id, str) and item.id, f"record {item.number} has id {item.id!r}"
                assert item.text.strip() and "\x00" not in item.text
                assert len(item.text) <= comment_records.MAX_COMMENT_CHARS
            else:
                assert item.error, f"bad record {item.number} gives no reason"
        return items


# -- replay -------------------------------------------------------------------------------------------------------


def _anatomy() -> Callable[..., Page]:
    from newsaudit.pipeline import Pipeline, PipelineConfig

    global _anatomy_pipeline
    if _anatomy_pipeline is None:
        _anatomy_pipeline = Pipeline(PipelineConfig(stages=("anatomy",)))
    return _anatomy_pipeline.audit


_anatomy_pipeline: Any = None


def _anatomy_target(data: bytes) -> None:
    audit_checked(_anatomy(), data.decode("utf-8", "replace"))


def _loader_target(data: bytes) -> None:
    loaded = load_checked(data)
    if loaded is not None and loaded.is_html:
        html_checked(loaded.text)


def _html_target(data: bytes) -> None:
    """page_from_html alone, then the anatomy of the page it builds."""
    text = data.decode("utf-8", "replace")
    if html_checked(text) is not None:
        _anatomy()  # builds the pipeline
        audit_checked(lambda t: _anatomy_pipeline.audit_loaded(LoadedInput(t, True, "str", "fuzz")), text, "html")


#: fixture name prefix (before the first "-") -> the check that replays it
TARGETS: dict[str, Callable[[bytes], object]] = {
    "loader": _loader_target,
    "html": _html_target,
    "anatomy": _anatomy_target,
    **{t: (lambda data, t=t: read_checked(data, t)) for t in ("csv", "jsonl", "parquet", "warc", "warcgz", "page")},
    "comments_csv": lambda data: comments_checked(data, "comments_csv"),
    "comments_jsonl": lambda data: comments_checked(data, "comments_jsonl"),
}


def fixture_files() -> list[Path]:
    if not FIXTURES.is_dir():
        return []
    return sorted(p for p in FIXTURES.iterdir() if p.is_file() and p.name.split("-")[0] in TARGETS)

