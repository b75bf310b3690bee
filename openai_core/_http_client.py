"""The HTTP clients a user may hand over as ``http_client``, and the official SDK's helpers that
build them (``DefaultHttpx2Client``...). Nothing here imports an HTTP library before it is asked to."""

from __future__ import annotations

import importlib
import weakref
from typing import Any, Final, Literal, Protocol, Union

from . import _record
from ._types import DEFAULT_TIMEOUT, Timeout

__all__ = [
    "DEFAULT_CONNECTION_LIMITS",
    "ConnectionLimits",
    "DefaultAsyncHttpx2Client",
    "DefaultAsyncHttpxClient",
    "DefaultHttpx2Client",
    "DefaultHttpxClient",
    "HttpxAsyncClient",
    "HttpxClient",
    "ProxiesTypes",
    "close_if_made_for_client",
    "httpx_flavour",
    "httpx_timeout",
    "made_for_client",
]

ProxiesTypes = Union[str, object, dict[str, Union[str, object, None]]]
"""What an httpx client takes as ``proxy``/``mounts`` targets: a URL or an ``httpx2.Proxy``
(proxies are the HTTP client's settings)."""


class HttpxClient(Protocol):
    """What :func:`DefaultHttpx2Client` gives: an ``httpx2.Client``. Typed by these few members
    so that a type check of your code does not read all of httpx2 (cast it to use more)."""

    @property
    def is_closed(self) -> bool: ...
    def close(self) -> None: ...


class HttpxAsyncClient(Protocol):
    """What :func:`DefaultAsyncHttpx2Client` gives: an ``httpx2.AsyncClient`` (see :class:`HttpxClient`)."""

    @property
    def is_closed(self) -> bool: ...
    async def aclose(self) -> None: ...


@_record.frozen(kw_only=True)
class ConnectionLimits:
    """Connection pool limits, with the attributes an httpx client reads from its ``limits``."""

    max_connections: int | None = None
    max_keepalive_connections: int | None = None
    keepalive_expiry: float | None = 5.0


DEFAULT_CONNECTION_LIMITS: Final = ConnectionLimits(max_connections=1000, max_keepalive_connections=100)
"""The pool limits of the clients made by :func:`DefaultHttpx2Client` and its siblings."""

# HTTP clients made by the Default* helpers: the client given one closes it, as the SDK's does.
_MADE_FOR_CLIENT: weakref.WeakSet[Any] = weakref.WeakSet()


def made_for_client(http_client: Any) -> Any:
    """Mark ``http_client`` as one the client it is given closes; return it."""
    _MADE_FOR_CLIENT.add(http_client)
    return http_client


def close_if_made_for_client(http_client: Any) -> Any:
    """Close ``http_client`` if a Default* helper made it; the awaitable to await for an async
    client's close, else ``None``."""
    if http_client is None or http_client not in _MADE_FOR_CLIENT:
        return None
    _MADE_FOR_CLIENT.discard(http_client)
    closer = getattr(http_client, "aclose", None) or http_client.close
    return closer()


def httpx_flavour(http_client: Any) -> Literal["sync", "async"] | None:
    """``"sync"`` or ``"async"`` for an httpx-style client (``httpx2`` or ``httpx``: it builds
    requests and sends them), else ``None``."""
    send = getattr(type(http_client), "send", None)
    if send is None or not callable(getattr(http_client, "build_request", None)):
        return None
    import inspect  # only for a client given one: a plain client does not load it

    return "async" if inspect.iscoroutinefunction(send) else "sync"


def httpx_timeout(http_client: Any) -> Timeout | None:
    """The time limits set on an httpx-style client, unless they are httpx's own default (5 s
    for everything), which the SDK does not adopt either."""
    if httpx_flavour(http_client) is None:
        return None
    limits: Any = http_client.timeout
    if tuple(getattr(limits, name, None) for name in ("connect", "read", "write", "pool")) == (5.0, 5.0, 5.0, 5.0):
        return None
    return Timeout.coerce(limits)


def _httpx2() -> Any:
    try:  # by name, so that a type check of users' code does not read httpx2
        return importlib.import_module("httpx2")
    except ImportError:
        raise ImportError(
            "this helper builds an httpx2 client: install it with `pip install 'openai-core[httpx]'`"
        ) from None


def _defaults(httpx2: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    timeout = kwargs.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, Timeout):
        timeout = httpx2.Timeout(connect=timeout.connect, read=timeout.read, write=timeout.read, pool=timeout.pool)
    limits = kwargs.get("limits", DEFAULT_CONNECTION_LIMITS)
    if isinstance(limits, ConnectionLimits):
        limits = httpx2.Limits(**{f.name: getattr(limits, f.name) for f in _record.fields(type(limits))})
    return {**kwargs, "timeout": timeout, "limits": limits, "follow_redirects": kwargs.get("follow_redirects", True)}


def DefaultHttpx2Client(**kwargs: Any) -> HttpxClient:
    """An ``httpx2.Client`` (``kwargs`` are its own) with the SDK's defaults: 600 s timeout with
    5 s to connect, 1000 connections. The client it is given closes it."""
    httpx2 = _httpx2()
    return made_for_client(httpx2.Client(**_defaults(httpx2, kwargs)))  # type: ignore[no-any-return]


def DefaultAsyncHttpx2Client(**kwargs: Any) -> HttpxAsyncClient:
    """:func:`DefaultHttpx2Client` for ``AsyncClient``: an ``httpx2.AsyncClient``."""
    httpx2 = _httpx2()
    return made_for_client(httpx2.AsyncClient(**_defaults(httpx2, kwargs)))  # type: ignore[no-any-return]


DefaultHttpxClient = DefaultHttpx2Client
"""The SDK's older name: it builds an ``httpx2.Client`` too."""
DefaultAsyncHttpxClient = DefaultAsyncHttpx2Client
"""The SDK's older name: it builds an ``httpx2.AsyncClient`` too."""
