"""The sync transport's way through a ``requests.Session``: a session you passed, the one the
transport opens when you ask for it, or one it needs for a proxy or a test double of
``requests``. Imported only then, so that a client that needs none of these never imports
``requests``."""

from __future__ import annotations

import socket
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

import requests
import requests.adapters
import requests.cookies
import requests.structures
import urllib3
import urllib3.exceptions

from openai_core import APITimeoutError, InvalidHeaderError

from ._redirect import Hop
from ._requests import typed_error
from ._wire import CHUNK

__all__ = ["SessionResponse", "close_own", "own_session", "prepared", "send"]

Timeouts = tuple[float | None, float | None]


def own_session(pool_size: int) -> requests.Session:
    """A session that reads nothing from the environment, with a pool of ``pool_size``
    connections per origin (a full pool opens extra connections rather than wait)."""
    session = requests.Session()
    session.trust_env = False
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


class SessionResponse:
    """A ``requests.Response`` whose body is not read yet, read as the transport reads its own."""

    __slots__ = ("_raw", "headers", "response", "status")

    def __init__(self, response: requests.Response) -> None:
        self.response = response
        self.status: int = response.status_code
        self.headers: Mapping[str, str] = response.headers
        self._raw = response.raw

    @property
    def sock(self) -> socket.socket | None:
        """The socket the body comes from (urllib3 keeps it at hand)."""
        return getattr(getattr(self._raw, "connection", None), "sock", None)

    def read(self) -> tuple[bytes] | None:
        """The next decoded piece of the body, or ``None`` once it is complete."""
        try:
            piece = self._raw.read1(CHUNK, decode_content=True)
        except urllib3.exceptions.HTTPError as exc:  # not an OSError, as the transport's other failures are
            raise typed_error(exc) from exc
        if piece:
            return (piece,)
        self._raw.release_conn()
        return None

    def close(self) -> None:
        """Close the connection unless it went back to its pool."""
        self.response.close()


def close_own(session: requests.Session) -> None:
    """Close ``session`` and its idle connections, its proxies' included."""
    for adapter in session.adapters.values():
        if isinstance(adapter, requests.adapters.HTTPAdapter):
            for manager in (adapter.poolmanager, *adapter.proxy_manager.values()):
                _close_pools(manager)
    session.close()


def send(
    session: requests.Session,
    hop: Hop,
    timeout: Timeouts,
    *,
    yours: bool,
    verify: bool | str | None,
    proxies: dict[str, str] | None,
) -> SessionResponse:
    """Send ``hop`` through ``session``, its body unread and redirects not followed. A session of
    yours, or one told to read the environment, goes through ``Session.request()``; the
    transport's own is sent a request :func:`prepared` alike."""
    try:
        if yours or session.trust_env:
            response = session.request(
                hop.method,
                hop.url,
                headers=dict(hop.headers),
                data=hop.body,
                stream=True,
                allow_redirects=False,
                timeout=timeout,
                verify=verify,
                proxies=proxies,
            )
        else:
            response = session.send(
                prepared(session, hop),
                stream=True,
                allow_redirects=False,
                timeout=timeout,
                verify=session.verify if verify is None else verify,
                cert=session.cert,
                proxies=_merged(session.proxies, proxies or {}),
            )
    except requests.exceptions.InvalidHeader:  # a header of the session's own; its text quotes the value
        raise InvalidHeaderError("a request header cannot be sent (a control or non-Latin-1 character)") from None
    except requests.Timeout as exc:
        raise APITimeoutError(f"Request timed out ({type(exc).__name__})") from exc
    return SessionResponse(response)


def _close_pools(manager: urllib3.PoolManager) -> None:
    """Close ``manager``'s pools and their idle connections (urllib3 2 would close them only
    once they are garbage-collected)."""
    for key in manager.pools.keys():  # noqa: SIM118 - the pool container cannot be iterated
        pool = manager.pools.get(key)
        if pool is not None:
            pool.close()


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
