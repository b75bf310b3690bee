"""One rate budget for many processes and hosts: :class:`RedisRateLimiter`.

Every client that uses the same Redis ``key`` draws from one pair of token buckets kept in
Redis: requests per minute and tokens per minute. Each bucket refills continuously at its
limit per minute and holds at most ``burst`` seconds of it, so the clients together keep to
the limit without bursts that the server would refuse. A request reserves the next free slot
in one atomic Lua script (one Redis round trip, on Redis's own clock, so hosts need no clock
agreement) and sleeps until that slot: no polling, however many callers wait.

- The limits are the ones given (``rpm=``, ``tpm=``) or, for those not given, learned from
  the ``x-ratelimit-limit-*`` headers of the answers; a ``remaining`` lower than the bucket
  (someone else spends the same budget) lowers it. Before a limit is known, requests go.
- Before each call, the limiter reserves the call's estimated tokens (about a token per 4
  bytes of request body, plus its ``max_*tokens`` or ``default_output_tokens``); when the
  answer comes, the reservation is settled with the real ``usage.total_tokens``.
- Waits are bounded by ``max_wait`` (:class:`~openai_core.RateLimitWaitError`).
- Redis failures: before a request is sent, a Redis failure raises
  :class:`RateLimiterUnavailableError` and nothing is sent (``fail_open=False``, the default:
  N workers without a shared budget could overrun the organisation's limit); with
  ``fail_open=True`` the request goes unthrottled and a warning is logged. After an answer
  arrived, a failure to record it is logged and the answer returned either way.

redis-py is imported when the limiter first talks to Redis (``pip install 'openai-core[redis]'``);
``close()`` / ``await aclose()`` close its connections. A limiter pickles to its settings, so it
can travel to worker processes.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import re
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ._limits import (
    DEFAULT_MAX_WAIT,
    RateLimiterError,
    RateLimitWaitError,
    Raw,
    check_max_wait,
    release_when_done,
)
from ._request import Request
from ._response import RateLimits
from ._transport import AsyncRawResponse, RawResponse

if TYPE_CHECKING:
    import asyncio

__all__ = ["RateLimiterUnavailableError", "RedisRateLimiter", "estimate_tokens", "used_tokens"]

log = logging.getLogger("openai_core")

_MAX_TOKENS = re.compile(rb'"max_(?:completion_|output_)?tokens"\s*:\s*(\d+)')
_TOTAL_TOKENS = re.compile(rb'"total_tokens"\s*:\s*(\d+)')

# Shared by the scripts: refill the buckets of KEYS[1] up to now (ms, Redis's clock).
# Fields: rpm, tpm (learned limits), rl, tl (bucket levels), ts (last refill, ms).
_REFILL = """
local key = KEYS[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local f = redis.call('HMGET', key, 'rpm', 'tpm', 'rl', 'tl', 'ts')
local burst = tonumber(ARGV[1])
local rpm = tonumber(ARGV[2]) or tonumber(f[1])
local tpm = tonumber(ARGV[3]) or tonumber(f[2])
local ts = tonumber(f[5]) or now
local elapsed = math.max(0, now - ts)
local rl, tl, rcap, tcap
if rpm then
  rcap = math.max(1, rpm * burst / 60)
  rl = math.min(rcap, (tonumber(f[3]) or rcap) + elapsed * rpm / 60000)
end
if tpm then
  tcap = math.max(1, tpm * burst / 60)
  tl = math.min(tcap, (tonumber(f[4]) or tcap) + elapsed * tpm / 60000)
end
local function store()
  local fields = {'ts', now}
  if rl then table.insert(fields, 'rl'); table.insert(fields, tostring(rl)) end
  if tl then table.insert(fields, 'tl'); table.insert(fields, tostring(tl)) end
  redis.call('HSET', key, unpack(fields))
  redis.call('PEXPIRE', key, 3600000)
end
"""

# ARGV: burst, rpm, tpm, cost, max wait in ms ('' for none). Reserves the next free slot of
# each known bucket (levels may go below 0: a queue) unless it is further than the max wait.
# Returns {reserved (1 or 0), ms to wait, 1 when a token budget was known}.
_ACQUIRE = (
    _REFILL
    + """
local cost = tonumber(ARGV[4])
local max_wait = tonumber(ARGV[5])
local wait = 0
if rl and rl < 1 then wait = math.max(wait, (1 - rl) * 60000 / rpm) end
if tl and tl < math.min(cost, tcap) then wait = math.max(wait, (math.min(cost, tcap) - tl) * 60000 / tpm) end
if max_wait and wait > max_wait then
  store()
  return {0, math.ceil(wait), 0}
end
if rl then rl = rl - 1 end
if tl then tl = tl - cost end
store()
return {1, math.ceil(wait), tl and 1 or 0}
"""
)

# ARGV: burst, rpm, tpm, limit-requests, remaining-requests, limit-tokens, remaining-tokens,
# token correction ('' when absent).
_OBSERVE = (
    _REFILL
    + """
local lr, rr = tonumber(ARGV[4]), tonumber(ARGV[5])
local lt, rt, delta = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
if lr and lr > 0 and not tonumber(ARGV[2]) then
  redis.call('HSET', key, 'rpm', lr)
  if not rl then rpm = lr; rcap = math.max(1, rpm * burst / 60); rl = rcap end
end
if lt and lt > 0 and not tonumber(ARGV[3]) then
  redis.call('HSET', key, 'tpm', lt)
  if not tl then tpm = lt; tcap = math.max(1, tpm * burst / 60); tl = tcap end
end
if tl and delta then tl = tl - delta end
if rl and rr and rr < rl then rl = rr end
if tl and rt and rt < tl then tl = rt end
store()
return 1
"""
)


class RateLimiterUnavailableError(RateLimiterError):
    """The shared rate limiter could not reach Redis; the request was not sent."""


def estimate_tokens(request: Request | None, default_output_tokens: int) -> int:
    """A request's likely token cost: a token per 4 bytes of body, plus its ``max_tokens``
    (``max_completion_tokens``, ``max_output_tokens``), else ``default_output_tokens``."""
    body = request.body if request is not None else None
    if not isinstance(body, (bytes, bytearray)):
        return 1 + default_output_tokens
    found = _MAX_TOKENS.search(body)
    output = int(found.group(1)) if found else default_output_tokens
    return 1 + len(body) // 4 + output


def used_tokens(body: bytes | None) -> int | None:
    """``usage.total_tokens`` of a whole JSON answer (the last such field: usage comes last)."""
    if not body or b'"total_tokens"' not in body:
        return None
    found = _TOTAL_TOKENS.match(body, body.rfind(b'"total_tokens"'))
    return int(found.group(1)) if found else None


RELEARN_AFTER = 10.0
"""Seconds after which a process tells Redis the limits it sees again, changed or not."""


def _header_args(headers: Mapping[str, str]) -> list[str]:
    limits = RateLimits.from_headers(headers)
    values = (limits.limit_requests, limits.remaining_requests, limits.limit_tokens, limits.remaining_tokens)
    return ["" if v is None else str(v) for v in values]


class RedisRateLimiter:
    """Requests-per-minute and tokens-per-minute budgets shared through Redis by every client,
    process and host that uses the same ``url`` and ``key``.

    ``rpm`` / ``tpm`` fix the limits (else they are learned from the answers' headers);
    ``burst`` is how many seconds of budget may go at once; ``max_wait`` bounds the wait of
    one request (:class:`~openai_core.RateLimitWaitError`); ``fail_open`` lets requests go
    unthrottled when Redis is down instead of raising :class:`RateLimiterUnavailableError`.
    ``redis_options`` go to ``redis.Redis.from_url``.
    """

    def __init__(
        self,
        url: str = "redis://127.0.0.1:6379/0",
        *,
        key: str = "openai-core:rate-limit",
        rpm: int | None = None,
        tpm: int | None = None,
        burst: float = 1.0,
        max_wait: float | None = DEFAULT_MAX_WAIT,
        default_output_tokens: int = 256,
        fail_open: bool = False,
        redis_options: Mapping[str, Any] | None = None,
    ) -> None:
        for name, value in (("rpm", rpm), ("tpm", tpm)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise ValueError(f"{name} must be a positive int or None, not {value!r}")
        if isinstance(burst, bool) or not isinstance(burst, (int, float)) or not 0 < burst <= 60:
            raise ValueError(f"burst must be more than 0 and at most 60 seconds, not {burst!r}")
        if not isinstance(key, str) or not key:
            raise ValueError("key must be a non-empty string")
        if importlib.util.find_spec("redis") is None:
            raise ImportError("RedisRateLimiter needs redis-py: pip install 'openai-core[redis]'")
        self.url = url
        self.key = key
        self.rpm = rpm
        self.tpm = tpm
        self.burst = float(burst)
        self.max_wait = check_max_wait(max_wait)
        self.default_output_tokens = default_output_tokens
        self.fail_open = fail_open
        self.redis_options = dict(redis_options or {})
        self._setup()

    def _setup(self) -> None:
        self._known: tuple[int | None, int | None] = (None, None)
        self._known_at = -math.inf
        self._lock = threading.Lock()
        self._sync: tuple[Any, Any, Any] | None = None
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[Any, Any, Any]] = (
            weakref.WeakKeyDictionary()
        )

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._setup()

    def __repr__(self) -> str:
        return f"RedisRateLimiter(key={self.key!r}, rpm={self.rpm!r}, tpm={self.tpm!r}, burst={self.burst!r})"

    def _limits(self) -> list[str]:
        return [repr(self.burst), "" if self.rpm is None else str(self.rpm), "" if self.tpm is None else str(self.tpm)]

    # -- redis-py, made on first use ------------------------------------------------------------

    def _scripts(self) -> tuple[Any, Any, Any]:
        with self._lock:
            if self._sync is None:
                # imported by name, so that type checkers of users' code never read redis-py
                redis = importlib.import_module("redis")
                client = redis.Redis.from_url(self.url, **self.redis_options)
                self._sync = (client, client.register_script(_ACQUIRE), client.register_script(_OBSERVE))
            return self._sync

    def _async_scripts(self) -> tuple[Any, Any, Any]:
        import asyncio

        loop = asyncio.get_running_loop()
        scripts = self._loops.get(loop)
        if scripts is None:
            client = importlib.import_module("redis.asyncio").Redis.from_url(self.url, **self.redis_options)
            scripts = (client, client.register_script(_ACQUIRE), client.register_script(_OBSERVE))
            self._loops[loop] = scripts
        return scripts

    def _unavailable(self, exc: BaseException) -> RateLimiterUnavailableError:
        return RateLimiterUnavailableError(
            f"the shared rate limiter cannot use Redis ({type(exc).__name__}: {exc}); the request was not sent"
        )

    # -- the protocol ---------------------------------------------------------------------------

    def _acquire_args(self, request: Request | None) -> tuple[int, list[Any]]:
        cost = estimate_tokens(request, self.default_output_tokens)
        max_wait = "" if self.max_wait is None else str(int(self.max_wait * 1000))
        return cost, [*self._limits(), cost, max_wait]

    def _granted(self, answer: Any, cost: int) -> tuple[float, _Reservation]:
        """The wait (seconds) and the release of an acquire script's answer."""
        granted, wait_ms, with_tokens = (int(x) for x in answer)
        if not granted:
            raise RateLimitWaitError(wait_ms / 1000, self.max_wait if self.max_wait is not None else math.inf)
        return wait_ms / 1000, _Reservation(cost, reserved=bool(with_tokens))

    def acquire(self, request: Request | None = None) -> Callable[[], None]:
        """Reserve the next free slot for a request and its estimated tokens (within
        ``max_wait``) and wait for it."""
        cost, args = self._acquire_args(request)
        try:
            answer = self._scripts()[1](keys=[self.key], args=args)
        except Exception as exc:  # noqa: BLE001 - any failure of Redis or of redis-py
            return self._failed(exc, cost)
        wait, reservation = self._granted(answer, cost)
        if wait > 0:
            time.sleep(wait)
        return reservation

    async def acquire_async(self, request: Request | None = None) -> Callable[[], None]:
        """:meth:`acquire`, for the async client."""
        import asyncio

        cost, args = self._acquire_args(request)
        try:
            answer = await self._async_scripts()[1](keys=[self.key], args=args)
        except Exception as exc:  # noqa: BLE001 - any failure of Redis or of redis-py
            return self._failed(exc, cost)
        wait, reservation = self._granted(answer, cost)
        if wait > 0:
            await asyncio.sleep(wait)
        return reservation

    def _failed(self, exc: Exception, cost: int) -> _Reservation:
        if not self.fail_open:
            raise self._unavailable(exc) from exc
        log.warning("rate limiter: Redis unavailable (%s); sending unthrottled", type(exc).__name__)
        return _Reservation(cost, reserved=False)

    def _observation(self, raw: RawResponse | AsyncRawResponse, release: Callable[[], None]) -> list[Any] | None:
        """The arguments of the observe script for ``raw``, or ``None`` when Redis has nothing
        to learn from it: the limits are the ones this process saw in the last
        :data:`RELEARN_AFTER` seconds, the server has more left than a bucket holds, and
        there are no tokens to settle."""
        limits = RateLimits.from_headers(raw.headers)
        delta = ""
        if isinstance(release, _Reservation) and raw.chunks is None and (release.reserved or limits.limit_tokens):
            used = used_tokens(raw.content)
            if used is not None:
                delta = str(used - release.cost if release.reserved else used)
        known = (limits.limit_requests, limits.limit_tokens)
        now = time.monotonic()
        news = known != self._known or now - self._known_at > RELEARN_AFTER
        low = any(
            left is not None and limit and left < limit * self.burst / 60
            for left, limit in (
                (limits.remaining_requests, limits.limit_requests),
                (limits.remaining_tokens, limits.limit_tokens),
            )
        )
        if delta == "" and not low and not (news and any(known)):
            return None
        if news:
            self._known, self._known_at = known, now
        return [*self._limits(), *_header_args(raw.headers), delta]

    def admit(self, raw: Raw, release: Callable[[], None]) -> Raw:
        """Learn the limits from ``raw``'s headers and settle the tokens with its ``usage``."""
        args = self._observation(raw, release)
        if args is not None:
            try:
                self._scripts()[2](keys=[self.key], args=args)
            except Exception as exc:  # noqa: BLE001 - the answer is here: log, do not lose it
                log.warning("rate limiter: could not record an answer in Redis (%s)", type(exc).__name__)
        return release_when_done(raw, release)

    async def admit_async(self, raw: AsyncRawResponse, release: Callable[[], None]) -> AsyncRawResponse:
        """:meth:`admit`, for the async client."""
        args = self._observation(raw, release)
        if args is not None:
            try:
                await self._async_scripts()[2](keys=[self.key], args=args)
            except Exception as exc:  # noqa: BLE001 - the answer is here: log, do not lose it
                log.warning("rate limiter: could not record an answer in Redis (%s)", type(exc).__name__)
        return release_when_done(raw, release)

    def close(self) -> None:
        """Close the sync Redis connections (the limiter reconnects if used again)."""
        with self._lock:
            scripts, self._sync = self._sync, None
        if scripts is not None:
            scripts[0].close()

    async def aclose(self) -> None:
        """Close the Redis connections of the running event loop, and the sync ones."""
        import asyncio

        scripts = self._loops.pop(asyncio.get_running_loop(), None)
        if scripts is not None:
            await scripts[0].aclose()
        self.close()

    def reset(self) -> None:
        """Forget the shared state (learned limits and bucket levels) of ``key``."""
        try:
            self._scripts()[0].delete(self.key)
        except Exception as exc:
            raise self._unavailable(exc) from exc


class _Reservation:
    """The release of a request let go: nothing to free (the buckets refill by themselves);
    it carries the estimated ``cost`` and whether it was ``reserved`` (taken from a known
    token budget), for the settling."""

    __slots__ = ("cost", "reserved")

    def __init__(self, cost: int, *, reserved: bool) -> None:
        self.cost = cost
        self.reserved = reserved

    def __call__(self) -> None:
        return None
