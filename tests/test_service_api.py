"""The REST API (service/app.py) through httpx: same answers as the CLI, bounded requests, JSON errors."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsaudit.cli import main as cli_main
from newsaudit.service import app as service
from newsaudit.service.app import ServiceSettings, create_app

EXAMPLE = Path(__file__).resolve().parents[1] / "src/newsaudit/examples/syria-repost-with-comments.txt"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(ServiceSettings(max_page_bytes=200_000, max_comments=5, timeout_s=120)))


def _cli_json(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "report.json"
    assert cli_main(["audit", str(EXAMPLE), "-f", "json", "-o", str(out), *args]) == 0
    return out.read_text(encoding="utf-8")


def test_audit_answers_the_canonical_page_as_the_cli_does(client: TestClient, tmp_path: Path) -> None:
    expected = _cli_json(tmp_path, "--no-encoder")
    page = {"text": EXAMPLE.read_text(encoding="utf-8"), "encoder": False, "name": str(EXAMPLE)}
    response = client.post("/v1/audit", json=page)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.text == expected
    report = response.json()
    decisions = [c["meta"]["moderation"]["decision"] for c in report["comments"]]
    assert decisions.count("reject") == 6 and decisions.count("allow") == 1


def test_upload_keeps_the_file_name_and_reads_any_encoding(client: TestClient, tmp_path: Path) -> None:
    data = EXAMPLE.read_text(encoding="utf-8").encode("utf-16")
    response = client.post("/v1/audit/upload", files={"file": ("page.txt", data, "text/plain")},
                           data={"encoder": "false", "title": "A given title"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["meta"]["name"] == "page.txt" and report["meta"]["encoding"].startswith("utf-16")
    assert report["meta"]["title"] == "A given title"


def test_comment_rows_match_the_cli_and_bad_comments_are_error_rows(client: TestClient, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    comments = [{"id": "a", "text": "Thank you, I will try sourcing it that way."},
                {"id": "b", "text": "Jews are vermin and should be exterminated."},
                {"id": "c", "text": "   "}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(c) + "\n" for c in comments), encoding="utf-8")
    assert cli_main(["comments", "score", str(src), "--no-encoder", "-q"]) == 0
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    response = client.post("/v1/comments/score", json={"comments": comments, "encoder": False})
    assert response.status_code == 200, response.text
    rows = response.json()
    assert rows == expected
    assert [r.get("decision") for r in rows] == ["allow", "reject", None]
    assert rows[2] == {"id": "c", "record": 3, "error": "text is empty"}


def test_claims_rows_match_the_cli_and_bad_sentences_are_error_rows(client: TestClient, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    sentences = [{"id": "a", "text": "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years."},
                 {"id": "b", "text": "Thank you all for coming tonight."},
                 {"id": "c", "text": ""}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(c) + "\n" for c in sentences), encoding="utf-8")
    assert cli_main(["claims", "score", str(src), "-q"]) == 0
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    response = client.post("/v1/claims/score", json={"sentences": sentences})
    assert response.status_code == 200, response.text
    assert response.json() == expected
    assert [r.get("label") for r in expected] == [1, 0, None]
    assert expected[2] == {"id": "c", "record": 3, "error": "text is empty"}
    strict = client.post("/v1/claims/score", json={"sentences": sentences[:1], "threshold": 1.0}).json()
    assert strict[0]["label"] == 0 and strict[0]["score"] == expected[0]["score"]
    too_many = client.post("/v1/claims/score", json={"sentences": [{"text": "x"}] * 6})
    assert too_many.status_code == 413 and too_many.json()["error"]["code"] == "too_large"
    assert client.post("/v1/claims/score", json={"sentences": [], "threshold": 2}).status_code == 422


def test_errors_are_json_with_a_code_never_a_traceback(client: TestClient) -> None:
    cases = [
        (client.post("/v1/audit", json={"txt": "no text field"}), 422, "invalid_request"),
        (client.post("/v1/audit", content=b"{not json", headers={"content-type": "application/json"}), 422,
         "invalid_request"),
        (client.post("/v1/audit", json={"text": "   "}), 422, "unreadable"),
        (client.post("/v1/audit", json={"text": "x" * 300_000}), 413, "too_large"),
        (client.post("/v1/audit", json={"text": "y" * 150_000, "policy": "harsh"}), 422, "invalid_request"),
        (client.post("/v1/comments/score", json={"comments": [{"text": "hi"}] * 6}), 413, "too_large"),
        (client.get("/v1/nothing-here"), 404, "not_found"),
        (client.get("/v1/audit"), 405, "method_not_allowed"),
    ]
    for response, status, code in cases:
        assert response.status_code == status, response.text
        body = response.json()
        assert body["error"]["code"] == code and body["error"]["message"]
        assert "Traceback" not in response.text


def test_a_body_over_the_limit_is_refused_without_a_content_length(client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 10_000
        yield b'"}'

    response = client.post("/v1/audit", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_slow_audit_answers_504(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: object) -> str:
        time.sleep(2)
        return "{}"

    monkeypatch.setattr(service, "audit_json", slow)
    quick = TestClient(create_app(ServiceSettings(timeout_s=0.2)))
    started = time.perf_counter()
    response = quick.post("/v1/audit", json={"text": "A page."})
    assert response.status_code == 504 and response.json()["error"]["code"] == "timeout"
    assert time.perf_counter() - started < 1.5


def test_an_internal_error_is_a_json_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> str:
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(service, "audit_json", broken)
    response = TestClient(create_app(), raise_server_exceptions=False).post("/v1/audit", json={"text": "A page."})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal" and "secret" not in response.text


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/audit", "/v1/audit/upload", "/v1/comments/score", "/healthz"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_metrics_count_requests_pages_comments_and_errors() -> None:
    app_client = TestClient(create_app(ServiceSettings(max_page_bytes=1_000)))
    app_client.post("/v1/comments/score", json={"comments": [{"text": "hello there"}, {"text": ""}], "encoder": False})
    app_client.post("/v1/audit", json={"text": "Title\n\nA short page about the weather.", "encoder": False})
    app_client.post("/v1/audit", content=b"x" * 70_000, headers={"content-type": "application/json"})
    app_client.post("/v1/audit", json={"nope": 1})
    response = app_client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'newsaudit_requests_total{method="POST",path="/v1/audit",status="200"} 1.0' in text
    assert 'newsaudit_requests_total{method="POST",path="/v1/comments/score",status="200"} 1.0' in text
    assert "newsaudit_pages_audited_total 1.0" in text
    assert "newsaudit_comments_moderated_total 1.0" in text  # the empty comment is an error row, not moderated
    assert 'newsaudit_errors_total{code="too_large"} 1.0' in text
    assert 'newsaudit_errors_total{code="invalid_request"} 1.0' in text
    assert 'newsaudit_request_seconds_bucket{le="60.0",path="/v1/audit"}' in text


def test_api_keys_guard_v1_but_not_health(tmp_path: Path) -> None:
    import hashlib

    keys = tmp_path / "keys.txt"
    hashed = hashlib.sha256(b"second-key").hexdigest()
    keys.write_text(f"# team keys\nfirst-key\n\nsha256:{hashed}\n", encoding="utf-8")
    guarded = TestClient(create_app(ServiceSettings(api_key_file=str(keys))))
    body = {"comments": [{"text": "hello"}], "encoder": False}
    assert guarded.get("/healthz").status_code == 200
    refused = guarded.post("/v1/comments/score", json=body)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
    assert guarded.post("/v1/comments/score", json=body, headers={"X-API-Key": "wrong"}).status_code == 401
    assert guarded.get("/metrics").status_code == 401
    assert guarded.post("/v1/comments/score", json=body, headers={"X-API-Key": "first-key"}).status_code == 200
    ok = guarded.post("/v1/comments/score", json=body, headers={"Authorization": "Bearer second-key"})
    assert ok.status_code == 200


def test_a_key_file_without_keys_is_refused(tmp_path: Path) -> None:
    from newsaudit.errors import NewsauditError

    empty = tmp_path / "keys.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(NewsauditError, match="no API keys"):
        create_app(ServiceSettings(api_key_file=str(empty)))
    empty.write_text("sha256:abc\n", encoding="utf-8")
    with pytest.raises(NewsauditError, match="64 hexadecimal"):
        create_app(ServiceSettings(api_key_file=str(empty)))


def test_archive_add_info_get_and_an_audit_that_finds_its_original(tmp_path: Path) -> None:
    wire = ("Russia warned the United States on Thursday it would target U.S.-backed fighters in Syria if they "
            "provoked Russian forces, as tensions rose around the town of Deir al-Zor where both armies operate. "
            "The Russian Defence Ministry said the fighters had opened fire twice on Syrian government troops.")
    store = tmp_path / "originals.sqlite"
    with_archive = TestClient(create_app(ServiceSettings(archive=str(store), max_documents=2)))
    empty = with_archive.get("/v1/archive")
    assert empty.status_code == 404 and "POST /v1/archive" in empty.json()["error"]["message"]
    added = with_archive.post("/v1/archive", json={"documents": [
        {"id": "reuters-1", "text": wire, "title": "Russia warns U.S.", "url": "https://example.org/r1"}]})
    assert added.status_code == 200, added.text
    assert added.json() == {"added": 1, "replaced": 0, "too_short": [], "documents": 1}
    info = with_archive.get("/v1/archive").json()
    assert info["documents"] == 1 and "path" not in info
    doc = with_archive.get("/v1/archive/reuters-1").json()
    assert doc == {"id": "reuters-1", "text": wire, "title": "Russia warns U.S.", "url": "https://example.org/r1"}
    missing = with_archive.get("/v1/archive/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    too_many = with_archive.post("/v1/archive", json={"documents": [{"id": str(i), "text": wire} for i in range(3)]})
    assert too_many.status_code == 413
    page = "Slanted lead that is not Reuters at all, written by the site.\n\n" + wire
    report = with_archive.post("/v1/audit", json={"text": page, "encoder": False}).json()
    assert "reuters-1" in json.dumps(report["summary"]["provenance"])


def test_without_an_archive_the_archive_routes_say_so(client: TestClient) -> None:
    response = client.get("/v1/archive")
    assert response.status_code == 404 and "--archive" in response.json()["error"]["message"]
