"""Following redirects without carrying data off-origin: the one rule both transports apply.

On the same origin (scheme, host and port) a redirect is followed as browsers do: 307/308
keep the method and body; 301/302 turn a POST into a GET without body, and 303 turns anything
but HEAD into one. Another origin gets no body and only the headers in :data:`SAFE_HEADERS`
(no credential, organisation, project or custom header), and never gets them back on a later
hop. A 307/308 that would carry a body to another origin, and any https -> http downgrade, is
refused with :class:`~openai_core.UnsafeRedirectError`. After :data:`MAX_REDIRECTS` hops the
last redirect response is returned as is.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar
from urllib.parse import urldefrag, urljoin, urlsplit

from openai_core import UnsafeRedirectError

__all__ = ["MAX_REDIRECTS", "REDIRECTS", "SAFE_HEADERS", "Hop", "follow", "follow_async", "next_hop"]

R = TypeVar("R")
Answer = Callable[[R], tuple[int, str | None]]
"""A response's status and ``Location`` header."""

MAX_REDIRECTS = 10
SAFE_HEADERS = frozenset({"accept", "accept-encoding", "accept-language", "user-agent"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_BODY_HEADERS = frozenset({"content-type", "content-length", "transfer-encoding"})
_PORTS = {"http": 80, "https": 443}


if TYPE_CHECKING:

    class Hop(NamedTuple):
        """One request of a redirect chain; ``body`` is whatever the transport sends."""

        method: str
        url: str
        headers: Mapping[str, str]
        body: Any

else:  # the same tuple, made without typing.NamedTuple's checks of each annotation (a fifth of this module)
    Hop = namedtuple("Hop", ["method", "url", "headers", "body"])
    Hop.__doc__ = "One request of a redirect chain; ``body`` is whatever the transport sends."


def next_hop(hop: Hop, status: int, location: str | None) -> Hop | None:
    """The request that follows a ``status`` answer to ``hop``, or ``None`` if there is none;
    raises :class:`~openai_core.UnsafeRedirectError` for a redirect that must not be followed."""
    if status not in REDIRECTS or not location:
        return None
    try:
        url = urldefrag(urljoin(hop.url, location.strip())).url
    except ValueError:
        return None
    origin = _origin(url)
    if origin is None:
        return None
    here = _origin(hop.url)
    if here is not None and here[0] == "https" and origin[0] == "http":
        raise UnsafeRedirectError(
            f"refused a {status} redirect from https to http ({_where(origin)})", status_code=status
        )
    method, headers, body = hop.method, dict(hop.headers), hop.body
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        method, body = "GET", None
        headers = {k: v for k, v in headers.items() if k.lower() not in _BODY_HEADERS}
    if origin != here:
        if body:
            raise UnsafeRedirectError(
                f"refused a {status} redirect to another origin ({_where(origin)}): it would carry the request body",
                status_code=status,
            )
        headers = {k: v for k, v in headers.items() if k.lower() in SAFE_HEADERS}
    return Hop(method, url, headers, body)


def follow(first: Hop, send: Callable[[Hop], R], answer: Answer[R], release: Callable[[R], None]) -> R:
    """Send ``first`` and the redirects that follow it (``release`` frees each response left
    behind); return the last response, its body unread."""
    hop = first
    for _ in range(MAX_REDIRECTS):
        resp = send(hop)
        try:
            following = next_hop(hop, *answer(resp))
        except BaseException:
            release(resp)
            raise
        if following is None:
            return resp
        release(resp)
        hop = following
    return send(hop)


async def follow_async(
    first: Hop,
    send: Callable[[Hop], Awaitable[R]],
    answer: Answer[R],
    release: Callable[[R], Awaitable[None]],
    sent: R | None = None,
) -> R:
    """:func:`follow` for an async transport; ``sent`` is the response to ``first`` when it
    has been sent already."""
    hop = first
    for _ in range(MAX_REDIRECTS):
        resp = await send(hop) if sent is None else sent
        sent = None
        try:
            following = next_hop(hop, *answer(resp))
        except BaseException:
            await release(resp)
            raise
        if following is None:
            return resp
        await release(resp)
        hop = following
    return await send(hop)


def _where(origin: tuple[str, str, int]) -> str:
    scheme, host, port = origin
    return f"{scheme}://{host}:{port}"


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:
        return None
    if scheme not in _PORTS or not host:
        return None
    return scheme, host, port or _PORTS[scheme]
