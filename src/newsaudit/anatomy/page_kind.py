"""Pages with no story: index pages of teasers, shop pages, error pages.

A crawl of a news site also fetches its category pages, product pages and "page not found" pages. Their
teasers and sales copy read like paragraphs, and scoring them for slant or provenance would report an
article that is not there. These pages are recognised by what repeats on them (a "Read more »" under
every teaser, a price on every other line) or by what their heading says ("Category: …", "404").
"""

from __future__ import annotations

import bisect
import re

from newsaudit.anatomy.lines import Line
from newsaudit.anatomy.masthead import is_prose_line
from newsaudit.page import Block, BlockType, Page

#: "Read more »" under each teaser of an index page
_TEASER_END = re.compile(r"^(?:read more|continue reading|read the rest|full story|read full (?:story|article)|more)"
                         r"\s*[»›→>…]*\.*$", re.I)
#: "March 9, 2017 by Hank Duval" over each teaser
_TEASER_DATE = re.compile(
    r"^(?:posted (?:on )?)?(?:\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4}|\d{4}-\d\d-\d\d) (?:by|[|·•—–-]) \S", re.I
)
#: Shop buttons and product-page furniture (prices alone are also the matter of market reports)
_SHOP = re.compile(r"\badd to (?:cart|basket|bag)\b|\bbuy (?:it )?now\b|\b(?:in|out of) stock\b|\bfree shipping\b|"
                   r"\bcheckout\b|\(\d[\d,]* reviews?\)|^(?:regular|sale|our) price\b|^cart\s*\(\d+\)$|"
                   # a donation form: "Choose an amount", "$25", "One-time", "Monthly"
                   r"^(?:choose|select|enter) (?:an|your) amount\b|^other amount$|^[$€£]\s?\d+(?:\.\d\d)?$|^one-?time$|"
                   r"^(?:donate|give) (?:now|today)\b", re.I)
#: The heading of an index page or an error page
_INDEX_HEADING = re.compile(r"^(?:(?:category|tag|tagged|(?:monthly |daily |yearly )?archives?|author|topic|section|"
                            r"posts (?:tagged|in|by|about))\s*:"
                            r"|(?:search results?(?: for)?|results for|you searched for)\s*:?)\s*\S.{0,80}$", re.I)
_ERROR_HEADING = re.compile(r"^(?:error\s*)?(?:404|410)\b|\bpage (?:not found|cannot be found|could not be found)\b|"
                            r"\b(?:page|article|story) (?:is )?no longer available\b|\bpage (?:you requested )?"
                            r"(?:does not|doesn'?t) exist\b", re.I)
#: The form of a log-in or paywall page
_LOGIN = re.compile(r"^(?:username|user ?name or e-?mail(?: address)?|e-?mail or username|password|remember me|"
                    r"lost your password\??|forgot(?: your)? password\??|log ?in|sign ?in|member log ?in|"
                    r"not a member(?: yet)?\??|join now|create an account|register)$|\bcontent is restricted to\b|"
                    r"\b(?:members|subscribers)[- ]only\b", re.I)
_MIN_REPEATS = 3
_HEAD_LINES = 12


def _longest_prose_run(content: list[Line]) -> int:
    """The most paragraphs of running text in a row: a story has several, a teaser one, a form none."""
    best = run = 0
    for line in content:
        run = run + 1 if is_prose_line(line) else 0
        best = max(best, run)
    return best


#: A page with this many paragraphs of prose in a row has a story, whatever its sidebars and forms say
_STORY_RUN = 5


def no_story_reason(lines: list[Line]) -> tuple[str, Line | None] | None:
    """Why the page holds no story, and the line that heads it (its title), or None for an article page."""
    content = [ln for ln in lines if not ln.blank]
    if _longest_prose_run(content) >= _STORY_RUN:
        return None
    head = content[:_HEAD_LINES]
    errors = [line for line in head if _ERROR_HEADING.search(line.text) and line.words <= 12]
    if errors:  # "Page Not Found" heads the page rather than a bare "404"
        worded = [line for line in errors if re.search(r"[^\W\d]{3}", line.text)]
        return "an error page (\"page not found\")", (worded or errors)[0]
    if sum(1 for ln in content if _LOGIN.search(ln.text)) >= _MIN_REPEATS:
        heading = next((ln for ln in head if re.match(r"(?i)^(?:member |members )?(?:log ?in|sign ?in)\b", ln.text)),
                       None)
        return "a log-in or paywall page (a form where the story would be)", heading
    heading = next((ln for ln in head if _INDEX_HEADING.match(ln.text)), None)
    teasers = sum(1 for ln in content if _TEASER_END.match(ln.text))
    dated = sum(1 for ln in content if _TEASER_DATE.match(ln.text) and ln.words <= 12)
    if teasers >= _MIN_REPEATS or dated >= _MIN_REPEATS or (heading and (teasers or dated)):
        return "an index page of teasers (\"Read more »\" and a date under each headline)", heading
    shop = sum(1 for ln in content if _SHOP.search(ln.text) and ln.words <= 25)
    if shop >= _MIN_REPEATS:
        return "a shop or donation page (prices, \"Add to cart\", amounts to give)", None
    return None


def mark_no_story(page: Page, reason: str, heading: Line | None, lines: list[Line]) -> None:
    """Retype the page's story blocks as furniture, one block a line as furniture is, saying why; the page's own
    heading ("Category: …", "Page Not Found", "Member Login") is its title."""
    story = (BlockType.PARAGRAPH, BlockType.INSERTION, BlockType.DATELINE, BlockType.BYLINE)
    kept = [b for b in page.blocks if b.type not in story]
    retyped = [b for b in page.blocks if b.type in story and b.type is not BlockType.DATELINE]
    page.blocks[:] = kept
    why = f"the page is {reason}: no story on it"
    content = [line for line in lines if not line.blank]
    starts = [line.start for line in content]
    furniture = []
    for block in retyped:  # the lines inside each block, found by bisection: lines are in page order
        for line in content[bisect.bisect_left(starts, block.start) :]:
            if line.start >= block.end:
                break
            if line.end <= block.end:
                furniture.append(Block(BlockType.BOILERPLATE, line.start, line.end, why))
    page.add_blocks(furniture)
    if heading is None:
        return
    for block in page.blocks:
        if block.type is BlockType.TITLE:
            block.type, block.reason = BlockType.BOILERPLATE, f"a headline listed on {reason}"
        elif block.start == heading.start and block.end == heading.end:
            block.type, block.reason = BlockType.TITLE, "heading of an index, error or log-in page"
