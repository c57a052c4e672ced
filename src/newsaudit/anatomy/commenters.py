"""How a thread's author lines name their commenters: the name without the forum's words about the poster, and
whom a reply answers where the line says it after the date."""

from __future__ import annotations

import re

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
    r"\s[·•|]\s*\(?(?:replied to|replying to|responding to|in (?:reply|response) to|in answer to|answering)\s+"
    r"(?P<target>[^\s()][^()]{0,40}?)\)?$", re.I)


def reply_tail(line: Line) -> str | None:
    """Whom the reply on this author line answers, named after its date; None if it names no one."""
    found = REPLY_TAIL.search(line.text)
    return found.group("target").strip() if found else None
