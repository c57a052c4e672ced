"""What comment markup and comment sections look like: class names, ids, XPath prefilters and line patterns.

The markup conventions (WordPress, Blogger, wpDiscuz, Disqus and trafilatura's comment-section XPaths) are
here as code; the multilingual wording of a comment section's lines — prompts and policies, controls,
headings, dates — is data under ``data/patterns/html_comment_*.txt``, one reviewed regex a line, as the
anatomy stage keeps its own (:mod:`newsaudit.anatomy.lexicon`).
"""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

from newsaudit.anatomy.lexicon import patterns

# -- comment markup ---------------------------------------------------------------------------------------
# One comment (not the list of them, not a part of one): class tokens like "comment",
# "wc-comment", "comment-item", "mo-comment-card", or ids like "comment-123".
ITEM_PREFILTER = etree.XPath(
    "//*[self::li or self::article or self::div or self::section or self::dd]"
    "[contains(@class, 'omment') or contains(@class, 'OMMENT') or contains(@id, 'omment')"
    " or contains(@class, 'eserbrief') or contains(@class, 'ommentar')]"
)
ITEM_TOKEN = re.compile(
    r"^(?:(?P<prefix>[a-z0-9]+)[-_]{0,2})?(?:comment|leserbrief|leserkommentar)"
    r"(?:[-_]{1,2}(?:item|entry|card|article|post|single))?$|^kommentar[-_](?:item|entry|eintrag)$",
    re.IGNORECASE,
)
#: "post-comment", "add-comment"... name controls and forms, not comments.
NOT_ITEM_PREFIXES = frozenset(
    {"no", "add", "leave", "post", "new", "write", "reply", "submit", "your", "has", "show", "load",
     "count", "open", "toggle", "sub", "to", "hide", "edit", "report", "more", "all", "go", "latest",
     "recent", "top", "best", "featured", "widget", "rss", "form", "list", "share"}
)
ITEM_ID = re.compile(r"^(?:li-|div-|article-)?comment-?\d+(?:_\d+)?$", re.IGNORECASE)
# Parts of a comment that carry who/when, or controls; never comment text.
META_CLASS = re.compile(
    r"(?:^|\s)(?:comment-author|comment-meta|comment-metadata|commentmetadata|comment-header|comment-footer"
    r"|comment-date|comment-time|comment-info-meta|vcard|says|avatar|reply|comment-reply|comment-reply-link"
    r"|comment-actions|comment-tools|comment-links|comment-edit-link|edit-link|comment-awaiting-moderation"
    r"|datetime|fn|comment-username|username|wc-comment-header|wc-comment-footer|wc-comment-left"
    r"|comment-permalink|comment-votes?|comment-like|sharedaddy|screen-reader-text|thread-toggle|thread-count"
    r"|continue|loadmore|hidden|comment-replybox-single|comment-replybox-thread)(?:\s|$)",
    re.IGNORECASE,
)
AUTHOR_CLASS = re.compile(
    r"(?:^|\s)(?:fn|comment-author-name|comment-username|username|wc-comment-author|author-name"
    r"|comment__author|commentauthor|comment-author|author|user)(?:\s|$)",
    re.IGNORECASE,
)
#: What a date in a comment's meta line looks like: a month, "3 days ago", a year, 12/03 or 10:15 (a block of
#: class "comment-meta" may hold only the author, and "Skeptic99" has digits too)
DATE_LIKE = re.compile(
    r"\d{1,4}\s*[-/.:]\s*\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|\d|$)"
    r"|\bago\b|\b(?:yesterday|today)\b|(?<!\w)(?:19|20)\d\d(?!\w)",
    re.IGNORECASE,
)
DATE_CLASS = re.compile(
    r"(?:^|\s)(?:comment-date|comment-time|comment-metadata|commentmetadata|comment-meta|datetime"
    r"|comment__date|wc-comment-date|date)(?:\s|$)",
    re.IGNORECASE,
)
SECTION_HINT = re.compile(r"comment|kommentar|discussion|respond", re.IGNORECASE)
HEADER_WORDS = re.compile(
    r"comment|kommentar|thought|response|repl|antwort|réaction|reactions|discussion|leserbrief|\d",
    re.IGNORECASE,
)
SAYS = re.compile(r"\s*(?:says|said|sagt|schreibt|writes|wrote|dit|a écrit|scrive)\s*:?\s*$", re.IGNORECASE)
REPLY_WORDS = re.compile(r"\b(?:reply|antworten|répondre|rispondi|responder|edit|bearbeiten)\b", re.I)

# Comment sections as trafilatura's COMMENTS_XPATH / COMMENTS_DISCARD_XPATH find them (trafilatura 2.3).
SECTION_PREFILTER = etree.XPath(
    "//*[self::div or self::section][contains(@class, 'omment') or contains(@id, 'omment')"
    " or starts-with(@id, 'comol') or starts-with(@id, 'disqus_thread') or starts-with(@id, 'dsq-comments')"
    " or starts-with(@id, 'social')]"
)
SEC_LIST = re.compile(r"comment-?list")
SEC_CONTENT = re.compile(r"comment-page|comments-content|post-comments")
SEC_START = re.compile(r"comment[s-]")
SEC_CLASS = re.compile(r"Comments|article-comments")
SEC_ID = re.compile(r"comol|disqus_thread|dsq-comments")
SEC_DISCARD = re.compile(r"comments-title|nocomments|-reply-|signin")
WIDGET_NAMES = re.compile(
    r"(?:recent|latest|neueste|newest|popular)[-_ ]?(?:comments?|kommentare)|comments?-latest"
    r"|(?:^|\s)modal(?:-dialog)?(?:\s|$)",
    re.IGNORECASE,
)
FURNITURE_TOKEN = re.compile(r"^(?:widget.*|sidebar|secondary|menu.*|recent.*|nav|navbar|navigation)$", re.I)
LABEL_WORDS = re.compile(
    r"(?:post|posten|senden|send|submit|comment\w*|kommentar\w*|commentaire\w*|comentar\w*|komentarz\w*"
    r"|reply|replies|antwort\w*|ausblenden|einblenden|show|hide|more|mehr|all|alle|load|laden)",
    re.IGNORECASE,
)


# -- comment-section lines, from data/patterns ---------------------------------------------------------------------
def _lines(name: str) -> re.Pattern[str]:
    """The case-insensitive patterns of ``data/patterns/NAME.txt`` as one alternation (one C-level scan a line)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns(name)), re.IGNORECASE)


@cache
def notice_line() -> re.Pattern[str]:
    """Lines of a comment section that talk about commenting rather than being a comment (searched)."""
    return _lines("html_comment_notice")


@cache
def control_line() -> re.Pattern[str]:
    """Buttons and counters of a comment: "Reply", "Report", "12", "▲ 3" (matched at the line start)."""
    return _lines("html_comment_control")


@cache
def header_line() -> re.Pattern[str]:
    """The heading of a comment section: "12 Comments", "3 thoughts on …" (matched at the line start)."""
    return _lines("html_comment_header")


@cache
def date_line() -> re.Pattern[str]:
    """A date or time in a comment's meta line: "12.03.2024", "10:15", "3 days ago" (searched)."""
    return _lines("html_comment_date")
