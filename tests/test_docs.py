"""The documentation site builds without a warning: `mkdocs build --strict`, as `make docs` runs it.

Strict, any warning fails the build: a link to a page or an anchor that is not there, in the docs, the README or
the CHANGELOG; a docstring's cross-reference (``:class:`Page```) to a name that does not exist; a docstring
mkdocstrings cannot read. The docs extra (`make test` installs it) brings mkdocs; without it the test skips.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def build(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def test_docs_build_strict(tmp_path):
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install -e '.[docs]'; make test installs it)")
    pytest.importorskip("mkdocstrings_handlers.python", reason="mkdocstrings[python] is not installed (the docs extra)")
    result = build(tmp_path / "site")
    warnings = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert result.returncode == 0 and not warnings, result.stderr[-5000:]

    reference = (tmp_path / "site" / "reference" / "index.html").read_text(encoding="utf-8")
    import newsaudit

    for name in newsaudit.__all__:  # every public name has its entry in the API reference
        if name != "__version__":
            assert f'id="newsaudit.{name}"' in reference, name
    assert ":class:`" not in reference and ":func:`" not in reference  # the Sphinx roles became links
    assert reference.count('class="autorefs autorefs-internal"') >= 10
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Quick start" in index and 'href="API/"' in index  # the README is the home page, its links rewritten
    assert (tmp_path / "site" / "tutorial" / "index.html").exists()
    assert (tmp_path / "site" / "changelog" / "index.html").exists()
