"""What every record reader shares: the record that could not be read, and JSON Lines read an object a line.

The corpus readers (``batch/records.py``: ``batch``, ``archive add``, :func:`newsaudit.audit_many`) and the
readers of comments and sentences given directly (``moderation/records.py``: ``comments score``, ``claims
score``, the service) differ in what a record is, but not in how a line or a row is read: CSV through
:mod:`newsaudit.io.csv_rows`, JSON Lines through :func:`json_rows`, and an input that is no record is one
:class:`BadRecord` naming it, after which reading goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newsaudit.errors import describe, json_type


@dataclass(frozen=True)
class BadRecord:
    """An input that could not be read as a record, and why.

    ``key`` says where it is (``FILE:line 3`` for a corpus, ``record 3`` for comments given directly); ``id`` is
    the record's own id where one could be read (comments: None when none could); ``number`` is its 1-based
    place in a stream of comments or sentences (0 for corpus readers, which name records by ``key``).
    """

    key: str
    id: str | None
    reason: str
    number: int = 0

    @property
    def error(self) -> str:
        """:attr:`reason`, by the name the comment readers' error rows give it."""
        return self.reason


@dataclass(frozen=True)
class NotAnObject:
    """A JSON line that is no JSON object: ``reason`` says why, ``error`` is the decoder's when it is no JSON."""

    reason: str
    error: ValueError | None = None


def json_rows(lines: Iterable[str | bytes]) -> Iterator[tuple[int, dict[str, Any] | NotAnObject]]:
    """``(line number, object)`` for each line of JSON Lines (text, or bytes in any encoding JSON allows), or
    ``(line number, NotAnObject)`` for a line that is not a JSON object. Blank lines are skipped, but counted."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, NotAnObject(f"invalid JSON: {exc.msg} at column {exc.colno}", exc)
            continue
        except UnicodeDecodeError as exc:
            yield number, NotAnObject(f"invalid JSON: {describe(exc)}", exc)
            continue
        if not isinstance(value, dict):
            yield number, NotAnObject(f"expected a JSON object, got {json_type(value)}")
            continue
        yield number, value
