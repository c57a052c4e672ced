"""Provenance archive at scale: build rate, disk and memory, lookup latency and recall, against a brute-force scan.

    python -m benchmarks.bench_provenance --data ../shared/data --out /tmp/bench_provenance.md \\
        --sizes 10000,100000,1000000 [--queries 300] [--brute-sample 30] [--workdir /tmp] \\
        [--shards 4] [--backend-sizes 100000] [--workers 1,2]

Queries are re-posts (``benchmarks/provenance_corpus.py``) of real originals (PolNeAR and PTC); the
archive holds those originals and is filled up to each size with synthetic news: runs of
consecutive sentences of the originals, recombined across articles, with a share of their content
words swapped for other words of the same vocabulary, so that a generated document is distinct and
most of its shingles are new, while the sentences it borrows make it a near miss for the re-posts.
Each size is built from scratch in its own SQLite file, one process, one core.

The baseline is what an archive without an index must do: hold every document's sampled
fingerprints in memory (the same fingerprints the index stores) and, for each page, count the
fingerprints it shares with every document (a vectorised NumPy scan) and take the best.

Backends: at ``--backend-sizes`` the same documents are also built into a sharded archive
(``provenance/sharded.py``), and both backends answer the re-posts from 1 and 2 worker processes
at once (``--workers``), each worker asking ``candidates`` in a closed loop for ``--seconds``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import multiprocessing
import os
import platform
import random
import re
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.common import emit
from benchmarks.provenance_corpus import Original, load_originals, load_paraphrases, make_reposts, sentence_spans
from newsaudit.provenance.archive import Archive, ArchiveDoc
from newsaudit.provenance.archive_file import archive_files
from newsaudit.provenance.backend import ArchiveBackend, open_archive
from newsaudit.provenance.fingerprints import fingerprints
from newsaudit.provenance.sharded import ShardedArchive
from newsaudit.provenance.words import norms as word_norms

# ------------------------------------------------------------------------------------ synthetic news

_CONTENT = re.compile(r"[A-Za-z]{4,}")  # a whole token that may be swapped (punctuation-free words)


@dataclass(frozen=True)
class _Sentence:
    tokens: tuple[str, ...]  # split on single spaces; joined back with single spaces
    slots: tuple[int, ...]  # indexes of content tokens that may be swapped


class NewsSynth:
    """Deterministic synthetic news documents made from the sentences of real articles.

    A document is 300-600 words: paragraphs of 2-5 consecutive sentences of one article, each
    paragraph from another article, with each content word (4+ letters) swapped with probability
    ``swap`` for a content word of the vocabulary (capitalisation kept). With ``swap=0.3`` about 43% of
    a document's 5-word shingles still occur in the originals (measured on 2,000), so borrowed
    passages stay recognisable near misses while the rest of its fingerprints are its own.
    """

    def __init__(self, originals: Sequence[Original], swap: float = 0.3, words: tuple[int, int] = (300, 600)):
        self.swap = swap
        self.words = words
        self.articles: list[list[_Sentence]] = []
        vocab: set[str] = set()
        for original in originals:
            sentences = []
            for paragraph in original.text.split("\n\n"):
                for start, end in sentence_spans(paragraph):
                    tokens = tuple(paragraph[start:end].split())
                    if not tokens:
                        continue
                    slots = tuple(i for i, t in enumerate(tokens) if _CONTENT.fullmatch(t))
                    vocab.update(tokens[i].lower() for i in slots)
                    sentences.append(_Sentence(tokens, slots))
            if len(sentences) >= 2:
                self.articles.append(sentences)
        if not self.articles:
            raise ValueError("no article with two sentences to recombine")
        self.vocab = sorted(vocab)

    def doc(self, rng: random.Random, doc_id: str) -> ArchiveDoc:
        """One document; everything random comes from ``rng``, in a fixed order."""
        target = rng.randint(*self.words)
        vocab, swap, articles = self.vocab, self.swap, self.articles
        n_vocab = len(vocab)
        paragraphs: list[str] = []
        count = 0
        while count < target:
            article = articles[rng.randrange(len(articles))]
            run = min(len(article), rng.randint(2, 5))
            first = rng.randrange(len(article) - run + 1)
            out: list[str] = []
            for sentence in article[first : first + run]:
                tokens = list(sentence.tokens)
                for i in sentence.slots:
                    if rng.random() < swap:
                        new = vocab[int(rng.random() * n_vocab)]
                        tokens[i] = new.capitalize() if tokens[i][0].isupper() else new
                out.append(" ".join(tokens))
                count += len(tokens)
            paragraphs.append(" ".join(out))
        title = " ".join(paragraphs[0].split()[: rng.randint(6, 12)]).rstrip(".,;:")
        return ArchiveDoc(doc_id, "\n\n".join(paragraphs), title)

    def docs(self, n: int, seed: int, prefix: str = "synth") -> Iterator[ArchiveDoc]:
        rng = random.Random(seed)
        for i in range(n):
            yield self.doc(rng, f"{prefix}:{i:08d}")


def archive_stream(real: Sequence[ArchiveDoc], synth: NewsSynth, size: int, seed: int) -> Iterator[ArchiveDoc]:
    """``size`` documents: the ``real`` ones (as many as fit, first ones first) spread evenly among synthetic ones."""
    real = list(real[:size])
    n_synth = size - len(real)
    generated = synth.docs(n_synth, seed)
    made = 0
    for k, doc in enumerate(real):
        upto = (k + 1) * n_synth // (len(real) + 1)
        while made < upto:
            yield next(generated)
            made += 1
        yield doc
    yield from generated


# ----------------------------------------------------------------------------------- measurement


def _reset_peak_rss() -> None:
    """Linux: restart the process's peak-RSS counter (VmHWM), so each build reports its own peak."""
    with contextlib.suppress(OSError):  # not Linux, or not allowed: the peak then covers the process so far
        Path("/proc/self/clear_refs").write_text("5")


