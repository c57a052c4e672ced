"""The headline that stands right above the story, when the title chosen from the top of the page is site chrome.

A dump of a whole page puts a top bar, a log-in row, a ticker or a cookie banner above the headline, and the
masthead reader, which takes the first headline-shaped line of the page, may take one of them. Read from the other
end, the headline is the headline-shaped line that the story's first paragraphs stand under, past its byline, date
and share lines (and a one-sentence deck). Where that is a different line, further down than the title taken and
parted from it by the site's furniture, it is the title, and the line taken first is retyped as furniture.
"""

from __future__ import annotations

import itertools
import re

from newsaudit.anatomy.classify import is_date
from newsaudit.anatomy.lines import OPEN_ENDED, Line, flat_line, norm_words, split_lines
from newsaudit.anatomy.masthead import headline_like, headline_over_byline, is_prose_line, weak_headline
from newsaudit.page import Block, BlockType, Page

#: lines of byline, credit and short furniture the walk up from the story may pass
_MAX_PASSED = 8
#: a ticker item or a label between the chrome and the headline is this short
_TICKER_WORDS = 15
#: a paragraph of this many words is prose however its lines end (a dump wrapped at 76 columns)
_PROSE_WORDS = 25
#: lines of furniture that may stand between the story's first two paragraphs (an advert, a caption and its
#: credit); further apart, the first is a banner or a ticker item above the headline
_BETWEEN_PARAGRAPHS = 4
#: a numbered line this short between two prose paragraphs is a subheading, not a break in the story
_HEADING_WORDS = 12
_NUMBERED_HEADING = re.compile(r"^(?:(?:part|chapter|step|section|day|lie|myth|reason|no\.?|#)\s*(?:\d+|[ivx]+|one|two|"
                               r"three|four|five|six|seven|eight|nine|ten)\b|\d{1,2}[.):]\s)", re.I)
#: sentences the walk may pass: a deck, a caption the rules kept as story
_MAX_DECKS = 2
#: a section label run into the headline's paragraph ("Colorado" over "Colorado regulators tighten …")
_LABEL_WORDS = 3
#: lines a wrapped headline may take
_WRAPPED_LINES = 3
#: a wrapped headline's lines but the last run close to the dump's width
_WRAPPED_WIDTH = 50
_STORY = (BlockType.PARAGRAPH, BlockType.INSERTION)
_PASSABLE = (BlockType.BYLINE, BlockType.CREDIT, BlockType.DATELINE)
#: furniture typed by where it stands, not by its words or shape (a caption, a share bar): a headline may hide there
_BY_PLACE = ("headline in a list of links", "learned line check", "site header above the title",
             "one of a run of short labels", "short label between")


def rescue_title(page: Page, lines: list[Line]) -> bool:
    """Retitle the page when the headline above its story is not the title taken; return whether it did."""
    content = [line for line in lines if not line.blank]
    blocks = _covering(page, content)
    start = _story_start(content, blocks)
    if start is None:
        return False
    title = page.first(BlockType.TITLE)
    if (head := _leading_headline(content[start])) is not None:
        return _split_leading_headline(page, title, content[start], head, blocks[start])
    found = _headline_above(content, blocks, start)
    if found is None or found[0] is title:
        return False
    candidate, headline = found
    if title is not None and (norm_words(page.slice(title)) == norm_words(headline.text)
                              or not _chrome(title, page, candidate)):
        return False  # the headline said again over the story (a forum post's copy) is not a second title
    if title is not None:
        _demote(title)
    why = "the headline the story's first paragraphs stand under"
    if headline.start == candidate.start:
        candidate.type, candidate.reason = BlockType.TITLE, why
    else:
        page.blocks.remove(candidate)
        label_end = max(ln.end for ln in content if candidate.start <= ln.start < headline.start)
        page.add_block(BlockType.BOILERPLATE, candidate.start, label_end, "a section label over the headline")
        page.add_block(BlockType.TITLE, headline.start, candidate.end, why)
    _chrome_above(page, headline.start, title.end if title is not None else 0)
    return True


