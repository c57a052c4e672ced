"""Comments stage: moderate every reader comment the anatomy stage found.

For each held or rejected comment it adds one ``moderation`` finding over the
comment (the decision, with reasons) and one ``comment_flag``
finding per flag (toxic, attack on a group, antisemitism, call to violence,
link promotion) over each evidence span. The decision also goes into the
comment's ``moderation`` (reports write it as ``meta["moderation"]``), and ``summary["comments"]`` holds the thread
summary: decisions, share rejected, groups targeted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from newsaudit.models.comment_model import CommentScorer
from newsaudit.moderation.moderate import (
    CHUNK,
    LABEL_NAMES,
    Evidence,
    Flag,
    Moderation,
    ModerationConfig,
    Moderator,
)
from newsaudit.page import BlockType, Comment, Finding, Page


@dataclass
class CommentsConfig:
    """The ``comments`` stage: allow, hold or reject every comment the anatomy stage found, with reasons."""

    #: the policy and the models' settings the moderator applies
    moderation: ModerationConfig = field(default_factory=ModerationConfig)
    #: read the comments the n-gram heads suspect with the fine-tuned MiniLM too (when installed); off,
    #: the n-gram heads alone (faster, weaker on what a post does with a group's name).
    #: (``NEWSAUDIT_COMMENT_ENCODER=0`` turns it off at the edges that read the environment: ``settings.py``.)
    encoder: bool = True
    #: comments of a page the encoder may read; the rest are moderated by the n-gram heads alone, so a
    #: page of 200,000 comments takes seconds, not half an hour (the encoder reads ~100 comments/s)
    encoder_max_comments: int = 2_000


class CommentsStage:
    name = "comments"

    def __init__(self, config: CommentsConfig | None = None, model: CommentScorer | None = None) -> None:
        self.config = config or CommentsConfig()
        self._model = model
        self._moderator: Moderator | None = None
        self._fast: Moderator | None = None

    @property
    def moderator(self) -> Moderator:
        """Loaded on first use, so building a pipeline stays cheap."""
        if self._moderator is None:
            from newsaudit.models.comment_encoder import default_scorer

            self._moderator = Moderator(self._model or default_scorer(self.config.encoder), self.config.moderation)
        return self._moderator

    @property
    def fast_moderator(self) -> Moderator:
        """The n-gram heads alone, for the comments of a page beyond ``encoder_max_comments``."""
        if self._model is not None:
            return self.moderator
        if self._fast is None:
            from newsaudit.models.comment_encoder import default_scorer

            self._fast = Moderator(default_scorer(False), self.config.moderation)
        return self._fast

    def __call__(self, page: Page) -> Page:
        tally = _Tally()
        bodies = _comment_bodies(page)
        # A chunk at a time: each result is recorded on its comment and counted, then dropped, so memory
        # grows with what the page keeps (one verdict per comment), not with the model's work.
        done = 0
        while chunk := list(islice(bodies, CHUNK)):
            moderator = self.moderator if done < self.config.encoder_max_comments else self.fast_moderator
            texts = [unwrapped(page.text[start:end], start, wrapped_at) for _, start, end, wrapped_at in chunk]
            results = moderator.moderate(texts)
            done += len(chunk)
            for (comment, start, _end, _wrapped), result in zip(chunk, results, strict=True):
                self._record(page, comment, start, result)
                tally.add(result)
        page.summary["comments"] = tally.summary()
        return page

    def _record(self, page: Page, comment: Comment, offset: int, result: Moderation) -> None:
        comment.moderation = result.verdict()
        if result.decision == "allow":  # findings are flags; an allowed comment keeps its decision in meta only
            return
        top = max((f.score for f in result.flags), default=max(result.scores.values(), default=0.0))
        page.add_finding(
            Finding(
                start=comment.start,
                end=comment.end,
                stage=self.name,
                kind="moderation",
                label=result.decision,
                score=round(top, 4),
                reason="; ".join(result.reasons) or "no flag reached a hold threshold",
                attrs={"comment": comment.id, "groups": result.groups, "scores": result.scores},
            )
        )
        for flag in result.flags:
            for (start, end), source, reason in _flag_spans(flag):
                page.add_finding(
                    Finding(
                        start=offset + start,
                        end=offset + end,
                        stage=self.name,
                        kind="comment_flag",
                        label=flag.label,
                        score=round(flag.score, 4),
                        reason=reason,
                        attrs={"comment": comment.id, "level": flag.level, "evidence": source},
                    )
                )


def _flag_spans(flag: Flag) -> list[tuple[tuple[int, int], str, str]]:
    """One (span, evidence source, reason) per span of a flag: a rule hit and the model's words on the same span
    are one finding whose reason says both; the model's words are quoted in the reason."""
    spans: dict[tuple[int, int], list[Evidence]] = {}
    for ev in flag.evidence:
        spans.setdefault((ev.start, ev.end), []).append(ev)
    out = []
    name = LABEL_NAMES.get(flag.label, flag.label)
    for span, evidence in spans.items():
        rules = list(dict.fromkeys(ev.reason for ev in evidence if ev.source != "model" and ev.reason))
        words = _quoted(evidence[0].text)
        if rules:
            reason = "; ".join(rules)
            if any(ev.source == "model" for ev in evidence):
                reason += f"; the model's score rests on the same words ({words})"
            source = next(ev.source for ev in evidence if ev.source != "model")
        else:
            reason = f"{name}: {words} drove the score"
            source = evidence[0].source
        out.append((span, source, reason))
    return out


