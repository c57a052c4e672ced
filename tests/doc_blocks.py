"""The ```python blocks of a Markdown page, to run in the tests as a reader would run them (tutorial, README)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)
# a top-level line `EXPRESSION  # LITERAL`: the value the page says the expression gives
PROMISE = re.compile(r"^(\S.*?)\s+#\s*(.+?)\s*$")


def python_blocks(path: Path) -> list[tuple[int, str]]:
    """The ```python blocks of a Markdown file, each with the line its code starts on."""
    text = path.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in BLOCK.finditer(text)]


def with_promises_checked(code: str) -> str:
    """``code`` with each top-level ``EXPRESSION  # LITERAL`` line turned into ``assert EXPRESSION == LITERAL``
    (a comment that is no Python literal, or a line that is no expression, stays as it is)."""
    lines = []
    for line in code.splitlines():
        match = PROMISE.match(line)
        if match:
            expression, comment = match.groups()
            try:
                ast.parse(expression, mode="eval")
                ast.literal_eval(comment)
            except (SyntaxError, ValueError):
                pass
            else:
                line = f"assert ({expression}) == {comment}, ({expression})"
        lines.append(line)
    return "\n".join(lines) + "\n"


def run_blocks(path: Path, namespace: dict[str, Any], *, check_promises: bool = False) -> None:
    """Execute the blocks in order in one namespace; a traceback names the Markdown file and its line."""
    for line, code in python_blocks(path):
        if check_promises:
            code = with_promises_checked(code)
        # padded so that the code's line numbers are the Markdown file's
        exec(compile("\n" * (line - 1) + code, str(path), "exec"), namespace)
