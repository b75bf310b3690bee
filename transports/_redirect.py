"""Following redirects without leaking credentials: the one rule both transports apply.

A redirect to another origin (scheme, host or port) drops the credentials (``Authorization``,
``api-key``, cookies); they never come back on a later hop. 307/308 keep the method and body;
301/302 turn a POST into a GET without body, and 303 turns anything but HEAD into one, as
browsers do. After :data:`MAX_REDIRECTS` hops the last redirect response is returned as is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import urldefrag, urljoin, urlsplit

__all__ = ["MAX_REDIRECTS", "Hop", "next_hop"]

MAX_REDIRECTS = 10
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CREDENTIALS = frozenset({"authorization", "proxy-authorization", "api-key", "cookie"})
_BODY_HEADERS = frozenset({"content-type", "content-length", "transfer-encoding"})
_PORTS = {"http": 80, "https": 443}


class Hop(NamedTuple):
    """One request of a redirect chain."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | None


def next_hop(hop: Hop, status: int, location: str | None) -> Hop | None:
    """The request that follows a ``status`` answer to ``hop``, or ``None`` if there is none."""
    if status not in _REDIRECTS or not location:
        return None
    try:
        url = urldefrag(urljoin(hop.url, location.strip())).url
    except ValueError:
        return None
    origin = _origin(url)
    if origin is None:
        return None
    method, headers, body = hop.method, dict(hop.headers), hop.body
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        method, body = "GET", None
        headers = {k: v for k, v in headers.items() if k.lower() not in _BODY_HEADERS}
    if origin != _origin(hop.url):
        headers = {k: v for k, v in headers.items() if k.lower() not in _CREDENTIALS}
    return Hop(method, url, headers, body)


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:
        return None
    if scheme not in _PORTS or not host:
        return None
    return scheme, host, port or _PORTS[scheme]
