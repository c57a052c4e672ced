"""What the commands share: reading a page or records from a file or stdin, writing reports, and the options the
environment gives defaults for (read here, at the edge, and handed to the stages as configs)."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from newsaudit.errors import NewsauditError
from newsaudit.io.loader import LoadedInput, load_bytes, load_path
from newsaudit.page import Page
from newsaudit.settings import EnvSettings, read_env

FORMATS = ("text", "json", "html")
DEFAULT_ARCHIVE = "newsaudit-archive.sqlite"


def render(page: Page, fmt: str) -> Iterable[str]:
    """The report in pieces: a JSON report is written item by item, never held whole (140 MB for
    a page with 200,000 comments)."""
    if fmt == "json":
        from newsaudit.report.json_report import iter_json

        return itertools.chain(iter_json(page), ["\n"])
    if fmt == "html":
        from newsaudit.report.html import render_html

        return [render_html(page)]
    from newsaudit.report.text import render_text

    return [render_text(page)]


def write_file(path: str, pieces: Iterable[str]) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        out.writelines(pieces)


def standard_input() -> TextIO:
    """Standard input, or a clean error when it is closed: with fd 0 closed at start-up Python sets
    ``sys.stdin`` to None (a descriptor closed later fails on read instead: EBADF, or ValueError)."""
    if sys.stdin is None:
        raise NewsauditError("<stdin>: standard input is closed")
    return sys.stdin


def load_input(source: str, max_bytes: int) -> LoadedInput:
    if source != "-":
        return load_path(source, max_bytes=max_bytes)
    stdin = standard_input()
    try:
        buffer = getattr(stdin, "buffer", None)  # a text stream put in its place has none
        data = (buffer.read(max_bytes + 1) if buffer is not None
                else stdin.read(max_bytes + 1).encode("utf-8", "surrogatepass"))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise NewsauditError(f"<stdin>: cannot read standard input ({reason})") from None
    return load_bytes(data, name="<stdin>", max_bytes=max_bytes)


def environment() -> EnvSettings:
    """What the environment asks for (NEWSAUDIT_SLANT_BOOSTER, NEWSAUDIT_COMMENT_ENCODER, NEWSAUDIT_ARCHIVE): read
    here, at the edge, and handed to the stages as configs."""
    return read_env(os.environ)


def booster_on(args: argparse.Namespace) -> bool:
    """The slant booster: on unless --no-booster or NEWSAUDIT_SLANT_BOOSTER=0."""
    return not args.no_booster and environment().booster


def say_booster(stage: object, page: Page) -> None:
    """One line on stderr before the slowest part of an audit, saying how to skip it."""
    seconds = getattr(stage, "booster_seconds", lambda _page: None)(page)
    if seconds is not None:
        print(f"newsaudit: slant booster on (~{seconds:.0f} s); --no-booster to skip", file=sys.stderr)


def encoder_on(args: argparse.Namespace) -> bool:
    return not args.no_encoder and environment().comment_encoder


def comments_config(args: argparse.Namespace) -> object:
    from newsaudit.moderation.moderate import ModerationConfig
    from newsaudit.stages.comments import CommentsConfig

    return CommentsConfig(moderation=ModerationConfig(policy=args.policy), encoder=encoder_on(args))


def record_streams(args: argparse.Namespace, stack: contextlib.ExitStack) -> tuple[Any, str, TextIO]:
    """The records to read (``args.input``: a file, or - for stdin), their name, and where rows go (``args.out``).

    Standard input is read as bytes where it has them, so that it gets a file's guarantees (encoding repair,
    no merged records)."""
    if args.input == "-":
        stdin = standard_input()
        stream, name = getattr(stdin, "buffer", None) or stdin, "<stdin>"
    else:
        path = Path(args.input)
        if not path.is_file():
            raise NewsauditError(f"{args.input}: no such file")
        stream, name = stack.enter_context(path.open("rb")), args.input
    out = sys.stdout
    if args.out not in (None, "-"):
        out = stack.enter_context(Path(args.out).open("w", encoding="utf-8"))  # noqa: SIM115 - the stack closes it
    return stream, name, out
