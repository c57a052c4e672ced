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


def write_csv(profiles: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for profile in profiles:
            writer.writerow({k: profile.get(k) for k in COLUMNS})


def _bar(share: float | None, width: int = 120) -> str:
    if share is None:
        return ""
    filled = max(0.0, min(1.0, float(share))) * width
    return (f'<svg width="{width}" height="10" role="img" aria-label="{share:.0%}">'
            f'<rect width="{width}" height="10" fill="#eee"/><rect width="{filled:.1f}" height="10" fill="#c0392b"/>'
            "</svg>")


def render_html(profiles: list[dict[str, Any]], title: str = "newsaudit: site profiles") -> str:
    """One self-contained page: a table with inline bars; every value escaped."""

    def cell(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:.0%}"
        return html.escape("" if value is None else str(value))

    rows = []
    for p in profiles:
        rows.append(
            "<tr>" + f"<td>{cell(p['site'])}</td><td class=n>{cell(p['pages'])}</td>"
            + "".join(f"<td>{_bar(p[k])} {cell(p[k])}</td>"
                      for k in ("wire_copy_share", "insertion_rate", "laundered_wire_share", "mean_inserted_share",
                                "source_matched_share", "mean_copied_share", "pages_with_comments"))
            + f"<td class=n>{cell(p['comments'])}</td>"
            + f"<td>{_bar(p.get('comment_rejection_rate'))} {cell(p.get('comment_rejection_rate'))}</td>"
            + f"<td>{cell(p.get('groups_targeted'))}</td>"
            + f"<td>{cell(p['opensources_type'] or p['corpus_label'])}</td>"
            + f"<td>{cell(p['mbfc_factuality'])}</td><td>{cell(p['mbfc_bias'])}</td></tr>"
        )
    head = ("<tr><th>site</th><th>pages</th><th>wire copy</th><th>with insertions</th>"
            "<th>wire copy with insertions</th><th>inserted words (mean share)</th>"
            "<th>matched to an archived source</th><th>copied from sources (matched pages)</th>"
            "<th>pages with comments</th><th>comments</th>"
            "<th>comments rejected</th><th>groups targeted</th>"
            "<th>source type (OpenSources)</th><th>factuality (MBFC)</th><th>bias (MBFC)</th></tr>")
    style = ("body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}"
             "td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}"
             "td.n{text-align:right}")
    note = ("Shares are of the site's audited pages; inserted words is the mean share of a page's article words in "
            "unattributed insertions; matched to an archived source and copied from sources (the mean share of a "
            "matched page's article copied from its archived sources) are blank when the run had no reference "
            "archive; comments rejected is the share of the site's moderated "
            "comments the comments stage rejected, and groups targeted counts its held or rejected comments per "
            "group. Propaganda density appears once the slant stage exists.")
    return (f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body><h1>{html.escape(title)}</h1><p>{html.escape(note)}</p>"
            f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></body></html>\n")
