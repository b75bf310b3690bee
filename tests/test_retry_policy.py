"""Tests for the retry policy (``openai_core._retry``)."""

from __future__ import annotations

import email.utils
import json
import time

import pytest

from openai_core._retry import Attempts, RetryPolicy

POLICY = RetryPolicy()


def quota_body(field: str) -> bytes:
    return json.dumps({"error": {"message": "You exceeded your quota", field: "insufficient_quota"}}).encode()


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 529])
def test_retryable_statuses(status: int) -> None:
    assert POLICY.should_retry_status(status, {}, b"") is True


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_non_retryable_statuses(status: int) -> None:
    assert POLICY.should_retry_status(status, {}, b"") is False


@pytest.mark.parametrize("field", ["type", "code"])
def test_429_insufficient_quota_never_retried(field: str) -> None:
    assert POLICY.should_retry_status(429, {}, quota_body(field)) is False
    attempts = Attempts(POLICY, max_retries=5)
    assert attempts.after_status(429, {"retry-after": "1"}, quota_body(field)) is None
    assert attempts.retries == 0


def test_429_with_other_error_is_retried() -> None:
    body = json.dumps({"error": {"message": "slow down", "type": "requests", "code": "rate_limit_exceeded"}}).encode()
    assert POLICY.should_retry_status(429, {}, body) is True


def test_429_with_non_json_body_is_retried() -> None:
    assert POLICY.should_retry_status(429, {}, b"<html>Too Many</html>") is True


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_x_should_retry_true_overrides(status: int) -> None:
    assert POLICY.should_retry_status(status, {"x-should-retry": "true"}, b"") is True


@pytest.mark.parametrize("status", [408, 429, 500, 503])
def test_x_should_retry_false_overrides(status: int) -> None:
    assert POLICY.should_retry_status(status, {"x-should-retry": "false"}, b"") is False


def test_x_should_retry_true_beats_insufficient_quota() -> None:
    assert POLICY.should_retry_status(429, {"x-should-retry": "true"}, quota_body("code")) is True


def test_retry_after_ms_honoured() -> None:
    assert POLICY.delay(0, {"retry-after-ms": "1500"}) == pytest.approx(1.5)


def test_retry_after_ms_wins_over_retry_after() -> None:
    assert POLICY.delay(0, {"retry-after-ms": "250", "retry-after": "30"}) == pytest.approx(0.25)


def test_bad_retry_after_ms_falls_back_to_retry_after() -> None:
    assert POLICY.delay(0, {"retry-after-ms": "soon", "retry-after": "3"}) == pytest.approx(3.0)


def test_retry_after_seconds_honoured() -> None:
    assert POLICY.delay(3, {"retry-after": "7"}) == pytest.approx(7.0)
    assert POLICY.delay(0, {"retry-after": "0.5"}) == pytest.approx(0.5)


def test_retry_after_http_date_honoured() -> None:
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    delay = POLICY.delay(0, {"retry-after": when})
    assert 17.0 <= delay <= 21.0


def test_retry_after_http_date_in_past_is_zero() -> None:
    when = email.utils.formatdate(time.time() - 100, usegmt=True)
    assert POLICY.delay(0, {"retry-after": when}) == 0.0


def test_garbage_retry_after_uses_backoff() -> None:
    delay = POLICY.delay(0, {"retry-after": "whenever"})
    assert 0.5 * 0.75 <= delay <= 0.5


@pytest.mark.parametrize(
    "headers",
    [{"retry-after": "61"}, {"retry-after-ms": "600000"}, {"retry-after": "-5"}, {"retry-after": "inf"}],
)
def test_out_of_range_server_wait_ignored_for_backoff(headers: dict[str, str]) -> None:
    for retry in range(4):
        delay = POLICY.delay(retry, headers)
        base = min(0.5 * 2**retry, 8.0)
        assert base * 0.75 <= delay <= base


def test_server_wait_limit_is_configurable() -> None:
    policy = RetryPolicy(max_server_wait=120.0)
    assert policy.delay(0, {"retry-after": "90"}) == pytest.approx(90.0)
    assert POLICY.delay(0, {"retry-after": "60"}) == pytest.approx(60.0)


def test_backoff_exponential_capped_and_jittered_within_bounds() -> None:
    policy = RetryPolicy(initial=0.5, cap=8.0, jitter=0.25)
    for retry in range(10):
        base = min(0.5 * 2**retry, 8.0)
        samples = [policy.delay(retry) for _ in range(200)]
        assert all(base * 0.75 <= s <= base for s in samples), retry
        assert max(samples) - min(samples) > 0  # jitter actually varies
    assert [min(0.5 * 2**r, 8.0) for r in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    # growth: every draw of retry n+1 (below the cap) exceeds every draw of retry n at full jitter
    assert min(policy.delay(2) for _ in range(100)) > max(policy.delay(0) for _ in range(100))


def test_no_jitter_gives_exact_backoff() -> None:
    policy = RetryPolicy(initial=1.0, cap=5.0, jitter=0.0)
    assert [policy.delay(r) for r in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_attempts_stop_after_max_retries() -> None:
    attempts = Attempts(RetryPolicy(jitter=0.0), max_retries=2)
    assert attempts.after_status(500, {}, b"") == 0.5
    assert attempts.after_status(503, {}, b"") == 1.0
    assert attempts.after_status(500, {}, b"") is None
    assert attempts.retries == 2


def test_attempts_connection_errors_share_the_budget() -> None:
    attempts = Attempts(RetryPolicy(jitter=0.0), max_retries=2)
    assert attempts.after_connection_error() == 0.5
    assert attempts.after_status(429, {}, b"") == 1.0
    assert attempts.after_connection_error() is None


def test_attempts_zero_retries() -> None:
    attempts = Attempts(POLICY, max_retries=0)
    assert attempts.after_connection_error() is None
    assert attempts.after_status(500, {}, b"") is None


def test_attempts_non_retryable_does_not_consume_budget() -> None:
    attempts = Attempts(POLICY, max_retries=2)
    assert attempts.after_status(400, {}, b"") is None
    assert attempts.retries == 0


def test_attempts_use_server_delay() -> None:
    attempts = Attempts(POLICY, max_retries=2)
    assert attempts.after_status(429, {"retry-after-ms": "20"}, b"") == pytest.approx(0.02)


def test_attempts_respect_deadline() -> None:
    attempts = Attempts(RetryPolicy(jitter=0.0), max_retries=10, deadline=time.monotonic() + 0.8)
    assert attempts.after_connection_error() == 0.5  # fits
    # the next wait, 1.0 s, would end after the deadline: give up rather than sleep past it
    assert attempts.after_connection_error() is None
    assert attempts.retries == 1


def test_attempts_deadline_already_passed() -> None:
    attempts = Attempts(POLICY, max_retries=10, deadline=time.monotonic() - 1)
    assert attempts.after_status(500, {}, b"") is None


def test_attempts_deadline_checks_server_delay() -> None:
    attempts = Attempts(POLICY, max_retries=10, deadline=time.monotonic() + 5)
    assert attempts.after_status(429, {"retry-after": "30"}, b"") is None
