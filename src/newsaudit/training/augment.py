"""Target-term augmentation: the same post about another group, so that naming a group carries no weight.

The training sets name some groups mostly in attacks and others mostly in news, so a word model learns
that "Jews" or "Muslims" is itself the attack (issue 14: identity_attack fired on 83% of tweets that
merely name Jews). A copy of a post with its group terms swapped for another group's ("Muslims" ->
"women", "a Jewish family" -> "a Muslim family"), with the same attack labels, shows the group names
in attacks and non-attacks alike. Only the training rows of a fit are augmented, never held-out rows.

Labels of a copy: toxic, identity_attack and violence are kept (an attack on one group is an attack
on another); antisemitism is only kept when the copy is still about Jews (a copy of an antisemitic
post about another group is an identity attack); the target group follows the swap.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace

from newsaudit.models.group_terms import FORMS, groups_named, swap_groups
from newsaudit.training.comment_data import Example

__all__ = ["FORMS", "augmented", "framed", "groups_named", "swap_groups"]


def augmented(examples: Sequence[Example], copies: int, seed: int = 20261203) -> list[Example]:
    """Up to ``copies`` copies of each post that names exactly one group, each about another group."""
    rng = random.Random(seed)
    out: list[Example] = []
    for ex in examples:
        named = groups_named(ex.text)
        if len(named) != 1 or not ({"toxic", "identity_attack", "antisemitism"} & ex.labels.keys()):
            continue
        (source_group,) = named
        for to in rng.sample([g for g in FORMS if g != source_group], min(copies, len(FORMS) - 1)):
            labels = {k: v for k, v in ex.labels.items() if k in ("toxic", "identity_attack", "violence")}
            if ex.labels.get("antisemitism") == 1:
                labels["identity_attack"] = 1
            if to == "jews" and "antisemitism" in ex.labels and source_group == "jews":
                labels["antisemitism"] = ex.labels["antisemitism"]
            if not labels:
                continue
            group = to if ex.group == source_group else ex.group
            out.append(replace(ex, text=swap_groups(ex.text, to), labels=labels, group=group))
    return out


# -- stance: the same words quoted to denounce them or to agree with them ------------------------------

#: Frames that quote a post to condemn it (counter-speech, reporting): the whole is no attack.
DENOUNCE = (
    'Someone on my feed wrote "{post}". Posts like that are hateful and should be reported.',
    'I am sick of seeing people say "{post}". It is bigotry, plain and simple.',
    '"{post}" is exactly the kind of hate we need to call out.',
    'My neighbour found a note saying "{post}". Disgusting. We stand with them.',
    'Reporting this account for writing "{post}". Nobody deserves to be spoken about like that.',
    'When people claim "{post}", they spread lies about real human beings.',
)
#: The same frames' shape, agreeing with the post: the whole is the attack the post is.
ENDORSE = (
    'Someone on my feed wrote "{post}". Finally somebody tells the truth.',
    'I am sick of people pretending otherwise: "{post}". It is the plain truth.',
    '"{post}" is exactly what I have been saying for years.',
    'My neighbour put up a note saying "{post}". Good for him. I stand with him.',
    'Sharing this because it is right: "{post}". Everyone should hear it.',
    'When people say "{post}", they are just being honest.',
)
#: The labels a quote's stance decides (toxicity is the quoted words' and stays unlabelled).
_STANCE_LABELS: tuple[str, ...] = ("identity_attack", "violence", "antisemitism")
#: Longest post quoted (longer ones are rarely quoted whole).
FRAMED_CHARS = 200
#: Sets not quoted: RedditBias marks stereotype bias, often in harmless-looking text, so a quote of its posts
#: says nothing about stance; Latent Hatred's stage-2 and stage-3 posts repeat stage-1 posts.
UNFRAMED_SOURCES = frozenset({"redditbias", "latent_hatred_targets", "latent_hatred_types"})


def framed(examples: Sequence[Example], posts: int, seed: int = 20261204) -> list[Example]:
    """Two copies of up to ``posts`` short attacking posts: quoted to denounce them, and quoted to agree.

    A word model learns that the words of hate are hate; quoting them to condemn them (counter-speech,
    reports of abuse) is not. Each pair puts one post in matched frames that differ in stance only, so the
    frame, not the quoted words, must decide: the denouncing copy has no attack and no violence (and no
    antisemitism), the agreeing copy keeps the post's labels. Toxicity is left unlabelled in both (a quote
    of slurs is rough text either way), and neither copy trains the target group.
    """
    rng = random.Random(seed)
    attacks = [ex for ex in examples if ex.labels.get("identity_attack") == 1 and len(ex.text) <= FRAMED_CHARS
               and '"' not in ex.text and ex.source not in UNFRAMED_SOURCES]
    out: list[Example] = []
    for ex in rng.sample(attacks, min(posts, len(attacks))):
        k = rng.randrange(len(DENOUNCE))
        post = ex.text.strip().rstrip(".")
        calm: dict[str, int] = {label: 0 for label in _STANCE_LABELS if label in ex.labels}
        kept: dict[str, int] = {label: ex.labels[label] for label in _STANCE_LABELS if label in ex.labels}
        out.append(replace(ex, text=DENOUNCE[k].format(post=post), labels=calm, group=None, source=ex.source))
        out.append(replace(ex, text=ENDORSE[k].format(post=post), labels=kept, group=None, source=ex.source))
    return out
