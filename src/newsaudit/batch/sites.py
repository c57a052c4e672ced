"""Per-site profiles of a batch run: which sites re-post wire copy, how often they insert their own text,
how large their comment sections are, and what reliability lists say about them.

Profiles are computed in DuckDB from the run's ``pages`` table. Source priors are read at run time
from the shared data folder (FakeNewsCorpus ``websites.csv``; Baly et al.'s MBFC labels) when it is
there; they are never copied into this repository. Comment rejection and targeted groups come
from the comments stage; propaganda density (spans per 1,000 article words, all voices, and in the
site's own voice only) from the slant stage. From the provenance stage: the mean share of article words in
unattributed insertions and, when the run had a reference archive, the share of the pages audited against
it that are matched to an archived source and the mean share of a matched page's article copied from its
sources (both null when no page of the site was audited against an archive). The share of pages with an
unattributed insertion is ``insertion_rate``. Insertions found at a wire dateline or credit (``mean_inserted_share``)
are kept apart from the own-voice style model's estimates on pages without one (``mean_estimated_share`` and
``estimated_pages``): an estimate carries a score, and a site is never ranked by it. From the claims stage:
the share of the site's article words inside an attribution (``attributed_share``), and the share of its
attributions sourced to no one a reader can name (``anonymous_source_rate``).

The priors folder is found by :func:`find_data`; the HTML page is the Jinja2 template ``templates/sites.html``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from newsaudit.slant.techniques import NAMES, readable

#: The shared data folder next to a source checkout (``../shared/data`` from the repository root).
REPO_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"

PROFILE_SQL = """
SELECT
  lower(regexp_replace(coalesce(domain, 'unknown'), '^www\\.', '')) AS site,
  count(*) AS pages,
  avg(CASE WHEN wire_agency IS NOT NULL THEN 1.0 ELSE 0.0 END) AS wire_copy_share,
  avg(CASE WHEN insertions > 0 THEN 1.0 ELSE 0.0 END) AS insertion_rate,
  avg(CASE WHEN wire_agency IS NOT NULL AND insertions > 0 THEN 1.0 ELSE 0.0 END) AS laundered_wire_share,
  avg(CASE WHEN comments_found > 0 THEN 1.0 ELSE 0.0 END) AS pages_with_comments,
  sum(coalesce(comments_found, 0)) AS comments,
  sum(coalesce(comments_rejected, 0)) / nullif(sum(coalesce(comments_moderated, 0)), 0) AS comment_rejection_rate,
  1000.0 * sum(coalesce(propaganda_spans, 0)) / nullif(sum(coalesce(slant_words, 0)), 0)
    AS propaganda_per_1000_words,
  1000.0 * sum(coalesce(own_voice_propaganda_spans, 0)) / nullif(sum(coalesce(own_voice_words, 0)), 0)
    AS own_voice_propaganda_per_1000_words,
  mode(top_technique) AS top_technique,
  avg(inserted_share - coalesce(estimated_inserted_share, 0.0)) AS mean_inserted_share,
  avg(estimated_inserted_share) AS mean_estimated_share,
  count(*) FILTER (WHERE estimated_inserted_share > 0) AS estimated_pages,
  avg(CASE WHEN sources > 0 THEN 1.0 WHEN sources = 0 THEN 0.0 END) AS source_matched_share,
  avg(copied_share) FILTER (WHERE sources > 0) AS mean_copied_share,
  sum(attributed_share * claims_words) / nullif(sum(claims_words), 0) AS attributed_share,
  sum(anonymous_attributions) / nullif(sum(attributions), 0) AS anonymous_source_rate,
  mode(source_type) AS corpus_label
