"""Client-side rate limiting (off by default): ``Client(rate_limiter=...)``.

A limiter is anything that meets :class:`Limiter`: the client asks it for a permit before
each ``transport.send`` and hands it each response. :class:`RateLimiter` is the in-process
one; :class:`~openai_core.RedisRateLimiter` shares one budget between processes and hosts.

:class:`RateLimiter` does two things around every ``transport.send`` of both clients:

- it caps the number of requests in flight (``max_concurrency``); a streamed request counts
  until its stream is closed, exhausted or dropped;
- when a response says that no request (or no token) is left in the window
  (``x-ratelimit-remaining-requests: 0``), it holds the next requests until the window resets
  (``x-ratelimit-reset-requests: 1s``), instead of sending them only to get a 429.

:class:`RateLimitState` decides, purely, how long to wait; :class:`RateLimiter` adds the two
waits: threading primitives for :class:`~openai_core.Client`, asyncio ones for
:class:`~openai_core.AsyncClient`.

Every wait is bounded: a wait longer than ``max_wait`` (60 s by default) is not slept but
raised as :class:`RateLimitWaitError`, and a ``reset`` header that is not finite, negative or
longer than a day is not believed.
"""

from __future__ import annotations

import math
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from . import _record
from ._errors import OpenAIError
from ._request import Request
from ._response import RateLimits
from ._transport import AsyncRawResponse, RawResponse

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "DEFAULT_MAX_WAIT",
    "MAX_RESET",
    "Limiter",
    "RateLimitState",
    "RateLimitWaitError",
    "RateLimiter",
    "RateLimiterError",
    "WaitBudget",
]

Raw = TypeVar("Raw", RawResponse, AsyncRawResponse)

DEFAULT_MAX_WAIT = 60.0
"""Seconds a limiter may hold one request by default."""
MAX_RESET = 86_400.0
"""A ``reset`` header beyond this many seconds (a day) is not believed."""


class RateLimiterError(OpenAIError):
    """A client-side rate limiter could not let a request go."""


class RateLimitWaitError(RateLimiterError):
    """The rate limit would hold a request longer than the limiter's ``max_wait``: ``wait`` is
    the seconds it would have needed, ``max_wait`` the bound. Nothing was sent."""

    def __init__(self, wait: float, max_wait: float) -> None:
        super().__init__(
            f"the rate limit would hold this request {wait:.1f} s, longer than max_wait={max_wait:g} s; "
            "nothing was sent"
        )
        self.wait = wait
        self.max_wait = max_wait


@runtime_checkable
class Limiter(Protocol):
    """What a client asks of its ``rate_limiter``, around each ``transport.send``:

    - ``acquire(request)`` (sync client) or ``await acquire_async(request)`` (async client)
      waits until ``request`` may go, and returns its ``release``, called once if the send
      fails;
    - ``admit(raw, release)`` / ``await admit_async(raw, release)`` sees the response (its
      headers, its body when not streamed) and returns it, arranging for ``release`` to be
      called when the response is done with.
    """

    def acquire(self, request: Request | None = None) -> Callable[[], None]: ...

    async def acquire_async(self, request: Request | None = None) -> Callable[[], None]: ...

    def admit(self, raw: Raw, release: Callable[[], None]) -> Raw: ...

    async def admit_async(self, raw: AsyncRawResponse, release: Callable[[], None]) -> AsyncRawResponse: ...


@_record.define
class WaitBudget:
    """The waits of one request, against ``max_wait`` (``None``: unbounded)."""

    max_wait: float | None
    waited: float = 0.0

    def spend(self, wait: float) -> float:
        """``wait``, once it is known to fit in what is left; else :class:`RateLimitWaitError`."""
        if not math.isfinite(wait) or (self.max_wait is not None and self.waited + wait > self.max_wait):
            raise RateLimitWaitError(self.waited + wait, self.max_wait if self.max_wait is not None else math.inf)
        self.waited += wait
        return wait


def check_max_wait(max_wait: float | None) -> float | None:
    """``max_wait``, or ``ValueError`` when it is not ``None`` or a finite number >= 0."""
    if max_wait is not None and (
        isinstance(max_wait, bool) or not isinstance(max_wait, (int, float)) or not 0 <= max_wait < math.inf
    ):
        raise ValueError(f"max_wait must be a finite number of seconds or None, not {max_wait!r}")
    return max_wait