def _rss_mb(field: str = "VmHWM") -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Progress:
    """Wraps the document stream: times what producing the documents costs, and reports progress to stderr."""

    def __init__(self, docs: Iterator[ArchiveDoc], total: int, every: float = 30.0) -> None:
        self.docs, self.total, self.every = docs, total, every
        self.produce_s = 0.0
        self.count = 0
        self.ended = 0.0  # when the stream ran out: what follows in ``add`` is the merge of the postings

    def __iter__(self) -> Iterator[ArchiveDoc]:
        started = last = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            doc = next(self.docs, None)
            now = time.perf_counter()
            self.produce_s += now - t0
            if doc is None:
                self.ended = now
                _log(f"{self.total:,}: all {self.count:,} documents stored; merging postings into the index")
                return
            self.count += 1
            if now - last >= self.every:
                rate = self.count / (now - started)
                _log(f"{self.total:,}: {self.count:,} documents, {rate:,.0f}/s, "
                     f"about {(self.total - self.count) / rate / 60:.1f} min left before the merge")
                last = now
            yield doc


def _log(message: str) -> None:
    print(f"[bench_provenance {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Build:
    docs: int
    words: int
    seconds: float  # indexing only: the time spent making the synthetic documents is taken out
    produce_s: float
    merge_s: float  # the final merge of the staged postings into the index, part of ``seconds``
    bytes: int
    postings: int
    postings_bytes: int | None  # pages of the postings B-tree (SQLite's dbstat), when available
    peak_rss_mb: float
    base_rss_mb: float
    text_bytes: int | None = None  # pages of the documents table and its id index (texts, titles, ids)


def _files(path: Path) -> list[Path]:
    """The SQLite files of an archive: the file itself, or a sharded folder's shards."""
    return sorted(path.glob("shard-*.sqlite")) if path.is_dir() else [path]


def _remove(path: Path) -> None:
    if path.is_dir():
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
    else:
        for stale in archive_files(path):
            stale.unlink(missing_ok=True)


def table_bytes(path: Path) -> dict[str, int]:
    """Bytes of pages per table and index, over an archive's files (empty when SQLite lacks ``dbstat``)."""
    out: dict[str, int] = {}
    for file in _files(path):
        with contextlib.closing(sqlite3.connect(file.absolute().as_uri() + "?mode=ro", uri=True)) as db:
            try:
                rows = db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
            except sqlite3.Error:  # dbstat is an optional SQLite build feature
                return {}
        for name, size in rows:
            out[name] = out.get(name, 0) + int(size)
    return out


def build(path: Path, docs: Iterator[ArchiveDoc], size: int, shards: int = 0) -> Build:
    """Build an archive from scratch at ``path`` (a folder of ``shards`` files when over 1) and measure it."""
    if path.exists():
        _remove(path)
    gc.collect()
    _reset_peak_rss()
    base = _rss_mb("VmRSS")
    stream = _Progress(docs, size)
    started = time.perf_counter()
    archive: ArchiveBackend = ShardedArchive.create(path, shards) if shards > 1 else Archive.create(path)
    try:
        archive.add(stream)
        finished = time.perf_counter()
        seconds = finished - started - stream.produce_s
        peak = _rss_mb()
        info = archive.info()
    finally:
        archive.close()
    tables = table_bytes(path)
    return Build(
        int(info["documents"]),  # type: ignore[call-overload]
        int(info["words"]),  # type: ignore[call-overload]
        seconds,
        stream.produce_s,
        finished - stream.ended,
        sum(f.stat().st_size for f in _files(path)),
        int(info["fingerprints"]),  # type: ignore[call-overload]
        tables.get("postings"),
        peak,
        base,
        tables["docs"] + tables.get("sqlite_autoindex_docs_1", 0) if "docs" in tables else None,
    )


class BruteForce:
    """Every document's sampled fingerprints in memory (as stored by the index); a page is compared with all."""

    def __init__(self, archive: Archive) -> None:
        started = time.perf_counter()
        keys: list[np.ndarray] = []
        docs: list[np.ndarray] = []
        for chunk_keys, chunk_docs in archive.postings():
            keys.append(chunk_keys)
            docs.append(chunk_docs.astype(np.int32))
        self.fps = np.concatenate(keys) if keys else np.zeros(0, np.uint64)
        self.docs = np.concatenate(docs) if docs else np.zeros(0, np.int32)
        self.archive = archive
        self.load_s = time.perf_counter() - started
        self.mb = (self.fps.nbytes + self.docs.nbytes) / 1e6

    def _keys(self, text: str) -> np.ndarray:
        """A page's fingerprints as the index keys them."""
        return self.archive.layout.keys(fingerprints(word_norms(text), self.archive.shingle, self.archive.sample))

    def best(self, text: str) -> str | None:
        """The id of the document sharing most fingerprints with ``text`` (a scan of all of them)."""
        query = self._keys(text)
        if not len(query) or not len(self.fps):
            return None
        counts = np.bincount(self.docs[np.isin(self.fps, query)])  # isin: one comparison pass per query fingerprint
        if not len(counts) or counts.max() == 0:
            return None
        row = self.archive._db.execute("SELECT id FROM docs WHERE doc = ?", (int(np.argmax(counts)),)).fetchone()
        return str(row[0])

    def df(self, texts: Sequence[str]) -> tuple[float, float, int, float]:
        """Documents per fingerprint: mean, share in more than one, max; and the mean over ``texts``' fingerprints."""
        if not len(self.fps):
            return 0.0, 0.0, 0, 0.0
        keys, counts = np.unique(self.fps, return_counts=True)
        asked = np.unique(np.concatenate([self._keys(t) for t in texts]))
        at = np.minimum(np.searchsorted(keys, asked), len(keys) - 1)
        found = counts[at][keys[at] == asked]
        return (float(counts.mean()), float((counts > 1).mean()), int(counts.max()),
                float(found.mean()) if len(found) else 0.0)


def _ms(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values) * 1000, q)) if values else float("nan")


