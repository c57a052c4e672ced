"""`make eval`: run every evaluation and assemble docs/EVALUATION.md from the sections in docs/eval/.

Each evaluation is its own module writing one markdown section; a failed or
skipped evaluation leaves its previous section in place and is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

SECTIONS_DIR = Path("docs/eval")

#: (module, section file, needs shared data, extra args)
EVALUATIONS: list[tuple[str, str, bool, list[str]]] = [
    ("benchmarks.anatomy_fixtures", "anatomy_fixtures.md", False, ["--fixtures", "tests/fixtures/anatomy"]),
    ("benchmarks.crawler_variants", "anatomy_variants.md", False, ["--fixtures", "tests/fixtures/anatomy"]),
    ("benchmarks.anatomy_fnc", "anatomy_fnc.md", True, []),
    ("benchmarks.html_extraction", "html_extraction.md", True, []),
    ("benchmarks.readability_pages", "readability_pages.md", True, []),
    ("benchmarks.html_detection", "html_detection.md", True, []),
    ("benchmarks.comments", "comments.md", True, []),
    ("benchmarks.comments_lodo", "comments_lodo.md", True, []),
    ("benchmarks.functional_suite", "functional_suite.md", False, []),
    ("benchmarks.obfuscation", "obfuscation.md", False, []),
    ("benchmarks.comments_encoder", "comments_encoder.md", True,
     ["--encoder-dir", "src/newsaudit/models/artifacts", "--fold", "0", "--predictions", ".cache/comment_fold0.npz"]),
    ("benchmarks.comments_static", "comments_static.md", True, ["--fold", "0"]),
    ("benchmarks.comment_policies", "comment_policies.md", False,
     ["--predictions", ".cache/comment_fold0.npz", "--setting", "shipped"]),
    ("benchmarks.slant", "slant.md", True, ["--save-oof", ".cache/slant_oof.npz"]),
    ("benchmarks.slant_booster", "slant_booster.md", True, ["--cache", ".cache/slant_oof.npz"]),
    ("benchmarks.slant_student", "slant_student.md", True,
     ["--cache", ".cache/slant_oof.npz", "--news-cache", ".cache/news_word_sums.npz"]),
    ("benchmarks.provenance", "provenance.md", True, []),
    ("benchmarks.voice", "voice.md", True, []),
    ("benchmarks.attribution", "attribution.md", True, []),
    ("benchmarks.checkworthy", "checkworthy.md", True, []),
    ("benchmarks.claims_blind", "claims_blind.md", False, []),
]

#: Sections written by hand (e.g. hand-checked samples), included as they are, after the generated ones.
ORDER = [
    "summary.md",
    "anatomy_blind_rounds.md",
    "anatomy_fixtures.md",
    "anatomy_variants.md",
    "anatomy_rendered.md",
    "anatomy_rendered_threads.md",
    "anatomy_line_check.md",
    "anatomy_title_check.md",
    "anatomy_fnc.md",
    "anatomy_fnc_handcheck.md",
    "anatomy_fnc_handcheck2.md",
    "anatomy_fnc_handcheck3.md",
    "anatomy_fnc_handcheck4.md",
    "anatomy_fnc_reread.md",
    "anatomy_fnc_reread2.md",
    "anatomy_fnc_reread3.md",
    "html_extraction.md",
    "readability_pages.md",
    "html_detection.md",
    "comments.md",
    "comments_lodo.md",
    "functional_suite.md",
    "obfuscation.md",
    "comments_encoder_notes.md",
    "comments_encoder.md",
    "comments_encoder_lodo.md",
    "comments_static.md",
    "comments_static_notes.md",
    "comment_policies.md",
    "comments_augmentation.md",
    "comments_model_comparison.md",
    "comments_canonical.md",
    "slant.md",
    "slant_booster.md",
    "slant_student.md",
    "slant_student_notes.md",
    "slant_errors.md",
    "slant_model_comparison.md",
    "provenance.md",
    "voice.md",
    "voice_handcheck.md",
    "claims_notes.md",
    "attribution.md",
    "attribution_notes.md",
    "checkworthy.md",
    "checkworthy_notes.md",
    "claims_blind.md",
]

HEADER = """# Evaluation

Measured quality of newsaudit, section by section. Every figure comes from a script in
`benchmarks/` run by `make eval` (which regenerates this file); hand-checked samples say so.
Datasets are read from `../shared/data` and were not used to write or tune the rules unless the section
says so. Dates are when the section was last measured.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="../shared/data", help="shared data directory")
    parser.add_argument("--out", default="docs/EVALUATION.md")
    parser.add_argument("--only", nargs="*", help="module names to run (default: all)")
    args = parser.parse_args(argv)
    data = Path(args.data)
    SECTIONS_DIR.mkdir(parents=True, exist_ok=True)
    failures = []
    for module, section, needs_data, extra in EVALUATIONS:
        if args.only and module.rsplit(".", 1)[-1] not in args.only and module not in args.only:
            continue
        if needs_data and not data.exists():
            print(f"skip {module}: {data} is absent", file=sys.stderr)
            continue
        cmd = [sys.executable, "-m", module, "--out", str(SECTIONS_DIR / section), *extra]
        if needs_data:
            cmd += ["--data", str(data)]
        print("+", " ".join(cmd), file=sys.stderr)
        if subprocess.run(cmd, check=False).returncode != 0:
            failures.append(module)
    parts = [HEADER, f"_Assembled {dt.date.today().isoformat()}._\n"]
    known = [SECTIONS_DIR / name for name in ORDER]
    others = sorted(p for p in SECTIONS_DIR.glob("*.md") if p not in known)
    for path in [*known, *others]:
        if path.exists():
            parts.append(path.read_text(encoding="utf-8").strip() + "\n")
    Path(args.out).write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    if failures:
        print(f"failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
