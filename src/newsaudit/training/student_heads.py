"""The slant student's two heads, trained with torch (training only; run time reads their NumPy weights).

Same heads as the booster's (``train_propaganda.fit_booster``): a logistic regression on each token's table
vector and an MLP (one ReLU layer) on a window of them, both standardised by the training tokens' mean and
scale. Trained here by Adam over mini-batches without weight decay, which cross-validates better on the
table's 128 dimensions than scikit-learn's L2-regularised fits (SI F1 0.390 → 0.396, same table and folds;
docs/eval/slant_student_notes.md).
"""

from __future__ import annotations

import numpy as np

from newsaudit.models.dense import DenseHead

SEED = 13
BATCH = 256
LEARNING_RATE = 1e-3


def _train(x: np.ndarray, y: np.ndarray, hidden: int, epochs: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)  # the same weights on any machine's thread count
    if hidden:
        net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 1))
    else:
        net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], 1))
    optimiser = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE)
    inputs, targets = torch.from_numpy(np.ascontiguousarray(x, np.float32)), torch.from_numpy(y.astype(np.float32))
    generator = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        order = torch.randperm(len(inputs), generator=generator)
        for start in range(0, len(inputs), BATCH):
            batch = order[start : start + BATCH]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(inputs[batch]).squeeze(1), targets[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    linear = [m for m in net if isinstance(m, torch.nn.Linear)]
    return [(m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy()) for m in linear]


def fit_student_heads(
    vectors: np.ndarray, y: np.ndarray, keep: np.ndarray, sentence_lengths: list[int], window: int, hidden: int,
    epochs: int,
) -> tuple[DenseHead, DenseHead]:
    """LR and MLP heads on the rows ``keep`` of ``vectors`` (every token's table vector, in sentence order)."""
    from newsaudit.slant.vectors import windows

    kept = vectors[keep]
    mean = kept.mean(axis=0)
    scale = kept.std(axis=0) + 1e-6
    standardised = ((vectors - mean) / scale).astype(np.float32)
    lr = DenseHead("student_lr", mean, scale, _train(standardised[keep], y[keep], 0, epochs, SEED))
    wide = windows(standardised, sentence_lengths, window)[keep]
    width = wide.shape[1]
    # The MLP reads windows already standardised with the LR's mean and scale (zero padding stays zero).
    layers = _train(wide, y[keep], hidden, epochs, SEED)
    mlp = DenseHead("student_mlp", np.zeros(width, np.float32), np.ones(width, np.float32), layers)
    return lr, mlp