def clear_above_title(page: Page) -> None:
    """Above the headline stand the site's furniture, the date and a photo's credit, never the story (2,393 of the
    2,394 capitalised labels and pictograph-led lines above the headline in the dev sets are furniture): short story
    blocks there are the site's. A long paragraph above says the headline was taken too low: then nothing moves."""
    title = page.first(BlockType.TITLE)
    if title is None:
        return
    above = [b for b in page.blocks if b.end <= title.start and b.type in _STORY]
    if any(len(page.slice(b).split()) > _PROSE_WORDS for b in above) \
            or any(b.start < title.start for b in page.blocks_of(BlockType.DATELINE)):
        return  # the story's opening, or its dateline, above a line taken for the headline
    for block in (b for b in page.blocks if b.end <= title.start):
        text = page.slice(block)
        if block.type in _STORY and len(text.split()) <= _TICKER_WORDS \
                and not is_date(flat_line(block.start, block.end, text)):
            block.type, block.reason = BlockType.BOILERPLATE, "stands above the headline: the site's, not the story's"
        elif block.type is BlockType.BYLINE and block.reason.startswith("learned line check") \
                and len(text.split()) <= _LABEL_WORDS and not any(c.isdigit() for c in text):
            # "Colorado" over "Colorado regulators tighten …": a label, whatever the check made of it
            block.type, block.reason = BlockType.BOILERPLATE, "a short label above the headline, naming no one"


def _demote(title: Block) -> None:
    """The title taken from the top of the page was the site's chrome."""
    title.type = BlockType.BOILERPLATE
    title.reason = "site chrome above the headline (the headline stands over the story further down)"


def _chrome_above(page: Page, start: int, chrome_end: int) -> None:
    """What the rules kept as story above the chrome taken for a title is the site's (a banner, a slogan), and so
    are short lines between it and the headline (a ticker item, a section label); longer text there is left as it
    was: a headline found too far down must not cost the story its opening."""
    for block in page.blocks:
        if block.end <= start and block.type in _STORY and (
                block.end <= chrome_end or len(page.slice(block).split()) <= _TICKER_WORDS):
            block.type = BlockType.BOILERPLATE
            block.reason = "site chrome above the headline"


def _leading_headline(line: Line) -> Line | None:
    """The headline a hard-wrapped dump's rejoining ran into the deck or first paragraph under it: the line's
    first piece, headline-shaped, with no sentence end, the next piece opening a sentence."""
    if not line.joints:
        return None
    cut = line.joints[0][0]
    head = Line(line.index, line.start, line.start + cut - 1, line.indent, line.text[: cut - 1])
    rest = line.text[cut:]
    last = head.text.split()[-1].casefold() if head.text.split() else ""
    if (not rest[:1].isupper() or head.text.rstrip()[-1:] in ".!?:;,\"”’" or last in OPEN_ENDED
            or not headline_like(head)):
        return None
    return head


def _split_leading_headline(page: Page, title: Block | None, line: Line, head: Line, block: Block | None) -> bool:
    # only in place of a title taken from the chrome: a wrapped paragraph's first line may read as a headline too
    if block is None or block.start != line.start or title is None or not (
            title.start < line.start and _chrome(title, page, block)):
        return False
    _demote(title)
    page.blocks.remove(block)
    page.add_block(BlockType.TITLE, head.start, head.end, "the headline the story's first paragraphs stand under "
                   "(the dump's rejoining ran it into the line below)")
    page.add_block(block.type, line.joints[0][1], block.end, block.reason, **block.attrs)
    _chrome_above(page, head.start, title.end)
    return True


def _covering(page: Page, content: list[Line]) -> list[Block | None]:
    """The block each line lies in (its paragraph, not the dateline inside it; None outside every block)."""
    blocks = sorted((b for b in page.blocks if b.comment_id is None and b.type is not BlockType.DATELINE),
                    key=lambda b: (b.start, -b.end))
    out: list[Block | None] = []
    i = 0
    for line in content:
        while i < len(blocks) and blocks[i].end <= line.start:
            i += 1
        out.append(blocks[i] if i < len(blocks) and blocks[i].start <= line.start < blocks[i].end else None)
    return out


def _story_start(content: list[Line], blocks: list[Block | None]) -> int | None:
    """Position of the first of two prose paragraphs in a row: the story, not a banner that reads as prose."""
    paragraphs = [i for i, b in enumerate(blocks) if b is not None and b.type in _STORY
                  and (i == 0 or blocks[i - 1] is not b)]

    ends = {}  # each paragraph's own lines end here (a wrapped paragraph takes several)
    for i in paragraphs:
        j = i + 1
        while j < len(blocks) and blocks[j] is blocks[i]:
            j += 1
        ends[i] = j

    def prose(i: int) -> bool:  # a wrapped paragraph reads as prose by its words, whichever line is looked at
        own = content[i : ends[i]]
        return not headline_like(content[i]) and (any(is_prose_line(ln) for ln in own)
                                                  or sum(ln.words for ln in own) >= _PROSE_WORDS)

    # a numbered subheading between two paragraphs ("Part One: …", "3. The receipts") does not break the story's run
    running = [i for i in paragraphs if prose(i)]
    for a, b in itertools.pairwise(running):
        if b - ends[a] <= _BETWEEN_PARAGRAPHS and all(
                (block := blocks[k]) is None or block.type not in _STORY
                or (content[k].words <= _HEADING_WORDS and _NUMBERED_HEADING.match(content[k].text))
                for k in range(ends[a], b)):
            return a
    return None


