"""The embedded server's rate-limit mode: requests and tokens per minute, as token buckets.

Each bucket holds ``burst`` seconds of its per-minute limit (60: a whole minute, as the API)
and refills continuously. A model request (chat, responses, embeddings, ...) that arrives
when no request or no token is left is answered 429 ``rate_limit_exceeded``; the tokens an
answer used are taken from the token bucket once it is made. Every answer carries the
``x-ratelimit-limit-*``, ``-remaining-*`` and ``-reset-*`` headers of the buckets (reset:
the time until the bucket is full again).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["LIMITED_PATHS", "Bucket", "RateLimitMode"]

LIMITED_PATHS = (
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/responses",
    "/v1/embeddings",
    "/v1/moderations",
    "/v1/images/",
    "/v1/audio/",
)


def _duration(seconds: float) -> str:
    return f"{max(seconds, 0.0):.3f}s"


@dataclass
class Bucket:
    """``limit`` per minute, holding at most ``burst`` seconds of it."""

    limit: int
    burst: float
    level: float = field(init=False)
    updated: float = field(init=False)
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.level = self.capacity
        self.updated = self.clock()

    @property
    def capacity(self) -> float:
        return max(1.0, self.limit * self.burst / 60.0)

    def refill(self) -> None:
        now = self.clock()
        self.level = min(self.capacity, self.level + (now - self.updated) * self.limit / 60.0)
        self.updated = now

    def reset_after(self) -> float:
        return (self.capacity - self.level) * 60.0 / self.limit


@dataclass
class RateLimitMode:
    """The buckets of one server, and how many requests it refused."""

    requests: Bucket | None
    tokens: Bucket | None
    rejected: int = 0

    def admit(self) -> str | None:
        """Take a request from the buckets; ``None`` when it may go, else what ran out."""
        for bucket in (self.requests, self.tokens):
            if bucket is not None:
                bucket.refill()
        if self.requests is not None and self.requests.level < 1:
            self.rejected += 1
            return "requests"
        if self.tokens is not None and self.tokens.level <= 0:
            self.rejected += 1
            return "tokens"
        if self.requests is not None:
            self.requests.level -= 1
        return None

    def spend(self, tokens: int) -> None:
        if self.tokens is not None:
            self.tokens.refill()
            self.tokens.level -= tokens

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, bucket in (("requests", self.requests), ("tokens", self.tokens)):
            if bucket is not None:
                bucket.refill()
                out[f"x-ratelimit-limit-{name}"] = str(bucket.limit)
                out[f"x-ratelimit-remaining-{name}"] = str(max(math.floor(bucket.level), 0))
                out[f"x-ratelimit-reset-{name}"] = _duration(bucket.reset_after())
        return out
