"""XSS corpus: hostile strings in every user-controlled field come out of the HTML reports as text, never as markup.

Reports are opened in a browser by the people auditing hostile pages, so each payload below is put where a page,
a crawl, an archive or a corpus can put it: text-dump titles, bodies, bylines, comment authors and texts; HTML
pages (escaped as text, and raw as markup); ``--url``/``--title`` metadata; an archived source's id, title and url
(the "Against the source" view); batch rows' domain, title, url and type (the site-profile page). Each rendered
report is parsed with lxml and held to the elements, attributes and styles the same report uses for a clean page,
plus explicit bans (scripts, frames, objects, base, meta refresh, on* handlers, javascript:/data:/vbscript: and
external URLs other than an archive source's http(s) link with rel=noreferrer, CSS url()/expression()/@import).
"""

from __future__ import annotations

import html
import random
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from newsaudit.batch import sites
from newsaudit.batch.records import Record
from newsaudit.batch.runner import BatchConfig, StageSettings, run_batch
from newsaudit.batch.tables import export_tables
from newsaudit.io.loader import LoadedInput
from newsaudit.page import Page
from newsaudit.pipeline import Pipeline, PipelineConfig
from newsaudit.provenance.archive import Archive, ArchiveDoc
from newsaudit.report.html import render_html
from newsaudit.stages.provenance import ProvenanceConfig
from tests.fuzz.common import canonical_text

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(document.cookie)</script>',
    "'><img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;&#97;vascript:alert(1)",
    "&#x6A;avascript&colon;alert(1)",
    "java\nscript:alert(1)",
    " \t\njavascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width:expression(alert(1))">x</div>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<style>body{background:url(https://evil.example/x.png)}</style>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    "<video><source onerror=alert(1)></video>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "--><script>alert(1)</script><!--",
    "<!--<script>alert(1)</script>-->",
    "]]><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
    "{{constructor.constructor('alert(1)')()}} ${alert(1)}",
    "\u202ejavascript:alert(1)\u202c",
    "＜script＞alert(1)＜/script＞",
    "<scr\u200bipt>alert(1)</scr\u200bipt>",
    "\u2028</script>\u2029<script>alert(1)</script>",
    "https://evil.example/\"><script>alert(1)</script>",
]

#: Payloads that also make an archive source URL (the one field rendered as a link when it is http or https).
URL_PAYLOADS = [p for p in PAYLOADS if re.search(r"javascript|data:|vbscript|https?:", p, re.I)] + [
    "https://evil.example/a?b=<script>alert(1)</script>&c=\"'",
    "HTTPS://EVIL.EXAMPLE/'onmouseover='alert(1)",
    "//evil.example/protocol-relative",
]

_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset",
              "content", "ping", "cite", "longdesc", "codebase", "manifest", "srcdoc"}
_BANNED_TAGS = {"script", "iframe", "object", "embed", "base", "frame", "frameset", "applet", "img", "link", "form",
                "video", "audio", "source", "math", "param", "portal", "textarea", "button", "select", "template"}
_ACTIVE_URL = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.I)
_CSS_HOOKS = re.compile(r"url\s*\(|expression\s*\(|@import|behavio(?:u)?r\s*:|-moz-binding|\\", re.I)


