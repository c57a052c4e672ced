"""Command-line interface: ``newsaudit audit|batch|sites|comments|claims|archive|propaganda|serve``.

Exit codes: 0 success, 1 the input could not be audited (the message names
it), 2 usage error (from argparse), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from newsaudit import __version__
from newsaudit.batch.runner import DEFAULT_RECORD_TIMEOUT, BatchConfig
from newsaudit.errors import NewsauditError
from newsaudit.io.loader import DEFAULT_MAX_BYTES, LoadedInput, load_bytes, load_path
from newsaudit.page import Page
from newsaudit.provenance.archive_file import DEFAULT_WAIT
from newsaudit.settings import EnvSettings, read_env

FORMATS = ("text", "json", "html")
DEFAULT_ARCHIVE = "newsaudit-archive.sqlite"


def _render(page: Page, fmt: str) -> Iterable[str]:
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


def _write(path: str, pieces: Iterable[str]) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        out.writelines(pieces)


def _stdin() -> TextIO:
    """Standard input, or a clean error when it is closed: with fd 0 closed at start-up Python sets
    ``sys.stdin`` to None (a descriptor closed later fails on read instead: EBADF, or ValueError)."""
    if sys.stdin is None:
        raise NewsauditError("<stdin>: standard input is closed")
    return sys.stdin


def _load(source: str, max_bytes: int) -> LoadedInput:
    if source != "-":
        return load_path(source, max_bytes=max_bytes)
    stdin = _stdin()
    try:
        buffer = getattr(stdin, "buffer", None)  # a text stream put in its place has none
        data = (buffer.read(max_bytes + 1) if buffer is not None
                else stdin.read(max_bytes + 1).encode("utf-8", "surrogatepass"))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise NewsauditError(f"<stdin>: cannot read standard input ({reason})") from None
    return load_bytes(data, name="<stdin>", max_bytes=max_bytes)


def cmd_audit(args: argparse.Namespace) -> int:
    from newsaudit.pipeline import Pipeline, PipelineConfig, booster_config

    loaded = _load(args.input, args.max_bytes)
    meta = {"title": args.title} if args.title else {}
    if args.url:
        meta["url"] = args.url
    stage_config: dict[str, object] = {"comments": _comments_config(args), **booster_config(_booster(args))}
    archive = args.archive or _env().archive
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
            _say_booster(stage, page)
        page = stage(page)
    output = _render(page, args.format)
    if args.out and args.out != "-":
        _write(args.out, output)
        if not args.quiet:
            print(f"wrote {args.format} report to {args.out}", file=sys.stderr)
    else:
        sys.stdout.writelines(output)
    for fmt, path in (("json", args.json), ("html", args.html)):
        if path:
            _write(path, _render(page, fmt))
            if not args.quiet:
                print(f"wrote {fmt} report to {path}", file=sys.stderr)
    return 0


def _env() -> EnvSettings:
    """What the environment asks for (NEWSAUDIT_SLANT_BOOSTER, NEWSAUDIT_COMMENT_ENCODER, NEWSAUDIT_ARCHIVE): read
    here, at the edge, and handed to the stages as configs."""
    return read_env(os.environ)


def _booster(args: argparse.Namespace) -> bool:
    """The slant booster: on unless --no-booster or NEWSAUDIT_SLANT_BOOSTER=0."""
    return not args.no_booster and _env().booster


def _say_booster(stage: object, page: Page) -> None:
    """One line on stderr before the slowest part of an audit, saying how to skip it."""
    seconds = getattr(stage, "booster_seconds", lambda _page: None)(page)
    if seconds is not None:
        print(f"newsaudit: slant booster on (~{seconds:.0f} s); --no-booster to skip", file=sys.stderr)


def cmd_batch(args: argparse.Namespace) -> int:
    from newsaudit.batch.lock import locked
    from newsaudit.batch.runner import StageSettings

    # The environment gives defaults here, in the client, only: the settings travel with every task.
    archive = args.archive or _env().archive
    booster = _booster(args)
    if archive and not args.scheduler:
        from newsaudit.provenance.backend import open_archive

        open_archive(archive).close()  # a missing or foreign archive is an error before the counting pass
    settings = StageSettings(archive=archive, booster=booster, max_bytes=args.max_bytes, policy=args.policy,
                             comment_encoder=_comment_encoder(args))
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


def _record_streams(args: argparse.Namespace, stack: contextlib.ExitStack) -> tuple[Any, str, TextIO]:
    """The records to read (``args.input``: a file, or - for stdin), their name, and where rows go (``args.out``).

    Standard input is read as bytes where it has them, so that it gets a file's guarantees (encoding repair,
    no merged records)."""
    if args.input == "-":
        stdin = _stdin()
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


def cmd_comments_score(args: argparse.Namespace) -> int:
    """Score (id, text) records; bad records become error rows and the run goes on."""
    from newsaudit.models.comment_encoder import default_scorer
    from newsaudit.moderation.moderate import ModerationConfig, Moderator
    from newsaudit.moderation.records import read_records, score_stream

    counts = {"allow": 0, "hold": 0, "reject": 0, "error": 0}
    with contextlib.ExitStack() as stack:
        stream, name, out = _record_streams(args, stack)
        moderator = Moderator(default_scorer(_comment_encoder(args)),
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


def cmd_claims_page(args: argparse.Namespace) -> int:
    """Attributions, sourcing and the claims most worth checking on one page (anatomy, then claims)."""
    from newsaudit.pipeline import Pipeline, PipelineConfig
    from newsaudit.report.claims_view import claims_dict, claims_text
    from newsaudit.stages.claims import ClaimsConfig

    loaded = _load(args.input, args.max_bytes)
    config = PipelineConfig(stages=("anatomy", "claims"), max_bytes=args.max_bytes,
                            stage_config={"claims": ClaimsConfig(method=args.method, top_claims=args.top,
                                                                 minilm=_env().booster)})
    pipeline = Pipeline(config)
    page = pipeline.audit_loaded(loaded)
    if args.format == "json":
        output = json.dumps(claims_dict(page), ensure_ascii=False, indent=1) + "\n"
    else:
        output = claims_text(page)
    if args.out and args.out != "-":
        _write(args.out, [output])
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
        stream, name, out = _record_streams(args, stack)
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
    boost = _booster(args)
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


def _positive(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def cmd_serve(args: argparse.Namespace) -> int:
    """The REST API under uvicorn; with several workers each process loads the models once."""
    import uvicorn

    from newsaudit.service.auth import read_key_file
    from newsaudit.service.jobs import default_jobs_dir

    if args.api_key_file:
        read_key_file(args.api_key_file)  # a bad key file is an error now, not in each worker
    jobs_dir = Path(args.jobs_dir) if args.jobs_dir else default_jobs_dir(os.environ)
    # Set before uvicorn imports the app (and NumPy with it), so that BLAS and ONNX Runtime read it in every
    # worker: concurrent requests then share the cores instead of each starting a thread per core.
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(args.math_threads)
    os.environ["NEWSAUDIT_SERVICE_SETTINGS"] = json.dumps(
        {"max_page_bytes": args.max_bytes, "max_comments": args.max_comments, "timeout_s": args.timeout,
         "api_key_file": str(Path(args.api_key_file).resolve()) if args.api_key_file else None,
         "archive": str(Path(args.archive).resolve()) if args.archive else None,
         "jobs_dir": str(jobs_dir.resolve()), "max_jobs": args.max_jobs, "cors_origins": args.cors_origin}
    )
    uvicorn.run("newsaudit.service.app:app_from_environment", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level="warning" if args.quiet else "info")
    return 0


def _archive_path(args: argparse.Namespace) -> str:
    return str(args.archive or _env().archive or DEFAULT_ARCHIVE)


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


def _archive_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--archive", "-a", metavar="FILE",
                        help=f"the archive (default: $NEWSAUDIT_ARCHIVE or {DEFAULT_ARCHIVE})")


#: ``ModerationConfig.policy`` choices, repeated here so that ``--help`` does not load the moderation code.
POLICIES = ("strict", "balanced", "lenient")


def _moderation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", choices=POLICIES, default="balanced",
                        help="how much comment moderation stops: strict (more held, for review queues), balanced "
                             "(the default) or lenient (only what is near certain); docs/EVALUATION.md gives "
                             "each policy's precision and recall")
    parser.add_argument("--no-encoder", action="store_true",
                        help="comments: the n-gram heads alone, without the fine-tuned MiniLM (faster; weaker at "
                             "telling a post that names a group from one that attacks it; default: the "
                             "encoder, unless $NEWSAUDIT_COMMENT_ENCODER=0)")


def _comment_encoder(args: argparse.Namespace) -> bool:
    return not args.no_encoder and _env().comment_encoder


def _comments_config(args: argparse.Namespace) -> object:
    from newsaudit.moderation.moderate import ModerationConfig
    from newsaudit.stages.comments import CommentsConfig

    return CommentsConfig(moderation=ModerationConfig(policy=args.policy), encoder=_comment_encoder(args))


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps prose, but keeps example lines (those indented by two spaces) as they are written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line if line.startswith("  ") else super(_HelpFormatter, self)._fill_text(
            line, width, indent) for line in text.splitlines())


def _examples(*lines: str) -> dict[str, Any]:
    """``add_parser`` arguments for an epilog of examples, one command per line."""
    return {"epilog": "examples:\n" + "\n".join(f"  {line}" for line in lines), "formatter_class": _HelpFormatter}


def _booster_option(parser: argparse.ArgumentParser, claims: bool = True) -> None:
    faster = "slant spans about 45 times faster, claims check-worthiness about 20 times" if claims else (
        "about 45 times faster")
    parser.add_argument("--no-booster", action="store_true",
                        help=f"no MiniLM booster: slant spans from the n-gram tagger with the word-vector student "
                             f"(a table of static MiniLM word vectors), {faster} (default: the booster, unless "
                             "$NEWSAUDIT_SLANT_BOOSTER=0)")


def _record_options(parser: argparse.ArgumentParser, noun: str) -> None:
    """The input and output options of a command that scores (id, text) records, as ``comments score`` does."""
    parser.add_argument("input", metavar="INPUT|-", help=f"JSONL or CSV file of {noun}s, or - for stdin")
    parser.add_argument("--out", "-o", metavar="FILE", help="write JSONL here instead of stdout")
    parser.add_argument("--input-format", choices=("auto", "jsonl", "csv"), default="auto",
                        help="input format (default: from the file name, or sniffed from stdin)")
    parser.add_argument("--id-field", default="id", help="field holding the record id (default: id)")
    parser.add_argument("--text-field", default="text", help=f"field holding the {noun} text (default: text)")


def _attribution_method_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", choices=("model", "rules"), default="model",
                        help="how attributions are found: the tagger trained on PolNeAR (model, the default) or "
                             "the quotation and reporting-verb rules (rules)")


def _probability(value: str) -> float:
    """An argparse type: a number from 0 to 1."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {number}")
    return number


