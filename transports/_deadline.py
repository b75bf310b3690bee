"""The time left before a deadline, as both HTTP transports bound their waits."""

from __future__ import annotations

import time

from openai_core import APITimeoutError, Timeout

__all__ = ["ends", "least", "time_left"]


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


def ends(timeout: Timeout) -> tuple[float | None, float | None]:
    """When the call must end (``deadline``) and when this attempt must (``total`` too), from now."""
    now = time.monotonic()
    deadline, total = timeout.deadline, timeout.total
    call_end = None if deadline is None else now + deadline
    if total is None or (call_end is not None and now + total > call_end):
        return call_end, call_end
    return call_end, now + total
