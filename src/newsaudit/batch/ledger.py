"""The run's ledger: ``results.jsonl``, ``errors.jsonl`` (and ``parts.jsonl`` when cluster workers write their
own rows, see :mod:`newsaudit.batch.parts`), read back (and repaired) when a run resumes.

A record is done when its row is in one of the two files (or its partition's receipt in ``parts.jsonl``), so
these files decide what ``--resume`` skips.
They can be damaged: a crash tears the last line, a disk error or a hand edit garbles a line in the middle,
and a file written before runs were locked can hold a key twice. Repair keeps every good row, once: a torn
last line is cut off (its record is audited again); garbled lines and repeated keys are moved, byte for
byte, to ``<name>.damaged`` beside the file (nothing is thrown away), and the file is rewritten without them
through a temporary file and an atomic rename, so a crash during repair leaves the old file whole.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsaudit.batch.records import absolute_key

#: The ledger files of a run's folder.
RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"
PARTS = "parts.jsonl"  # receipts of the partitions cluster workers wrote themselves (parts.py)


@dataclass
class LedgerRepair:
    """What reading one ledger file found and did."""

    path: Path
    keys: set[str] = field(default_factory=set)
    rows: int = 0
    torn_bytes: int = 0  # a last line cut short, removed
    damaged: int = 0  # lines that are not a row, moved to the .damaged file
    repeated: int = 0  # rows whose key an earlier row has, moved to the .damaged file

    @property
    def changed(self) -> bool:
        return bool(self.torn_bytes or self.damaged or self.repeated)

    def describe(self) -> str:
        parts = []
        if self.torn_bytes:
            parts.append(f"removed a last line cut short by a crash ({self.torn_bytes:,} bytes)")
        if self.damaged:
            parts.append(f"moved {self.damaged:,} damaged line(s)")
        if self.repeated:
            parts.append(f"moved {self.repeated:,} repeated row(s)")
        where = f" to {damaged_path(self.path).name}" if self.damaged or self.repeated else ""
        return f"{self.path.name}: " + ", ".join(parts) + where


def damaged_path(path: Path) -> Path:
    return path.with_name(path.name + ".damaged")


def row_keys(raw: bytes) -> list[str] | None:
    """The key of a well-formed row line (a list of one), or None for a line that is not one."""
    try:
        row = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(row, dict) or not isinstance(row.get("key"), str) or not isinstance(row.get("ok"), bool):
        return None
    return [row["key"]]


def read_ledger(path: Path, repair: bool = True,
                keys_of: Callable[[bytes], list[str] | None] = row_keys) -> LedgerRepair:
    """Keys of the rows in ``path`` and, with ``repair``, the file left holding each good row once.

    ``keys_of`` reads the keys a line accounts for: one for a row; those of a partition for a receipt of
    ``parts.jsonl`` (a receipt naming a key an earlier line has is moved aside whole, so its records are
    audited again rather than counted twice). A relative key, from a run begun before input keys were
    absolute, counts in its absolute form too, taken from the current folder: such a run resumes from the
    folder it was started in.
    """
    report = LedgerRepair(path)
    if not path.exists():
        return report
    bad: list[tuple[int, int]] = []  # (offset, length) of lines to move aside
    offset = 0
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                report.torn_bytes = len(raw)
                break
            keys = keys_of(raw)
            if keys is None:
                report.damaged += 1
                bad.append((offset, len(raw)))
            elif len(set(keys)) < len(keys) or any(key in report.keys for key in keys):
                report.repeated += 1
                bad.append((offset, len(raw)))
            else:
                report.rows += 1
                for key in keys:
                    report.keys.update((key, absolute_key(key)))
            offset += len(raw)
    if repair and report.changed:
        _rewrite(path, bad, end=offset)
    return report


def _rewrite(path: Path, bad: list[tuple[int, int]], end: int) -> None:
    """Move the ``bad`` lines to the .damaged file and keep the rest up to ``end``, atomically."""
    if not bad:  # only a torn tail: cutting it off is atomic enough (the rows before it are untouched)
        with path.open("r+b") as handle:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
        return
    moved = {start for start, _ in bad}
    temp = path.with_name(path.name + ".repair")
    with path.open("rb") as source, temp.open("wb") as kept, damaged_path(path).open("ab") as aside:
        offset = 0
        for raw in source:
            if offset >= end:
                break
            if offset in moved:
                aside.write(raw)
            else:
                kept.write(raw)
            offset += len(raw)
        kept.flush()
        aside.flush()
        os.fsync(kept.fileno())
        os.fsync(aside.fileno())
    os.replace(temp, path)
