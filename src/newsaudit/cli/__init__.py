"""Command-line interface: ``newsaudit audit|batch|sites|comments|claims|archive|propaganda|serve``.

Exit codes: 0 success, 1 the input could not be audited (the message names
it), 2 usage error (from argparse), 130 interrupted.

``parser.py`` holds the arguments of every command; each command's work is in a
module of its own (``audit.py``, ``batch.py``, ...), importing what it needs
when it runs, so that ``--help`` stays fast; ``common.py`` holds what they share.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from newsaudit.cli.parser import build_parser, claims_alias, command_parser
from newsaudit.errors import NewsauditError

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(claims_alias(sys.argv[1:] if argv is None else argv))
    if extra:  # a bad flag on a command is shown with that command's usage, not the top-level one
        command_parser(parser, args).error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(args.func(args))
    except NewsauditError as exc:
        print(f"newsaudit: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsaudit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0

