"""Record what the rules made of each development fixture set when it was still blind.

    python -m newsaudit.training.first_contact --fixtures tests/fixtures/anatomy

The learned line check (``train_anatomy_lines``) corrects the rules where they fail on pages nobody tuned them
on. Today's rules are right on nearly every line of the development sets, because they were developed there, so
their verdicts on those pages teach a corrector nothing. Each set was blind once, scored at a known commit
(docs/eval/anatomy_blind_rounds.md): that commit's rules, without the line check, are what the corrector must
learn to mend. This script checks out the rules of each such commit from git history (``git archive``), runs
them over the set's pages in a subprocess and writes their blocks to ``first_contact.jsonl`` beside the fixtures,
one page a line. A new blind round adds its set here at the commit it was scored at.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

#: development set -> the commit whose rules first read it (blind round N became set dev(N-1))
FIRST_CONTACT = {
    "dev12": "be04f8b", "dev13": "514e664", "dev14": "4a2dd49", "dev15": "936e1b3", "dev16": "1d0c27f",
    "dev17": "0f15abf", "dev18": "2afc9d7", "dev19": "df84a6e", "dev20": "cf6e604", "dev21": "81b6479",
    "dev22": "81b6479", "dev23": "c9c4b4c", "dev24": "c9c4b4c", "dev25": "148202a", "dev26": "148202a",
    "dev27": "97f6650", "dev28": "97f6650", "dev29": "f0d1a1a", "dev30": "f0d1a1a", "dev31": "4be5fdf",
    "dev32": "4be5fdf", "dev33": "f794096", "dev34": "f794096", "dev35": "96ea604", "dev36": "96ea604",
    "dev37": "0399f44", "dev38": "0399f44", "dev39": "d656d60", "dev40": "d656d60", "dev41": "d57058a",
    "dev42": "d57058a", "dev43": "f29facd", "dev44": "f29facd", "dev45": "c4939b2", "dev46": "c4939b2",
    "dev47": "450b96d", "dev48": "450b96d", "dev49": "b210a0b", "dev50": "b210a0b", "dev51": "b210a0b",
    "dev52": "b210a0b", "dev53": "3b3c0c1", "dev54": "3b3c0c1", "dev55": "3b3c0c1", "dev56": "3b3c0c1",
    "dev57": "e4bb304", "dev58": "e4bb304", "dev59": "e4bb304", "dev60": "e4bb304", "dev61": "21ecc0e",
    "dev62": "21ecc0e", "dev63": "21ecc0e", "dev64": "21ecc0e", "dev65": "66aa3a9", "dev66": "66aa3a9",
    "dev67": "66aa3a9", "dev68": "66aa3a9", "dev69": "525331d", "dev70": "525331d", "dev71": "525331d",
    "dev72": "525331d", "dev73": "34acda2", "dev74": "34acda2", "dev75": "34acda2", "dev76": "34acda2",
    "dev77": "f5944d8", "dev78": "f5944d8", "dev79": "f5944d8", "dev80": "f5944d8", "dev81": "78b1564",
    "dev82": "78b1564", "dev83": "78b1564", "dev84": "78b1564", "dev85": "a71a282", "dev86": "a71a282",
    "dev87": "a71a282", "dev88": "a71a282", "dev89": "5ab6883", "dev90": "5ab6883", "dev91": "5ab6883",
    "dev92": "5ab6883", "dev93": "0901f15", "dev94": "0901f15", "dev95": "0901f15", "dev96": "0901f15",
    "dev97": "aec133e", "dev98": "aec133e", "dev99": "aec133e", "dev100": "aec133e", "dev101": "bdf7e7c",
    "dev102": "bdf7e7c", "dev103": "bdf7e7c", "dev104": "bdf7e7c", "dev105": "5757ec7", "dev106": "5757ec7",
    "dev107": "5757ec7", "dev108": "5757ec7", "dev109": "94846fd", "dev110": "94846fd", "dev111": "94846fd",
    "dev112": "94846fd", "dev113": "0087e1e", "dev114": "0087e1e", "dev115": "0087e1e",
    "dev116": "0087e1e", "dev117": "a4cad21", "dev118": "a4cad21", "dev119": "a4cad21", "dev120": "a4cad21",
    "dev121": "292baa9", "dev122": "292baa9", "dev123": "292baa9", "dev124": "292baa9",
    "dev125": "024c0a6", "dev126": "024c0a6", "dev127": "024c0a6", "dev128": "024c0a6",
    "dev129": "83b8643", "dev130": "83b8643", "dev131": "83b8643", "dev132": "83b8643",
    "dev133": "bd9bdd8", "dev134": "bd9bdd8", "dev135": "bd9bdd8", "dev136": "bd9bdd8",
    "dev137": "ea94fb5", "dev138": "ea94fb5", "dev139": "ea94fb5", "dev140": "ea94fb5",
    "dev141": "f697a7e", "dev142": "f697a7e", "dev143": "f697a7e", "dev144": "f697a7e",
    "dev145": "437a036", "dev146": "437a036", "dev147": "437a036", "dev148": "437a036",
    "dev149": "8e3e907", "dev150": "8e3e907", "dev151": "8e3e907", "dev152": "8e3e907",
    "dev153": "6bd256b", "dev154": "6bd256b", "dev155": "6bd256b", "dev156": "6bd256b",
    "dev157": "7c3eb84", "dev158": "7c3eb84", "dev159": "7c3eb84", "dev160": "7c3eb84",
    "dev161": "7c7c69b", "dev162": "7c7c69b", "dev163": "7c7c69b", "dev164": "7c7c69b",
    "dev165": "e4e8177", "dev166": "e4e8177", "dev167": "e4e8177", "dev168": "e4e8177",
    "dev169": "7d109fc", "dev170": "7d109fc", "dev171": "7d109fc", "dev172": "7d109fc",
    "dev173": "42ae2cc", "dev174": "42ae2cc", "dev175": "42ae2cc", "dev176": "42ae2cc",
    "dev177": "ae96307", "dev178": "ae96307", "dev179": "ae96307", "dev180": "ae96307",
    "dev181": "fd8dc35", "dev182": "fd8dc35", "dev183": "fd8dc35", "dev184": "fd8dc35",
    "dev185": "c237d1f", "dev186": "c237d1f", "dev187": "c237d1f", "dev188": "c237d1f",
    "dev189": "9e8e8cb", "dev190": "9e8e8cb", "dev191": "9e8e8cb", "dev192": "9e8e8cb",
    "dev193": "d7af495", "dev194": "d7af495", "dev195": "d7af495", "dev196": "d7af495",
    "dev197": "702c4d1", "dev198": "702c4d1", "dev199": "702c4d1", "dev200": "702c4d1",
    "dev201": "ec341a6", "dev202": "ec341a6", "dev203": "ec341a6", "dev204": "ec341a6",
    "dev205": "9c30ba1", "dev206": "9c30ba1", "dev207": "9c30ba1", "dev208": "9c30ba1",
    "dev209": "55fdcb0", "dev210": "55fdcb0", "dev211": "55fdcb0", "dev212": "55fdcb0",
}
FILE_NAME = "first_contact.jsonl"

#: Run under an old commit's ``src``: the rules alone (the learned line and title checks off where the commit had
#: them)
_DUMP = r"""
import json, sys
from pathlib import Path
from newsaudit.pipeline import Pipeline, PipelineConfig
from newsaudit.stages.anatomy import AnatomyConfig
learned = {"line_check", "title_check"} & set(AnatomyConfig.__dataclass_fields__)
config = {"anatomy": AnatomyConfig(**{name: False for name in learned})} if learned else {}
pipeline = Pipeline(PipelineConfig(stages=["anatomy"], stage_config=config))
for folder in sys.argv[1:]:
    for txt in sorted(Path(folder).glob("*.txt")):
        page = pipeline.audit(txt.read_text(encoding="utf-8"), name=txt.stem)
        print(json.dumps({"page": f"{Path(folder).name}/{txt.stem}",
                          "blocks": [[b.start, b.end, b.type.value] for b in page.blocks]}))
