"""How a thread's author lines name their commenters: the name without the forum's words about the poster, and
whom a reply answers where the line says it after the date."""

from __future__ import annotations

import re

from newsaudit.anatomy import patterns as P
from newsaudit.anatomy.classify import is_date
from newsaudit.anatomy.lines import Line

#: A forum's rank or post count after the poster's name ("cloudwatcher_jen · Senior Member", "jar_test_jen Posts: 88",
#: "Brandt_of_Ohio — Member — posted", "heartland_hal —"): the site's words about the poster, not the name
_RANK = re.compile(r"(?:\s*[·•|—–-])?\s+(?:(?:senior|junior|new|full|regular|gold|silver|bronze|platinum|veteran|"
                   r"active|elite|trusted|verified|founding|top)\s+)?(?:member|moderator|administrator|admin|mod|poster|"
                   r"contributor|subscriber|supporter|patron|commenter)\b.*$|\s+(?:[·•|—–-]\s*)?posts?\s*:\s*"
                   r"[\d,.]+.*$|\s*[·•|—–-]+$", re.I)


def without_rank(author: str | None) -> str | None:
    """The poster's name without the forum's rank or post count after it."""
    if not author:
        return author
    return _RANK.sub("", author).strip() or author


#: Whom a reply answers, said after the date at the end of its author line ("… 10:01 pm · answering prairie_sentinel",
#: "… 22 April 2018, 10:02 · replied to Sod_Buster_NE", "… 12:05 PM · in response to No. 2")
REPLY_TAIL = re.compile(  # "· replied to X", "· (in answer to X)"
    rf"\s[·•|]\s*\(?{P.REPLY_VERB}\s+"
    r"(?P<target>[^\s()][^()]{0,40}?)\)?$", re.I)


def reply_tail(line: Line) -> str | None:
    """Whom the reply on this author line answers, named after its date; None if it names no one."""
    found = REPLY_TAIL.search(line.text)
    return found.group("target").strip() if found else None


