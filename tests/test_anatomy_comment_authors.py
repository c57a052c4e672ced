"""A comment's author is the name alone, whatever a comment system lays out beside it (rounds 130-137)."""

from __future__ import annotations

import pytest

from newsaudit.pipeline import Pipeline
from tests.test_anatomy_rules import STORY

HEADLINE = "County Clerk Delays Ballot Count\n\n"


def _thread(*posts: str) -> str:
    return "2 notes from readers\n\n" + "\n\n".join(posts) + "\n"


@pytest.mark.parametrize(("meta", "author"), [
    ("quarry_dan ~ 3 hours ago", "quarry_dan"),  # a tilde between name and age
    ("quarry_dan ∙ 3 hours ago", "quarry_dan"),  # a bullet operator, not a middle dot
    ("quarry_dan ⁂ Feb 9, 2018 · 10:02 am", "quarry_dan"),
    ("quarry_dan :: Regular :: Aug 22, 2017 9:12 pm", "quarry_dan"),  # the forum's rank between two fields
    ("quarry_dan · chimed in 8 Nov 2017, 14:20", "quarry_dan"),  # the system's verb after a separator
    ("Quarry Dan Olsen (Member · 84 posts) wrote 2 days ago", "Quarry Dan Olsen"),  # rank and count in brackets
    ("quarry_dan\tMember since 2011\tAug 2, 2017", "quarry_dan"),  # cells of a table, tab-separated
    ("[–] quarry_dan 41 points 6 hours ago", "quarry_dan"),  # a fold button and the points
    ("Tobias Renn (reporter) · Mar 8, 2018 at 9:02 a.m.", "Tobias Renn"),  # the writer's role in brackets
    ("quarry_dan wrote at 09:41, 12 Jun 2018", "quarry_dan"),  # the system's verb before the time
    ("quarry_dan wrote back on January 16, 2018 at 9:15 pm", "quarry_dan"),
    ("quarry_dan sounded off at 08:12 on 14 Feb 2018", "quarry_dan"),  # the system's verb in its own words
    ("No. 1 — quarry_dan — 04/11/2018 8:02 PM", "quarry_dan"),  # the post's number spelt "No."
    ("[1] quarry_dan · 02/06/2018 9:12 PM", "quarry_dan"),  # the post's number in brackets
])
def test_a_comment_author_is_the_name_without_what_the_system_shows_beside_it(meta, author):
    first = "Ninety days to count a few thousand ballots is absurd."
    page = Pipeline().audit(HEADLINE + STORY + _thread(f"{meta}\n{first}", "Helga P. ~ 1 hour ago\nThey said why."))
    comments = list(page.walk_comments())
    assert [page.slice(c) for c in comments] == [first, "They said why."]
    assert [c.author for c in comments] == [author, "Helga P."]


@pytest.mark.parametrize(("first", "second", "authors", "answers"), [
    # "re #N" names the post a reply answers
    ("#1 · quarry_dan · Sept. 3, 2017 6:40 pm\nNinety days is absurd.",
     "#2 · Helga P. · re #1 · Sept. 3, 2017 7:15 pm\nThey said why in the notice.", ["quarry_dan", "Helga P."], True),
    # … or "responding to [N]", the post's number in brackets
    ("[1] quarry_dan · 02/06/2018 9:12 PM\nNinety days is absurd.",
     "[2] Helga P. · 02/06/2018 10:03 PM · responding to [1]\nThey said why in the notice.", ["quarry_dan", "Helga P."],
     True),
    # … or "replied to No. N" between dashes
    ("No. 1 — quarry_dan — 04/11/2018 8:02 PM\nNinety days is absurd.",
     "No. 2 — Helga P. replied to No. 1 — 04/11/2018 8:47 PM\nThey said why in the notice.", ["quarry_dan", "Helga P."],
     True),
    # a name with an ampersand or a hyphen stays whole
    ("Tom & Rita Vance · 2 days ago\nWe waited four hours to vote.", "Anne-Marie - 1 day ago\nSame here.",
     ["Tom & Rita Vance", "Anne-Marie"], False),
    # an arrow after the name still says whom a reply answers
    ("quarry_dan • 8 months ago\nNinety days is absurd.", "Helga P. → quarry_dan • 8 months ago\nThey said why.",
     ["quarry_dan", "Helga P."], True),
    # a date without its year before a time makes an author line
    ("— quarry_dan, Aug 22 at 9:40 am\nNinety days is absurd.", "— Helga P., Aug 22 at 11:02 am\nThey said why.",
     ["quarry_dan", "Helga P."], False),
])
def test_author_lines_name_the_author_and_whom_a_reply_answers(first, second, authors, answers):
    comments = list(Pipeline().audit(HEADLINE + STORY + _thread(first, second)).walk_comments())
    assert [c.author for c in comments] == authors
    assert comments[1].parent == (comments[0].id if answers else None)
