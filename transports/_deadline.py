"""The time left before a deadline, as both HTTP transports bound their waits."""

from __future__ import annotations

import time

from openai_core import APITimeoutError, Timeout

__all__ = ["after", "ends", "least", "time_left"]


def time_left(deadline: float | None, limit: str = "total time limit") -> float | None:
    """Seconds left before ``deadline`` (a ``time.monotonic()`` value); raises once it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise APITimeoutError(f"Request timed out ({limit} reached)")
    return left


def least(a: float | None, b: float | None) -> float | None:
    """The smaller of two optional limits (``None`` is no limit)."""
    return b if a is None else a if b is None else min(a, b)


def after(seconds: float | None, now: float) -> float | None:
    """The ``time.monotonic()`` value ``seconds`` after ``now``, or ``None`` for no limit."""
    return None if seconds is None else now + seconds


def ends(timeout: Timeout) -> tuple[float | None, float | None]:
    """When the call must end (``deadline``) and when this attempt must (``total`` too), from now."""
    now = time.monotonic()
    call_end = after(timeout.deadline, now)
    return call_end, least(after(timeout.total, now), call_end)
