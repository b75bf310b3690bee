"""The retry policy: which outcomes are retried and how long to wait. Pure, no I/O.

Both clients' retry loops ask :class:`Attempts` what to do after each try, so the policy
exists once and covers every transport, a user's own included.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping

from . import _record
from ._errors import APITimeoutError, error_object
from ._request import Request

__all__ = ["Attempts", "RetryPolicy"]

_RETRY_STATUSES = frozenset({408, 409, 429})


@_record.frozen(kw_only=True)
class RetryPolicy:
    """Exponential backoff with jitter: ``initial * 2**n``, capped at ``cap`` seconds.

    A server's ``retry-after-ms`` or ``retry-after`` is honoured when it asks for at most
    ``max_server_wait`` seconds; ``x-should-retry`` overrides the status-based choice.
    """

    initial: float = 0.5
    cap: float = 8.0
    jitter: float = 0.25
    max_server_wait: float = 60.0

    def should_retry_status(self, status: int, headers: Mapping[str, str], body: bytes) -> bool:
        """Whether a response with this status is worth another try."""
        hint = headers.get("x-should-retry")
        if hint == "true":
            return True
        if hint == "false":
            return False
        if status == 429:
            error = error_object(body)
            return error is None or "insufficient_quota" not in (error.get("type"), error.get("code"))
        return status in _RETRY_STATUSES or status >= 500

    def delay(self, retry: int, headers: Mapping[str, str] | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (0-based)."""
        server = _server_delay(headers) if headers else None
        if server is not None and 0 <= server <= self.max_server_wait:
            return server
        base = min(self.initial * (2.0**retry), self.cap)
        return base * (1.0 - self.jitter * random.random())


def _server_delay(headers: Mapping[str, str]) -> float | None:
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return float(raw_ms) / 1000.0
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # rare: only for an HTTP-date header

    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Attempts:
    """The retry state of one call: after each failed try, returns the wait or ``None`` (stop).

    ``deadline`` (a ``time.monotonic()`` value) bounds all tries together.
    """

    __slots__ = ("deadline", "max_retries", "policy", "retries")

    def __init__(self, policy: RetryPolicy, max_retries: int, deadline: float | None = None, retries: int = 0) -> None:
        self.policy = policy
        self.max_retries = max_retries
        self.deadline = deadline
        self.retries = retries

    def _next(self, delay: float) -> float | None:
        if self.retries >= self.max_retries:
            return None
        if self.deadline is not None and time.monotonic() + delay >= self.deadline:
            return None
        self.retries += 1
        return delay

    def after_status(self, status: int, headers: Mapping[str, str], body: bytes) -> float | None:
        """Wait before retrying an error response, or ``None`` to give up."""
        if not self.policy.should_retry_status(status, headers, body):
            return None
        return self._next(self.policy.delay(self.retries, headers))

    def bound(self, request: Request) -> Request:
        """``request`` with its per-attempt time limit cut to what the deadline leaves, and its
        ``deadline`` set to the seconds left for the whole call (a stream's body included)."""
        if self.deadline is None:
            return request
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise APITimeoutError("Request timed out: the call's deadline passed")
        timeout = request.timeout
        total = timeout.total if timeout.total is not None and timeout.total <= left else left
        return _record.evolve(request, timeout=_record.evolve(timeout, total=total, deadline=left))

    def after_connection_error(self) -> float | None:
        """Wait before retrying a failed connection or a timeout, or ``None`` to give up."""
        return self._next(self.policy.delay(self.retries))
