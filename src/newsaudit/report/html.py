"""The human-readable report: one self-contained HTML file showing what was found where.

An editor should see the page as it was, with its anatomy as styled regions and
every finding marked on the exact characters it rests on. With an archived source
the page is also set against it, paragraph by paragraph. The file is sent
around and opened offline, so it carries its own CSS, loads nothing and needs no
JavaScript. The markup lives in Jinja2 templates (``report/templates``), shared
with the web page of ``newsaudit serve``; page text is untrusted (scraped pages,
reader comments) and reaches them only through autoescaping.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from newsaudit.page import Page
from newsaudit.report.view import build_view


@cache
def environment() -> Environment:
    """The templates of the report and the web page, autoescaped; missing values are errors, not blanks."""
    return Environment(
        loader=PackageLoader("newsaudit", "report/templates"),
        autoescape=select_autoescape(("html", "j2")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@cache
def stylesheet() -> str:
    """The report's CSS: inlined in the static report, served as a file by the web page."""
    return resources.files("newsaudit").joinpath("report/templates/report.css").read_text(encoding="utf-8")


def render_html(page: Page) -> str:
    """The whole report as one HTML document (inline CSS, no scripts, no external resources)."""
    template = environment().get_template("report.html.j2")
    return template.render(view=build_view(page), css=stylesheet())
