"""Corpus jobs over the REST API (service/jobs.py): every record accounted for, resumed after a restart.

The jobs run without the slant booster and the comment encoder (request options), so the file takes seconds.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from newsaudit.batch import engines
from newsaudit.service import jobs
from newsaudit.service.app import ServiceSettings, create_app

FAST = "encoder=false&booster=false"
WIRE = ("WASHINGTON (Reuters) - The Senate voted 52-48 on Tuesday to pass a bill funding road repairs in {n} "
        "states, after weeks of talks between the two parties. Critics called the vote a disgrace.")


def _csv_corpus(pages: int) -> tuple[bytes, int]:
    """A FakeNewsCorpus-shaped CSV: ``pages`` good rows, one with empty content and one with an extra field.
    Returns the bytes and the number of records (each must end as a page or an error row)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "domain", "type", "url", "content", "title"])
    for n in range(pages):
        writer.writerow([f"p{n}", "example.org", "reliable", f"https://example.org/{n}",
                         f"Senate passes road bill {n}\n\n" + WIRE.format(n=n), f"Senate passes road bill {n}"])
    writer.writerow(["empty", "example.org", "fake", "https://example.org/e", "", "No text"])
    writer.writerow(["extra", "example.org", "fake", "https://example.org/x", "Some text.", "Title", "surplus"])
    return out.getvalue().encode("utf-8"), pages + 2


def _jsonl_corpus(pages: int) -> tuple[bytes, int]:
    """``pages`` good records and one line that is not JSON."""
    lines = [json.dumps({"id": f"j{n}", "title": f"Road bill {n}", "text": f"Road bill {n}\n\n" + WIRE.format(n=n)})
             for n in range(pages)]
    lines.insert(1, '{"id": "broken", "text": ')
    return ("\n".join(lines) + "\n").encode("utf-8"), pages + 1


def _app(jobs_dir: Path, **settings: Any) -> TestClient:
    return TestClient(create_app(ServiceSettings(jobs_dir=str(jobs_dir), **settings)))


def _post_jsonl(client: TestClient, body: bytes, query: str = FAST) -> dict[str, Any]:
    response = client.post(f"/v1/jobs?{query}", content=body, headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 202, response.text
    return response.json()


def _wait(client: TestClient, job_id: str, until: Any = None, timeout: float = 60.0) -> dict[str, Any]:
    """Poll the job until ``until(status)`` holds (default: it is done or failed)."""
    until = until or (lambda job: job["status"] in ("done", "failed"))
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if until(job):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.05)


