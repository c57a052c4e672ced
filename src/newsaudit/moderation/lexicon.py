"""Lexicon rules for comment moderation: evidence spans with a one-line reason a moderator can check.

The trained comment model says how likely a comment is hateful; these rules say where and why, and catch coded
forms ("Khazarian mafia", "(((echo)))", "holohoax", the names of Holocaust deniers) that a model trained on a few
thousand tweets misses. Precision comes before recall: a word with a benign sense ("Israel", "bank", "globalist",
"a chink in the armour") only counts in the context that makes it hateful, and neutral mentions of a group are a
category of their own, so a reader sees what a comment is about without it counting against the comment.

The rules are data (``data/lexicons/*.tsv``, one reviewed line each; the header of ``macros.tsv`` describes the
pattern language). Python's regex engine tries the branches of a big alternation one by one at every word, so
hundreds of rules in one regex ran at under a thousand comments a second. Instead every rule is compiled on its own
and indexed by the words any match of it must contain (worked out from the parsed pattern); a comment's words,
found with a few C-level string operations, pick the handful of rules worth running.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from newsaudit.moderation import rules
from newsaudit.moderation.groups import GROUPS
from newsaudit.moderation.rules import LEET_PLAIN, LEET_SYMBOL, REPEAT, WORD

CATEGORIES = (
    "antisemitic_trope",
    "coded_antisemitism",
    "holocaust_denial",
    "slur",
    "dehumanising",
    "violence",
    "group_mention",
    "link_promotion",
)


@dataclass(frozen=True)
class LexiconHit:
    start: int  # char offsets into the text given
    end: int
    category: str  # one of CATEGORIES
    group: str | None  # targeted or named group, one of groups.GROUPS, or None
    term: str  # the matched text
    reason: str  # one line for a reader


@dataclass(frozen=True)
class _Rule:
    category: str
    group: str | None  # a GROUPS name, None, or "?" (taken from the group mentioned nearest the hit)
    reason: str
    needs_group: bool  # only counts when a group is mentioned (or slurred) in the same sentence
    asserted: bool  # dropped when the sentence reports or denies it ("the myth that Jews control ...")
    subject: bool  # needs a person or group just before it ("they", "those people", "Muslims"), taken into the hit
    imperative: bool  # needs to be a command: first in its sentence, or after "let's", "we must", "and" ...
    name: bool  # dropped when written as part of a name ("Greg Dyke", "Whitey Bulger")
    used: bool  # dropped when the word is mentioned, not used: quoted, or after "called me", "the word", "slurs like"


@dataclass(frozen=True)
class _Entry:
    file: str
    order: int
    body: str  # the regex, compiled on first use: most rules never run on a given corpus
    raw: bool  # a plain regex ("re:"), with its own boundaries
    rule: _Rule
    needs: tuple[frozenset[str], ...]  # each set must share a word with the text; () = run if prefix is in it
    prefix: str  # the literal text every match starts with ("(((" for the echo), checked when needs is ()

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return rules.word_regex(self.body, self.raw)


#: Files in scan order: groups and slurs first, because the context rules of the others look for them.
_FILES = ("groups", "slurs", "antisemitism", "dehumanising", "violence", "links")
_TARGET_FILES = ("groups", "slurs")

_FLAGS = ("group", "asserted", "subject", "imperative", "name", "used")
_QUOTES = {"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
_SENTENCE_ENDS = ".!?…\n"
#: Before a hit in its sentence, these say the trope is being reported, refuted or denied rather than asserted.
_NOT_ASSERTED = re.compile(
    r"\b(?:myths?|tropes?|canards?|conspiracy theor\w*|stereotypes?|anti-?semit\w*|claims? that|claimed|claiming"
    r"|accus\w+|falsely|lies? that|not true|isn'?t true|don'?t|doesn'?t|didn'?t|do not|does not|did not|never"
    r"|stop saying|calling|called|call us|call me|says?|saying|said|believe that|think that|thinks?|thought|deniers?"
    r"|forged|if|depict\w*|portray\w*|about how|the idea that|notion that|chant\w*|yell\w*|scream\w*|shout\w*"
    r"|conspirac\w*|suggest\w*|impl(?:y|ies|ied|ying)|believes?|spread\w*|describ\w*|reckons?)\b"
)
#: What may stand before a command in its sentence: nothing but @names and #tags, or a word that calls for it.
_IMPERATIVE = re.compile(
    r"(?:\A(?:[\W_\d]*[@#]\w+)*[\W_\d]*(?:just|now|so|then|and|please)?|\b(?:let'?s|lets|time to|go|and|so|then"
    r"|we (?:must|should|need to|have to|gotta|got to|will|shall)|i say|please|must|should|need to|needs to"
    r"|gotta|got to|have to|better))[\W_\d]*\Z"
)
_MENTION_BEFORE = re.compile(
    r"\b(?:call(?:s|ed|ing)?(?: \w+)?(?: an?)?|(?:the|that|this) (?:word|term|slur|name)"
    r"|(?:words?|terms?|slurs?|names?)(?: like| such as)?|such as)[\W_]*\Z"
)
_CAPITALISED_NEXT = re.compile(r"[ \t]+[A-Z][a-z]")
_MENTION_END = re.compile(r"(?:^|\s)@\w+$")
_REPORTED_AFTER = re.compile(
    r"[\W_]+(?:\w+[\W_]+)?(?:tropes?|canards?|smears?|myths?|accusations?|charges?|libels?|forger(?:y|ies)|forged"
    r"|conspiracy theor\w*|stereotypes?|is antisemitic|is anti-semitic)\b|\s*\?"
)

# -- the words of a text, read as rules.py reads the words a rule needs ---------------------------------------


def _byte_table(leet: dict[str, str]) -> bytes:
    """bytes.translate table for lower-cased ASCII: leetspeak to letters, anything not a word character to space."""
    word = b"abcdefghijklmnopqrstuvwxyz0123456789"
    table = bytearray(c if c in word else 32 for c in range(256))
    for k, v in leet.items():
        table[ord(k)] = ord(v)
    return bytes(table)


_BYTES_A = _byte_table(LEET_PLAIN)
_BYTES_B = _byte_table({**LEET_PLAIN, **LEET_SYMBOL})
_STR_A = str.maketrans(LEET_PLAIN)
_STR_B = str.maketrans({**LEET_PLAIN, **LEET_SYMBOL})
_TRIPLE = re.compile(r"([a-z])\1\1")
_STAR_IN_WORD = re.compile(r"\w\*+\w")


def _rule(row: list[str], where: str) -> _Rule:
    category, group, reason = row[1], row[2], row[3]
    flags = set(row[4].split(",")) - {"-", ""} if len(row) > 4 else set()
    if category not in CATEGORIES or (group not in GROUPS and group not in ("-", "?")) or flags - set(_FLAGS):
        raise ValueError(f"bad lexicon row in {where}: {row!r}")
    return _Rule(category, None if group == "-" else group, reason, *(f in flags for f in _FLAGS))


@cache
def _subject() -> re.Pattern[str]:
    """A person or group at the end of the text searched: the subject of "... should be shot"."""
    return re.compile(rf"(?<!\w)(?:{rules.macros()[0]['PEOPLE']})[\W_]+(?:all[\W_]+)?$")


@cache
def _index() -> tuple[dict[str, tuple[_Entry, ...]], frozenset[str], tuple[_Entry, ...], tuple[_Entry, ...]]:
    """Every rule alternative compiled; a map word -> rules needing it, the rules to run always, and all rules."""
    fuzzed, plain = rules.macros()
    entries: list[_Entry] = []
    for name in _FILES:
        for row in rules.rows(f"{name}.tsv"):
            rule = _rule(row, f"{name}.tsv")
            raw = row[0].startswith("re:")
            for alt in rules.alternatives(row[0][3:] if raw else row[0]):
                expanded = rules.expand(alt, plain)
                body = expanded if raw else rules.fuzz(alt, fuzzed)
                prefix = rules.literal_prefix(expanded)
                # a plain regex that starts with fixed text ("http") is gated by that text, glued or not
                needs = () if raw and prefix else rules.needs(expanded)
                entries.append(_Entry(name, len(entries), body, raw, rule, needs, prefix))
    by_word: dict[str, list[_Entry]] = {}
    for entry in entries:
        for word in entry.needs[0] if entry.needs else ():
            by_word.setdefault(word, []).append(entry)
    always = tuple(e for e in entries if not e.needs)
    return {w: tuple(es) for w, es in by_word.items()}, frozenset(by_word), always, tuple(entries)


def _normalise(text: str) -> str:
    """Lower case and straight quotes, keeping every character at its offset."""
    low = text.lower()
    if low.isascii():
        return low
    if len(low) != len(text):  # 'İ'.lower() is two characters: keep offsets
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    for curly, straight in _QUOTES.items():
        low = low.replace(curly, straight)
    return low


def _text_words(norm: str) -> set[str]:
    """The canonical words of a normalised text, read with and without !$@ as letters."""
    symbols = "!" in norm or "$" in norm or "@" in norm
    if norm.isascii():
        raw = norm.encode()
        words = set(raw.translate(_BYTES_A).decode().split())
        if symbols:
            words.update(raw.translate(_BYTES_B).decode().split())
    else:
        words = set(WORD.findall(norm.translate(_STR_A)))
        if symbols:
            words.update(WORD.findall(norm.translate(_STR_B)))
    if _TRIPLE.search(norm):  # "jeeews": also the words with repeats collapsed, marked "~"
        for table in (_STR_A, _STR_B) if symbols else (_STR_A,):
            words.update("~" + w for w in WORD.findall(REPEAT.sub(r"\1", norm.translate(table))))
    return words


def _candidates(norm: str, files: tuple[str, ...]) -> list[_Entry]:
    """The rules that can match ``norm``: those whose needed words it has (all rules if a word hides a '*')."""
    by_word, keys, always, every = _index()
    if "*" in norm and _STAR_IN_WORD.search(norm):
        found = list(every)
    else:
        words = _text_words(norm)
        seen: dict[int, _Entry] = {e.order: e for e in always if e.prefix in norm}
        for word in words & keys:
            for entry in by_word[word]:
                if entry.order not in seen and all(not words.isdisjoint(ws) for ws in entry.needs[1:]):
                    seen[entry.order] = entry
        found = sorted(seen.values(), key=lambda e: e.order)
    return [e for e in found if e.file in files]


def _sentence(norm: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around norm[start:end] (rough: any of .!?… or a newline ends one)."""
    begin = max(norm.rfind(ch, 0, start) for ch in _SENTENCE_ENDS) + 1
    ends = [j for j in (norm.find(ch, end) for ch in _SENTENCE_ENDS) if j >= 0]
    return begin, min(ends, default=len(norm))


