"""Raw HTTP responses: what ``.with_raw_response`` and ``.with_streaming_response`` return.

A raw response wraps the transport's answer (status, headers, body) with the request that
produced it. ``parse()`` hands the answer to the client's one parse path, so it returns exactly
what the plain call returns. :class:`LegacyAPIResponse` (``with_raw_response``) has its body
read already; :class:`APIResponse` and :class:`AsyncAPIResponse` (``with_streaming_response``)
read the body only as it is consumed.
"""

from __future__ import annotations

import codecs
import datetime
import functools
import inspect
import json
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload
from urllib.parse import urlsplit

from . import _record
from ._errors import plain_headers
from ._request import Request
from ._response import LineSplitter, RateLimits, decode_texts, split_lines
from ._transport import AsyncRawResponse, RawResponse

if TYPE_CHECKING:
    from collections.abc import Awaitable, Coroutine

    from typing_extensions import ParamSpec, Self, Unpack

    from ._client import BaseSettings
    from ._pagination import AsyncPage, AsyncPager
    from ._response import HttpxBinaryResponseContent

    P = ParamSpec("P")

__all__ = ["APIResponse", "AsyncAPIResponse", "LegacyAPIResponse", "ResponseContextManager", "StreamingProxy"]

R = TypeVar("R")
U = TypeVar("U")
Parser = Callable[[Any, Any], Any]
"""``parser(raw, cast_to)``: the client's parse path for one call (``cast_to`` may be ``None``)."""


class _Rechunk:
    """Pure: regroup byte chunks into pieces of ``size`` bytes (``None``: as they come)."""

    __slots__ = ("buffer", "size")

    def __init__(self, size: int | None) -> None:
        self.size = size
        self.buffer = bytearray()

    def feed(self, chunk: bytes) -> list[bytes]:
        if self.size is None:
            return [chunk] if chunk else []
        self.buffer += chunk
        size, out = self.size, []
        while len(self.buffer) >= size:
            out.append(bytes(self.buffer[:size]))
            del self.buffer[:size]
        return out

    def flush(self) -> list[bytes]:
        rest, self.buffer = bytes(self.buffer), bytearray()
        return [rest] if rest else []


