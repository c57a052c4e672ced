"""Menus and link lists printed around a story: runs of short labels above or below its prose."""

from __future__ import annotations

from newsaudit.anatomy.lines import Line, is_short_label
from newsaudit.anatomy.masthead import is_prose_line, title_case

#: A run of this many short labels is a menu or a list of links
_MENU_RUN = 4


def menu_runs(content: list[Line], kinds: dict[int, str]) -> set[int]:
    """Runs of short unlabelled lines ("Home", "World", "Sport", "Video") above or below the story's prose: a
    menu or a list of links, which a page rendered whole puts around its story. A run between paragraphs of
    the story, or one a line ending in a colon introduces ("What's in the kit:"), is the story's own list."""
    # the story's prose: not a bio or a credit that reads as prose ("Freelance writer in Tulsa. I write about …")
    prose = [pos for pos, line in enumerate(content) if is_prose_line(line) and line.index not in kinds]
    first, last = (prose[0], prose[-1]) if prose else (len(content), -1)
    found: set[int] = set()
    i = 0
    while i < len(content):
        j = i
        while j < len(content) and content[j].index not in kinds and is_short_label(content[j]):
            j += 1
        # inside the story (prose above and below) a run is the story's own list: credits, names, grades
        at_edge = i < first or j > last
        if j - i >= _MENU_RUN and at_edge and not (i > 0 and content[i - 1].text.endswith(":")):
            found.update(ln.index for ln in content[i:j])
        i = max(j, i + 1)
    return found | _headline_runs(content, kinds, prose)


#: A run of this many headlines below the story is a list of other stories (with or without its heading)
_HEADLINE_RUN = 3


def _headline_runs(content: list[Line], kinds: dict[int, str], prose: list[int]) -> set[int]:
    """Runs of listed headlines below the story's last prose line ("Flood-weary river towns ask Congress for
    levee money"): other stories' links, whatever heading the site gave them, or none."""
    found: set[int] = set()
    # a title-case headline of two sentences reads as prose; it is no line of the story
    story = [pos for pos in prose if not (content[pos].words <= 16 and _title_cased(content[pos]))]
    i = (story[-1] if story else -1) + 1
    while i < len(content):
        j = i
        while j < len(content) and content[j].index not in kinds and _listed_headline(content[j]):
            j += 1
        if j - i >= _HEADLINE_RUN and not (i > 0 and content[i - 1].text.endswith(":")):
            found.update(ln.index for ln in content[i:j])
        i = max(j, i + 1)
    return found


def _listed_headline(line: Line) -> bool:
    """Headline-shaped: no sentence end, unless in title case ("… What She Did Next Saved a Life."); written in
    Latin letters (words in scripts without spaces between them are no measure of a headline's length)."""
    return (4 <= line.words <= 16 and len(line.text) <= 140 and not line.text.endswith((":", ";", ",", "(", "{"))
            and line.latin and not line.text.startswith(("+ ", "- ", "* "))
            and (_title_cased(line) or not (is_prose_line(line) or line.text.endswith("."))))


def _title_cased(line: Line) -> bool:
    """Title case, not capitals throughout ("THANK YOU FOR WATCHING." is a sentence in capitals)."""
    return title_case(line) >= 0.7 and not line.text.isupper()