@dataclass
class Lookups:
    queries: int
    candidates_s: list[float]
    match_s: list[float]
    recall_candidates: float
    recall_match: float
    brute_s: list[float]
    brute_recall: float
    brute_queries: int
    speedup: float  # median brute-force scan / median candidates, over the queries both ran
    brute_load_s: float
    brute_mb: float
    df: tuple[float, float, int, float]


def lookups(path: Path, queries: Sequence[tuple[str, set[str]]], brute_queries: int) -> Lookups:
    """Time ``candidates`` and ``match`` for every query, the brute-force scan for the first ``brute_queries``."""
    with Archive(path) as archive:
        cand_s, match_s, hit_c, hit_m = [], [], 0, 0
        archive.match(queries[0][0])  # first lookups open the file and fill SQLite's cache
        for text, gold in queries:
            t0 = time.perf_counter()
            found = archive.candidates(text)
            t1 = time.perf_counter()
            match = archive.match(text)
            t2 = time.perf_counter()
            cand_s.append(t1 - t0)
            match_s.append(t2 - t1)
            hit_c += bool(found) and found[0].id in gold
            hit_m += match is not None and match.sources[0].id in gold
        brute = BruteForce(archive)
        df = brute.df([text for text, _ in queries])
        sample = list(queries[:brute_queries])
        brute_s, hit_b = [], 0
        for text, gold in sample:
            t0 = time.perf_counter()
            best = brute.best(text)
            brute_s.append(time.perf_counter() - t0)
            hit_b += best in gold
        load_s, mb = brute.load_s, brute.mb
        del brute
    n = len(queries)
    speedup = float(np.median(brute_s) / np.median(cand_s[: len(sample)])) if sample else float("nan")
    return Lookups(
        n, cand_s, match_s, hit_c / n, hit_m / n, brute_s, hit_b / max(1, len(sample)), len(sample), speedup,
        load_s, mb, df,
    )


