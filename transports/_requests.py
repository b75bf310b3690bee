"""The sync transport: its own HTTP/1.1 connections (``transports._wire``), or a
``requests.Session``."""

from __future__ import annotations

import http.client
import logging
import os.path
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Protocol

from openai_core import (
    APIConnectionError,
    APITimeoutError,
    InvalidHeaderError,
    OpenAIError,
    RawResponse,
    Request,
    ResponseTooLargeError,
    Timeout,
)
from openai_core._request import MultipartBody

from ._checks import MAX_BODY_SIZE, admit, body_limit, certificate_error
from ._deadline import ends, least, time_left
from ._environment import ProxiesPerOrigin, ca_bundle
from ._redirect import Hop, follow
from ._wire import ACCEPT_ENCODING, Connections

if TYPE_CHECKING:
    import socket

    import requests

    from ._websocket import SyncWebSocketClient

__all__ = ["RequestsTransport"]

log = logging.getLogger("openai_core")

_FAILURES = (http.client.HTTPException, OSError, UnicodeEncodeError)
_DEFAULTS = (("accept-encoding", "Accept-Encoding", ACCEPT_ENCODING), ("accept", "Accept", "*/*"))


def typed_error(exc: BaseException) -> OpenAIError:
    """The typed error of a failed exchange, through either way of sending."""
    if isinstance(exc, UnicodeEncodeError):
        return InvalidHeaderError("a request header cannot be sent (a control or non-Latin-1 character)")
    if isinstance(exc, TimeoutError) or "timed out" in str(exc).lower():
        return APITimeoutError(f"Request timed out ({type(exc).__name__})")
    return certificate_error(exc) or APIConnectionError(f"Connection error ({type(exc).__name__}: {exc})")


class Opened(Protocol):
    """A response whose headers are in, from either way of sending."""

    @property
    def status(self) -> int:
        """The HTTP status."""

    @property
    def headers(self) -> Mapping[str, str]:
        """The headers, answering lower-case names."""

    @property
    def sock(self) -> socket.socket | None:
        """The socket the body comes from, if known: its timeout bounds each read."""

    def read(self) -> Iterable[bytes] | None:
        """The next decoded pieces of the body, or ``None`` once it is complete (the connection
        then goes back to its pool)."""

    def close(self) -> None:
        """Close the connection unless it went back to its pool."""


def _answer(resp: Opened) -> tuple[int, str | None]:
    return resp.status, resp.headers.get("location")


def _release(resp: Opened) -> None:
    resp.close()


class RequestsTransport:
    """Sends requests over its own HTTP/1.1 connections, or through a ``requests.Session``.

    Pass your own ``session`` (proxies, certificates, adapters) to send everything through it;
    it is then yours to close. Otherwise the transport keeps up to ``pool_size`` idle
    connections per origin (more are opened while all are busy) and sends what a session that
    reads nothing from the environment would send (``Accept: */*``, ``Accept-Encoding: gzip,
    deflate``, certifi's certificates or ``REQUESTS_CA_BUNDLE``'s), without importing
    ``requests`` or urllib3. It keeps no cookies: an API client needs none back (the
    API's answers may carry its CDN's); a session keeps them. ``verify=False`` turns TLS
    certificate verification off (and says so in the log). A response body larger than
    ``max_body_size`` bytes after decompression raises
    :class:`~openai_core.ResponseTooLargeError`. Redirects are followed here, so that nothing
    leaves its origin (see ``transports._redirect``).

    The proxy variables of the environment (``HTTPS_PROXY``, ``NO_PROXY``, ...) are read once
    per origin and ``REQUESTS_CA_BUNDLE`` once, not on every request; a new transport (a new
    client) reads them again. A request goes through a ``requests.Session`` that the transport
    opens when a proxy applies, when its URL carries credentials, while a test double such as
    ``responses`` has replaced part of ``requests``, and for good once you read
    :attr:`session`, so that what you set on it applies.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        pool_size: int = 32,
        verify: bool = True,
        max_body_size: int = MAX_BODY_SIZE,
    ) -> None:
        self._session = session
        self._yours = session is not None
        self._exposed = False  # whether the own session was asked for (yours has no pools)
        self._pool_size = pool_size
        self._lock = threading.Lock()
        self._pools: Connections | None = None
        self._proxies: ProxiesPerOrigin[dict[str, str]] | None = None
        self._verify_with: bool | str | None = None if verify else False
        if session is None:
            self._proxies = ProxiesPerOrigin(_environ_proxies, {})
            if verify:
                self._verify_with = ca_bundle()
            if not isinstance(self._verify_with, str) or os.path.exists(self._verify_with):
                self._pools = Connections(pool_size, self._verify_with)  # else a session's error names the bundle
        self._max_body_size = max_body_size
        self._closed = False
        if not verify:
            log.warning("TLS certificate verification is off (verify=False): the connection can be intercepted")

    @property
    def session(self) -> requests.Session:
        """The ``requests.Session`` requests go through: yours, or one the transport opens on
        first use. From then on every request goes through it."""
        session = self._own_session()
        self._exposed = True
        return session

    def send(self, request: Request) -> RawResponse:
        """Send ``request``; the body is read whole unless ``request.stream`` is set.

        ``timeout.total`` bounds the whole exchange, or for a stream the wait for its headers;
        ``timeout.read`` bounds each wait for bytes (for a stream: the idle time between chunks);
        ``timeout.deadline`` (the seconds left for the whole call) bounds everything, a stream's
        whole body included.
        """
        admit(request, self._closed)
        t = request.timeout
        call_end, attempt_end = ends(t)
        try:
            resp = self._open(request, attempt_end)
        except _FAILURES as exc:
            error = typed_error(exc)
            raise error from (None if isinstance(error, InvalidHeaderError) else exc)  # its text quotes the value
        limit = body_limit(self._max_body_size, request.stream, resp.headers)
        if request.stream:
            chunks = _body(resp, t.read, call_end, limit, "deadline")
            return RawResponse(status=resp.status, headers=resp.headers, chunks=chunks, close=resp.close)
        content = b"".join(_body(resp, t.read, attempt_end, limit, "total time limit"))
        return RawResponse(status=resp.status, headers=resp.headers, content=content)

    def _open(self, request: Request, deadline: float | None) -> Opened:
        """Send and follow redirects; the response's headers are in, its body is not read."""
        first = Hop(request.method, request.url, request.headers, request.body)
        return follow(first, lambda hop: self._send_hop(hop, request.timeout, deadline), _answer, _release)

    def _send_hop(self, hop: Hop, t: Timeout, deadline: float | None) -> Opened:
        left = time_left(deadline)
        connect, read = least(t.connect, left), least(t.read, left)
        proxies = None if self._proxies is None else self._proxies(hop.url)
        if self._pools is None or self._exposed or proxies or _has_credentials(hop.url) or _requests_replaced():
            from ._session import send  # a session: yours, or one this request needs

            return send(
                self._own_session(), hop, (connect, read), yours=self._yours, verify=self._verify_with, proxies=proxies
            )
        return self._pools.open(hop.method, hop.url, _headers(hop), hop.body, connect, read, deadline)

    def _own_session(self) -> requests.Session:
        if self._session is not None:  # yours, or opened already: no lock to take
            return self._session
        with self._lock:
            if self._session is None:
                from ._session import own_session

                self._session = own_session(self._pool_size)
            return self._session

    def connect_websocket(self, url: str, headers: Mapping[str, str]) -> SyncWebSocketClient:
        """Open a WebSocket (Realtime sessions), with the optional websocket-client package."""
        from ._websocket import SyncWebSocketClient  # Realtime sessions only

        return SyncWebSocketClient(url, headers, timeout=30.0)

    def close(self) -> None:
        """Close the transport's pools and the session it opened, if any, and their idle
        connections with them; later sends raise :class:`~openai_core.ClientClosedError`."""
        if self._closed:
            return
        self._closed = True
        if self._pools is not None:
            self._pools.close()
        if not self._yours and self._session is not None:
            from ._session import close_own

            close_own(self._session)


