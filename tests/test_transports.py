"""Transports: a user's own (mock) transport gets the whole core; the built-in ones work with
the `responses`/`aioresponses` mocks and with sessions the user configured."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest
import requests
import responses as responses_lib
from aioresponses import aioresponses

import openai_core
from openai_core import AsyncClient, Client, Request
from tests.conftest import FAST_RETRIES, Api
from transports import AiohttpTransport, AsyncMockTransport, MockResponse, MockTransport, RequestsTransport

pytestmark = pytest.mark.timeout(30)

MODEL = {"id": "m1", "object": "model", "created": 1, "owned_by": "me"}
CHUNK = {
    "id": "c",
    "object": "chat.completion.chunk",
    "created": 1,
    "model": "m",
    "choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": None}],
}


def mock_client(kind: str, handler: Any, **kwargs: Any) -> tuple[Any, Any]:
    if kind == "sync":
        transport: Any = MockTransport(handler)
        return Client(api_key="k", transport=transport, retry_policy=FAST_RETRIES, **kwargs), transport
    transport = AsyncMockTransport(handler)
    return AsyncClient(api_key="k", transport=transport, retry_policy=FAST_RETRIES, **kwargs), transport


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_custom_transport_gets_retries_and_typing(kind: str) -> None:
    answers = iter(
        [
            MockResponse.json({"error": {"message": "busy"}}, status=503),
            MockResponse(raises=ConnectionResetError("reset by peer")),
            MockResponse.json(MODEL, headers={"x-request-id": "req_1"}),
        ]
    )
    client, transport = mock_client(kind, lambda request: next(answers))
    model = await Api.run(client.models.retrieve("m1"))
    assert model.id == "m1" and model._request_id == "req_1"
    assert len(transport.requests) == 3
    first: Request = transport.requests[0]
    assert first.method == "GET" and first.url == "https://api.openai.com/v1/models/m1"
    assert first.headers["Authorization"] == "Bearer k"


async def test_connection_errors_exhaust_retries(kind: str) -> None:
    client, transport = mock_client(kind, lambda r: MockResponse(raises=OSError("no route")), max_retries=3)
    with pytest.raises(openai_core.APIConnectionError) as info:
        await Api.run(client.models.list())
    assert "no route" in str(info.value)
    assert len(transport.requests) == 4


async def test_timeouts_are_typed(kind: str) -> None:
    client, transport = mock_client(kind, lambda r: MockResponse(raises=TimeoutError()), max_retries=0)
    with pytest.raises(openai_core.APITimeoutError):
        await Api.run(client.models.list())
    assert len(transport.requests) == 1


async def test_stream_connection_released_on_break_close_and_gc(kind: str) -> None:
    client, transport = mock_client(kind, lambda r: MockResponse.sse([CHUNK] * 5))
    msgs = [{"role": "user", "content": "x"}]
    stream = await Api.run(client.chat.completions.create(model="m", messages=msgs, stream=True))
    assert transport.open_streams == 1
    if kind == "sync":
        for _ in stream:
            break
        stream.close()
    else:
        async for _ in stream:
            break
        await stream.aclose()
    assert transport.open_streams == 0
    stream = await Api.run(client.chat.completions.create(model="m", messages=msgs, stream=True))
    assert transport.open_streams == 1
    del stream
    gc.collect()
    assert transport.open_streams == 0
    stream = await Api.run(client.chat.completions.create(model="m", messages=msgs, stream=True))
    assert len(await Api.collect(stream)) == 5
    assert transport.open_streams == 0


async def test_stream_is_never_resent_after_bytes_arrived(kind: str) -> None:
    def handler(request: Request) -> MockResponse:
        return MockResponse(headers={"content-type": "text/event-stream"}, body=_cut_stream())

    client, transport = mock_client(kind, handler)
    stream = await Api.run(client.chat.completions.create(model="m", messages=[], stream=True))
    with pytest.raises(openai_core.APIConnectionError):
        await Api.collect(stream)
    assert len(transport.requests) == 1


def _cut_stream() -> Iterator[bytes]:
    yield f"data: {json.dumps(CHUNK)}\n\n".encode()
    raise openai_core.APIConnectionError("connection reset mid-stream")


def test_transport_protocol_is_checked() -> None:
    with pytest.raises(TypeError, match="send"):
        Client(api_key="k", transport=object())  # type: ignore[arg-type]


@responses_lib.activate
def test_requests_transport_with_responses_mock() -> None:
    responses_lib.get(
        "https://api.openai.com/v1/models", json={"object": "list", "data": [MODEL]}, headers={"x-request-id": "req_r"}
    )
    with Client(api_key="k") as client:
        page = client.models.list()
        assert [m.id for m in page] == ["m1"]
        assert page.result._request_id == "req_r"
    assert responses_lib.calls[0].request.headers["Authorization"] == "Bearer k"


@pytest.fixture
def aiomock(monkeypatch: pytest.MonkeyPatch) -> Iterator[aioresponses]:
    """aioresponses 0.7.9 builds responses without aiohttp 3.14's `stream_writer` (upstream
    pnuckowski/aioresponses#289); give it a stand-in writer."""
    import aioresponses.core as aio_core

    class _Writer:
        output_size = 0

    class _Response(aiohttp.ClientResponse):
        def __init__(self, *args: Any, stream_writer: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, stream_writer=stream_writer or _Writer(), **kwargs)

    monkeypatch.setattr(aio_core, "ClientResponse", _Response)
    with aioresponses() as mock:
        yield mock


