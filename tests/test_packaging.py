"""Every data file the package reads at run time is declared as package data (or a wheel would lack it)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsaudit"


def test_data_files_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["newsaudit"]
    data_files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in {".json", ".txt", ".css", ".html"}
                  and "__pycache__" not in p.parts]
    assert data_files


    def declared(rel: Path) -> bool:  # setuptools globs do not cross folders: "data/*.txt" misses data/x/y.txt
        return any(len(rel.parts) == len(Path(g).parts) and rel.match(g) for g in globs)

    missing = [str(p.relative_to(PACKAGE)) for p in data_files if not declared(p.relative_to(PACKAGE))]
    assert missing == []