def believable(reset: float | None) -> float | None:
    """A ``reset`` duration, or ``None`` when it is not finite, negative or beyond :data:`MAX_RESET`."""
    if reset is None or not math.isfinite(reset) or not 0 <= reset <= MAX_RESET:
        return None
    return reset


@_record.define(kw_only=True)
class RateLimitState:
    """Until when the server asked us to hold requests. Pure: the clock is passed in.

    A response whose ``remaining`` requests (or tokens) is 0 blocks new requests until its
    ``reset`` has passed; a ``reset`` that is not believable (:func:`believable`) is ignored.
    """

    blocked_until: float = 0.0

    def observe(self, headers: Mapping[str, str], now: float) -> None:
        """Read the ``x-ratelimit-*`` headers of a response received at ``now``."""
        limits = RateLimits.from_headers(headers)
        for remaining, reset in (
            (limits.remaining_requests, limits.reset_requests),
            (limits.remaining_tokens, limits.reset_tokens),
        ):
            reset = believable(reset)
            if remaining is not None and remaining <= 0 and reset is not None and reset > 0:
                self.blocked_until = max(self.blocked_until, now + reset)

    def delay(self, now: float) -> float:
        """Seconds to wait at ``now`` before sending (0 when free to go)."""
        return max(0.0, self.blocked_until - now)


class RateLimiter:
    """Client-side limits: at most ``max_concurrency`` requests in flight (``None``: no cap), and,
    with ``respect_headers``, a pause until the window resets whenever the API says that no
    request or token is left. A pause longer than ``max_wait`` (seconds; ``None``: no bound)
    raises :class:`RateLimitWaitError` instead.

    One limiter may be shared by several clients. The concurrency cap is counted across threads
    for sync clients, and per event loop for async clients.
    """

    def __init__(
        self,
        *,
        max_concurrency: int | None = None,
        respect_headers: bool = True,
        max_wait: float | None = DEFAULT_MAX_WAIT,
    ) -> None:
        if max_concurrency is not None and (
            isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int) or max_concurrency < 1
        ):
            raise ValueError(f"max_concurrency must be a positive int or None, not {max_concurrency!r}")
        self.max_concurrency = max_concurrency
        self.respect_headers = respect_headers
        self.max_wait = check_max_wait(max_wait)
        self._setup()

    def _setup(self) -> None:
        self._state = RateLimitState()
        self._lock = threading.Lock()
        self._threads = None if self.max_concurrency is None else threading.BoundedSemaphore(self.max_concurrency)
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def __getstate__(self) -> dict[str, object]:
        """Pickles to its settings: a copy in another process is a limiter of its own."""
        return {
            "max_concurrency": self.max_concurrency,
            "respect_headers": self.respect_headers,
            "max_wait": self.max_wait,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._setup()

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
        return release_when_done(raw, release)

    async def admit_async(self, raw: AsyncRawResponse, release: Callable[[], None]) -> AsyncRawResponse:
        """:meth:`admit`, for the async client."""
        return self.admit(raw, release)

    # -- sync: threading ------------------------------------------------------------------------

    def acquire(self, request: Request | None = None) -> Callable[[], None]:
        """Wait for a slot and for the window; return the function that frees the slot (once)."""
        semaphore = self._threads
        if semaphore is not None:
            semaphore.acquire()
        release = _once(semaphore.release if semaphore is not None else None)
        budget = WaitBudget(self.max_wait)
        try:
            while (wait := self.delay()) > 0:
                time.sleep(budget.spend(wait))
        except BaseException:
            release()
            raise
        return release

    # -- async: asyncio -------------------------------------------------------------------------

    async def acquire_async(self, request: Request | None = None) -> Callable[[], None]:
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
        budget = WaitBudget(self.max_wait)
        try:
            while (wait := self.delay()) > 0:
                await asyncio.sleep(budget.spend(wait))
        except BaseException:
            release()
            raise
        return release


def release_when_done(raw: Raw, release: Callable[[], None]) -> Raw:
    """``raw``, with ``release`` called now, or, for a streamed body, when it is closed."""
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
        return _record.evolve(raw, close=close_and_release)
    aclose = raw.aclose
    if aclose is None:
        return _record.evolve(raw, close=close_and_release)

    async def aclose_and_release() -> None:
        try:
            await aclose()
        finally:
            release()

    return _record.evolve(raw, close=close_and_release, aclose=aclose_and_release)


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
