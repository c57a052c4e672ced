"""How a page sources what it reports: named people and organisations, or officials, sources and crowds
left unnamed, and weasel words that give a claim no source at all.

A fact-checker reads "a U.S. military official, speaking on condition of anonymity, said" very differently
from "Army Colonel Ryan Dillon said", and "many people are saying" differently again. The kinds, from the
most to the least accountable:

- ``named``: a person the page names;
- ``organisation``: a named institution or state speaking for itself ("the Russian Defence Ministry",
  "Moscow", "Russia");
- ``anonymous_official``: an official, officer, diplomat or aide the page does not name;
- ``unnamed_source``: "sources", "a source close to ...", "people familiar with the matter";
- ``vague_crowd``: "critics", "experts", "many people", "some" — a crowd no one can ask;
- ``weasel``: no speaker at all ("it is widely believed", "reportedly").

Two more say what could not be told, and count as neither: ``unclear`` (a source phrase that is no name and
no marker of anonymity: "both", "his counterpart") and ``unstated`` (an attribution with no source span, most
often a speaker the finder missed; agentless frames are caught as ``weasel`` phrases instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The kinds, from the most to the least accountable, then the two that say what could not be told.
SOURCING_KINDS = ("named", "organisation", "anonymous_official", "unnamed_source", "vague_crowd", "weasel",
                  "unclear", "unstated")
#: Kinds that say no source could be told (see above).
UNSOURCED_KINDS = frozenset({"unclear", "unstated"})
#: Kinds no reader can hold to account by name.
ANONYMOUS_KINDS = frozenset({"anonymous_official", "unnamed_source", "vague_crowd", "weasel"})

_READABLE = {
    "named": "a named source",
    "organisation": "a named organisation",
    "anonymous_official": "an official the page does not name",
    "unnamed_source": "an unnamed source",
    "vague_crowd": "a vague crowd no one can ask",
    "weasel": "weasel words: a claim with no speaker at all",
    "unclear": "a source that is neither a name nor marked anonymous",
    "unstated": "no source found",
}

_ANONYMITY = re.compile(
    r"on (?:the )?condition (?:of|that (?:he|she|they) (?:not be|remain)) (?:anonymity|named|identified|anonymous)"
    r"|(?:asked|requested|declined|refused) (?:not )?to be (?:named|identified)"
    r"|(?:requested|on|under|granted|spoke on) anonymity|speaking anonymously|anonymous(?:ly)?\b"
    r"|not (?:authori[sz]ed|allowed|permitted) to (?:speak|discuss|comment|talk)"
    r"|who (?:would not|did not want to) be (?:named|identified)",
    re.IGNORECASE,
)
_OFFICIAL = re.compile(
    r"\b(?:officials?|officers?|diplomats?|aides?|advisers?|advisors?|spokes(?:man|woman|person|people)|"
    r"staffers?|lawmakers?|legislators?|commanders?|ministers?|representatives?|envoys?|insiders?|"
    r"administration|agents?|investigators?|prosecutors?|authorities|police)\b",
    re.IGNORECASE,
)
_SPOKESPERSON = re.compile(r"\bspokes(?:man|woman|person|people)\b", re.IGNORECASE)
_UNNAMED = re.compile(
    r"\b(?:sources?|people (?:familiar|close|with (?:knowledge|direct knowledge))|person (?:familiar|close)|"
    r"insiders?|(?:a|one) person|whistle-?blowers?|leaked)\b",
    re.IGNORECASE,
)
_CROWD = re.compile(
    r"^(?:(?:many|some|most|several|numerous|other|countless|a (?:lot|number) of|lots of)\s+)?"
    r"(?:people|critics|experts|observers|analysts|commentators|scientists|researchers|economists|historians|"
    r"doctors|residents|locals|citizens|voters|americans|users|activists|opponents|supporters|skeptics|sceptics|"
    r"pundits|studies|reports|rumou?rs|everyone|everybody|somebody|someone|others|some|many|they)\b",
    re.IGNORECASE,
)
_INDEFINITE = re.compile(r"^(?:an?|one|two|three|several|some|other|senior|two senior|\d+)\b", re.IGNORECASE)
_ORGANISATION = re.compile(
    r"\b(?:ministry|department|office|agency|council|commission|committee|court|police|army|military|"
    r"government|administration|company|corporation|bank|fund|group|party|campaign|observatory|institute|"
    r"foundation|association|union|service|services|board|bureau|authority|coalition|organi[sz]ation|"
    r"command|forces|militias?|embassy|kremlin|pentagon|white house|parliament|congress|senate|house|"
    r"university|hospital|center|centre|network|newspaper|magazine|reuters|associated press|afp|"
    r"times|post|news|journal|inc|ltd|llc|monitor|laboratory|lab|port|statistics|survey|study|report|review|"
    r"documents|filings?|records|poll|audit|inquiry|tribunal|federation|league|club|team|institution|charity|"
    r"trust|airline|airport|railway|rail|utility|regulator|watchdog|think tank|panel|council)\b\.?$",
    re.IGNORECASE,
)
#: States and the capitals that stand for their governments ("Moscow denied", "Russia warned").
_STATES = re.compile(
    r"^(?:the\s+)?(?:united states|u\.s\.|us|america|russia|china|iran|israel|syria|turkey|ukraine|britain|"
    r"united kingdom|u\.k\.|france|germany|japan|india|pakistan|north korea|south korea|saudi arabia|egypt|iraq|"
    r"afghanistan|qatar|lebanon|jordan|cuba|venezuela|mexico|canada|brazil|italy|spain|poland|hungary|"
    r"european union|eu|nato|un|united nations|moscow|washington|beijing|tehran|jerusalem|damascus|ankara|kyiv|"
    r"kiev|london|paris|berlin|tokyo|brussels|ottawa|pyongyang|seoul|riyadh|cairo|baghdad|kabul|havana|caracas|"
    r"kremlin|pentagon|white house|downing street|whitehall|elysee|élysée)$",
    re.IGNORECASE,
)
#: Agentless frames: a claim the page makes without letting anyone make it.
_WEASEL = re.compile(
    r"\bit (?:is|was|has been|had been) (?:widely |generally |commonly |often |increasingly )?"
    r"(?:believed|said|reported|claimed|thought|rumou?red|alleged|known|suggested|understood|feared|argued|"
    r"estimated|accepted)\b"
    r"|\b(?:reportedly|allegedly|supposedly|purportedly)\b"
    r"|\b(?:some|many|others|critics|experts|people|observers|analysts) "
    r"(?:say|said|argue|argued|believe|believed|claim|claimed|suggest|suggested|think|thought|fear|feared|"
    r"warn|warned|contend|maintain|insist)\b"
    r"|\b(?:many|lots of|a lot of) people are (?:saying|asking|talking|wondering)\b"
    r"|\b(?:sources|insiders) (?:say|said|tell|told|claim|claimed|suggest|suggested|indicate|indicated)\b"
    r"|\bthere (?:are|were) (?:reports|rumou?rs|claims|suggestions) that\b"
    r"|\b(?:studies|reports|research) (?:show|shows|showed|suggest|suggests|suggested|have shown)\b"
    r"|\b(?:some|many) would (?:say|argue)\b"
    r"|\bit (?:is|was) no secret that\b"
    r"|\beveryone knows\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class VagueSourcing:
    """A phrase that sources a claim vaguely or not at all, with its kind."""

    start: int
    end: int
    kind: str
    text: str


def readable(kind: str) -> str:
    return _READABLE.get(kind, kind)


def classify_source(source: str, sentence: str = "") -> str:
    """The sourcing kind of a source phrase (already resolved from a pronoun), read with its sentence.

    A name ("Igor Konashenkov") is ``named``; an institution ("the ministry") ``organisation``; an
    official with no name, or any source the sentence says spoke anonymously, ``anonymous_official``.
    """
    phrase = " ".join(source.split()).strip(" ,")
    if not phrase:
        return "unstated"
    anonymous = bool(_ANONYMITY.search(sentence) or _ANONYMITY.search(phrase))
    has_name = _has_name(phrase)
    official = bool(_OFFICIAL.search(phrase))
    if _UNNAMED.search(phrase) and not has_name:
        return "unnamed_source"
    if _SPOKESPERSON.search(phrase) and re.search(r"\b(?:for|of|at)\s+(?:the\s+)?[A-Z]|^(?:an?\s+)?[A-Z]", phrase) \
            and _INDEFINITE.match(phrase) and not _has_name(phrase.partition(",")[2]):
        return "organisation"  # "a spokesperson for the Department of Health": the institution speaking
    if official and _INDEFINITE.match(phrase) and not _has_name(phrase.partition(",")[2]):
        return "anonymous_official"  # "a Pentagon official": introduced without a name, whatever else it says
    if official and (anonymous or _plural_official(phrase)) and not has_name:
        return "anonymous_official"
    if anonymous and not has_name:
        return "unnamed_source"
    if _CROWD.match(strip_article(phrase)) and not has_name:
        return "vague_crowd"
    head = re.split(r"\s+(?:for|of|on|in|at)\s+", phrase)[0]
    if _ORGANISATION.search(head) or _is_acronym(phrase) or _STATES.match(phrase):
        return "organisation"
    if has_name:
        return "named"
    if official:
        return "anonymous_official"
    return "unclear"


def find_vague_sourcing(text: str, start: int = 0, end: int | None = None) -> list[VagueSourcing]:
    """Weasel-word and vague-crowd phrases in ``text[start:end]`` ("it is widely believed", "critics say")."""
    end = len(text) if end is None else end
    found = []
    for match in _WEASEL.finditer(text, start, end):
        phrase = match.group()
        lowered = phrase.lower()
        if lowered.startswith(("sources", "insiders")):
            kind = "unnamed_source"
        elif lowered.startswith(("it ", "there ", "reportedly", "allegedly", "supposedly", "purportedly",
                                 "everyone", "studies", "reports", "research")):
            kind = "weasel"
        else:
            kind = "vague_crowd"
        found.append(VagueSourcing(match.start(), match.end(), kind, phrase))
    return found


_TITLE_WORDS = frozenset(
    "mr mrs ms dr prof president vice minister secretary senator sen rep representative governor gov mayor "
    "general gen major colonel col lieutenant lt captain capt sergeant sgt admiral commander chief judge justice "
    "ambassador spokesman spokeswoman spokesperson army navy air force marine prime deputy foreign defence defense "
    "interior state u.s. us u.k. uk russian american british french german chinese syrian israeli iranian "
    "the a an of for and former acting senior military".split()
)


def _has_name(phrase: str) -> bool:
    """A capitalised word that is not a title, a nationality or an article: most likely a personal name."""
    words = [w.strip(",.()’'\"“”") for w in phrase.split()]
    for index, word in enumerate(words):
        bare = word.split("-")[-1]
        if not bare[:1].isupper() or bare.lower() in _TITLE_WORDS or bare.isupper() or _ORGANISATION.search(bare):
            continue
        if _CROWD.fullmatch(bare) or _OFFICIAL.fullmatch(bare) or _UNNAMED.fullmatch(bare):  # "Experts said"
            continue
        if index == 0 and bare.lower() in {"the", "a", "an", "one"}:
            continue
        return True
    return False


def _plural_official(phrase: str) -> bool:
    return bool(re.search(r"\b(?:officials|officers|diplomats|aides|sources|spokesmen|staffers)\b", phrase, re.I))


def _is_acronym(phrase: str) -> bool:
    bare = strip_article(phrase)
    return bool(re.fullmatch(r"[A-Z][A-Z0-9.&-]{1,9}", bare))


def strip_article(phrase: str) -> str:
    """``phrase`` without one leading article ("the ministry" -> "ministry")."""
    return re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
