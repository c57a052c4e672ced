"""The web page's server side: what ``/`` and ``/ui/audit`` answer, without a browser (see test_browser.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsaudit.service import work
from newsaudit.service.app import ServiceSettings, create_app

XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app without the slant booster; its cached pipelines are emptied before and after, so that no
    later test gets one without the booster."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSAUDIT_SLANT_BOOSTER", "0")
        work.pipeline_for.cache_clear()
        with TestClient(create_app(ServiceSettings(max_page_bytes=20_000))) as c:
            yield c
        work.pipeline_for.cache_clear()


def test_form_page_is_served_with_a_strict_policy(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert 'action="/ui/audit"' in answer.text and 'name="example"' in answer.text
    assert not re.search(r'(src|href)="(https?:)?//', answer.text)  # nothing from elsewhere


def test_example_is_audited_with_decisions_and_insertions(client: TestClient) -> None:
    answer = client.post("/ui/audit", data={"example": "1"})
    assert answer.status_code == 200
    page = answer.text
    assert page.count('class="blk b-insertion') == 3
    assert page.count("badge d-reject") == 6 and page.count("badge d-allow") == 1
    assert 'id="provenance-diff"' not in page  # no archive on this server
    assert "Name_Calling" not in page.split('<main id="doc"')[0]  # the summary speaks in human names
    assert "{&#34;" not in page and '{"' not in page  # no raw dictionaries


def test_page_text_is_escaped(client: TestClient) -> None:
    text = "A title\n\nMOSCOW (Reuters) - Something happened " + XSS + " today.\n\n" + '"><img src=x onerror=alert(1)>'
    answer = client.post("/ui/audit", data={"text": text})
    assert answer.status_code == 200
    doc = answer.text[answer.text.index('<main id="doc"') : answer.text.index("</main>")]
    assert "<script" not in doc and "<img" not in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc


def test_upload_and_errors_come_back_as_pages(client: TestClient) -> None:
    ok = client.post("/ui/audit", files={"file": ("story.txt", b"Title\n\nA short story about nothing.\n")})
    assert ok.status_code == 200 and "story.txt" in ok.text
    empty = client.post("/ui/audit", data={"text": "   "})
    assert empty.status_code == 422 and 'role="alert"' in empty.text and "paste a page" in empty.text
    big = client.post("/ui/audit", data={"text": "word " * 5_000})
    assert big.status_code == 413 and "over this server" in big.text and "limit of 20,000" in big.text
    binary = client.post("/ui/audit", files={"file": ("x.bin", b"\x00\x01\x02" * 100)})
    assert binary.status_code == 422 and "x.bin" in binary.text
    policy = client.post("/ui/audit", data={"text": "a page", "policy": "nonsense"})
    assert policy.status_code == 422 and "no policy" in policy.text


def test_assets_are_the_packaged_ones_only(client: TestClient) -> None:
    for name, kind in (("app.js", "text/javascript"), ("app.css", "text/css"), ("report.css", "text/css")):
        answer = client.get(f"/static/{name}")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(kind)
    for name in ("..%2Fapp.py", "..%2F..%2Fpage.py", "%2Fetc%2Fpasswd", "web.py"):
        assert client.get(f"/static/{name}").status_code == 404
    assert "innerHTML" not in client.get("/static/app.js").text  # the script never parses strings as HTML


def test_a_keyed_server_asks_the_page_for_its_key(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text("s3cret\n")
    with TestClient(create_app(ServiceSettings(api_key_file=str(keys)))) as keyed:
        assert 'name="api_key"' in keyed.get("/").text
        refused = keyed.post("/ui/audit", data={"text": "Title\n\nBody.", "api_key": "wrong"})
        assert refused.status_code == 401 and "API key" in refused.text
        allowed = keyed.post("/ui/audit", data={"text": "Title\n\nBody text here.", "api_key": "s3cret"})
        assert allowed.status_code == 200 and 'id="result"' in allowed.text


def test_cors_is_off_unless_an_origin_is_named() -> None:
    preflight = {"Origin": "https://cms.example", "Access-Control-Request-Method": "POST"}
    with TestClient(create_app(ServiceSettings())) as closed:
        assert "access-control-allow-origin" not in closed.get("/healthz", headers=preflight).headers
        assert "access-control-allow-origin" not in closed.options("/v1/audit", headers=preflight).headers
    with TestClient(create_app(ServiceSettings(cors_origins=("https://cms.example",)))) as open_to_one:
        answer = open_to_one.options("/v1/audit", headers=preflight)
        assert answer.headers["access-control-allow-origin"] == "https://cms.example"
        other = open_to_one.options("/v1/audit", headers={**preflight, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
