"""Typed event streams over SSE, for both clients.

:class:`EventReader` holds the whole protocol (terminators, error events, truncation, skipping
events already seen after a resume, feeding the accumulator) and is pure; :class:`Resumption`
decides, purely, whether and from where a dropped stream may be re-opened. :class:`Stream` and
:class:`AsyncStream` only move bytes into the reader and, when told to, call the re-open
callback their client gave them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from . import _record
from ._accumulate import Accumulator, detect_accumulator
from ._errors import APIConnectionError, APIDecodeError, APIError, APITimeoutError, StreamError, StreamTruncatedError
from ._json import loads, loads_event
from ._models import Model, parse, structure_hook
from ._raw_response import LegacyAPIResponse
from ._response import ResponseInfo, response_info
from ._sse import ServerSentEvent, SSEDecoder, SSELimits
from ._transport import AsyncRawResponse, RawResponse

if TYPE_CHECKING:
    from typing_extensions import Self

    from .types.chat import ChatCompletion, ChatCompletionChunk
    from .types.responses import Response, ResponseStreamEvent

__all__ = ["AsyncStream", "EventReader", "ResumePoint", "Resumption", "Stream"]

T = TypeVar("T")
Info = ResponseInfo | LegacyAPIResponse[Any]
"""Where a stream's events come from: its raw response (status, headers, request id)."""

# Events after which the server may end the stream: it is then complete.
_FINAL_EVENTS = frozenset(
    {
        "response.completed",
        "response.incomplete",
        "transcript.text.done",
        "speech.audio.done",
        "image_generation.completed",
        "image_edit.completed",
        "done",
    }
)


@_record.frozen
class ResumePoint:
    """Where to re-open a dropped Responses stream: ``GET /responses/{response_id}?stream=true
    &starting_after={starting_after}``."""

    response_id: str
    starting_after: int


@_record.define(kw_only=True)
class Resumption:
    """Where a Responses stream stands, and whether it may be re-opened after a drop. Pure.

    Only a background response (``background: true`` in its ``response.created`` event) lives on
    the server after its connection drops; only such a stream is re-opened, after the last
    ``sequence_number`` seen. Events at or before that number are duplicates and are skipped.
    At most ``max_attempts`` re-opens in a row may bring no new event.
    """

    max_attempts: int = 2
    response_id: str | None = None
    background: bool = False
    last_sequence: int | None = None
    attempts: int = 0

    def fresh(self, event: Mapping[str, Any]) -> bool:
        """Note ``event``; ``False`` if it was already seen (a duplicate to skip)."""
        number = event.get("sequence_number")
        if isinstance(number, int) and not isinstance(number, bool):
            if self.last_sequence is not None and number <= self.last_sequence:
                return False
            self.last_sequence = number
            self.attempts = 0
        response = event.get("response")
        if isinstance(response, Mapping):
            rid = response.get("id")
            if isinstance(rid, str) and rid:
                self.response_id = rid
            if response.get("background") is True:
                self.background = True
        return True

    def next_point(self) -> ResumePoint | None:
        """Where to re-open after a drop, counting the attempt; ``None`` if the stream cannot
        (or may no longer) be resumed."""
        if not self.background or self.response_id is None or self.last_sequence is None:
            return None
        if self.attempts >= self.max_attempts:
            return None
        self.attempts += 1
        return ResumePoint(self.response_id, self.last_sequence)


