"""The sync transport, on ``requests``."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping

import requests
import requests.adapters
import requests.utils
import urllib3.exceptions

from openai_core import APIConnectionError, APITimeoutError, RawResponse, Request, Timeout

from ._deadline import time_left
from ._environment import PerOrigin, ca_bundle
from ._redirect import MAX_REDIRECTS, Hop, next_hop
from ._websocket import SyncWebSocketClient

__all__ = ["RequestsTransport"]

log = logging.getLogger("openai_core")

_CHUNK = 64 * 1024
_TIMEOUTS = (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError)
_FAILURES = (requests.RequestException, urllib3.exceptions.HTTPError, OSError)


def _typed(exc: BaseException) -> APIConnectionError:
    if isinstance(exc, _TIMEOUTS) or "timed out" in str(exc).lower():
        return APITimeoutError(f"Request timed out ({type(exc).__name__})")
    return APIConnectionError(f"Connection error ({type(exc).__name__}: {exc})")


def _least(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


class RequestsTransport:
    """Sends requests through a ``requests.Session``.

    Pass your own ``session`` (proxies, certificates, adapters) to use it; it is then yours to
    close. Otherwise the transport opens one with a pool of ``pool_size`` connections.
    ``verify=False`` turns TLS certificate verification off (and says so in the log).
    Redirects are followed here, not by the session, so that credentials never reach
    another origin (see ``transports._redirect``).

    The transport's own session reads the proxy variables of the environment (``HTTPS_PROXY``,
    ``NO_PROXY``, ...) once per origin and ``REQUESTS_CA_BUNDLE`` once, not on every request;
    a new transport (a new client) reads them again. A session you pass keeps its own settings.
    """

    def __init__(self, session: requests.Session | None = None, *, pool_size: int = 32, verify: bool = True) -> None:
        self._adapter: requests.adapters.HTTPAdapter | None = None
        self._proxies: PerOrigin[dict[str, str]] | None = None
        self._verify_with: bool | str | None = None if verify else False
        if session is None:
            session = requests.Session()
            session.trust_env = False
            self._proxies = PerOrigin(requests.utils.get_environ_proxies)
            if verify:
                self._verify_with = ca_bundle()
            self._adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=0)
            session.mount("https://", self._adapter)
            session.mount("http://", self._adapter)
        self.session = session
        if not verify:
            log.warning("TLS certificate verification is off (verify=False): the connection can be intercepted")

    def send(self, request: Request) -> RawResponse:
        """Send ``request``; the body is read whole unless ``request.stream`` is set.

        ``timeout.total`` bounds the whole exchange, or for a stream the wait for its headers;
        ``timeout.read`` bounds each wait for bytes (for a stream: the idle time between chunks).
        """
        t = request.timeout
        deadline = None if t.total is None else time.monotonic() + t.total
        try:
            resp = self._open(request, deadline)
        except _FAILURES as exc:
            raise _typed(exc) from exc
        if request.stream:
            chunks = _body(resp, t.read, None)
            return RawResponse(status=resp.status_code, headers=resp.headers, chunks=chunks, close=resp.close)
        content = b"".join(_body(resp, t.read, deadline))
        return RawResponse(status=resp.status_code, headers=resp.headers, content=content)

    def _open(self, request: Request, deadline: float | None) -> requests.Response:
        """Send and follow redirects; the response's headers are in, its body is not read."""
        hop = Hop(request.method, request.url, request.headers, request.body)
        for _ in range(MAX_REDIRECTS):
            resp = self._send_hop(hop, request.timeout, deadline)
            following = next_hop(hop, resp.status_code, resp.headers.get("location"))
            if following is None:
                return resp
            resp.close()
            hop = following
        return self._send_hop(hop, request.timeout, deadline)

    def _send_hop(self, hop: Hop, t: Timeout, deadline: float | None) -> requests.Response:
        left = time_left(deadline)
        return self.session.request(
            hop.method,
            hop.url,
            headers=dict(hop.headers),
            data=hop.body,
            stream=True,
            allow_redirects=False,
            timeout=(_least(t.connect, left), _least(t.read, left)),
            verify=self._verify_with,
            proxies=None if self._proxies is None else self._proxies(hop.url),
        )

    def connect_websocket(self, url: str, headers: Mapping[str, str]) -> SyncWebSocketClient:
        """Open a WebSocket (Realtime sessions), with the optional websocket-client package."""
        return SyncWebSocketClient(url, headers, timeout=30.0)

    def close(self) -> None:
        """Close the session if this transport opened it, and its idle connections with it
        (urllib3 2 would close them only once its pools are garbage-collected)."""
        if self._adapter is not None:
            for manager in (self._adapter.poolmanager, *self._adapter.proxy_manager.values()):
                for key in manager.pools.keys():  # noqa: SIM118 - the pool container cannot be iterated
                    pool = manager.pools.get(key)
                    if pool is not None:
                        pool.close()
            self.session.close()


def _body(resp: requests.Response, idle: float | None, deadline: float | None) -> Iterator[bytes]:
    """The body in chunks as they arrive. Each wait lasts at most ``idle`` seconds and ends at
    ``deadline``; the connection goes back to the pool when the body was read to its end, and
    is closed otherwise."""
    try:
        while True:
            _wait_at_most(resp, _least(idle, time_left(deadline)))
            chunk = resp.raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                break
            yield chunk
        resp.raw.release_conn()
    except _FAILURES as exc:
        raise _typed(exc) from exc
    finally:
        resp.close()


def _wait_at_most(resp: requests.Response, seconds: float | None) -> None:
    """Set how long one read of the body may wait (urllib3 keeps the socket at hand)."""
    sock = getattr(getattr(resp.raw, "connection", None), "sock", None)
    if sock is not None and sock.gettimeout() != seconds:  # a steady stream: no system call per read
        sock.settimeout(seconds)
