"""The 14 PTC techniques, spelled as in the corpus, with a name and a one-line explanation for readers.

The corpus spellings (``Name_Calling,Labeling``) are machine fields: the JSON report, the tables and the
SemEval files keep them. Everything a person reads shows :func:`readable` names instead.
"""

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


#: The name a reader sees for each technique: one vocabulary for the terminal, HTML and site reports.
NAMES: dict[str, str] = {
    "Loaded_Language": "Loaded language",
    "Name_Calling,Labeling": "Name calling / labelling",
    "Repetition": "Repetition",
    "Doubt": "Doubt",
    "Exaggeration,Minimisation": "Exaggeration / minimisation",
    "Appeal_to_fear-prejudice": "Appeal to fear / prejudice",
    "Flag-Waving": "Flag-waving",
    "Causal_Oversimplification": "Causal oversimplification",
    "Appeal_to_Authority": "Appeal to authority",
    "Slogans": "Slogans",
    "Black-and-White_Fallacy": "Black-and-white fallacy",
    "Thought-terminating_Cliches": "Thought-terminating clichés",
    "Whataboutism,Straw_Men,Red_Herring": "Whataboutism / straw man / red herring",
    "Bandwagon,Reductio_ad_hitlerum": "Bandwagon / reductio ad Hitlerum",
}


def explain(technique: str) -> str:
    return TECHNIQUES.get(technique, technique.replace("_", " ").lower())


def readable(technique: str) -> str:
    """The name a reader sees: 'Name_Calling,Labeling' -> 'Name calling / labelling'.

    A label that is not a PTC technique is spelled out the same way ('Some_Label,Other' -> 'Some label /
    other'), so a new technique still reads as words.
    """
    if technique in NAMES:
        return NAMES[technique]
    return " / ".join(part.replace("_", " ").strip() for part in technique.split(",")).capitalize()
