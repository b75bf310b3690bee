"""WebSocket reconnection with the official SDK's options. Pure, no I/O.

Which closes are worth reconnecting after, the wait before each attempt, the ``on_reconnecting``
handler with its overrides, and the bounded queue of messages sent while reconnecting are
decided here, once, and so is the order of one reconnection (:func:`reconnect_steps`); the sync
and async connections (``_realtime.py``) only perform its steps: close, sleep, reopen, send.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Generator, Iterator, Mapping
from typing import Any, Literal, TypedDict

from . import _record
from ._errors import WebSocketQueueFullError
from ._retry import RetryPolicy

__all__ = [
    "ABNORMAL_CLOSURE",
    "NORMAL_CLOSURE",
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "Reconnection",
    "SendQueue",
    "Step",
    "is_recoverable_close",
    "reconnect_steps",
]

log = logging.getLogger("openai_core")

NORMAL_CLOSURE = 1000
ABNORMAL_CLOSURE = 1006  # the connection dropped without a close frame
# RFC 6455 close codes after which a new connection may well succeed: going away, no status,
# abnormal closure, server error, service restart, try again later, TLS handshake failure.
_RECOVERABLE = frozenset({1001, 1005, 1006, 1011, 1012, 1013, 1015})


def is_recoverable_close(code: int) -> bool:
    """Whether a WebSocket closed with ``code`` is worth reconnecting."""
    return code in _RECOVERABLE


@_record.frozen(kw_only=True)
class ReconnectingEvent:
    """What the ``on_reconnecting`` handler is told before each reconnection attempt."""

    attempt: int
    """This attempt's number, from 1."""
    max_attempts: int
    """How many attempts will be made at most."""
    delay: float
    """Seconds to wait before this attempt."""
    close_code: int
    """The close code that ended the connection (1006: it dropped)."""
    extra_query: Mapping[str, Any]
    """The query parameters the next connection will send."""
    extra_headers: Mapping[str, str | None]
    """The headers the next connection will send."""


class ReconnectingOverrides(TypedDict, total=False):
    """What an ``on_reconnecting`` handler may return to change the next attempt."""

    extra_query: Mapping[str, Any]
    """Replaces the query parameters of the next connection."""
    extra_headers: Mapping[str, str | None]
    """Replaces the headers of the next connection."""
    abort: bool
    """``True``: stop reconnecting."""


class SendQueue:
    """Messages sent while the connection is down, in order, bounded by their UTF-8 size."""

    def __init__(self, max_bytes: int) -> None:
        self._items: list[tuple[str, int]] = []
        self._bytes = 0
        self._max_bytes = max_bytes
        self._lock = threading.Lock()  # a sync connection may send from one thread, receive in another

    def enqueue(self, text: str) -> None:
        """Keep ``text`` for the next connection; :class:`WebSocketQueueFullError` if it would not fit."""
        size = len(text.encode())
        with self._lock:
            if self._bytes + size > self._max_bytes:
                raise WebSocketQueueFullError(
                    f"the WebSocket send queue is full ({self._max_bytes} bytes): message discarded"
                )
            self._items.append((text, size))
            self._bytes += size

    def first(self) -> str | None:
        """The oldest queued message, left in the queue (``None``: empty)."""
        with self._lock:
            return self._items[0][0] if self._items else None

    def sent(self) -> None:
        """The oldest message went out: drop it."""
        with self._lock:
            _, size = self._items.pop(0)
            self._bytes -= size

    def drain(self) -> list[str]:
        """Remove and return every queued message."""
        with self._lock:
            items, self._items, self._bytes = [text for text, _ in self._items], [], 0
        return items

    def __len__(self) -> int:
        return len(self._items)


@_record.define(kw_only=True)
class Reconnection:
    """One connection's reconnection state. With no ``on_reconnecting`` handler, none is tried
    (as in the SDK). ``extra_query``/``extra_headers`` are those of the next connection."""

    on_reconnecting: Callable[[ReconnectingEvent], ReconnectingOverrides | None] | None = None
    max_retries: int = 5
    initial_delay: float = 0.5
    max_delay: float = 8.0
    extra_query: Mapping[str, Any] = _record.field(factory=dict)
    extra_headers: Mapping[str, str | None] = _record.field(factory=dict)
    queue: SendQueue = _record.field(factory=lambda: SendQueue(1_048_576))
    reconnecting: bool = False

    def wanted(self, close_code: int) -> bool:
        """Whether a close with ``close_code`` is to be followed by reconnection attempts."""
        return self.on_reconnecting is not None and is_recoverable_close(close_code)

    def attempts(self, close_code: int) -> Iterator[float]:
        """The wait before each attempt to reconnect after a close with ``close_code``: none for a
        close that is not worth it. Before each, the handler is asked and its overrides applied;
        it stops the attempts by returning ``{"abort": True}`` or by raising."""
        if self.on_reconnecting is None or not self.wanted(close_code):
            return
        backoff = RetryPolicy(initial=self.initial_delay, cap=self.max_delay)
        for attempt in range(1, self.max_retries + 1):
            delay = backoff.delay(attempt - 1)
            event = ReconnectingEvent(
                attempt=attempt,
                max_attempts=self.max_retries,
                delay=delay,
                close_code=close_code,
                extra_query=self.extra_query,
                extra_headers=self.extra_headers,
            )
            try:
                overrides = self.on_reconnecting(event)
            except Exception:  # noqa: BLE001 - a failing handler means: do not reconnect
                return
            if overrides:
                if overrides.get("abort"):
                    return
                self.extra_query = overrides.get("extra_query", self.extra_query)
                self.extra_headers = overrides.get("extra_headers", self.extra_headers)
            yield delay


Step = tuple[Literal["close", "sleep", "open", "send"], Any]
"""One step of a reconnection for a connection to perform: close the old socket, sleep this
long, open a new socket, or send this queued text."""


def reconnect_steps(
    reconnection: Reconnection, close_code: int, ended: Callable[[], bool]
) -> Generator[Step, bool, bool]:
    """The steps of one reconnection after a close with ``close_code``. The connection performs
    each and sends back whether it worked (``open`` and ``send`` may fail); the generator's value
    is whether the connection is open again. ``ended()`` tells whether the user closed it meanwhile.
    While it runs, messages sent are queued; those are sent first on the new socket."""
    if ended() or not reconnection.wanted(close_code):
        return False
    reconnection.reconnecting = True
    try:
        yield ("close", None)
        for delay in reconnection.attempts(close_code):
            log.info("WebSocket closed (%s); reconnecting in %.2fs", close_code, delay)
            yield ("sleep", delay)
            if ended():
                return False
            if (yield ("open", None)):
                break
        else:
            return False
    finally:
        reconnection.reconnecting = False
    while (text := reconnection.queue.first()) is not None:
        if not (yield ("send", text)):
            log.warning("WebSocket reconnected but lost again while sending the queued messages")
            break
        reconnection.queue.sent()
    return True
