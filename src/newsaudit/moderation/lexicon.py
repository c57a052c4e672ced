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
from importlib import resources
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from newsaudit.moderation.groups import GROUPS

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
        """Word-bounded; a leading letter goes before the look-behind so the engine can skip to it."""
        if self.raw:
            return re.compile(self.body)
        first = self.body[0]
        if "a" <= first <= "z" and self.body[1:2] not in _QUANTIFIERS:
            return re.compile(rf"{first}(?<!\w{first}){self.body[1:]}(?!\w)")
        return re.compile(rf"(?<!\w)(?:{self.body})(?!\w)")


#: Files in scan order: groups and slurs first, because the context rules of the others look for them.
_FILES = ("groups", "slurs", "antisemitism", "dehumanising", "violence", "links")
_TARGET_FILES = ("groups", "slurs")

#: Leetspeak a letter may take after the first letter of a word ("j3ws", "n1gger", "niqqa"), and punctuation
#: it may take only between two letters ("k!ke"), so that "Israel!" is not "Israeli".
_LEET = {"a": "4", "e": "3", "g": "q9", "i": "1", "o": "0", "s": "5z", "t": "7"}
_LEET_INSIDE = {"a": "@", "i": "!", "s": "$"}
_QUANTIFIERS = ("?", "*", "+", "{")
_FLAGS = ("group", "asserted", "subject", "imperative", "name", "used")
_GAP = r"(?:[^\w.!?…\n]|_)+"  # what a space in a pattern stands for: spaces and punctuation within a sentence
_GROUP_OPEN = re.compile(r"\(\?(?:[:!=]|<[=!])")
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

# -- word index: the canonical words of a text (leetspeak undone, optionally repeats collapsed) ---------------
_LEET_PLAIN = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "q": "g", "z": "s"}
_LEET_SYMBOL = {"!": "i", "$": "s", "@": "a"}  # also punctuation: a second reading of the text maps them


def _byte_table(leet: dict[str, str]) -> bytes:
    """bytes.translate table for lower-cased ASCII: leetspeak to letters, anything not a word character to space."""
    word = b"abcdefghijklmnopqrstuvwxyz0123456789"
    table = bytearray(c if c in word else 32 for c in range(256))
    for k, v in leet.items():
        table[ord(k)] = ord(v)
    return bytes(table)


_BYTES_A = _byte_table(_LEET_PLAIN)
_BYTES_B = _byte_table({**_LEET_PLAIN, **_LEET_SYMBOL})
_STR_A = str.maketrans(_LEET_PLAIN)
_STR_B = str.maketrans({**_LEET_PLAIN, **_LEET_SYMBOL})
_WORD = re.compile(r"[^\W_]+")
_REPEAT = re.compile(r"(\w)\1+")
_TRIPLE = re.compile(r"([a-z])\1\1")
_STAR_IN_WORD = re.compile(r"\w\*+\w")
_UNKNOWN = "\0"
#: Words too common to pick as the word a rule is indexed by, when the rule offers a rarer one.
_COMMON = frozenset(
    "the a an of to in on at by for and or is are was were be been being it its he she they them we us you your "
    "our all that this these those with as not no do does did have has had will would should must can people "
    "man men just so but from up out there their who what which".split()
)


def _text(name: str) -> str:
    return resources.files("newsaudit").joinpath("data", "lexicons", name).read_text(encoding="utf-8")


