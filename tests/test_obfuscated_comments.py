"""The canonical page's comments as evaders write them are moderated as they are written plainly.

Each variant rewrites only the comments' text (look-alike Cyrillic letters, zero-width characters between
letters, leetspeak, spaced-out letters); the article and the thread markup stay. The decisions and targeted
groups must match the plain page's, and every evidence span must point into the comment as written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsaudit.models.comment_model import default_model
from newsaudit.moderation.moderate import ModerationConfig, Moderator
from newsaudit.page import Page
from newsaudit.pipeline import Pipeline, PipelineConfig
from newsaudit.stages.comments import CommentsConfig

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsaudit" / "examples" / "syria-repost-with-comments.txt"
CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у", "i": "і"})
LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})

VARIANTS = {
    "look-alike letters": lambda body: body.translate(CYRILLIC),
    "zero-width characters": lambda body: " ".join("\u200b".join(word) for word in body.split(" ")),
    "leetspeak": lambda body: body.translate(LEET),
}


def _audit(text: str, normalize: bool = True) -> Page:
    config = CommentsConfig(moderation=ModerationConfig(normalize=normalize))
    pipeline = Pipeline(PipelineConfig(stages=("anatomy", "comments"), stage_config={"comments": config}))
    return pipeline.audit(text)


def _decisions(page: Page) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.moderation["decision"], tuple(c.moderation["groups"])[:1]) for c in page.comments]


@pytest.fixture(scope="module")
def plain() -> tuple[str, Page]:
    text = EXAMPLE.read_text(encoding="utf-8")
    return text, _audit(text)


def _rewrite(text: str, page: Page, change) -> str:  # type: ignore[no-untyped-def]
    out, last = [], 0
    for comment in sorted(page.comments, key=lambda c: c.start):
        out += [text[last : comment.start], change(text[comment.start : comment.end])]
        last = comment.end
    return "".join(out) + text[last:]


def test_the_plain_page_rejects_six_antisemitic_comments_and_allows_the_reply(plain) -> None:  # type: ignore[no-untyped-def]
    decisions = _decisions(plain[1])
    assert decisions.count(("reject", ("jews",))) == 6
    assert decisions.count(("allow", ())) == 1


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_evasive_spellings_get_the_same_decisions(plain, variant: str) -> None:  # type: ignore[no-untyped-def]
    text, page = plain
    written = _rewrite(text, page, VARIANTS[variant])
    evasive = _audit(written)
    assert _decisions(evasive) == _decisions(page)
    for comment in evasive.comments:
        verdict = comment.moderation
        if verdict["decision"] != "allow":
            assert any(r.startswith("written to evade filters") for r in verdict["reasons"]), variant
    flags = [f for f in evasive.findings if f.kind == "comment_flag"]
    assert flags
    by_id = {c.id: c for c in evasive.comments}
    for f in flags:
        comment = by_id[f.attrs["comment"]]
        assert comment.start <= f.start < f.end <= comment.end
        assert evasive.text[f.start : f.end].strip()


def test_without_normalising_the_evasions_get_through(plain) -> None:  # type: ignore[no-untyped-def]
    """The check above can fail: switched off, look-alike letters take the comments past the model."""
    text, page = plain
    evasive = _audit(_rewrite(text, page, VARIANTS["look-alike letters"]), normalize=False)
    assert sum(d == "reject" for d, _ in _decisions(evasive)) < 6


def test_evidence_quotes_the_comment_as_written() -> None:
    moderator = Moderator(default_model())
    written = "k i l l all the j3ws, they are vermin"
    result = moderator.moderate([written])[0]
    assert result.decision == "reject"
    quoted = [e.text for f in result.flags for e in f.evidence]
    assert quoted and all(q and q in written for q in quoted)
    assert any("k i l l" in q or "j3ws" in q for q in quoted)
