"""The time left before a deadline, as both HTTP transports bound their waits."""

from __future__ import annotations

import time

from openai_core import APITimeoutError

__all__ = ["time_left"]


def time_left(deadline: float | None) -> float | None:
    """Seconds left before ``deadline`` (a ``time.monotonic()`` value); raises once it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise APITimeoutError("Request timed out (total time limit reached)")
    return left
