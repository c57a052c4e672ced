"""Read the moderation training sets in ../shared/data into one labelled table.

Each dataset labels a different slice of the problem, so an :class:`Example`
carries only the labels its source defines (a Gab post has a call-to-violence
label, an ISCA tweet an antisemitism label, a ToxiGen sentence a target group).
The heads of the comment model are trained on the union, each on the rows that
define it. Folds are assigned from a hash of the normalised text, so a post
that appears in two datasets (Latent Hatred stages 1 and 3 overlap) always
falls in the same fold and never leaks from training into a held-out fold.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# the group head's classes are runtime data (moderation/groups.py); re-exported for the training scripts
from newsaudit.moderation.groups import GROUPS as GROUPS

#: The binary heads of the comment model, in artifact order.
HEADS = ("toxic", "identity_attack", "antisemitism", "violence")

#: Latent Hatred stage-3 free-text targets, normalised. Unlisted targets are left unlabelled.
_LH_TARGETS = {
    "jews": "jews", "jewish people": "jews", "jewish": "jews", "jewish folks": "jews", "zionists": "jews",
    "the jews": "jews", "jew": "jews",
    "muslims": "muslims", "islamic people": "muslims", "muslim": "muslims", "islam": "muslims",
    "muslim people": "muslims", "muslim folks": "muslims", "islamists": "muslims",
    "black people": "black_people", "blacks": "black_people", "black folks": "black_people",
    "african americans": "black_people", "black": "black_people", "black men": "black_people",
    "immigrants": "immigrants", "illegal immigrants": "immigrants", "illegals": "immigrants",
    "illegal aliens": "immigrants", "refugees": "immigrants", "migrants": "immigrants", "aliens": "immigrants",
    "mexicans": "latinos", "latinos": "latinos", "hispanics": "latinos", "latino": "latinos",
    "asians": "asians", "chinese": "asians", "asian people": "asians",
    "arabs": "middle_eastern",
    "women": "women", "feminists": "women", "females": "women", "woman": "women",
    "gays": "lgbtq", "gay people": "lgbtq", "lgbt": "lgbtq", "lgbtq": "lgbtq", "homosexuals": "lgbtq",
    "transgender people": "lgbtq", "trans people": "lgbtq", "gay men": "lgbtq", "lgbt people": "lgbtq",
    "white people": "white_people", "whites": "white_people", "white folks": "white_people",
    "white men": "white_people", "white": "white_people", "white americans": "white_people",
    "minorities": "minorities", "non-white people": "minorities", "people of color": "minorities",
    "non-whites": "minorities", "minority groups": "minorities", "non whites": "minorities",
    "liberals": "political", "progressives": "political", "democrats": "political", "leftists": "political",
    "conservatives": "political", "conservative males": "political", "republicans": "political",
    "the left": "political", "antifa": "political",
}

#: ToxiGen demonstration file stems -> group.
_TOXIGEN_GROUPS = {
    "jewish": "jews", "muslim": "muslims", "black": "black_people", "asian": "asians", "chinese": "asians",
    "latino": "latinos", "mexican": "latinos", "immigrant": "immigrants", "middle_east": "middle_eastern",
    "native_american": "native_americans", "lgbtq": "lgbtq", "bisexual": "lgbtq",
    "mental_disability": "disabled", "physical_disability": "disabled", "women": "women",
}

_REDDITBIAS_GROUPS = {
    "gender_female": "women", "orientation_lgbtq": "lgbtq", "race_black": "black_people",
    "religion1_jews": "jews", "religion2_muslims": "muslims",
}

#: Sources and the file each is read from, relative to the data root.
SOURCES = {
    "isca": "isca_antisemitism_twitter/train.csv",
    "latent_hatred": "implicit_hate_latent_hatred/stg1_posts_train.tsv",
    "latent_hatred_targets": "implicit_hate_latent_hatred/implicit_hate_v1_stg3_posts.tsv",
    "latent_hatred_types": "implicit_hate_latent_hatred/implicit_hate_v1_stg2_posts.tsv",
    "gab": "gab_hate_corpus/ghc_train.tsv",
    "davidson": "davidson_hate_offensive/data/labeled_data.csv",
    "hatexplain": "mbib_subsets/092_HateXplain/092-HateXplain.csv",
    "redditbias": "mbib_subsets/075_RedditBias/075-RedditBias.csv",
    "toxigen": "toxigen_demonstrations/demonstrations",
    "news_mentions": "polnear/data",
}


#: Dataset families, each left out whole in leave-one-dataset-out runs (Latent Hatred's stages share posts).
FAMILIES: dict[str, tuple[str, ...]] = {
    "isca": ("isca",),
    "latent_hatred": ("latent_hatred", "latent_hatred_targets", "latent_hatred_types"),
    "gab": ("gab",),
    "davidson": ("davidson",),
    "hatexplain": ("hatexplain",),
    "redditbias": ("redditbias",),
    "toxigen": ("toxigen",),
}


@dataclass
class Example:
    text: str
    source: str
    labels: dict[str, int] = field(default_factory=dict)
    group: str | None = None

    @property
    def fold_key(self) -> str:
        return normalise_for_folds(self.text)


_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")


def normalise_for_folds(text: str) -> str:
    return _SPACE.sub(" ", _NON_WORD.sub(" ", text.lower())).strip()


def fold_of(example: Example, n_folds: int = 5) -> int:
    """Deterministic fold from the normalised text: duplicates across datasets share a fold."""
    digest = hashlib.blake2b(example.fold_key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % n_folds


def _rows(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def _clean(text: str) -> str:
    """Undo the HTML entities and stray quoting the tweet datasets carry."""
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&#8217;", "'")
    text = text.strip()
    if len(text) > 1 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1].strip()
    return text


def load_isca(root: Path) -> Iterator[Example]:
    """Tweets about Jews and Israel. The ones not antisemitic under IHRA (news, remembrance, criticism of a
    state's policy, counter-speech) are also no attack on a group: they teach the identity_attack head that
    naming Jews or Israel is not the attack (issue 14; without them the head learnt the opposite)."""
    for row in _rows(root / SOURCES["isca"]):
        biased = int(row["Biased"])
        labels = {"antisemitism": biased, "identity_attack": biased}
        yield Example(_clean(row["Text"]), "isca", labels, "jews" if biased else None)


def load_latent_hatred(root: Path) -> Iterator[Example]:
    for row in _rows(root / SOURCES["latent_hatred"], "\t"):
        cls = row["class"]
        hateful = int(cls != "not_hate")
        labels = {"identity_attack": hateful}
        if cls == "explicit_hate":
            labels["toxic"] = 1
        yield Example(_clean(row["post"]), "latent_hatred", labels)


def load_latent_hatred_targets(root: Path) -> Iterator[Example]:
    for row in _rows(root / SOURCES["latent_hatred_targets"], "\t"):
        target = (row.get("target") or "").strip().lower()
        group = _LH_TARGETS.get(target)
        labels = {"identity_attack": 1}
        if group == "jews":
            labels["antisemitism"] = 1
        elif group is not None:
            labels["antisemitism"] = 0
        yield Example(_clean(row["post"]), "latent_hatred_targets", labels, group)


def load_latent_hatred_types(root: Path) -> Iterator[Example]:
    """Stage 2: 'threatening' implicit hate is a call to or threat of violence; the other types are not."""
    for row in _rows(root / SOURCES["latent_hatred_types"], "\t"):
        kinds = {row["implicit_class"], row.get("extra_implicit_class") or ""}
        labels = {"identity_attack": 1, "violence": int("threatening" in kinds)}
        yield Example(_clean(row["post"]), "latent_hatred_types", labels)


def load_gab(root: Path) -> Iterator[Example]:
    for row in _rows(root / SOURCES["gab"], "\t"):
        hd, cv, vo = (int(row[k]) for k in ("hd", "cv", "vo"))
        labels = {"toxic": int(hd or cv or vo), "identity_attack": hd, "violence": cv}
        yield Example(_clean(row["text"]), "gab", labels)


def load_davidson(root: Path) -> Iterator[Example]:
    for row in _rows(root / SOURCES["davidson"]):
        cls = int(row["class"])  # 0 hate, 1 offensive, 2 neither
        labels = {"toxic": int(cls != 2), "identity_attack": int(cls == 0)}
        yield Example(_clean(row["tweet"]), "davidson", labels)


def load_hatexplain(root: Path) -> Iterator[Example]:
    for row in _rows(root / SOURCES["hatexplain"]):
        category = int(row["category"])  # 0 normal, 1 hate speech, 2 offensive, 3 undecided
        if category == 3:
            continue
        labels = {"toxic": int(category in (1, 2)), "identity_attack": int(category == 1)}
        yield Example(_clean(row["text"]), "hatexplain", labels)


def load_redditbias(root: Path) -> Iterator[Example]:
    """Biased or not toward a named group; the group is known from the file either way."""
    for row in _rows(root / SOURCES["redditbias"]):
        stem = row["category"].removeprefix("reddit_comments_").split("_processed")[0]
        group = _REDDITBIAS_GROUPS.get(stem)
        biased = int(row["label"])
        labels = {"identity_attack": biased}
        if group == "jews":
            labels["antisemitism"] = biased
        yield Example(_clean(row["text"]), "redditbias", labels, group)


def load_toxigen(root: Path) -> Iterator[Example]:
    for path in sorted((root / SOURCES["toxigen"]).rglob("*.txt")):
        stem = path.stem.removesuffix("_sentences")
        kind, _, group_key = stem.partition("_")
        group = _TOXIGEN_GROUPS.get(group_key)
        if kind not in ("hate", "neutral") or group is None:
            continue
        hateful = int(kind == "hate")
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip().lstrip("- ").strip()
            if not text:
                continue
            labels = {"identity_attack": hateful}
            if group == "jews":
                labels["antisemitism"] = hateful
            yield Example(text, "toxigen", labels, group)


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def load_news_mentions(root: Path) -> Iterator[Example]:
    """Sentences of political news articles (PolNeAR train and dev) that name a group: how news names
    groups, reports and quotes what was said about them, without attacking them. Weak labels (not toxic,
    no attack), checked against the lexicon's slurs and dehumanising terms; the group is the one named
    when there is one."""
    from newsaudit.moderation.lexicon import find_hits
    from newsaudit.training.augment import groups_named

    for path in sorted((root / SOURCES["news_mentions"]).rglob("*.txt")):
        if path.parent.name != "text":
            continue
        for paragraph in path.read_text(encoding="utf-8").splitlines():
            for sentence in _SENTENCE.split(paragraph.strip()):
                if not 8 <= len(sentence.split()) <= 60:
                    continue
                named = groups_named(sentence)
                if not named or any(h.category in ("slur", "dehumanising") for h in find_hits(sentence)):
                    continue
                group = next(iter(named)) if len(named) == 1 else None
                yield Example(sentence, "news_mentions", {"identity_attack": 0, "toxic": 0}, group)


LOADERS = {
    "isca": load_isca,
    "latent_hatred": load_latent_hatred,
    "latent_hatred_targets": load_latent_hatred_targets,
    "latent_hatred_types": load_latent_hatred_types,
    "gab": load_gab,
    "davidson": load_davidson,
    "hatexplain": load_hatexplain,
    "redditbias": load_redditbias,
    "toxigen": load_toxigen,
    "news_mentions": load_news_mentions,
}


def load_all(root: Path, sources: tuple[str, ...] | None = None) -> list[Example]:
    """Every example from every source present under ``root``; missing sources are skipped."""
    examples: list[Example] = []
    for name, loader in LOADERS.items():
        if sources is not None and name not in sources:
            continue
        if not (root / SOURCES[name]).exists():
            continue
        examples.extend(ex for ex in loader(root) if ex.text)
    return examples
