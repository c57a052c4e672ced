"""The machine-readable report: a Page as JSON, and a check that a JSON report is one.

The JSON report is the contract with other tools (dashboards, batch jobs,
evaluation), so it is described by a shipped JSON Schema and checked before it
is trusted; see docs/report-schema.md for the versioning policy.
"""

from __future__ import annotations

import copy
import enum
import functools
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from importlib import resources
from pathlib import PurePath
from typing import Any

from newsaudit.page import LONG_LISTS, SCHEMA_VERSION, Page

#: Stop listing schema errors after this many: the first few say what is wrong.
MAX_ERRORS = 10


def _json_default(value: Any) -> Any:
    """Write the few non-JSON values a stage may leave in meta/attrs instead of failing the report."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    raise TypeError(f"value of type {type(value).__name__} is not JSON serialisable: {value!r:.80}")


def to_json(page: Page, include_text: bool = True, indent: int | None = 2) -> str:
    """Serialise a page as its JSON report (UTF-8 text kept readable, not \\u-escaped)."""
    return "".join(iter_json(page, include_text, indent))


def iter_json(page: Page, include_text: bool = True, indent: int | None = 2) -> Iterator[str]:
    """The text of ``to_json`` in pieces: one per block, comment and finding, one per other entry.

    Written piece by piece (``writelines``), a report is never held as one string: a page with
    200,000 comments makes a report of about 140 MB, and ``json.dumps`` of it took a gigabyte.

    Each piece is ``json.dumps`` of one item, indented to its depth in the report, so the pieces
    join to exactly what ``json.dumps`` of ``page.to_dict()`` gives (JSON strings hold no raw
    newline, so re-indenting a piece's lines cannot touch its content).
    """
    try:
        if indent is None:  # one line (JSONL): the C encoder is fast, and such reports go to batch rows
            yield _dumps(page.to_dict(include_text=include_text), None)
            return
        pad = " " * indent
        separator = "{\n"
        for key, value in page.report_items(include_text):
            yield f"{separator}{pad}{_dumps(key, indent)}: "
            separator = ",\n"
            if key in LONG_LISTS:
                yield from _iter_list(value, indent, pad)
            else:
                yield _dumps(value, indent).replace("\n", "\n" + pad)
        yield "\n}"
    except ValueError as exc:  # NaN/Infinity: a stage bug, but say where to look
        raise ValueError(f"cannot write JSON report: {exc} (is a finding score NaN or infinite?)") from exc
    except TypeError as exc:
        raise ValueError(f"cannot write JSON report: {exc}") from exc


def _iter_list(items: Iterable[Any], indent: int, pad: str) -> Iterator[str]:
    """A list one level below the top, one item per piece, laid out as ``json.dumps`` lays it out."""
    separator = "[\n"
    for item in items:
        yield separator + pad * 2 + _dumps(item, indent).replace("\n", "\n" + pad * 2)
        separator = ",\n"
    yield "[]" if separator == "[\n" else "\n" + pad + "]"


def _dumps(value: Any, indent: int | None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False, default=_json_default)


@functools.cache
def _schema_text() -> str:
    return resources.files("newsaudit.report").joinpath("schema.json").read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The report JSON Schema shipped in the package (a fresh copy the caller may modify)."""
    return copy.deepcopy(json.loads(_schema_text()))


@functools.cache
def _validator() -> Any:
    try:
        import jsonschema
    except ImportError as exc:  # jsonschema is a dev extra; the CLI may run without it
        raise RuntimeError("validating reports needs the 'jsonschema' package (pip install jsonschema)") from exc
    schema = json.loads(_schema_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _where(path: Iterable[Any]) -> str:
    """Turn a jsonschema path deque into 'blocks[3].type' (what a person would type to look)."""
    out = "report"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _check_version(data: dict[str, Any]) -> None:
    version = data.get("schema_version")
    if not isinstance(version, str):
        raise ValueError(f"report has no valid 'schema_version' (got {version!r}; this is {SCHEMA_VERSION})")
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(
            f"unsupported report schema version {version!r} (this is {SCHEMA_VERSION}; "
            "a different major version is a breaking change)"
        )


def _check_offsets(data: dict[str, Any]) -> list[str]:
    """What JSON Schema cannot say: spans are ordered, lie inside the text, and replies have parents."""
    problems: list[str] = []
    length = data["text_length"]
    if "text" in data and len(data["text"]) != length:
        problems.append(f"report.text_length: is {length} but the text has {len(data['text'])} characters")
    for key in ("blocks", "comments", "findings"):
        for i, item in enumerate(data[key]):
            start, end = item["start"], item["end"]
            if not start <= end <= length:
                problems.append(f"report.{key}[{i}]: span [{start}, {end}) is not inside text of length {length}")
    ids = [c["id"] for c in data["comments"]]
    seen: set[str] = set()
    for i, cid in enumerate(ids):
        if cid in seen:
            problems.append(f"report.comments[{i}].id: {cid!r} is used by more than one comment")
        seen.add(cid)
    for i, c in enumerate(data["comments"]):
        if c["parent"] is not None and c["parent"] not in seen:
            problems.append(f"report.comments[{i}].parent: no comment has id {c['parent']!r}")
    return problems


def validate(data: dict[str, Any]) -> None:
    """Raise ValueError listing what is wrong if ``data`` is not a valid report of this major version."""
    if not isinstance(data, dict):
        raise ValueError(f"a report is a JSON object, not {type(data).__name__}")
    _check_version(data)
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    problems = [f"{_where(e.absolute_path)}: {e.message}" for e in errors]
    if not problems:  # offsets can only be checked once the shape is right
        problems = _check_offsets(data)
    if problems:
        shown = problems[:MAX_ERRORS]
        more = len(problems) - len(shown)
        lines = [f"invalid newsaudit report (schema {SCHEMA_VERSION}):", *(f"  - {p}" for p in shown)]
        if more:
            lines.append(f"  … and {more} more")
        raise ValueError("\n".join(lines))
