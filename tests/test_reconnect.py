"""WebSocket reconnection with the SDK's options: the pure policy, and both clients' Realtime and
Responses connections against a local WebSocket server that drops them."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import WSCloseCode, WSMsgType, web

from openai_core import (
    AsyncClient,
    Client,
    ReconnectingEvent,
    WebSocketConnectionClosedError,
    WebSocketQueueFullError,
)
from openai_core._reconnect import Reconnection, SendQueue, is_recoverable_close

pytestmark = pytest.mark.timeout(60)


# ---- the policy (pure) -------------------------------------------------------------------------


def test_no_handler_or_a_final_close_means_no_attempt() -> None:
    assert list(Reconnection().attempts(1006)) == []  # as the SDK: only with on_reconnecting
    seen: list[ReconnectingEvent] = []
    policy = Reconnection(on_reconnecting=seen.append)
    for code in (1000, 1002, 1003, 1008, 4000):
        assert not is_recoverable_close(code) and list(policy.attempts(code)) == []
    assert seen == []
    for code in (1001, 1005, 1006, 1011, 1012, 1013, 1015):
        assert is_recoverable_close(code) and policy.wanted(code) and not Reconnection().wanted(code)


def test_backoff_doubles_with_jitter_up_to_the_cap() -> None:
    seen: list[ReconnectingEvent] = []
    policy = Reconnection(on_reconnecting=seen.append, max_retries=6, initial_delay=0.5, max_delay=3.0)
    delays = list(policy.attempts(1012))
    assert [e.attempt for e in seen] == [1, 2, 3, 4, 5, 6] and {e.max_attempts for e in seen} == {6}
    assert [e.delay for e in seen] == delays and {e.close_code for e in seen} == {1012}
    for delay, base in zip(delays, [0.5, 1.0, 2.0, 3.0, 3.0, 3.0], strict=True):
        assert 0.75 * base <= delay <= base


def test_overrides_abort_and_a_failing_handler() -> None:
    def handler(event: ReconnectingEvent) -> Any:
        if event.attempt == 1:
            return {"extra_query": {"resume": "1"}, "extra_headers": {"X-Try": "2"}}
        if event.attempt == 2:
            return None  # keep what there is
        return {"abort": True}

    policy = Reconnection(on_reconnecting=handler, extra_query={"a": "b"}, max_retries=5)
    attempts = policy.attempts(1006)
    next(attempts)
    assert policy.extra_query == {"resume": "1"} and policy.extra_headers == {"X-Try": "2"}
    next(attempts)
    assert policy.extra_query == {"resume": "1"}
    assert list(attempts) == []  # aborted at the third

    def broken(event: ReconnectingEvent) -> None:
        raise RuntimeError("handler bug")

    assert list(Reconnection(on_reconnecting=broken).attempts(1006)) == []


def test_send_queue_is_bounded_by_bytes_and_keeps_order() -> None:
    queue = SendQueue(max_bytes=10)
    queue.enqueue("héllo")  # 6 bytes in UTF-8
    with pytest.raises(WebSocketQueueFullError, match="10 bytes"):
        queue.enqueue("abcde")
    queue.enqueue("abcd")
    assert len(queue) == 2 and queue.first() == "héllo"
    queue.sent()
    assert queue.first() == "abcd" and queue.drain() == ["abcd"] and queue.first() is None


# ---- a WebSocket server that drops the first connection ----------------------------------------


class DroppingServer:
    """``/v1/realtime`` and ``/v1/responses``: each connection gets ``session.created``; the
    first then reads one message and ends (``close_code``, or a cut connection for 1006); later
    ones echo what they receive as ``{"type": "echo", "text": ...}``."""

    def __init__(self, close_code: int, refuse_again: bool = False) -> None:
        self.close_code = close_code
        self.refuse_again = refuse_again  # answer 503 to every upgrade after the first
        self.refused = 0
        self.upgrades: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self.received: list[list[str]] = []
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def _handle(self, request: web.Request) -> web.WebSocketResponse:
        if self.refuse_again and self.upgrades:
            self.refused += 1
            raise web.HTTPServiceUnavailable()
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        number = len(self.upgrades)
        self.upgrades.append((request.path, dict(request.query), dict(request.headers)))
        got: list[str] = []
        self.received.append(got)
        await ws.send_str(json.dumps({"type": "session.created", "event_id": f"conn{number}"}))
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                break
            got.append(message.data)
            if number == 0:
                if self.close_code == WSCloseCode.ABNORMAL_CLOSURE:
                    assert request.transport is not None
                    request.transport.abort()  # no close frame: a dropped connection
                else:
                    await ws.close(code=self.close_code)
                break
            await ws.send_str(json.dumps({"type": "echo", "text": message.data}))
        return ws

    def __enter__(self) -> DroppingServer:
        async def start() -> None:
            app = web.Application()
            app.router.add_get("/v1/realtime", self._handle)
            app.router.add_get("/v1/responses", self._handle)
            self._runner = web.AppRunner(app)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self.url = f"http://127.0.0.1:{port}/v1"

        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._runner is not None
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


@pytest.fixture(params=[1012, 1006], ids=["close-1012", "dropped"])
def dropping(request: pytest.FixtureRequest) -> Iterator[DroppingServer]:
    with DroppingServer(request.param) as server:
        yield server


CLEAR = {"type": "input_audio_buffer.clear"}
COMMIT = {"type": "input_audio_buffer.commit"}


async def _run(
    kind: str, url: str, endpoint: str, reads: int, on_reconnecting: Any = None, **options: Any
) -> list[Any]:
    """Connect (``endpoint``: realtime or responses), read the greeting, send ``CLEAR``, then read
    up to ``reads`` more events. ``on_reconnecting(event, send)`` may ``send`` an event: it is
    sent while reconnecting (on ``AsyncClient``, from another task)."""
    holder: dict[str, Any] = {}
    tasks: list[asyncio.Task[None]] = []

    def send(event: dict[str, Any]) -> None:
        sent = holder["conn"].send(event)
        if sent is not None:
            tasks.append(asyncio.get_running_loop().create_task(sent))

    if on_reconnecting is not None:
        options["on_reconnecting"] = lambda event: on_reconnecting(event, send)
    if kind == "sync":
        client = Client(api_key="sk-test", base_url=url)
        try:
            opened = (
                client.realtime.connect(model="gpt-realtime", **options)
                if endpoint == "realtime"
                else client.responses.connect(**options)
            )
            with opened as conn:
                holder["conn"] = conn
                got = [conn.recv()]
                conn.send(CLEAR)
                got += [event for _, event in zip(range(reads), conn, strict=False)]
            return got
        finally:
            client.close()
    aclient = AsyncClient(api_key="sk-test", base_url=url)
    try:
        aopened = (
            aclient.realtime.connect(model="gpt-realtime", **options)
            if endpoint == "realtime"
            else aclient.responses.connect(**options)
        )
        async with aopened as aconn:
            holder["conn"] = aconn
            got = [await aconn.recv()]
            await aconn.send(CLEAR)
            async for event in aconn:
                got.append(event)
                if len(got) > reads:
                    break
        return got
    finally:
        await asyncio.gather(*tasks)
        await aclient.aclose()


@pytest.mark.parametrize("endpoint", ["realtime", "responses"])
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_dropped_connection_is_opened_again(kind: str, endpoint: str, dropping: DroppingServer) -> None:
    seen: list[ReconnectingEvent] = []

    def on_reconnecting(event: ReconnectingEvent, send: Any) -> Any:
        seen.append(event)
        send(COMMIT)  # queued, then sent on the new connection
        return {"extra_query": {"resume": "1"}, "extra_headers": {"X-Attempt": str(event.attempt + 1)}}

    events = await _run(
        kind, dropping.url, endpoint, reads=2, on_reconnecting=on_reconnecting, extra_headers={"X-Attempt": "1"}
    )
    assert [e.type for e in events] == ["session.created", "session.created", "echo"]
    assert [e.event_id for e in events[:2]] == ["conn0", "conn1"]  # the second greeting is the new socket's
    assert json.loads(events[2].text) == COMMIT
    assert len(seen) == 1 and seen[0].attempt == 1 and seen[0].close_code == dropping.close_code
    assert seen[0].extra_headers == {"X-Attempt": "1"} and seen[0].max_attempts == 5
    (path0, query0, headers0), (path1, query1, headers1) = dropping.upgrades
    assert path0 == path1 == f"/v1/{endpoint}"
    assert query1 == {**query0, "resume": "1"} and headers0["X-Attempt"] == "1" and headers1["X-Attempt"] == "2"
    assert headers1["Authorization"] == "Bearer sk-test"
    assert [json.loads(m) for m in dropping.received[0]] == [CLEAR]
    assert [json.loads(m) for m in dropping.received[1]] == [COMMIT]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_without_a_handler_the_connection_just_ends(kind: str, dropping: DroppingServer) -> None:
    events = await _run(kind, dropping.url, "realtime", reads=3)
    assert [e.type for e in events] == ["session.created"] and len(dropping.upgrades) == 1


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_final_close_code_is_not_retried(kind: str) -> None:
    seen: list[ReconnectingEvent] = []
    with DroppingServer(1008) as server:  # policy violation: reconnecting would not help
        events = await _run(kind, server.url, "realtime", reads=3, on_reconnecting=lambda e, c: seen.append(e))
    assert [e.type for e in events] == ["session.created"] and seen == [] and len(server.upgrades) == 1


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_giving_up_with_queued_messages_hands_them_back(kind: str) -> None:
    seen: list[ReconnectingEvent] = []

    def on_reconnecting(event: ReconnectingEvent, send: Any) -> None:
        seen.append(event)
        if event.attempt == 1:
            send(COMMIT)

    with DroppingServer(1012, refuse_again=True) as server, pytest.raises(WebSocketConnectionClosedError) as info:
        await _run(
            kind, server.url, "realtime", reads=3, on_reconnecting=on_reconnecting, max_retries=2, initial_delay=0.01
        )
    assert [json.loads(m) for m in info.value.unsent_messages] == [COMMIT]
    assert [e.attempt for e in seen] == [1, 2] and server.refused == 2 and len(server.upgrades) == 1


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_websocket_connection_options_are_refused_by_name(kind: str) -> None:
    client: Any = Client(api_key="k") if kind == "sync" else AsyncClient(api_key="k")
    for connect in (client.realtime.connect, client.beta.realtime.connect):
        with pytest.raises(TypeError, match="websocket_connection_options"):
            connect(model="m", websocket_connection_options={"max_size": 1})
    for connect in (client.responses.connect, client.beta.responses.connect):
        with pytest.raises(TypeError, match="websocket_connection_options"):
            connect(websocket_connection_options={"max_size": 1})
    with pytest.raises(TypeError, match="max_retries"):
        client.realtime.connect(model="m", max_retries=-1)