#: ``newsaudit claims`` actions; any other word after ``claims`` is a page to read.
_CLAIMS_ACTIONS = frozenset({"page", "score", "attributions", "-h", "--help"})


def _claims_alias(argv: Sequence[str]) -> list[str]:
    """``claims PATH`` read as ``claims page PATH``: a page is the common case, the actions the rarer."""
    args = list(argv)
    command = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
    if command is not None and args[command] == "claims":
        rest = args[command + 1 :]
        if rest and rest[0] not in _CLAIMS_ACTIONS:
            args.insert(command + 1, "page")
    return args


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsaudit",
        description="Audit scraped news pages: anatomy, provenance, slant, comments, claims.",
        **_examples("newsaudit audit page.txt", "newsaudit COMMAND --help"),
    )
    parser.add_argument("--version", action="version", version=f"newsaudit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    audit = sub.add_parser("audit", help="audit one page (text dump or HTML, auto-detected)",
                           description="Audit one page. Reads a file, or standard input when PATH is '-'.",
                           **_examples("newsaudit audit page.txt                      # summary in the terminal",
                                       "newsaudit audit page.html -f json -o page.json",
                                       "newsaudit audit page.txt --no-booster --html page.html",
                                       "cat page.html | newsaudit audit - --archive wire.sqlite"))
    audit.add_argument("input", metavar="PATH|-", help="page file (text or HTML), or - for stdin")
    audit.add_argument("--format", "-f", choices=FORMATS, default="text",
                       help="report format written to --out or stdout (default: text)")
    audit.add_argument("--out", "-o", metavar="FILE", help="write the report here instead of stdout")
    audit.add_argument("--json", metavar="FILE", help="also write the JSON report to FILE")
    audit.add_argument("--html", metavar="FILE", help="also write the HTML report to FILE")
    audit.add_argument("--title", help="the page's title, when known from crawl metadata")
    audit.add_argument("--url", help="the page's URL, kept in the report")
    audit.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                       help=f"refuse inputs larger than this (default: {DEFAULT_MAX_BYTES:,})")
    audit.add_argument("--archive", metavar="FILE",
                       help="reference archive of originals (newsaudit archive add): name the source the page "
                            "copies and what it inserted, dropped and reworded (default: $NEWSAUDIT_ARCHIVE)")
    _booster_option(audit)
    _moderation_options(audit)
    audit.add_argument("--quiet", "-q", action="store_true", help="nothing on stderr but errors")
    audit.set_defaults(func=cmd_audit)

    batch = sub.add_parser(
        "batch", help="audit a corpus: CSV, JSONL, Parquet, WARC, folders of pages or pages; resumable",
        description="Audit every record of the inputs into OUT/results.jsonl; records that cannot be audited "
                    "go to OUT/errors.jsonl with the reason. Nothing is lost: a killed run continues with --resume.",
        **_examples("newsaudit batch news.csv --out run1 --workers 4 --no-booster",
                    "newsaudit batch news.csv --out run1 --resume              # after a crash or Ctrl-C",
                    "newsaudit batch pages/ crawl.warc.gz --out run2 --archive wire.sqlite"))
    batch.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="CSV (FakeNewsCorpus columns), JSONL, Parquet, WARC (.warc, .warc.gz), a folder of "
                            ".txt/.html pages, or one page")
    batch.add_argument("--out", "-o", required=True, metavar="DIR", help="folder for the results")
    batch.add_argument("--workers", "-j", type=int, default=max(1, os.cpu_count() or 1),
                       help="worker processes (default: one per core)")
    batch.add_argument("--resume", action="store_true", help="continue a run in OUT, skipping what is done")
    batch.add_argument("--retry-errors", action="store_true",
                       help="with --resume: audit again the records that ended as errors (e.g. after raising "
                            "--timeout); their old rows move to OUT/errors.jsonl.retried")
    batch.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local processes (default) or a Dask cluster")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a local cluster")
    batch.add_argument("--parts", metavar="URL",
                       help="with --engine dask: the workers write their result partitions here themselves (a "
                            "folder every worker sees, or any fsspec URL, e.g. s3://bucket/run1) and the client "
                            "only commits them, so it no longer caps the cluster; the tables cover every part")
    batch.add_argument("--limit", type=int, help="audit only the first N records")
    batch.add_argument("--timeout", type=float, default=DEFAULT_RECORD_TIMEOUT, metavar="SECONDS",
                       help="a record that takes longer becomes an error row and its worker is replaced "
                            f"(default: {DEFAULT_RECORD_TIMEOUT:g}; 0 for none; not enforced on Dask)")
    batch.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                       help=f"a record larger than this becomes an error row (default: {DEFAULT_MAX_BYTES:,})")
    batch.add_argument("--archive", metavar="FILE",
                       help="reference archive of originals for the provenance stage (default: $NEWSAUDIT_ARCHIVE); "
                            "with --scheduler it must be at this path on every worker (a shared filesystem)")
    _booster_option(batch)
    _moderation_options(batch)
    batch.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    batch.add_argument("--no-count", action="store_true",
                       help="skip the counting pass that gives the progress bar its total and ETA")
    batch.add_argument("--no-tables", action="store_true",
                       help="skip writing Parquet tables and the DuckDB database at the end")
    batch.set_defaults(func=cmd_batch)

    sites = sub.add_parser("sites", help="per-site profiles of a batch run (CSV and an HTML page)",
                           description="Aggregate a batch run per site: wire-copy share, insertion rate, inserted "
                                       "and copied shares, propaganda density (all voices and the site's own) "
                                       "and top technique, comment sections and rejection, and source priors "
                                       "from the shared data when present. The HTML page charts the sites "
                                       "ranked by comment rejection, inserted share and own-voice propaganda.",
                           **_examples("newsaudit sites run1                       # writes run1/sites.csv and .html",
                                       "newsaudit sites run1 --data ../shared/data --out report/ --min-pages 5"))
    sites.add_argument("results", metavar="RESULTS", help="the --out folder of a batch run")
    sites.add_argument("--data", metavar="DIR",
                       help="shared data folder for source priors (OpenSources, MBFC); default: $NEWSAUDIT_DATA, "
                            "else the shared/data folder next to this repository")
    sites.add_argument("--min-pages", type=int, default=3, metavar="N",
                       help="leave sites with fewer audited pages out of the charts (they stay in the table, "
                            "marked; default: 3)")
    sites.add_argument("--out", metavar="DIR", help="where to write sites.csv and sites.html (default: RESULTS)")
    sites.set_defaults(func=cmd_sites)

    comments = sub.add_parser("comments", help="moderate comments given directly (not from a page)",
                              **_examples("newsaudit comments score comments.jsonl"))
    comments_sub = comments.add_subparsers(dest="comments_command", metavar="ACTION", required=True)
    score = comments_sub.add_parser(
        "score", help="score comment records: JSONL or CSV with id and text, or stdin",
        description="Write one JSON line per record: decision (allow/hold/reject), labels, targeted groups, "
                    "scores, reasons and evidence spans. Bad records become error lines and are reported "
                    "on stderr; the run goes on.",
        **_examples("newsaudit comments score comments.jsonl",
                    "newsaudit comments score export.csv --id-field comment_id --text-field body -o scores.jsonl",
                    "cat queue.jsonl | newsaudit comments score - --policy strict"))
    _record_options(score, "comment")
    score.add_argument("--links", choices=("ignore", "hold"), default="ignore",
                       help="link or video promotion: reported but no reason to stop a comment (ignore, the "
                            "default), or held for review where the site's policy says so (hold)")
    _moderation_options(score)
    score.add_argument("--quiet", "-q", action="store_true", help="no summary line on stderr")
    score.set_defaults(func=cmd_comments_score)

    claims = sub.add_parser(
        "claims", help="who said what, anonymous sourcing and check-worthy claims",
        usage="newsaudit claims [-h] {PATH|-,score,attributions} ...",
        description="Claims of one page (newsaudit claims PATH|-): attributions (source, cue, content), the "
                    "speaker resolved to the fullest mention, anonymous and vague sourcing, and the claims most "
                    "worth checking. Or, with an action: score sentences given directly, or write PolNeAR brat "
                    "files for a directory of articles. (A page file named 'score' or 'attributions': ./score.)",
        **_examples("newsaudit claims page.txt",
                    "newsaudit claims page.html --format json -o claims.json",
                    "newsaudit claims score sentences.jsonl -o scores.jsonl",
                    "newsaudit claims attributions articles/ --out ann/"))
    claims_sub = claims.add_subparsers(dest="claims_command", metavar="{PATH|-,score,attributions}", required=True)
    claims_page = claims_sub.add_parser(
        "page", help="claims of one page (the default: newsaudit claims PATH)",
        **_examples("newsaudit claims page story.txt        # the same as: newsaudit claims story.txt"))
    claims_page.add_argument("input", metavar="PATH|-", help="a text dump or HTML page, or - for stdin")
    claims_page.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output (text)")
    claims_page.add_argument("--out", "-o", metavar="FILE", help="write here instead of stdout")
    claims_page.add_argument("--top", type=_positive, default=10, help="claims listed, best first (10)")
    claims_page.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help=argparse.SUPPRESS)
    _attribution_method_option(claims_page)
    claims_page.set_defaults(func=cmd_claims_page)
    claims_score = claims_sub.add_parser(
        "score", help="check-worthiness of sentences: JSONL or CSV with id and text, or stdin",
        description="Write one JSON line per record, in order: id, score (probability the sentence is a claim "
                    "worth checking), label (1 at or above the threshold) and type (number, prediction, causal, "
                    "event or quote, where the wording tells). Bad records become error lines, reported on "
                    "stderr; the run goes on.",
        **_examples("newsaudit claims score sentences.jsonl",
                    "newsaudit claims score debate.csv --id-field line --text-field sentence -o scores.jsonl",
                    "cat sentences.jsonl | newsaudit claims score -"))
    _record_options(claims_score, "sentence")
    claims_score.add_argument("--threshold", type=_probability, default=None,
                              help="label 1 at or above this score (default: the model's, chosen on training folds)")
    claims_score.add_argument("--quiet", "-q", action="store_true", help="no summary line on stderr")
    claims_score.set_defaults(func=cmd_claims_score)
    claims_ann = claims_sub.add_parser(
        "attributions", help="PolNeAR brat .ann files for a directory of *.txt articles",
        description="For every *.txt article in ARTICLES_DIR write OUT/<name>.ann: Source, Cue and Content "
                    "text-bound annotations and an Attribution event linking them (the PolNeAR format), so the "
                    "attributions can be scored with standard tools.",
        **_examples("newsaudit claims attributions articles/ --out ann/"))
    claims_ann.add_argument("articles", metavar="ARTICLES_DIR")
    claims_ann.add_argument("--out", "-o", metavar="DIR", required=True, help="where the .ann files go")
    _attribution_method_option(claims_ann)
    claims_ann.add_argument("--quiet", "-q", action="store_true", help="no summary line on stderr")
    claims_ann.set_defaults(func=cmd_claims_attributions)

    serve = sub.add_parser(
        "serve", help="the REST API (OpenAPI docs at /docs)",
        description="Serve the REST API and the web page (/): POST /v1/audit, /v1/audit/upload, /v1/comments/score, "
                    "/v1/claims/score, "
                    "/v1/jobs (corpus jobs, resumed after a restart); GET /healthz. "
                    "Example: newsaudit serve --port 8000 --workers 2",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--workers", type=_positive, default=1, help="worker processes, each with its own models")
    serve.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="the largest page one request may send")
    serve.add_argument("--max-comments", type=_positive, default=1000,
                       help="comments per /v1/comments/score request, sentences per /v1/claims/score request")
    serve.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                       help="answer 504 when a request takes longer (default: 60)")
    serve.add_argument("--archive", metavar="FILE",
                       help="the reference archive: audits look pages up in it, /v1/archive adds to it (made if "
                            "missing)")
    serve.add_argument("--api-key-file", metavar="FILE",
                       help="ask every /v1 request for one of the keys in FILE (one per line, or sha256:HEX)")
    serve.add_argument("--jobs-dir", metavar="DIR",
                       help="where corpus jobs (/v1/jobs) keep their uploads, ledgers and results; unfinished jobs "
                            "found there resume when the server starts (default: $XDG_DATA_HOME/newsaudit/jobs, "
                            "i.e. ~/.local/share/newsaudit/jobs)")
    serve.add_argument("--max-jobs", type=_positive, default=1, metavar="N",
                       help="corpus jobs each worker process runs at once; others wait queued (default: 1)")
    serve.add_argument("--math-threads", type=_positive, default=1, metavar="N",
                       help="threads one request's model arithmetic may use (BLAS, ONNX Runtime); with concurrent "
                            "requests 1, the default, is fastest: more make them fight over the cores")
    serve.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                       help="let web pages from ORIGIN (e.g. https://cms.example) call the API from a browser; "
                            "repeat for several (default: none, CORS off)")
    serve.add_argument("--quiet", "-q", action="store_true", help="log warnings only")
    serve.set_defaults(func=cmd_serve)

    archive = sub.add_parser("archive", help="a reference archive of known originals (wire feeds, publishers)",
                             **_examples("newsaudit archive add reuters-feed.jsonl --archive wire.sqlite",
                                         "newsaudit archive info --archive wire.sqlite"))
    archive_sub = archive.add_subparsers(dest="archive_command", metavar="ACTION", required=True)
    add = archive_sub.add_parser(
        "add", help="add originals from JSONL, CSV, Parquet, WARC, folders or pages",
        description="Index originals (fields id, title, url and text/content/body) in an archive file, created "
                    "if needed. A record with an id already archived replaces it. Unreadable records are named "
                    "on stderr and skipped. An archive made by an earlier newsaudit is read as an input: its "
                    "documents are copied into the new format.",
        **_examples("newsaudit archive add reuters-feed.jsonl --archive wire.sqlite",
                    "newsaudit audit page.txt --archive wire.sqlite"))
    add.add_argument("inputs", nargs="+", metavar="FILE", help="JSONL, CSV, Parquet, WARC, folder or page file")
    _archive_option(add)
    add.add_argument("--quiet", "-q", action="store_true", help="no summary line on stderr")
    add.add_argument("--shards", type=int, default=None, metavar="N",
                     help="make a new archive as a folder of N shard files that lookups query in parallel "
                          "(for archives of tens of millions of documents); an existing archive keeps its layout")
    add.add_argument("--wait", type=float, default=DEFAULT_WAIT, metavar="SECONDS",
                     help="how long to wait for another add writing to the archive before giving up "
                          f"(default: {DEFAULT_WAIT:g})")
    add.set_defaults(func=cmd_archive_add)
    info = archive_sub.add_parser("info", help="documents, fingerprints and size of an archive (JSON)",
                                  description="Describe an archive: documents, words, fingerprints and size (JSON).",
                                  **_examples("newsaudit archive info --archive wire.sqlite"))
    _archive_option(info)
    info.set_defaults(func=cmd_archive_info)

    propaganda = sub.add_parser(
        "propaganda",
        help="propaganda spans/techniques for a directory of article<ID>.txt files (SemEval-2020 Task 11 formats)",
        description="Write SemEval-2020 Task 11 predictions: span identification (si: id, start, end) or "
        "technique classification (tc: id, technique, start, end) for every article<ID>.txt in ARTICLES_DIR.",
        **_examples("newsaudit propaganda articles/ --task si -o si.txt",
                    "newsaudit propaganda articles/ --task tc --spans dev-template.txt -o tc.txt --no-booster",
                    "python -m benchmarks.semeval_metrics si gold/ si.txt"),
    )
    propaganda.add_argument("articles", metavar="ARTICLES_DIR")
    propaganda.add_argument("--format", choices=("semeval",), default="semeval", help="output format (semeval)")
    propaganda.add_argument("--task", choices=("si", "tc"), default="si", help="si: spans; tc: spans with techniques")
    propaganda.add_argument("--spans", metavar="FILE",
                            help="tc only: classify these spans (task template: id, technique or ?, start, end)")
    propaganda.add_argument("--out", "-o", metavar="FILE", help="write predictions here instead of stdout")
    _booster_option(propaganda, claims=False)
    propaganda.add_argument("--quiet", "-q", action="store_true", help="no progress or summary line on stderr")
    propaganda.set_defaults(func=cmd_propaganda)
    return parser


def _command_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The (sub)parser of the command the arguments name: ``audit``, or ``comments score``."""
    while True:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        name = getattr(args, subs[0].dest, None) if subs else None
        if not subs or name not in subs[0].choices:
            return parser
        parser = subs[0].choices[name]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(_claims_alias(sys.argv[1:] if argv is None else argv))
    if extra:  # a bad flag on a command is shown with that command's usage, not the top-level one
        _command_parser(parser, args).error(f"unrecognized arguments: {' '.join(extra)}")
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


if __name__ == "__main__":
    sys.exit(main())
