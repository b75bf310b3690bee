"""``batches.run()`` / ``batches.results()``: the batch runner against the embedded server, on
both clients, and the embedded server's Batch API itself."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from openai_core import BatchFailedError, BatchRequestError, BatchResults, NotFoundError, PollTimeoutError
from openai_core.helpers.batches import BatchRun, decode_jsonl, encode_jsonl, request_lines
from openai_core.testing import LocalServer
from openai_core.types.chat import ChatCompletion
from openai_core.types.embeddings import CreateEmbeddingResponse
from openai_core.types.responses import Response
from tests.conftest import Api

pytestmark = pytest.mark.timeout(30)

CHAT = "/v1/chat/completions"


def chat(text: str, model: str | None = "gpt-4o-mini") -> dict[str, Any]:
    body: dict[str, Any] = {"messages": [{"role": "user", "content": text}]}
    if model:
        body["model"] = model
    return body


def batch_posts(server: LocalServer) -> list[str]:
    return [r.path for r in server.requests if r.method == "POST"]


# ---- the runner ---------------------------------------------------------------------------------


@pytest.mark.timeout(20)
async def test_a_thousand_requests(api: Api, server: LocalServer) -> None:
    requests: list[Any] = [(f"q{i}", chat(f"question {i}")) for i in range(1000)]
    broken = [f"bad{i}" for i in range(5)]
    for n, custom_id in enumerate(broken):  # requests without a model fail, each on its own
        requests.insert(200 * n + 7, (custom_id, chat("no model", model=None)))
    progress: list[tuple[int, int]] = []
    started = time.monotonic()
    done = await api.run(api.client.batches.run(requests, progress=lambda *a: progress.append(a)))
    assert time.monotonic() - started < 10

    assert isinstance(done, BatchResults) and done.batch.status == "completed"
    assert list(done.results) == [f"q{i}" for i in range(1000)]  # matched, in the order given
    for i in (0, 1, 499, 999):
        answer = done.results[f"q{i}"]
        assert isinstance(answer, ChatCompletion)
        assert answer.choices[0].message.content == f"Echo: question {i}"
    assert list(done.errors) == broken and done.missing == ()
    error = done.errors["bad3"]
    assert isinstance(error, BatchRequestError)
    assert (error.status_code, error.code) == (400, "missing_required_parameter")
    assert error.message == "Missing required parameter: 'model'." and error.body["error"]["param"] == "model"

    counts = done.batch.request_counts
    assert (counts.total, counts.completed, counts.failed) == (1005, 1000, 5)
    assert progress[-1] == (1005, 1005) and progress == sorted(progress)
    # One upload, one batch, then polling and the two downloads.
    assert batch_posts(server) == ["/v1/files", "/v1/batches"]
    upload = server.requests[0]
    assert b'filename="batch_input.jsonl"' in upload.body and b"Content-Type: application/jsonl" in upload.body
    created = server.requests[1].json()
    assert created == {"input_file_id": done.batch.input_file_id, "endpoint": CHAT, "completion_window": "24h"}
    downloads = [r.path for r in server.requests if r.path.endswith("/content")]
    assert downloads == [
        f"/v1/files/{done.batch.output_file_id}/content",
        f"/v1/files/{done.batch.error_file_id}/content",
    ]


async def test_request_forms_and_other_endpoints(api: Api, server: LocalServer) -> None:
    requests = [
        {"custom_id": "a", "body": {"model": "text-embedding-3-small", "input": "alpha"}},
        {"custom_id": "b", "method": "POST", "url": "/v1/embeddings", "body": {"model": "m", "input": ["x", "y"]}},
    ]
    done = await api.run(api.client.batches.run(requests, endpoint="/v1/embeddings", metadata={"job": "nightly"}))
    assert isinstance(done.results["a"], CreateEmbeddingResponse) and len(done.results["b"].data) == 2
    assert done.batch.metadata == {"job": "nightly"} and done.errors == {}
    assert done.batch.error_file_id is None  # nothing failed: no error file to download

    responses = await api.run(api.client.batches.run([("r", {"model": "m", "input": "hi"})], endpoint="/v1/responses"))
    answer = responses.results["r"]
    assert isinstance(answer, Response) and answer.output[0].content[0].text == "Echo: hi"


async def test_resume_after_a_timeout(api: Api, server: LocalServer) -> None:
    server.state.poll_steps = 100_000  # the batch crawls
    requests = [(f"q{i}", chat(f"q{i}")) for i in range(10)]
    ids: list[str] = []
    with pytest.raises(PollTimeoutError) as caught:
        await api.run(api.client.batches.run(requests, timeout=0.1, on_update=lambda b: ids.append(b.id)))
    batch_id = caught.value.last.id
    assert caught.value.last.status == "in_progress" and set(ids) == {batch_id}

    server.state.poll_steps = 2
    posts = len(batch_posts(server))
    done = await api.run(api.client.batches.results(batch_id))
    assert done.id == batch_id and done.batch.status == "completed"
    assert sorted(done.results) == sorted(f"q{i}" for i in range(10))
    assert done.results["q3"].choices[0].message.content == "Echo: q3"
    assert len(batch_posts(server)) == posts  # nothing uploaded or created again

    again = await api.run(api.client.batches.run(resume=batch_id))
    assert again.results.keys() == done.results.keys() and again.batch.completed_at == done.batch.completed_at


async def test_an_invalid_input_fails_the_batch(api: Api, server: LocalServer) -> None:
    lines = [
        {"custom_id": "a", "method": "POST", "url": CHAT, "body": chat("x")},
        {"custom_id": "a", "method": "POST", "url": CHAT, "body": chat("y")},
        {"custom_id": "c", "method": "POST", "url": "/v1/embeddings", "body": {}},
    ]
    data = encode_jsonl(lines) + b"not json\n"
    uploaded = await api.run(api.client.files.create(file=("in.jsonl", data), purpose="batch"))
    batch = await api.run(api.client.batches.create(input_file_id=uploaded.id, endpoint=CHAT))
    with pytest.raises(BatchFailedError) as caught:
        await api.run(api.client.batches.results(batch.id))
    error = caught.value
    assert [(e.code, e.line) for e in error.errors] == [
        ("duplicate_custom_id", 2),
        ("mismatched_url", 3),
        ("invalid_json_line", 4),
    ]
    assert str(error).startswith(f"Batch {batch.id} failed: line 2: duplicate_custom_id: The custom_id 'a'")
    assert error.batch.status == "failed" and error.batch.failed_at


async def test_a_cancelled_batch(api: Api, server: LocalServer) -> None:
    uploaded = await api.run(
        api.client.files.create(
            file=("in.jsonl", encode_jsonl(request_lines([(f"q{i}", chat(f"q{i}")) for i in range(4)], CHAT))),
            purpose="batch",
        )
    )
    batch = await api.run(api.client.batches.create(input_file_id=uploaded.id, endpoint=CHAT))
    await api.run(api.client.batches.retrieve(batch.id))  # validating -> in_progress
    await api.run(api.client.batches.retrieve(batch.id))  # half of the requests run
    cancelling = await api.run(api.client.batches.cancel(batch.id))
    assert cancelling.status == "cancelling" and cancelling.cancelling_at
    done = await api.run(api.client.batches.results(batch.id))
    assert done.batch.status == "cancelled" and sorted(done.results) == ["q0", "q1"]
    with pytest.raises(Exception, match="Cannot cancel a batch with status 'cancelled'"):
        await api.run(api.client.batches.cancel(batch.id))


async def test_list_and_unknown_batches(api: Api, server: LocalServer) -> None:
    made = [(await api.run(api.client.batches.run([("x", chat("x"))]))).id for _ in range(3)]
    page = await api.run(api.client.batches.list(limit=2))
    listed = [b.id async for b in page] if api.kind == "async" else [b.id for b in page]
    assert listed[:3] == made[::-1]
    with pytest.raises(NotFoundError):
        await api.run(api.client.batches.results("batch_nope"))


async def test_bad_arguments(api: Api) -> None:
    with pytest.raises(TypeError, match="not both"):
        await api.run(api.client.batches.run([("a", chat("a"))], resume="batch_1"))
    with pytest.raises(TypeError, match="not both"):
        await api.run(api.client.batches.run())
    with pytest.raises(ValueError, match="used twice"):
        await api.run(api.client.batches.run([("a", chat("a")), ("a", chat("b"))]))


# ---- the pure parts -----------------------------------------------------------------------------


def test_request_lines() -> None:
    lines = request_lines([("a", {"model": "m"}), {"custom_id": "b", "body": {"model": "n"}, "url": CHAT}], CHAT)
    assert lines == [
        {"custom_id": "a", "method": "POST", "url": CHAT, "body": {"model": "m"}},
        {"custom_id": "b", "method": "POST", "url": CHAT, "body": {"model": "n"}},
    ]
    with pytest.raises(ValueError, match="is for '/v1/embeddings'"):
        request_lines([{"custom_id": "a", "url": "/v1/embeddings", "body": {}}], CHAT)
    with pytest.raises(ValueError, match="custom_id"):
        request_lines([("", {})], CHAT)
    with pytest.raises(TypeError):
        request_lines(["just a string"], CHAT)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="must be a dict"):
        request_lines([("a", "body")], CHAT)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="at least one"):
        request_lines([], CHAT)


def test_jsonl_round_trip() -> None:
    docs = [{"a": 1, "text": "é"}, {"b": [1, 2]}]
    data = encode_jsonl(docs)
    assert data.count(b"\n") == 2 and "é".encode() in data
    assert decode_jsonl(data + b"\n  \n") == docs
    with pytest.raises(Exception, match="line 2 of a batch file is not JSON"):
        decode_jsonl(b'{"a": 1}\n{oops\n')


def test_matching_expired_and_failed_lines() -> None:
    run = BatchRun([("a", {}), ("b", {}), ("c", {}), ("d", {})], endpoint="/v1/moderations-unknown")
    output = encode_jsonl(
        [
            {"id": "1", "custom_id": "b", "response": {"status_code": 200, "request_id": "r1", "body": {"k": 1}}},
            {"id": "2", "custom_id": "a", "response": {"status_code": 500, "request_id": "r2", "body": {}}},
        ]
    )
    errors = encode_jsonl(
        [{"id": "3", "custom_id": "c", "response": None, "error": {"code": "batch_expired", "message": "Expired."}}]
    )
    batch: Any = type("B", (), {"endpoint": None, "status": "expired"})()
    done = run.collect(batch, [output, errors])
    assert done.results == {"b": {"k": 1}}  # no response type for this endpoint: the raw body
    assert done.errors["a"].status_code == 500 and done.errors["a"].message == "HTTP 500"
    assert done.errors["c"] == BatchRequestError(
        custom_id="c", status_code=None, code="batch_expired", message="Expired.", body=done.errors["c"].body
    )
    assert done.missing == ("d",)


def test_progress_reports_only_changes() -> None:
    seen: list[tuple[int, int]] = []
    run = BatchRun(None, endpoint=CHAT, resume="batch_1", progress=lambda *a: seen.append(a))

    def batch(total: int, completed: int, failed: int) -> Any:
        counts = {"total": total, "completed": completed, "failed": failed}
        return type("B", (), {"request_counts": type("C", (), counts)()})()

    for b in (batch(0, 0, 0), batch(4, 0, 0), batch(4, 1, 1), batch(4, 1, 1), batch(4, 3, 1)):
        run.on_update(b)
    assert seen == [(0, 4), (2, 4), (4, 4)]


def test_resuming_skips_no_files() -> None:
    run = BatchRun(None, endpoint=CHAT, resume="batch_1")
    batch: Any = type("B", (), {"status": "completed", "output_file_id": "file-1", "error_file_id": None})()
    assert run.files_to_download(batch) == ["file-1"]


def test_the_server_advances_one_step_per_retrieval(server: LocalServer) -> None:
    import requests

    auth = {"Authorization": "Bearer k"}
    data = encode_jsonl(request_lines([(f"q{i}", chat(f"q{i}")) for i in range(3)], CHAT))
    file_id = requests.post(
        f"{server.url}/files", headers=auth, files={"file": ("in.jsonl", data)}, data={"purpose": "batch"}
    ).json()["id"]
    created = requests.post(
        f"{server.url}/batches",
        headers=auth,
        json={"input_file_id": file_id, "endpoint": CHAT, "completion_window": "24h"},
    )
    assert created.headers["openai-poll-after-ms"] == "10"
    batch_id = created.json()["id"]
    seen = []
    for _ in range(5):
        body = requests.get(f"{server.url}/batches/{batch_id}", headers=auth).json()
        seen.append((body["status"], body["request_counts"]["completed"]))
    assert seen == [("in_progress", 0), ("in_progress", 2), ("finalizing", 3), ("completed", 3), ("completed", 3)]
    output = requests.get(f"{server.url}/files/{body['output_file_id']}/content", headers=auth).content
    first = json.loads(output.splitlines()[0])
    assert first["custom_id"] == "q0" and first["response"]["status_code"] == 200 and first["error"] is None
    assert first["response"]["body"]["object"] == "chat.completion"
    for bad in ({"endpoint": "/v1/images/edits"}, {"completion_window": "1h"}, {"input_file_id": "file-nope"}):
        answer = requests.post(
            f"{server.url}/batches",
            headers=auth,
            json={"input_file_id": file_id, "endpoint": CHAT, "completion_window": "24h", **bad},
        )
        assert answer.status_code in (400, 404), bad
