"""``uploads.upload_file()``: a file several parts long through the Uploads API, on both clients.

A recording transport around the real one keeps every exchange, so that the tests see each
part's bytes with the id the server gave it, and the part ids the upload was completed with.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import sys
import types
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

import openai_core
from openai_core import AsyncRawResponse, BadRequestError, InternalServerError, RawResponse, Request
from openai_core.helpers.uploads import MAX_PART_SIZE, FileSource, PartUpload, guess_mime_type, plan_parts
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from transports import AiohttpTransport, RequestsTransport

pytestmark = pytest.mark.timeout(30)

PART = 64 * 1024
DATA = os.urandom(300 * 1024 + 123)  # 5 parts: 4 whole, and 45 179 bytes


class Exchange:
    def __init__(self, request: Request, status: int, content: bytes) -> None:
        self.request, self.status, self.content = request, status, content

    @property
    def path(self) -> str:
        return self.request.url.split("/v1", 1)[1]


class Recorder:
    """Counts requests in flight; keeps every exchange."""

    def __init__(self) -> None:
        self.log: list[Exchange] = []
        self.in_flight = 0
        self.most_in_flight = 0

    def start(self) -> None:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)

    def parts(self) -> list[Exchange]:
        return [e for e in self.log if e.path.endswith("/parts")]


class SyncRecording:
    def __init__(self, recorder: Recorder) -> None:
        self.recorder, self.inner = recorder, RequestsTransport()

    def send(self, request: Request) -> RawResponse:
        self.recorder.start()
        try:
            response = self.inner.send(request)
        finally:
            self.recorder.in_flight -= 1
        self.recorder.log.append(Exchange(request, response.status, response.content))
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncRecording:
    def __init__(self, recorder: Recorder) -> None:
        self.recorder, self.inner = recorder, AiohttpTransport()

    async def send(self, request: Request) -> AsyncRawResponse:
        self.recorder.start()
        try:
            if request.url.endswith("/parts"):
                await asyncio.sleep(0.01)  # parts overlap for sure when they may
            response = await self.inner.send(request)
        finally:
            self.recorder.in_flight -= 1
        self.recorder.log.append(Exchange(request, response.status, response.content))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


Recorded = Callable[..., tuple[Api, Recorder]]


@pytest.fixture(params=["sync", "async"])
async def recorded(request: pytest.FixtureRequest, server: LocalServer) -> AsyncIterator[Recorded]:
    opened: list[tuple[Any, Any]] = []

    def make(**options: Any) -> tuple[Api, Recorder]:
        recorder = Recorder()
        transport = SyncRecording(recorder) if request.param == "sync" else AsyncRecording(recorder)
        client = make_client(request.param, base_url=server.url, transport=transport, **options)
        opened.append((client, transport))
        return Api(request.param, client), recorder

    yield make
    for client, transport in opened:
        await close_client(client)
        if isinstance(transport, AsyncRecording):
            await transport.aclose()
        else:
            transport.close()


def payload(exchange: Exchange) -> bytes:
    """The ``data`` field of a part request's multipart body."""
    boundary = exchange.request.headers["Content-Type"].split("boundary=", 1)[1].encode()
    for section in exchange.request.body.split(b"--" + boundary):  # type: ignore[union-attr]
        head, _, rest = section.partition(b"\r\n\r\n")
        if b'name="data"' in head:
            return rest[:-2]  # the CRLF before the next boundary
    raise AssertionError("no data field")


def completed_with(recorder: Recorder) -> list[str]:
    complete = next(e for e in recorder.log if e.path.endswith("/complete"))
    ids: list[str] = json.loads(complete.request.body or b"")["part_ids"]
    return ids


# ---- the upload ---------------------------------------------------------------------------------


async def test_upload_in_parts(recorded: Recorded, server: LocalServer, tmp_path: Any) -> None:
    api, recorder = recorded()
    path = tmp_path / "data.bin"
    path.write_bytes(DATA)
    progress: list[tuple[int, int]] = []
    options: dict[str, Any] = {"max_concurrency": 3} if api.kind == "async" else {}
    file = await api.run(
        api.client.uploads.upload_file(
            path, purpose="assistants", part_size=PART, progress=lambda *a: progress.append(a), **options
        )
    )
    assert file.object == "file" and file.filename == "data.bin" and file.bytes == len(DATA)
    assert (await api.run(api.client.files.content(file.id))).content == DATA

    create = json.loads(recorder.log[0].request.body or b"")
    assert recorder.log[0].path == "/uploads"
    assert create == {
        "filename": "data.bin",
        "purpose": "assistants",
        "bytes": len(DATA),
        "mime_type": "application/octet-stream",
    }

    parts = recorder.parts()
    assert len(parts) == 5 and all(p.status == 200 for p in parts)
    sizes = sorted(len(payload(p)) for p in parts)
    assert max(sizes) <= PART and sizes == [len(DATA) - 4 * PART] + [PART] * 4
    # The upload is completed with the part ids in file order, whatever order they were sent in.
    by_id = {json.loads(p.content)["id"]: payload(p) for p in parts}
    ids = completed_with(recorder)
    assert sorted(ids) == sorted(by_id)
    assert [by_id[i] for i in ids] == [DATA[k : k + PART] for k in range(0, len(DATA), PART)]

    assert progress[-1] == (len(DATA), len(DATA))
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert len(progress) == 5
    # Parallel on the async client (bounded), one at a time on the sync one.
    assert recorder.most_in_flight == (3 if api.kind == "async" else 1)