"""


def _export_src(repo: Path, commit: str, into: Path) -> None:
    archive = subprocess.run(["git", "-C", str(repo), "archive", commit, "src"], check=True, capture_output=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")


def record(fixtures: Path, repo: Path) -> list[dict]:
    """The first-contact blocks of every set in ``FIRST_CONTACT``, each from its own commit's rules."""
    by_commit: dict[str, list[str]] = {}
    for split, commit in FIRST_CONTACT.items():
        by_commit.setdefault(commit, []).append(split)
    rows = []
    for commit, splits in by_commit.items():
        with tempfile.TemporaryDirectory() as tmp:
            _export_src(repo, commit, Path(tmp))
            done = subprocess.run([sys.executable, "-c", _DUMP, *(str(fixtures / s) for s in splits)],
                                  check=True, capture_output=True, text=True, env={"PYTHONPATH": f"{tmp}/src"})
        for line in done.stdout.splitlines():
            rows.append({**json.loads(line), "commit": commit})
    return sorted(rows, key=lambda row: row["page"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", type=Path, default=Path("tests/fixtures/anatomy"), help="anatomy fixtures")
    parser.add_argument("--repo", type=Path, default=Path("."), help="the git checkout whose history holds the rules")
    args = parser.parse_args(argv)
    rows = record(args.fixtures, args.repo)
    path = args.fixtures / FILE_NAME
    path.write_text("".join(json.dumps(row, separators=(",", ":")) + "\n" for row in rows), encoding="utf-8")
    print(f"wrote {len(rows)} pages to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
