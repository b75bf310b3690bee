"""A client-side rate limiter (off by default): ``Client(rate_limiter=RateLimiter(...))``.

It does two things around every ``transport.send`` of both clients:

- it caps the number of requests in flight (``max_concurrency``); a streamed request counts
  until its stream is closed, exhausted or dropped;
- when a response says that no request (or no token) is left in the window
  (``x-ratelimit-remaining-requests: 0``), it holds the next requests until the window resets
  (``x-ratelimit-reset-requests: 1s``), instead of sending them only to get a 429.

:class:`RateLimitState` decides, purely, how long to wait; :class:`RateLimiter` adds the two
waits: threading primitives for :class:`~openai_core.Client`, asyncio ones for
:class:`~openai_core.AsyncClient`.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

import attrs

from ._response import RateLimits
from ._transport import AsyncRawResponse, RawResponse

if TYPE_CHECKING:
    import asyncio

__all__ = ["RateLimitState", "RateLimiter"]

Raw = TypeVar("Raw", RawResponse, AsyncRawResponse)


@attrs.define(slots=True, kw_only=True)
class RateLimitState:
    """Until when the server asked us to hold requests. Pure: the clock is passed in.

    A response whose ``remaining`` requests (or tokens) is 0 blocks new requests until its
    ``reset`` has passed; ``max_wait`` (seconds) bounds one such block.
    """

    max_wait: float | None = None
    blocked_until: float = 0.0

    def observe(self, headers: Mapping[str, str], now: float) -> None:
        """Read the ``x-ratelimit-*`` headers of a response received at ``now``."""
        limits = RateLimits.from_headers(headers)
        for remaining, reset in (
            (limits.remaining_requests, limits.reset_requests),
            (limits.remaining_tokens, limits.reset_tokens),
        ):
            if remaining is not None and remaining <= 0 and reset is not None and reset > 0:
                if self.max_wait is not None:
                    reset = min(reset, self.max_wait)
                self.blocked_until = max(self.blocked_until, now + reset)

    def delay(self, now: float) -> float:
        """Seconds to wait at ``now`` before sending (0 when free to go)."""
        return max(0.0, self.blocked_until - now)


class RateLimiter:
    """Client-side limits: at most ``max_concurrency`` requests in flight (``None``: no cap), and,
    with ``respect_headers``, a pause until the window resets whenever the API says that no
    request or token is left. ``max_wait`` bounds one such pause (seconds; ``None``: no bound).

    One limiter may be shared by several clients. The concurrency cap is counted across threads
    for sync clients, and per event loop for async clients.
    """

    def __init__(
        self,
        *,
        max_concurrency: int | None = None,
        respect_headers: bool = True,
        max_wait: float | None = None,
    ) -> None:
        if max_concurrency is not None and (
            isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int) or max_concurrency < 1
        ):
            raise ValueError(f"max_concurrency must be a positive int or None, not {max_concurrency!r}")
        self.max_concurrency = max_concurrency
        self.respect_headers = respect_headers
        self._state = RateLimitState(max_wait=max_wait)
        self._lock = threading.Lock()
        self._threads = None if max_concurrency is None else threading.BoundedSemaphore(max_concurrency)
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def __repr__(self) -> str:
        return f"RateLimiter(max_concurrency={self.max_concurrency!r}, respect_headers={self.respect_headers!r})"

    # -- the pure part, under a lock ------------------------------------------------------------

    def delay(self) -> float:
        """Seconds to wait now before the next request may be sent."""
        with self._lock:
            return self._state.delay(time.monotonic())

    def observe(self, headers: Mapping[str, str]) -> None:
        """Note the rate-limit headers of a response that just arrived."""
        if self.respect_headers:
            with self._lock:
                self._state.observe(headers, time.monotonic())

    def admit(self, raw: Raw, release: Callable[[], None]) -> Raw:
        """Note ``raw``'s headers; free its slot now, or, for a streamed body, when it is closed."""
        self.observe(raw.headers)
        if raw.chunks is None:
            release()
            return raw
        close = raw.close

        def close_and_release() -> None:
            try:
                close()
            finally:
                release()

        if isinstance(raw, RawResponse):
            return attrs.evolve(raw, close=close_and_release)
        aclose = raw.aclose
        if aclose is None:
            return attrs.evolve(raw, close=close_and_release)

        async def aclose_and_release() -> None:
            try:
                await aclose()
            finally:
                release()

        return attrs.evolve(raw, close=close_and_release, aclose=aclose_and_release)

    # -- sync: threading ------------------------------------------------------------------------

    def acquire(self) -> Callable[[], None]:
        """Wait for a slot and for the window; return the function that frees the slot (once)."""
        semaphore = self._threads
        if semaphore is not None:
            semaphore.acquire()
        release = _once(semaphore.release if semaphore is not None else None)
        try:
            while (wait := self.delay()) > 0:
                time.sleep(wait)
        except BaseException:
            release()
            raise
        return release

    # -- async: asyncio -------------------------------------------------------------------------

    async def acquire_async(self) -> Callable[[], None]:
        """The async twin of :meth:`acquire`."""
        import asyncio  # here, so that the sync client never pays for importing asyncio

        semaphore = None
        if self.max_concurrency is not None:
            loop = asyncio.get_running_loop()
            semaphore = self._loops.get(loop)
            if semaphore is None:
                semaphore = self._loops[loop] = asyncio.Semaphore(self.max_concurrency)
            await semaphore.acquire()
        release = _once(semaphore.release if semaphore is not None else None)
        try:
            while (wait := self.delay()) > 0:
                await asyncio.sleep(wait)
        except BaseException:
            release()
            raise
        return release


def _once(release: Callable[[], None] | None) -> Callable[[], None]:
    """``release``, callable any number of times, acting the first time only."""
    done = False

    def once() -> None:
        nonlocal done
        if not done:
            done = True
            if release is not None:
                release()

    return once
