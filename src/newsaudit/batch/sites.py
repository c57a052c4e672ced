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
unattributed insertion is ``insertion_rate``.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path
from typing import Any

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
  avg(inserted_share) AS mean_inserted_share,
  avg(CASE WHEN sources > 0 THEN 1.0 WHEN sources = 0 THEN 0.0 END) AS source_matched_share,
  avg(copied_share) FILTER (WHERE sources > 0) AS mean_copied_share,
  mode(source_type) AS corpus_label
FROM pages GROUP BY 1 ORDER BY pages DESC, site
"""

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
           "source_matched_share", "mean_copied_share", "pages_with_comments", "comments", "corpus_label",
           "opensources_type", "mbfc_factuality", "mbfc_bias",
           "propaganda_per_1000_words", "own_voice_propaganda_per_1000_words", "top_technique",
           "comment_rejection_rate", "groups_targeted"]


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


def site_profiles(results_dir: str | Path, data: str | Path | None = None) -> list[dict[str, Any]]:
    import duckdb

    database = Path(results_dir) / "results.duckdb"
    if not database.exists():
        raise FileNotFoundError(f"{database} not found: run `newsaudit batch` (without --no-tables) first")
    with duckdb.connect(str(database), read_only=True) as con:
        cursor = con.execute(PROFILE_SQL)
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
    return profiles


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


def _bar(share: float | None, width: int = 120) -> str:
    if share is None:
        return ""
    filled = max(0.0, min(1.0, float(share))) * width
    return (f'<svg width="{width}" height="10" role="img" aria-label="{share:.0%}">'
            f'<rect width="{width}" height="10" fill="#eee"/><rect width="{filled:.1f}" height="10" fill="#c0392b"/>'
            "</svg>")


#: The HTML table, column by column: (profile key, header, how a value shows). ``share``: a percentage with a
#: bar; ``density``: a number with one decimal; anything else as it is.
HTML_COLUMNS = [
    ("site", "site", "text"), ("pages", "pages", "count"), ("wire_copy_share", "wire copy", "share"),
    ("insertion_rate", "with insertions", "share"), ("laundered_wire_share", "wire copy with insertions", "share"),
    ("mean_inserted_share", "inserted words (mean share)", "share"),
    ("source_matched_share", "matched to an archived source", "share"),
    ("mean_copied_share", "copied from sources (matched pages)", "share"),
    ("propaganda_per_1000_words", "propaganda per 1,000 words", "density"),
    ("own_voice_propaganda_per_1000_words", "propaganda per 1,000 words of its own voice", "density"),
    ("top_technique", "top technique", "text"),
    ("pages_with_comments", "pages with comments", "share"), ("comments", "comments", "count"),
    ("comment_rejection_rate", "comments rejected", "share"), ("groups_targeted", "groups targeted", "text"),
    ("source_type", "source type (OpenSources, else the corpus label)", "text"),
    ("mbfc_factuality", "factuality (MBFC)", "text"), ("mbfc_bias", "bias (MBFC)", "text"),
]

#: The charts above the table: (profile key, title, how a value shows), sites ranked by the value.
CHARTS = [
    ("comment_rejection_rate", "Sites by share of comments rejected", "share"),
    ("mean_inserted_share", "Sites by share of article words in unattributed insertions (mean)", "share"),
    ("own_voice_propaganda_per_1000_words", "Sites by propaganda spans per 1,000 words of their own voice",
     "density"),
]


def _shown(value: Any, kind: str) -> str:
    """A value as text (not yet escaped)."""
    if value is None:
        return ""
    if kind == "share":
        return f"{float(value):.0%}"
    if kind == "density":
        return f"{float(value):.1f}"
    return str(value)


def _chart(profiles: list[dict[str, Any]], key: str, title: str, kind: str, top: int = 15) -> str:
    """An inline SVG bar chart of the ``top`` sites ranked by ``key``; sites without a value are left out."""
    ranked = sorted((p for p in profiles if p.get(key) is not None), key=lambda p: (-float(p[key]), str(p["site"])))
    ranked = ranked[:top]
    caption = f"<figcaption>{html.escape(title)}</figcaption>"
    if not ranked:
        return f"<figure>{caption}<p class=none>No site has a value in this run.</p></figure>"
    label_w, bar_w, row_h = 240, 320, 20
    scale = max(1.0 if kind == "share" else 0.0, *(float(p[key]) for p in ranked)) or 1.0
    bars = []
    for i, p in enumerate(ranked):
        y, length, value = i * row_h, bar_w * float(p[key]) / scale, html.escape(_shown(p[key], kind))
        site = str(p["site"])
        label = site if len(site) <= 32 else site[:31] + "…"
        bars.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{html.escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="12" fill="#c0392b">'
            f"<title>{html.escape(site)}: {value}</title></rect>"
            f'<text x="{label_w + length + 4:.1f}" y="{y + 14}">{value}</text>')
    width, height = label_w + bar_w + 60, row_h * len(ranked) + 4
    return (f'<figure>{caption}<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{html.escape(title)}" font-size="12">{"".join(bars)}</svg></figure>')


def render_html(profiles: list[dict[str, Any]], title: str = "newsaudit: site profiles") -> str:
    """One self-contained page, no scripts: bar charts of the sites ranked by comment rejection, inserted words and
    propaganda in their own voice, then a table with inline bars; every value escaped."""
    rows = []
    for p in profiles:
        shown = {**p, "source_type": p.get("opensources_type") or p.get("corpus_label")}
        cells = []
        for key, _, kind in HTML_COLUMNS:
            value = shown.get(key)
            text = html.escape(_shown(value, kind))
            if kind == "share":
                text = f"{_bar(value)} {text}"
            cells.append(f"<td class=n>{text}</td>" if kind in ("count", "density") else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "<tr>" + "".join(f"<th>{html.escape(header)}</th>" for _, header, _ in HTML_COLUMNS) + "</tr>"
    charts = "".join(_chart(profiles, key, chart_title, kind) for key, chart_title, kind in CHARTS)
    style = ("body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}"
             "td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}"
             "td.n{text-align:right}figure{margin:1em 0 2em}figcaption{font-weight:600;margin-bottom:.4em}"
             "p.none{color:#777}")
    note = ("Shares are of the site's audited pages; inserted words is the mean share of a page's article words in "
            "unattributed insertions; matched to an archived source and copied from sources (the mean share of a "
            "matched page's article copied from its archived sources) are blank when the run had no reference "
            "archive. Propaganda density counts the slant stage's propaganda spans per 1,000 words: of all the "
            "site's article text, and of its own voice only (its own writing and the text it added around copied "
            "material); top technique is the one most often leading a page's techniques. Comments rejected is the "
            "share of the site's moderated comments the comments stage rejected, and groups targeted counts its "
            "held or rejected comments per group.")
    return (f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body><h1>{html.escape(title)}</h1><p>{html.escape(note)}</p>"
            f"{charts}<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></body></html>\n")
