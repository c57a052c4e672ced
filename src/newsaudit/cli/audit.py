"""``newsaudit audit``: one page, its report in the terminal, as JSON or as HTML."""

from __future__ import annotations

import argparse
import sys

from newsaudit.cli.common import booster_on, comments_config, environment, load_input, render, say_booster, write_file


def cmd_audit(args: argparse.Namespace) -> int:
    from newsaudit.pipeline import Pipeline, PipelineConfig, booster_config

    loaded = load_input(args.input, args.max_bytes)
    meta = {"title": args.title} if args.title else {}
    if args.url:
        meta["url"] = args.url
    stage_config: dict[str, object] = {"comments": comments_config(args), **booster_config(booster_on(args))}
    archive = args.archive or environment().archive
    if archive:
        from newsaudit.provenance.backend import open_archive
        from newsaudit.stages.provenance import ProvenanceConfig

        open_archive(archive).close()  # a missing or foreign archive is an error before any work
        stage_config["provenance"] = ProvenanceConfig(archive=archive)
    pipeline = Pipeline(PipelineConfig(max_bytes=args.max_bytes, stage_config=stage_config))
    page = pipeline.make_page(loaded, **meta)
    del loaded  # the input (as large as 60 MiB) is not needed once the page holds its text
    for stage in pipeline.stages:
        if stage.name == "slant" and not args.quiet:
            say_booster(stage, page)
        page = stage(page)
    output = render(page, args.format)
    if args.out and args.out != "-":
        write_file(args.out, output)
        if not args.quiet:
            print(f"wrote {args.format} report to {args.out}", file=sys.stderr)
    else:
        sys.stdout.writelines(output)
    for fmt, path in (("json", args.json), ("html", args.html)):
        if path:
            write_file(path, render(page, fmt))
            if not args.quiet:
                print(f"wrote {fmt} report to {path}", file=sys.stderr)
    return 0
