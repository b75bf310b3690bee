"""Transports over an httpx-style client of the user's (``httpx2`` or ``httpx``, sync or async).

The client is used through its public API only (``build_request``, ``send``, the response's
``iter_bytes``/``aiter_bytes``), so neither library is imported here. Everything the built-in
transports guarantee holds here too: headers are checked before sending, redirects are followed
by :mod:`transports._redirect` (the client's own ``follow_redirects`` is not used), bodies are
read as they are consumed and capped after decompression, and failures raise the core's typed
errors.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

from openai_core import (
    APIConnectionError,
    APITimeoutError,
    AsyncRawResponse,
    InvalidHeaderError,
    OpenAIError,
    PoolTimeoutError,
    RawResponse,
    Request,
    ResponseTooLargeError,
    Timeout,
)
from openai_core._request import MultipartBody

from ._body import pieces
from ._checks import MAX_BODY_SIZE, admit, body_limit, certificate_error
from ._deadline import ends, least, time_left
from ._redirect import Hop, follow, follow_async
from ._websocket import SyncWebSocketClient

__all__ = ["AsyncHttpxTransport", "HttpxTransport"]

# httpx and httpx2 share these exception names; InvalidURL is the one outside HTTPError.
_FAILURES = frozenset({"HTTPError", "InvalidURL"})


def _kinds(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def _failed(exc: BaseException) -> bool:
    """Whether ``exc`` is a failure of the exchange (not a bug to let through)."""
    return isinstance(exc, (OSError, asyncio.TimeoutError)) or not _FAILURES.isdisjoint(_kinds(exc))


def _typed(exc: BaseException) -> OpenAIError:
    if isinstance(exc, OpenAIError):
        return exc
    kinds = _kinds(exc)
    if "PoolTimeout" in kinds:
        return PoolTimeoutError("Request timed out waiting for a free connection of the http_client's pool")
    if "TimeoutException" in kinds or isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        return APITimeoutError(f"Request timed out ({type(exc).__name__})")
    if "LocalProtocolError" in kinds and "header" in str(exc).lower():  # a header of the client's own
        return InvalidHeaderError("a request header cannot be sent (a control or non-Latin-1 character)")
    return certificate_error(exc) or APIConnectionError(f"Connection error ({type(exc).__name__}: {exc})")


def _raise_typed(exc: BaseException) -> None:
    """Raise the typed error for a failed exchange; anything else goes on unchanged."""
    if not isinstance(exc, OpenAIError) and not _failed(exc):
        return
    error = _typed(exc)
    if error is exc:
        return
    raise error from (None if isinstance(error, InvalidHeaderError) else exc)  # its text may quote the value


def _answer(resp: Any) -> tuple[int, str | None]:
    return resp.status_code, resp.headers.get("location")


def _release(resp: Any) -> None:
    resp.close()


async def _release_async(resp: Any) -> None:
    await resp.aclose()


def _arguments(client: Any, hop: Hop, t: Timeout, end: float | None, content: Any) -> Any:
    """The client's request for one hop, with its time limits cut to what ``end`` leaves."""
    left = time_left(end)
    read = least(t.read, left)
    headers = dict(hop.headers)
    if isinstance(hop.body, MultipartBody) and not any(k.lower() == "content-length" for k in headers):
        headers["Content-Length"] = str(len(hop.body))  # sent whole, not chunked
    # httpx reads a 4-tuple as (connect, read, write, pool)
    timeout = (least(t.connect, left), read, read, least(t.pool, left))
    return client.build_request(hop.method, hop.url, headers=headers, content=content, timeout=timeout)


