"""Undo the spellings that hide a comment from a moderator, keeping a map back to what was written.

Evaders write "Jеws" with a Cyrillic е, "k i l l", "j3ws", or put zero-width characters between the
letters: a reader sees the word, a word-based model sees noise. Before scoring, a comment is
normalised: format characters (zero-width spaces and joiners, soft hyphens) are dropped; letters
that look Latin are made Latin (compatibility forms by NFKC, e.g. fullwidth and mathematical letters,
and Cyrillic or Greek look-alikes inside a word that also has Latin letters, or in a text that is
mostly Latin); digits and symbols standing for letters inside a word become those letters ("k1ll",
"h@te"); and runs of three or more single letters spaced or punctuated apart are joined ("k i l l",
"j.e.w.s"). Each character of the result knows the character of the original it came from, so
evidence found in the normalised text is shown, and offset, in the original.

What is left alone: text in another script (a Russian comment stays Russian), numbers ("2024",
"1,000", "4x4"), words of letters only, and case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Cyrillic and Greek letters a reader takes for Latin ones (lower and upper case).
_LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
        "һ": "h", "ӏ": "l", "ɡ": "g",
        "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
        "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W", "Һ": "H",
        "Ӏ": "I",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
        "υ": "u", "χ": "x", "ω": "w", "ϲ": "c",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
        "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    }
)
#: Digits and symbols written for letters inside a word.
_LEET = {"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o", "5": "s", "$": "s", "7": "t"}
#: Mixed capitals inside a word (an id, a code, "SchnauzerNot"): not an evader's spelling.
_CAMEL = re.compile(r"[a-z][^a-z]*[A-Z][^A-Z]*[a-z]|[A-Z][^A-Z]*[a-z][^a-z]*[A-Z]")
#: Words with digits that are numbers, units or names, not letters in disguise.
_NUMBERISH = re.compile(
    r"\d+(?:st|nd|rd|th|s|am|pm|k|m|km|kg|g|x|d|h|hr|hrs|min|mb|gb|ft|in|cm|mm|yo|yr|yrs|v|w)?"
    r"|[a-z]+\d+|[a-z]2[a-z]|\d+x\d+|\d+[.,:/]\d+|\d{2,}\w*",
    re.IGNORECASE,
)
#: A word as evaders write it: letters mixed with stand-ins (and at least one letter).
_WORD = re.compile(r"[\w@$!]+", re.UNICODE)
#: @handles, #hashtags, $TICKERS, e-mail addresses and links, where "@" and digits are what they are.
_ADDRESS = re.compile(
    r"(?<!\w)[@#]\w+|(?<!\w)\$[A-Z]{2,6}\b|\S+@\S+\.\w+|(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|info|ly|be|tv|io)\b\S*"
)
#: Three or more single letters, each followed by one separator of the same kind.
_SPACED = re.compile(r"(?<![\w])(?:[^\W\d_](?P<sep>[ .\-_*·•|/]))(?:[^\W\d_](?P=sep)){1,}[^\W\d_](?![\w])", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Normalized:
    """The normalised ``text`` and, for each of its characters, the offset in the original it came from
    (``origin[len(text)]`` is the original's length)."""

    text: str
    origin: tuple[int, ...]
    #: what was undone, in words a moderator reads ("look-alike letters", ...)
    kinds: tuple[str, ...] = ()
    changed: bool = False

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span a span of the normalised text covers."""
        if end <= start:
            at = self.origin[start]
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def _latin_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum("LATIN" in unicodedata.name(ch, "") for ch in letters) / len(letters)


def normalize(text: str) -> Normalized:
    """``text`` with format characters dropped, look-alike letters made Latin, stand-ins inside
    words made letters and spaced-out letters joined; unchanged texts come back as they are."""
    if text.isascii() and not _might_be_obfuscated_ascii(text):
        return Normalized(text, tuple(range(len(text) + 1)))
    kinds: list[str] = []
    chars: list[str] = []
    origin: list[int] = []
    # 1. drop format characters; NFKC each remaining character (fullwidth, mathematical letters)
    for i, ch in enumerate(text):
        if unicodedata.category(ch) == "Cf":
            _note(kinds, "invisible characters")
            continue
        # letters and digits only: NFKC would also spell out "…" and "½", which hide nothing
        folded = unicodedata.normalize("NFKC", ch) if not ch.isascii() and (ch.isalpha() or ch.isdecimal()) else ch
        if folded != ch:
            _note(kinds, "look-alike letters")
        for out in folded or ch:
            chars.append(out)
            origin.append(i)
    current = "".join(chars)
    # 2. look-alike letters: in words that mix them with Latin letters, or anywhere in a mostly Latin text
    if not current.isascii():
        mostly_latin = _latin_share(current) >= 0.5
        pieces = []
        for match in re.finditer(r"\w+|\W+", current):
            word = match.group()
            mapped = word.translate(_LOOKALIKES)
            if mapped != word and (mostly_latin or any("LATIN" in unicodedata.name(c, "") for c in word)):
                word = mapped
                _note(kinds, "look-alike letters")
            pieces.append(word)
        current = "".join(pieces)  # one character for one: offsets unchanged
    # 3. stand-ins inside words that have letters: "k1ll", "h@te", "j3ws" (not "2024", "4x4", "covid19"),
    #    outside e-mail addresses and links
    protected = [m.span() for m in _ADDRESS.finditer(current)]
    tokens = [
        (m.group(), bool(_WORD.fullmatch(m.group())) and not any(a <= m.start() < b for a, b in protected))
        for m in re.finditer(r"[\w@$!]+|[^\w@$!]+", current)
    ]
    whole_text = _written_in_leet([word for word, open_to_leet in tokens if open_to_leet])
    pieces = []
    for word, open_to_leet in tokens:
        if open_to_leet:
            plain = _unleet(word, whole_text)
            if plain != word:
                _note(kinds, "digits or symbols for letters")
                word = plain
        pieces.append(word)
    current = "".join(pieces)
    # 4. join spaced or punctuated letters: "k i l l" -> "kill"
    keep = [True] * len(current)
    for match in _SPACED.finditer(current):
        _note(kinds, "spaced-out letters")
        for j in range(match.start() + 1, match.end(), 2):
            keep[j] = False
    result = "".join(ch for ch, k in zip(current, keep, strict=True) if k)
    mapped_origin = [o for o, k in zip(origin, keep, strict=True) if k]
    mapped_origin.append(len(text))
    changed = result != text
    return Normalized(result, tuple(mapped_origin), tuple(kinds) if changed else (), changed)


def _note(kinds: list[str], kind: str) -> None:
    if kind not in kinds:
        kinds.append(kind)


def _might_be_obfuscated_ascii(text: str) -> bool:
    """Cheap test for the ASCII tricks (stand-ins in words, spaced letters), so plain text skips the work."""
    return bool(re.search(r"[a-zA-Z][0-9@$!][a-zA-Z0-9]|[0-9@$][a-zA-Z]", text)) or bool(_SPACED.search(text))


def _written_in_leet(words: list[str]) -> bool:
    """A text most of whose words carry stand-ins ("7h3 j3w5 4r3 ..."): read every word as leetspeak."""
    with_letters = [w for w in words if any(ch.isalpha() for ch in w)]
    leetish = [w for w in with_letters if any(ch in _LEET for ch in w.rstrip("!"))]
    return len(with_letters) >= 4 and len(leetish) >= 0.3 * len(with_letters)


def _unleet(word: str, whole_text: bool = False) -> str:
    """Stand-ins made letters in a word with a letter, where one opens the word or stands before a
    letter ("k1ll", "7h3", "j3w5", "$hit"); "!" at the end is punctuation ("stop!!"), and numbers with
    a unit or in a name are left alone ("3rd", "1990s", "10km", "4x4", "covid19", "mp3", "b2b").
    In a text written in leetspeak throughout (``whole_text``) every word with stand-ins is read so,
    short numbers too ("70" is "to", "4" is "a")."""
    core = word.rstrip("!")
    if whole_text and (any(ch.isalpha() for ch in core) or (core.isdigit() and len(core) <= 2)):
        return _as_letters(core) + word[len(core) :]
    if not any(ch.isalpha() for ch in core) or _NUMBERISH.fullmatch(core) or _CAMEL.search(core):
        return word
    if not any(ch in _LEET and core[i + 1 : i + 2].isalpha() and (ch != "!" or core[i + 1].islower())
               for i, ch in enumerate(core)):
        return word
    return _as_letters(core) + word[len(core) :]


def _as_letters(core: str) -> str:
    """Each stand-in as its letter, in capitals inside a word written in capitals ("J3WS" -> "JEWS")."""
    letters = [ch for ch in core if ch.isalpha()]
    upper = bool(letters) and all(ch.isupper() for ch in letters) and len(letters) > 1
    return "".join((_LEET[ch].upper() if upper else _LEET[ch]) if ch in _LEET else ch for ch in core)
