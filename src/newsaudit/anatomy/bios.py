"""Author bios at the foot of a story: an "About the author" box, or a closing paragraph about the writer.

Bios are bylines, not story (the FakeNewsCorpus hand checks counted them as the largest share of junk kept
as story). A bio names the story's author or says what a writer does, and stands among the last paragraphs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsaudit.anatomy.classify import byline_names
from newsaudit.anatomy.lines import Line
from newsaudit.page import BlockType

if TYPE_CHECKING:
    from newsaudit.anatomy.paragraphs import Paragraph


def is_author_heading(line: Line) -> bool:
    """"About the author", "About Martin Krell": the heading of the author's bio (an "About me" box is the
    site's)."""
    return bool(_AUTHOR_HEADING.match(line.text)) or _about_person(line)


def about_named_below(line: Line, below: Line | None) -> bool:
    """"About the Safe Harbor Refugee Alliance" over "The Safe Harbor Refugee Alliance is an independent …": the
    issuer's boilerplate paragraph at the foot of a statement or release, headed by its name."""
    if below is None or not line.text.startswith("About ") or not 2 <= line.words <= 9 or line.text.endswith("?"):
        return False
    name = re.sub(r"^(?:the|us)\b\s*", "", line.text[len("About "):].rstrip(":. "), flags=re.I)
    opening = " ".join(below.text.split()[:15])
    return len(name) >= 4 and name[:1].isupper() and name.casefold() in opening.casefold()


def _about_person(line: Line) -> bool:
    """"About Martin Krell", "About Dr. Voss", "About owl_at_the_gate", "Meet Brianna", "Get to know Sabine": the
    heading of an author box."""
    m = _PERSON_HEADING.match(line.text)
    if not m or line.words > 6:  # "Meet Brianna" over her bio
        return False
    name = line.text[m.end():].rstrip(":.!? ")
    if _HANDLE.fullmatch(name) or _TITLED_SURNAME.fullmatch(name) \
            or (not line.text.startswith("About ") and _FIRST_NAME.fullmatch(name)):
        return True
    return bool(byline_names(Line(line.index, line.start, line.start + len(name), 0, name), bare_allowed=True))


#: What heads a box about a person: "About", or words that introduce the reader to them ("Say hello to Tamsin")
_PERSON_HEADING = re.compile(r"^(?:About|Meet|Get to know|Say (?:hello|hi) to|Introducing|A word from) ")
#: A pen name written as a handle: "owl_at_the_gate", "Patriot1776"
_HANDLE = re.compile(r"@?[A-Za-z][\w.-]*[\d_][\w.-]*")
#: A surname after a title: "Dr. Voss", "Sgt. Metcalf"
_TITLED_SURNAME = re.compile(r"(?:Dr|Prof|Rev|Sgt|Capt|Col|Maj|Gen|Mr|Mrs|Ms)\.?\s+[A-Z][\w'’-]+")
#: "Meet Brianna": a first name alone after "Meet" (after "About" a single name is as often a place or a topic)
_FIRST_NAME = re.compile(r"[A-Z][a-z]{2,15}")


#: "About the author", "About the writer": the heading of the author's bio (an "About me" box is the site's)
_WRITER = r"(?:author|writer|columnist|contributor|reporter|correspondent|blogger|essayist)s?"
_AUTHOR_HEADING = re.compile(
    rf"^(?:about (?:the )?(?:author|writer)s?|about (?:the|this|our) {_WRITER}|(?:author|writer)(?:'s)? bio"
    # "A word about the writer", "A few words on this contributor", "The reporter"
    rf"|(?:a )?(?:word|note|few words|line|bit) (?:about|on) (?:the|this|our) {_WRITER}|the {_WRITER}"
    r"|meet the (?:author|writer|reporter|columnist)s?|(?:author|writer|contributor) (?:spotlight|profile))[:.]?$",
    re.I)
#: "Who is Dr. Lark?": a bio's heading as a question, only over a bio at the foot (a story's subheading asks it too)
_WHO_IS = re.compile(r"^(?i:who (?:is|are|was)) (?:(?i:the (?:author|writer))|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
                     r"\?$")


def is_bio_heading_question(line: Line, below: Line | None) -> bool:
    """"Who is Dr. Lark?" over "Dr. Maren Lark is a naturopath who writes …"."""
    if below is None or not _WHO_IS.match(line.text):
        return False
    if _THE_AUTHOR.match(below.text):
        return True
    bio = _BIO_VERB.match(below.text)
    asked = set(re.findall(r"[A-Z][a-z'’-]{2,}", line.text)) - {"Who"}
    return bio is not None and (bool(_BIO_ROLE.search(below.text)) or bool(asked & set(bio.group("name").split())))


def heads_bio(line: Line, below: Line | None, authors: set[str]) -> bool:
    """"Behind the byline", "A word about Delia Frost", "Who is Mira?": a short heading at the foot in the site's own
    words, over a paragraph about the story's author or about the person the heading names (a name, then what they
    do)."""
    if below is None or not 1 <= line.words <= _BIO_HEADING_WORDS or _NOT_A_HEADING.search(line.text) \
            or below.words > _MAX_BIO_WORDS:
        return False
    bio = _BIO_VERB.match(below.text)
    if bio is None:
        return False
    name = bio.group("name").casefold()
    asked = set(re.findall(r"[A-Z][a-z'’-]{2,}", line.text)) & set(bio.group("name").split())
    return bool(asked) or any(len(a) >= 4 and (name == a or name in a or a in name) for a in authors)