class _Cap:
    """Counts the bytes of a response body; past the limit, raises
    :class:`~openai_core.ResponseTooLargeError`."""

    def __init__(self, max_body_size: int, request: Request, resp: Any) -> None:
        self.limit = body_limit(max_body_size, request.stream, resp.headers)
        self.request_id = resp.headers.get("x-request-id")
        self.size = 0

    def __call__(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        if self.size > self.limit:
            raise ResponseTooLargeError(int(self.limit), request_id=self.request_id)
        return chunk


class HttpxTransport:
    """Sends :class:`~openai_core.Client` requests through an ``httpx2.Client`` (or an
    ``httpx.Client``): its proxies, TLS settings, limits, auth and event hooks apply.

    The client stays yours to close: :meth:`close` only stops this transport. ``timeout.connect``,
    ``timeout.read`` (also each write) and ``timeout.pool`` become the client's limits for each
    request; ``timeout.total`` and ``timeout.deadline`` are checked as the body arrives and
    cut every limit to the time they leave. A body larger than ``max_body_size`` bytes after
    decompression raises :class:`~openai_core.ResponseTooLargeError`.
    """

    def __init__(self, client: Any, *, max_body_size: int = MAX_BODY_SIZE) -> None:
        self.client = client
        self._max_body_size = max_body_size
        self._closed = False

    def send(self, request: Request) -> RawResponse:
        """Send ``request``; the body is read whole unless ``request.stream`` is set."""
        admit(request, self._closed)
        t = request.timeout
        call_end, attempt_end = ends(t)
        first = Hop(request.method, request.url, request.headers, request.body)
        try:
            resp = follow(first, lambda hop: self._send_hop(hop, t, attempt_end), _answer, _release)
        except Exception as exc:
            _raise_typed(exc)
            raise
        cap = _Cap(self._max_body_size, request, resp)
        if request.stream:
            chunks = _body(resp, call_end, cap, "deadline")
            return RawResponse(status=resp.status_code, headers=resp.headers, chunks=chunks, close=resp.close)
        content = b"".join(_body(resp, attempt_end, cap, "total time limit"))
        return RawResponse(status=resp.status_code, headers=resp.headers, content=content)

    def _send_hop(self, hop: Hop, t: Timeout, end: float | None) -> Any:
        content = iter(hop.body) if isinstance(hop.body, MultipartBody) else hop.body
        built = _arguments(self.client, hop, t, end, content)
        return self.client.send(built, stream=True, follow_redirects=False)

    def connect_websocket(self, url: str, headers: Mapping[str, str]) -> SyncWebSocketClient:
        """Open a WebSocket (Realtime sessions), with the optional websocket-client package."""
        return SyncWebSocketClient(url, headers, timeout=30.0)

    def close(self) -> None:
        """Stop sending: later sends raise :class:`~openai_core.ClientClosedError`."""
        self._closed = True


def _body(resp: Any, deadline: float | None, cap: _Cap, what: str) -> Iterator[bytes]:
    """The decoded body in chunks as they arrive, until ``deadline`` and within ``cap``; the
    response is closed at the end (its connection goes back to the pool if read whole)."""
    try:
        for chunk in resp.iter_bytes():
            time_left(deadline, what)
            yield cap(chunk)
    except Exception as exc:
        _raise_typed(exc)
        raise
    finally:
        resp.close()


_closing: set[asyncio.Task[None]] = set()  # responses being closed from a finalizer


class AsyncHttpxTransport:
    """Sends :class:`~openai_core.AsyncClient` requests through an ``httpx2.AsyncClient`` (or an
    ``httpx.AsyncClient``); as :class:`HttpxTransport`, and ``timeout.total`` and
    ``timeout.deadline`` also bound each wait exactly. WebSockets (Realtime) need the aiohttp
    transport: an ``AsyncClient`` without ``http_client``.
    """

    def __init__(self, client: Any, *, max_body_size: int = MAX_BODY_SIZE) -> None:
        self.client = client
        self._max_body_size = max_body_size
        self._closed = False

    async def send(self, request: Request) -> AsyncRawResponse:
        """Send ``request``; the body is read whole unless ``request.stream`` is set."""
        admit(request, self._closed)
        t = request.timeout
        call_end, attempt_end = ends(t)
        try:
            if request.stream:
                resp = await asyncio.wait_for(self._open(request, attempt_end), time_left(attempt_end))
                chunks = _chunks(resp, call_end, _Cap(self._max_body_size, request, resp), "deadline")
                return AsyncRawResponse(
                    status=resp.status_code,
                    headers=resp.headers,
                    chunks=chunks,
                    close=lambda: _close_soon(resp),
                    aclose=resp.aclose,
                )
            return await asyncio.wait_for(self._whole(request, attempt_end), time_left(attempt_end))
        except Exception as exc:
            _raise_typed(exc)
            raise

    async def _whole(self, request: Request, end: float | None) -> AsyncRawResponse:
        resp = await self._open(request, end)
        cap = _Cap(self._max_body_size, request, resp)
        content = b"".join([chunk async for chunk in _chunks(resp, end, cap, "total time limit")])
        return AsyncRawResponse(status=resp.status_code, headers=resp.headers, content=content)

    async def _open(self, request: Request, end: float | None) -> Any:
        first = Hop(request.method, request.url, request.headers, request.body)
        return await follow_async(first, lambda hop: self._send_hop(hop, request.timeout, end), _answer, _release_async)

    async def _send_hop(self, hop: Hop, t: Timeout, end: float | None) -> Any:
        content = _as_bytes(pieces(hop.body)) if isinstance(hop.body, MultipartBody) else hop.body
        built = _arguments(self.client, hop, t, end, content)
        return await self.client.send(built, stream=True, follow_redirects=False)

    async def connect_websocket(self, url: str, headers: Mapping[str, str]) -> Any:
        """Refused: WebSockets need the aiohttp transport."""
        raise OpenAIError(
            "Realtime WebSockets are not available through an httpx http_client: "
            "use an AsyncClient without http_client (the aiohttp transport) for them"
        )

    async def aclose(self) -> None:
        """Stop sending: later sends raise :class:`~openai_core.ClientClosedError`."""
        self._closed = True


async def _as_bytes(source: AsyncIterator[memoryview | bytes]) -> AsyncIterator[bytes]:
    async for piece in source:
        yield bytes(piece)


async def _chunks(resp: Any, end: float | None, cap: _Cap, what: str) -> AsyncIterator[bytes]:
    """The decoded body as it arrives, each wait ending at ``end``, within ``cap``; the
    response is closed at the end (its connection goes back to the pool if read whole)."""
    body = resp.aiter_bytes()
    try:
        while True:
            try:
                chunk = await asyncio.wait_for(anext(body), time_left(end, what)) if end else await anext(body)
            except StopAsyncIteration:
                break
            except asyncio.TimeoutError:
                raise APITimeoutError(f"Request timed out ({what} reached)") from None
            yield cap(chunk)
    except Exception as exc:
        _raise_typed(exc)
        raise
    finally:
        await resp.aclose()


def _close_soon(resp: Any) -> None:
    """Close an async response from synchronous code (a finalizer): on the running event loop,
    if there is one."""
    try:
        task = asyncio.get_running_loop().create_task(resp.aclose())
    except RuntimeError:
        return
    _closing.add(task)
    task.add_done_callback(_closing.discard)
