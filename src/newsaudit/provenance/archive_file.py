"""The archive's file: recognised before it is touched, read without write access, written by one add at a time.

Why the care: ``--archive`` names a file the user may have mistyped. Another program's SQLite
database must be refused with not a byte of it changed, so the file is identified from its header
(SQLite's ``application_id``, which every archive carries) and, for archives written before that
mark existed, from a read-only look at its tables. Only a missing or empty file becomes an archive.

Writers put the archive in WAL mode, so readers (audits, batch workers) neither wait for an add
nor make it wait. Adds take turns through an advisory lock file next to the archive
(``ARCHIVE.lock``): a second add waits, bounded, instead of failing on SQLite's lock after 5 s. A
lock file rather than SQLite's own lock because an add spans many transactions, and a lock file's
lock dies with its process, so a killed add never leaves the archive locked.

WAL keeps its index in shared memory, which a network filesystem does not share between hosts: so an
add ends by switching the archive back to a rollback journal when no reader has it open, and a finished
archive is one plain file that Dask workers on other hosts read over a shared filesystem. An archive must
still not be written on one host while another host reads it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from filelock import FileLock, Timeout

from newsaudit.errors import NewsauditError

#: The mark in the SQLite header (``PRAGMA application_id``) that makes a file a newsaudit archive: "nwsa".
APPLICATION_ID = 0x6E777361
#: The same mark in the ``meta`` table, for people reading the file with other tools.
APPLICATION = "newsaudit-archive"
#: How long a writer waits for another to finish, and a reader for a lock, by default (seconds).
DEFAULT_WAIT = 600.0

_SQLITE_MAGIC = b"SQLite format 3\x00"
#: What an archive written before the mark holds; anything else unmarked is another program's database.
_UNMARKED_TABLES = {"meta", "docs", "postings"}
_UNMARKED_KEYS = {"format", "shingle", "sample"}

FileKind = Literal["new", "marked", "unmarked"]


class ArchiveError(NewsauditError):
    """The archive file is missing, not an archive, of another format version, or cannot be read or written."""


class ArchiveBusy(ArchiveError):
    """Another writer held the archive for longer than this one would wait; this one wrote nothing."""


def archive_files(path: Path) -> list[Path]:
    """The archive and what SQLite and the writer lock keep beside it: what to remove to remove an archive."""
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm", ".lock"))]


def identify(path: Path) -> FileKind:
    """What ``path`` holds, found without changing it: ``new`` (missing or 0 bytes), ``marked`` or ``unmarked``.

    Anything else (not SQLite, another application's mark, an unmarked database without the
    archive's tables) is an ArchiveError naming the file.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        header = b""
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot read the archive ({exc.strerror or exc})") from exc
    if not header:
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size:  # a WAL database not yet checkpointed: its pages are all in there
            raise ArchiveError(f"{path}: not a newsaudit archive (empty, but {wal.name} beside it holds a database); "
                               "left untouched")
        return "new"
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise ArchiveError(f"{path}: not a newsaudit archive (file is not a database)")
    application = int.from_bytes(header[68:72], "big")
    if application == APPLICATION_ID:
        return "marked"
    if application:
        raise ArchiveError(
            f"{path}: not a newsaudit archive (an SQLite database of another application, id {application:#x}); "
            "left untouched"
        )
    tables, keys = _peek(path, wal=header[18] == 2)
    if tables >= _UNMARKED_TABLES and keys >= _UNMARKED_KEYS:
        return "unmarked"
    shown = "tables: " + ", ".join(sorted(tables)[:5]) if tables else "no tables"
    raise ArchiveError(f"{path}: not a newsaudit archive but another SQLite database ({shown}); left untouched")


def _peek(path: Path, wal: bool) -> tuple[set[str], set[str]]:
    """Table names and ``meta`` keys of an unmarked database, read-only.

    A WAL database is opened as immutable: a plain read-only reader would leave ``-wal`` and
    ``-shm`` files next to someone else's database.
    """
    try:
        with contextlib.closing(sqlite3.connect(_uri(path, immutable=wal), uri=True)) as db:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            keys = {key for (key,) in db.execute("SELECT key FROM meta")} if "meta" in tables else set()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path}: not a newsaudit archive ({exc}); left untouched") from exc
    return tables, keys


