"""How a stretch of text sounds: the style evidence that tells a page's own voice from wire copy.

Wire copy attributes its claims, quotes its sources and never says "I" or "we"
outside quotation marks; an opinion lead inserted on top of it does the opposite
and leans on charged words. These rates are reported beside every insertion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from newsaudit.anatomy.patterns import QUOTED, READER_ADDRESS
from newsaudit.provenance.words import words
from newsaudit.slant.lexicon import cue_features
from newsaudit.slant.text import is_attributed, sentences

_LOADED_CUES = ("cue=loaded", "cue=label", "cue=extreme", "cue=fear", "cue=absolute")


@dataclass(frozen=True)
class Style:
    words: int
    sentences: int
    attributed_sentences: float  # share of sentences with a reporting verb ("said", "according to")
    quoted_words: float  # share of words inside quotation marks
    first_person: int  # "I", "we", "you", ... outside quotation marks
    loaded_per_100_words: float  # words of the slant cue lexicon (charged, intensifying, labelling)

    def to_dict(self) -> dict[str, Any]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def style_of(text: str, regions: Sequence[tuple[int, int]]) -> Style:
    n_words = n_sentences = attributed = quoted = first_person = loaded = 0
    for start, end in regions:
        chunk = text[start:end]
        tokens = words(chunk)
        n_words += len(tokens)
        inside = [(m.start(), m.end()) for m in QUOTED.finditer(chunk)]
        quoted += sum(1 for w in tokens if any(s <= w.start < e for s, e in inside))
        outside = QUOTED.sub(" ", chunk)
        first_person += sum(1 for m in READER_ADDRESS.finditer(outside) if m.group() != "US")  # the country
        loaded += sum(1 for w in tokens if any(c in _LOADED_CUES for c in cue_features(w.norm)))
        for s, e in sentences(chunk):
            n_sentences += 1
            attributed += is_attributed(chunk[s:e])
    return Style(
        n_words,
        n_sentences,
        attributed / n_sentences if n_sentences else 0.0,
        quoted / n_words if n_words else 0.0,
        first_person,
        100 * loaded / n_words if n_words else 0.0,
    )
