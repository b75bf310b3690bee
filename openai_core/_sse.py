"""An incremental, byte-oriented Server-Sent Events decoder. Pure, no I/O.

Feed it chunks exactly as they arrive (split anywhere, even inside a UTF-8 character or a
CRLF pair); it yields each complete event once. LF, CR and CRLF line ends, multi-line
``data``, comments, ``event``/``id``/``retry`` fields and events of any size are handled.
"""

from __future__ import annotations

import attrs

__all__ = ["SSEDecoder", "ServerSentEvent"]


@attrs.frozen(slots=True)
class ServerSentEvent:
    """One event: its ``event`` name (``None`` when unnamed), ``data``, ``id`` and ``retry``."""

    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None


class SSEDecoder:
    """Turns a byte stream into :class:`ServerSentEvent` objects, one chunk at a time."""

    __slots__ = ("_buf", "_data", "_event", "_has_data", "_id", "_pending_cr", "_retry")

    def __init__(self) -> None:
        self._buf: list[bytes] = []
        self._pending_cr = False
        self._reset()

    def _reset(self) -> None:
        self._data: list[str] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None
        self._has_data = False

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Return the events that ``chunk`` completes (often none, sometimes several)."""
        if not chunk:
            return []
        if self._pending_cr:
            self._pending_cr = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        if b"\n" not in chunk and b"\r" not in chunk:
            # No line ends: keep the piece; joining waits for a line end (no quadratic copies).
            if chunk:
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
        if tail:
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
            event = self._line(line)
            if event is not None:
                return event
        if self._has_data:
            return self._dispatch()
        return None

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
        if raw[:1] == b":":
            return None
        line = raw.decode("utf-8")  # invalid UTF-8 raises: the caller reports it, never hides it
        name, sep, value = line.partition(":")
        if sep and value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._data.append(value)
            self._has_data = True
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None
