"""The SSE decoder against the WHATWG rules that matter (a leading BOM, default event names, the
last event id), checked with hypothesis against a small reference model of those rules; the
caps on one line and one event; and both clients reading such streams from a real server."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from openai_core import SSELimits, StreamEventTooLargeError
from openai_core._sse import ServerSentEvent, SSEDecoder
from tests.conftest import Api, close_client, make_client
from tests.scripted import ScriptedServer, chunked

BOM = "\ufeff"


def reference(stream: str) -> list[ServerSentEvent]:
    """The events the WHATWG "interpreting an event stream" steps dispatch for ``stream`` (text,
    decoded); at the end of input, an event without its blank line is discarded."""
    if stream.startswith(BOM):
        stream = stream[1:]
    *lines, _unterminated = re.split(r"\r\n|\r|\n", stream)
    events: list[ServerSentEvent] = []
    data: str = ""
    event_type = ""
    last_id: str | None = None
    retry: int | None = None
    for line in lines:
        if line == "":
            if data:
                event = None if event_type in ("", "message") else event_type
                events.append(ServerSentEvent(data.removesuffix("\n"), event, last_id, retry))
            data, event_type = "", ""
            continue
        if line.startswith(":"):
            continue
        field, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if field == "event":
            event_type = value
        elif field == "data":
            data += value + "\n"
        elif field == "id":
            if "\0" not in value:
                last_id = value
        elif field == "retry" and value and all(c in "0123456789" for c in value):
            retry = int(value)
    return events


def fed(chunks: list[bytes], limits: SSELimits | None = None) -> list[ServerSentEvent]:
    decoder = SSEDecoder() if limits is None else SSEDecoder(limits)
    return [event for chunk in chunks for event in decoder.feed(chunk)]


def split(raw: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(raw) + 1) for c in cuts})
    bounds = [0, *points, len(raw)]
    return [raw[a:b] for a, b in itertools.pairwise(bounds)]


_value = st.lists(st.sampled_from(["a", "Z", " ", ":", "\0", "é", "☃", BOM, "message", "1"]), max_size=6).map("".join)
_line = st.one_of(
    st.builds(lambda v: "data:" + v, _value),
    st.builds(lambda v: "data: " + v, _value),
    st.just("data"),
    st.builds(lambda v: "event:" + v, st.sampled_from(["", " ", " message", "message", " delta", "x", " message "])),
    st.builds(lambda v: "id:" + v, _value),
    st.just("id"),
    st.builds(lambda v: "retry: " + v, st.sampled_from(["10", "0", "1.5", "", "٣", "7a"])),
    st.builds(lambda v: ":" + v, _value),
    st.builds(lambda v: BOM + "data: " + v, _value),
    _value,
    st.just(""),
    st.just(""),
)


@settings(max_examples=300, deadline=None)
@given(
    bom=st.booleans(),
    lines=st.lists(st.tuples(_line, st.sampled_from(["\n", "\r", "\r\n"])), max_size=25),
    tail=_value,
    cuts=st.lists(st.integers(min_value=0, max_value=4096), max_size=10),
)
def test_decoder_matches_the_whatwg_reference(
    bom: bool, lines: list[tuple[str, str]], tail: str, cuts: list[int]
) -> None:
    text = (BOM if bom else "") + "".join(line + eol for line, eol in lines) + tail
    raw = text.encode()
    expected = reference(text)
    assert fed([raw]) == expected
    assert fed(split(raw, cuts)) == expected
    assert fed([raw[i : i + 1] for i in range(len(raw))]) == expected


@pytest.mark.parametrize("cut", [0, 1, 2, 3, 4, 8])
def test_a_leading_bom_is_stripped_wherever_the_chunks_split_it(cut: int) -> None:
    raw = BOM.encode() + b"data: first\n\ndata: second\n\n"
    assert [e.data for e in fed([raw[:cut], raw[cut:]])] == ["first", "second"]


def test_only_the_leading_bom_is_stripped() -> None:
    raw = (BOM + BOM + "data: hidden\n\ndata: seen\n\n").encode()
    assert [e.data for e in fed([raw])] == ["seen"]  # the second BOM makes "\ufeffdata" an unknown field


def test_default_event_names_and_a_persisting_id() -> None:
    raw = b"id: 5\nevent:\ndata: a\n\nevent: message\ndata: b\n\nevent: delta\nid: 6\ndata: c\n\nid\ndata: d\n\n"
    assert fed([raw]) == [
        ServerSentEvent("a", None, "5"),
        ServerSentEvent("b", None, "5"),
        ServerSentEvent("c", "delta", "6"),
        ServerSentEvent("d", None, ""),
    ]


# ---- caps -------------------------------------------------------------------------------------------


def test_a_line_without_end_is_capped_while_it_arrives() -> None:
    decoder = SSEDecoder(SSELimits(max_line=1000))
    decoder.feed(b"data: " + b"x" * 900)
    with pytest.raises(StreamEventTooLargeError, match="max_line") as caught:
        decoder.feed(b"x" * 200)
    assert caught.value.limit == 1000


def test_a_long_line_in_one_chunk_and_a_long_comment_are_capped() -> None:
    with pytest.raises(StreamEventTooLargeError):
        SSEDecoder(SSELimits(max_line=100)).feed(b"data: " + b"x" * 200 + b"\n\n")
    with pytest.raises(StreamEventTooLargeError):
        SSEDecoder(SSELimits(max_line=100)).feed(b":" + b"k" * 200 + b"\n")
    assert fed([b"data: " + b"x" * 94 + b"\n\n"], SSELimits(max_line=100))[0].data == "x" * 94


def test_an_event_of_many_short_lines_is_capped() -> None:
    decoder = SSEDecoder(SSELimits(max_line=100, max_event=1000))
    with pytest.raises(StreamEventTooLargeError, match="max_event") as caught:
        for _ in range(200):
            decoder.feed(b"data: " + b"y" * 50 + b"\n")
    assert caught.value.limit == 1000
    assert fed([b"data: y\n" * 100 + b"\n"], SSELimits(max_event=1000))[0].data == "\n".join(["y"] * 100)


def test_limits_are_positive() -> None:
    with pytest.raises(ValueError):
        SSELimits(max_line=0)


# ---- both clients, against a real server --------------------------------------------------------------


def chunk(content: str) -> dict[str, Any]:
    return {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
    }


def sse(payload: Any, head: str = "") -> bytes:
    return f"{head}data: {json.dumps(payload)}\n\n".encode()


MESSAGES = [{"role": "user", "content": "x"}]


@pytest.fixture(scope="module")
def scripted() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture(params=["sync", "async"])
async def client_kind(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    yield str(request.param)


async def stream_contents(kind: str, url: str, **settings: Any) -> list[str | None]:
    client: Any = make_client(kind, base_url=url, max_retries=0, **settings)
    try:
        stream = await Api.run(client.chat.completions.create(model="m", messages=MESSAGES, stream=True))
        return [c.choices[0].delta.content for c in await Api.collect(stream)]
    finally:
        await close_client(client)


async def test_bom_and_message_event_names_reach_both_clients(scripted: ScriptedServer, client_kind: str) -> None:
    body = (
        BOM.encode()[:2],
        BOM.encode()[2:] + sse(chunk("one")),
        sse(chunk("two"), "event: message\n"),
        sse(chunk("three"), "event:\n"),
        b"data: [DONE]\n\n",
    )
    url = scripted.route(chunked(*body))
    assert await stream_contents(client_kind, url) == ["one", "two", "three"]


async def test_a_line_past_the_cap_ends_the_stream_typed(scripted: ScriptedServer, client_kind: str) -> None:
    url = scripted.route(chunked(sse(chunk("ok")), b"data: " + b"x" * (3 * 1024 * 1024) + b"\n\n"))
    with pytest.raises(StreamEventTooLargeError):
        await stream_contents(client_kind, url, sse_limits=SSELimits(max_line=1024 * 1024))
    url = scripted.route(chunked(sse(chunk("ok")), b"data: x\n" * 700_000 + b"\n"))
    with pytest.raises(StreamEventTooLargeError):
        await stream_contents(client_kind, url, sse_limits=SSELimits(max_event=1024 * 1024))
    url = scripted.route(chunked(sse(chunk("ok")), sse(chunk("y" * 3_000_000)), b"data: [DONE]\n\n"))
    assert await stream_contents(client_kind, url) == ["ok", "y" * 3_000_000]  # the default caps are generous


_ENDLESS_LINE = textwrap.dedent(
    """
    import asyncio, resource, sys
    from aiohttp import web
    from openai_core import Client, AsyncClient, StreamEventTooLargeError
    from tests.scripted import ScriptedServer

    async def endless(request):  # 200 MB without a line end, as fast as the client reads
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        piece = b"data: " + b"x" * (1024 * 1024 - 6)
        try:
            for _ in range(200):
                await response.write(piece)
                piece = b"x" * (1024 * 1024)
        except (ConnectionError, asyncio.CancelledError):
            pass
        return response

    def peak():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    async def main(kind):
        with ScriptedServer() as server:
            url = server.route(endless)
            client = (Client if kind == "sync" else AsyncClient)(api_key="k", base_url=url, max_retries=0)
            before = peak()
            try:
                stream = client.chat.completions.create(model="m", messages=[], stream=True)
                if kind == "sync":
                    list(stream)
                else:
                    stream = await stream
                    [x async for x in stream]
            except StreamEventTooLargeError:
                print("capped", peak() - before)
            finally:
                if kind == "sync":
                    client.close()
                else:
                    await client.aclose()

    asyncio.run(main(sys.argv[1]))
    """
)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_memory_stays_bounded_on_a_200_mb_line(kind: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _ENDLESS_LINE, kind], capture_output=True, text=True, timeout=110, check=False
    )
    assert done.returncode == 0, done.stderr
    word, grown = done.stdout.split()
    assert word == "capped"
    assert int(grown) < 160, f"the client grew by {grown} MB reading a line capped at 32 MiB"