def _uri(path: Path, immutable: bool = False) -> str:
    return path.absolute().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def connect_reader(path: Path, wait: float) -> sqlite3.Connection:
    """A read-only connection to an identified archive: it needs no write access to the file.

    In a directory this process cannot write, SQLite cannot make the shared-memory index a WAL
    reader needs. With no write-ahead log there, no add is running (an add makes one first), so
    the file is then read as immutable. Any thread may use the connection (a sharded archive's
    lookups run in a thread pool), one at a time: the sqlite3 module serialises calls on it.
    """
    db = sqlite3.connect(_uri(path), uri=True, timeout=wait, check_same_thread=False)
    try:
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # opens the file now, not at the first lookup
    except sqlite3.OperationalError as exc:
        db.close()
        if exc.sqlite_errorname != "SQLITE_READONLY_DIRECTORY" or Path(f"{path}-wal").exists():
            raise
        db = sqlite3.connect(_uri(path, immutable=True), uri=True, timeout=wait, check_same_thread=False)
    return db


def connect_writer(path: Path, wait: float) -> sqlite3.Connection:
    """A read-write connection (it creates a missing file: call it holding ``writer_lock``), for any one thread."""
    return sqlite3.connect(path, timeout=wait, check_same_thread=False)


def mark(db: sqlite3.Connection) -> None:
    """Put the archive's mark on an open write transaction's database: the header field and the ``meta`` row."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('application', ?)", (APPLICATION,))


def use_wal(db: sqlite3.Connection) -> None:
    """Switch a writer's archive to WAL (kept in the file), outside any transaction."""
    db.execute("PRAGMA journal_mode = WAL")


def leave_wal(db: sqlite3.Connection) -> bool:
    """Back to a rollback journal once an add is done, when no reader has the archive open (else it stays WAL).

    A finished archive is then one self-contained file, without ``-wal``/``-shm`` beside it, that any host
    can read over a network filesystem, where WAL's shared-memory index does not work.
    """
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError:  # a reader holds it: WAL stays, and the next add tries again
        return False
    return str(mode).lower() == "delete"


@contextlib.contextmanager
def writer_lock(
    path: Path,
    wait: float,
    on_wait: Callable[[str], None] | None = None,
    holder: Callable[[], str | None] = lambda: None,
) -> Iterator[None]:
    """Hold the archive's lock file; wait up to ``wait`` seconds for another writer, saying so through ``on_wait``.

    ``holder`` describes the writer being waited for, when it can be known. Past the bound:
    ArchiveBusy, before anything was written.
    """
    lock = FileLock(f"{path}.lock")
    try:
        try:
            lock.acquire(blocking=False)
        except Timeout:
            if on_wait:
                on_wait(f"{path}: waiting for another writer{_by(holder())} to finish (up to {wait:g} s)")
            try:
                lock.acquire(timeout=wait)
            except Timeout:
                raise ArchiveBusy(
                    f"{path}: another writer{_by(holder())} still held the archive after {wait:g} s; "
                    "nothing of this input was added"
                ) from None
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot lock the archive for writing ({exc.strerror or exc})") from exc
    try:
        yield
    finally:
        lock.release()


def _by(holder: str | None) -> str:
    return f" ({holder})" if holder else ""


# -- adds in progress: each keeps a ``pending`` key in ``meta`` until its postings are merged -----------------
@dataclass
class Staging:
    """One ``add`` call: its ``meta`` key (value: the lowest document number whose postings it may hold)."""

    key: str = field(default_factory=lambda: f"pending {socket.gethostname()} {os.getpid()} {secrets.token_hex(6)}")
    first: int = 1 << 62
    recovered: list[str] = field(default_factory=list)  # keys of killed adds whose documents this call re-staged


def _owner(key: str) -> tuple[str, int]:
    """The host and process id of the ``add`` that wrote a ``pending`` ``meta`` key."""
    host, pid, _token = key.removeprefix("pending ").rsplit(" ", 2)
    return host, int(pid)


def add_alive(key: str) -> bool:
    """Whether the ``add`` that wrote this ``meta`` key may still be running (on another host: unknowable, no)."""
    host, pid = _owner(key)
    if host != socket.gethostname():
        return False
    if pid == os.getpid():
        return True  # another Archive of this process, adding now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def add_holder(db: sqlite3.Connection) -> str | None:
    """The running add another writer waits for, from its ``pending`` key (None until it has written one)."""
    with contextlib.suppress(sqlite3.Error):
        for (key,) in db.execute("SELECT key FROM meta WHERE key LIKE 'pending %'").fetchall():
            host, pid = _owner(key)
            if pid != os.getpid() and add_alive(key):
                return f"newsaudit archive add, process {pid} on {host}"
    return None
