"""A minimal HTTP/1.1 server for the benchmark: keep-alive, precomputed bodies, little CPU.

Run as ``python -m tools.bench._server [--cpu N] [--prewarm 20000,...]``; it binds an ephemeral
port on 127.0.0.1, prints ``PORT <n>`` and serves until killed. Routes:

* ``POST /v1/chat/completions``: a chat completion, or with ``"stream": true`` an SSE stream of
  ``max_completion_tokens`` content chunks (default 20,000), plus a usage chunk when asked.
* ``POST /v1/responses`` with ``"stream": true``: ``max_output_tokens`` text deltas.
* ``POST /v1/embeddings``: one 1,536-dim vector, as floats or (``encoding_format``) base64.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Iterable
from typing import Any

from . import _payloads

__all__ = ["main"]

DEFAULT_STREAM = 20_000
FRAME = 16 * 1024  # bytes per HTTP chunk of a streamed body (a busy socket's read size)

_COMMON = (
    b"x-request-id: req_5f3c2e1d0b9a8f7e6d5c4b3a29180716\r\n"
    b"openai-organization: user-bench\r\n"
    b"openai-processing-ms: 212\r\n"
    b"openai-version: 2020-10-01\r\n"
    b"x-ratelimit-limit-requests: 30000\r\n"
    b"x-ratelimit-limit-tokens: 150000000\r\n"
    b"x-ratelimit-remaining-requests: 29999\r\n"
    b"x-ratelimit-remaining-tokens: 149999990\r\n"
    b"x-ratelimit-reset-requests: 2ms\r\n"
    b"x-ratelimit-reset-tokens: 0s\r\n"
    b"date: Mon, 10 Mar 2025 01:25:52 GMT\r\n"
)


def _whole(body: bytes, status: bytes = b"200 OK") -> bytes:
    """A complete JSON response: head and body in one buffer, written with one call."""
    return (
        b"HTTP/1.1 "
        + status
        + b"\r\ncontent-type: application/json\r\ncontent-length: "
        + str(len(body)).encode()
        + b"\r\n"
        + _COMMON
        + b"\r\n"
        + body
    )


def _error(status: bytes, message: str) -> bytes:
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": None}}
    return _whole(json.dumps(body).encode(), status)


_STREAM_HEAD = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ntransfer-encoding: chunked\r\n"
    + _COMMON
    + b"\r\n"
)
_CHAT = _whole(_payloads.chat_completion())
_EMBED_FLOAT = _whole(_payloads.embedding_floats())
_EMBED_B64 = _whole(_payloads.embedding_base64())
_NOT_FOUND = _error(b"404 Not Found", "Unknown route (bench server).")
_responses_cache: dict[int, bytes] = {}


def _responses_body(count: int) -> bytes:
    body = _responses_cache.get(count)
    if body is None:
        body = _responses_cache[count] = _payloads.responses_stream(count)
    return body


class _Request:
    __slots__ = ("body", "close", "method", "path")

    def __init__(self, method: bytes, path: bytes, body: bytes, close: bool) -> None:
        self.method = method
        self.path = path
        self.body = body
        self.close = close


async def _read_request(reader: asyncio.StreamReader) -> _Request:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head[:-4].split(b"\r\n")
    method, target, _version = lines[0].split(b" ", 2)
    length = 0
    chunked = close = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            close = value.strip().lower() == b"close"
    if chunked:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                    pass
                break
            parts.append(await reader.readexactly(size + 2))
        body = b"".join(p[:-2] for p in parts)
    else:
        body = await reader.readexactly(length) if length else b""
    return _Request(method, target.split(b"?", 1)[0], body, close)


async def _send_stream(writer: asyncio.StreamWriter, pieces: Iterable[bytes]) -> None:
    """Write ``pieces`` as a chunked body in FRAME-sized HTTP chunks, respecting back-pressure."""
    writer.write(_STREAM_HEAD)
    buf = bytearray()
    prefix = f"{FRAME:x}\r\n".encode()
    for piece in pieces:
        buf += piece
        while len(buf) >= FRAME:
            writer.write(prefix + buf[:FRAME] + b"\r\n")
            del buf[:FRAME]
            await writer.drain()
    if buf:
        writer.write(f"{len(buf):x}\r\n".encode() + buf + b"\r\n")
    writer.write(b"0\r\n\r\n")
    await writer.drain()


def _params(body: bytes) -> dict[str, Any]:
    try:
        params = json.loads(body) if body else {}
    except ValueError:
        return {}
    return params if isinstance(params, dict) else {}


async def _respond(request: _Request, writer: asyncio.StreamWriter) -> None:
    path = request.path
    if request.method != b"POST":
        writer.write(_NOT_FOUND)
    elif path == b"/v1/chat/completions":
        params = _params(request.body)
        if params.get("stream") is True:
            count = int(params.get("max_completion_tokens") or params.get("max_tokens") or DEFAULT_STREAM)
            options = params.get("stream_options") or {}
            await _send_stream(writer, _payloads.chat_stream(count, bool(options.get("include_usage"))))
            return
        writer.write(_CHAT)
    elif path == b"/v1/embeddings":
        params = _params(request.body)
        writer.write(_EMBED_B64 if params.get("encoding_format") == "base64" else _EMBED_FLOAT)
    elif path == b"/v1/responses":
        params = _params(request.body)
        if params.get("stream") is not True:
            writer.write(_error(b"400 Bad Request", "The bench server only streams responses."))
        else:
            await _send_stream(writer, [_responses_body(int(params.get("max_output_tokens") or DEFAULT_STREAM))])
            return
    else:
        writer.write(_NOT_FOUND)
    if writer.transport.get_write_buffer_size() > 256 * 1024:
        await writer.drain()


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            request = await _read_request(reader)
            await _respond(request, writer)
            if request.close:
                break
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def _serve(prewarm: list[int]) -> None:
    for count in prewarm:
        _responses_body(count)
    server = await asyncio.start_server(_handle, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    """Serve until interrupted or terminated."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench._server")
    parser.add_argument("--cpu", type=int, default=None, help="pin the server to this core")
    parser.add_argument("--prewarm", default="", help="Responses stream sizes to build before serving")
    args = parser.parse_args(argv)
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    prewarm = [int(x) for x in args.prewarm.split(",") if x]
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(prewarm))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