async def test_a_failed_part_is_retried_alone(recorded: Recorded, server: LocalServer) -> None:
    api, recorder = recorded(max_retries=0)  # so that the helper's own retry is what recovers
    server.fail_upload_part(500, after=2)
    file = await api.run(
        api.client.uploads.upload_file(io.BytesIO(DATA), purpose="batch", filename="data.jsonl", part_size=PART)
    )
    assert (await api.run(api.client.files.content(file.id))).content == DATA
    parts = recorder.parts()
    assert len(parts) == 6  # 5 parts, one of them twice
    assert sorted(p.status for p in parts) == [200] * 5 + [500]
    failed = next(p for p in parts if p.status == 500)
    assert sum(1 for p in parts if payload(p) == payload(failed)) == 2  # the same part again
    assert [e.path for e in recorder.log].count("/uploads") == 1  # never restarted
    assert len(completed_with(recorder)) == 5
    assert json.loads(recorder.log[0].request.body or b"")["mime_type"] == "application/jsonl"


async def test_a_part_that_keeps_failing_cancels_the_upload(recorded: Recorded, server: LocalServer) -> None:
    api, recorder = recorded(max_retries=0)
    for _ in range(3):
        server.fail_upload_part(503)
    options: dict[str, Any] = {"max_concurrency": 1} if api.kind == "async" else {}
    with pytest.raises(InternalServerError):
        await api.run(
            api.client.uploads.upload_file(
                DATA, purpose="assistants", filename="d.bin", part_size=PART, part_retries=2, **options
            )
        )
    assert [p.status for p in recorder.parts()] == [503, 503, 503]
    assert recorder.log[-1].path.endswith("/cancel") and recorder.log[-1].status == 200
    assert not any(e.path.endswith("/complete") for e in recorder.log)


async def test_a_client_error_is_not_retried(recorded: Recorded, server: LocalServer) -> None:
    api, recorder = recorded()
    server.fail_upload_part(400)
    with pytest.raises(BadRequestError):
        await api.run(api.client.uploads.upload_file(DATA, purpose="assistants", filename="d.bin", part_size=PART))
    assert sum(1 for p in recorder.parts() if p.status == 400) == 1
    assert any(e.path.endswith("/cancel") for e in recorder.log)


async def test_empty_file(api: Api, server: LocalServer) -> None:
    file = await api.run(api.client.uploads.upload_file(b"", purpose="assistants", filename="empty.txt"))
    assert file.bytes == 0 and file.filename == "empty.txt"
    assert sum(1 for r in server.requests if r.path.endswith("/parts")) == 1


async def test_progress_bar_uses_tqdm_when_installed(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[Any] = []

    class FakeTqdm:
        def __init__(self, **kwargs: Any) -> None:
            events.append(("open", kwargs["total"], kwargs["unit"], kwargs["desc"]))
            self.total = kwargs["total"]

        def update(self, count: int) -> None:
            events.append(count)

        def close(self) -> None:
            events.append("close")

    monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=FakeTqdm))
    options: dict[str, Any] = {"max_concurrency": 1} if api.kind == "async" else {}
    await api.run(
        api.client.uploads.upload_file(
            DATA, purpose="assistants", filename="d.bin", part_size=128 * 1024, progress=True, **options
        )
    )
    assert events == [("open", len(DATA), "B", "d.bin"), 128 * 1024, 128 * 1024, len(DATA) - 256 * 1024, "close"]


# ---- the pure parts -----------------------------------------------------------------------------