class Headers(Mapping[str, str]):
    """A transport's response headers, answering any case (``headers["X-Request-Id"]``)."""

    __slots__ = ("_raw",)

    def __init__(self, raw: Mapping[str, str]) -> None:
        self._raw = raw

    def __getitem__(self, name: str) -> str:
        try:
            return self._raw[name]
        except KeyError:
            return self._raw[name.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"Headers({dict(self._raw.items())!r})"


class _BaseResponse:
    """What every raw response shows: status, headers, request, timing and retries."""

    def __init__(
        self,
        raw: RawResponse | AsyncRawResponse,
        request: Request,
        *,
        parser: Parser,
        whole: bool,
        retries_taken: int = 0,
        started: float | None = None,
    ) -> None:
        self.http_response = raw
        self.http_request = request
        self.retries_taken = retries_taken
        """How many times the request was retried before this answer (``0``: none)."""
        self._parser = parser
        self._whole = whole  # parse() needs the whole body (not a stream of events, nor of bytes)
        self._parsed: dict[Any, Any] = {}
        self._content: bytes | None = raw.content if raw.chunks is None else None
        self._closed = raw.chunks is None
        self._elapsed = 0.0 if started is None else time.monotonic() - started

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status

    @property
    def headers(self) -> Headers:
        """The response headers (names in any case)."""
        return Headers(self.http_response.headers)

    @property
    def request_id(self) -> str | None:
        """The ``x-request-id`` header."""
        return self.http_response.headers.get("x-request-id")

    @property
    def rate_limits(self) -> RateLimits:
        """The parsed ``x-ratelimit-*`` headers."""
        return RateLimits.from_headers(self.http_response.headers)

    @property
    def method(self) -> str:
        """The HTTP method of the request."""
        return self.http_request.method

    @property
    def url(self) -> str:
        """The URL of the request."""
        return self.http_request.url

    @property
    def elapsed(self) -> datetime.timedelta:
        """The time from sending the request (first attempt) to the response headers."""
        return datetime.timedelta(seconds=self._elapsed)

    @property
    def is_closed(self) -> bool:
        """Whether the body was read whole or the connection released."""
        return self._closed

    def _parse_with(self, content: bytes | None, to: Any) -> Any:
        if to in self._parsed:
            return self._parsed[to]
        raw = self.http_response
        if self._whole and content is not None:
            raw = _record.evolve(raw, content=content, chunks=None)
        result = self._parser(raw, to)
        self._parsed[to] = result
        return result

    def _map(self, then: Callable[[Any], Any]) -> None:
        """Make ``parse()`` return ``then(result)`` (a list's page around its result)."""
        parser = self._parser
        self._parser = lambda raw, to: then(parser(raw, to))

    def _release(self) -> None:
        if not self._closed:
            self._closed = True
            self.http_response.close()

    def __reduce__(self) -> tuple[Any, ...]:
        # A detached copy: status, headers, the body if read, method and URL (never the
        # request headers, which hold the key).
        request = (self.http_request.method, self.http_request.url)
        return (_detached, (self.status_code, plain_headers(self.headers), self._content or b"", request))

    def __repr__(self) -> str:
        path = urlsplit(self.http_request.url).path
        return f"<{type(self).__name__} {self.http_request.method} {path} [{self.status_code}]>"


def _detached(status: int, headers: dict[str, str], content: bytes, request: tuple[str, str]) -> LegacyAPIResponse[Any]:
    method, url = request
    raw = RawResponse(status=status, headers=headers, content=content)
    return LegacyAPIResponse(raw, Request(method=method, url=url, headers={}), parser=_DETACHED, whole=True)


def detached_response(status: int, headers: Mapping[str, str], content: bytes) -> LegacyAPIResponse[Any]:
    """A raw response made of its parts alone (for an error built without a request)."""
    return _detached(status, plain_headers(headers), content, ("", ""))


def map_result(result: Any, then: Callable[[Any], U]) -> U:
    """``then(result)``; on a ``with_raw_response``/``with_streaming_response`` view, the raw
    response, whose ``parse()`` now gives ``then(parsed)`` (how helpers like ``parse()`` work there)."""
    if isinstance(result, _BaseResponse):
        result._map(then)
        return result  # type: ignore[return-value]  # typed, like every view's call, as the plain result
    return then(result)


def unparsable(reason: str) -> Parser:
    """The parser of a response that has no result of its own: ``parse()`` raises ``TypeError``."""

    def parser(raw: Any, cast_to: Any) -> Any:
        raise TypeError(reason)

    return parser


ERROR_PARSER = unparsable("this is the response of an error: read its content or json()")
STREAM_PARSER = unparsable("this is the response of a stream: iterate the stream for its events")


_DETACHED = unparsable("this response stands alone (unpickled, or built by hand): only its status, headers and body")


class _SyncBody(_BaseResponse):
    """Reading a sync body: whole, or chunk by chunk as it arrives."""

    http_response: RawResponse

    def read(self) -> bytes:
        """The whole body (read once, then kept); releases the connection."""
        if self._content is None:
            self._content = b"".join(self._chunks())
        return self._content

    def _chunks(self) -> Iterator[bytes]:
        if self._content is not None:
            yield self._content
            return
        chunks = self.http_response.chunks
        if not isinstance(chunks, Iterator):
            raise TypeError("this body is read asynchronously: use the async client's streaming response")
        try:
            yield from chunks
        finally:
            self._release()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks (of ``chunk_size`` bytes, if given), read as iterated."""
        rechunk = _Rechunk(chunk_size)
        for chunk in self._chunks():
            yield from rechunk.feed(chunk)
        yield from rechunk.flush()

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body decoded as UTF-8, piece by piece."""
        return decode_texts(self.iter_bytes(chunk_size))

    def iter_lines(self) -> Iterator[str]:
        """The body's lines, without their line ends."""
        return split_lines(self.iter_text())

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.read())

    def stream_to_file(self, path: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        """Write the body into ``path`` as it arrives."""
        with open(path, "wb") as fh:
            for chunk in self.iter_bytes(chunk_size):
                fh.write(chunk)

    write_to_file = stream_to_file

    def close(self) -> None:
        """Release the connection (unread body bytes are dropped)."""
        self._release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class LegacyAPIResponse(_SyncBody, Generic[R]):
    """What ``.with_raw_response`` returns, on both clients: the body is already read (for a
    ``stream=True`` call, ``parse()`` returns the event stream), so ``parse()``, ``content`` and
    ``text`` need no ``await``."""

    async def aclose(self) -> None:
        """:meth:`close`, awaited: what the async client's streams offer (``stream.response.aclose()``)."""
        if not self._closed:
            self._closed = True
            aclose = getattr(self.http_response, "aclose", None)
            if aclose is not None:
                await aclose()
            else:
                self.http_response.close()

    def parse(self, *, to: Any = None) -> R:
        """The result the plain call returns (``to``: parse into this class instead)."""
        return self._parse_with(self._content, to)  # type: ignore[no-any-return]

    @property
    def content(self) -> bytes:
        """The whole body."""
        return self.read()

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.read().decode("utf-8", "replace")


class APIResponse(_SyncBody, Generic[R]):
    """What ``.with_streaming_response`` gives on :class:`~openai_core.Client`: the body is read
    only as it is consumed (``parse()``, ``read()``, ``iter_bytes()`` ...)."""

    @overload
    def parse(self: APIResponse[HttpxBinaryResponseContent], *, to: None = None) -> bytes: ...
    @overload
    def parse(self, *, to: Any = None) -> R: ...
    def parse(self, *, to: Any = None) -> Any:
        """The result the plain call returns (``to``: parse into this class instead); a binary
        body is its bytes."""
        return self._parse_with(self.read() if self._whole else None, to)

    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.read().decode("utf-8", "replace")


class AsyncAPIResponse(_BaseResponse, Generic[R]):
    """What ``.with_streaming_response`` gives on :class:`~openai_core.AsyncClient`; as
    :class:`APIResponse`, with every read awaited."""

    http_response: AsyncRawResponse

    @overload
    async def parse(self: AsyncAPIResponse[HttpxBinaryResponseContent], *, to: None = None) -> bytes: ...
    @overload
    async def parse(self, *, to: Any = None) -> R: ...
    async def parse(self, *, to: Any = None) -> Any:
        """The result the plain call returns (``to``: parse into this class instead); a binary
        body is its bytes."""
        return self._parse_with(await self.read() if self._whole else None, to)

    async def read(self) -> bytes:
        """The whole body (read once, then kept); releases the connection."""
        if self._content is None:
            self._content = b"".join([chunk async for chunk in self._chunks()])
        return self._content

    async def _chunks(self) -> AsyncIterator[bytes]:
        if self._content is not None:
            yield self._content
            return
        chunks = self.http_response.chunks
        assert chunks is not None
        try:
            async for chunk in chunks:
                yield chunk
        finally:
            await self.close()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks (of ``chunk_size`` bytes, if given), read as iterated."""
        rechunk = _Rechunk(chunk_size)
        async for chunk in self._chunks():
            for piece in rechunk.feed(chunk):
                yield piece
        for piece in rechunk.flush():
            yield piece

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """The body decoded as UTF-8, piece by piece."""
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        async for chunk in self.iter_bytes(chunk_size):
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body's lines, without their line ends."""
        splitter = LineSplitter()
        async for text in self.iter_text():
            for line in splitter.feed(text):
                yield line
        for line in splitter.flush():
            yield line

    async def text(self) -> str:
        """The body decoded as UTF-8."""
        return (await self.read()).decode("utf-8", "replace")

    async def stream_to_file(self, path: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        """Write the body into ``path`` as it arrives."""
        with open(path, "wb") as fh:
            async for chunk in self.iter_bytes(chunk_size):
                fh.write(chunk)

    write_to_file = stream_to_file

    async def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(await self.read())

    async def close(self) -> None:
        """Release the connection (unread body bytes are dropped)."""
        if not self._closed:
            self._closed = True
            raw = self.http_response
            if raw.aclose is not None:
                await raw.aclose()
            else:
                raw.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


class ResponseContextManager(Generic[R]):
    """The call of a ``.with_streaming_response`` method: ``with`` (sync) or ``async with``
    (async) sends the request, gives its response, and releases the connection on leaving."""

    def __init__(self, call: Callable[[], Any]) -> None:
        self._call = call
        self._response: Any = None

    def __enter__(self) -> APIResponse[R]:
        response = self._call()
        if inspect.iscoroutine(response):
            response.close()
            raise TypeError("this is an AsyncClient call: use `async with`")
        self._response = response
        return response  # type: ignore[no-any-return]

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._response is not None:
            self._response.close()

    async def __aenter__(self) -> AsyncAPIResponse[R]:
        response = self._call()
        self._response = await response if inspect.isawaitable(response) else response
        return self._response  # type: ignore[no-any-return]

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._response is not None:
            await self._response.close()


class StreamingProxy:
    """A resource (or client) seen through ``.with_streaming_response``: each method call
    becomes a :class:`ResponseContextManager`; sub-resources are proxied the same way."""

    __slots__ = ("_target",)

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if hasattr(value, "_client") and not callable(value):  # a sub-resource
            return StreamingProxy(value)
        if name == "with_options":
            return lambda **options: StreamingProxy(value(**options))
        if inspect.ismethod(value):
            return functools.partial(_deferred, value)
        return value

    def __repr__(self) -> str:
        return f"<with_streaming_response of {self._target!r}>"


def _deferred(method: Callable[..., Any], *args: Any, **kwargs: Any) -> ResponseContextManager[Any]:
    return ResponseContextManager(functools.partial(method, *args, **kwargs))


if TYPE_CHECKING:
    # What checkers see of ``.with_raw_response`` / ``.with_streaming_response`` (the runtime
    # objects are the resource or client on a raw-mode client, and a StreamingProxy of it): the
    # generated views (``CompletionsWithRawResponse``, ``OpenAIWithRawResponse`` ...), each a
    # ``View``, whose methods answer the raw response of what the plain call returns.

    class View:
        """The base of the generated views: ``with_options()`` gives the same view."""

        def with_options(self, **options: Unpack[BaseSettings]) -> Self: ...

    class CastResults(Generic[R]):
        """``Client.with_options(cast_to=X)`` (or a resource's): each call answers an ``X``."""

        def __getattr__(self, name: str) -> CastResults[R]: ...
        def __call__(self, *args: Any, **kwargs: Any) -> R: ...

    class AsyncCastResults(Generic[R]):
        """``AsyncClient.with_options(cast_to=X)`` (or a resource's): each call is awaited for an ``X``."""

        def __getattr__(self, name: str) -> AsyncCastResults[R]: ...
        def __call__(self, *args: Any, **kwargs: Any) -> Awaitable[R]: ...

    # The methods of the generated views (``CompletionsWithRawResponse`` ...): each keeps the
    # parameters and overloads of the resource's method and answers its raw response. An
    # AsyncClient's list answers the first page (``AsyncPage``); its pager pages on.

    def raw_view(method: Callable[P, R]) -> Callable[P, LegacyAPIResponse[R]]: ...
    def async_raw_view(
        method: Callable[P, Coroutine[Any, Any, R]],
    ) -> Callable[P, Awaitable[LegacyAPIResponse[R]]]: ...
    def async_raw_pages(
        method: Callable[P, AsyncPager[R]],
    ) -> Callable[P, Awaitable[LegacyAPIResponse[AsyncPage[R]]]]: ...
    def streamed_view(method: Callable[P, R]) -> Callable[P, ResponseContextManager[R]]: ...
    def async_streamed_view(
        method: Callable[P, Coroutine[Any, Any, R]],
    ) -> Callable[P, AsyncResponseContextManager[R]]: ...
    def async_streamed_pages(
        method: Callable[P, AsyncPager[R]],
    ) -> Callable[P, AsyncResponseContextManager[AsyncPage[R]]]: ...

    class AsyncResponseContextManager(Generic[R]):
        """A :class:`ResponseContextManager` of an ``AsyncClient`` call: ``async with`` only."""

        async def __aenter__(self) -> AsyncAPIResponse[R]: ...
        async def __aexit__(
            self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
        ) -> None: ...
