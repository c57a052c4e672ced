"""The command line: formats, files, stdin, and exit codes on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsaudit.cli import main


@pytest.fixture()
def example_file(tmp_path, canonical_text):
    path = tmp_path / "page.txt"
    path.write_text(canonical_text, encoding="utf-8")
    return path


def test_text_summary_names_the_anatomy(example_file, capsys):
    assert main(["audit", str(example_file)]) == 0
    out = capsys.readouterr().out
    assert "Russia will target U.S.-backed fighters in Syria if provoked" in out
    assert "MOSCOW/WASHINGTON (Reuters)" in out
    assert "Andrew Osborn" in out
    assert len(out.splitlines()) <= 86  # a screen: five stages, each with its summary line and its first flags


def test_json_to_stdout_is_a_valid_report(example_file, capsys):
    from newsaudit.report.json_report import validate

    assert main(["audit", str(example_file), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    validate(data)
    assert data["summary"]["anatomy"]["wire_agency"] == "Reuters"
    assert len(data["comments"]) == 7


def test_writes_json_and_html_reports(example_file, tmp_path, capsys):
    json_path, html_path = tmp_path / "out" / "r.json", tmp_path / "out" / "r.html"
    code = main(["audit", str(example_file), "--json", str(json_path), "--html", str(html_path)])
    assert code == 0
    assert json.loads(json_path.read_text())["schema_version"]
    html = html_path.read_text()
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "Khazaranian Mafia" in html


def test_out_file_with_format(example_file, tmp_path):
    out = tmp_path / "report.html"
    assert main(["audit", str(example_file), "-f", "html", "-o", str(out)]) == 0
    assert "<html" in out.read_text().lower()


def test_stdin_input(canonical_text):
    proc = subprocess.run(
        [sys.executable, "-m", "newsaudit", "audit", "-", "--format", "json"],
        input=canonical_text.encode("utf-8"), capture_output=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["summary"]["anatomy"]["comments_found"] == 7


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "input is empty"), (b"\x00\x01\x02\x03" * 100, "looks binary")],
)
def test_bad_input_exits_1_with_a_named_error(tmp_path, capsys, content, message):
    path = tmp_path / "bad.bin"
    path.write_bytes(content)
    assert main(["audit", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsaudit: error:")
    assert str(path) in err and message in err
    assert "Traceback" not in err


def test_missing_file_exits_1(tmp_path, capsys):
    assert main(["audit", str(tmp_path / "missing.txt")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_max_bytes_option(example_file, capsys):
    assert main(["audit", str(example_file), "--max-bytes", "100"]) == 1
    assert "over the limit" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["audit"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["audit", "x", "--format", "pdf"])
    assert exc.value.code == 2


def test_help_lists_subcommands(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "audit" in capsys.readouterr().out


def test_malformed_html_gives_a_result_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "broken.html"
    path.write_text("<html><body><div><p>Unclosed paragraph about the budget vote in the city council"
                    "<p>Second <b>bold <i>crossed</b> tags</i> and more words here.<div></body>", encoding="utf-8")
    code = main(["audit", str(path), "--format", "json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if code == 0:
        assert "budget vote" in json.loads(captured.out)["text"]
    else:
        assert code == 1 and str(path) in captured.err
