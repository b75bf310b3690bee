"""Binary downloads (whole or streamed), speech over SSE, and the whole-call deadline."""

from __future__ import annotations

import time
from typing import Any

import pytest

import openai_core
from openai_core import AsyncStreamedBinaryResponse, HttpxBinaryResponseContent, Timeout
from openai_core._streaming import StreamedBinaryResponse
from openai_core.testing import LocalServer
from tests.conftest import Api
from transports import AsyncMockTransport, MockResponse, MockTransport

pytestmark = pytest.mark.timeout(30)

BIG = bytes(range(256)) * 40_000  # about 10 MB


async def test_file_content_whole_and_streamed(api: Api, server: LocalServer, tmp_path: Any) -> None:
    stored = server.state.add_file("big.bin", BIG, "assistants")
    whole = await api.run(api.client.files.content(stored.id))
    assert isinstance(whole, HttpxBinaryResponseContent) and whole.content == BIG
    streaming = api.client.files.with_options(stream_binary=True)
    download = await api.run(streaming.content(stored.id))
    target = tmp_path / "out.bin"
    if api.kind == "sync":
        assert isinstance(download, StreamedBinaryResponse)
        chunks = 0
        for _ in download.iter_bytes():
            chunks += 1
        assert chunks > 1  # it arrived in pieces, not as one buffer
        again = await api.run(streaming.content(stored.id))
        assert again.write_to_file(target) == len(BIG)
    else:
        assert isinstance(download, AsyncStreamedBinaryResponse)
        async with download:
            assert await download.read() == BIG
        again = await api.run(streaming.content(stored.id))
        assert await again.write_to_file(target) == len(BIG)
    assert target.read_bytes() == BIG


async def test_client_level_stream_binary_streams_every_binary_answer(api: Api, server: LocalServer) -> None:
    stored = server.state.add_file("small.bin", b"0123456789" * 100, "assistants")
    streaming = api.client.with_options(stream_binary=True)
    body = await api.run(streaming.files.content(stored.id))
    speech = await api.run(streaming.audio.speech.create(model="tts-1", input="Hi", voice="alloy"))
    listed = await api.run(streaming.files.retrieve(stored.id))
    assert listed.id == stored.id  # a JSON answer is parsed as usual
    if api.kind == "sync":
        assert isinstance(body, StreamedBinaryResponse) and isinstance(speech, StreamedBinaryResponse)
        with body:
            assert body.read() == b"0123456789" * 100
        with speech:
            assert len(speech.read()) > 0
    else:
        assert isinstance(body, AsyncStreamedBinaryResponse) and isinstance(speech, AsyncStreamedBinaryResponse)
        async with body:
            assert await body.read() == b"0123456789" * 100
        async with speech:
            assert len(await speech.read()) > 0
    whole = await api.run(api.client.files.content(stored.id))
    assert isinstance(whole, HttpxBinaryResponseContent)  # the client it was copied from is unchanged


SPEECH_EVENTS = [
    {"type": "speech.audio.delta", "audio": "AAAA"},
    {"type": "speech.audio.done", "usage": {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3}},
]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_speech_streams_events_with_stream_format_sse(kind: str) -> None:
    def handler(request: openai_core.Request) -> MockResponse:
        if request.stream:
            return MockResponse.sse(SPEECH_EVENTS, done=False)
        return MockResponse(headers={"content-type": "audio/mpeg"}, body=b"ID3audio")

    transport: Any = MockTransport(handler) if kind == "sync" else AsyncMockTransport(handler)
    client: Any = (openai_core.Client if kind == "sync" else openai_core.AsyncClient)(api_key="k", transport=transport)
    audio = await Api.run(client.audio.speech.create(model="tts-1", input="hi", voice="alloy"))
    assert isinstance(audio, HttpxBinaryResponseContent) and audio.content == b"ID3audio"
    stream = await Api.run(client.audio.speech.create(model="tts-1", input="hi", voice="alloy", stream_format="sse"))
    events = await Api.collect(stream)
    assert [e.type for e in events] == ["speech.audio.delta", "speech.audio.done"]
    assert transport.requests[-1].headers["Accept"] == "application/octet-stream"  # as the SDK sends it


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_deadline_bounds_all_attempts(kind: str) -> None:
    busy = MockResponse.json({"error": {"message": "busy"}}, status=503, headers={"retry-after": "0.3"})
    transport: Any = MockTransport(lambda r: busy) if kind == "sync" else AsyncMockTransport(lambda r: busy)
    cls: Any = openai_core.Client if kind == "sync" else openai_core.AsyncClient
    client = cls(api_key="k", transport=transport, max_retries=10)
    started = time.monotonic()
    with pytest.raises(openai_core.InternalServerError):
        await Api.run(client.models.list(timeout=Timeout(total=5, deadline=1.0)))
    assert time.monotonic() - started < 1.0
    assert 2 <= len(transport.requests) <= 4  # 0.3 s apart: the deadline stops the retries early
    assert transport.requests[-1].timeout.total <= 1.0  # each attempt is cut to what is left
