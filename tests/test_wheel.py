"""The wheel: built offline, installed into a clean virtual environment, it audits the bundled page from outside
the source tree with the models and data files it carries.

The build runs on a copy of the sources (`python -m build --wheel --no-isolation`: the build backend comes from
this environment, nothing from the network) so the checkout gains no build/ or egg-info. The clean venv has no
pip and no packages of its own; the wheel goes in with `pip --python VENV install --no-index --no-deps`, and its
dependencies come from this environment's site-packages, added to the venv's sys.path by a .pth file (whose
lines add paths only: this environment's editable install of newsaudit is not among them). An audit hook records
every file the audit opens, so the test sees the models and data load from the installed wheel.
About twenty seconds: the build, the install, and one audit with its models loaded.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsaudit"
# shipped as package data but read only by `make eval` and `make models`, never at run time
NOT_RUNTIME = ("eval", "training")

CHECK = r"""
import collections, json, sys
from pathlib import Path

opened = []
def _record(event, args):
    if event == "open" and isinstance(args[0], str):
        opened.append(args[0])
sys.addaudithook(_record)

import newsaudit
from newsaudit.models.linear import artifact_dir

example = Path(newsaudit.__file__).parent / "examples" / "syria-repost-with-comments.txt"
page = newsaudit.audit(example.read_text(encoding="utf-8"), booster=False)
comments = [(c.moderation["decision"], sorted(c.moderation["groups"]), page.slice(c).strip()[:30])
            for c in page.walk_comments()]
print(json.dumps({
    "file": newsaudit.__file__,
    "artifacts": str(artifact_dir()),
    "opened": sorted(set(opened)),
    "wire_agency": page.summary["anatomy"]["wire_agency"],
    "comments": comments,
    "report": page.to_dict(include_text=False)["schema_version"],
}))
"""


def _build_backend_missing() -> str | None:
    """Why the wheel cannot be built offline here, or None."""
    if importlib.util.find_spec("build") is None:
        return "the 'build' package is not installed (the dev extra has it)"
    try:
        setuptools = tuple(int(p) for p in metadata.version("setuptools").split(".")[:1])
        metadata.version("wheel")
    except metadata.PackageNotFoundError as exc:
        return f"{exc.name} is not installed: --no-isolation builds with this environment's backend (dev extra)"
    if setuptools < (77,):
        return "setuptools >= 77 is needed to build offline (the dev extra has it)"
    return None


def _site_packages() -> list[str]:
    """This environment's site-packages folders, whose packages the clean venv borrows."""
    return [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    missing = _build_backend_missing()
    if missing:
        pytest.skip(missing)
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    result = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                             str(work / "dist"), str(source)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (built,) = (work / "dist").glob("newsaudit-*.whl")
    return built


def test_wheel_carries_every_module_and_runtime_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    files = [p.relative_to(PACKAGE.parent).as_posix() for p in PACKAGE.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    runtime = [f for f in files if f.endswith(".py") or f.split("/")[1] not in NOT_RUNTIME]
    assert [f for f in runtime if f not in names] == []
    for needed in ("newsaudit/py.typed", "newsaudit/report/schema.json", "newsaudit/report/templates/report.css",
                   "newsaudit/service/static/app.js", "newsaudit/examples/syria-repost-with-comments.txt"):
        assert needed in names
    assert sum(n.startswith("newsaudit/models/artifacts/") and n.endswith(".npz") for n in names) >= 6
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "newsaudit = newsaudit.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_wheel_installs_and_audits_offline_in_a_clean_venv(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "borrowed-dependencies.pth").write_text("\n".join(_site_packages()) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NEWSAUDIT_", "VIRTUAL_ENV"))}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PIP_NO_INDEX="1", PYTHONNOUSERSITE="1")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index",
                              "--no-deps", "--no-cache-dir", "--disable-pip-version-check", "--quiet", str(wheel)],
                             capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert install.returncode == 0, install.stderr[-3000:]

    version = subprocess.run([env_dir / "bin" / "newsaudit", "--version"], capture_output=True, text=True,
                             env=env, cwd=tmp_path, timeout=120)
    assert version.returncode == 0 and metadata.version("newsaudit") in version.stdout + version.stderr

    run = subprocess.run([python, "-c", CHECK], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])

    installed = Path(purelib) / "newsaudit"
    assert Path(found["file"]).parent == installed
    assert Path(found["artifacts"]).is_relative_to(installed)
    opened = [Path(p) for p in found["opened"]]
    assert not [p for p in opened if p.is_relative_to(PACKAGE.parent)], "read from the source tree"
    loaded = {p.name for p in opened if p.parent == installed / "models" / "artifacts"}
    assert {"comments-v3.npz", "comment-encoder-v7.npz", "propaganda-v4.npz"} <= loaded, loaded
    assert any(p.is_relative_to(installed / "data") for p in opened)

    # the canonical page: Reuters copy under insertions, six antisemitic comments rejected, the benign reply allowed
    assert found["wire_agency"] == "Reuters"
    decisions = [decision for decision, _, _ in found["comments"]]
    assert sorted(decisions) == ["allow"] + ["reject"] * 6
    (allowed,) = [text for decision, _, text in found["comments"] if decision == "allow"]
    assert allowed.startswith("Thank you Kenneth")
    assert all("jews" in groups for decision, groups, _ in found["comments"] if decision == "reject")
