"""``newsaudit comments score``: moderate comments given directly, one JSON line per record."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys

from newsaudit.cli.common import encoder_on, record_streams


def cmd_comments_score(args: argparse.Namespace) -> int:
    """Score (id, text) records; bad records become error rows and the run goes on."""
    from newsaudit.models.comment_encoder import default_scorer
    from newsaudit.moderation.moderate import ModerationConfig, Moderator
    from newsaudit.moderation.records import read_records, score_stream

    counts = {"allow": 0, "hold": 0, "reject": 0, "error": 0}
    with contextlib.ExitStack() as stack:
        stream, name, out = record_streams(args, stack)
        moderator = Moderator(default_scorer(encoder_on(args)),
                              ModerationConfig(links=args.links, policy=args.policy))
        records = read_records(stream, name, args.input_format, args.id_field, args.text_field)
        for row in score_stream(records, moderator):
            if "error" in row:
                counts["error"] += 1
                print(f"newsaudit: record {row['record']} (id {row['id']}): {row['error']}", file=sys.stderr)
            else:
                counts[row["decision"]] += 1
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    if not args.quiet:
        print(f"newsaudit: {sum(counts.values())} records: {summary}", file=sys.stderr)
    return 0
