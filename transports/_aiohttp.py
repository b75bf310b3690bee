"""The async transport, on ``aiohttp``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp

from openai_core import APIConnectionError, APITimeoutError, AsyncRawResponse, Request

__all__ = ["AiohttpTransport"]

_FAILURES = (aiohttp.ClientError, asyncio.TimeoutError, OSError)


def _typed(exc: BaseException) -> APIConnectionError:
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return APITimeoutError(f"Request timed out ({type(exc).__name__})")
    return APIConnectionError(f"Connection error ({type(exc).__name__}: {exc})")


class AiohttpTransport:
    """Sends requests through an ``aiohttp.ClientSession``.

    Pass your own ``session`` (connector limits, proxies, TLS) to use it; it is then yours to
    close. Otherwise the transport opens one on first use, with at most ``limit`` connections,
    and closes it in :meth:`aclose`.
    """

    def __init__(self, session: aiohttp.ClientSession | None = None, *, limit: int = 100) -> None:
        self._session = session
        self._owns_session = session is None
        self._limit = limit

    def _get_session(self) -> aiohttp.ClientSession:
        session = self._session
        if session is None or (self._owns_session and session.closed):
            connector = aiohttp.TCPConnector(limit=self._limit)
            session = aiohttp.ClientSession(connector=connector, auto_decompress=True)
            self._session = session
        return session

    async def send(self, request: Request) -> AsyncRawResponse:
        """Send ``request``; the body is read whole unless ``request.stream`` is set."""
        t = request.timeout
        session = self._get_session()
        try:
            if request.stream:
                # The total limit covers the wait for headers; `read` is then the idle limit.
                timeout = aiohttp.ClientTimeout(total=None, connect=t.connect, sock_read=t.read)
                resp = await asyncio.wait_for(self._open(session, request, timeout), t.total)
                return AsyncRawResponse(
                    status=resp.status, headers=resp.headers, chunks=self._chunks(resp), close=resp.close
                )
            timeout = aiohttp.ClientTimeout(total=t.total, connect=t.connect, sock_read=t.read)
            async with await self._open(session, request, timeout) as resp:
                content = await resp.read()
                return AsyncRawResponse(status=resp.status, headers=resp.headers, content=content)
        except _FAILURES as exc:
            raise _typed(exc) from exc

    @staticmethod
    async def _open(
        session: aiohttp.ClientSession, request: Request, timeout: aiohttp.ClientTimeout
    ) -> aiohttp.ClientResponse:
        return await session.request(
            request.method, request.url, headers=request.headers, data=request.body, timeout=timeout
        )

    @staticmethod
    async def _chunks(resp: aiohttp.ClientResponse) -> AsyncIterator[bytes]:
        complete = False
        try:
            async for chunk in resp.content.iter_any():
                yield chunk
            complete = True
        except _FAILURES as exc:
            raise _typed(exc) from exc
        finally:
            # A fully read connection goes back to the pool; a cut-short one is closed.
            if complete:
                resp.release()
            else:
                resp.close()

    async def aclose(self) -> None:
        """Close the session if this transport opened it."""
        if self._owns_session and self._session is not None and not self._session.closed:
            await self._session.close()
