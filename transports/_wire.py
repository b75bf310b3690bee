"""The sync transport's own connections: the standard library's HTTP/1.1 (``http.client``),
kept alive per origin, with TLS, per-wait timeouts and gzip/deflate decoding. Nothing else is
needed on the way to an API, and importing urllib3 would cost a first call half its time."""

from __future__ import annotations

import functools
import http.client
import io
import os.path
import select
import ssl
import threading
import weakref
import zlib
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from ._deadline import time_left

__all__ = ["ACCEPT_ENCODING", "Connections", "Response"]

ACCEPT_ENCODING = "gzip, deflate"
"""The encodings the transport decodes, and so asks for."""

CHUNK = 64 * 1024
_ORIGINS = 4  # origins whose idle connections are kept (a redirect may lead to others)
_DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


class Connections:
    """Keep-alive connections: at most ``size`` idle ones per origin, for the last few origins
    used. A request takes an idle connection that the server has not closed, or opens one; its
    response gives it back once its body was read to the end, and closes it otherwise."""

    def __init__(self, size: int, verify: bool | str | None) -> None:
        self._size = size
        self._verify = verify
        self._lock = threading.Lock()
        self._idle: dict[Origin, list[http.client.HTTPConnection]] = {}
        self._tls: ssl.SSLContext | None = None
        self._closed = False
        self.out = 0
        """Connections handed out and not back yet."""
        self.opened = 0
        """Connections opened so far."""
        weakref.finalize(self, _close_all, self._idle)  # a transport never closed leaves no socket open

    def open(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Any,
        connect: float | None,
        read: float | None,
        deadline: float | None,
    ) -> Response:
        """Send a request; the response's headers are in, its body is not read. Opening a
        connection lasts at most ``connect`` seconds, each wait for the answer ``read`` seconds,
        and the headers must all have come by ``deadline`` (a ``time.monotonic()`` value)."""
        origin, target = _split(url)
        conn = self._take(origin)
        try:
            if conn is None:
                conn = self._connect(origin, connect)
            sock = conn.sock
            if sock.gettimeout() != read:
                sock.settimeout(read)
            conn.request(method, target, body, headers)
            conn.response_class = functools.partial(_Answer, deadline=deadline)  # type: ignore[assignment]
            answer: _Answer = conn.getresponse()  # type: ignore[assignment]
        except BaseException:
            self.give_back(origin, conn, reusable=False)
            raise
        answer.reader.deadline = None  # the body's reads are bounded by their reader
        return Response(self, origin, conn, sock, answer)

    def give_back(self, origin: Origin, conn: http.client.HTTPConnection | None, *, reusable: bool) -> None:
        """Take back a connection handed out: kept idle if ``reusable`` and there is room, closed
        otherwise (``conn`` is ``None`` when opening it failed)."""
        with self._lock:
            self.out -= 1
            if reusable and conn is not None and not self._closed:
                idle = self._idle.pop(origin, None) or []
                self._idle[origin] = idle  # the most recently used origin comes last
                if len(idle) < self._size:
                    idle.append(conn)
                    conn = None
                stale = self._evicted()
            else:
                stale = []
        for old in stale if conn is None else [*stale, conn]:
            old.close()

    def close(self) -> None:
        """Close the idle connections; those handed out close when they come back."""
        with self._lock:
            self._closed = True
            _close_all(self._idle)

    def _take(self, origin: Origin) -> http.client.HTTPConnection | None:
        """An idle connection to ``origin`` that is still open, if there is one; counted as out
        either way."""
        with self._lock:
            self.out += 1
            idle = self._idle.get(origin)
            while idle:
                conn = idle.pop()
                if conn.sock is not None and not _readable(conn.sock):  # else closed, or sent what no one asked for
                    return conn
                conn.close()
        return None

    def _evicted(self) -> list[http.client.HTTPConnection]:
        """The idle connections of the least recently used origins beyond the last few (under
        the lock)."""
        stale: list[http.client.HTTPConnection] = []
        while len(self._idle) > _ORIGINS:
            stale += self._idle.pop(next(iter(self._idle)))
        return stale

    def _connect(self, origin: Origin, timeout: float | None) -> http.client.HTTPConnection:
        scheme, host, port = origin
        conn: http.client.HTTPConnection
        if scheme == "https":
            conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=self._context())
        else:
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.connect()
        with self._lock:
            self.opened += 1
        return conn

    def _context(self) -> ssl.SSLContext:
        """The TLS settings of every connection, made on the first (loading certificates is slow)."""
        if self._tls is None:
            with self._lock:
                if self._tls is None:
                    self._tls = tls_context(self._verify)
        return self._tls


def _close_all(idle: dict[Origin, list[http.client.HTTPConnection]]) -> None:
    conns = [conn for origin in list(idle) for conn in idle.pop(origin)]
    for conn in conns:
        conn.close()


def tls_context(verify: bool | str | None) -> ssl.SSLContext:
    """TLS settings for ``verify`` as ``requests`` reads it: ``False``, no verification; a path,
    that CA bundle (a file or a directory); ``None`` or ``True``, certifi's bundle."""
    if verify is False:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        if verify is None or verify is True:
            import certifi  # here: a first call over plain HTTP needs no certificates

            where = certifi.where()
        else:
            where = verify
        if os.path.isdir(where):
            context = ssl.create_default_context(capath=where)
        else:
            context = ssl.create_default_context(cafile=where)
    context.set_alpn_protocols(["http/1.1"])
    return context