class EventReader(Generic[T]):
    """Turns decoded SSE events into typed items; raises on error events and truncation.

    With an ``accumulator`` (or one detected from the first event), every event is folded into
    it once :meth:`accumulate` was called, before the first item: a stream that is only iterated
    keeps nothing, so its memory stays flat however long it runs. With a ``resumption``, events
    already seen are skipped.
    """

    __slots__ = (
        "_detect",
        "_hook",
        "_type",
        "accumulating",
        "accumulator",
        "done",
        "info",
        "items",
        "limits",
        "resumption",
    )

    def __init__(
        self,
        event_type: Any,
        info: Info,
        *,
        accumulator: Accumulator | None = None,
        resumption: Resumption | None = None,
        limits: SSELimits | None = None,
    ) -> None:
        self._type = event_type
        self._hook = structure_hook(event_type)
        self.info = info
        self.limits = limits
        self.accumulator = accumulator
        self.resumption = resumption
        self._detect = accumulator is None
        self.accumulating = False
        self.items = 0
        self.done = False

    def accumulate(self, *, strict: bool = True) -> None:
        """Fold every event into the accumulator from now on; it must be the start of the stream
        (``strict``) for the result to be whole."""
        if self.accumulating:
            return
        if self.items and strict:
            raise RuntimeError(
                "this stream was read without building its final object: call stream.accumulate() "
                "(or final(), text()) before reading events"
            )
        self.accumulating = not self.items

    def _error(self, err: Any, data: Any) -> StreamError:
        if not isinstance(err, dict):
            err = {"message": str(err)}
        return StreamError(
            str(err.get("message") or "The API reported an error in the stream."),
            code=_opt_str(err.get("code")),
            type=_opt_str(err.get("type")),
            param=_opt_str(err.get("param")),
            data=data,
            request_id=self.info.request_id,
        )

    def read(self, sse: ServerSentEvent) -> T | None:
        """The typed item carried by ``sse``, or ``None`` for a control event or a duplicate."""
        data = sse.data
        if data == "[DONE]":
            self.done = True
            return None
        try:
            payload = loads_event(data)
        except ValueError:
            if sse.event == "error":
                raise self._error({"message": data}, data) from None
            raise APIDecodeError(
                "A stream event is not valid JSON",
                status_code=self.info.status_code,
                body=data.encode(),
                request_id=self.info.request_id,
            ) from None
        if not isinstance(payload, dict):
            return parse(payload, self._type)  # type: ignore[no-any-return]
        if self.resumption is not None and not self.resumption.fresh(payload):
            return None
        kind = payload.get("type")
        if sse.event == "error" or kind == "error":
            raise self._error(payload.get("error") or payload, payload)
        if kind is None and payload.get("error"):
            raise self._error(payload["error"], payload)
        if sse.event is not None and kind != sse.event:
            # Assistants style: the event name travels in `event:` and the data is the object.
            kind = sse.event
            payload = {"event": sse.event, "data": payload}
        accumulator = self.accumulator
        if accumulator is None and self._detect:
            self._detect = False
            accumulator = self.accumulator = detect_accumulator(payload)
        if accumulator is not None and self.accumulating:
            accumulator.add(payload)
        if kind == "response.failed":
            response = payload.get("response") or {}
            raise self._error(response.get("error") or {"message": "The response failed."}, payload)
        if kind in _FINAL_EVENTS:
            self.done = True
        self.items += 1
        return self._hook(payload, self._type)  # type: ignore[no-any-return]

    def undecodable(self, exc: UnicodeDecodeError) -> APIDecodeError:
        """The error for stream bytes that are not UTF-8."""
        return APIDecodeError(
            "A stream event is not valid UTF-8",
            status_code=self.info.status_code,
            body=bytes(exc.object),
            request_id=self.info.request_id,
        )

    def cut(self, exc: APIConnectionError) -> APIConnectionError:
        """The error for a connection lost mid-stream: a timeout stays a timeout; anything
        else means the stream was truncated."""
        if isinstance(exc, (APITimeoutError, StreamTruncatedError)):
            return exc
        return StreamTruncatedError(f"The stream was cut off: {exc.message}", request_id=self.info.request_id)

    def finish(self, last: ServerSentEvent | None) -> T | None:
        """At end of input: the item of an unterminated last event; raise if the stream was cut."""
        item = None
        if last is not None:
            if not self.done and last.data != "[DONE]":
                raise StreamTruncatedError(
                    "The stream ended inside an event: it was cut off.", request_id=self.info.request_id
                )
            item = self.read(last)
        if not self.done:
            raise StreamTruncatedError(
                "The stream ended before its final event: it was cut off.", request_id=self.info.request_id
            )
        return item

    def resume_point(self) -> ResumePoint | None:
        """After a drop: where to re-open the stream, or ``None`` to give up."""
        if self.done or self.resumption is None:
            return None
        return self.resumption.next_point()


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