def test_plan_parts() -> None:
    assert [(p.offset, p.size) for p in plan_parts(10, 4)] == [(0, 4), (4, 4), (8, 2)]
    assert [(p.offset, p.size) for p in plan_parts(8, 4)] == [(0, 4), (4, 4)]
    assert [(p.index, p.size) for p in plan_parts(0, 4)] == [(0, 0)]
    assert len(plan_parts(MAX_PART_SIZE + 1, MAX_PART_SIZE)) == 2
    with pytest.raises(ValueError, match="64 MiB"):
        plan_parts(10, MAX_PART_SIZE + 1)
    with pytest.raises(ValueError):
        plan_parts(10, 0)


def test_parts_are_read_when_sent_never_the_whole_file() -> None:
    reads: list[int] = []

    class Watched(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            reads.append(-1 if size is None else size)
            return super().read(size)

    source = FileSource(Watched(DATA), filename="w.bin", mime_type=None)
    assert source.size == len(DATA) and reads == []  # the size comes from seeking, not reading
    parts = plan_parts(source.size, PART)
    chunks = {p.index: source.read(p) for p in reversed(parts)}  # any order, as the async client may
    assert b"".join(chunks[i] for i in range(len(parts))) == DATA
    assert reads == [p.size for p in reversed(parts)]


def test_file_source_reads_from_where_the_file_stands() -> None:
    fh = io.BytesIO(b"header|body")
    fh.seek(7)
    source = FileSource(fh, filename="x.txt", mime_type=None)
    assert source.size == 4 and source.read(plan_parts(4, 10)[0]) == b"body"
    assert source.mime_type == "text/plain"


def test_file_source_errors() -> None:
    with pytest.raises(ValueError, match="filename="):
        FileSource(io.BytesIO(b"x"), filename=None, mime_type=None)
    with pytest.raises(TypeError):
        FileSource(12, filename="x", mime_type=None)  # type: ignore[arg-type]


def test_mime_types() -> None:
    assert guess_mime_type("batch.jsonl") == "application/jsonl"
    assert guess_mime_type("notes.md") == "text/markdown"
    assert guess_mime_type("photo.PNG") == "image/png"
    assert guess_mime_type("blob") == "application/octet-stream"


def test_retry_decisions() -> None:
    job = PartUpload(10, 4, part_retries=2, policy=openai_core.RetryPolicy(initial=0.01, jitter=0))
    boom = InternalServerError("boom", status_code=502, headers={}, body=b"")
    assert job.retry_wait(boom, 0) == 0.01 and job.retry_wait(boom, 1) == 0.02
    assert job.retry_wait(boom, 2) is None  # out of retries
    late = openai_core.RateLimitError("slow", status_code=429, headers={"retry-after-ms": "30"}, body=b"")
    assert job.retry_wait(late, 0) == 0.03
    assert job.retry_wait(BadRequestError("no", status_code=400, headers={}, body=b""), 0) is None
    assert job.retry_wait(openai_core.APIConnectionError(), 0) == 0.01
    assert job.retry_wait(ValueError("not an API error"), 0) is None
    with pytest.raises(openai_core.OpenAIError, match="not sent"):
        job.part_ids()
    for part, part_id in zip(job.parts, ["p1", "p2", "p3"], strict=True):
        job.finished(part, part_id)
    assert job.part_ids() == ["p1", "p2", "p3"] and job.sent == 10


async def test_upload_file_chunked_takes_the_sdk_keywords(recorded: Recorded, server: LocalServer) -> None:
    api, recorder = recorded()
    upload = await api.run(
        api.client.uploads.upload_file_chunked(
            file=DATA,
            mime_type="text/plain",
            purpose="assistants",
            filename="d.txt",
            bytes=len(DATA),
            part_size=PART,
            md5=hashlib.md5(DATA).hexdigest(),
        )
    )
    assert upload.object == "upload" and upload.status == "completed"  # the Upload, as the SDK returns
    assert upload.file.filename == "d.txt" and upload.file.bytes == len(DATA)
    assert len(recorder.parts()) == 5
    assert json.loads(recorder.log[0].request.body or b"")["mime_type"] == "text/plain"
    complete = next(e for e in recorder.log if e.path.endswith("/complete"))
    assert json.loads(complete.request.body or b"")["md5"] == hashlib.md5(DATA).hexdigest()  # checked by the server
    assert (await api.run(api.client.files.content(upload.file.id))).content == DATA


async def test_upload_file_chunked_refuses_a_wrong_size(recorded: Recorded, server: LocalServer) -> None:
    api, recorder = recorded()
    with pytest.raises(ValueError, match=f"bytes=3, but the file has {len(DATA)} bytes"):
        await api.run(
            api.client.uploads.upload_file_chunked(
                file=DATA, mime_type="text/plain", purpose="assistants", filename="d.txt", bytes=3
            )
        )
    assert recorder.log == []  # nothing was sent
