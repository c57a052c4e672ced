"""``newsaudit batch`` (a corpus, resumable, into tables) and ``newsaudit sites`` (per-site profiles of a run)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsaudit.batch.runner import BatchConfig
from newsaudit.cli.common import booster_on, encoder_on, environment
from newsaudit.errors import NewsauditError


def cmd_batch(args: argparse.Namespace) -> int:
    from newsaudit.batch.lock import locked
    from newsaudit.batch.runner import StageSettings

    # The environment gives defaults here, in the client, only: the settings travel with every task.
    archive = args.archive or environment().archive
    booster = booster_on(args)
    if archive and not args.scheduler:
        from newsaudit.provenance.backend import open_archive

        open_archive(archive).close()  # a missing or foreign archive is an error before the counting pass
    settings = StageSettings(archive=archive, booster=booster, max_bytes=args.max_bytes, policy=args.policy,
                             comment_encoder=encoder_on(args))
    if args.retry_errors and not args.resume:
        raise NewsauditError("--retry-errors continues a run: pass --resume too")
    config = BatchConfig(workers=args.workers, resume=args.resume, retry_errors=args.retry_errors,
                         limit=args.limit, engine=args.engine, parts=args.parts,
                         scheduler=args.scheduler, settings=settings, record_timeout=args.timeout or None)
    if args.parts and args.engine != "dask":
        raise NewsauditError("--parts is where Dask workers write their own results: pass --engine dask too")
    show = not args.quiet and sys.stderr.isatty()
    try:  # the folder is held from the first look at it to the last table written: a second run stops here
        with locked(args.out):
            return _batch_run(args, config, show)
    except OSError as exc:  # a full disk, a folder gone or not writable: what was written before is safe
        print(f"newsaudit: error: writing to {args.out} failed ({exc.strerror or exc}); every row written "
              "before is safe: fix the cause and run again with --resume", file=sys.stderr)
        return 1


def _batch_run(args: argparse.Namespace, config: BatchConfig, show: bool) -> int:
    from newsaudit.batch.progress import BatchProgress
    from newsaudit.batch.records import read_inputs
    from newsaudit.batch.runner import run_batch

    # A first pass that only counts records (cheap next to auditing them) gives the progress bar its ETA.
    total = sum(1 for _ in read_inputs(args.inputs)) if show and not args.no_count else None
    if total is not None and args.limit is not None:
        total = min(total, args.limit)
    try:
        with BatchProgress(enabled=show, total=total) as progress:
            summary = run_batch(read_inputs(args.inputs), args.out, config, on_progress=progress.update)
    except FileExistsError as exc:
        print(f"newsaudit: error: {exc}", file=sys.stderr)
        return 2
    for repair in summary.repairs:
        print(f"newsaudit: warning: repaired the ledger: {repair.describe()}", file=sys.stderr)
    where = f"{args.out}/errors.jsonl" + (f" and the parts in {args.parts}" if args.parts else "")
    print(f"{summary.done:,} pages audited, {summary.errors:,} errors (see {where})"
          + (f", {summary.skipped:,} already done" if summary.skipped else "")
          + (f", {summary.repeated:,} repeated inputs audited once" if summary.repeated else ""),
          file=sys.stderr)
    if not args.no_tables:
        from newsaudit.batch.tables import export_tables

        try:
            counts = export_tables(args.out)
        except (OSError, ValueError) as exc:
            print(f"newsaudit: error: writing the tables failed ({exc}); the rows are safe in {args.out}",
                  file=sys.stderr)
            return 1
        print(f"tables in {args.out}/results.duckdb and {args.out}/tables/: "
              + ", ".join(f"{name} {n:,}" for name, n in counts.items()), file=sys.stderr)
    return 0


def cmd_sites(args: argparse.Namespace) -> int:
    from newsaudit.batch.sites import find_data, render_html, site_profiles, write_csv

    def warn(message: str) -> None:
        print(f"newsaudit: warning: {message}", file=sys.stderr)

    data = find_data(args.data, warn)
    try:
        profiles = site_profiles(args.results, data, warn=warn)
    except FileNotFoundError as exc:
        print(f"newsaudit: error: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out or args.results)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(profiles, out / "sites.csv")
    (out / "sites.html").write_text(render_html(profiles, min_pages=args.min_pages), encoding="utf-8")
    print(f"{len(profiles):,} sites: {out}/sites.csv and {out}/sites.html", file=sys.stderr)
    return 0