class _StreamBase:
    """What both stream classes read from their :class:`EventReader`."""

    response: Info
    _reader: EventReader[Any]

    @property
    def request_id(self) -> str | None:
        """The ``x-request-id`` of the response."""
        return self.response.request_id

    @property
    def _request_id(self) -> str | None:
        return self.response.request_id

    @property
    def accumulator(self) -> Accumulator | None:
        """What builds the final object from the events (``None`` for streams without one)."""
        return self._reader.accumulator

    def accumulate(self) -> Self:
        """Build the final object (:attr:`current`, ``final()``, :attr:`usage`) while the stream
        is read. Call it before reading: a stream only iterated keeps nothing."""
        self._reader.accumulate()
        return self

    @property
    def current(self) -> Any:
        """The object built from the events read so far (``None`` before the first one);
        needs :meth:`accumulate`."""
        self._reader.accumulate()
        accumulator = self._reader.accumulator
        return None if accumulator is None else accumulator.current

    @property
    def usage(self) -> Any:
        """Token usage, once the stream reported it: the final chunk of a chat stream sent with
        ``stream_options={"include_usage": True}``, or the final response of a Responses stream;
        needs :meth:`accumulate`."""
        self._reader.accumulate()
        accumulator = self._reader.accumulator
        return None if accumulator is None else accumulator.usage

    def _text_of(self, event: Any) -> str | None:
        accumulator = self._reader.accumulator
        return None if accumulator is None else accumulator.text_delta(event)

    def _result(self) -> Any:
        accumulator = self._reader.accumulator
        if accumulator is None:
            raise TypeError("this stream's events do not build a final object (only chat and Responses streams do)")
        result = accumulator.current
        if isinstance(result, Model):
            object.__setattr__(result, "__response__", self.response)
        return result


class _Conn:
    """The connection a sync stream reads from: dropped and replaced on a resume; each one
    closed once. ``closed`` means the stream itself was closed."""

    __slots__ = ("closed", "raw", "released")

    def __init__(self, raw: RawResponse) -> None:
        self.raw = raw
        self.closed = False
        self.released = False

    def chunks(self) -> Iterator[bytes]:
        assert self.raw.chunks is not None
        return self.raw.chunks

    def drop(self) -> None:
        """Free the current connection (and its rate-limiter slot) before a resume."""
        if not self.released:
            self.released = True
            self.raw.close()

    def attach(self, raw: RawResponse) -> None:
        self.raw, self.released = raw, False
        if self.closed:
            self.drop()

    def close(self) -> None:
        self.closed = True
        self.drop()


def _events(
    conn: _Conn, reader: EventReader[T], reopen: Callable[[ResumePoint], RawResponse] | None
) -> Generator[T, None, None]:
    # A plain function, not a method: the generator must not keep its Stream alive, so that a
    # dropped stream is collected (and its connection freed) at once.
    try:
        while True:
            decoder = SSEDecoder(reader.limits)
            try:
                for chunk in conn.chunks():
                    for sse in decoder.feed(chunk):
                        item = reader.read(sse)
                        if item is not None:
                            yield item
                if conn.closed:
                    return
                item = reader.finish(decoder.flush())
            except UnicodeDecodeError as exc:
                raise reader.undecodable(exc) from None
            except APIConnectionError as exc:
                if conn.closed:
                    return
                error = reader.cut(exc)
                point = None if reopen is None else reader.resume_point()
                if reopen is None or point is None:
                    if error is exc:
                        raise
                    raise error from exc
                conn.drop()
                try:
                    raw = reopen(point)
                except APIError as failure:
                    raise error from failure
                conn.attach(raw)
                reader.info = response_info(raw)
                continue
            if item is not None:
                yield item
            return
    finally:
        conn.close()


class Stream(_StreamBase, Generic[T]):
    """An iterator of typed events; a context manager that frees its connection.

    The connection is released when the stream is exhausted, closed, left by ``break`` (once
    the stream is dropped), fails, or is garbage-collected.

    Chat and Responses streams also build the final object as they go: :meth:`final` reads the
    rest and returns it, :attr:`current` is what was built so far, :meth:`text` yields the text
    deltas only. A background Responses stream that drops is re-opened where it stopped.
    """

    def __init__(
        self,
        raw: RawResponse,
        event_type: Any,
        info: Info,
        *,
        accumulator: Accumulator | None = None,
        resumption: Resumption | None = None,
        reopen: Callable[[ResumePoint], RawResponse] | None = None,
        limits: SSELimits | None = None,
    ) -> None:
        self.response = info
        self._conn = _Conn(raw)
        self._reader: EventReader[T] = EventReader(
            event_type, info, accumulator=accumulator, resumption=resumption, limits=limits
        )
        self._iterator = _events(self._conn, self._reader, reopen)

    def __iter__(self) -> Iterator[T]:
        return self  # not the generator: the loop must keep the stream (its owner) alive

    def __next__(self) -> T:
        return next(self._iterator)

    @overload
    def final(self: Stream[ChatCompletionChunk]) -> ChatCompletion: ...
    @overload
    def final(self: Stream[ResponseStreamEvent]) -> Response: ...
    @overload
    def final(self) -> Any: ...
    def final(self) -> Any:
        """Read the rest of the stream; return the object it built (the chat completion, or the
        Responses API response). After a close, what was built so far."""
        self._reader.accumulate()
        for _ in self._iterator:
            pass
        return self._result()

    def text(self) -> Iterator[str]:
        """Read the stream, yielding only its text deltas (chat: ``choices[0].delta.content``;
        Responses: ``response.output_text.delta``)."""
        self._reader.accumulate(strict=False)
        for event in self._iterator:
            piece = self._text_of(event)
            if piece:
                yield piece

    def close(self) -> None:
        """Release the connection; further iteration ends."""
        self._conn.close()
        with contextlib.suppress(ValueError):  # ValueError: closed from inside its own iteration
            self._iterator.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        self._conn.close()


