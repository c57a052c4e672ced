"""Comments the project wrote for training: minimal pairs that differ in stance, not in topic.

The public comment sets hardly ever say something kind, neutral or denying about a group in the short
"[group] are …" form their attacks take, so a model trained on them learns that a generalisation about a
group is the attack ("Muslims are wonderful neighbours" scored above "Muslims are vermin"; issue 14).
``written/comments.jsonl`` holds templates written for training by a helper session that saw neither the
model nor the functional suite (docs/eval/comments_encoder_notes.md): praise, news, self-identification,
denied stereotypes, counter-speech and insults at people who are not a protected group beside attacks of
the same shape, most in pairs that flip the label with a few words. Each template is filled with a few
groups; the functional suite stays development data (``tests/test_written.py`` checks that no template is
one of its cases).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from newsaudit.models.group_terms import FORMS
from newsaudit.training.comment_data import Example

__all__ = ["SOURCE", "WRITTEN", "WrittenTemplate", "fill", "load_written", "written_examples"]

SOURCE = "written"
WRITTEN = Path(__file__).with_name("written") / "comments.jsonl"
_PLACEHOLDER = re.compile(r"\{(group|member|adj)\}")
_FORM_INDEX = {"group": 0, "member": 1, "adj": 2}
_ARTICLE = re.compile(r"\b([Aa]) (?=\{member\}|\{adj\})")
_VOWEL_SOUND = re.compile(r"[AEIOUaeiou]")


@dataclass(frozen=True)
class WrittenTemplate:
    id: str
    functionality: str
    hateful: int
    toxic: int
    violent: int
    jews_only: bool
    text: str


def load_written(path: Path = WRITTEN) -> list[WrittenTemplate]:
    """Every template in ``path``; a malformed line is an error naming its line number."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(WrittenTemplate(
                id=str(row["id"]), functionality=str(row["functionality"]), hateful=int(row["hateful"]),
                toxic=int(row["toxic"]), violent=int(row["violent"]), jews_only=bool(row.get("jews_only")),
                text=str(row["text"]),
            ))
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path}:{number}: not a written template ({err})") from err
    return out


def fill(text: str, group: str) -> str:
    """``text`` with ``{group}``, ``{member}`` and ``{adj}`` in ``group``'s forms; "a" becomes "an" before
    a vowel, and a name that opens a sentence is capitalised."""
    forms = FORMS[group]

    def article(m: re.Match[str]) -> str:
        following = text[m.end():]
        key = following[1:following.index("}")]
        return m.group(1) + ("n " if _VOWEL_SOUND.match(forms[_FORM_INDEX[key]]) else " ")

    text = _ARTICLE.sub(article, text)

    def term(m: re.Match[str]) -> str:
        word = forms[_FORM_INDEX[m.group(1)]]
        before = text[: m.start()].rstrip()
        return word[0].upper() + word[1:] if not before or before[-1] in ".!?\"'“" else word

    return _PLACEHOLDER.sub(term, text)


def written_examples(fills: int, seed: int = 20261204, path: Path = WRITTEN) -> list[Example]:
    """Each template filled with ``fills`` groups drawn at random (Jews alone for the templates that only
    make sense for Jews; a template without a placeholder once), labelled for the binary heads:
    antisemitism only on the fills with Jews, so that thousands of posts about other groups do not teach
    its head that hardly anything is antisemitic (ISCA fold-0 F1 0.64 -> 0.55 when they did)."""
    if fills <= 0:
        return []
    rng = random.Random(seed)
    out = []
    for t in load_written(path):
        if not _PLACEHOLDER.search(t.text):
            groups: list[str | None] = [None]
        elif t.jews_only:
            groups = ["jews"]
        else:
            groups = list(rng.sample(sorted(FORMS), min(fills, len(FORMS))))
        for group in groups:
            labels = {"toxic": max(t.toxic, t.hateful), "identity_attack": t.hateful, "violence": t.violent}
            if group == "jews":  # other groups' fills say nothing about antisemitism as annotated (IHRA)
                labels["antisemitism"] = t.hateful
            text = fill(t.text, group) if group is not None else t.text
            out.append(Example(text, SOURCE, labels, group))
    return out
