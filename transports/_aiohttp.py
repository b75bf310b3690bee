"""The async transport, on ``aiohttp``."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import weakref
from collections.abc import AsyncIterator, Coroutine, Mapping
from typing import TYPE_CHECKING, Any

import aiohttp
import aiohttp.helpers
import aiohttp.payload
import yarl

from openai_core import (
    APIConnectionError,
    APITimeoutError,
    AsyncRawResponse,
    ClientClosedError,
    InvalidHeaderError,
    OpenAIError,
    PoolTimeoutError,
    Request,
    ResponseTooLargeError,
    Timeout,
)
from openai_core._request import MultipartBody

from ._body import pieces
from ._checks import MAX_BODY_SIZE, body_limit, certificate_error, check_headers
from ._deadline import ends, time_left
from ._environment import ProxiesPerOrigin
from ._redirect import REDIRECTS, Hop, follow_async

if TYPE_CHECKING:
    from aiohttp.abc import AbstractStreamWriter

    from ._websocket import AiohttpWebSocket

__all__ = ["AiohttpTransport"]

log = logging.getLogger("openai_core")

_FAILURES = (aiohttp.ClientError, asyncio.TimeoutError, OSError)
_LARGE = 1024 * 1024
_POOL_WAIT: contextvars.ContextVar[float | None] = contextvars.ContextVar("openai_core_pool_wait", default=None)


def _typed(exc: BaseException) -> APIConnectionError:
    if isinstance(exc, APIConnectionError):
        return exc
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return APITimeoutError(f"Request timed out ({type(exc).__name__})")
    return certificate_error(exc) or APIConnectionError(f"Connection error ({type(exc).__name__}: {exc})")


def _client_timeout(t: Timeout, total: float | None, stream: bool) -> aiohttp.ClientTimeout:
    """aiohttp's limits for one attempt: ``total`` seconds in all (it goes on while the body is
    read); ``t.read`` for each wait for bytes, unless the total limit ends first anyway (a
    whole body's), which spares a timer per read; a free connection and the connect within
    ``t.pool`` + ``t.connect``, the socket connect within ``t.connect``."""
    read = t.read
    if not stream and read is not None and total is not None and read >= total:
        read = None
    connect = None if t.connect is None or t.pool is None else t.connect + t.pool
    return aiohttp.ClientTimeout(total=total, connect=connect, sock_connect=t.connect, sock_read=read)


_NO_PROXY: tuple[yarl.URL | None, aiohttp.BasicAuth | None] = (None, None)


def _env_proxy(url: str) -> tuple[yarl.URL | None, aiohttp.BasicAuth | None]:
    """The proxy the environment sets for ``url`` (``HTTPS_PROXY``, ``NO_PROXY``, ...), if any."""
    try:
        return aiohttp.helpers.get_env_proxy_for_url(yarl.URL(url))
    except LookupError:
        return _NO_PROXY


def _buffered(content: aiohttp.StreamReader) -> bytes:
    """The bytes a failed stream reader still holds (aiohttp has no public way to get them)."""
    take = getattr(content, "_read_nowait", None)
    if take is None or not getattr(content, "_buffer", None):
        return b""
    try:
        return bytes(take(-1))
    except Exception:  # noqa: BLE001 - a private API that may change: salvage nothing rather than fail
        return b""


class _Connector(aiohttp.TCPConnector):
    """aiohttp's connector, with the wait for a free connection bounded on its own
    (``Timeout.pool``), apart from the connect limit, and named as such when it runs out.

    The connect limit starts once the event loop has run the other tasks already due: in a
    burst (a thousand requests started at once) the first connections would otherwise spend
    their limit waiting for every other task's first step, not for the network."""

    async def _create_connection(self, req: Any, traces: Any, timeout: aiohttp.ClientTimeout) -> Any:
        await asyncio.sleep(0)
        return await super()._create_connection(req, traces, timeout)

    async def _wait_for_available_connection(self, key: Any, traces: Any) -> None:
        seconds = _POOL_WAIT.get()
        try:
            await asyncio.wait_for(super()._wait_for_available_connection(key, traces), seconds)
        except asyncio.TimeoutError:
            raise PoolTimeoutError(
                f"Request timed out waiting {seconds:g}s for a free connection: all {self.limit} of the pool "
                "are in use (raise Timeout.pool, or the transport's limit)"
            ) from None


class _Body(aiohttp.payload.Payload):
    """A large or file-backed request body, written in pieces that let the event loop run in
    between; files are read in a worker thread."""

    def __init__(self, value: bytes | MultipartBody, content_type: str | None) -> None:
        super().__init__(value, content_type=content_type)
        self._size = len(value)

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return bytes(self._value).decode(encoding, errors)

    async def write(self, writer: AbstractStreamWriter) -> None:
        await self.write_with_length(writer, None)

    async def write_with_length(self, writer: AbstractStreamWriter, content_length: int | None) -> None:
        left = len(self._value) if content_length is None else content_length
        async for piece in pieces(self._value):
            if left <= 0:
                break
            await writer.write(piece[:left])
            left -= len(piece)
            await asyncio.sleep(0)


def _payload(body: Any, headers: Mapping[str, str]) -> Any:
    if isinstance(body, MultipartBody) or (isinstance(body, bytes) and len(body) > _LARGE):
        ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
        return _Body(body, ctype)
    return body


def _answer(resp: aiohttp.ClientResponse) -> tuple[int, str | None]:
    return resp.status, resp.headers.get("Location")


async def _release(resp: aiohttp.ClientResponse) -> None:
    resp.release()


def _refuse_header(exc: ValueError) -> None:
    """Raise the typed error for a header of the session's own that aiohttp refuses."""
    if "header" in str(exc).lower():
        raise InvalidHeaderError("a request header cannot be sent (a control character)") from None


class AiohttpTransport:
    """Sends requests through an ``aiohttp.ClientSession``.

    Pass your own ``session`` (connector limits, proxies, TLS) to use it; it is then yours to
    close, and must belong to the running event loop. Otherwise the transport opens one on first
    use, with at most ``limit`` connections, closes it in :meth:`aclose`, and opens a new one when
    it is used under another event loop (a second ``asyncio.run``). ``verify=False`` turns TLS
    certificate verification off (and says so in the log). A response body larger than
    ``max_body_size`` bytes after decompression raises
    :class:`~openai_core.ResponseTooLargeError`. Redirects are followed here, not by the
    session, so that nothing leaves its origin (see ``transports._redirect``).

    The transport's own session uses the proxy of the environment (``HTTPS_PROXY``,
    ``NO_PROXY``, ...), read once per origin; a new transport (a new client) reads it again.
    It keeps no cookies, as the sync transport's own requests do not: an API client needs none
    back (the API's answers may carry its CDN's). A session you pass keeps its own settings and
    cookies.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        limit: int = 100,
        verify: bool = True,
        max_body_size: int = MAX_BODY_SIZE,
    ) -> None:
        self._session = session
        self._owns_session = session is None
        self._proxy = ProxiesPerOrigin(_env_proxy, _NO_PROXY) if session is None else None
        self._limit = limit
        self._verify = verify
        self._max_body_size = max_body_size
        self._closed = False
        self._fixed: tuple[Timeout, aiohttp.ClientTimeout] | None = None
        self._checked: dict[str, str] = {}  # the last headers found valid
        if not verify:
            log.warning("TLS certificate verification is off (verify=False): the connection can be intercepted")

    def _get_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise ClientClosedError("the transport is closed")
        session = self._session
        if session is not None and session._loop is not asyncio.get_running_loop():
            if not self._owns_session:
                raise OpenAIError("the aiohttp session given to this transport belongs to another event loop")
            _abandon(session)
            session = None
        if session is None or (self._owns_session and session.closed):
            connector = _Connector(limit=self._limit)
            session = aiohttp.ClientSession(
                connector=connector, auto_decompress=True, cookie_jar=aiohttp.DummyCookieJar()
            )
            weakref.finalize(self, _close_if_left_open, session)
            self._session = session
        return session

    async def send(self, request: Request) -> AsyncRawResponse:
        """Send ``request``; the body is read whole unless ``request.stream`` is set.

        ``timeout.total`` bounds the whole exchange, or for a stream the wait for its headers;
        ``timeout.read`` bounds each wait for bytes (for a stream: the idle time between chunks);
        ``timeout.connect`` the socket connect; ``timeout.pool`` the wait for a free connection;
        ``timeout.deadline`` (the seconds left for the whole call) bounds everything, a stream's
        whole body included.
        """
        if request.headers != self._checked:  # a client sends the same headers call after call: checked once
            check_headers(request.headers)
            self._checked = dict(request.headers)
        session = self._get_session()
        t = request.timeout
        call_end, attempt_end = ends(t)
        token = None if _POOL_WAIT.get() == t.pool else _POOL_WAIT.set(t.pool)  # a new context only when it changes
        try:
            if request.stream:
                opening = self._open(session, request, _client_timeout(t, time_left(call_end), True))
                resp = await asyncio.wait_for(opening, time_left(attempt_end))
                chunks = self._chunks(resp, call_end, True)
                return AsyncRawResponse(status=resp.status, headers=resp.headers, chunks=chunks, close=resp.close)
            async with await self._open(session, request, self._whole_timeout(t, attempt_end)) as resp:
                content = await (resp.read() if self._at_once(resp) else self._pieces(resp, attempt_end))
                return AsyncRawResponse(status=resp.status, headers=resp.headers, content=content)
        except _FAILURES as exc:
            raise _typed(exc) from exc
        finally:
            if token is not None:
                _POOL_WAIT.reset(token)

    def _whole_timeout(self, t: Timeout, end: float | None) -> aiohttp.ClientTimeout:
        """aiohttp's limits for an attempt ending at ``end``. Without a call deadline they are
        the same on every call with the same ``t`` (``t.total`` from now): built once for it
        (a spent limit of zero still times out at once)."""
        if t.deadline is not None or (t.total is not None and t.total <= 0):
            return _client_timeout(t, time_left(end), False)
        fixed = self._fixed
        if fixed is None or fixed[0] is not t:
            fixed = self._fixed = (t, _client_timeout(t, t.total, False))
        return fixed[1]

    async def _open(
        self, session: aiohttp.ClientSession, request: Request, timeout: aiohttp.ClientTimeout
    ) -> aiohttp.ClientResponse:
        """Send and follow redirects, each hop within ``timeout``. The response's headers are
        in, its body is not read."""
        first = Hop(request.method, request.url, request.headers, request.body)
        try:  # the first hop awaited here, not in _send_hop: a coroutine fewer on every call
            resp = await self._hop(session, first, timeout)
        except ValueError as exc:
            _refuse_header(exc)
            raise
        if resp.status not in REDIRECTS:
            return resp
        return await self._follow(session, first, timeout, resp)

    async def _follow(
        self, session: aiohttp.ClientSession, first: Hop, timeout: aiohttp.ClientTimeout, resp: aiohttp.ClientResponse
    ) -> aiohttp.ClientResponse:
        """Follow the redirect ``resp`` answered to ``first`` (apart from :meth:`_open`, whose
        frame then holds no closure cells: they would cost every request)."""
        return await follow_async(first, lambda hop: self._send_hop(session, hop, timeout), _answer, _release, resp)

    async def _send_hop(
        self, session: aiohttp.ClientSession, hop: Hop, timeout: aiohttp.ClientTimeout
    ) -> aiohttp.ClientResponse:
        try:
            return await self._hop(session, hop, timeout)
        except ValueError as exc:
            _refuse_header(exc)
            raise

    def _hop(
        self, session: aiohttp.ClientSession, hop: Hop, timeout: aiohttp.ClientTimeout
    ) -> Coroutine[Any, Any, aiohttp.ClientResponse]:
        """The exchange of one hop, to await."""
        body = hop.body
        if type(body) is not bytes or len(body) > _LARGE:
            body = _payload(body, hop.headers)
        proxy, proxy_auth = _NO_PROXY if self._proxy is None else self._proxy(hop.url)
        if proxy is None and self._verify:  # aiohttp's defaults: no keywords to pass on
            return session._request(
                hop.method, hop.url, headers=hop.headers, data=body, timeout=timeout, allow_redirects=False
            )
        return session._request(
            hop.method,
            hop.url,
            headers=hop.headers,
            data=body,
            timeout=timeout,
            allow_redirects=False,
            ssl=self._verify,
            proxy=proxy,
            proxy_auth=proxy_auth,
        )

    def _at_once(self, resp: aiohttp.ClientResponse) -> bool:
        """Whether the whole body is read at once: a plain one of a declared length within the
        cap, of which aiohttp reads no more than that length, within its own total limit (the
        attempt's end). Any other body is read piece by piece against the cap."""
        length = resp.content_length
        return length is not None and length <= self._max_body_size and "content-encoding" not in resp.headers

    async def _pieces(self, resp: aiohttp.ClientResponse, end: float | None) -> bytes:
        """The whole body, read piece by piece within the time limit ending at ``end`` and the cap."""
        return b"".join([chunk async for chunk in self._chunks(resp, end, False)])

    async def _chunks(self, resp: aiohttp.ClientResponse, end: float | None, stream: bool) -> AsyncIterator[bytes]:
        """The body as it arrives, within the time limit ending at ``end`` and the size cap."""
        complete = False
        size = 0
        limit = body_limit(self._max_body_size, stream, resp.headers)
        try:
            async for chunk in resp.content.iter_any():
                if end is not None:
                    time_left(end, "deadline" if stream else "total time limit")
                size += len(chunk)
                if size > limit:
                    raise ResponseTooLargeError(int(limit), request_id=resp.headers.get("x-request-id"))
                yield chunk
            complete = True
        except _FAILURES as exc:
            # aiohttp raises a lost connection before handing out what it had already
            # received; deliver those bytes first, so that no event that arrived is lost.
            received = _buffered(resp.content)
            if received and size + len(received) <= limit:
                yield received
            raise _typed(exc) from exc
        finally:
            # A fully read connection goes back to the pool; a cut-short one is closed.
            if complete:
                resp.release()
            else:
                resp.close()

    async def connect_websocket(self, url: str, headers: Mapping[str, str]) -> AiohttpWebSocket:
        """Open a WebSocket (Realtime sessions) on this transport's session."""
        from ._websocket import AiohttpWebSocket  # Realtime sessions only

        return await AiohttpWebSocket.connect(self._get_session(), url, headers, timeout=30.0)

    async def aclose(self) -> None:
        """Close the session if this transport opened it; later sends raise
        :class:`~openai_core.ClientClosedError`."""
        self._closed = True
        session = self._session
        if self._owns_session and session is not None and not session.closed:
            if _loop_of(session) is asyncio.get_running_loop():
                await session.close()
            else:
                _abandon(session)


def _loop_of(session: aiohttp.ClientSession) -> asyncio.AbstractEventLoop:
    return session._loop  # the public `loop` property is deprecated


def _close_if_left_open(session: aiohttp.ClientSession) -> None:
    """Close the session of a transport collected (or alive at exit) without being closed: its
    sockets are closed, and aiohttp does not report the session as unclosed (the SDK's clients
    are quiet too)."""
    if not session.closed:
        _abandon(session)


def _abandon(session: aiohttp.ClientSession) -> None:
    """Close a session of another event loop without running that loop: through it while it is
    open (its transports finish closing when it runs again), else by closing the idle sockets."""
    connector = session.connector
    if connector is None:
        return
    if not _loop_of(session).is_closed():
        connector._close()
        return
    for idle in connector._conns.values():  # no public way to reach them
        for protocol, _ in idle:
            transport = protocol.transport
            sock = getattr(transport, "_sock", None)
            if sock is not None:
                sock.close()
                transport._sock = None  # type: ignore[union-attr]  # so that it warns of no leak
    connector._conns.clear()
    connector._close()  # the loop-free part of close()