class _AsyncConn:
    """The async twin of :class:`_Conn`."""

    __slots__ = ("closed", "raw", "released")

    def __init__(self, raw: AsyncRawResponse) -> None:
        self.raw = raw
        self.closed = False
        self.released = False

    def chunks(self) -> AsyncIterator[bytes]:
        assert self.raw.chunks is not None
        return self.raw.chunks

    async def drop(self) -> None:
        """Free the current connection (and its rate-limiter slot) before a resume."""
        if not self.released:
            self.released = True
            if self.raw.aclose is not None:
                await self.raw.aclose()
            else:
                self.raw.close()

    async def attach(self, raw: AsyncRawResponse) -> None:
        self.raw, self.released = raw, False
        if self.closed:
            await self.drop()

    async def aclose(self) -> None:
        self.closed = True
        await self.drop()

    def close(self) -> None:
        """Close without awaiting (for finalizers)."""
        self.closed = True
        if not self.released:
            self.released = True
            self.raw.close()


async def _aevents(
    conn: _AsyncConn, reader: EventReader[T], reopen: Callable[[ResumePoint], Awaitable[AsyncRawResponse]] | None
) -> AsyncGenerator[T, None]:
    # The async twin of `_events`, line for line.
    try:
        while True:
            decoder = SSEDecoder(reader.limits)
            try:
                async for chunk in conn.chunks():
                    for sse in decoder.feed(chunk):
                        item = reader.read(sse)
                        if item is not None:
                            yield item
                if conn.closed:
                    return
                item = reader.finish(decoder.flush())
            except UnicodeDecodeError as exc:
                raise reader.undecodable(exc) from None
            except APIConnectionError as exc:
                if conn.closed:
                    return
                error = reader.cut(exc)
                point = None if reopen is None else reader.resume_point()
                if reopen is None or point is None:
                    if error is exc:
                        raise
                    raise error from exc
                await conn.drop()
                try:
                    raw = await reopen(point)
                except APIError as failure:
                    raise error from failure
                await conn.attach(raw)
                reader.info = response_info(raw)
                continue
            if item is not None:
                yield item
            return
    finally:
        await conn.aclose()


class AsyncStream(_StreamBase, Generic[T]):
    """An async iterator of typed events; an async context manager that frees its connection.

    As :class:`Stream`: ``await stream.final()``, ``stream.current``, ``async for piece in
    stream.text()``, and background Responses streams resume by themselves.
    """

    def __init__(
        self,
        raw: AsyncRawResponse,
        event_type: Any,
        info: Info,
        *,
        accumulator: Accumulator | None = None,
        resumption: Resumption | None = None,
        reopen: Callable[[ResumePoint], Awaitable[AsyncRawResponse]] | None = None,
        limits: SSELimits | None = None,
    ) -> None:
        self.response = info
        self._conn = _AsyncConn(raw)
        self._reader: EventReader[T] = EventReader(
            event_type, info, accumulator=accumulator, resumption=resumption, limits=limits
        )
        self._iterator = _aevents(self._conn, self._reader, reopen)

    def __aiter__(self) -> AsyncIterator[T]:
        return self  # not the generator: the loop must keep the stream (its owner) alive

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    @overload
    async def final(self: AsyncStream[ChatCompletionChunk]) -> ChatCompletion: ...
    @overload
    async def final(self: AsyncStream[ResponseStreamEvent]) -> Response: ...
    @overload
    async def final(self) -> Any: ...
    async def final(self) -> Any:
        """Read the rest of the stream; return the object it built (see :meth:`Stream.final`)."""
        self._reader.accumulate()
        async for _ in self._iterator:
            pass
        return self._result()

    async def text(self) -> AsyncIterator[str]:
        """Read the stream, yielding only its text deltas (see :meth:`Stream.text`)."""
        self._reader.accumulate(strict=False)
        async for event in self._iterator:
            piece = self._text_of(event)
            if piece:
                yield piece

    async def aclose(self) -> None:
        """Release the connection; further iteration ends."""
        await self._conn.aclose()
        with contextlib.suppress(RuntimeError):  # RuntimeError: being iterated by another task
            await self._iterator.aclose()

    async def close(self) -> None:
        """Alias of :meth:`aclose`."""
        await self.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __del__(self) -> None:
        self._conn.close()


