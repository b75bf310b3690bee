"""An incremental, byte-oriented Server-Sent Events decoder. Pure, no I/O.

Feed it chunks exactly as they arrive (split anywhere, even inside a UTF-8 character or a
CRLF pair); it yields each complete event once. It follows the WHATWG rules where they matter:
LF, CR and CRLF line ends, multi-line ``data``, comments, a leading byte order mark ignored,
an empty or ``message`` event name meaning the default event, and the last event id (and
retry time) kept from one event to the next. One line and one event are capped
(:class:`SSELimits`), so that memory stays bounded whatever the server sends.
"""

from __future__ import annotations

from typing import Any

from . import _record
from ._errors import StreamEventTooLargeError

__all__ = ["SSEDecoder", "SSELimits", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"
_MiB = 1024 * 1024


@_record.frozen
class ServerSentEvent:
    """One event: its ``event`` name (``None`` for the default event), ``data``, the last
    event ``id`` and ``retry`` time the stream set (``None`` until it sets one)."""

    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None


def _positive(_: object, field: Any, value: int) -> None:
    if not value > 0:
        raise ValueError(f"{field.name} must be > 0, not {value!r}")


@_record.frozen(kw_only=True)
class SSELimits:
    """Caps, in bytes, on one line and on one event's data (image partials take a few MB);
    past them the stream ends with :class:`~openai_core.StreamEventTooLargeError`."""

    max_line: int = _record.field(default=32 * _MiB, validator=_positive)
    max_event: int = _record.field(default=32 * _MiB, validator=_positive)


_DEFAULT_LIMITS = SSELimits()


class SSEDecoder:
    """Turns a byte stream into :class:`ServerSentEvent` objects, one chunk at a time."""

    __slots__ = (
        "_buf",
        "_buffered",
        "_data",
        "_event",
        "_has_data",
        "_head",
        "_id",
        "_max_event",
        "_max_line",
        "_pending_cr",
        "_retry",
        "_size",
    )

    def __init__(self, limits: SSELimits | None = None) -> None:
        limits = limits or _DEFAULT_LIMITS
        self._max_line = limits.max_line
        self._max_event = limits.max_event
        self._buf: list[bytes] = []
        self._buffered = 0  # bytes in _buf: the line being received
        self._head: bytes | None = b""  # the first bytes, until a byte order mark is ruled out
        self._pending_cr = False
        self._id: str | None = None
        self._retry: int | None = None
        self._reset()

    def _reset(self) -> None:
        self._data: list[str] = []
        self._event: str | None = None
        self._has_data = False
        self._size = 0

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Return the events that ``chunk`` completes (often none, sometimes several)."""
        if self._head is not None:
            chunk = self._head + chunk
            if len(chunk) < 3 and _BOM.startswith(chunk):
                self._head = chunk
                return []
            self._head = None
            if chunk.startswith(_BOM):
                chunk = chunk[3:]
        if not chunk:
            return []
        if self._pending_cr:
            self._pending_cr = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        if b"\n" not in chunk and b"\r" not in chunk:
            # No line ends: keep the piece; joining waits for a line end (no quadratic copies).
            if chunk:
                self._buffered += len(chunk)
                if self._buffered > self._max_line:
                    self._too_long()
                self._buf.append(chunk)
            return []
        if self._buf:
            self._buf.append(chunk)
            chunk = b"".join(self._buf)
            self._buf = []
        if b"\r" in chunk:
            # The LF of a CRLF may come in the next chunk; it is dropped then.
            self._pending_cr = chunk.endswith(b"\r")
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = chunk.split(b"\n")
        tail = lines.pop()
        self._buffered = len(tail)
        if tail:
            if self._buffered > self._max_line:
                self._too_long()
            self._buf.append(tail)
        events = []
        for line in lines:
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def flush(self) -> ServerSentEvent | None:
        """At end of input: the event still being built, if any (its blank line never came)."""
        if self._buf:
            line = b"".join(self._buf)
            self._buf = []
            self._buffered = 0
            event = self._line(line)
            if event is not None:
                return event
        if self._has_data:
            return self._dispatch()
        return None

    def _too_long(self) -> None:
        self._buf = []
        raise StreamEventTooLargeError(
            f"A stream line is longer than {self._max_line} bytes (SSELimits.max_line)", limit=self._max_line
        )

    def _dispatch(self) -> ServerSentEvent | None:
        if not self._has_data:
            self._reset()
            return None
        event = ServerSentEvent("\n".join(self._data), self._event, self._id, self._retry)
        self._reset()
        return event

    def _line(self, raw: bytes) -> ServerSentEvent | None:
        if not raw:
            return self._dispatch()
        if len(raw) > self._max_line:
            self._too_long()
        if raw[:1] == b":":
            return None
        line = raw.decode("utf-8")  # invalid UTF-8 raises: the caller reports it, never hides it
        name, sep, value = line.partition(":")
        if sep and value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._size += len(value) + 1
            if self._size > self._max_event:
                self._reset()
                raise StreamEventTooLargeError(
                    f"A stream event is larger than {self._max_event} bytes (SSELimits.max_event)",
                    limit=self._max_event,
                )
            self._data.append(value)
            self._has_data = True
        elif name == "event":
            self._event = None if value in ("", "message") else value
        elif name == "id":
            if "\0" not in value:
                self._id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None
