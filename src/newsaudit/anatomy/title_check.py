"""The learned title check: a second reading of which line at the top of the page is the story's headline.

The rules take the first headline-shaped line of the page, or the one the story's first paragraphs stand under;
on a new site they take its name in capitals, its slogan, a ticker item or a "Listen to this article" bar, or
miss a headline worded as a sentence. Every development set was once read blind, and its rules' titles were wrong
on one page in six there (``training/first_contact.py``). The check scores each line above the story's third
prose line with a logistic model (``models/anatomy_titles.py``) over the rules' verdicts around the line, its
shape, and the share of its words the story repeats (a headline's words come back in the story; a site's slogan's
do not), and moves the title when another line is clearly likelier. It never adds a second title, and a line it
moves the title to must be a block of its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from newsaudit.anatomy.classify import boilerplate_reason, byline_names, is_date
from newsaudit.anatomy.line_check import MAX_CHECKED_LINES
from newsaudit.anatomy.line_features import WORD_PREFIX, line_features, page_types, word_features
from newsaudit.anatomy.lines import Line, flat_line, norm_words
from newsaudit.anatomy.masthead import dated_byline, headline_like, is_prose_line, stamp_phrase, weak_headline
from newsaudit.models.anatomy_titles import TitleModel, title_model
from newsaudit.page import Block, BlockType, Page

#: Lines from the top of the page the check reads, at most
MAX_CANDIDATES = 30
#: The check reads down to the story's third prose line: a headline stands above the story, or under a caption
#: or a deck that reads as prose
PROSE_LINES_ABOVE = 2
#: A headline has at most this many words
MAX_TITLE_WORDS = 40
#: A word of this many letters or more counts when the story's words are compared with a line's
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
#: Words of a line the check reads as words of their own (a headline's first words: "EXPOSED", "WATCH", "Error")
TITLE_WORDS = 8
#: Words a headline needs before the story's repeating them says much ("Politics" is in every political story)
_FULL_WORDS = 5
_STORY = ("paragraph", "insertion")
#: A line that leads into what follows it: it ends on a colon, or on "says…"
_LEAD_IN = re.compile(r":$|\b(?:says|said|writes|wrote|reports|explains|adds)\s*(?:…|\.\.\.|:)?$", re.I)
#: The share of a headline-shaped title's words the story repeats from which the rules' title stands
HEADLINE_SHARES = 0.25


@dataclass
class TitleCandidate:
    """A line at the top of the page, with the rules' type for it and what the check reads of it."""

    line: Line
    kind: str
    row: dict[str, float]


def title_candidates(page: Page, content: list[Line]) -> list[TitleCandidate]:
    """The lines that may be the title (``content``: the page's non-blank lines), each with its features."""
    if not content or len(content) > MAX_CHECKED_LINES:
        return []
    types = page_types(page, content)
    rows = line_features(content, types, limit=MAX_CANDIDATES)
    story_words = Counter(w.casefold() for line, kind in zip(content, types, strict=True) if kind in _STORY
                          for w in _CONTENT_WORD.findall(line.text))
    # a repeated line has the repeated line's length: only lines as short as the candidates are compared
    longest = max(len(line.text) for line in content[:MAX_CANDIDATES]) + 8
    seen = Counter(norm_words(line.text) for line in content if len(line.text) <= longest)
    out: list[TitleCandidate] = []
    prose_seen = 0
    for i, (line, kind, row) in enumerate(zip(content, types, rows, strict=False)):
        prose_seen += is_prose_line(line) and kind in _STORY
        if prose_seen > PROSE_LINES_ABOVE:
            break
        if line.words > MAX_TITLE_WORDS or _sentence_tail(line):
            continue
        words = [w.casefold() for w in _CONTENT_WORD.findall(line.text)]
        own = Counter(words)
        distinct = set(words)
        # the rules' own choice is left out: the check weighs its candidates on what they are, then against it
        features = {name: value for name, value in row.items()
                    if name != "t_title" and not name.startswith(WORD_PREFIX)}
        features.update({
            "story_shares": sum(story_words[w] > own[w] for w in distinct) / max(1, len(distinct)),
            "no_content_words": float(not distinct),
            "headline_like": float(headline_like(line)),
            "weak_headline": float(weak_headline(line)),
            "repeated": float(seen[norm_words(line.text)] > 1),
            "furniture_words": float(bool(boilerplate_reason(line))),
            "index_log": math.log1p(i),
            "prose_above": float(prose_seen),
            "first_line": float(i == 0),
            "capitals": float(line.text.isupper()),
            "question": float(line.text.endswith("?")),
            "colon": float(":" in line.text),
            "quotes": float(bool(re.search(r"[\"“”‘’']", line.text))),
        })
        features.update(word_features(" ".join(line.text.split()[:TITLE_WORDS])))
        out.append(TitleCandidate(line, kind, features))
    _mark_page_relative(out)
    return out