def _quoted(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


def _comment_bodies(page: Page) -> Iterator[tuple[Comment, int, int, tuple[int, ...]]]:
    """Each comment with the span of its text (its comment block when the anatomy stage typed one) and where a
    crawler's hard wrapping broke its lines (anatomy's ``wrapped_at``: breaks inside sentences, not the writer's)."""
    blocks = {b.comment_id: b for b in page.blocks_of(BlockType.COMMENT) if b.comment_id is not None}
    for comment in page.walk_comments():
        block = blocks.get(comment.id)
        start, end = (block.start, block.end) if block else (comment.start, comment.end)
        if page.text[start:end].strip():
            yield comment, start, end, tuple(block.attrs.get("wrapped_at", ())) if block else ()


def unwrapped(text: str, offset: int, wrapped_at: tuple[int, ...]) -> str:
    """``text`` (which starts at page offset ``offset``) with the line breaks before ``wrapped_at`` as spaces, one
    character for one so that evidence offsets hold: the moderator reads a line break as a sentence end."""
    if not wrapped_at:
        return text
    chars = list(text)
    for at in wrapped_at:
        pos = at - offset - 1
        while 0 <= pos < len(chars) and chars[pos].isspace():
            chars[pos] = " "
            pos -= 1
    return "".join(chars)


@dataclass
class _Tally:
    """The thread summary, counted one moderation result at a time."""

    decisions: Counter[str] = field(default_factory=Counter)
    groups: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    antisemitic: int = 0

    def add(self, result: Moderation) -> None:
        self.decisions[result.decision] += 1
        if result.decision != "allow":
            self.groups.update(result.groups.keys())
        self.flags.update(f.label for f in result.flags)
        self.antisemitic += any(f.label == "antisemitism" for f in result.flags)

    def summary(self) -> dict[str, Any]:
        total = sum(self.decisions.values())
        return {
            "moderated": total,
            "decisions": {d: self.decisions.get(d, 0) for d in ("allow", "hold", "reject")},
            "rejected_share": round(self.decisions.get("reject", 0) / total, 4) if total else 0.0,
            "groups_targeted": dict(self.groups.most_common()),
            "flags": dict(self.flags.most_common()),
            "antisemitic_comments": self.antisemitic,
        }
