"""The client-side rate limiter: the concurrency cap and the wait for an exhausted rate-limit
window, on both clients; and its pure decision."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

import openai_core
from openai_core import AsyncRawResponse, RateLimiter, RateLimitState, RateLimitWaitError, RawResponse, Request
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client

pytestmark = pytest.mark.timeout(30)

USER = [{"role": "user", "content": "hi"}]
COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {"index": 0, "finish_reason": "stop", "logprobs": None, "message": {"role": "assistant", "content": "ok"}}
    ],
}


def chat(client: Any, **kwargs: Any) -> Any:
    return client.chat.completions.create(model="m", messages=USER, **kwargs)


# ---- the pure decision ---------------------------------------------------------------------------


def test_state_blocks_until_the_reset_of_an_exhausted_window() -> None:
    state = RateLimitState()
    state.observe({"x-ratelimit-remaining-requests": "3", "x-ratelimit-reset-requests": "1s"}, now=100.0)
    assert state.delay(100.0) == 0.0
    state.observe({"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1.5s"}, now=100.0)
    assert state.delay(100.0) == pytest.approx(1.5)
    assert state.delay(101.0) == pytest.approx(0.5)
    assert state.delay(102.0) == 0.0
    state.observe({"x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "6m0s"}, now=200.0)
    assert state.delay(200.0) == pytest.approx(360.0)
    # A later response with room left does not shorten a wait the server asked for.
    state.observe({"x-ratelimit-remaining-requests": "10", "x-ratelimit-reset-requests": "1s"}, now=201.0)
    assert state.delay(201.0) == pytest.approx(359.0)


def test_state_ignores_missing_unreadable_or_unbelievable_headers() -> None:
    state = RateLimitState()
    state.observe({}, now=0.0)
    state.observe({"x-ratelimit-remaining-requests": "0"}, now=0.0)  # no reset given
    state.observe({"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "soon"}, now=0.0)
    state.observe({"x-ratelimit-remaining-requests": "many", "x-ratelimit-reset-requests": "1s"}, now=0.0)
    for absurd in ("inf", "nan", "-5s", "99999s", "1e308", "25h"):
        state.observe({"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": absurd}, now=0.0)
    assert state.delay(0.0) == 0.0
    state.observe({"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "20ms"}, now=0.0)
    assert state.delay(0.0) == pytest.approx(0.02)
    state.observe({"x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "1h"}, now=0.0)
    assert state.delay(0.0) == pytest.approx(3600.0)  # believable: the limiter's max_wait decides


def test_arguments_are_checked() -> None:
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(ValueError, match="max_concurrency"):
            RateLimiter(max_concurrency=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="rate_limiter"):
        openai_core.Client(api_key="k", rate_limiter=object())  # type: ignore[arg-type]
    assert "max_concurrency=3" in repr(RateLimiter(max_concurrency=3))
    for bad_wait in (-1, float("inf"), float("nan"), "5", True):
        with pytest.raises(ValueError, match="max_wait"):
            RateLimiter(max_wait=bad_wait)  # type: ignore[arg-type]
    assert RateLimiter().max_wait == 60.0 and RateLimiter(max_wait=None).max_wait is None


# ---- waiting out an exhausted window, through both clients -------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1.5s"},
        {"x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "1500ms"},
    ],
)
async def test_the_next_request_waits_for_the_reset(api: Api, server: LocalServer, headers: dict[str, str]) -> None:
    client = make_client(api.kind, base_url=server.url, rate_limiter=RateLimiter())
    try:
        server.fail_next(200, body=COMPLETION, headers=headers)
        await Api.run(chat(client))
        started = time.monotonic()
        reply = await Api.run(chat(client))
        # The wait counts from the arrival of the first answer, before `started` (by the time
        # its parsing took: much of a second on a loaded machine).
        assert time.monotonic() - started >= 0.7
        assert reply.choices[0].message.content == "Echo: hi"
        assert len(server.requests) == 2
    finally:
        await close_client(client)


async def test_a_429_with_an_exhausted_window_waits_for_the_reset_before_the_retry(
    api: Api, server: LocalServer
) -> None:
    client = make_client(api.kind, base_url=server.url, rate_limiter=RateLimiter())
    try:
        server.fail_next(
            429,
            body={"error": {"message": "slow down", "type": "requests", "code": "rate_limit_exceeded"}},
            headers={
                "x-ratelimit-remaining-requests": "0",
                "x-ratelimit-reset-requests": "0.3s",
                "retry-after-ms": "1",
            },
        )
        started = time.monotonic()
        reply = await Api.run(chat(client))
        assert time.monotonic() - started >= 0.25  # the server asked for 1 ms; the window said 300
        assert reply.choices[0].message.content == "Echo: hi"
    finally:
        await close_client(client)


@pytest.mark.parametrize("reset", ["99999s", "inf", "1e400", "nan"])
async def test_an_unbelievable_reset_is_ignored(api: Api, server: LocalServer, reset: str) -> None:
    client = make_client(api.kind, base_url=server.url, rate_limiter=RateLimiter())
    try:
        server.fail_next(
            200, body=COMPLETION, headers={"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": reset}
        )
        await Api.run(chat(client))
        started = time.monotonic()
        reply = await Api.run(chat(client))  # neither 28 hours, nor forever, nor an OverflowError
        assert time.monotonic() - started < 5 and reply.choices[0].message.content == "Echo: hi"
    finally:
        await close_client(client)


async def test_a_wait_beyond_max_wait_raises_a_typed_error_at_once(api: Api, server: LocalServer) -> None:
    client = make_client(api.kind, base_url=server.url, rate_limiter=RateLimiter(max_wait=2.0))
    try:
        server.fail_next(
            200, body=COMPLETION, headers={"x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "6m"}
        )
        await Api.run(chat(client))
        started = time.monotonic()
        with pytest.raises(RateLimitWaitError) as caught:
            await Api.run(chat(client))
        assert time.monotonic() - started < 1.5  # raised, not slept
        assert isinstance(caught.value, openai_core.OpenAIError) and caught.value.max_wait == 2.0
        assert 350 < caught.value.wait <= 360 and "max_wait=2" in str(caught.value)
        assert len(server.requests) == 1  # nothing sent
    finally:
        await close_client(client)
    client = make_client(api.kind, base_url=server.url, rate_limiter=RateLimiter())  # the default: 60 s
    try:
        server.fail_next(
            200, body=COMPLETION, headers={"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "2h"}
        )
        await Api.run(chat(client))
        with pytest.raises(RateLimitWaitError, match="max_wait=60"):
            await Api.run(chat(client))
    finally:
        await close_client(client)


async def test_a_pickled_limiter_keeps_its_settings_and_works(api: Api, server: LocalServer) -> None:
    import pickle

    limiter = pickle.loads(pickle.dumps(RateLimiter(max_concurrency=2, respect_headers=True, max_wait=1.0)))
    assert (limiter.max_concurrency, limiter.respect_headers, limiter.max_wait) == (2, True, 1.0)
    client = make_client(api.kind, base_url=server.url, rate_limiter=limiter)
    try:
        server.fail_next(
            200, body=COMPLETION, headers={"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "9s"}
        )
        await Api.run(chat(client))
        with pytest.raises(RateLimitWaitError):  # its own state, its settings
            await Api.run(chat(client))
    finally:
        await close_client(client)


async def test_without_a_limiter_the_headers_are_only_reported(api: Api, server: LocalServer) -> None:
    server.fail_next(
        200, body=COMPLETION, headers={"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "30s"}
    )
    first = await api.run(chat(api.client))
    assert first._response.rate_limits.reset_requests == 30.0
    second = await api.run(chat(api.client))  # sent at once: the test's 30 s timeout would fail otherwise
    assert second.choices[0].message.content == "Echo: hi"


async def test_respect_headers_false_only_caps_concurrency(api: Api, server: LocalServer) -> None:
    limiter = RateLimiter(max_concurrency=4, respect_headers=False)
    client = make_client(api.kind, base_url=server.url, rate_limiter=limiter)
    try:
        server.fail_next(
            200, body=COMPLETION, headers={"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "30s"}
        )
        await Api.run(chat(client))
        assert limiter.delay() == 0.0
        await Api.run(chat(client))
    finally:
        await close_client(client)


# ---- the concurrency cap -------------------------------------------------------------------------


class Gauge:
    """Counts the requests in flight through the transport it wraps."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