def comment_author(line: Line, next_line: Line | None) -> tuple[str, str] | None:
    """(author, reason) if the line introduces a comment by naming its author.

    A reply's author line may name whom it answers ("gerald_h → Jean-Marc R."): the
    author is the name before the arrow (see :func:`split_reply_target`).
    """
    text = line.text
    if len(text) > 120 or (P.BYLINE_PREFIXED.match(text) and not P.SIGNATURE.match(text)):
        return None
    if _TWEET_SIGNATURE.match(text):
        return None  # "— Rosa Delgado (@rosaforhoosiers) March 14, 2018" closes a tweet quoted in the story
    answers = _ANSWERS_NUMBER.search(text)  # "#2  Dale R.  ·  in answer to #1  ·  March 15, 2017 at 09:02"
    # "quiet_meadow — 03 Nov 2017, 19:40 — in reply to Bramble_Oak": whom it answers, by name, after the date
    named = None if answers else _ANSWERS_NAME.search(text)
    if answers:
        text = text[:answers.start()] + text[answers.end():]
    elif named:
        text = text[:named.start()]
    for regex, what in ((P.AUTHOR_SAYS, "'NAME says:' line"), (P.AUTHOR_DOT_WHEN, "'NAME • time' line"),
                        (P.AUTHOR_WHEN, "'NAME date' line"), (P.AUTHOR_ARROW, "'NAME → NAME' reply line")):
        m = regex.match(text)
        if m and regex is P.AUTHOR_WHEN and is_date(line):
            continue  # "Tuesday, February 6, 2018": the weekday is no name
        if m and m.group("author").strip():
            author = P.AUTHOR_PREFIX.sub("", _ICONS.sub("", m.group("author").strip().lstrip("—–-↳↪▸►▶▹›»→•* ")))
            author = author.rstrip(",:-–—|·• ")
            author = re.sub(r"^(?:posted by:?\s*|by\s+)", "", author, flags=re.I)  # "by elkhorn_jim » Tue …"
            # "#1 Hammer_Down", "Post #2 | HollisB", "[1] gus": the post's number; "[–] Hollis_Ridge": a fold button
            author = _without_badge(re.sub(r"^(?:(?:post|comment|reply)\s*)?(?:#|no\.\s?)\d{1,4}\s*[|·•:—–]?\s*"
                                           r"|^\[(?:[–—+-]|\d{1,4})\]\s*", "", author, flags=re.I))
            # "Reply #1 — posted by SkyeTruther on 12 Oct 2017": the verb after the post's number
            author = re.sub(r"^posted by:?\s*", "", author, flags=re.I)
            if regex in (P.AUTHOR_WHEN, P.AUTHOR_DOT_WHEN):
                # "Dazza1977, Hindlecombe, United Kingdom, 2 hours ago", "Peter Galloway, Ashford Falls · Feb. 20":
                # the town is no name
                author = _PLACE_AFTER_NAME.sub("", author)
                if _QUESTION_OPENER.match(author):
                    continue  # "How to start grounding today": a subheading, no one's name
                if _STAMP_WORDS.match(author):
                    continue  # "Refreshed on 21/05/2018": the story's stamp, in the site's participle
            author = _TOWN_IN_BRACKETS.sub("", author)  # "Bonnie R. (Westerville)": the town, not the name
            if author.startswith("[") and author.endswith("]"):  # "[prairie_son] 2 days ago": a system's brackets
                author = author[1:-1].strip()
            author = _TIME_AFTER_NAME.sub("", author)  # "Posted by Kurt D. at 7:12 PM on …": the time is no name
            author = _VERB_AFTER_NAME.sub("", author)  # "OxbowRancher wrote at 09:41, 12 Jun 2018"
            author = _name_field(line, author)
            if regex is P.AUTHOR_ARROW:
                author = f"{author} → {m.group('target').strip()}"
            elif answers:
                post = re.sub(r"\D", "", answers.group("post"))  # "[1]", "No. 1", "#1" alike
                author = f"{author} → #{post}"
            elif named:
                author = f"{author} → {named.group('target').strip()}"
            if len(split_reply_target(author)[0].split()) <= 6:  # "Nate D. → Patriot Mom of 5 • 2 years ago"
                return author, f"comment author ({what})"
    if next_line is None or not is_date(next_line) or next_line.words > 8 or is_date(line):
        return None
    if alone := P.AUTHOR_ALONE.match(text):
        return alone.group("author"), "comment author (name followed by a date line)"
    # "Rhonda Kessler sounded off:" over its date: WordPress's "says:" in the site's own verb
    if (verb := _NAME_VERB_COLON.match(text)) and (alone := P.AUTHOR_ALONE.match(verb.group("author"))):
        return alone.group("author"), "comment author (name and the site's verb over a date line)"
    return None


_NAME_VERB_COLON = re.compile(r"^(?P<author>.{1,40}?)\s+[a-z]+(?:\s+[a-z]+){0,2}:$")


#: "— in reply to Bramble_Oak" closing an author line after its date: whom the reply answers, by name
_ANSWERS_NAME = re.compile(rf"\s*[·•|—–]\s*{P.REPLY_VERB}\s+(?P<target>[^\s·•|—–][^·•|—–]{{0,40}}?)\s*$", re.I)
#: "· in answer to #1 ·" inside an author line: the number of the post a reply answers
_ANSWERS_NUMBER = re.compile(  # ", answering [2] Marisol Q.": the post's number, then its poster's name
    rf"\s*(?:[·•|—–,]\s*|\s)(?:{P.REPLY_VERB}|re:?)\s+(?P<post>#\d{{1,5}}|\[\d{{1,5}}\]|no\.\s?\d{{1,5}})"
    r"(?:\s+[^\s·•|—–][^·•|—–]{0,40}?)?(?=\s*[·•|—–]|\s*$)", re.I)


#: The line an embedded tweet ends with: a dash, the name, the handle in brackets, the date
_TWEET_SIGNATURE = re.compile(r"^[—–-]\s*[^()\n]{1,60}\(@\w{1,30}\)\s+\S.{0,40}$")


