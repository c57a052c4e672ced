"""The groups a comment can target: the classes of the comment model's group head and the lexicon's group names.

Runtime data, so it lives here; ``training/comment_data.py`` maps each training set's targets onto it.
"""

from __future__ import annotations

#: Target-group classes of the group head (a multi-class model over attacked or discussed groups).
GROUPS = (
    "jews",
    "muslims",
    "black_people",
    "asians",
    "latinos",
    "immigrants",
    "middle_eastern",
    "native_americans",
    "women",
    "lgbtq",
    "disabled",
    "white_people",
    "minorities",
    "political",
)
