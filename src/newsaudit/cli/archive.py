"""``newsaudit archive add|info``: the reference archive of known originals."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from newsaudit.cli.common import DEFAULT_ARCHIVE, environment


def _archive_path(args: argparse.Namespace) -> str:
    return str(args.archive or environment().archive or DEFAULT_ARCHIVE)


def cmd_archive_add(args: argparse.Namespace) -> int:
    from newsaudit.batch.records import BadRecord
    from newsaudit.provenance.archive import ArchiveBusy, ArchiveDoc
    from newsaudit.provenance.backend import open_archive
    from newsaudit.provenance.ingest import archive_docs

    bad = 0

    def good_docs() -> Iterator[ArchiveDoc]:
        nonlocal bad
        for item in archive_docs(args.inputs):
            if isinstance(item, BadRecord):
                bad += 1
                print(f"newsaudit: skipped {item.key}: {item.reason}", file=sys.stderr)
            else:
                yield item

    def say(message: str) -> None:
        print(f"newsaudit: {message}", file=sys.stderr)

    path = _archive_path(args)
    try:
        with open_archive(path, create=True, shards=args.shards, wait=args.wait, on_wait=say) as archive:
            report = archive.add(good_docs())
            total = len(archive)
    except ArchiveBusy as exc:
        raise ArchiveBusy(f"{exc} (try again later, or wait longer with --wait SECONDS)") from None
    for doc_id in report.too_short[:10]:
        print(f"newsaudit: warning: {doc_id} is too short to be found again (under 5 words)", file=sys.stderr)
    if not args.quiet:
        print(
            f"newsaudit: {path}: {report.added} added, {report.replaced} replaced, {bad} skipped; "
            f"{total} documents",
            file=sys.stderr,
        )
    return 1 if bad and not (report.added or report.replaced) else 0


def cmd_archive_info(args: argparse.Namespace) -> int:
    from newsaudit.provenance.backend import open_archive

    with open_archive(_archive_path(args)) as archive:
        print(json.dumps(archive.info(), indent=2))
    return 0