FROM {pages} GROUP BY 1 ORDER BY pages DESC, site
"""
#: ``pages`` columns added since the first export, and their types: a table written before them reads them as NULL.
_LATER_COLUMNS = {"estimated_inserted_share": "DOUBLE", "claims_words": "BIGINT", "attributions": "BIGINT",
                  "attributed_share": "DOUBLE", "anonymous_attributions": "BIGINT"}


def _pages_source(columns: set[str]) -> str:
    """The ``pages`` table, with NULL for the columns an older export does not have."""
    missing = [f"CAST(NULL AS {kind}) AS {name}" for name, kind in _LATER_COLUMNS.items() if name not in columns]
    return f"(SELECT *, {', '.join(missing)} FROM pages) AS pages" if missing else "pages"

#: Groups targeted by a site's held or rejected comments, most often first.
GROUPS_SQL = """
SELECT site, string_agg(grp || ' (' || n || ')', ', ' ORDER BY n DESC, grp) AS groups_targeted FROM (
  SELECT lower(regexp_replace(coalesce(p.domain, 'unknown'), '^www\\.', '')) AS site,
         unnest(string_split(c.groups, ',')) AS grp, count(*) AS n
  FROM comments c JOIN pages p USING (key)
  WHERE c.decision IN ('reject', 'hold') AND c.groups IS NOT NULL
  GROUP BY 1, 2
) GROUP BY site
"""

COLUMNS = ["site", "pages", "wire_copy_share", "insertion_rate", "laundered_wire_share", "mean_inserted_share",
           "mean_estimated_share", "estimated_pages",
           "source_matched_share", "mean_copied_share", "pages_with_comments", "comments", "corpus_label",
           "opensources_type", "mbfc_factuality", "mbfc_bias",
           "propaganda_per_1000_words", "own_voice_propaganda_per_1000_words", "top_technique", "top_technique_name",
           "comment_rejection_rate", "groups_targeted", "attributed_share", "anonymous_source_rate"]


def _norm_domain(value: str) -> str:
    value = value.strip().lower()
    for prefix in ("https://", "http://"):
        value = value.removeprefix(prefix)
    return value.removeprefix("www.").split("/")[0]


def load_priors(data: Path) -> dict[str, dict[str, str]]:
    """Domain -> OpenSources type (FakeNewsCorpus list) and MBFC factuality and bias (Baly et al.)."""
    priors: dict[str, dict[str, str]] = {}
    websites = data / "fakenewscorpus" / "websites.csv"
    if websites.exists():
        with websites.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                labels = (row.get("type"), row.get("2nd_type"), row.get("3rd_type"))
                types = [t.strip() for t in labels if t and t.strip()]
                if row.get("url") and types:
                    priors.setdefault(_norm_domain(row["url"]), {})["opensources_type"] = "/".join(types)
    for corpus in sorted((data / "media_reliability_baly" / "data").glob("*/corpus.tsv")):
        with corpus.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                domain = _norm_domain(row.get("source_url_normalized") or row.get("source_url") or "")
                if domain:
                    entry = priors.setdefault(domain, {})
                    entry.setdefault("mbfc_factuality", row.get("fact") or "")
                    entry.setdefault("mbfc_bias", row.get("bias") or "")
    return priors


def has_priors(data: Path) -> bool:
    """Whether ``data`` holds a source-prior list: FakeNewsCorpus ``websites.csv`` or Baly et al.'s MBFC tables."""
    return (data / "fakenewscorpus" / "websites.csv").is_file() or any(
        (data / "media_reliability_baly" / "data").glob("*/corpus.tsv"))


def find_data(given: str | Path | None, warn: Callable[[str], None] | None = None) -> Path | None:
    """The folder to read source priors from: ``given`` (``--data``), else ``$NEWSAUDIT_DATA``, else the shared
    data folder next to this repository (``../shared/data`` from its root, wherever the command runs).

    The first candidate that holds a prior list wins. A candidate named but without one, and finding none at
    all, are said through ``warn``: empty priors are never silent.
    """
    candidates = [(Path(given), "--data")] if given else []
    if os.environ.get("NEWSAUDIT_DATA"):
        candidates.append((Path(os.environ["NEWSAUDIT_DATA"]), "$NEWSAUDIT_DATA"))
    candidates.append((REPO_DATA, "next to the repository"))
    missed: list[str] = []
    for path, origin in candidates:
        if has_priors(path):
            if missed and warn:
                warn(f"no source priors in {'; '.join(missed)}: reading them from {path} ({origin})")
            return path
        if origin != "next to the repository":
            missed.append(f"{path} ({origin})")
    if warn:
        tried = ", ".join([*missed, f"{REPO_DATA} (next to the repository)"])
        warn(f"no source priors found (tried {tried}): the OpenSources and MBFC columns say 'no data'; pass --data "
             "DIR or set NEWSAUDIT_DATA to the folder holding fakenewscorpus/websites.csv or media_reliability_baly/")
    return None


