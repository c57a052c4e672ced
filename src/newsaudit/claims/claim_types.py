"""What kind of claim a sentence makes, where its wording tells: a number, an event, a cause, a prediction,
or a person's words.

A fact-checker routes claims by kind: statistics go to the data desk, quotes to the transcript, predictions
wait for the date. The kinds are read from the wording alone, the claim's frame first: the future
(``prediction``), a cause and its effect (``causal``), a statistic (a rate, a share, money, a comparison:
``number``), a dated happening (``event``), any other count (``number``), and last a person's words with no
more specific kind (``quote``): who said it is the attribution's to say. So "the Bank will raise rates to
5.5%" is a prediction, "police arrested 14 people on Saturday" an event, "unemployment fell to 3.5 percent in
2019" a number, and "the minister said the plan is a disgrace" a quote.
"""

from __future__ import annotations

import re

CLAIM_TYPES = ("number", "prediction", "causal", "event", "quote")

_NUMBER_WORDS = (
    r"(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|double|doubled|tripled|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety)"
)
_NUMBER = re.compile(
    r"\d[\d,.]*\s*(?:%|percent|per cent|km|miles?|kg|tons?|tonnes?|people|dollars|euros|points?|times|"
    r"years?|months?|weeks?|days?|hours?|[mb]n|million|billion|trillion|[a-z]+)?"
    r"|[$€£]\s?\d|\b" + _NUMBER_WORDS + r"\s+(?:of\s+)?(?:people|percent|per cent|dollars|troops|civilians|"
    r"deaths|cases|jobs|votes|times|years)\b"
    r"|\b(?:doubled|tripled|halved|record high|record low|highest|lowest|largest|smallest|most|fewest)\b",
    re.IGNORECASE,
)
#: Digits that are not a measured quantity: a bare year, a date, a chapter, a time of day.
_NOT_A_QUANTITY = re.compile(
    r"^(?:(?:19|20)\d\d|\d{1,2}(?:st|nd|rd|th)?)$|(?:chapter|section|article|page|no\.?|number|pm|am|p\.m|a\.m)",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(?:will|would|is going to|are going to|is expected to|are expected to|is set to|are set to|"
    r"is likely to|are likely to|could|forecast(?:s|ed)?|predict(?:s|ed)?|project(?:s|ed)? to|by (?:19|20)\d\d|"
    r"next (?:year|month|week|decade))\b",
    re.IGNORECASE,
)
_CAUSAL = re.compile(
    r"\b(?:because|caused|causes|causing|led to|leads to|leading to|due to|as a result|resulted in|results in|"
    r"blamed (?:for|on)|responsible for|thanks to|triggered|prompted|contributed to|so that|therefore|"
    r"(?:raises?|raised|increases?|increased|lowers?|lowered|reduces?|reduced|doubles?|doubled) (?:the )?"
    r"(?:risk|chance|odds|likelihood)|(?:has|have|had) (?:not )?(?:reduced|increased|cut|boosted|lowered|"
    r"improved|worsened|harmed|hurt)|prevents?|prevented)\b",
    re.IGNORECASE,
)
#: A statistic rather than a count: a rate, a share, money, a ratio or a comparison.
_STATISTIC = re.compile(
    r"\d\s*(?:%|percent|per cent)|[$€£]\s?\d|\d\s*(?:million|billion|trillion|bn|m)\b|"
    r"\b(?:a|one|two) (?:third|quarter|fifth|half)|\bhalf of\b|\b(?:rates?|average|median|per capita|ratio)\b|"
    r"\b(?:more|fewer|less|lower|higher|faster|slower|larger|smaller|bigger|greater) (?:\w+ ){0,3}than\b|"
    r"\b(?:highest|lowest|largest|smallest|fastest|slowest|record)\b|\b(?:doubled|tripled|halved)\b",
    re.IGNORECASE,
)
_EVENT = re.compile(
    r"\b(?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|last (?:week|month|year|night)|"
    r"this (?:week|month|year)|earlier (?:this|on)|in (?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december|(?:19|20)\d\d))\b"
    r"|\b(?:killed|died|attacked|captured|arrested|signed|voted|launched|met|held|opened fire|fired|crossed|"
    r"seized|struck|hit|resigned|elected|won|lost|announced|approved|banned|charged|convicted|sentenced|"
    r"invaded|destroyed|shot|bombed|collapsed|raised|cut|passed|ruled|found guilty|acquitted|fired|sacked|"
    r"exploded|crashed|erupted|flooded|burned|evacuated)\b",
    re.IGNORECASE,
)
#: Someone's words: a reporting verb, or a quotation of four words or more (shorter ones are scare quotes).
_QUOTE = re.compile(r"\b(?:said|says|told|according to)\b|[“\"«]\S+(?:\s+\S+){3,}?[”\"»]", re.IGNORECASE)


def claim_type(sentence: str, quoted: bool = False) -> str | None:
    """The kind of claim ``sentence`` makes (``CLAIM_TYPES``), or None where its wording does not tell.

    ``quoted``: the sentence is someone's words (inside quotation marks or attributed); it is a ``quote``
    claim unless its wording names a more specific kind.
    """
    if _PREDICTION.search(sentence):
        return "prediction"
    if _CAUSAL.search(sentence):
        return "causal"
    quantity = _has_quantity(sentence)
    statistic = _STATISTIC.search(sentence)
    if statistic and quantity:
        return "number"
    event = _EVENT.search(sentence)  # searched once: both tests below ask
    if statistic and not event:
        return "number"
    if event:
        return "event"
    if quantity:
        return "number"
    if quoted or _QUOTE.search(sentence):
        return "quote"
    return None


#: Words after a figure that make it a time, a date or a place in a document rather than a quantity.
_NOT_A_UNIT = re.compile(r"^(?:pm|am|p\.m|a\.m|gmt|utc|et|bst|cet|st|nd|rd|th|and|or|to|of|in|on|at|the|a)$", re.I)


def _has_quantity(sentence: str) -> bool:
    """A measured quantity: a figure with a unit ("23 goals", "3.5 percent", "$410 million"), or a large one."""
    for match in _NUMBER.finditer(sentence):
        token = match.group().strip().rstrip(".,")
        before = sentence[max(0, match.start() - 10) : match.start()]
        if _NOT_A_QUANTITY.search(before[-8:]):  # "Chapter 3", "page 12", "No. 5"
            continue
        parts = token.split()
        if len(parts) > 1 and not _NOT_A_UNIT.match(parts[-1]):
            return True
        if not token[:1].isdigit() or token.endswith("%"):
            return True  # a word figure ("thousands of people"), money, a percentage
        if not _NOT_A_QUANTITY.search(parts[0]):  # not a bare year or a one- or two-digit number
            return True
    return False
