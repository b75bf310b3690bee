"""Polling helpers: runs, vector store files and file batches, batches, fine-tuning jobs, videos.

Against the embedded server (vector stores, batches) and a mock transport (runs, jobs, videos),
on both clients, with the official SDK's arguments; the interval comes from
``openai-poll-after-ms`` unless ``poll_interval_ms=`` is given, ``max_wait_seconds=`` bounds the
whole wait and ``timeout=`` is each request's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from openai_core import PollTimeoutError
from openai_core.helpers.polling import (
    BATCH,
    DEFAULT_POLL_INTERVAL,
    FINE_TUNING_JOB,
    RUN,
    VECTOR_STORE_FILE,
    VIDEO,
    Poller,
    server_poll_interval,
)
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from transports import AsyncMockTransport, MockResponse, MockTransport

pytestmark = pytest.mark.timeout(30)


def gets(server: LocalServer, prefix: str) -> int:
    return sum(1 for r in server.requests if r.method == "GET" and r.path.startswith(prefix))


async def new_store(api: Api, *files: tuple[str, bytes]) -> tuple[str, list[str]]:
    store = await api.run(api.client.vector_stores.create(name="kb"))
    ids = [(await api.run(api.client.files.create(file=f, purpose="assistants"))).id for f in files]
    return store.id, ids


# ---- the pure decisions ---------------------------------------------------------------------


class FakeInfo:
    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers


class Obj:
    def __init__(self, status: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.id = "obj_1"
        self._response = FakeInfo(headers or {})


def test_terminal_states_per_kind() -> None:
    assert RUN.terminal == {"completed", "failed", "cancelled", "expired", "requires_action", "incomplete"}
    assert VECTOR_STORE_FILE.terminal == {"completed", "failed", "cancelled"}
    assert BATCH.terminal == {"completed", "failed", "expired", "cancelled"}
    assert FINE_TUNING_JOB.terminal == {"succeeded", "failed", "cancelled"}
    assert VIDEO.terminal == {"completed", "failed"}
    poller = Poller(BATCH)
    assert poller.next_wait(Obj("completed")) is None
    assert poller.next_wait(Obj("finalizing")) == DEFAULT_POLL_INTERVAL


def test_interval_explicit_then_header_then_default() -> None:
    hinted = Obj("in_progress", {"openai-poll-after-ms": "250"})
    assert server_poll_interval(hinted) == 0.25
    assert Poller(VIDEO).interval(hinted) == 0.25
    assert Poller(VIDEO, poll_interval=0.01).interval(hinted) == 0.01
    assert Poller(VIDEO).interval(Obj("in_progress")) == 1.0
    assert server_poll_interval(Obj("queued", {"openai-poll-after-ms": "soon"})) is None
    assert server_poll_interval({"status": "queued"}) is None  # a raw dict has no response


def test_timeout_with_a_fake_clock() -> None:
    now = [100.0]
    seen: list[str] = []
    poller = Poller(RUN, timeout=2.5, clock=lambda: now[0], on_update=lambda o: seen.append(o.status))
    hinted = Obj("queued", {"openai-poll-after-ms": "1000"})
    assert poller.next_wait(hinted) == 1.0
    now[0] += 2.0
    assert poller.next_wait(hinted) == pytest.approx(0.5)  # cut to what the deadline leaves
    now[0] += 0.5
    with pytest.raises(PollTimeoutError) as caught:
        poller.next_wait(hinted)
    assert caught.value.last is hinted and caught.value.polls == 2 and caught.value.timeout == 2.5
    assert "still 'queued' after 2.5 s" in str(caught.value)
    assert seen == ["queued"] * 3


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        Poller(RUN, poll_interval=-1)
    with pytest.raises(ValueError):
        Poller(RUN, timeout=0)


# ---- vector store files and file batches on the embedded server ------------------------------


async def test_file_create_and_poll_waits_as_the_header_says(api: Api, server: LocalServer) -> None:
    store_id, (file_id,) = await new_store(api, ("a.txt", b"some text"))
    server.state.poll_after_ms, server.state.poll_steps = 60, 3
    started = time.monotonic()
    done = await api.run(api.client.vector_stores.files.create_and_poll(file_id, vector_store_id=store_id))
    elapsed = time.monotonic() - started
    assert done.status == "completed" and done.usage_bytes == 9
    assert done._response.headers["openai-poll-after-ms"] == "60"
    assert gets(server, f"/v1/vector_stores/{store_id}/files/") == 3
    assert elapsed >= 3 * 0.06  # one wait before each of the 3 retrievals


async def test_poll_interval_overrides_the_header(api: Api, server: LocalServer) -> None:
    store_id, (file_id,) = await new_store(api, ("a.txt", b"x"))
    await api.run(api.client.vector_stores.files.create(store_id, file_id=file_id))
    server.state.poll_after_ms = 5000  # would take 10 s
    started = time.monotonic()
    done = await api.run(
        api.client.vector_stores.files.poll(file_id, vector_store_id=store_id, poll_interval_ms=10, timeout=30.0)
    )
    assert done.status == "completed"
    assert time.monotonic() - started < 3
    assert gets(server, f"/v1/vector_stores/{store_id}/files/") == 2


async def test_default_interval_without_a_header(api: Api, server: LocalServer) -> None:
    store_id, (file_id,) = await new_store(api, ("a.txt", b"x"))
    server.state.poll_after_ms, server.state.poll_steps = None, 1
    started = time.monotonic()
    done = await api.run(api.client.vector_stores.files.create_and_poll(file_id, vector_store_id=store_id))
    assert done.status == "completed" and "openai-poll-after-ms" not in done._response.headers
    assert time.monotonic() - started >= DEFAULT_POLL_INTERVAL
    assert gets(server, f"/v1/vector_stores/{store_id}/files/") == 1


async def test_max_wait_raises_a_clear_error(api: Api, server: LocalServer) -> None:
    store_id, (file_id,) = await new_store(api, ("a.txt", b"x"))
    server.state.poll_after_ms, server.state.poll_steps = 10, 10_000
    started = time.monotonic()
    with pytest.raises(PollTimeoutError) as caught:
        await api.run(
            api.client.vector_stores.files.create_and_poll(
                file_id, vector_store_id=store_id, max_wait_seconds=0.2, timeout=30.0
            )
        )
    elapsed = time.monotonic() - started
    assert 0.2 <= elapsed < 10
    error = caught.value
    assert error.last.status == "in_progress" and error.last.id == file_id and error.polls >= 2
    assert f"vector store file {file_id!r}: still 'in_progress'" in str(error)


async def test_failed_file_is_terminal(api: Api, server: LocalServer) -> None:
    store_id, _ = await new_store(api)
    done = await api.run(
        api.client.vector_stores.files.upload_and_poll(vector_store_id=store_id, file=("empty.txt", b""))
    )
    assert done.status == "failed" and done.last_error.code == "invalid_file"
    assert [r.path for r in server.requests if r.method == "POST"][-2:] == [
        "/v1/files",
        f"/v1/vector_stores/{store_id}/files",
    ]


async def test_file_batch_upload_and_poll(api: Api, server: LocalServer) -> None:
    store_id, (existing,) = await new_store(api, ("old.txt", b"already here"))
    files = [("a.txt", b"alpha"), ("b.txt", b"beta"), ("c.txt", b"")]
    batch = await api.run(
        api.client.vector_stores.file_batches.upload_and_poll(
            store_id, files=files, file_ids=[existing], max_concurrency=2
        )
    )
    assert batch.object == "vector_store.files_batch" and batch.status == "completed"
    counts = batch.file_counts
    assert (counts.total, counts.completed, counts.failed, counts.in_progress) == (4, 3, 1, 0)
    create = next(r for r in server.requests if r.path.endswith("/file_batches"))
    assert create.json()["file_ids"][0] == existing and len(create.json()["file_ids"]) == 4
    assert gets(server, f"/v1/vector_stores/{store_id}/file_batches/") == 2
    again = await api.run(api.client.vector_stores.file_batches.poll(batch.id, vector_store_id=store_id))
    assert again.status == "completed"
    store = await api.run(api.client.vector_stores.retrieve(store_id))
    assert store.file_counts.completed == 3 and store.status == "completed"


async def test_poll_interval_ms_must_be_a_number(api: Api, server: LocalServer) -> None:
    with pytest.raises(TypeError, match="poll_interval_ms"):
        await api.run(api.client.vector_stores.files.poll("file_1", vector_store_id="vs_1", poll_interval_ms="10"))
    assert server.requests == []


async def test_file_batch_create_and_poll(api: Api, server: LocalServer) -> None:
    store_id, ids = await new_store(api, ("a.txt", b"a"), ("b.txt", b"b"))
    batch = await api.run(api.client.vector_stores.file_batches.create_and_poll(store_id, file_ids=ids))
    assert batch.status == "completed" and batch.file_counts.completed == 2


async def test_batches_poll_sees_every_update(api: Api, server: LocalServer) -> None:
    upload = await api.run(api.client.files.create(file=("in.jsonl", _jsonl(3)), purpose="batch"))
    created = await api.run(api.client.batches.create(input_file_id=upload.id, endpoint="/v1/chat/completions"))
    seen: list[str] = []
    done = await api.run(api.client.batches.poll(created.id, on_update=lambda b: seen.append(b.status)))
    assert done.status == "completed" and done.request_counts.completed == 3
    assert seen == ["in_progress", "in_progress", "finalizing", "completed"]


def _jsonl(count: int) -> bytes:
    lines = [
        {
            "custom_id": f"r{i}",
            "method": "POST",
            "url": "/v1/chat/completions",
            "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"q{i}"}]},
        }
        for i in range(count)
    ]
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


# ---- runs, fine-tuning jobs and videos on a mock transport -----------------------------------


class Script:
    """Answers each retrieval with the next status of ``statuses``; counts the requests."""

    def __init__(self, obj: dict[str, Any], statuses: list[str], hint_ms: str = "5") -> None:
        self.obj, self.statuses, self.hint = obj, list(statuses), hint_ms
        self.calls: list[tuple[str, str]] = []
        self.timeouts: list[float | None] = []
        self.headers: list[str | None] = []

    def __call__(self, request: Any) -> MockResponse:
        self.calls.append((request.method, request.url.split("/v1", 1)[1]))
        self.timeouts.append(request.timeout.total)
        self.headers.append(request.headers.get("X-Poll"))
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return MockResponse.json({**self.obj, "status": status}, headers={"openai-poll-after-ms": self.hint})


@pytest.fixture(params=["sync", "async"])
async def mock(request: pytest.FixtureRequest) -> AsyncIterator[Callable[[Script], Api]]:
    clients: list[Any] = []

    def make(script: Script) -> Api:
        transport = MockTransport(script) if request.param == "sync" else AsyncMockTransport(script)
        client = make_client(request.param, transport=transport)
        clients.append(client)
        return Api(request.param, client)

    yield make
    for client in clients:
        await close_client(client)


RUN_OBJ = {"id": "run_1", "object": "thread.run", "thread_id": "thread_1", "assistant_id": "asst_1", "created_at": 1}


async def test_run_create_and_poll(mock: Callable[[Script], Api]) -> None:
    script = Script(RUN_OBJ, ["queued", "in_progress", "in_progress", "requires_action"])
    api = mock(script)
    started = time.monotonic()
    run = await api.run(
        api.client.beta.threads.runs.create_and_poll(thread_id="thread_1", assistant_id="asst_1", timeout=9.0)
    )
    assert run.status == "requires_action" and run.id == "run_1"
    assert script.calls == [("POST", "/threads/thread_1/runs")] + [("GET", "/threads/thread_1/runs/run_1")] * 3
    assert time.monotonic() - started >= 3 * 0.005
    assert script.timeouts == [9.0] * 4  # `timeout` is each request's, the create's included
    with pytest.raises(TypeError, match="unexpected keyword argument 'stream'"):
        await api.run(
            api.client.beta.threads.runs.create_and_poll(thread_id="thread_1", assistant_id="asst_1", stream=True)
        )


async def test_run_poll(mock: Callable[[Script], Api]) -> None:
    script = Script(RUN_OBJ, ["in_progress", "incomplete"])
    api = mock(script)
    run = await api.run(api.client.beta.threads.runs.poll("run_1", "thread_1", extra_headers={"X-Poll": "1"}))
    assert run.status == "incomplete" and script.calls == [("GET", "/threads/thread_1/runs/run_1")] * 2
    assert script.headers == ["1", "1"]


JOB_OBJ = {"id": "ftjob-1", "object": "fine_tuning.job", "model": "gpt-4o-mini", "created_at": 1}


async def test_fine_tuning_job_poll(mock: Callable[[Script], Api]) -> None:
    script = Script(JOB_OBJ, ["validating_files", "queued", "running", "succeeded"])
    api = mock(script)
    job = await api.run(api.client.fine_tuning.jobs.poll("ftjob-1"))
    assert job.status == "succeeded"
    assert script.calls == [("GET", "/fine_tuning/jobs/ftjob-1")] * 4


async def test_fine_tuning_job_poll_timeout(mock: Callable[[Script], Api]) -> None:
    api = mock(Script(JOB_OBJ, ["running"], hint_ms="10"))
    with pytest.raises(PollTimeoutError, match="fine-tuning job 'ftjob-1': still 'running'"):
        await api.run(api.client.fine_tuning.jobs.poll("ftjob-1", max_wait_seconds=0.1))


VIDEO_OBJ = {"id": "video_1", "object": "video", "model": "sora-2", "created_at": 1, "progress": 0}


@pytest.mark.filterwarnings("ignore:videos.* is deprecated:DeprecationWarning")
async def test_video_create_and_poll(mock: Callable[[Script], Api]) -> None:
    script = Script(VIDEO_OBJ, ["queued", "in_progress", "failed"])
    api = mock(script)
    video = await api.run(api.client.videos.create_and_poll(prompt="a cat", poll_interval_ms=0))
    assert video.status == "failed"
    assert script.calls == [("POST", "/videos"), ("GET", "/videos/video_1"), ("GET", "/videos/video_1")]
    done = await api.run(mock(Script(VIDEO_OBJ, ["completed"])).client.videos.poll("video_1"))
    assert done.status == "completed"


# ---- the sync face never loads asyncio ---------------------------------------------------------


def test_sync_helpers_never_import_asyncio(server: LocalServer) -> None:
    code = f"""
import io, sys
import openai_core
client = openai_core.Client(api_key="k", base_url={server.url!r})
store = client.vector_stores.create(name="x")
client.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=("a.txt", b"abc"))
client.vector_stores.file_batches.upload_and_poll(store.id, files=[("b.txt", b"b")])
client.uploads.upload_file(io.BytesIO(b"x" * 5000), purpose="assistants", filename="x.bin", part_size=1024)
result = client.batches.run([("a", {{"model": "m", "messages": [{{"role": "user", "content": "hi"}}]}})])
assert len(result.results) == 1
assert "asyncio" not in sys.modules, "the sync helpers imported asyncio"
assert "aiohttp" not in sys.modules, "the sync helpers imported aiohttp"
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