#: a pictograph before a commenter's name ("♥ meadowlark_jen | 2 weeks ago"): the system's, not the name's
_ICONS = re.compile(r"^(?:[^\w\s\[\]()@#\"“'‘.-]\s*)+")
#: a stamp's words before its date, no one's name: "Refreshed on", "Last updated", "Freshly stirred"
_STAMP_WORDS = re.compile(r"(?i)^(?:(?:last|first|freshly|lovingly|originally)\s+)?(?:updated|posted|published|"
                          r"refreshed|edited|modified|revised|filed|written|shared|added)(?:\s+(?:on|at))?$"
                          r"|^[A-Za-z]{4,}(?:ed|en)\s+(?:on|at)$")
#: A heading's opening ("How to …", "Why the …"), never a commenter's display name
_QUESTION_OPENER = re.compile(r"^(?i:how|what|why|when|where|which|who|is|are|do|does|can|should)\s+\S+\s+\S+")


#: "Kurt D. at 7:12 PM" (from "Posted by Kurt D. at 7:12 PM on March 2, 2018")
_TIME_AFTER_NAME = re.compile(r"\s+at\s+\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?$", re.I)
#: "wrote" left over where a system writes "NAME wrote at <time>, <date>"
_VERB_AFTER_NAME = re.compile(r"\s+(?:wrote|writes|said|says|posted|commented|replied|responded|added|"
                              r"(?:sounded|weighed|chimed) (?:off|in))(?: back)?$", re.I)
#: "(Westerville)", "(Leeds, UK)" after a commenter's name
_TOWN_IN_BRACKETS = re.compile(r"\s+\((?-i:[A-Z])[\w'’. -]{1,30}(?:,\s*[\w'’. -]{2,30})?\)$")


#: ", Leeds, United Kingdom" after a commenter's handle: one to three capitalised places
_PLACE_AFTER_NAME = re.compile(r"(?:,\s*[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|in|of|on|upon)){0,3}){1,3}$")


#: What a comment system sets between the name and what it shows beside it: "nightglass :: Watcher :: <date>",
#: "plowshare_pete · weighed in <date>", "ferryman_joe ~ 2 days ago", "GarrickV (Staff · 3,880 points) posted …"
_FIELD_SEP = re.compile(r"\s+(?:[^\w\s.'’\"()\[\]&+-]|::)(?:\s+|$)|\s+\((?=[^()]*[·•|\d][^()]*\))")


def _name_field(line: Line, author: str) -> str:
    """The name alone: the first of the fields a comment system lays out after it, by symbol or by tab ("meterman_62
    <TAB>Joined 2014<TAB>Aug 2, 2017": the member-since and the rank are no part of the name)."""
    arrow = P.REPLY_ARROW.search(author)
    if arrow and author[arrow.end():].strip():  # "Lyle G. → bettyjo_organizes": the arrow names whom it answers
        return _name_field(line, author[:arrow.start()]) + author[arrow.start():]
    author = _FIELD_SEP.split(author, maxsplit=1)[0]
    at = line.text.find(author)
    cut = min((tab - at for tab in line.tabs if at < tab < at + len(author)), default=len(author))
    return author[:cut].rstrip() if at >= 0 else author


def split_reply_target(author: str) -> tuple[str, str | None]:
    """("gerald_h", "Jean-Marc R.") from "gerald_h → Jean-Marc R."."""
    parts = P.REPLY_ARROW.split(author, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return _without_badge(parts[0].strip()), parts[1].strip()
    return author, None


#: What a comment system shows after a name: a role badge ("Mod"), reputation points ("14p", IntenseDebate),
#: Drupal's "(not verified)" for a guest,
#: and the reddit-style points, WordPress's "Post author", a role in brackets ("(reporter)")
_BADGE = re.compile(r"\s+(?:Mod|Moderator|Admin|Author|Post author|\d+p|[\d,]+ points?|\(not verified\)|"
                    r"\((?i:reporter|author|staff|editor|moderator|admin|writer)\))$")


def _without_badge(name: str) -> str:
    return _BADGE.sub("", name)
