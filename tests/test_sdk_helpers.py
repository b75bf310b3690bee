"""The official SDK's polling and upload helpers that name no operation of their own:
``files.wait_for_processing``, ``vector_stores.files.upload``, ``beta.threads.create_and_run_poll``
and ``beta.threads.runs.submit_tool_outputs_and_poll``, on both clients.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from openai_core import PollTimeoutError
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from transports import AsyncMockTransport, MockResponse, MockTransport

pytestmark = pytest.mark.timeout(30)


class Script:
    """Answers each request with the next status of ``statuses``; records method, path, body."""

    def __init__(self, obj: dict[str, Any], statuses: list[str]) -> None:
        self.obj, self.statuses = obj, list(statuses)
        self.calls: list[tuple[str, str]] = []
        self.bodies: list[Any] = []

    def __call__(self, request: Any) -> MockResponse:
        self.calls.append((request.method, request.url.split("/v1", 1)[1]))
        self.bodies.append(json.loads(request.body) if request.body else None)
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return MockResponse.json({**self.obj, "status": status})


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


RUN = {"id": "run_1", "object": "thread.run", "thread_id": "thread_9", "assistant_id": "asst_1", "created_at": 1}
FILE = {"id": "file_1", "object": "file", "bytes": 3, "created_at": 1, "filename": "a.txt", "purpose": "assistants"}


async def test_create_and_run_poll(mock: Callable[[Script], Api]) -> None:
    script = Script(RUN, ["queued", "in_progress", "completed"])
    api = mock(script)
    started = time.monotonic()
    run = await api.run(
        api.client.beta.threads.create_and_run_poll(assistant_id="asst_1", poll_interval_ms=10, instructions="hi")
    )
    assert run.status == "completed" and run.id == "run_1"
    # the run's own thread is polled: the one the server made, named in the run
    assert script.calls == [("POST", "/threads/runs")] + [("GET", "/threads/thread_9/runs/run_1")] * 2
    assert script.bodies[0] == {"assistant_id": "asst_1", "instructions": "hi"}
    assert time.monotonic() - started >= 2 * 0.01
    with pytest.raises(TypeError, match="unexpected keyword argument 'stream'"):
        await api.run(api.client.beta.threads.create_and_run_poll(assistant_id="asst_1", stream=True))


async def test_submit_tool_outputs_and_poll(mock: Callable[[Script], Api]) -> None:
    script = Script(RUN, ["queued", "requires_action"])
    api = mock(script)
    outputs = [{"tool_call_id": "call_1", "output": "42"}]
    run = await api.run(
        api.client.beta.threads.runs.submit_tool_outputs_and_poll(
            tool_outputs=outputs, run_id="run_1", thread_id="thread_9", poll_interval_ms=0
        )
    )
    assert run.status == "requires_action"
    assert script.calls == [
        ("POST", "/threads/thread_9/runs/run_1/submit_tool_outputs"),
        ("GET", "/threads/thread_9/runs/run_1"),
    ]
    assert script.bodies[0] == {"tool_outputs": outputs}


async def test_wait_for_processing(mock: Callable[[Script], Api]) -> None:
    script = Script(FILE, ["uploaded", "uploaded", "processed"])
    api = mock(script)
    file = await api.run(api.client.files.wait_for_processing("file_1", poll_interval=0.01))
    assert file.status == "processed" and script.calls == [("GET", "/files/file_1")] * 3


async def test_wait_for_processing_gives_up_after_max_wait_seconds(mock: Callable[[Script], Api]) -> None:
    api = mock(Script(FILE, ["uploaded"]))
    with pytest.raises(PollTimeoutError) as caught:
        await api.run(api.client.files.wait_for_processing("file_1", poll_interval=0.01, max_wait_seconds=0.1))
    assert caught.value.last.status == "uploaded"


async def test_vector_store_files_upload(api: Api, server: LocalServer) -> None:
    store = await api.run(api.client.vector_stores.create(name="kb"))
    added = await api.run(
        api.client.vector_stores.files.upload(
            vector_store_id=store.id, file=("notes.txt", b"abc"), chunking_strategy={"type": "auto"}
        )
    )
    assert added.vector_store_id == store.id
    uploaded = await api.run(api.client.files.retrieve(added.id))
    assert uploaded.filename == "notes.txt" and uploaded.purpose == "assistants"
    posts = [r.path for r in server.requests if r.method == "POST"]
    assert posts[-2:] == ["/v1/files", f"/v1/vector_stores/{store.id}/files"]