def _rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a lexicon file; '#' lines are comments."""
    return [line.split("\t") for line in _text(name).splitlines() if line.strip() and not line.startswith("#")]


def _fuzz(pattern: str, macros: dict[str, str]) -> str:
    """Pattern language -> regex. Letters tolerate repeats, leetspeak and a '*' inside a word; ' ' is any gap."""
    out: list[str] = []
    i, n, prev_letter = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        nxt = pattern[i + 1] if i + 1 < n else ""
        letter = "a" <= c <= "z"
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif c == "[":
            j = pattern.index("]", i + 2)
            out.append(pattern[i : j + 1])
            i = j + 1
        elif pattern.startswith(("(?<=", "(?<!"), i):  # a look-behind must stay fixed-width: copied as is
            j = pattern.index(")", i)
            out.append(pattern[i : j + 1])
            i = j + 1
        elif pattern.startswith("(?", i):
            m = _GROUP_OPEN.match(pattern, i)
            if m is None:
                raise ValueError(f"unsupported group in lexicon pattern {pattern!r}")
            out.append(m.group())
            i = m.end()
        elif c == "{" and nxt.isupper():
            j = pattern.index("}", i)
            out.append(f"(?:{macros[pattern[i + 1 : j]]})")
            i = j + 1
        elif c == " ":
            out.append(f"(?:{_GAP})?" if nxt == "?" else _GAP)
            i += 2 if nxt == "?" else 1
        elif letter:
            run = 1  # a doubled letter in the pattern ("faggot") is one unit: g{2,}
            while pattern[i + run : i + run + 1] == c and pattern[i + run + 1 : i + run + 2] not in _QUANTIFIERS:
                run += 1
            after, after2 = pattern[i + run : i + run + 1], pattern[i + run + 1 : i + run + 2]
            inside = prev_letter and "a" <= after <= "z" and after2 != "?"  # a letter on both sides
            extra = (_LEET.get(c, "") if prev_letter else "") + (_LEET_INSIDE.get(c, "") + "*" if inside else "")
            cls = f"[{c}{extra}]" if extra else c
            if run > 1:
                out.append(cls * (run - 1) + cls + "+")
            elif not prev_letter and not extra and after not in _QUANTIFIERS:
                out.append(f"{c}(?:{c}{c}+)?")  # a plain first letter, so the regex has a literal prefix
            elif after in ("*", "+") or (after == "{" and after2.isdigit()):
                out.append(cls)
            else:  # once, or stretched to three or more ("gayyy"); a double would turn "dems" into "deems"
                out.append(f"(?:{cls}|{cls}{{3,}})")
            i += run
        else:
            out.append(c)
            i += 1
        prev_letter = letter
    return "".join(out)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern; each becomes its own regex, indexed by its own words."""
    parts, depth, i, last = [], 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif c == "[":
            i = pattern.index("]", i + 2)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[last:i])
            last = i + 1
        i += 1
    return [*parts, pattern[last:]]


def _language(items: Any, cap: int = 2048) -> set[str] | None:
    """Strings a parsed pattern (``re._parser`` items) matches, "\\0" standing for text not worked out; None when
    there are more than ``cap``."""
    out = {""}
    for op, av in items:
        kind = str(op)
        part: set[str] | None
        if kind == "LITERAL":
            part = {chr(av)}
        elif kind == "IN" and all(str(o) == "LITERAL" for o, _ in av):
            part = {chr(c) for _, c in av}
        elif kind == "SUBPATTERN":
            part = _language(av[3], cap)
        elif kind == "BRANCH":
            subs = [_language(b, cap) for b in av[1]]
            part = None if None in subs else {s for sub in subs if sub is not None for s in sub}
        elif kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            inner = _language(sub, cap) or {_UNKNOWN}
            if all(len(s) == 1 for s in inner):  # a repeated character: once or twice, as in "faggot"
                inner = inner | ({s + s for s in inner} if hi > 1 else set())
            elif hi > 1:
                inner = inner | {a + _UNKNOWN + b for a in inner for b in inner}
            part = inner | {""} if lo == 0 else inner
        elif kind in ("AT", "ASSERT", "ASSERT_NOT"):
            part = {""}
        else:
            part = {_UNKNOWN}
        out = {a + b for a in out for b in (part or {_UNKNOWN})}
        if len(out) > cap:
            return None
    return out


def _canon_words(text: str, collapse: bool) -> list[str]:
    """Words of a pattern string as the index sees them: leetspeak undone, repeats optionally collapsed."""
    text = text.translate(_STR_B)
    if collapse:
        text = _REPEAT.sub(r"\1", text)
    return [m.group() for m in _WORD.finditer(text)
            if _UNKNOWN not in text[max(m.start() - 1, 0) : m.start()] + text[m.end() : m.end() + 1]]


def _needs(pattern: str) -> tuple[frozenset[str], ...]:
    """Word sets a match of ``pattern`` must meet (one word of each), rarest first; () when none is certain."""
    segments: list[list[Any]] = [[]]
    for item in _parser.parse(pattern):  # a literal space or other punctuation ends a word
        if str(item[0]) == "LITERAL" and not chr(item[1]).isalnum():
            segments.append([])
        else:
            segments[-1].append(item)
    needs = []
    for segment in segments:
        strings = _language(segment) if segment else None
        if not strings:
            continue
        words: set[str] = set()
        for s in strings:
            plain = _canon_words(s, collapse=False)
            if not plain:
                break
            best = max(plain, key=lambda w: (w not in _COMMON, len(w)))
            words.add(best)
            words.update("~" + w for w in _canon_words(best, collapse=True))
        else:
            needs.append(frozenset(words))

    def rarity(words: frozenset[str]) -> tuple[tuple[bool, int], int]:
        return min((w not in _COMMON, len(w)) for w in words), -len(words)

    return tuple(sorted(needs, key=rarity, reverse=True))


