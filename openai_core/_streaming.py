"""Typed event streams over SSE, for both clients.

:class:`EventReader` holds the whole protocol (terminators, error events, truncation) and is
pure; :class:`Stream` and :class:`AsyncStream` only move bytes into it.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from types import TracebackType
from typing import Any, Generic, TypeVar

from ._errors import APIConnectionError, APIDecodeError, APITimeoutError, StreamError, StreamTruncatedError
from ._models import parse
from ._response import ResponseInfo
from ._sse import ServerSentEvent, SSEDecoder
from ._transport import AsyncRawResponse, RawResponse

__all__ = ["AsyncStream", "EventReader", "Stream"]

T = TypeVar("T")

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


class EventReader(Generic[T]):
    """Turns decoded SSE events into typed items; raises on error events and truncation."""

    __slots__ = ("_info", "_type", "done")

    def __init__(self, event_type: Any, info: ResponseInfo) -> None:
        self._type = event_type
        self._info = info
        self.done = False

    def _error(self, err: Any, data: Any) -> StreamError:
        if not isinstance(err, dict):
            err = {"message": str(err)}
        return StreamError(
            str(err.get("message") or "The API reported an error in the stream."),
            code=_opt_str(err.get("code")),
            type=_opt_str(err.get("type")),
            param=_opt_str(err.get("param")),
            data=data,
            request_id=self._info.request_id,
        )

    def read(self, sse: ServerSentEvent) -> T | None:
        """The typed item carried by ``sse``, or ``None`` for a control event."""
        data = sse.data
        if data == "[DONE]":
            self.done = True
            return None
        try:
            payload = json.loads(data)
        except ValueError:
            if sse.event == "error":
                raise self._error({"message": data}, data) from None
            raise APIDecodeError(
                "A stream event is not valid JSON",
                status_code=self._info.status_code,
                body=data.encode(),
                request_id=self._info.request_id,
            ) from None
        if not isinstance(payload, dict):
            return parse(payload, self._type)  # type: ignore[no-any-return]
        kind = payload.get("type")
        if sse.event == "error" or kind == "error":
            raise self._error(payload.get("error") or payload, payload)
        if kind is None and payload.get("error"):
            raise self._error(payload["error"], payload)
        if sse.event is not None and kind != sse.event:
            # Assistants style: the event name travels in `event:` and the data is the object.
            kind = sse.event
            payload = {"event": sse.event, "data": payload}
        if kind == "response.failed":
            response = payload.get("response") or {}
            raise self._error(response.get("error") or {"message": "The response failed."}, payload)
        if kind in _FINAL_EVENTS:
            self.done = True
        return parse(payload, self._type)  # type: ignore[no-any-return]

    def cut(self, exc: APIConnectionError) -> APIConnectionError:
        """The error for a connection lost mid-stream: a timeout stays a timeout; anything
        else means the stream was truncated."""
        if isinstance(exc, (APITimeoutError, StreamTruncatedError)):
            return exc
        return StreamTruncatedError(f"The stream was cut off: {exc.message}", request_id=self._info.request_id)

    def finish(self, last: ServerSentEvent | None) -> T | None:
        """At end of input: the item of an unterminated last event; raise if the stream was cut."""
        item = None
        if last is not None:
            if not self.done and last.data != "[DONE]":
                raise StreamTruncatedError(
                    "The stream ended inside an event: it was cut off.", request_id=self._info.request_id
                )
            item = self.read(last)
        if not self.done:
            raise StreamTruncatedError(
                "The stream ended before its final event: it was cut off.", request_id=self._info.request_id
            )
        return item


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


class _StreamBase:
    response: ResponseInfo

    @property
    def request_id(self) -> str | None:
        """The ``x-request-id`` of the response."""
        return self.response.request_id


class Stream(_StreamBase, Generic[T]):
    """An iterator of typed events; a context manager that frees its connection.

    The connection is released when the stream is exhausted, closed, left by ``break`` (once
    the stream is dropped), fails, or is garbage-collected.
    """

    def __init__(self, raw: RawResponse, event_type: Any, info: ResponseInfo) -> None:
        self.response = info
        self._raw = raw
        self._reader: EventReader[T] = EventReader(event_type, info)
        self._closed = False
        self._iterator = self._iterate()

    def _iterate(self) -> Generator[T, None, None]:
        decoder = SSEDecoder()
        reader = self._reader
        try:
            assert self._raw.chunks is not None
            try:
                for chunk in self._raw.chunks:
                    for sse in decoder.feed(chunk):
                        item = reader.read(sse)
                        if item is not None:
                            yield item
            except APIConnectionError as exc:
                raise reader.cut(exc) from exc
            item = reader.finish(decoder.flush())
            if item is not None:
                yield item
        finally:
            self.close()

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def close(self) -> None:
        """Release the connection; further iteration ends."""
        if not self._closed:
            self._closed = True
            self._raw.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._iterator.close()
        self.close()

    def __del__(self) -> None:
        self.close()


class AsyncStream(_StreamBase, Generic[T]):
    """An async iterator of typed events; an async context manager that frees its connection."""

    def __init__(self, raw: AsyncRawResponse, event_type: Any, info: ResponseInfo) -> None:
        self.response = info
        self._raw = raw
        self._reader: EventReader[T] = EventReader(event_type, info)
        self._closed = False
        self._iterator = self._iterate()

    async def _iterate(self) -> AsyncGenerator[T, None]:
        decoder = SSEDecoder()
        reader = self._reader
        try:
            assert self._raw.chunks is not None
            try:
                async for chunk in self._raw.chunks:
                    for sse in decoder.feed(chunk):
                        item = reader.read(sse)
                        if item is not None:
                            yield item
            except APIConnectionError as exc:
                raise reader.cut(exc) from exc
            item = reader.finish(decoder.flush())
            if item is not None:
                yield item
        finally:
            await self.aclose()

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def aclose(self) -> None:
        """Release the connection; further iteration ends."""
        if not self._closed:
            self._closed = True
            if self._raw.aclose is not None:
                await self._raw.aclose()
            else:
                self._raw.close()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._iterator.aclose()
        await self.aclose()

    def __del__(self) -> None:
        if not self._closed:
            self._closed = True
            self._raw.close()


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

    def write_to_file(self, path: str | os.PathLike[str]) -> int:
        """Stream the body into ``path``; return the number of bytes written."""
        written = 0
        with open(path, "wb") as fh:
            for chunk in self.iter_bytes():
                written += fh.write(chunk)
        return written

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

    async def write_to_file(self, path: str | os.PathLike[str]) -> int:
        """Stream the body into ``path``; return the number of bytes written."""
        written = 0
        with open(path, "wb") as fh:
            async for chunk in self.iter_bytes():
                written += fh.write(chunk)
        return written

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
