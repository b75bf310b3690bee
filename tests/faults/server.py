"""A fault-injection HTTP server: a real ``aiohttp.web`` server on 127.0.0.1 that misbehaves
on purpose, for testing clients and transports against broken networks and servers.

It serves from a background thread (``with FaultServer() as srv``) on two ports, the second
one being another origin to redirect to. Each :meth:`FaultServer.scenario` gets its own
base URL, ``http://127.0.0.1:PORT/v1/<name>.<n>``; every request under it (for example
``POST .../chat/completions``) is answered the way ``name`` says and counted::

    sc = srv.scenario("stall-mid-body")
    client = Client(base_url=sc.base_url, ...)
    ...
    assert sc.hits == 1

A name may carry an argument after a colon (``trickle:0.01``, ``redirect:307:other``). Whether
the answer is JSON or an SSE stream follows the request's ``"stream"`` field. The scenarios:

``ok``                      a chat completion, or a stream of 3 chunks and ``[DONE]``
``reset-before-headers``    read the request, then drop the connection
``reset-mid-body``          send the headers and half the JSON (or 2 events), then drop
``invalid-json``            200 with a body (or an event) that is not JSON
``empty-body``              200 with an empty body
``invalid-utf8``            200 with a body that is not UTF-8
``html-502``                a proxy's HTML 502 page, every time
``429-retry-after-ms:MS``   a 429 with ``retry-after-ms: MS`` on the first request, then ``ok``
``503-then-200``            a 503 on the first request, then ``ok``
``insufficient-quota``      a 429 ``insufficient_quota``, every time
``stall-before-headers``    never answer (until the client leaves)
``stall-mid-body``          send the headers and half the JSON (or 2 events), then stall
``trickle[:SECONDS]``       send the answer one byte at a time, every SECONDS (0.2)
``slow-stream[:SECONDS]``   stream 4 chunks SECONDS (0.2) apart, then ``[DONE]``
``keepalive[:SECONDS]``     stream headers, then only ``: keepalive`` comments, SECONDS (0.1) apart
``truncated-stream``        2 events, then a clean end without ``[DONE]``
``error-event``             2 events, then an ``error`` event
``gzip-bomb[:MIB]``         200, ``Content-Encoding: gzip``: MIB (1024) MiB of zeros in about MIB KiB
``huge-event[:BYTES]``      one chunk whose content is BYTES (16 MiB) long, then ``[DONE]``
``redirect:STATUS:WHERE``   a STATUS redirect to ``other`` (the second port), ``same`` (this
                            origin), ``bounce`` (the other origin, which redirects back) or
                            ``http`` (the other port over plain http);
                            ``loop`` redirects to itself forever

Requests that land after a redirect are recorded in :attr:`Scenario.landed` (method, port,
headers, body) and are not counted in :attr:`Scenario.hits`.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import socket
import ssl
import struct
import threading
import zlib
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiohttp import web

__all__ = ["BlackHole", "FaultServer", "Landing", "Scenario", "chat_chunk", "chat_completion"]

STALL = 30.0  # "forever": stalled handlers are cancelled when the client leaves
HUGE = 16 * 1024 * 1024


def chat_completion(content: str = "ok") -> dict[str, Any]:
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
    }


def chat_chunk(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
    }


def sse(data: Any, event: str | None = None) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {text}\n\n".encode()


DONE = sse("[DONE]")


@dataclass(frozen=True)
class Landing:
    """A request that arrived after a redirect."""

    method: str
    port: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Scenario:
    """One use of a scenario: its base URL and what the server saw."""

    server: FaultServer
    name: str
    key: str

    @property
    def base_url(self) -> str:
        return f"{self.server.origin}/v1/{self.key}"

    @property
    def hits(self) -> int:
        """Requests received under :attr:`base_url` (redirect landings excluded)."""
        return self.server._hits[self.key]

    @property
    def landed(self) -> list[Landing]:
        """Requests that arrived after a redirect, oldest first."""
        return list(self.server._landed[self.key])


@dataclass(frozen=True)
class _Call:
    request: web.Request
    key: str
    arg: str
    hit: int
    stream: bool


Handler = Callable[["FaultServer", _Call], Awaitable[web.StreamResponse]]


class FaultServer:
    """The server; see the module's documentation for the scenarios."""

    def __init__(self, *, ssl_context: ssl.SSLContext | None = None, host: str = "127.0.0.1") -> None:
        self.host = host
        self.scheme = "https" if ssl_context else "http"
        self.port = 0
        self.other_port = 0
        self._ssl = ssl_context
        self._ids = itertools.count(1)
        self._hits: Counter[str] = Counter()
        self._landed: defaultdict[str, list[Landing]] = defaultdict(list)
        self._runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None

    # -- addresses and observations --------------------------------------

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def other_origin(self) -> str:
        return f"{self.scheme}://{self.host}:{self.other_port}"

    def scenario(self, name: str) -> Scenario:
        """A fresh use of scenario ``name``, with its own base URL and counters."""
        if name.partition(":")[0] not in _SCENARIOS:
            raise ValueError(f"unknown scenario {name!r}")
        return Scenario(self, name, f"{name}.{next(self._ids)}")

    def open_connections(self) -> int:
        """TCP connections the server holds open right now (both ports)."""
        assert self._loop is not None

        async def count() -> int:
            assert self._runner is not None and self._runner.server is not None
            return len(self._runner.server.connections)

        return asyncio.run_coroutine_threadsafe(count(), self._loop).result()

    # -- running -----------------------------------------------------------

    def start(self) -> FaultServer:
        ready = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(ready),), daemon=True)
        self._thread.start()
        ready.wait()
        if not self.port:
            self._thread.join()
            raise RuntimeError("the fault server did not start")
        return self

    def stop(self) -> None:
        if self._thread is not None and self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join()
        self._thread = self._loop = self._stop = None

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    async def _serve(self, ready: threading.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/v1/{key}/{tail:.*}", self._scenario)
        app.router.add_route("*", "/landing/{key}/{tail:.*}", self._landing)
        app.router.add_route("*", "/bounce/{key}/{tail:.*}", self._bounce)
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
        try:
            await runner.setup()
            sites = [web.TCPSite(runner, self.host, 0, ssl_context=self._ssl) for _ in range(2)]
            for site in sites:
                await site.start()
            self._runner = runner
            self.port, self.other_port = (int(address[1]) for address in runner.addresses)
        finally:
            ready.set()
        try:
            await self._stop.wait()
        finally:
            await runner.cleanup()

    # -- handlers ------------------------------------------------------------

    async def _scenario(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        self._hits[key] += 1
        name, _, arg = key.rpartition(".")[0].partition(":")
        stream = _wants_stream(await request.read())
        return await _SCENARIOS[name](self, _Call(request, key, arg, self._hits[key], stream))

    async def _landing(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self._record(request, body)
        stream = _wants_stream(body)
        ctype = "text/event-stream" if stream else "application/json"
        return web.Response(body=_answer(stream, "landed"), content_type=ctype)

    async def _bounce(self, request: web.Request) -> web.StreamResponse:
        self._record(request, await request.read())
        key, tail = request.match_info["key"], request.match_info["tail"]
        return web.Response(status=307, headers={"Location": f"{self.origin}/landing/{key}/{tail}"})

    def _record(self, request: web.Request, body: bytes) -> None:
        port = int(request.transport.get_extra_info("sockname")[1]) if request.transport else 0
        landing = Landing(request.method, port, {k.lower(): v for k, v in request.headers.items()}, body)
        self._landed[request.match_info["key"]].append(landing)


# -- the scenarios -------------------------------------------------------------


def _wants_stream(body: bytes) -> bool:
    try:
        return json.loads(body).get("stream") is True
    except (ValueError, AttributeError):
        return False


def _answer(stream: bool, content: str = "ok") -> bytes:
    """The normal answer's bytes: a completion, or a whole stream."""
    if stream:
        return b"".join([sse(chat_chunk(word)) for word in (content, " and", " more")] + [DONE])
    return json.dumps(chat_completion(content)).encode()


def _two_events() -> bytes:
    return sse(chat_chunk("one")) + sse(chat_chunk(" two"))


async def _start(call: _Call, *, length: int | None = None, status: int = 200) -> web.StreamResponse:
    """Send the headers of a JSON answer of ``length`` bytes, or of an SSE stream."""
    resp = web.StreamResponse(status=status)
    if call.stream:
        resp.content_type = "text/event-stream"
    else:
        resp.content_type = "application/json"
        resp.content_length = length
    await resp.prepare(call.request)
    return resp


async def _drop(call: _Call) -> None:
    """Drop the connection, once what was written has had time to leave."""
    await asyncio.sleep(0.05)
    transport = call.request.transport
    if transport is not None:
        transport.abort()


async def _partial(call: _Call) -> web.StreamResponse:
    """Headers and the first part of the body: half the JSON, or two events."""
    whole = _answer(call.stream)
    resp = await _start(call, length=len(whole))
    await resp.write(_two_events() if call.stream else whole[: len(whole) // 2])
    return resp


async def ok(server: FaultServer, call: _Call) -> web.StreamResponse:
    body = _answer(call.stream)
    ctype = "text/event-stream" if call.stream else "application/json"
    return web.Response(body=body, content_type=ctype)


async def reset_before_headers(server: FaultServer, call: _Call) -> web.StreamResponse:
    await _drop(call)
    raise asyncio.CancelledError  # nothing more to say to a dropped connection


async def reset_mid_body(server: FaultServer, call: _Call) -> web.StreamResponse:
    await _partial(call)
    await _drop(call)
    raise asyncio.CancelledError


async def stall_mid_body(server: FaultServer, call: _Call) -> web.StreamResponse:
    resp = await _partial(call)
    await asyncio.sleep(STALL)
    return resp


async def stall_before_headers(server: FaultServer, call: _Call) -> web.StreamResponse:
    await asyncio.sleep(STALL)
    return web.Response(status=500)


async def trickle(server: FaultServer, call: _Call) -> web.StreamResponse:
    interval = float(call.arg or 0.2)
    body = _answer(call.stream)
    resp = await _start(call, length=len(body))
    for byte in body:
        await resp.write(bytes([byte]))
        await asyncio.sleep(interval)
    await resp.write_eof()
    return resp


async def slow_stream(server: FaultServer, call: _Call) -> web.StreamResponse:
    interval = float(call.arg or 0.2)
    resp = await _start(call)
    for n in range(4):
        await resp.write(sse(chat_chunk(f"{n} ")))
        await asyncio.sleep(interval)
    await resp.write(DONE)
    await resp.write_eof()
    return resp


async def keepalive(server: FaultServer, call: _Call) -> web.StreamResponse:
    interval = float(call.arg or 0.1)
    resp = await _start(call)
    for _ in range(int(STALL / interval)):
        await resp.write(b": keepalive\n\n")
        await asyncio.sleep(interval)
    return resp


@functools.lru_cache(maxsize=4)
def _bomb(mib: int) -> bytes:
    """A gzip body of ``mib`` MiB of zeros: one compressed MiB, repeated (each one starts afresh)."""
    zeros = bytes(1024 * 1024)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    trailer = struct.pack("<II", crc, (mib << 20) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + block * mib + packer.flush() + trailer


async def gzip_bomb(server: FaultServer, call: _Call) -> web.StreamResponse:
    body = await asyncio.to_thread(_bomb, int(call.arg or 1024))
    ctype = "text/event-stream" if call.stream else "application/json"
    return web.Response(body=body, headers={"Content-Type": ctype, "Content-Encoding": "gzip"})


def _fixed(status: int, body: bytes, ctype: str = "application/json", **headers: str) -> Handler:
    async def handler(server: FaultServer, call: _Call) -> web.StreamResponse:
        return web.Response(status=status, body=body, headers={"Content-Type": ctype, **headers})

    return handler


def _error(message: str, type: str, code: str | None = None) -> bytes:
    return json.dumps({"error": {"message": message, "type": type, "code": code, "param": None}}).encode()


async def invalid_json(server: FaultServer, call: _Call) -> web.StreamResponse:
    if call.stream:
        return web.Response(body=sse(chat_chunk("fine")) + sse("{not json") + DONE, content_type="text/event-stream")
    return web.Response(body=b"{not json", content_type="application/json")


async def empty_body(server: FaultServer, call: _Call) -> web.StreamResponse:
    return web.Response(body=b"", content_type="text/event-stream" if call.stream else "application/json")


async def invalid_utf8(server: FaultServer, call: _Call) -> web.StreamResponse:
    if call.stream:
        return web.Response(body=b'data: {"id": "\xff\xfe"}\n\n' + DONE, content_type="text/event-stream")
    return web.Response(body=b'{"id": "\xff\xfe"}', content_type="application/json")


async def rate_limited_once(server: FaultServer, call: _Call) -> web.StreamResponse:
    if call.hit == 1:
        body = _error("Rate limit reached", "requests", "rate_limit_exceeded")
        return await _fixed(429, body, **{"retry-after-ms": call.arg or "10"})(server, call)
    return await ok(server, call)


async def unavailable_once(server: FaultServer, call: _Call) -> web.StreamResponse:
    if call.hit == 1:
        return await _fixed(503, _error("The server is overloaded", "server_error"))(server, call)
    return await ok(server, call)


async def truncated_stream(server: FaultServer, call: _Call) -> web.StreamResponse:
    resp = await _start(call)
    await resp.write(_two_events())
    await resp.write_eof()
    return resp


async def error_event(server: FaultServer, call: _Call) -> web.StreamResponse:
    resp = await _start(call)
    error = {"error": {"message": "model overloaded", "type": "server_error", "code": "overloaded", "param": None}}
    await resp.write(_two_events() + sse(error, event="error"))
    await resp.write_eof()
    return resp


async def huge_event(server: FaultServer, call: _Call) -> web.StreamResponse:
    size = int(call.arg or HUGE)
    resp = await _start(call)
    await resp.write(sse(chat_chunk("x" * size)))
    await resp.write(DONE)
    await resp.write_eof()
    return resp


async def redirect(server: FaultServer, call: _Call) -> web.StreamResponse:
    status, _, where = call.arg.partition(":")
    tail = call.request.match_info["tail"]
    targets = {
        "other": f"{server.other_origin}/landing/{call.key}/{tail}",
        "same": f"/landing/{call.key}/{tail}",
        "http": f"http://{server.host}:{server.other_port}/landing/{call.key}/{tail}",
        "bounce": f"{server.other_origin}/bounce/{call.key}/{tail}",
        "loop": str(call.request.rel_url),
    }
    return web.Response(status=int(status), headers={"Location": targets[where]})


_SCENARIOS: dict[str, Handler] = {
    "ok": ok,
    "reset-before-headers": reset_before_headers,
    "reset-mid-body": reset_mid_body,
    "invalid-json": invalid_json,
    "empty-body": empty_body,
    "invalid-utf8": invalid_utf8,
    "html-502": _fixed(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
    "429-retry-after-ms": rate_limited_once,
    "503-then-200": unavailable_once,
    "insufficient-quota": _fixed(
        429, _error("You exceeded your current quota", "insufficient_quota", "insufficient_quota")
    ),
    "stall-before-headers": stall_before_headers,
    "stall-mid-body": stall_mid_body,
    "trickle": trickle,
    "slow-stream": slow_stream,
    "keepalive": keepalive,
    "gzip-bomb": gzip_bomb,
    "truncated-stream": truncated_stream,
    "error-event": error_event,
    "huge-event": huge_event,
    "redirect": redirect,
}


class BlackHole:
    """A port that never completes a TCP handshake: its one-place accept queue is kept full,
    so further connection attempts hang until the client's connect timeout."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._listener = socket.socket()
        self._listener.bind((host, 0))
        self._listener.listen(0)
        self.host, self.port = self._listener.getsockname()[:2]
        self._filler = socket.create_connection((self.host, self.port))

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def close(self) -> None:
        self._filler.close()
        self._listener.close()

    def __enter__(self) -> BlackHole:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