def site_profiles(
    results_dir: str | Path, data: str | Path | None = None, warn: Callable[[str], None] | None = None
) -> list[dict[str, Any]]:
    """One profile per site of a batch run; ``data`` is the priors folder (None: no priors)."""
    import duckdb

    database = Path(results_dir) / "results.duckdb"
    if not database.exists():
        raise FileNotFoundError(f"{database} not found: run `newsaudit batch` (without --no-tables) first")
    with duckdb.connect(str(database), read_only=True) as con:
        columns = {row[0] for row in con.execute("DESCRIBE pages").fetchall()}
        pages = _pages_source(columns)
        if "estimated_inserted_share" not in columns and warn:
            warn(f"{database} was written by an older newsaudit: inserted words include the own-voice estimates")
        cursor = con.execute(PROFILE_SQL.format(pages=pages))
        names = [d[0] for d in cursor.description]
        profiles = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        targeted = dict(con.execute(GROUPS_SQL).fetchall())
    priors = load_priors(Path(data)) if data and Path(data).exists() else {}
    for profile in profiles:
        prior = priors.get(profile["site"], {})
        profile["opensources_type"] = prior.get("opensources_type")
        profile["mbfc_factuality"] = prior.get("mbfc_factuality")
        profile["mbfc_bias"] = prior.get("mbfc_bias")
        profile["groups_targeted"] = targeted.get(profile["site"])
        profile["top_technique_name"] = technique_name(profile.get("top_technique"))
    return profiles


def technique_name(technique: str | None) -> str | None:
    """A PTC technique's reader name; anything else (or nothing) as it is."""
    return readable(technique) if technique in NAMES else technique


#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection), with the full-width signs some read too.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _spreadsheet_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, with a leading ``'``; numbers and None unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(profiles: list[dict[str, Any]], path: Path) -> None:
    """Write the profiles, one row per site, in ``COLUMNS`` order.

    Site names and labels come from the crawled input (its ``domain`` and ``type`` columns, or URLs)
    and ``sites.csv`` is meant for spreadsheets: a text cell starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return (or a full-width ``=+-@``) is written with a leading ``'``
    so that it shows as text instead of running as a formula (OWASP's advice on CSV injection).
    Numbers are written as numbers, negative ones included.
    """
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for profile in profiles:
            writer.writerow({k: _spreadsheet_cell(profile.get(k)) for k in COLUMNS})


#: The HTML table, column by column: (profile key, header, how a value shows). ``share``: a percentage with a
#: bar; ``density``: a number with one decimal; ``count``: a whole number; ``text``: as it is. The source priors
#: come right after the site, where a moderator looks first.
HTML_COLUMNS = [
    ("site", "site", "site"), ("pages", "pages", "count"),
    ("source_type", "source type (OpenSources, else corpus label)", "text"),
    ("mbfc_factuality", "MBFC factuality", "text"), ("mbfc_bias", "MBFC bias", "text"),
    ("wire_copy_share", "wire copy", "share"), ("insertion_rate", "pages with insertions", "share"),
    ("laundered_wire_share", "wire copy with insertions", "share"),
    ("mean_inserted_share", "inserted words (mean share)", "share"),
    ("mean_estimated_share", "own-voice estimate (style model; pages estimated)", "estimate"),
    ("source_matched_share", "matched to an archived source", "share"),
    ("mean_copied_share", "copied from sources (matched pages)", "share"),
    ("propaganda_per_1000_words", "propaganda per 1,000 words", "density"),
    ("own_voice_propaganda_per_1000_words", "propaganda per 1,000 words of its own voice", "density"),
    ("top_technique_name", "top technique", "wrap"),
    ("pages_with_comments", "pages with comments", "share"), ("comments", "comments", "count"),
    ("comment_rejection_rate", "comments rejected", "share"), ("groups_targeted", "groups targeted", "wrap"),
    ("attributed_share", "article words attributed", "share"),
    ("anonymous_source_rate", "attributions to anonymous or vague sources", "share"),
]

#: The charts above the table: (profile key, title, how a value shows), sites ranked by the value. Own-voice
#: estimates are not charted: they are scored guesses, not findings to rank a site by.
CHARTS = [
    ("comment_rejection_rate", "Sites by share of comments rejected", "share"),
    ("mean_inserted_share", "Sites by share of article words inserted around wire copy (mean)", "share"),
    ("own_voice_propaganda_per_1000_words", "Sites by propaganda spans per 1,000 words of their own voice",
     "density"),
]

#: Shown for a value the run could not measure (no comments, no archive, no prior), unlike a measured 0.
NO_DATA = "no data"


def _shown(value: Any, kind: str) -> str:
    """A value as text (escaped by the template)."""
    if value is None:
        return NO_DATA
    if kind in ("share", "estimate"):
        return f"{float(value):.0%}"
    if kind == "density":
        return f"{float(value):.1f}"
    if kind == "count":
        return f"{int(value):,}"
    return str(value)


def _pages(n: Any) -> str:
    return f"{int(n or 0):,} page{'s' if n != 1 else ''}"