def _flat(text: str) -> str:
    """Text as the comparison sees it: NFC, whitespace runs folded, case folded."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


@dataclass
class Markup:
    """What a rendered report is made of: elements, attributes per element, styles and links."""

    tags: set[str] = field(default_factory=set)
    attributes: set[tuple[str, str]] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)
    css: set[str] = field(default_factory=set)
    text: str = ""


def _elements(document: str) -> Iterator[etree._Element]:
    root = lxml_html.document_fromstring(document)
    for el in root.iter():
        if isinstance(el.tag, str):
            yield el


def markup_of(document: str) -> Markup:
    m = Markup()
    root = lxml_html.document_fromstring(document)
    for el in _elements(document):
        m.tags.add(el.tag)
        m.attributes.update((el.tag, name) for name in el.attrib)
        if "style" in el.attrib:
            m.styles.add(re.sub(r"\d+", "N", el.attrib["style"]))
        if el.tag == "style":
            m.css.add(el.text or "")
    m.text = root.text_content()
    return m


def hazards(document: str, allowed: Markup, source_urls: Iterable[str] = ()) -> list[str]:
    """Everything in ``document`` that could run, load or restyle: empty for a safe report."""
    found: list[str] = []
    links = {u for u in source_urls if re.match(r"https?://", u, re.I)}
    for raw in ("<!--", "<![CDATA[", "<?"):
        if raw in document:
            found.append(f"raw {raw!r} in the report")
    for el in _elements(document):
        tag = el.tag
        where = f"<{tag} {dict(el.attrib)}>"[:160]
        if tag in _BANNED_TAGS or tag not in allowed.tags:
            found.append(f"element {where}")
        if tag == "meta" and set(el.attrib) - {"charset", "name", "content"}:
            found.append(f"meta with {sorted(el.attrib)}")
        if tag == "meta" and el.attrib.get("name", "viewport") != "viewport":
            found.append(f"meta {where}")
        for name, value in el.attrib.items():
            squeezed = re.sub(r"[\s\x00-\x1f\u200b-\u200f\u202a-\u202e\u2028\u2029\ufeff]", "", value)
            if (tag, name) not in allowed.attributes:
                found.append(f"attribute {name} on {where}")
            if name.lower().startswith("on"):
                found.append(f"event handler {name} on {where}")
            if name in _URL_ATTRS and name != "content":
                if _ACTIVE_URL.match(squeezed):
                    found.append(f"active URL {name}={value!r}")
                elif not value.startswith("#") and not (
                    tag == "a" and name == "href" and value in links and "noreferrer" in el.attrib.get("rel", "")
                    and el.getparent() is not None and el.getparent().tag == "li"
                ):
                    found.append(f"link or load {name}={value!r} on <{tag}>")
            if name == "style":
                if _CSS_HOOKS.search(value):
                    found.append(f"style {value!r}")
                if re.sub(r"\d+", "N", value) not in allowed.styles:
                    found.append(f"style {value!r} a clean report never uses")
        if tag == "style" and (el.text or "") not in allowed.css:
            found.append("a <style> sheet that is not the report's own")
    return found


def assert_safe(document: str, allowed: Markup, shows: Iterable[str] = (), source_urls: Iterable[str] = ()) -> None:
    found = hazards(document, allowed, source_urls)
    assert not found, "\n".join(found[:20])
    text = _flat(markup_of(document).text)
    missing = [s for s in shows if _flat(s) not in text]
    assert not missing, f"payloads not shown as text: {missing}"


# -- pages and reports --------------------------------------------------------------------------------------------


@cache
def pipeline() -> Pipeline:
    return Pipeline(StageSettings(booster=False).pipeline_config())


def text_dump(payload: str) -> str:
    """A text dump with the payload in its title, byline, body, comment header, comment author and comment text."""
    return (
        f"{payload} wins the vote\n\nBy {payload}\n\nWASHINGTON (Reuters) - The Senate passed the bill {payload} on "
        "Tuesday, officials said. The vote was 60 to 40 after a long debate.\n\nThe bill now goes to the House, "
        f"where leaders said they would take it up next week.\n\n2 thoughts on “{payload}”\n\n  1. {payload} says:\n"
        f"    March 3, 2017 at 4:12 pm\n    I agree: {payload}\n\n      2. Mary says:\n        @John {payload}\n"
    )


def html_page(payload: str, raw: bool) -> str:
    """An HTML page with the payload escaped as text everywhere (or, ``raw``, as live markup in the page)."""
    p = payload if raw else html.escape(payload)
    return (
        f'<!DOCTYPE html><html><head><title>{p} wins</title><meta property="og:url" content="{html.escape(payload)}">'
        f'<link rel="canonical" href="{html.escape(payload)}"></head><body><article><h1>{p} wins</h1>'
        "<p>WASHINGTON (Reuters) - The Senate passed the bill on Tuesday, officials said. The vote was 60 to 40 "
        f"after a long debate: {p}</p><p>The bill goes to the House next week, leaders said.</p></article>"
        '<div id="comments"><h2>2 thoughts</h2><ol class="comment-list"><li class="comment" id="comment-1">'
        f'<div class="comment-author"><cite class="fn">{p}</cite></div><div class="comment-content"><p>I agree: {p}'
        '</p></div><ol class="children"><li class="comment" id="comment-2"><div class="comment-author">'
        f'<cite class="fn">Mary</cite></div><div class="comment-content"><p>Reply: {p}</p></div></li></ol></li></ol>'
        "</div></body></html>"
    )


def report(text: str, is_html: bool, **meta: str) -> str:
    page = pipeline().audit_loaded(LoadedInput(text, is_html, "str", "xss"), **meta)
    return render_html(page)


@cache
def clean_markup() -> Markup:
    """The elements, attributes, styles and CSS the reports use for clean pages: the most any report may use."""
    docs = [report(canonical_text(), False, url="https://news.example/a", title="Clean"),
            report(html_page("Clean words", raw=False), True), archive_reports(("https://news.example/src",))[0][0],
            sites.render_html(site_profiles(["news.example", None]))]
    total = Markup()
    for doc in docs:
        m = markup_of(doc)
        total.tags |= m.tags
        total.attributes |= m.attributes
        total.styles |= m.styles
        total.css |= m.css
    return total


def test_clean_reports_pass_the_scan() -> None:
    """The scan is not vacuous: clean reports pass, and a report with one live element or handler fails."""
    allowed = clean_markup()
    clean = report(canonical_text(), False)
    assert hazards(clean, allowed) == []
    for live in ("<script>alert(1)</script>", '<img src=x onerror="alert(1)">', '<a href="javascript:x">x</a>',
                 '<div class="blk" style="background:url(https://evil.example/)">x</div>', "<!-- x -->",
                 '<a href="https://evil.example/">x</a>', '<base href="https://evil.example/">'):
        assert hazards(clean.replace("</main>", live + "</main>"), allowed), live
    assert "script" not in allowed.tags and "img" not in allowed.tags


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_dump_payloads_render_as_text(payload: str) -> None:
    document = report(text_dump(payload), False, url=payload, title=payload)
    assert_safe(document, clean_markup(), shows=[payload])


def test_text_dump_payloads_through_format_detection() -> None:
    """The same dumps as `newsaudit audit` reads them (HTML detection decides the path): still nothing live."""
    for payload in PAYLOADS:
        document = render_html(pipeline().audit(text_dump(payload), url=payload, title=payload))
        assert_safe(document, clean_markup(), shows=[])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_page_payloads_render_as_text(payload: str) -> None:
    document = report(html_page(payload, raw=False), True, url=payload, title=payload)
    shows = [payload] if payload.strip() else []
    assert_safe(document, clean_markup(), shows=shows)


def test_raw_hostile_markup_never_comes_alive() -> None:
    """The payloads as live markup of the scraped page: dropped or escaped, never copied into the report."""
    for payload in PAYLOADS:
        try:
            document = report(html_page(payload, raw=True), True)
        except Exception as exc:  # a refusal is safe; anything but a NewsauditError is a bug
            from newsaudit.errors import NewsauditError

            assert isinstance(exc, NewsauditError), f"{payload!r}: {exc!r}"
            continue
        assert_safe(document, clean_markup())


# -- the archived source: id, title and url in "Against the source" -------------------------------------------


def _story(seed: int) -> str:
    """A wire story of its own words, so that each page matches its own archived source."""
    rng = random.Random(seed)
    vocabulary = [f"{rng.choice('bcdfgklmnprst')}{rng.choice('aeiou')}{rng.choice('lmnrst')}{i}" for i in range(400)]
    paragraphs = [" ".join(rng.choices(vocabulary, k=40)) + "." for _ in range(5)]
    return "WASHINGTON (Reuters) - " + "\n\n".join(paragraphs)


@cache
def archive_reports(urls: tuple[str, ...]) -> list[tuple[str, ArchiveDoc]]:
    """One page per url, each copying an archived source whose id, title and url carry payloads."""
    docs = [ArchiveDoc(f"{PAYLOADS[i % len(PAYLOADS)]} id {i}", _story(i), f"{PAYLOADS[(i + 7) % len(PAYLOADS)]} {i}",
                       url) for i, url in enumerate(urls)]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "archive.sqlite")
        with Archive.create(path) as archive:
            archive.add(docs)
        config = PipelineConfig(stages=("anatomy", "provenance"),
                                stage_config={"provenance": ProvenanceConfig(archive=path)})
        archived = Pipeline(config)
        for doc in docs:
            page_text = f"A story\n\nThey lied to you again, and you know it.\n\n{doc.text}"
            page: Page = archived.audit(page_text)
            sources = page.summary["provenance"].get("sources") or []
            assert [s["id"] for s in sources] == [doc.id], "the page must be matched to its own source"
            out.append((render_html(page), doc))
    return out


def test_archive_source_fields_render_as_text() -> None:
    allowed = clean_markup()
    for document, doc in archive_reports(tuple(URL_PAYLOADS)):
        assert_safe(document, allowed, shows=[doc.id, doc.title, doc.url or ""], source_urls=[doc.url or ""])
        if not re.match(r"https?://", doc.url or "", re.I):
            assert 'rel="noreferrer"' not in document, f"{doc.url!r} must not be a link"


# -- the site-profile page: batch rows' domain, title, url and type --------------------------------------------


def site_profiles(domains: list[str | None]) -> list[dict]:
    """Every other site has enough pages to be charted; the rest are marked as having few."""
    return [{"site": d or "unknown", "pages": 5 - 4 * (i % 2), "wire_copy_share": 0.5, "insertion_rate": 0.0,
             "comment_rejection_rate": 0.5, "mean_inserted_share": 0.25, "own_voice_propaganda_per_1000_words": 3.0,
             "top_technique": d, "groups_targeted": d, "corpus_label": d, "opensources_type": None,
             "mbfc_factuality": d, "mbfc_bias": d} for i, d in enumerate(domains)]


def test_site_profile_fields_render_as_text() -> None:
    document = sites.render_html(site_profiles(PAYLOADS), title="sites")
    assert_safe(document, clean_markup(), shows=PAYLOADS)


def test_batch_rows_reach_the_site_page_as_text() -> None:
    """Domain, title, url and type columns of real batch rows, through results, DuckDB and site_profiles."""
    items = [Record(f"k{i}", str(i), f"Story {i}\n\nWASHINGTON (Reuters) - The vote is next week, officials said.",
                    {"domain": p, "title": p, "url": p, "type": p}) for i, p in enumerate(PAYLOADS)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "run")
        run_batch(items, out, BatchConfig(workers=1, settings=StageSettings(booster=False)))
        export_tables(out)
        profiles = sites.site_profiles(out, data=None)
    assert len(profiles) == len({re.sub(r"^www\.", "", p.lower()) for p in PAYLOADS})
    document = sites.render_html(profiles)
    assert_safe(document, clean_markup(), shows=[re.sub(r"^www\.", "", p.lower()) for p in PAYLOADS])
