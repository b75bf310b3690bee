"""The sync transport, on ``requests``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

import requests
import requests.adapters
import requests.cookies
import requests.structures
import requests.utils
import urllib3.exceptions

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

from ._checks import MAX_BODY_SIZE, admit, body_limit, certificate_error
from ._deadline import ends, least, time_left
from ._environment import ProxiesPerOrigin, ca_bundle
from ._redirect import Hop, follow

if TYPE_CHECKING:
    from ._websocket import SyncWebSocketClient

__all__ = ["RequestsTransport"]

log = logging.getLogger("openai_core")

_CHUNK = 64 * 1024
_TIMEOUTS = (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError)
_FAILURES = (requests.RequestException, urllib3.exceptions.HTTPError, OSError, UnicodeEncodeError)


def _typed(exc: BaseException) -> OpenAIError:
    if isinstance(exc, (requests.exceptions.InvalidHeader, UnicodeEncodeError)):  # a header of the session's own
        return InvalidHeaderError("a request header cannot be sent (a control or non-Latin-1 character)")
    if isinstance(exc, _TIMEOUTS) or "timed out" in str(exc).lower():
        return APITimeoutError(f"Request timed out ({type(exc).__name__})")
    return certificate_error(exc) or APIConnectionError(f"Connection error ({type(exc).__name__}: {exc})")


def _answer(resp: requests.Response) -> tuple[int, str | None]:
    return resp.status_code, resp.headers.get("location")


def _release(resp: requests.Response) -> None:
    resp.close()


class RequestsTransport:
    """Sends requests through a ``requests.Session``.

    Pass your own ``session`` (proxies, certificates, adapters) to use it; it is then yours to
    close. Otherwise the transport opens one with a pool of ``pool_size`` connections (a full
    pool opens extra connections rather than wait). ``verify=False`` turns TLS certificate
    verification off (and says so in the log). A response body larger than ``max_body_size``
    bytes after decompression raises :class:`~openai_core.ResponseTooLargeError`. Redirects
    are followed here, not by the session, so that nothing leaves its origin (see
    ``transports._redirect``).

    The transport's own session reads the proxy variables of the environment (``HTTPS_PROXY``,
    ``NO_PROXY``, ...) once per origin and ``REQUESTS_CA_BUNDLE`` once, not on every request;
    a new transport (a new client) reads them again. It prepares each request as
    ``Session.request()`` would (see :func:`prepared`) and hands it to ``Session.send()``. A
    session you pass keeps its own settings and goes through ``Session.request()``.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        pool_size: int = 32,
        verify: bool = True,
        max_body_size: int = MAX_BODY_SIZE,
    ) -> None:
        self._adapter: requests.adapters.HTTPAdapter | None = None
        self._proxies: ProxiesPerOrigin[dict[str, str]] | None = None
        self._verify_with: bool | str | None = None if verify else False
        if session is None:
            session = requests.Session()
            session.trust_env = False
            self._proxies = ProxiesPerOrigin(requests.utils.get_environ_proxies, {})
            if verify:
                self._verify_with = ca_bundle()
            self._adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=0)
            session.mount("https://", self._adapter)
            session.mount("http://", self._adapter)
        self.session = session
        self._max_body_size = max_body_size
        self._closed = False
        if not verify:
            log.warning("TLS certificate verification is off (verify=False): the connection can be intercepted")

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
            error = _typed(exc)
            raise error from (None if isinstance(error, InvalidHeaderError) else exc)  # its text quotes the value
        limit = body_limit(self._max_body_size, request.stream, resp.headers)
        if request.stream:
            chunks = _body(resp, t.read, call_end, limit, "deadline")
            return RawResponse(status=resp.status_code, headers=resp.headers, chunks=chunks, close=resp.close)
        content = b"".join(_body(resp, t.read, attempt_end, limit, "total time limit"))
        return RawResponse(status=resp.status_code, headers=resp.headers, content=content)

    def _open(self, request: Request, deadline: float | None) -> requests.Response:
        """Send and follow redirects; the response's headers are in, its body is not read."""
        first = Hop(request.method, request.url, request.headers, request.body)
        return follow(first, lambda hop: self._send_hop(hop, request.timeout, deadline), _answer, _release)

    def _send_hop(self, hop: Hop, t: Timeout, deadline: float | None) -> requests.Response:
        left = time_left(deadline)
        timeout = (least(t.connect, left), least(t.read, left))
        proxies = None if self._proxies is None else self._proxies(hop.url)
        session = self.session
        if self._adapter is None or session.trust_env:  # a session of yours, or one told to read the environment
            return session.request(
                hop.method,
                hop.url,
                headers=dict(hop.headers),
                data=hop.body,
                stream=True,
                allow_redirects=False,
                timeout=timeout,
                verify=self._verify_with,
                proxies=proxies,
            )
        return session.send(
            prepared(session, hop),
            stream=True,
            allow_redirects=False,
            timeout=timeout,
            verify=session.verify if self._verify_with is None else self._verify_with,
            cert=session.cert,
            proxies=_merged(session.proxies, proxies or {}),
        )

    def connect_websocket(self, url: str, headers: Mapping[str, str]) -> SyncWebSocketClient:
        """Open a WebSocket (Realtime sessions), with the optional websocket-client package."""
        from ._websocket import SyncWebSocketClient  # Realtime sessions only

        return SyncWebSocketClient(url, headers, timeout=30.0)

    def close(self) -> None:
        """Close the session if this transport opened it, and its idle connections with it
        (urllib3 2 would close them only once its pools are garbage-collected); later sends
        raise :class:`~openai_core.ClientClosedError`."""
        if self._closed:
            return
        self._closed = True
        if self._adapter is not None:
            for manager in (self._adapter.poolmanager, *self._adapter.proxy_manager.values()):
                for key in manager.pools.keys():  # noqa: SIM118 - the pool container cannot be iterated
                    pool = manager.pools.get(key)
                    if pool is not None:
                        pool.close()
            self.session.close()