# ------------------------------------------------------------------------------------- backends


@dataclass
class Throughput:
    workers: int
    lookups: int
    seconds: float
    latencies_s: list[float]
    cpu_s: float  # the workers' CPU time together (threads of a sharded lookup included)

    @property
    def rate(self) -> float:
        return self.lookups / self.seconds if self.seconds else 0.0


@dataclass
class BackendResult:
    size: int
    name: str  # "one file" or "N shards"
    build: Build
    recall: float  # recall@1 of ``candidates`` over all the queries
    runs: list[Throughput]


def _lookup_worker(path: str, texts: list[str], offset: int, seconds: float, start: object, out: object) -> None:
    """One worker process: open the archive, ask ``candidates`` in a closed loop from ``start`` for ``seconds``."""
    archive = open_archive(path)
    for text in texts[:5]:
        archive.candidates(text)  # opened, first pages cached
    start.wait(timeout=600)  # type: ignore[attr-defined]
    latencies: list[float] = []
    cpu0, began = time.process_time(), time.perf_counter()
    end, i = began + seconds, offset
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        archive.candidates(texts[i % len(texts)])
        latencies.append(time.perf_counter() - t0)
        i += 1
    out.put((len(latencies), time.perf_counter() - began, latencies, time.process_time() - cpu0))  # type: ignore[attr-defined]
    archive.close()