def _in_name(text: str, start: int, end: int) -> bool:
    """A capitalised word inside a sentence, or before another capitalised word, reads as (part of) a name."""
    if not text[start:end].istitle() or " " in text[start:end]:
        return False
    before = text[max(0, start - 40) : start].rstrip()
    inside_sentence = bool(before) and before[-1] not in ".!?:\"“\n" and not _MENTION_END.search(before)
    return inside_sentence or bool(_CAPITALISED_NEXT.match(text, end))


def _mentioned(norm: str, start: int, end: int) -> bool:
    """The word is talked about rather than used: quoted on its own ('"kikes"'), or named ("called me a ...").

    A longer quotation around it is not enough: comments quote lyrics and posts that use the word."""
    quoted = norm[start - 1 : start] in ("'", '"') and norm[end : end + 1] in ("'", '"')
    return quoted or bool(_MENTION_BEFORE.search(norm, max(norm.rfind("\n", 0, start) + 1, start - 40), start))


def _hit(entry: _Entry, m: re.Match[str], norm: str, text: str, targets: list[LexiconHit]) -> LexiconHit | None:
    """A match as a hit, or None when its rule's context is missing (no group in the sentence, a reported trope)."""
    rule, (start, end) = entry.rule, m.span()
    stars = norm.count("*", start, end)
    if stars and (norm[start] == "*" or norm[end - 1] == "*" or 3 * stars > end - start):
        return None  # "f***" or "s***" could be any word: only a word that stays readable counts ("k*ke")
    if rule.name and _in_name(text, start, end):
        return None
    if rule.used and _mentioned(norm, start, end):
        return None
    group = rule.group
    if rule.needs_group or rule.asserted or rule.subject or rule.imperative or group == "?":
        begin, stop = _sentence(norm, start, end)
        if rule.imperative and not _IMPERATIVE.search(norm[begin:start]):
            return None
        if rule.subject:
            subject = _subject().search(norm, begin, start)
            if subject is None:
                return None
            start = subject.start()
        if rule.asserted and (_NOT_ASSERTED.search(norm, begin, start) or _REPORTED_AFTER.match(norm, end)
                              or norm.count('"', norm.rfind("\n", 0, start) + 1, start) % 2):
            return None  # reported, refuted, asked, or inside quotation marks
        near = [t for t in targets if t.group and t.end > begin and t.start < stop]
        if rule.needs_group and not near:
            return None
        if group == "?":
            inside = [t for t in near if t.start >= start and t.end <= end]
            pick = inside or sorted(near, key=lambda t: min(abs(t.start - end), abs(start - t.end)))
            group = pick[0].group if pick else None
    reason = rule.reason.replace("{term}", text[m.start() : m.end()])  # a reason may name the word it matched
    return LexiconHit(start, end, rule.category, group, text[start:end], reason)


