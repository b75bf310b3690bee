"""Settings from the environment (proxies, CA bundle), read once instead of on every request.

A ``requests.Session`` that trusts the environment scans ``os.environ`` for proxy variables on
every request, a cost that grows with the environment; an ``aiohttp.ClientSession`` that does
runs that scan in a thread. The transports' own sessions do neither: they look the proxy of an
origin (scheme, host and port) up once, with their library's own rules (``HTTP_PROXY``,
``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``), and remember it for the transport's lifetime.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["ProxiesPerOrigin", "ca_bundle", "no_proxy_possible"]

T = TypeVar("T")
_MAX_ORIGINS = 64


def ca_bundle() -> str | None:
    """The CA bundle the environment names (``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``)."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


def no_proxy_possible() -> bool:
    """Whether no proxy can apply to any URL: proxies come from the environment alone here (not
    also from a system setting, as ``urllib.request.getproxies`` reads one on macOS and Windows)
    and no variable of it ends in ``_proxy``, in any case (``NO_PROXY`` included). The
    libraries' lookups then find nothing, and skipping them saves more than the rest of a first
    request costs (``urllib.request`` itself is not imported for this)."""
    if sys.platform == "darwin" or os.name == "nt":
        return False
    return not any(name[-6:].lower() == "_proxy" for name in os.environ)


def _origin_key(url: str) -> str:
    """The URL up to the first ``/`` after its authority: one key per origin (a URL without
    a path is its own key)."""
    end = url.find("/", url.find("//") + 2)
    return url if end < 0 else url[:end]


class ProxiesPerOrigin(Generic[T]):
    """The proxy settings of a URL's origin: ``lookup(url)``, the library's own, computed once
    per origin and remembered (for at most 64 origins); ``none``, without asking it, when
    :func:`no_proxy_possible`."""

    __slots__ = ("_known", "_lookup", "_none")

    def __init__(self, lookup: Callable[[str], T], none: T) -> None:
        self._lookup, self._none = lookup, none
        self._known: dict[str, T] = {}

    def __call__(self, url: str) -> T:
        key = _origin_key(url)
        try:
            return self._known[key]
        except KeyError:
            pass
        if len(self._known) >= _MAX_ORIGINS:
            self._known.clear()
        value = self._known[key] = self._none if no_proxy_possible() else self._lookup(url)
        return value
