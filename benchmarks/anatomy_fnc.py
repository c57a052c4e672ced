"""Run the anatomy stage over the FakeNewsCorpus sample and count what it finds.

There are no gold labels for these pages: the report says how often each block
type is found and which pages failed, and a seeded random sample of pages is
written out as a compact anatomy listing for a person to hand-check (notes go in
``docs/eval/anatomy_fnc_handcheck.md``).

Each page is audited as a dump would look: ``title + "\\n\\n" + content``,
unless the content already starts with the title.

Run::

    python -m benchmarks.anatomy_fnc --data ../shared/data \
        --out docs/eval/anatomy_fnc.md --sample-out /tmp/fnc_sample.txt
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.anatomy_fixtures import TYPE_ORDER, excerpt
from newsaudit.page import Page

CSV_PATH = Path("fakenewscorpus") / "news_sample_half.csv"


@dataclass
class Record:
    row: int  # 0-based position in the CSV
    id: str
    domain: str
    label: str  # the corpus's source-level type (fake, conspiracy, ...)
    url: str
    title: str
    text: str  # what is audited


def dump_text(title: str, content: str) -> str:
    """The page as a plain-text dump: the title line, a blank line, the content."""
    title = (title or "").strip()
    if not title or content.lstrip().startswith(title):
        return content
    return title + "\n\n" + content


def read_records(csv_path: str | Path) -> Iterator[Record]:
    csv.field_size_limit(sys.maxsize)
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            yield Record(
                row=i,
                id=row.get("id", "") or str(i),
                domain=row.get("domain", "") or "",
                label=row.get("type", "") or "",
                url=row.get("url", "") or "",
                title=row.get("title", "") or "",
                text=dump_text(row.get("title", "") or "", row.get("content", "") or ""),
            )


@dataclass
class Result:
    record: Record
    page: Page | None
    error: str | None = None


@dataclass
class Tally:
    pages: int = 0
    pages_with: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPE_ORDER, 0))
    blocks: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPE_ORDER, 0))
    pages_with_comments: int = 0
    title_is_first_line: int = 0
    comments: int = 0
    replies: int = 0  # comments with a parent
    errors: list[tuple[Record, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, res: Result) -> None:
        self.pages += 1
        if res.page is None:
            self.errors.append((res.record, res.error or "unknown error"))
            return
        seen = set()
        for b in res.page.blocks:
            t = b.type.value
            self.blocks[t] = self.blocks.get(t, 0) + 1
            seen.add(t)
        for t in seen:
            self.pages_with[t] = self.pages_with.get(t, 0) + 1
        first_line = res.record.text.split("\n", 1)[0].strip()
        if res.page.title == first_line:
            self.title_is_first_line += 1
        if res.page.comments:
            self.pages_with_comments += 1
        self.comments += len(res.page.comments)
        self.replies += sum(1 for c in res.page.comments if c.parent is not None)


def audit_all(records: Sequence[Record], pipeline: Any = None) -> tuple[list[Result], Tally]:
    if pipeline is None:
        from newsaudit.pipeline import Pipeline

        pipeline = Pipeline()
    results: list[Result] = []
    tally = Tally()
    t0 = time.perf_counter()
    for rec in records:
        try:
            res = Result(rec, pipeline.audit(rec.text, name=f"fnc:{rec.id}", url=rec.url, domain=rec.domain))
        except Exception as exc:  # counted and reported, never fatal
            res = Result(rec, None, f"{type(exc).__name__}: {exc}")
        results.append(res)
        tally.add(res)
    tally.seconds = time.perf_counter() - t0
    return results, tally


def render_page_listing(res: Result, width: int = 100) -> str:
    """A compact anatomy of one page: one line per block, then the comment tree."""
    rec = res.record
    out = [
        f"=== row {rec.row}  id={rec.id}  domain={rec.domain}  type={rec.label or '-'}",
        f"    url: {rec.url}",
    ]
    if res.page is None:
        out.append(f"    ERROR: {res.error}")
        return "\n".join(out)
    page = res.page
    out.append(f"    {len(page.text):,} chars, {len(page.blocks)} blocks, {len(page.comments)} comments")
    for b in page.blocks:
        reason = f"  ({b.reason})" if b.reason else ""
        out.append(f"  {b.type.value:<15s} [{b.start:>6}:{b.end:<6}] {excerpt(page.slice(b), width)}{reason}")
    if page.comments:
        out.append("  -- comments")
        for c in page.walk_comments():
            who = f"{c.author}: " if c.author else ""
            parent = f" -> {c.parent}" if c.parent else ""
            out.append(f"  {'  ' * c.depth}#{c.id}{parent}  {who}{excerpt(page.slice(c), width - 2 * c.depth)}")
    return "\n".join(out)


def write_sample(results: Sequence[Result], path: str | Path, size: int = 30, seed: int = 13) -> list[Result]:
    picked = random.Random(seed).sample(list(results), min(size, len(results)))
    picked.sort(key=lambda r: r.record.row)
    header = (
        f"# Anatomy of {len(picked)} FakeNewsCorpus pages (seed {seed}), for hand-checking.\n"
        "# One line per block: type [start:end] excerpt (reason); ⏎ marks a line break.\n"
        "# Notes go in docs/eval/anatomy_fnc_handcheck.md.\n"
    )
    body = "\n\n".join(render_page_listing(r) for r in picked)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(header + "\n" + body + "\n", encoding="utf-8")
    return picked


def render_markdown(tally: Tally, csv_path: str, sample: Sequence[Result] = (), sample_out: str = "") -> str:
    lines: list[str] = []
    w = lines.append
    ok = tally.pages - len(tally.errors)
    w("## Anatomy on the FakeNewsCorpus sample")
    w("")
    w(
        f"Generated by `python -m benchmarks.anatomy_fnc` from `{csv_path}`: {tally.pages} pages, "
        f'{len(tally.errors)} with errors. Each page is audited as `title + "\\n\\n" + content` '
        "unless the content already starts with the title. There are no gold labels here: these are counts "
        "of what the stage finds; the hand-checked samples below check the typing itself."
    )
    w("")
    w(f"### Block types found ({ok} pages audited)")
    w("")
    w("| type | pages with ≥1 | share of pages | total blocks | per page with ≥1 |")
    w("|---|---:|---:|---:|---:|")
    for t in TYPE_ORDER:
        n, total = tally.pages_with.get(t, 0), tally.blocks.get(t, 0)
        share = n / ok if ok else 0.0
        per = total / n if n else 0.0
        w(f"| {t} | {n} | {share:.1%} | {total} | {per:.1f} |")
    w("")
    w("### Title without metadata")
    w("")
    w(
        f"The page's title is passed to the stage only inside the text (as its first line), never as metadata, "
        f"so the title block must be found from layout alone. It is the first line on "
        f"{tally.title_is_first_line} of {ok} pages ({tally.title_is_first_line / ok if ok else 0:.1%})."
    )
    w("")
    w("### Comments")
    w("")
    w(f"- pages with ≥1 comment: {tally.pages_with_comments}")
    w(f"- comments: {tally.comments} ({tally.replies} replies)")
    w("")
    w("### Errors")
    w("")
    if tally.errors:
        w("| row | id | domain | error |")
        w("|---:|---|---|---|")
        for rec, err in tally.errors:
            cell = err.replace("|", "\\|").replace("\n", " ")
            w(f"| {rec.row} | {rec.id} | {rec.domain} | {cell} |")
    else:
        w("None.")
    w("")
    if sample:
        w("### Hand-check sample")
        w("")
        where = f" written to `{sample_out}`" if sample_out else ""
        w(f"{len(sample)} pages{where} (CSV rows: {', '.join(str(r.record.row) for r in sample)}).")
        w("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="../shared/data", help="the shared data folder")
    ap.add_argument("--out", default="docs/eval/anatomy_fnc.md", help="markdown report to write")
    ap.add_argument("--sample-out", default=None, help="write the hand-check listing of a random sample here")
    ap.add_argument("--sample-size", type=int, default=30)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=None, help="audit only the first N pages")
    args = ap.parse_args(argv)

    csv_path = Path(args.data) / CSV_PATH
    if not csv_path.exists():
        print(f"not found: {csv_path}", file=sys.stderr)
        return 2
    records = list(read_records(csv_path))[: args.limit]
    results, tally = audit_all(records)
    sample: list[Result] = []
    if args.sample_out:
        sample = write_sample(results, args.sample_out, args.sample_size, args.seed)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_markdown(tally, str(csv_path), sample, args.sample_out or ""), encoding="utf-8")
    print(f"{tally.pages} pages, {len(tally.errors)} errors, {tally.seconds:.1f} s")
    for t in TYPE_ORDER:
        print(f"  {t:<15s} pages={tally.pages_with.get(t, 0):>4}  blocks={tally.blocks.get(t, 0):>5}")
    print(f"  comments        pages={tally.pages_with_comments:>4}  comments={tally.comments:>5}")
    print(f"wrote {out}" + (f" and {args.sample_out}" if args.sample_out else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
