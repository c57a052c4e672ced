"""The command line's arguments: every command, its options, its help and its examples."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import Any

from newsaudit import __version__
from newsaudit.batch.runner import DEFAULT_RECORD_TIMEOUT
from newsaudit.cli.archive import cmd_archive_add, cmd_archive_info
from newsaudit.cli.audit import cmd_audit
from newsaudit.cli.batch import cmd_batch, cmd_sites
from newsaudit.cli.claims import cmd_claims_attributions, cmd_claims_page, cmd_claims_score
from newsaudit.cli.comments import cmd_comments_score
from newsaudit.cli.common import DEFAULT_ARCHIVE, FORMATS
from newsaudit.cli.propaganda import cmd_propaganda
from newsaudit.cli.serve import cmd_serve
from newsaudit.io.loader import DEFAULT_MAX_BYTES
from newsaudit.provenance.archive_file import DEFAULT_WAIT

#: ``ModerationConfig.policy`` choices, repeated here so that ``--help`` does not load the moderation code.
POLICIES = ("strict", "balanced", "lenient")

#: ``newsaudit claims`` actions; any other word after ``claims`` is a page to read.
_CLAIMS_ACTIONS = frozenset({"page", "score", "attributions", "-h", "--help"})


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps prose, but keeps example lines (those indented by two spaces) as they are written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line if line.startswith("  ") else super(_HelpFormatter, self)._fill_text(
            line, width, indent) for line in text.splitlines())


def _examples(*lines: str) -> dict[str, Any]:
    """``add_parser`` arguments for an epilog of examples, one command per line."""
    return {"epilog": "examples:\n" + "\n".join(f"  {line}" for line in lines), "formatter_class": _HelpFormatter}


def _positive(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _probability(value: str) -> float:
    """An argparse type: a number from 0 to 1."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {number}")
    return number


def _archive_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--archive", "-a", metavar="FILE",
                        help=f"the archive (default: $NEWSAUDIT_ARCHIVE or {DEFAULT_ARCHIVE})")


def _moderation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", choices=POLICIES, default="balanced",
                        help="how much comment moderation stops: strict (more held, for review queues), balanced "
                             "(the default) or lenient (only what is near certain); docs/EVALUATION.md gives "
                             "each policy's precision and recall")
    parser.add_argument("--no-encoder", action="store_true",
                        help="comments: the n-gram heads alone, without the fine-tuned MiniLM (faster; weaker at "
                             "telling a post that names a group from one that attacks it; default: the "
                             "encoder, unless $NEWSAUDIT_COMMENT_ENCODER=0)")


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


def claims_alias(argv: Sequence[str]) -> list[str]:
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


def command_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The (sub)parser of the command the arguments name: ``audit``, or ``comments score``."""
    while True:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        name = getattr(args, subs[0].dest, None) if subs else None
        if not subs or name not in subs[0].choices:
            return parser
        parser = subs[0].choices[name]
