"""The transport protocol: the only place where I/O happens.

A transport sends a :class:`~openai_core.Request` and returns the status, headers and body.
It does not retry, parse or raise for HTTP statuses: the client does all of that, the same
way for every transport. It raises :class:`~openai_core.APIConnectionError` (or
:class:`~openai_core.APITimeoutError`) when the exchange itself fails; a plain ``OSError``
is treated the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Protocol, Union, runtime_checkable

from . import _record
from ._request import Request

__all__ = ["AsyncRawResponse", "AsyncTransport", "RawResponse", "SyncTransport", "Transport"]


def _noop() -> None:
    return None


@_record.define(kw_only=True)
class RawResponse:
    """What a sync transport returns.

    ``headers`` must answer lower-case names (a case-insensitive mapping does). For a request
    with ``stream`` set, ``chunks`` yields the body and ``close`` releases the connection;
    otherwise ``content`` holds the whole body.
    """

    status: int
    headers: Mapping[str, str]
    content: bytes = b""
    chunks: Iterator[bytes] | None = None
    close: Callable[[], None] = _noop


@_record.define(kw_only=True)
class AsyncRawResponse:
    """What an async transport returns; as :class:`RawResponse`, with an async ``chunks``.

    ``close`` must be safe to call from a finalizer; ``aclose``, when given, is awaited instead
    of ``close`` on an orderly close.
    """

    status: int
    headers: Mapping[str, str]
    content: bytes = b""
    chunks: AsyncIterator[bytes] | None = None
    close: Callable[[], None] = _noop
    aclose: Callable[[], Awaitable[None]] | None = None


@runtime_checkable
class SyncTransport(Protocol):
    """Sends requests for :class:`~openai_core.Client`."""

    def send(self, request: Request) -> RawResponse:
        """Send ``request``; return the response, streaming its body if ``request.stream``."""
        ...

    def close(self) -> None:
        """Release the connections this transport opened."""
        ...


@runtime_checkable
class AsyncTransport(Protocol):
    """Sends requests for :class:`~openai_core.AsyncClient`."""

    async def send(self, request: Request) -> AsyncRawResponse:
        """Send ``request``; return the response, streaming its body if ``request.stream``."""
        ...

    async def aclose(self) -> None:
        """Release the connections this transport opened."""
        ...


Transport = Union[SyncTransport, AsyncTransport]
"""What ``transport=`` takes: a :class:`SyncTransport` for ``Client``, an :class:`AsyncTransport`
for ``AsyncClient``."""