async def test_aiohttp_transport_with_aioresponses(aiomock: aioresponses) -> None:
    aiomock.get("https://api.openai.com/v1/models/m1", payload=MODEL, headers={"x-request-id": "req_a"})
    aiomock.post(
        "https://api.openai.com/v1/chat/completions",
        content_type="text/event-stream",
        body=f"data: {json.dumps(CHUNK)}\n\ndata: [DONE]\n\n".encode(),
    )
    async with AsyncClient(api_key="k") as client:
        model = await client.models.retrieve("m1")
        assert model.id == "m1" and model._request_id == "req_a"
        stream = await client.chat.completions.create(model="m", messages=[], stream=True)
        assert [c.choices[0].delta.content async for c in stream] == ["x"]


def test_user_requests_session_is_used_and_not_closed(server: Any) -> None:
    session = requests.Session()
    session.headers["X-Corp"] = "yes"
    closed = []
    session.close = lambda: closed.append(True)  # type: ignore[method-assign]
    with Client(api_key="k", base_url=server.url, http_client=session) as client:
        client.models.list()
    assert server.requests[-1].headers["x-corp"] == "yes"
    assert closed == []
    with Client(api_key="k", base_url=server.url, transport=RequestsTransport(session)) as client:
        client.models.list()
    assert closed == []


async def test_user_aiohttp_session_is_used_and_not_closed(server: Any) -> None:
    async with aiohttp.ClientSession(headers={"X-Corp": "async"}) as session:
        async with AsyncClient(api_key="k", base_url=server.url, http_client=session) as client:
            await client.models.list()
        assert not session.closed
        async with AsyncClient(api_key="k", base_url=server.url, transport=AiohttpTransport(session)) as client:
            await client.models.list()
        assert not session.closed
    assert server.requests[-1].headers["x-corp"] == "async"


def test_owned_aiohttp_session_closes_without_warnings(server: Any) -> None:
    code = f"""
import asyncio, warnings, gc
warnings.simplefilter("error")
from openai_core import AsyncClient
async def main():
    async with AsyncClient(api_key="k", base_url={server.url!r}) as client:
        await client.models.list()
        s = await client.chat.completions.create(model="m", messages=[{{"role": "user", "content": "x"}}], stream=True)
        async for _ in s:
            break
        await s.aclose()
asyncio.run(main())
gc.collect()
print("clean")
"""
    out = subprocess.run([sys.executable, "-X", "dev", "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "clean"
    assert "Unclosed" not in out.stderr and "Event loop is closed" not in out.stderr


def test_import_and_sync_use_never_load_aiohttp(server: Any) -> None:
    code = f"""
import sys
import openai_core
assert "aiohttp" not in sys.modules and "requests" not in sys.modules, "import pulled an HTTP library"
client = openai_core.Client(api_key="k", base_url={server.url!r})
client.models.list()
client.chat.completions.create(model="m", messages=[{{"role": "user", "content": "x"}}])
assert "aiohttp" not in sys.modules, "the sync client imported aiohttp"
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


async def test_aiohttp_delivers_bytes_received_before_the_connection_broke() -> None:
    """aiohttp's reader raises a lost connection before handing out what it already holds;
    the transport must still deliver those bytes, then raise a typed error."""
    import asyncio
    from unittest import mock

    reader = aiohttp.StreamReader(mock.Mock(_reading_paused=False), 2**16, loop=asyncio.get_running_loop())
    reader.feed_data(b"data: one\n\ndata: two\n\n")
    reader.set_exception(aiohttp.ClientPayloadError("connection lost"))
    response = mock.Mock(content=reader)
    got = []
    with pytest.raises(openai_core.APIConnectionError):
        async for chunk in AiohttpTransport()._chunks(response, None, True):
            got.append(chunk)
    assert got == [b"data: one\n\ndata: two\n\n"]
    response.close.assert_called_once()
