"""The async transport, on ``aiohttp``."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Mapping

import aiohttp
import aiohttp.helpers
import yarl

from openai_core import APIConnectionError, APITimeoutError, AsyncRawResponse, Request, Timeout

from ._deadline import time_left
from ._environment import PerOrigin
from ._redirect import MAX_REDIRECTS, Hop, next_hop
from ._websocket import AiohttpWebSocket

__all__ = ["AiohttpTransport"]

log = logging.getLogger("openai_core")

_FAILURES = (aiohttp.ClientError, asyncio.TimeoutError, OSError)


def _typed(exc: BaseException) -> APIConnectionError:
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return APITimeoutError(f"Request timed out ({type(exc).__name__})")
    return APIConnectionError(f"Connection error ({type(exc).__name__}: {exc})")


def _env_proxy(url: str) -> tuple[yarl.URL | None, aiohttp.BasicAuth | None]:
    """The proxy the environment sets for ``url`` (``HTTPS_PROXY``, ``NO_PROXY``, ...), if any."""
    try:
        return aiohttp.helpers.get_env_proxy_for_url(yarl.URL(url))
    except LookupError:
        return None, None


def _buffered(content: aiohttp.StreamReader) -> bytes:
    """The bytes a failed stream reader still holds (aiohttp has no public way to get them)."""
    take = getattr(content, "_read_nowait", None)
    if take is None or not getattr(content, "_buffer", None):
        return b""
    try:
        return bytes(take(-1))
    except Exception:  # noqa: BLE001 - a private API that may change: salvage nothing rather than fail
        return b""


class AiohttpTransport:
    """Sends requests through an ``aiohttp.ClientSession``.

    Pass your own ``session`` (connector limits, proxies, TLS) to use it; it is then yours to
    close. Otherwise the transport opens one on first use, with at most ``limit`` connections,
    and closes it in :meth:`aclose`. ``verify=False`` turns TLS certificate verification off
    (and says so in the log). Redirects are followed here, not by the session, so that
    credentials never reach another origin (see ``transports._redirect``).

    The transport's own session uses the proxy of the environment (``HTTPS_PROXY``,
    ``NO_PROXY``, ...), read once per origin; a new transport (a new client) reads it again.
    A session you pass keeps its own settings.
    """

    def __init__(self, session: aiohttp.ClientSession | None = None, *, limit: int = 100, verify: bool = True) -> None:
        self._session = session
        self._owns_session = session is None
        self._proxy = PerOrigin(_env_proxy) if session is None else None
        self._limit = limit
        self._verify = verify
        if not verify:
            log.warning("TLS certificate verification is off (verify=False): the connection can be intercepted")

    def _get_session(self) -> aiohttp.ClientSession:
        session = self._session
        if session is None or (self._owns_session and session.closed):
            connector = aiohttp.TCPConnector(limit=self._limit)
            session = aiohttp.ClientSession(connector=connector, auto_decompress=True)
            self._session = session
        return session

    async def send(self, request: Request) -> AsyncRawResponse:
        """Send ``request``; the body is read whole unless ``request.stream`` is set.

        ``timeout.total`` bounds the whole exchange, or for a stream the wait for its headers;
        ``timeout.read`` bounds each wait for bytes (for a stream: the idle time between chunks).
        """
        total = request.timeout.total
        try:
            if request.stream:
                resp = await asyncio.wait_for(self._open(request, None), total)
                return AsyncRawResponse(
                    status=resp.status, headers=resp.headers, chunks=self._chunks(resp), close=resp.close
                )
            async with await self._open(request, total) as resp:
                return AsyncRawResponse(status=resp.status, headers=resp.headers, content=await resp.read())
        except _FAILURES as exc:
            raise _typed(exc) from exc

    async def _open(self, request: Request, total: float | None) -> aiohttp.ClientResponse:
        """Send and follow redirects, all within ``total`` seconds (aiohttp's limit, which goes
        on while the body is read); the response's headers are in, its body is not read."""
        deadline = None if total is None else time.monotonic() + total
        hop = Hop(request.method, request.url, request.headers, request.body)
        for _ in range(MAX_REDIRECTS):
            resp = await self._send_hop(hop, request.timeout, deadline)
            following = next_hop(hop, resp.status, resp.headers.get("Location"))
            if following is None:
                return resp
            resp.release()
            hop = following
        return await self._send_hop(hop, request.timeout, deadline)

    async def _send_hop(self, hop: Hop, t: Timeout, deadline: float | None) -> aiohttp.ClientResponse:
        timeout = aiohttp.ClientTimeout(total=time_left(deadline), connect=t.connect, sock_read=t.read)
        proxy, proxy_auth = (None, None) if self._proxy is None else self._proxy(hop.url)
        return await self._get_session().request(
            hop.method,
            hop.url,
            headers=hop.headers,
            data=hop.body,
            timeout=timeout,
            allow_redirects=False,
            ssl=self._verify,
            proxy=proxy,
            proxy_auth=proxy_auth,
        )

    @staticmethod
    async def _chunks(resp: aiohttp.ClientResponse) -> AsyncIterator[bytes]:
        complete = False
        try:
            async for chunk in resp.content.iter_any():
                yield chunk
            complete = True
        except _FAILURES as exc:
            # aiohttp raises a lost connection before handing out what it had already
            # received; deliver those bytes first, so that no event that arrived is lost.
            received = _buffered(resp.content)
            if received:
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
        return await AiohttpWebSocket.connect(self._get_session(), url, headers, timeout=30.0)

    async def aclose(self) -> None:
        """Close the session if this transport opened it."""
        if self._owns_session and self._session is not None and not self._session.closed:
            await self._session.close()