def _rows(client: TestClient, job_id: str, kind: str) -> list[dict[str, Any]]:
    response = client.get(f"/v1/jobs/{job_id}/{kind}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def _accounted(client: TestClient, job_id: str, records: int) -> list[str]:
    """Every record is one row, page or error, exactly once; returns the keys."""
    keys = [row["key"] for kind in ("results", "errors") for row in _rows(client, job_id, kind)]
    assert len(keys) == len(set(keys)) == records
    return keys


def test_a_job_accounts_for_every_record_and_its_downloads_work(tmp_path: Path) -> None:
    body, records = _csv_corpus(4)
    with _app(tmp_path / "jobs") as client:
        posted = client.post(f"/v1/jobs?{FAST}&policy=strict", files={"file": ("corpus.csv", body, "text/csv")})
        assert posted.status_code == 202, posted.text
        job_id = posted.json()["id"]
        assert posted.headers["location"] == f"/v1/jobs/{job_id}" == posted.json()["urls"]["status"]
        job = _wait(client, job_id)
        assert job["status"] == "done", job
        assert job["counts"] == {"pages": 4, "errors": 2, "already_done": 0}
        assert job["progress"] == {"records_done": records, "records_total": records}
        assert job["options"]["policy"] == "strict" and job["runs"] == 1 and job["finished"]
        keys = _accounted(client, job_id, records)
        assert all(key.startswith("corpus.csv:") for key in keys)  # never the server's own path
        assert str(tmp_path) not in json.dumps(_rows(client, job_id, "errors"))
        pages = client.get(f"/v1/jobs/{job_id}/results?format=parquet")
        assert pages.status_code == 200 and pages.headers["content-type"] == "application/vnd.apache.parquet"
        assert pq.read_table(io.BytesIO(pages.content)).num_rows == 4
        blocks = client.get(f"/v1/jobs/{job_id}/results?format=parquet&table=blocks")
        assert pq.read_table(io.BytesIO(blocks.content)).num_rows > 4
        errors = pq.read_table(io.BytesIO(client.get(f"/v1/jobs/{job_id}/errors?format=parquet").content))
        assert sorted(errors.column("id").to_pylist()) == ["empty", "extra"]
        listed = client.get("/v1/jobs").json()["jobs"]
        assert [j["id"] for j in listed] == [job_id]


def test_a_jsonl_body_with_a_limit(tmp_path: Path) -> None:
    body, _ = _jsonl_corpus(5)
    with _app(tmp_path / "jobs") as client:
        job = _wait(client, _post_jsonl(client, body, FAST + "&limit=3")["id"])
        assert job["status"] == "done" and job["input_format"] == "jsonl"
        assert job["counts"] == {"pages": 2, "errors": 1, "already_done": 0}  # the broken line is record 2
        _accounted(client, job["id"], 3)


def _interrupt_as_a_kill_would(folder: Path, keep: int) -> None:
    """Leave a done job as a server killed mid-run leaves it: 'running', ``keep`` rows in the ledger, a torn
    last line, no tables."""
    out = folder / "out"
    rows = (out / "results.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (out / "results.jsonl").write_text("".join(rows[:keep]) + rows[keep][:40], encoding="utf-8")
    (out / "errors.jsonl").write_text("", encoding="utf-8")
    for table in (out / "tables").iterdir():
        table.unlink()
    state = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    state.update(status="running", finished=None, pages=keep + 1, errors=0)
    (folder / "job.json").write_text(json.dumps(state), encoding="utf-8")


def test_a_job_left_running_with_a_partial_ledger_is_resumed_by_a_new_app(tmp_path: Path) -> None:
    body, records = _jsonl_corpus(5)
    jobs_dir = tmp_path / "jobs"
    with _app(jobs_dir) as client:
        job_id = _wait(client, _post_jsonl(client, body)["id"])["id"]
        first = {row["key"]: row for row in _rows(client, job_id, "results")}
    _interrupt_as_a_kill_would(jobs_dir / job_id, keep=2)
    with _app(jobs_dir) as client:  # the new server finds the job unfinished and resumes it
        job = _wait(client, job_id)
        assert job["status"] == "done" and job["runs"] == 2, job
        assert job["counts"] == {"pages": 5, "errors": 1, "already_done": 2}
        keys = _accounted(client, job_id, records)
        again = {row["key"]: row for row in _rows(client, job_id, "results")}
    assert again == first and set(keys) >= set(first)
    assert pq.read_table(jobs_dir / job_id / "out" / "tables" / "pages.parquet").num_rows == 5


@pytest.fixture
def slow_records(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each record takes at least 50 ms, so that a shutdown comes mid-run."""
    audit = engines.audit_record

    def slow(record: Any, settings: Any) -> dict[str, Any]:
        time.sleep(0.05)
        return audit(record, settings)

    monkeypatch.setattr(engines, "audit_record", slow)
    yield


def test_a_job_stopped_by_a_shutdown_resumes_when_the_next_app_starts(tmp_path: Path, slow_records: None) -> None:
    body, records = _jsonl_corpus(20)
    jobs_dir = tmp_path / "jobs"
    with _app(jobs_dir) as client:
        job_id = _post_jsonl(client, body)["id"]
        _wait(client, job_id, lambda job: job["status"] == "running" and job["progress"]["records_done"] >= 2)
    stopped = json.loads((jobs_dir / job_id / "job.json").read_text(encoding="utf-8"))
    assert stopped["status"] == "queued" and "shutdown" in stopped["message"]
    assert 2 <= stopped["pages"] + stopped["errors"] < records
    with _app(jobs_dir) as client:
        job = _wait(client, job_id)
        assert job["status"] == "done" and job["runs"] == 2 and job["message"] is None, job
        assert job["counts"]["already_done"] == stopped["pages"] + stopped["errors"]
        assert job["counts"]["pages"] + job["counts"]["errors"] == records
        _accounted(client, job_id, records)


def test_bad_ids_are_404_json_and_never_reach_the_disk(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "job.json").write_text("{}", encoding="utf-8")
    with _app(tmp_path / "jobs") as client:
        for path in ("/v1/jobs/nope", "/v1/jobs/" + "0" * 32, "/v1/jobs/..", "/v1/jobs/..%2Fsecret",
                     "/v1/jobs/%2E%2E", "/v1/jobs/..%2F..%2Fetc%2Fpasswd/results", "/v1/jobs/../../secret",
                     "/v1/jobs/" + "A" * 32 + "/errors", "/v1/jobs/%00/results"):
            response = client.get(path)
            assert response.status_code == 404, (path, response.text)
            assert response.json()["error"]["code"] == "not_found"
        bad_format = client.get("/v1/jobs/" + "0" * 32 + "/results?format=csv")
        assert bad_format.status_code == 422 and bad_format.json()["error"]["code"] == "invalid_request"


def test_results_wait_until_the_job_is_done(tmp_path: Path) -> None:
    body, _ = _jsonl_corpus(2)
    client = _app(tmp_path / "jobs")  # not started (no lifespan): nothing runs, so a job stays queued...
    store = jobs.JobStore(tmp_path / "jobs")
    job_id, folder = store.reserve()
    (folder / "upload.part").write_bytes(body)
    store.create(job_id, folder / "upload.part", "c.jsonl", "", jobs.JobOptions())  # ...as a job made by hand does
    response = client.get(f"/v1/jobs/{job_id}/results")
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert client.get(f"/v1/jobs/{job_id}").json()["status"] == "queued"


def test_uploads_are_bounded_and_leave_nothing_behind(tmp_path: Path) -> None:
    jobs_dir = tmp_path / "jobs"
    with _app(jobs_dir, max_page_bytes=1_000) as client:  # a body of at most 67,536 bytes

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b'{"text": "' + b"x" * 10_000 + b'"}\n'

        for response in (client.post("/v1/jobs", content=b"y" * 70_000, headers={"content-type": "text/csv"}),
                         client.post("/v1/jobs", content=chunks(), headers={"content-type": "application/x-ndjson"}),
                         client.post("/v1/jobs", files={"file": ("big.csv", b"z" * 70_000, "text/csv")})):
            assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
        empty = client.post("/v1/jobs", content=b"", headers={"content-type": "text/csv"})
        assert empty.status_code == 422 and "empty" in empty.json()["error"]["message"]
        no_file = client.post("/v1/jobs", files={"other": ("c.csv", b"id,text\n1,hi\n", "text/csv")})
        assert no_file.status_code == 422 and "'file'" in no_file.json()["error"]["message"]
        bad_option = client.post("/v1/jobs?policy=harsh", content=b"id,text\n1,hi\n")
        assert bad_option.status_code == 422
        assert client.get("/v1/jobs").json() == {"jobs": []}
    assert not any(jobs_dir.iterdir()) if jobs_dir.exists() else True


def test_without_a_jobs_folder_the_routes_say_so() -> None:
    client = TestClient(create_app(ServiceSettings()))
    response = client.post("/v1/jobs", content=b"id,text\n1,hi\n", headers={"content-type": "text/csv"})
    assert response.status_code == 404 and "--jobs-dir" in response.json()["error"]["message"]
    assert client.get("/v1/jobs").status_code == 404