class StreamedBinaryResponse:
    """A binary body read as it arrives (``with_options(stream_binary=True)``).

    Iterate :meth:`iter_bytes`, or :meth:`write_to_file`, to handle a large download without
    holding it in memory; :meth:`read` (or ``content``) reads it whole. The connection is freed
    at the end of the body, on :meth:`close`, on leaving a ``with`` block, or on collection.
    """

    def __init__(self, raw: RawResponse, info: ResponseInfo) -> None:
        self.response = info
        self._raw = raw
        self._closed = False
        self._content: bytes | None = None

    def iter_bytes(self) -> Iterator[bytes]:
        """The body, chunk by chunk as the transport delivers it."""
        try:
            assert self._raw.chunks is not None
            yield from self._raw.chunks
        finally:
            self.close()

    def read(self) -> bytes:
        """The whole body (read once, then kept)."""
        if self._content is None:
            self._content = b"".join(self.iter_bytes())
        return self._content

    @property
    def content(self) -> bytes:
        """The whole body."""
        return self.read()

    @property
    def text(self) -> str:
        """The whole body decoded as UTF-8."""
        return self.read().decode("utf-8", "replace")

    def json(self) -> Any:
        """The whole body decoded as JSON."""
        return loads(self.read())

    @property
    def _request_id(self) -> str | None:
        return self.response.request_id

    def write_to_file(self, path: str | os.PathLike[str]) -> int:
        """Stream the body into ``path``; return the number of bytes written."""
        written = 0
        with open(path, "wb") as fh:
            for chunk in self.iter_bytes():
                written += fh.write(chunk)
        return written

    stream_to_file = write_to_file

    def close(self) -> None:
        """Release the connection."""
        if not self._closed:
            self._closed = True
            self._raw.close()

    def __enter__(self) -> StreamedBinaryResponse:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


class AsyncStreamedBinaryResponse:
    """The async twin of :class:`StreamedBinaryResponse`."""

    def __init__(self, raw: AsyncRawResponse, info: ResponseInfo) -> None:
        self.response = info
        self._raw = raw
        self._closed = False
        self._content: bytes | None = None

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        """The body, chunk by chunk as the transport delivers it."""
        try:
            assert self._raw.chunks is not None
            async for chunk in self._raw.chunks:
                yield chunk
        finally:
            await self.aclose()

    async def read(self) -> bytes:
        """The whole body (read once, then kept)."""
        if self._content is None:
            self._content = b"".join([chunk async for chunk in self.iter_bytes()])
        return self._content

    async def json(self) -> Any:
        """The whole body decoded as JSON."""
        return loads(await self.read())

    @property
    def _request_id(self) -> str | None:
        return self.response.request_id

    async def write_to_file(self, path: str | os.PathLike[str]) -> int:
        """Stream the body into ``path``; return the number of bytes written."""
        written = 0
        with open(path, "wb") as fh:
            async for chunk in self.iter_bytes():
                written += fh.write(chunk)
        return written

    stream_to_file = write_to_file

    async def aclose(self) -> None:
        """Release the connection."""
        if not self._closed:
            self._closed = True
            if self._raw.aclose is not None:
                await self._raw.aclose()
            else:
                self._raw.close()

    async def __aenter__(self) -> AsyncStreamedBinaryResponse:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __del__(self) -> None:
        if not self._closed:
            self._closed = True
            self._raw.close()