class SyncGaugedTransport:
    def __init__(self, inner: Any, gauge: Gauge) -> None:
        self.inner, self.gauge = inner, gauge

    def send(self, request: Request) -> RawResponse:
        self.gauge.enter()
        try:
            time.sleep(0.05)
            return self.inner.send(request)  # type: ignore[no-any-return]
        finally:
            self.gauge.leave()

    def close(self) -> None:
        self.inner.close()


class AsyncGaugedTransport:
    def __init__(self, inner: Any, gauge: Gauge) -> None:
        self.inner, self.gauge = inner, gauge

    async def send(self, request: Request) -> AsyncRawResponse:
        self.gauge.enter()
        try:
            await asyncio.sleep(0.05)
            return await self.inner.send(request)  # type: ignore[no-any-return]
        finally:
            self.gauge.leave()

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_at_most_max_concurrency_requests_are_in_flight(api: Api, server: LocalServer) -> None:
    from transports import AiohttpTransport, RequestsTransport

    gauge = Gauge()
    limiter = RateLimiter(max_concurrency=2)
    if api.kind == "sync":
        transport: Any = SyncGaugedTransport(RequestsTransport(), gauge)
        client = make_client("sync", base_url=server.url, transport=transport, rate_limiter=limiter)
        threads = [threading.Thread(target=chat, args=(client,)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        transport.close()
    else:
        transport = AsyncGaugedTransport(AiohttpTransport(), gauge)
        client = make_client("async", base_url=server.url, transport=transport, rate_limiter=limiter)
        await asyncio.gather(*(chat(client) for _ in range(8)))
        await transport.aclose()
    assert len(server.requests) == 8
    assert gauge.most == 2  # capped, and the cap was reached: the calls did overlap


async def test_an_open_stream_holds_its_slot_until_closed(api: Api, server: LocalServer) -> None:
    client = make_client(api.kind, base_url=server.url, rate_limiter=RateLimiter(max_concurrency=1))
    try:
        first = await Api.run(chat(client, stream=True))
        if api.kind == "sync":
            done: list[float] = []
            waiting = threading.Thread(target=lambda: (chat(client), done.append(time.monotonic())))
            waiting.start()
            time.sleep(0.3)
            assert not done  # the stream still holds the only slot
            closed = time.monotonic()
            first.close()
            waiting.join(10)
            assert done and done[0] >= closed
        else:
            task = asyncio.ensure_future(chat(client))
            await asyncio.sleep(0.3)
            assert not task.done()
            await first.aclose()
            reply = await asyncio.wait_for(task, 10)
            assert reply.choices[0].message.content == "Echo: hi"
        # A stream read to its end frees its slot too.
        stream = await Api.run(chat(client, stream=True))
        assert len(await Api.collect(stream)) > 1
        await Api.run(chat(client))
    finally:
        await close_client(client)


async def test_a_failed_connection_frees_its_slot(api: Api) -> None:
    client = make_client(
        api.kind,
        base_url="http://127.0.0.1:9/v1",
        max_retries=2,
        timeout=2.0,
        rate_limiter=RateLimiter(max_concurrency=1),
    )
    try:
        with pytest.raises(openai_core.APIConnectionError):
            await Api.run(chat(client))  # three tries through one slot: it was given back each time
        with pytest.raises(openai_core.APIConnectionError):
            await Api.run(chat(client))
    finally:
        await close_client(client)


async def test_an_error_status_frees_its_slot(api: Api, server: LocalServer) -> None:
    client = make_client(api.kind, base_url=server.url, rate_limiter=RateLimiter(max_concurrency=1))
    try:
        for _ in range(3):
            server.fail_next(400, body={"error": {"message": "bad", "type": "invalid_request_error"}})
            with pytest.raises(openai_core.BadRequestError):
                await Api.run(chat(client, stream=True))
        reply = await Api.run(chat(client))
        assert reply.choices[0].message.content == "Echo: hi"
    finally:
        await close_client(client)


async def test_a_resumed_stream_gives_back_its_slot_before_reopening(api: Api, server: LocalServer) -> None:
    client = make_client(api.kind, base_url=server.url, rate_limiter=RateLimiter(max_concurrency=1))
    try:
        server.fail_next_stream_cut(after_events=4, delay=0.05)
        stream = await Api.run(client.responses.create(model="m", input="a b c", stream=True, background=True))
        events = await asyncio.wait_for(Api.collect(stream), 10)  # one slot: the dropped stream must free it
        assert [e.sequence_number for e in events] == list(range(len(events)))
        assert [r.method for r in server.requests] == ["POST", "GET"]
        await Api.run(chat(client))  # and the resumed one freed it at its end
    finally:
        await close_client(client)