class Response:
    """An answer whose headers are in: ``status``, ``headers`` (lower-case names; a repeated
    header's values joined by commas) and the body, read with :meth:`read`."""

    __slots__ = ("_conn", "_decoder", "_done", "_origin", "_owner", "_response", "headers", "sock", "status")

    def __init__(
        self,
        owner: Connections,
        origin: Origin,
        conn: http.client.HTTPConnection,
        sock: Any,
        response: http.client.HTTPResponse,
    ) -> None:
        self._owner, self._origin, self._conn, self._response = owner, origin, conn, response
        self.sock = sock
        """The socket, whose timeout bounds each read."""
        self.status = response.status
        self.headers = _headers(response.msg)
        encoding = self.headers.get("content-encoding")
        self._decoder = None if encoding is None else _decoder(encoding)
        self._done = False

    def read(self) -> Iterable[bytes] | None:
        """The decoded bytes of one read from the socket (a compressed read may come in several
        pieces), or ``None`` once the body is complete: the connection then goes back."""
        data = self._response.read1(CHUNK)
        if data:
            return (data,) if self._decoder is None else self._decoder.decode(data)
        if self._response.length:  # fewer bytes came than the answer announced
            raise http.client.IncompleteRead(b"", self._response.length)
        self._response.close()
        self._finish(reusable=not self._response.will_close)
        return None

    def close(self) -> None:
        """Close the connection unless it went back to its pool."""
        if not self._done:
            self._response.close()
            self._conn.close()
            self._finish(reusable=False)

    def _finish(self, *, reusable: bool) -> None:
        self._done = True
        self._owner.give_back(self._origin, self._conn, reusable=reusable)


class _Reader(io.RawIOBase):
    """A socket's reads, each one ending by ``deadline`` while it is set. http.client bounds
    each read of a status line and headers, not their sum: a server sending a byte at a time
    would hold a call for as long as it liked."""

    def __init__(self, sock: Any, deadline: float | None) -> None:
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)
        self.deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        left = time_left(self.deadline)
        if left is not None:
            timeout = self._sock.gettimeout()
            if timeout is None or timeout > left:
                self._sock.settimeout(left)
        return self._raw.readinto(buffer)  # type: ignore[no-any-return]

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _Answer(http.client.HTTPResponse):
    """http.client's response, read through a :class:`_Reader` whose reads end by ``deadline``."""

    def __init__(
        self,
        sock: Any,
        debuglevel: int = 0,
        method: str | None = None,
        url: str | None = None,
        *,
        deadline: float | None = None,
    ) -> None:
        self.reader = _Reader(sock, deadline)
        super().__init__(_Socket(io.BufferedReader(self.reader)), debuglevel, method, url)  # type: ignore[arg-type]


class _Socket:
    """What http.client's response asks of a socket: a file to read from."""

    __slots__ = ("_file",)

    def __init__(self, file: io.BufferedReader) -> None:
        self._file = file

    def makefile(self, mode: str) -> io.BufferedReader:
        return self._file


class _Inflate:
    """gzip (members one after another) or deflate (zlib-wrapped, or raw as some servers send
    it), decoded in pieces of at most :data:`CHUNK` bytes, so that a small read cannot become a
    large allocation."""

    __slots__ = ("_begun", "_gzip", "_members", "_object", "_wbits")

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._wbits = 16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS
        self._object = zlib.decompressobj(self._wbits)
        self._members = 0  # gzip members complete
        self._begun = False  # whether a piece decoded (a deflate body's wrapper was right)

    def decode(self, data: bytes) -> Iterable[bytes]:
        while True:
            try:
                out = self._object.decompress(data, CHUNK)
            except zlib.error as exc:
                if self._gzip and self._members:
                    return  # what follows a complete gzip member is not one: ignored, as urllib3 does
                if self._gzip or self._begun or self._wbits < 0:
                    raise http.client.HTTPException(f"the response body cannot be decoded ({exc})") from exc
                self._wbits = -zlib.MAX_WBITS  # deflate without its zlib wrapper
                self._object = zlib.decompressobj(self._wbits)
                continue
            self._begun = True
            if out:
                yield out
            if self._object.eof:
                data = self._object.unused_data
                if not self._gzip:
                    return
                self._members += 1
                self._object = zlib.decompressobj(self._wbits)
                if not data:
                    return
                continue
            data = self._object.unconsumed_tail
            if not data and len(out) < CHUNK:
                return


def _decoder(encoding: str) -> _Inflate | None:
    """The decoder of a ``Content-Encoding``; none for ``identity`` or one the transport did not
    ask for (the body then comes as it was sent)."""
    name = encoding.strip().lower()
    if name in ("gzip", "x-gzip"):
        return _Inflate(gzip=True)
    if name == "deflate":
        return _Inflate(gzip=False)
    return None


def _headers(message: Any) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in message.raw_items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _split(url: str) -> tuple[Origin, str]:
    """``url``'s origin and request target (path and query)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise http.client.InvalidURL(f"not an http(s) URL with a host: {scheme or '(no scheme)'}")
    try:
        port = parts.port or _DEFAULT_PORTS[scheme]
    except ValueError:
        raise http.client.InvalidURL("the URL's port is not a number from 0 to 65535") from None
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return (scheme, parts.hostname, port), target


if hasattr(select, "poll"):

    def _readable(sock: Any) -> bool:
        """Whether an idle connection has something to read: the server closed it, or sent what
        no request asked for. Either way it cannot carry another request."""
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))

else:  # Windows

    def _readable(sock: Any) -> bool:
        """As above, with ``select`` (no ``poll`` here)."""
        return bool(select.select([sock], [], [], 0)[0])
