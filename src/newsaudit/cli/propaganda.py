"""``newsaudit propaganda``: SemEval-2020 Task 11 predictions for a directory of articles."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from newsaudit.cli.common import booster_on
from newsaudit.errors import NewsauditError


def cmd_propaganda(args: argparse.Namespace) -> int:
    """Propaganda spans (and techniques) for a directory of articles, in the SemEval-2020 Task 11 formats."""
    from newsaudit.batch.progress import BatchProgress
    from newsaudit.batch.runner import BatchSummary
    from newsaudit.models.propaganda_model import default_model
    from newsaudit.slant.semeval import read_articles, read_span_template, si_lines, tc_lines

    template = None
    if args.spans:
        try:
            template = read_span_template(Path(args.spans))
        except (OSError, ValueError) as exc:
            raise NewsauditError(str(exc)) from None
    model = default_model()
    boost = booster_on(args)
    done = failed = lines = 0
    with contextlib.ExitStack() as stack:
        out = sys.stdout
        if args.out not in (None, "-"):
            out = stack.enter_context(Path(args.out).open("w", encoding="utf-8"))
        try:
            articles = list(read_articles(Path(args.articles)))
        except FileNotFoundError as exc:
            raise NewsauditError(str(exc)) from None
        if template is not None:
            articles = [a for a in articles if a.id in template]
        progress = stack.enter_context(
            BatchProgress(enabled=not args.quiet and sys.stderr.isatty(), total=len(articles), noun="articles"))
        for article in articles:
            try:
                if article.text is None:
                    raise ValueError(article.error)
                spans = template.get(article.id) if template else None
                rows = (si_lines(model, article.id, article.text, boost=boost) if args.task == "si"
                        else tc_lines(model, article.id, article.text, spans, boost=boost))
            except ValueError as exc:
                failed += 1
                progress.clear()
                print(f"newsaudit: {article.path}: {exc}", file=sys.stderr)
            else:
                done += 1
                lines += len(rows)
                out.writelines(row + "\n" for row in rows)
            progress.update(BatchSummary(done=done, errors=failed))
    if not args.quiet:
        print(f"newsaudit: {done} articles, {lines} {args.task.upper()} lines, {failed} failed", file=sys.stderr)
    return 1 if failed and not done else 0