def prepared(session: requests.Session, hop: Hop) -> requests.PreparedRequest:
    """What ``session.request()`` prepares for ``hop`` when the session does not read the
    environment: the session's headers, query parameters, cookies, auth and hooks merged in the
    same way, without the runtime protocol checks with which ``requests`` merges each setting
    (a tenth of a call's time in ``requests`` 2.34)."""
    request = requests.PreparedRequest()
    request.prepare_method(hop.method)
    request.prepare_url(hop.url, _merged(session.params, {}))
    request.prepare_headers(_merged(session.headers, hop.headers, requests.structures.CaseInsensitiveDict))
    jar = requests.cookies.merge_cookies(requests.cookies.RequestsCookieJar(), session.cookies)  # type: ignore[no-untyped-call]
    request.prepare_cookies(jar)
    request.prepare_body(hop.body or {}, None)
    request.prepare_auth(session.auth, hop.url)
    request.prepare_hooks(session.hooks)
    return request


def _merged(
    setting: object, given: Mapping[str, Any], kind: Callable[[], MutableMapping[str, Any]] = dict
) -> MutableMapping[str, Any]:
    """A session's ``setting`` updated with the ``given`` one, keys set to ``None`` dropped, as
    ``requests.sessions.merge_setting`` merges them (a setting that is not a mapping is left out)."""
    merged = kind()
    if isinstance(setting, Mapping):
        merged.update(setting)
    merged.update(given)
    for key in [k for k, v in merged.items() if v is None]:
        del merged[key]
    return merged


def _body(
    resp: requests.Response, idle: float | None, deadline: float | None, limit: float, what: str
) -> Iterator[bytes]:
    """The body in chunks as they arrive. Each wait lasts at most ``idle`` seconds and ends at
    ``deadline``; more than ``limit`` bytes in all is an error. The connection goes back to the
    pool when the body was read to its end, and is closed otherwise."""
    size = 0
    try:
        while True:
            _wait_at_most(resp, least(idle, time_left(deadline, what)))
            chunk = resp.raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise ResponseTooLargeError(int(limit), request_id=resp.headers.get("x-request-id"))
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
