"""``newsaudit claims``: the claims of one page, check-worthiness of sentences given directly, PolNeAR brat files."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from newsaudit.cli.common import environment, load_input, record_streams, write_file
from newsaudit.errors import NewsauditError


def cmd_claims_page(args: argparse.Namespace) -> int:
    """Attributions, sourcing and the claims most worth checking on one page (anatomy, then claims)."""
    from newsaudit.pipeline import Pipeline, PipelineConfig
    from newsaudit.report.claims_view import claims_dict, claims_text
    from newsaudit.stages.claims import ClaimsConfig

    loaded = load_input(args.input, args.max_bytes)
    config = PipelineConfig(stages=("anatomy", "claims"), max_bytes=args.max_bytes,
                            stage_config={"claims": ClaimsConfig(method=args.method, top_claims=args.top,
                                                                 minilm=environment().booster)})
    pipeline = Pipeline(config)
    page = pipeline.audit_loaded(loaded)
    if args.format == "json":
        output = json.dumps(claims_dict(page), ensure_ascii=False, indent=1) + "\n"
    else:
        output = claims_text(page)
    if args.out and args.out != "-":
        write_file(args.out, [output])
    else:
        sys.stdout.write(output)
    return 0


def cmd_claims_score(args: argparse.Namespace) -> int:
    """Check-worthiness of sentences given directly; bad records become error rows and the run goes on."""
    from newsaudit.claims.records import score_stream
    from newsaudit.models.checkworthy_model import default_checkworthy_model
    from newsaudit.moderation.records import read_records

    counts = {"check-worthy": 0, "not check-worthy": 0, "error": 0}
    with contextlib.ExitStack() as stack:
        stream, name, out = record_streams(args, stack)
        records = read_records(stream, name, args.input_format, args.id_field, args.text_field)
        for row in score_stream(records, default_checkworthy_model(), args.threshold):
            if "error" in row:
                counts["error"] += 1
                print(f"newsaudit: record {row['record']} (id {row['id']}): {row['error']}", file=sys.stderr)
            else:
                counts["check-worthy" if row["label"] else "not check-worthy"] += 1
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if not args.quiet:
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        print(f"newsaudit: {sum(counts.values())} records: {summary}", file=sys.stderr)
    return 0


def cmd_claims_attributions(args: argparse.Namespace) -> int:
    """A brat ``.ann`` file in the PolNeAR format for every ``*.txt`` article of a directory."""
    from newsaudit.claims.brat import write_ann
    from newsaudit.claims.finder import find_attributions

    articles = Path(args.articles)
    if not articles.is_dir():
        raise NewsauditError(f"{args.articles}: not a directory")
    paths = sorted(articles.glob("*.txt"))
    if not paths:
        raise NewsauditError(f"{args.articles}: no *.txt articles")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    done = failed = relations = 0
    for path in paths:
        try:
            with path.open(encoding="utf-8", newline="") as handle:  # offsets count every character, \r too
                text = handle.read()
            found = find_attributions(text, method=args.method)
            (out / f"{path.stem}.ann").write_text(write_ann(found, text), encoding="utf-8", newline="")
        except (OSError, UnicodeDecodeError) as exc:
            failed += 1
            print(f"newsaudit: {path}: {exc}", file=sys.stderr)
        else:
            done += 1
            relations += len(found)
    if not args.quiet:
        print(f"newsaudit: {done} articles, {relations} attributions written to {out}, {failed} failed",
              file=sys.stderr)
    return 1 if failed and not done else 0