def _literal_prefix(pattern: str) -> str:
    """The fixed text a pattern's every match starts with, e.g. "(((" for the triple-parentheses echo."""
    prefix = ""
    for op, av in _parser.parse(pattern):
        if str(op) == "LITERAL":
            prefix += chr(av)
        elif str(op) == "MAX_REPEAT" and av[0] >= 1 and [str(o) for o, _ in av[2]] == ["LITERAL"]:
            prefix += chr(av[2][0][1]) * av[0]
            if av[1] != av[0]:
                break
        else:
            break
    return prefix


def _expand(pattern: str, plain: dict[str, str]) -> str:
    """A pattern with its {MACRO}s written out as plain regex."""
    return re.sub(r"\{([A-Z_]+)\}", lambda m: f"(?:{plain[m.group(1)]})", pattern)


def _raw_macros() -> dict[str, str]:
    raw = {row[0]: row[1] for row in _rows("macros.tsv")}
    raw["GROUP"] = "|".join(row[0] for row in _rows("groups.tsv"))
    return raw


@cache
def _macros() -> tuple[dict[str, str], dict[str, str]]:
    """Macros as fuzzed regex (for matching) and as plain regex (for working out the words a rule needs)."""
    raw = _raw_macros()
    fuzzed: dict[str, str] = {}
    plain: dict[str, str] = {}

    def expand(name: str) -> None:
        if name not in fuzzed:
            needed = re.findall(r"\{([A-Z_]+)\}", raw[name])
            for k in needed:
                expand(k)
            fuzzed[name] = _fuzz(raw[name], fuzzed)
            # GROUP is too big to gain words from: an unknown word keeps working out the rest cheap
            plain[name] = r"\w+" if name == "GROUP" else _expand(raw[name], plain)

    for name in raw:
        expand(name)
    return fuzzed, plain


def _rule(row: list[str], where: str) -> _Rule:
    category, group, reason = row[1], row[2], row[3]
    flags = set(row[4].split(",")) - {"-", ""} if len(row) > 4 else set()
    if category not in CATEGORIES or (group not in GROUPS and group not in ("-", "?")) or flags - set(_FLAGS):
        raise ValueError(f"bad lexicon row in {where}: {row!r}")
    return _Rule(category, None if group == "-" else group, reason, *(f in flags for f in _FLAGS))


@cache
def _subject() -> re.Pattern[str]:
    """A person or group at the end of the text searched: the subject of "... should be shot"."""
    return re.compile(rf"(?<!\w)(?:{_macros()[0]['PEOPLE']})[\W_]+(?:all[\W_]+)?$")


@cache
def _index() -> tuple[dict[str, tuple[_Entry, ...]], frozenset[str], tuple[_Entry, ...], tuple[_Entry, ...]]:
    """Every rule alternative compiled; a map word -> rules needing it, the rules to run always, and all rules."""
    fuzzed, plain = _macros()
    entries: list[_Entry] = []
    for name in _FILES:
        for row in _rows(f"{name}.tsv"):
            rule = _rule(row, f"{name}.tsv")
            raw = row[0].startswith("re:")
            for alt in _alternatives(row[0][3:] if raw else row[0]):
                expanded = _expand(alt, plain)
                body = expanded if raw else _fuzz(alt, fuzzed)
                prefix = _literal_prefix(expanded)
                # a plain regex that starts with fixed text ("http") is gated by that text, glued or not
                needs = () if raw and prefix else _needs(expanded)
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
        words = set(_WORD.findall(norm.translate(_STR_A)))
        if symbols:
            words.update(_WORD.findall(norm.translate(_STR_B)))
    if _TRIPLE.search(norm):  # "jeeews": also the words with repeats collapsed, marked "~"
        for table in (_STR_A, _STR_B) if symbols else (_STR_A,):
            words.update("~" + w for w in _WORD.findall(_REPEAT.sub(r"\1", norm.translate(table))))
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
