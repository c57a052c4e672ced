"""One run at a time per output folder: an exclusive lock that dies with its holder.

Two runs writing one folder would each audit and append every record, so the ledger, the tables and the
site profiles would count it twice. ``flock`` is released by the kernel when the holding process ends,
however it ends (kill -9 included), so a crashed run never leaves a stale lock for ``--resume`` to trip on.
The lock file also says who holds it, so the refused run can name the holder.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from newsaudit.errors import NewsauditError

LOCK = ".newsaudit.lock"

#: Folders this process holds (resolved path -> depth), so a run can lock a folder its caller already locked.
_held: dict[str, int] = {}


class FolderLocked(NewsauditError):
    """Another run holds the output folder."""


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "another process (its details are unreadable)"
    started = info.get("started")
    when = time.strftime(" since %Y-%m-%d %H:%M:%S", time.localtime(started)) if started else ""
    return f"pid {info.get('pid', '?')} on {info.get('host', '?')}{when} ({info.get('command', 'newsaudit')})"


@contextmanager
def locked(out_dir: str | Path, command: str = "newsaudit batch") -> Iterator[None]:
    """Hold ``out_dir`` for this process; raises :class:`FolderLocked` naming the holder if another has it."""
    out = Path(out_dir).resolve()
    if _held.get(str(out)):
        _held[str(out)] += 1
        try:
            yield
        finally:
            _held[str(out)] -= 1
        return
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderLocked(f"{out_dir} is in use by another run: {_holder(path)}. Wait for it to end "
                               "(or stop it), then run again; with --resume nothing done is repeated.") from None
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time(), "command": command}
        with suppress(OSError):  # who holds it is a courtesy to the refused run; a full disk must not stop this one
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps(info).encode("utf-8"))
        _held[str(out)] = 1
        try:
            yield
        finally:
            del _held[str(out)]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
