"""The sync transport, on ``requests``."""

from __future__ import annotations

import time
from collections.abc import Iterator

import requests
import requests.adapters
import urllib3.exceptions

from openai_core import APIConnectionError, APITimeoutError, RawResponse, Request

__all__ = ["RequestsTransport"]

_TIMEOUTS = (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError)
_FAILURES = (requests.RequestException, urllib3.exceptions.HTTPError, OSError)


def _typed(exc: BaseException) -> APIConnectionError:
    if isinstance(exc, _TIMEOUTS) or "timed out" in str(exc).lower():
        return APITimeoutError(f"Request timed out ({type(exc).__name__})")
    return APIConnectionError(f"Connection error ({type(exc).__name__}: {exc})")


class RequestsTransport:
    """Sends requests through a ``requests.Session``.

    Pass your own ``session`` (proxies, certificates, adapters) to use it; it is then yours to
    close. Otherwise the transport opens one with a pool of ``pool_size`` connections.
    """

    def __init__(self, session: requests.Session | None = None, *, pool_size: int = 32) -> None:
        self._owns_session = session is None
        if session is None:
            session = requests.Session()
            adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        self.session = session

    def send(self, request: Request) -> RawResponse:
        """Send ``request``; the body is read whole unless ``request.stream`` is set."""
        t = request.timeout
        read = t.read if t.read is not None else t.total
        deadline = None if t.total is None else time.monotonic() + t.total
        try:
            resp = self.session.request(
                request.method,
                request.url,
                headers=dict(request.headers),
                data=request.body,
                stream=True,
                timeout=(t.connect, read),
            )
        except _FAILURES as exc:
            raise _typed(exc) from exc
        if request.stream:
            return RawResponse(
                status=resp.status_code, headers=resp.headers, chunks=self._chunks(resp), close=resp.close
            )
        try:
            content = self._read(resp, deadline)
        finally:
            resp.close()
        return RawResponse(status=resp.status_code, headers=resp.headers, content=content)

    @staticmethod
    def _read(resp: requests.Response, deadline: float | None) -> bytes:
        parts = []
        try:
            for part in resp.iter_content(chunk_size=None):
                parts.append(part)
                if deadline is not None and time.monotonic() > deadline:
                    raise APITimeoutError("Request timed out (total time limit reached while reading)")
        except _FAILURES as exc:
            raise _typed(exc) from exc
        return b"".join(parts)

    @staticmethod
    def _chunks(resp: requests.Response) -> Iterator[bytes]:
        try:
            yield from resp.iter_content(chunk_size=None)
        except _FAILURES as exc:
            raise _typed(exc) from exc
        finally:
            resp.close()

    def close(self) -> None:
        """Close the session if this transport opened it."""
        if self._owns_session:
            self.session.close()