def _cell(profile: dict[str, Any], key: str, kind: str, min_pages: int) -> dict[str, Any]:
    value = profile.get(key)
    cell: dict[str, Any] = {"kind": kind, "text": _shown(value, kind), "na": value is None, "bar": None}
    if kind == "share" and value is not None:
        cell["bar"] = {"share": _shown(value, kind), "filled": f"{max(0.0, min(1.0, float(value))) * 36:.1f}"}
    if kind == "estimate" and profile.get("estimated_pages"):
        cell["text"] += f" · {_pages(profile['estimated_pages'])}"
    if kind == "site":
        cell["few"] = int(profile.get("pages") or 0) < min_pages
    return cell


def _chart(profiles: list[dict[str, Any]], key: str, title: str, kind: str, min_pages: int,
           top: int = 15) -> dict[str, Any]:
    """The ``top`` sites with at least ``min_pages`` pages ranked by ``key``, laid out as SVG bars with their
    page counts; sites without a value are left out."""
    valued = [p for p in profiles if p.get(key) is not None]
    enough = [p for p in valued if int(p.get("pages") or 0) >= min_pages]
    ranked = sorted(enough, key=lambda p: (-float(p[key]), str(p["site"])))[:top]
    label_w, bar_w, row_h = 240, 320, 20
    scale = max([1.0 if kind == "share" else 0.0, *(float(p[key]) for p in ranked)]) or 1.0
    bars = []
    for i, p in enumerate(ranked):
        length, site = bar_w * float(p[key]) / scale, str(p["site"])
        bars.append({"site": site, "label": site if len(site) <= 32 else site[:31] + "…", "y": i * row_h,
                     "text_y": i * row_h + 14, "bar_y": i * row_h + 4, "length": f"{length:.1f}",
                     "value": _shown(p[key], kind), "pages": _pages(p.get("pages")),
                     "value_x": f"{label_w + length + 4:.1f}"})
    left_out = len(valued) - len(enough)
    return {
        "title": title, "bars": bars, "label_w": label_w, "width": label_w + bar_w + 110,
        "height": row_h * len(bars) + 4,
        "empty": "No site has a value in this run." if not valued else
        f"No site with {min_pages} or more pages has a value in this run.",
        "left_out": f"{left_out} site{'s' if left_out != 1 else ''} with fewer than {min_pages} pages left out."
        if left_out else "",
    }


def _intro(min_pages: int) -> list[str]:
    """What the page shows, one short sentence each."""
    return [
        "One row per site; shares are of the site's audited pages.",
        "The source priors come first: the OpenSources type (FakeNewsCorpus websites.csv, else the corpus label) "
        "and the MBFC factuality and bias (Baly et al.).",
        "Inserted words is the mean share of a page's article words in passages added around wire copy, found at "
        "a wire dateline or credit.",
        "The own-voice estimate is separate. On pages without a wire dateline, a style model guesses which leading "
        "or trailing paragraphs are the page's own voice; it is an estimate with a score, and no chart ranks it.",
        "Matched to an archived source and copied from sources need a run with a reference archive.",
        "Propaganda density counts propaganda spans per 1,000 words: of all the site's article text, and of its own "
        "voice only (its own writing and the text it added around copied material).",
        "Top technique is the technique most often leading a page's techniques.",
        "Comments rejected is the share of the site's moderated comments that were rejected. Groups targeted counts "
        "the held or rejected comments per group.",
        f"Sites with fewer than {min_pages} pages are marked “few pages” and left out of the charts.",
        f"“{NO_DATA}” means the run had nothing to measure (no comments, no archive, no prior); 0 means it measured "
        "and found none.",
    ]


@cache
def _template() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("newsaudit.batch", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("sites.html")


def render_html(profiles: list[dict[str, Any]], title: str = "newsaudit: site profiles", min_pages: int = 3) -> str:
    """One self-contained page, no scripts: bar charts of the sites (with ``min_pages`` pages or more) ranked by
    comment rejection, inserted words and propaganda in their own voice, then a table with inline bars. The
    template escapes every value."""
    rows = []
    for p in profiles:
        shown = {**p, "source_type": p.get("opensources_type") or p.get("corpus_label"),
                 "top_technique_name": p.get("top_technique_name") or technique_name(p.get("top_technique"))}
        rows.append([_cell(shown, key, kind, min_pages) for key, _, kind in HTML_COLUMNS])
    charts = [_chart(profiles, key, chart_title, kind, min_pages) for key, chart_title, kind in CHARTS]
    return str(_template().render(title=title, intro=_intro(min_pages), charts=charts,
                                  headers=[header for _, header, _ in HTML_COLUMNS], rows=rows))