def _environ_proxies(url: str) -> dict[str, str]:
    import requests.utils  # requests' rules, only where a proxy variable is set

    return requests.utils.get_environ_proxies(url)


def _has_credentials(url: str) -> bool:
    """Whether ``url``'s authority may carry a user name (``requests`` sends it as Basic auth)."""
    return "@" in url.partition("//")[2].partition("/")[0]


def _requests_replaced() -> bool:
    """Whether a test double (``responses``, ``requests-mock``) has replaced how ``requests``
    sends: then requests go through a session, for the double to answer them."""
    sessions = sys.modules.get("requests.sessions")
    session, adapter = getattr(sessions, "Session", None), getattr(sessions, "HTTPAdapter", None)
    if session is None or adapter is None:
        return False
    return (
        getattr(adapter.send, "__module__", None) != "requests.adapters"
        or getattr(session.send, "__module__", None) != "requests.sessions"
        or getattr(session.get_adapter, "__module__", None) != "requests.sessions"
    )


def _headers(hop: Hop) -> dict[str, str]:
    """``hop``'s headers with ``requests``' defaults for those it lacks, and the length of a
    multipart body (it would go chunked otherwise)."""
    headers = dict(hop.headers)
    names = {name.lower() for name in headers}
    for name, title, value in _DEFAULTS:
        if name not in names:
            headers[title] = value
    if isinstance(hop.body, MultipartBody) and "content-length" not in names:
        headers["Content-Length"] = str(len(hop.body))
    return headers


def _body(resp: Opened, idle: float | None, deadline: float | None, limit: float, what: str) -> Iterator[bytes]:
    """The body in pieces as they arrive. Each wait lasts at most ``idle`` seconds and ends at
    ``deadline``; more than ``limit`` bytes in all is an error. The connection goes back to its
    pool when the body was read to its end, and is closed otherwise."""
    size = 0
    try:
        while True:
            _wait_at_most(resp.sock, least(idle, time_left(deadline, what)))
            pieces = resp.read()
            if pieces is None:
                break
            for piece in pieces:
                size += len(piece)
                if size > limit:
                    raise ResponseTooLargeError(int(limit), request_id=resp.headers.get("x-request-id"))
                yield piece
    except _FAILURES as exc:
        raise typed_error(exc) from exc
    finally:
        resp.close()


def _wait_at_most(sock: socket.socket | None, seconds: float | None) -> None:
    """Set how long one read of the body may wait."""
    if sock is not None and sock.gettimeout() != seconds:  # a steady stream: no system call per read
        sock.settimeout(seconds)
