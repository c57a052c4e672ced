"""MkDocs hooks (mkdocs.yml's ``hooks:``): the repository's README and CHANGELOG as pages of the site.

README.md is the site's home page and CHANGELOG.md its changelog, each kept in one place, at the top of the
repository where people look for them. Their links into ``docs/``, and the docs' links to them (``../CHANGELOG.md``),
are rewritten for the site, so the build checks them as it checks every other link and they work on GitHub too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
#: page of the site -> file at the top of the repository
PAGES = {"index.md": "README.md", "changelog.md": "CHANGELOG.md"}
# a Markdown link or image target in docs/ or to one of PAGES' sources: ](docs/API.md) -> ](API.md),
# ](CHANGELOG.md) -> ](changelog.md)
LINK = re.compile(r"\]\((docs/|(?:README|CHANGELOG)\.md\b)")
SOURCE_PAGE = {source: page for page, source in PAGES.items()}


def site_links(markdown: str) -> str:
    """A top-level file's Markdown with its links written as from inside docs/."""
    return LINK.sub(lambda m: "](" + SOURCE_PAGE.get(m.group(1), ""), markdown)


# a docs page's link to one of PAGES' sources: ](../CHANGELOG.md) -> ](changelog.md)
UP_LINK = re.compile(r"\]\(\.\./((?:README|CHANGELOG)\.md)\b")


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return UP_LINK.sub(lambda m: "](" + SOURCE_PAGE[m.group(1)], markdown)


def on_files(files: Files, config: Any, **kwargs: Any) -> Files:
    for page, source in PAGES.items():
        text = (ROOT / source).read_text(encoding="utf-8")
        files.append(File.generated(config, page, content=site_links(text)))
    return files
