"""The packaged MiniLM as a torch module, for fine-tuning only (training time; never imported at run time).

Built from the same arrays as :class:`newsaudit.models.minilm.MiniLMEncoder` (input-major weights, the
layout the NumPy forward uses), so a fine-tuned layer goes back into the NumPy encoder unchanged and the
two forwards agree to float rounding (``tests/test_comment_encoder.py`` checks it when torch is
installed). No ``transformers`` dependency: six BERT layers are forty lines.
"""

from __future__ import annotations

import math
from dataclasses import fields

import numpy as np
import torch
from torch import nn

from newsaudit.models.minilm import MiniLMEncoder, _Layer

LAYER_FIELDS = tuple(f.name for f in fields(_Layer))


class TorchLayer(nn.Module):
    """One BERT layer with parameters named as :class:`_Layer`'s fields."""

    def __init__(self, layer: _Layer, heads: int, eps: float) -> None:
        super().__init__()
        self.p = nn.ParameterDict(
            {name: nn.Parameter(torch.from_numpy(np.array(getattr(layer, name)))) for name in LAYER_FIELDS}
        )
        self.heads = heads
        self.eps = eps

    def forward(self, x: torch.Tensor, key_bias: torch.Tensor) -> torch.Tensor:
        batch, seq, hidden = x.shape
        dim = hidden // self.heads
        p = self.p
        qkv = (x @ p["w_qkv"] + p["b_qkv"]).view(batch, seq, 3, self.heads, dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = (q / math.sqrt(dim)) @ k.transpose(-1, -2) + key_bias
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, seq, hidden)
        norm = nn.functional.layer_norm
        x = norm(context @ p["w_attn_out"] + p["b_attn_out"] + x, (hidden,), p["ln1_w"], p["ln1_b"], self.eps)
        inter = nn.functional.gelu(x @ p["w_inter"] + p["b_inter"])
        return norm(inter @ p["w_out"] + p["b_out"] + x, (hidden,), p["ln2_w"], p["ln2_b"], self.eps)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}{name}": self.p[name].detach().cpu().numpy() for name in LAYER_FIELDS}


class TorchMiniLM(nn.Module):
    """Embeddings and the first ``n_layers`` layers; the layers below ``first_trainable`` stay frozen."""

    def __init__(self, encoder: MiniLMEncoder, n_layers: int, first_trainable: int) -> None:
        super().__init__()
        self.eps = encoder.eps
        self.hidden = encoder.hidden_size
        for name in ("word_embeddings", "position_embeddings", "token_type0", "emb_ln_w", "emb_ln_b"):
            self.register_buffer(name, torch.from_numpy(np.array(getattr(encoder, name))))
        self.layers = nn.ModuleList(
            TorchLayer(encoder.layers[i], encoder.num_heads, encoder.eps) for i in range(n_layers)
        )
        self.first_trainable = first_trainable
        for layer in self.layers[:first_trainable]:
            layer.requires_grad_(False)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        seq = ids.shape[1]
        key_bias = torch.where(mask, 0.0, torch.finfo(torch.float32).min)[:, None, None, :]
        b = self.get_buffer
        with torch.no_grad():
            x = b("word_embeddings")[ids] + b("position_embeddings")[:seq] + b("token_type0")
            x = nn.functional.layer_norm(x, (self.hidden,), b("emb_ln_w"), b("emb_ln_b"), self.eps)
            for layer in self.layers[: self.first_trainable]:
                x = layer(x, key_bias)
        for layer in self.layers[self.first_trainable :]:
            x = layer(x, key_bias)
        return x