def _sentence_tail(line: Line) -> bool:
    """The end of a sentence begun above ("and are very happy."): a verse's or a wrapped line's last, not a headline,
    which may open in lower case (state agencies' do) but does not close on a full stop after one."""
    return line.text[:1].islower() and line.text.endswith((".", ",", ";"))


def _mark_page_relative(found: list[TitleCandidate]) -> None:
    """Features that compare a candidate with the others: the line whose words the story repeats most, the first
    headline-shaped line."""
    if not found:
        return
    shares = [c.row["story_shares"] * min(1.0, c.line.words / _FULL_WORDS) for c in found]
    top = max(shares)
    first_headline = next((c for c in found if c.row["headline_like"]), None)
    for candidate, share in zip(found, shares, strict=True):
        candidate.row["story_shares_most"] = float(top > 0 and share == top)
        candidate.row["first_headline"] = float(candidate is first_headline)


def check_title(page: Page, lines: list[Line], model: TitleModel | None = None) -> bool:
    """Move the title to the line the model finds clearly likelier than the rules' choice; return whether it did."""
    model = model or title_model()
    content = [line for line in lines if not line.blank]
    found = title_candidates(page, content)
    if not found:
        return False
    chances = [model.probability(c.row) for c in found]
    best = max(range(len(found)), key=chances.__getitem__)
    current = [i for i, c in enumerate(found) if c.kind == "title"]
    if best in current or any(_told_by_story(found[i]) for i in current):
        return False
    held = max((chances[i] for i in current), default=0.0)
    if chances[best] <= model.threshold or chances[best] - held <= model.margin:
        return False
    if _LEAD_IN.search(found[best].line.text):
        return False  # "21st Century Wire says…", "Here is the Reuters report:": a lead-in to what follows
    chosen = _own_block(page, found[best].line)
    if chosen is None:
        return False
    line = found[best].line
    why = model.why(found[best].row)
    for block in page.blocks_of(BlockType.TITLE):
        if block.start <= found[-1].line.end:  # the rules' title at the top, not a headline repeated below
            _demote(page, block, line.text)
    chosen.type = BlockType.TITLE
    chosen.reason = f"learned title check: the headline at p={chances[best]:.2f} ({why})"
    chosen.attrs = {}
    return True


def _told_by_story(candidate: TitleCandidate) -> bool:
    """A headline-shaped title whose words the story repeats is the story's headline: the line the model prefers
    under it is its deck or the lead's first sentence (a site's name and slogan share no words with the story)."""
    return bool(candidate.row["headline_like"]) and candidate.row["story_shares"] >= HEADLINE_SHARES


#: A headline hard-wrapped at the column leaves a tail of at most this many words on the line under it, and its
#: first line is at least this long
_WRAPPED_TAIL_WORDS, _WRAPPED_HEAD_CHARS = 6, 60


def _own_block(page: Page, line: Line) -> Block | None:
    """The block that is exactly this line, if there is one (a line inside a longer block is left alone), or a
    paragraph that is this line and the tail a hard wrap left under it ("… Have Doubled" over "Since 2010")."""
    for block in page.blocks:
        if block.start != line.start or block.type is BlockType.DATELINE:
            continue
        text = page.text[block.start:block.end].rstrip()
        if block.start + len(text) == line.end:
            return block
        tail = text[line.end - block.start:]
        if block.type is BlockType.PARAGRAPH and len(line.text) >= _WRAPPED_HEAD_CHARS and tail.startswith("\n") \
                and "\n" not in tail[1:] and len(tail.split()) <= _WRAPPED_TAIL_WORDS:
            return block
    return None


def _demote(page: Page, block: Block, headline: str) -> None:
    """The rules' title, once the check has found the headline elsewhere: prose stays story, a byline a byline,
    the date the story went up a byline too ("Freshly stirred: January 4, 2018"), anything else is the site's
    furniture."""
    holder = flat_line(block.start, block.end, page.slice(block))
    short = headline if len(headline) <= 60 else headline[:59] + "…"
    if is_prose_line(holder):
        block.type, block.attrs = BlockType.PARAGRAPH, {}
    elif names := byline_names(holder, bare_allowed=True) or _credited(holder):
        block.type, block.attrs = BlockType.BYLINE, {"authors": names}
    elif is_date(holder) or dated_byline(holder) or stamp_phrase(holder):
        block.type, block.attrs = BlockType.BYLINE, {}
    else:
        block.type, block.attrs = BlockType.BOILERPLATE, {}
    block.reason = f"learned title check: not the headline, which is '{short}'"


def _credited(holder: Line) -> list[str] | None:
    """The names after a site's own words for who made the story ("Words and photographs by Corwin Haldane")."""
    m = _MADE_BY.match(holder.text)
    if m is None:
        return None
    rest = "By " + holder.text[m.end():]
    return byline_names(Line(holder.index, holder.start, holder.start + len(rest), 0, rest), bare_allowed=False)


_MADE_BY = re.compile(r"(?i)^(?:[\w'’-]+ ){1,3}by\s+(?=\S)")
