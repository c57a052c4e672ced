"""Photo captions and their credits, which text dumps keep inline with the story.

A caption is furniture and its credit a credit line: "… on Monday. (AP Photo/Renata Cole)", "… overdue. Picture:
Gary Dunmore", or a credit line of its own ("Tribune photo by Luis Ybarra") under the caption it belongs to.
"""

from __future__ import annotations

from newsaudit.anatomy.lexicon import match_any
from newsaudit.anatomy.lines import Line
from newsaudit.anatomy.patterns import CAPTION_WITH_CREDIT, CAPTION_WITH_PLAIN_CREDIT, PHOTO_CREDIT_LINE
from newsaudit.page import BlockType


def find_captions(content: list[Line]) -> dict[int, list[tuple[BlockType, int, int, str]]]:
    """Photo captions and their credits, which dumps keep inline with the story."""
    found: dict[int, list[tuple[BlockType, int, int, str]]] = {}
    for pos, line in enumerate(content):
        m = CAPTION_WITH_CREDIT.match(line.text) or CAPTION_WITH_PLAIN_CREDIT.match(line.text)
        if m:
            found[line.index] = [
                (BlockType.BOILERPLATE, *line.span(m.start("caption"), m.end("caption")),
                 "photo caption (carries a photo credit)"),
                (BlockType.CREDIT, *line.span(m.start("credit"), m.end("credit")), "photo credit"),
            ]
        # "More Nation/World" is a link list's heading, not a "Name/Outlet" credit
        elif PHOTO_CREDIT_LINE.match(line.text) and not match_any("link_list_heading", line.text):
            found[line.index] = [(BlockType.CREDIT, line.start, line.end, "photo credit")]
            above = content[pos - 1] if pos else None
            if above is not None and above.index == line.index - 1 and above.index not in found and above.words <= 60:
                found[above.index] = [(BlockType.BOILERPLATE, above.start, above.end,
                                       "photo caption (the line above a photo credit)")]
    return found