def throughput(path: Path, texts: list[str], workers: int, seconds: float) -> Throughput:
    """``workers`` processes asking the archive at ``path`` at once (each from its own place in ``texts``)."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no thread pool or connection inherited
    start, out = context.Barrier(workers + 1), context.Queue()
    procs = [context.Process(target=_lookup_worker,
                             args=(str(path), texts, w * len(texts) // workers, seconds, start, out))
             for w in range(workers)]
    for proc in procs:
        proc.start()
    start.wait(timeout=600)  # a worker that died before it broke the barrier
    answers = [out.get(timeout=seconds + 600) for _ in procs]
    for proc in procs:
        proc.join()
    return Throughput(workers, sum(a[0] for a in answers), max(a[1] for a in answers),
                      [t for a in answers for t in a[2]], sum(a[3] for a in answers))


def _recall(path: Path, queries: Sequence[tuple[str, set[str]]]) -> float:
    archive = open_archive(path)
    try:
        return sum(bool(f) and f[0].id in gold for text, gold in queries
                   for f in [archive.candidates(text)]) / len(queries)
    finally:
        archive.close()


def backends(
    single: Path, build_single: Build, sharded: Path, stream: Iterator[ArchiveDoc], size: int, shards: int,
    queries: Sequence[tuple[str, set[str]]], workers: Sequence[int], seconds: float,
) -> list[BackendResult]:
    """Build the sharded archive of the same documents, then time both backends under concurrent workers."""
    _log(f"{size:,}: building {shards} shards in {sharded}")
    made = build(sharded, stream, size, shards)
    texts = [text for text, _ in queries]
    out = []
    for name, path, built in (("one file", single, build_single), (f"{shards} shards", sharded, made)):
        _log(f"{size:,}: {name}: concurrent lookups from {', '.join(map(str, workers))} workers")
        runs = [throughput(path, texts, n, seconds) for n in workers]
        out.append(BackendResult(size, name, built, _recall(path, queries), runs))
    return out


# -------------------------------------------------------------------------------------------- run


@dataclass
class SizeResult:
    size: int
    build: Build | None = None
    lookups: Lookups | None = None
    predicted_s: float | None = None  # set when the size was not run: predicted build time
    backends: list[BackendResult] | None = None


@dataclass(frozen=True)
class BackendPlan:
    """Where the backends are compared: at which sizes, with how many shards, workers and seconds a cell."""

    sizes: tuple[int, ...] = (100_000,)
    shards: int = 4
    workers: tuple[int, ...] = (1, 2)
    seconds: float = 10.0


def run(
    originals: Sequence[Original],
    paraphrases: Sequence[tuple[str, str]],
    sizes: Sequence[int],
    n_queries: int = 300,
    brute_sample: int = 30,
    brute_all_upto: int = 100_000,
    seed: int = 0,
    workdir: Path | None = None,
    budget_s: float | None = None,
    keep: bool = False,
    plan: BackendPlan | None = None,
) -> tuple[list[SizeResult], dict[str, object]]:
    """Build and query an archive of each size; sizes whose predicted build exceeds ``budget_s`` are skipped."""
    plan = plan or BackendPlan(sizes=())
    corpus = make_reposts(originals, paraphrases, n_queries, seed=seed)
    queries = [(r.text, set(r.source_ids)) for r in corpus.reposts]
    needed = list(dict.fromkeys(sid for r in corpus.reposts for sid in r.source_ids))
    by_id = {o.id: o for o in corpus.originals_for_archive}
    ordered = [by_id[i] for i in needed] + [o for o in corpus.originals_for_archive if o.id not in set(needed)]
    real = [ArchiveDoc(o.id, o.text, o.title) for o in ordered]
    if min(sizes) < len(needed):
        raise ValueError(f"the smallest archive ({min(sizes)}) cannot hold the {len(needed)} sources of the queries")
    synth = NewsSynth(corpus.originals_for_archive)
    workdir = Path(workdir or tempfile.gettempdir())
    results: list[SizeResult] = []
    rate: float | None = None  # documents/s of the last build, generation included (what the next one will take)
    for size in sizes:
        if budget_s is not None and rate is not None and size / rate > budget_s:
            _log(f"{size:,}: skipped, the build would take about {size / rate / 60:.0f} min at the measured rate")
            results.append(SizeResult(size, predicted_s=size / rate))
            continue
        path = workdir / f"bench_provenance_{size}.sqlite"
        sharded = workdir / f"bench_provenance_{size}_shards"
        _log(f"{size:,}: building {path}")
        try:
            made = build(path, archive_stream(real, synth, size, seed + size), size)
            rate = made.docs / (made.seconds + made.produce_s)
            _log(f"{size:,}: built in {made.seconds:.0f} s (+{made.produce_s:.0f} s making documents); querying")
            brute_n = len(queries) if size <= brute_all_upto else min(brute_sample, len(queries))
            found = lookups(path, queries, brute_n)
            compared = None
            if size in plan.sizes:
                compared = backends(path, made, sharded, archive_stream(real, synth, size, seed + size), size,
                                    plan.shards, queries, plan.workers, plan.seconds)
        finally:
            if not keep:
                for leftover in (path, sharded):
                    if leftover.exists():
                        _remove(leftover)
                for leftover in archive_files(path):
                    leftover.unlink(missing_ok=True)
        results.append(SizeResult(size, made, found, backends=compared))
    context: dict[str, object] = {
        "queries": len(queries),
        "sources": len(needed),
        "real": len(real),
        "edits": sum(len(r.edits) for r in corpus.reposts) / max(1, len(corpus.reposts)),
        "vocab": len(synth.vocab),
        "seed": seed,
        "plan": plan,
    }
    return results, context


def _times(ratio: float) -> str:
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.2f}×"


def _fmt_bytes(n: float) -> str:
    return f"{n / 1024:,.1f} KiB" if n >= 1024 else f"{n:,.0f} B"


def _per_doc(total: int | None, b: Build) -> str:
    """Bytes a document, exact (the targets are in bytes): ``2,004 B (1.96 KiB)``."""
    if total is None:
        return "n/a"
    return f"{total / b.docs:,.0f} B ({total / b.docs / 1024:.2f} KiB)"


def render(results: Sequence[SizeResult], context: dict[str, object], seconds: float, load: str) -> str:
    ran = [r for r in results if r.build and r.lookups]
    lines = [
        "## Provenance archive at scale",
        "",
        f"Measured {dt.date.today().isoformat()} by `python -m benchmarks.bench_provenance` in "
        f"{seconds / 60:.1f} min on {platform.machine()}, Python {platform.python_version()}, SQLite "
        f"{__import__('sqlite3').sqlite_version}, one process (one core){load}. Each archive is built from scratch "
        "in its own SQLite file, then queried with the same "
        f"{context['queries']} re-posts (seed {context['seed']}; {context['edits']:.1f} edits a page on average) of "
        f"{context['sources']} real originals (PolNeAR and PTC). The archive holds all {context['real']:,} originals "
        "the re-post generator archives; the rest is synthetic news: runs of 2-5 consecutive sentences of those "
        "originals recombined across articles, each content word swapped with probability 0.3 for another of the "
        f"{context['vocab']:,} content words of the originals (seeded; 300-600 words a document), so that documents "
        "are distinct but many share sentences with the sources, as wire copy does.",
        "",
        "### Building",
        "",
        "| documents | build (s) | of which the final merge (s) | documents/s | words/s | file | "
        "disk per document | of which the texts | of which the postings index | postings per document | "
        "peak RSS of the build (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    last: Build | None = None
    for r in results:
        if r.build is None:
            assert r.predicted_s is not None
            size = f", file about {r.size * last.bytes / last.docs / 1e9:,.1f} GB" if last else ""
            lines.append(f"| {r.size:,} | _not run: about {r.predicted_s / 60:,.0f} min{size} (extrapolated from "
                         "the previous size)_ | | | | | | | | | |")
            continue
        b = last = r.build
        lines.append(
            f"| {b.docs:,} | {b.seconds:,.1f} | {b.merge_s:,.1f} | {b.docs / b.seconds:,.0f} | "
            f"{b.words / b.seconds:,.0f} | {b.bytes / 1e6:,.0f} MB | {_per_doc(b.bytes, b)} | "
            f"{_per_doc(b.text_bytes, b)} | {_per_doc(b.postings_bytes, b)} | "
            f"{b.postings / b.docs:.1f} | {b.peak_rss_mb:,.0f} |"
        )
    lines += [
        "",
        "Build time is `Archive.add` over the stream of documents, the time spent making the synthetic documents "
        "taken out; it includes tokenising, fingerprinting, compressing and storing each text and the final merge "
        "of the staged postings into the index (partition by partition, each bucket written once). Disk is the "
        "SQLite file size over the number of documents (bytes; 1 KiB = 1,024 B); the texts are the documents "
        "table with its id index (texts deflated with the archive's preset dictionary, titles, ids), the postings "
        "index is the bucket table (`(tag, document)` pairs packed per bucket of fingerprints); the rest is "
        "SQLite's own (schema, free pages). Peak RSS is the "
        "process's high-water mark from the start of the build (it includes about "
        f"{min((r.build.base_rss_mb for r in ran if r.build), default=0):,.0f} MB already resident: the originals, the "
        "re-posts and the generator).",
        "",
        "### Looking up",
        "",
        "| documents | `candidates` p50 / p99 (ms) | `match` p50 / p99 (ms) | recall@1 `candidates` | "
        "recall@1 `match` | brute-force scan p50 / p99 (ms) | scanned queries | brute-force recall@1 | "
        "speed-up, scan / `candidates` |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in ran:
        q = r.lookups
        assert q is not None
        sampled = "" if q.brute_queries == q.queries else " (sample)"
        lines.append(
            f"| {r.size:,} | {_ms(q.candidates_s, 50):.2f} / {_ms(q.candidates_s, 99):.2f} | "
            f"{_ms(q.match_s, 50):.1f} / {_ms(q.match_s, 99):.1f} | {q.recall_candidates:.3f} | "
            f"{q.recall_match:.3f} | {_ms(q.brute_s, 50):,.1f} / {_ms(q.brute_s, 99):,.1f} | "
            f"{q.brute_queries}{sampled} | {q.brute_recall:.3f} | {_times(q.speedup)} |"
        )
    for r in results:
        if r.lookups is None:
            lines.append(f"| {r.size:,} | _not run_ | | | | | | | |")
    lines += [
        "",
        "`candidates` looks the page's sampled fingerprints up in the index and counts them per document; "
        "`match` is the whole lookup (candidates, then the word alignment of the best ones, which gives the "
        "inserted, dropped and reworded passages). Recall@1: the first source named is one the page copies. "
        "The baseline is a search without an index: every document's sampled fingerprints held in memory "
        "(the same ones the index stores), each page's compared with all of them by a vectorised NumPy scan, "
        "best document taken; the speed-up compares medians over the queries both ran. Where fewer queries "
        "are scanned than looked up, the scan ran on the first ones only (marked sample). Latencies are with "
        "the archive file in the operating system's cache (it was just written), not from a cold disk. The "
        "slowest `match` calls are long pages (comment sections, long originals) whose word alignment dominates "
        "at every size; `candidates` grows with the posting lists it reads and counts (next table).",
        "",
        "| documents | loading the brute-force arrays (s) | their memory (MB) | documents per fingerprint, mean | "
        "the same over the queries' fingerprints found | "
        "fingerprints in more than one document | most documents for one fingerprint |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in ran:
        q = r.lookups
        assert q is not None
        lines.append(f"| {r.size:,} | {q.brute_load_s:.1f} | {q.brute_mb:,.0f} | {q.df[0]:.2f} | {q.df[3]:.1f} | "
                     f"{q.df[1]:.1%} | {q.df[2]:,} |")
    lines += [
        "",
        "Posting lists: the synthetic documents borrow their sentences from the same originals the queries copy, "
        "so the queries' fingerprints are in many more documents than the typical fingerprint; that is the "
        "pessimistic case for `candidates`, which reads the bucket of every fingerprint of the page, long lists "
        "included, and counts the lists of up to 1,000 documents (`max_df`).",
        "",
    ]
    lines += _render_backends([b for r in ran for b in r.backends or []], context)
    return "\n".join(lines)


def _render_backends(compared: Sequence[BackendResult], context: dict[str, object]) -> list[str]:
    """The backends table: each backend's build and disk, and its lookups from 1, 2, ... workers at once."""
    if not compared:
        return []
    plan = context["plan"]
    assert isinstance(plan, BackendPlan)
    lines = [
        "### Backends: one file or shards, under concurrent workers",
        "",
        "| documents | backend | build (s) | disk per document | recall@1 `candidates` | workers | lookups/s | "
        "× one worker, one file | `candidates` p50 / p99 (ms) | CPU (cores) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in dict.fromkeys(b.size for b in compared):
        rows = [b for b in compared if b.size == size]
        base = rows[0].runs[0].rate if rows[0].runs else float("nan")
        for b in rows:
            for t in b.runs:
                lines.append(
                    f"| {size:,} | {b.name} | {b.build.seconds:,.1f} | {_per_doc(b.build.bytes, b.build)} | "
                    f"{b.recall:.3f} | {t.workers} | {t.rate:,.0f} | {t.rate / base:.2f}× | "
                    f"{_ms(t.latencies_s, 50):.2f} / {_ms(t.latencies_s, 99):.2f} | {t.cpu_s / t.seconds:.2f} |"
                )
    lines += [
        "",
        f"The same documents in one file and in a folder of {plan.shards} shard files (`newsaudit archive add "
        f"--shards {plan.shards}`; a document goes to the shard its id hashes to). Each cell starts that many "
        "worker processes at once, each opening the archive itself (as batch workers do) and asking `candidates` "
        f"for the re-posts in a closed loop, each from its own place in the list, for {plan.seconds:g} s; "
        "lookups/s counts them all. A sharded lookup fingerprints the page once and asks every shard from a thread "
        "pool; SQLite and NumPy release the GIL, so its shards run on several cores (CPU: the workers' CPU time "
        "over the wall time). The sharded build adds each shard's documents in a thread of its own, one process. "
        "The machine is shared: read the ratios, and the load average above.",
        "",
    ]
    return lines


def _load_average() -> str:
    try:
        return f", load average {os.getloadavg()[0]:.1f} when it started (shared machine)"
    except OSError:
        return ""


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=None, help="write the markdown section here too")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="archive sizes, comma-separated")
    parser.add_argument("--queries", type=int, default=300, help="re-posts looked up at each size")
    parser.add_argument("--brute-sample", type=int, default=30,
                        help="queries scanned by brute force above --brute-all-upto")
    parser.add_argument("--brute-all-upto", type=int, default=100_000,
                        help="largest size where every query is scanned")
    parser.add_argument("--budget-minutes", type=float, default=None,
                        help="skip a size whose build, predicted from the previous one, would take longer")
    parser.add_argument("--workdir", type=Path, default=None, help="where the archives are built (default: temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the archive files")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend-sizes", default="100000,1000000",
                        help="sizes (of --sizes) where a sharded archive is built too and both backends are timed "
                             "under concurrent workers; empty: none")
    parser.add_argument("--shards", type=int, default=4, help="shards of the sharded archive")
    parser.add_argument("--workers", default="1,2", help="worker processes asking at once, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long each concurrent cell runs")
    args = parser.parse_args(argv)
    plan = BackendPlan(_ints(args.backend_sizes), args.shards, _ints(args.workers), args.seconds)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    started = time.perf_counter()
    load = _load_average()
    results, context = run(
        load_originals(args.data), load_paraphrases(args.data), sizes, args.queries, args.brute_sample,
        args.brute_all_upto, args.seed, args.workdir,
        args.budget_minutes * 60 if args.budget_minutes is not None else None, args.keep, plan,
    )
    emit(render(results, context, time.perf_counter() - started, load), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