def _headline_above(content: list[Line], blocks: list[Block | None], start: int) -> tuple[Block, Line] | None:
    """The headline-shaped line the story stands under, past bylines, credits, furniture and one deck."""
    passed = decks = 0
    i = start - 1
    below: Block | None = None
    while i >= 0:
        block = blocks[i]
        if block is None:
            return None
        first = i
        while first > 0 and blocks[first - 1] is block:
            first -= 1
        own = content[first : i + 1]  # the block's lines
        i = first - 1
        if block.type is BlockType.TITLE:
            return block, own[0]
        placed = block.type is BlockType.BOILERPLATE and block.reason.startswith(_BY_PLACE)
        over_byline = below is not None and below.type is BlockType.BYLINE and headline_over_byline(own[-1])
        if (block.type in _STORY or placed) and (headline_like(own[-1]) or over_byline) and not is_date(own[-1]) \
                and all(ln.words <= _LABEL_WORDS and not is_prose_line(ln) for ln in own[:-1]):
            return block, own[-1]  # a section label the dump ran into the headline's paragraph stays above it
        below = block
        joined = Line(own[0].index, own[0].start, own[-1].end, own[0].indent, " ".join(ln.text for ln in own))
        wrapped = 1 < len(own) <= _WRAPPED_LINES and all(len(ln.text) >= _WRAPPED_WIDTH for ln in own[:-1])
        if (block.type in _STORY or placed) and wrapped and headline_like(joined):
            return block, own[0]  # a headline the dump wrapped
        labels = block.type in _STORY and all(ln.words <= 12 and not is_prose_line(ln) for ln in own)
        if block.type in _PASSABLE or block.type is BlockType.BOILERPLATE or labels:
            passed += len(own)  # a byline, a date, a share bar, a caption, labels the rules kept as story
            if passed > _MAX_PASSED:
                return None
            continue
        if block.type in _STORY and decks < _MAX_DECKS and len(own) == 1 and own[0].words <= 40:
            decks += 1  # a one-sentence deck or a caption under the headline
            continue
        return None
    return None


def _chrome(title: Block, page: Page, found: Block) -> bool:
    """Whether the title taken is the site's chrome rather than the story's headline: above the one found and
    laid out as a bar of items, a bracketed link, a site name or label, or a ticker's "LIVE:" item."""
    if title.start > found.start:
        return False
    text = page.slice(title)
    probe = flat_line(0, len(text), text)
    return (any(ln.spaced for ln in split_lines(text)) or text.lstrip().startswith("[") or weak_headline(probe)
            or bool(_LABELLED.match(text)) or _listed(page, title) or _menu_between(page, title, found))


#: a menu's items typed by where they stand
_MENU_REASONS = ("one of a run of short labels", "headline in a list of links", "heading of a list of links")
_MENU_ITEMS = 3


def _menu_between(page: Page, title: Block, found: Block) -> bool:
    """The site's menu stands between the title taken and the headline over the story: the title is the masthead's
    (a slogan under the site's name), not the story's."""
    items = [b for b in page.blocks if title.end <= b.start and b.end <= found.start
             and b.type is BlockType.BOILERPLATE and b.reason.startswith(_MENU_REASONS)]
    return len(items) >= _MENU_ITEMS


def _listed(page: Page, title: Block) -> bool:
    """An item of a sidebar list: the same furniture stands right above and right below it ("1.4M views" /
    headline / "982K views")."""
    above = max((b for b in page.blocks if b.end <= title.start), key=lambda b: b.end, default=None)
    below = min((b for b in page.blocks if b.start >= title.end), key=lambda b: b.start, default=None)
    return (above is not None and below is not None and above.type is below.type is BlockType.BOILERPLATE
            and above.reason == below.reason and page.slice(above) != page.slice(below))


#: "Watch Live: 4 News at 5", "DEVELOPING: Second state confirms …", "Live: Senate floor votes …"
_LABELLED = re.compile(
    r"^(?:(?-i:[A-Z]{3,}(?: [A-Z]{2,})?)|(?:watch )?live|breaking|developing|just in|update)\s*:", re.I)
