"""Menus and link lists printed around a story: runs of short labels above or below its prose."""

from __future__ import annotations

from newsaudit.anatomy.lines import Line, is_short_label
from newsaudit.anatomy.masthead import is_prose_line

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
    return found
