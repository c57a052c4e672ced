"""The encoder's training targets (training/train_comment_encoder.py; torch is a training-only dependency)."""

import pytest

pytest.importorskip("torch")

from newsaudit.moderation.groups import GROUPS
from newsaudit.training.comment_data import Example
from newsaudit.training.train_comment_encoder import EncoderTrainConfig, targets

EXAMPLES = [
    Example("Jews are vermin", "toxigen", {"identity_attack": 1}, "jews"),
    Example("Muslims run the food bank", "toxigen", {"identity_attack": 0}, "muslims"),
]


def test_with_names_masked_no_post_teaches_the_group_head() -> None:
    t = targets(EXAMPLES, EncoderTrainConfig(mask_groups=True))
    assert (t.group == -1).all()
    assert t.binary[:, 1].tolist() == [1.0, 0.0] and (t.binary_weight[:, 1] == 1.0).all()


def test_with_names_read_the_group_head_learns_the_target() -> None:
    t = targets(EXAMPLES, EncoderTrainConfig(mask_groups=False))
    assert t.group.tolist() == [GROUPS.index("jews"), GROUPS.index("muslims")]


def test_shipped_recipe_masks_names_and_makes_no_swapped_copies() -> None:
    config = EncoderTrainConfig()
    assert config.mask_groups and config.swap_copies == 0 and config.written_fills > 0
