"""The 14 PTC techniques, spelled as in the corpus, with a one-line explanation for readers."""

from __future__ import annotations

TECHNIQUES: dict[str, str] = {
    "Loaded_Language": "emotionally charged wording that pushes a judgement instead of describing",
    "Name_Calling,Labeling": "a label meant to make readers fear, hate or dismiss its target",
    "Repetition": "the same message repeated so that it sticks",
    "Doubt": "casts doubt on someone's credibility without evidence",
    "Exaggeration,Minimisation": "makes something bigger or smaller than the facts support",
    "Appeal_to_fear-prejudice": "seeks support by stoking fear or prejudice",
    "Flag-Waving": "appeals to patriotism or group identity to justify a position",
    "Causal_Oversimplification": "gives one cause for a complex issue",
    "Appeal_to_Authority": "holds a claim true because an authority says so",
    "Slogans": "a brief, striking phrase used in place of an argument",
    "Black-and-White_Fallacy": "presents two alternatives as the only options",
    "Thought-terminating_Cliches": "a stock phrase that discourages further thought",
    "Whataboutism,Straw_Men,Red_Herring": (
        "deflects: points at the opponent, distorts their position or changes the subject"
    ),
    "Bandwagon,Reductio_ad_hitlerum": (
        "urges agreement because everyone agrees, or rejection because a hated group agrees"
    ),
}


def explain(technique: str) -> str:
    return TECHNIQUES.get(technique, technique.replace("_", " ").lower())


def readable(technique: str) -> str:
    """'Name_Calling,Labeling' -> 'Name calling / labeling'."""
    return " / ".join(part.replace("_", " ") for part in technique.split(",")).capitalize()