_BIO_HEADING_WORDS = 6
#: a heading has no colon and ends in no full stop or comma (a question may head a bio: "Who is Mira?")
_NOT_A_HEADING = re.compile(r"[:;]|[.,]$|^\W|\d")


#: "About the author: Nick Sorrell is …": a bio that names its own heading
_INLINE_BIO = re.compile(r"^about the (?:author|writer)\s*[:.–—-]\s*\S", re.I)
#: What a bio says its subject does; a closing paragraph about someone else rarely says it
_BIO_ROLE = re.compile(
    r"\b(?:writer|journalist|editor|author|columnist|contributor|reporter|correspondent|blogger|podcaster|"
    r"commentator|analyst|founder|publisher|freelancer|writes (?:about|for|on)|covers|covered|his work|her work|"
    r"their work|has written|is the author|professor|economist|researcher|scholar|activist|publishes|studies|"
    r"edits|founded|writes from|runs (?:this|the|our) (?:site|blog|page|newsletter))\b",
    re.I,
)
_BIO_VERB = re.compile(
    r"^(?:[—–-]\s*)?(?:(?:Dr|Col|Lt|Sgt|Maj|Capt|Gen|Rev|Prof)\.\s+)?(?P<name>(?:[A-Z][\w'’.-]+\s+){1,3}?[A-Z][\w'’-]+"
    r"|@?[A-Za-z][\w.-]*[\d_][\w.-]*)"  # or a pen name written as a handle ("ridgeline_amos has lived …")
    r"(?:\s+\((?:(?:USA|USMC|USN|USAF|USCG),\s*)?Ret\.?\))?(?:\s+\(?@\w+\)?)?,?\s+"
    # "Curtis Ahlgren farmed in Story County for 30 years and writes …": any past tense, with a writer's role after
    r"(?:is|was|has been|has|holds|covered|covers|writes|wrote|teaches|taught|lives|served|serves|spent|worked|works|"
    r"reports|edits|hosts|retired|studies|publishes|flew|ran|led|grew|built|became|left|began|came|took|quit|gave|"
    r"made|went|fought|sold|drove|keeps|runs|spends|[a-z]{3,}ed)\b"
)
_MAX_BIO_WORDS = 90
#: A sentence about the person, then another that says where to reach them ("… keeps bees on Tolliver Road. She
#: writes at Quiet Aquifer, and can be reached at …")
_REACHED_AFTER = re.compile(r"\w[.!?]\s+(?:[A-Z][\w'’]*\s+){1,2}.{0,80}\b(?:can be reached|reach (?:her|him|them))\b")
#: A paragraph that ends like a sentence (or an e-mail address, a handle or a site a bio ends with)
_SAYS = re.compile(r"[.!?…)\"”’]$|@\S+$|\w\.[a-z]{2,6}/?$")
#: "The author is a senior research fellow at …": a state outlet's or a think tank's bio names no one
_THE_AUTHOR = re.compile(r"^\(?the (?:author|writer)s? (?:is|are|was|were|has|have|had|served|serves|teaches|taught|"
                         r"works|worked|lives|lived|covers|covered|writes|wrote|spent|grew)\b", re.I)


def bio_with_contact(line: Line) -> bool:
    """Someone's bio that closes on where to reach them ("Pia Lindqvist-Moore spent three decades with the state
    survey … She … can be reached at …"): a bio to be read as one, not the contact credit its last words sound like."""
    return bool(_BIO_VERB.match(line.text)) and bool(_REACHED_AFTER.search(line.text))


def mark_bios(paragraphs: list[Paragraph], authors: set[str]) -> None:
    """Closing author bios are bylines, not story: "Jane Roe is a freelance writer who lives in …", "About the
    author: …". A bio is among the last paragraphs, short, and either names the story's author or says what a
    writer does."""
    # the story's last paragraphs that say something: a list of other stories' headlines below it is no prose
    prose = [p for p in paragraphs if p.kind is BlockType.PARAGRAPH and _SAYS.search(p.lines[-1].text)]
    for p in prose[-3:]:
        text = " ".join(ln.text for ln in p.lines)
        if len(text.split()) > _MAX_BIO_WORDS:
            continue
        if _INLINE_BIO.match(text):
            p.kind, p.reason = BlockType.BYLINE, "the author's bio (\"About the author: …\")"
            continue
        if _THE_AUTHOR.match(text):
            p.kind, p.reason = BlockType.BYLINE, "the author's bio at the foot (\"The author is …\")"
            continue
        opening = text.casefold()
        named = next((a for a in authors if len(a) >= 4 and opening.startswith(a + " ")), None)
        if named and text[len(named) + 1 : len(named) + 2].islower():  # the author's name, then what they do
            p.kind, p.reason = BlockType.BYLINE, f"the author's bio at the foot (about {text[:len(named)]})"
            continue
        m = _BIO_VERB.match(text)
        if not m:
            continue
        name = m.group("name").casefold()
        if any(name == a or name in a or a in name for a in authors) or _BIO_ROLE.search(text):
            p.kind, p.reason = BlockType.BYLINE, f"the author's bio at the foot (about {m.group('name')})"
