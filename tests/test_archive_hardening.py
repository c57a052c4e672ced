"""The archive file under misuse: another program's database is refused untouched, adds take turns, readers never wait.

Two-process tests use a holder: a process that starts an ``add`` and stops inside it (its input
generator blocks on stdin) after its first batches are stored, so the overlap is certain, not timed.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsaudit.provenance.archive import Archive, ArchiveDoc, ArchiveError
from newsaudit.provenance.archive_file import APPLICATION, APPLICATION_ID

HOLDER = r"""
import json, sys
from newsaudit.provenance.archive import Archive, ArchiveDoc

path, feed, hold_after = sys.argv[1], sys.argv[2], int(sys.argv[3])
docs = [ArchiveDoc(**json.loads(line)) for line in open(feed, encoding="utf-8")]

def held():
    for i, doc in enumerate(docs):
        if i == hold_after:
            print("holding", flush=True)
            sys.stdin.readline()
        yield doc

with Archive.create(path) as archive:
    archive.add(held(), batch=5)
print("done", flush=True)
"""

PAGE = ("Council backs new bridge\n\nThe city council voted on Monday to fund a new bridge over the river, "
        "ending two years of debate.\n\nConstruction is expected to start in the spring.\n")


def _docs(prefix: str, count: int, words: int = 300) -> list[ArchiveDoc]:
    rng = random.Random(prefix)
    vocabulary = [f"w{i}" for i in range(5000)]
    return [ArchiveDoc(f"{prefix}{i}", " ".join(rng.choices(vocabulary, k=words)), f"{prefix} {i}")
            for i in range(count)]


def _feed(path: Path, docs: list[ArchiveDoc]) -> Path:
    path.write_text("".join(json.dumps({"id": d.id, "title": d.title, "text": d.text}) + "\n" for d in docs),
                    encoding="utf-8")
    return path


def _cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsaudit", *args], capture_output=True, text=True, check=False,
                          **kwargs)  # type: ignore[call-overload]


def _fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file in ``folder``: its md5 and modification time (ns)."""
    return {p.name: (hashlib.md5(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _pending_keys(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [k for (k,) in db.execute("SELECT key FROM meta WHERE key LIKE 'pending %'")]


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path, list[ArchiveDoc]]]:
    """An add of 30 documents into a new archive, stopped inside the add after 10 are stored; enter releases it."""
    archive = tmp_path / "shared.sqlite"
    docs = _docs("a", 30)
    script = tmp_path / "holder.py"
    script.write_text(HOLDER, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script), str(archive), str(_feed(tmp_path / "a.jsonl", docs)),
                                "10"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "holding\n"
    yield process, archive, docs
    if process.poll() is None:
        process.kill()
        process.wait()


def _release(process: subprocess.Popen[str]) -> str:
    out, _ = process.communicate("\n", timeout=120)
    assert process.returncode == 0
    return out


# -- F6: another program's database ---------------------------------------------------------------


def test_another_programs_database_is_refused_byte_for_byte_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    mine = folder / "mine.sqlite"
    with sqlite3.connect(mine) as db:
        db.execute("CREATE TABLE customers (id, name)")
        db.execute("INSERT INTO customers VALUES (1, 'Ada')")
    before = _fingerprint(folder)
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    feed = _feed(tmp_path / "feed.jsonl", _docs("f", 2))
    for opening in (Archive, Archive.create):
        with pytest.raises(ArchiveError, match=r"mine\.sqlite: not a newsaudit archive .*tables: customers"):
            opening(mine)
    runs = [
        _cli("archive", "info", "--archive", str(mine)),
        _cli("archive", "add", str(feed), "--archive", str(mine)),
        _cli("audit", str(page), "--archive", str(mine)),
        _cli("batch", str(feed), "--out", str(tmp_path / "run"), "--archive", str(mine), "-j", "1"),
    ]
    for run in runs:
        assert run.returncode == 1, run.args
        assert f"{mine}: not a newsaudit archive" in run.stderr and "Traceback" not in run.stderr
    assert _fingerprint(folder) == before  # same bytes, same mtime, and no -journal, -wal, -shm or .lock beside it
    with sqlite3.connect(mine) as db:
        assert [n for (n,) in db.execute("SELECT name FROM sqlite_master")] == ["customers"]


def test_wal_and_other_application_databases_are_refused_without_side_files(tmp_path: Path) -> None:
    wal = tmp_path / "wal.sqlite"
    db = sqlite3.connect(wal)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")  # a table of the same name is not enough
    db.commit()
    db.close()
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("PRAGMA application_id = 1234")
        db.execute("CREATE TABLE docs (x)")
    before = _fingerprint(tmp_path)
    with pytest.raises(ArchiveError, match=r"wal\.sqlite: not a newsaudit archive .*tables: meta"):
        Archive(wal)
    with pytest.raises(ArchiveError, match=r"other\.sqlite: not a newsaudit archive .*another application, id 0x4d2"):
        Archive.create(other)
    assert _fingerprint(tmp_path) == before


def test_only_create_makes_an_archive_of_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "zero.sqlite"
    empty.touch()
    with pytest.raises(ArchiveError, match=r"zero\.sqlite: empty file, not an archive"):
        Archive(empty)
    assert empty.stat().st_size == 0
    with Archive.create(empty) as archive:
        assert len(archive) == 0
    with sqlite3.connect(empty) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()[0] == APPLICATION


def test_an_empty_file_with_a_write_ahead_log_beside_it_is_not_empty(tmp_path: Path) -> None:
    writer = sqlite3.connect(tmp_path / "source.sqlite")
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # the database's pages stay in its -wal file
    writer.execute("CREATE TABLE customers (id, name)")
    writer.commit()
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "unsaved.sqlite").touch()
    shutil.copy(tmp_path / "source.sqlite-wal", folder / "unsaved.sqlite-wal")
    writer.close()
    before = _fingerprint(folder)
    with pytest.raises(ArchiveError, match=r"unsaved\.sqlite: not a newsaudit archive \(empty, but unsaved\.sqlite-"):
        Archive.create(folder / "unsaved.sqlite")
    assert _fingerprint(folder) == before


def test_an_archive_from_before_the_mark_opens_read_only_and_is_marked_by_the_next_add(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with Archive.create(path) as archive:
        archive.add(_docs("o", 3))
    db = sqlite3.connect(path)  # what the code before the mark left: no application id, no row, rollback journal
    db.execute("PRAGMA application_id = 0")
    db.execute("DELETE FROM meta WHERE key = 'application'")
    db.commit()
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    before = _fingerprint(tmp_path)
    with Archive(path) as archive:
        assert len(archive) == 3 and archive.candidates(_docs("o", 3)[1].text)[0].id == "o1"
    assert _fingerprint(tmp_path) == before  # reading wrote nothing, not even a journal
    with Archive(path) as archive:
        assert archive.add(_docs("n", 2)).added == 2 and len(archive) == 5
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        # Back to a rollback journal once the add is done: one plain file, readable over a network share.
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()


def test_reading_needs_no_write_access(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="newsaudit-ro-"))  # not under tmp_path: another user must reach it
    try:
        folder.chmod(0o755)
        path = folder / "a.sqlite"
        with Archive.create(path) as archive:
            archive.add(_docs("r", 3))
        for leftover in folder.glob("a.sqlite?*"):
            leftover.unlink()  # as copied onto a read-only share: the archive file alone
        path.chmod(0o444)
        folder.chmod(0o555)
        code = ("from newsaudit.provenance.archive import Archive; a = Archive(__import__('sys').argv[1]); "
                "print(len(a), a.get('r2').title)")
        as_other: list[str] = []
        if os.geteuid() == 0:  # root writes anywhere: read as nobody
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv: cannot read as another user")
            as_other = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        read = subprocess.run([*as_other, sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                              check=False, cwd="/")
        assert read.returncode == 0, read.stderr
        assert read.stdout.split() == ["3", "r", "2"]
        assert sorted(p.name for p in folder.iterdir()) == ["a.sqlite"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_sqlite_failures_are_archive_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    with Archive.create(path) as archive:
        archive.add(_docs("c", 20))
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # the header stays: it is an archive, its pages are garbage
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match=r"a\.sqlite: .* failed \(.*malformed"):
        Archive(path)


# -- F7: writers take turns, readers never wait ------------------------------------------------------


def test_a_second_add_waits_its_turn_and_readers_go_on(tmp_path: Path, holder) -> None:
    process, archive, first = holder
    second = _docs("b", 20)
    waiting = subprocess.Popen([sys.executable, "-m", "newsaudit", "archive", "add",
                                str(_feed(tmp_path / "b.jsonl", second)), "--archive", str(archive)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert waiting.stderr is not None
    said = waiting.stderr.readline()
    assert "waiting for another writer" in said and f"process {process.pid} " in said
    with Archive(archive, wait=5) as reader:  # the first add has stored 10 documents and holds the writer lock
        assert len(reader) == 10 and reader.get("a3").title == "a 3"
    info = _cli("archive", "info", "--archive", str(archive), timeout=60)
    assert info.returncode == 0 and json.loads(info.stdout)["documents"] == 10
    assert _release(process) == "done\n"
    _, rest = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, rest
    assert "waiting" not in rest and "20 added, 0 replaced, 0 skipped; 50 documents" in rest
    with Archive(archive) as done:
        assert len(done) == 50
        for doc in (first[0], first[29], second[0], second[19]):  # every add's postings merged
            assert done.candidates(doc.text)[0].id == doc.id
    assert _pending_keys(archive) == []


def test_the_wait_bound_ends_in_one_clear_line_and_adds_nothing(tmp_path: Path, holder) -> None:
    process, archive, _ = holder
    late = _cli("archive", "add", str(_feed(tmp_path / "b.jsonl", _docs("b", 5))), "--archive", str(archive),
                "--wait", "0.2", timeout=120)
    assert late.returncode == 1 and "Traceback" not in late.stderr
    waiting, error = late.stderr.splitlines()
    assert waiting.startswith("newsaudit: ") and "waiting for another writer" in waiting
    holder_named = f"another writer (newsaudit archive add, process {process.pid} on "
    assert error.startswith(f"newsaudit: error: {archive}: {holder_named}")
    assert "nothing of this input was added" in error and "--wait" in error
    _release(process)
    with Archive(archive) as done:
        assert len(done) == 30 and not [d for d in done if d.id.startswith("b")]
    with Archive(archive, wait=0) as busy_free:  # the lock went with its holder
        assert busy_free.add(_docs("b", 1)).added == 1


def test_an_add_killed_midway_is_indexed_by_the_next_one(tmp_path: Path, holder) -> None:
    process, archive, first = holder
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert len(_pending_keys(archive)) == 1  # 10 documents stored, their postings never merged
    with Archive(archive, wait=5) as archive_now:
        assert archive_now.candidates(first[3].text) == []
        archive_now.add(_docs("b", 3))
        assert archive_now.candidates(first[3].text)[0].id == first[3].id
        assert len(archive_now) == 13
    assert _pending_keys(archive) == []


def test_two_adds_started_together_both_finish(tmp_path: Path) -> None:
    archive = tmp_path / "one.sqlite"
    sets = {name: _docs(name, 60, words=400) for name in ("a", "b")}
    runs = [subprocess.Popen([sys.executable, "-m", "newsaudit", "archive", "add",
                              str(_feed(tmp_path / f"{name}.jsonl", docs)), "--archive", str(archive), "-q"],
                             stderr=subprocess.PIPE, text=True) for name, docs in sets.items()]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0 and "Traceback" not in err, err
    with Archive(archive) as done:
        assert len(done) == 120
        assert {d.id for d in done} == {d.id for docs in sets.values() for d in docs}
    assert _pending_keys(archive) == []