def _hits(text: str, files: tuple[str, ...]) -> list[LexiconHit]:
    norm = _normalise(text)
    found: list[LexiconHit] = []
    targets: list[LexiconHit] = []
    for entry in _candidates(norm, files):  # in file order, so targets are complete before context rules run
        for m in entry.regex.finditer(norm):
            hit = _hit(entry, m, norm, text, targets)
            if hit is not None:
                found.append(hit)
                if entry.file in _TARGET_FILES:
                    targets.append(hit)
    found.sort(key=lambda h: (h.start, -h.end, CATEGORIES.index(h.category)))
    kept: list[LexiconHit] = []
    reach: dict[str, int] = {}
    for hit in found:  # rules overlap: per category keep the earliest, then longest, hit
        if hit.start >= reach.get(hit.category, 0):
            kept.append(hit)
            reach[hit.category] = hit.end
    return kept


def find_hits(text: str) -> list[LexiconHit]:
    """Every lexicon hit in ``text``, sorted by start; hits of one category never overlap."""
    return _hits(text, _FILES)


def group_mentions(text: str) -> list[LexiconHit]:
    """Neutral mentions of a group ("Jews", "Muslims", "Israel"): what a comment is about, not a fault."""
    return _hits(text, ("groups",))


def link_promotion(text: str) -> list[LexiconHit]:
    """Links and invitations to go elsewhere (URLs, "search youtube for", "subscribe to my channel")."""
    return _hits(text, ("links",))
