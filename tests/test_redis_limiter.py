"""One rate budget for many processes: :class:`RedisRateLimiter` against a real
``redis-server`` (started here, on a free port, in a temporary directory) and the embedded
server's rate-limit mode, on both clients; and 4 processes x 32 concurrent calls sharing it."""

from __future__ import annotations

import asyncio
import os
import pickle
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import redis

from openai_core import (
    AsyncClient,
    Client,
    RateLimitError,
    RateLimiterUnavailableError,
    RateLimitWaitError,
    RedisRateLimiter,
    Request,
)
from openai_core._redis_limiter import estimate_tokens, used_tokens
from openai_core.testing import LocalServer
from openai_core.testing._ratelimit import Bucket, RateLimitMode
from tests.conftest import Api, close_client, make_client

pytestmark = pytest.mark.timeout(60)

ROOT = Path(__file__).resolve().parent.parent
USER = [{"role": "user", "content": "hi"}]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed (Debian: apt-get install redis-server; .ci/run installs it)"
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    probe = redis.Redis.from_url(url)
    try:
        for _ in range(200):
            try:
                probe.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            raise AssertionError("redis-server did not start")
        yield url
    finally:
        probe.close()
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def key(request: pytest.FixtureRequest) -> str:
    return f"test:{request.node.name}:{time.monotonic_ns()}"


async def close_all(client: Any, limiter: RedisRateLimiter) -> None:
    await close_client(client)
    if isinstance(client, AsyncClient):
        await limiter.aclose()
    else:
        limiter.close()


def chat(client: Any, **kwargs: Any) -> Any:
    return client.chat.completions.create(model="gpt-4o-mini", messages=USER, **kwargs)


async def many(api_kind: str, client: Any, count: int, **kwargs: Any) -> list[Any]:
    """``count`` concurrent chat calls: tasks on the async client, threads on the sync one."""
    if api_kind == "async":
        return list(await asyncio.gather(*(chat(client, **kwargs) for _ in range(count))))
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(8) as pool:
        return list(
            await asyncio.gather(*(loop.run_in_executor(pool, lambda: chat(client, **kwargs)) for _ in range(count)))
        )


# ---- pure parts ------------------------------------------------------------------------------------


def test_token_estimates_and_usage() -> None:
    body = b'{"model":"m","messages":[{"role":"user","content":"hello there"}],"max_completion_tokens":50}'
    request = Request(method="POST", url="http://x/v1/chat/completions", headers={}, body=body)
    assert estimate_tokens(request, 256) == 1 + len(body) // 4 + 50
    assert estimate_tokens(Request(method="POST", url="u", headers={}, body=b"{}"), 256) == 1 + 0 + 256
    assert estimate_tokens(None, 10) == 11
    answer = b'{"usage":{"prompt_tokens":3,"total_tokens":9},"x":{"total_tokens":1}}'
    assert used_tokens(answer) == 1  # the last one: the top-level usage comes last in the API's answers
    assert used_tokens(b'{"choices":[],"usage":{"total_tokens": 42}}') == 42
    assert used_tokens(b"{}") is None and used_tokens(None) is None


def test_server_buckets_refill_and_refuse() -> None:
    now = [0.0]
    mode = RateLimitMode(Bucket(60, 2.0, clock=lambda: now[0]), Bucket(600, 60.0, clock=lambda: now[0]))
    assert [mode.admit(), mode.admit(), mode.admit()] == [None, None, "requests"]
    headers = mode.headers()
    assert headers["x-ratelimit-limit-requests"] == "60" and headers["x-ratelimit-remaining-requests"] == "0"
    assert headers["x-ratelimit-reset-requests"] == "2.000s"
    now[0] = 1.0  # one request per second comes back
    assert mode.admit() is None and mode.admit() == "requests"
    mode.spend(700)
    now[0] = 3.0
    assert mode.admit() == "tokens" and mode.rejected == 3
    assert mode.headers()["x-ratelimit-remaining-tokens"] == "0"


def test_arguments_and_pickling(redis_url: str) -> None:
    for bad in ({"rpm": 0}, {"tpm": -1}, {"burst": 0}, {"burst": 61}, {"key": ""}, {"max_wait": float("inf")}):
        with pytest.raises(ValueError):
            RedisRateLimiter(redis_url, **bad)
    limiter = RedisRateLimiter(redis_url, key="k", rpm=10)
    limiter.acquire()  # opens a connection
    copy = pickle.loads(pickle.dumps(limiter))
    assert (copy.url, copy.key, copy.rpm, copy.burst) == (redis_url, "k", 10, 1.0)
    copy.acquire()
    assert "rpm=10" in repr(copy) and redis_url not in repr(copy)
    limiter.reset()
    limiter.close()
    copy.close()


# ---- the embedded server's rate-limit mode -------------------------------------------------------


async def test_server_rate_limit_mode(api: Api, server: LocalServer) -> None:
    server.rate_limit(rpm=3, tpm=100_000)
    client = make_client(api.kind, base_url=server.url, max_retries=0)
    try:
        remaining = []
        for _ in range(3):
            reply = await api.run(chat(client))
            limits = reply._response.rate_limits
            assert (limits.limit_requests, limits.limit_tokens) == (3, 100_000)
            remaining.append(limits.remaining_requests)
        assert remaining == [2, 1, 0]
        with pytest.raises(RateLimitError) as caught:
            await api.run(chat(client))
        assert caught.value.code == "rate_limit_exceeded" and caught.value.rate_limits.remaining_requests == 0
        assert 19 < caught.value.rate_limits.reset_requests <= 60
        await api.run(client.models.list())  # not a model request: not limited
        assert server.rate_limited == 1
    finally:
        await close_client(client)
    server.reset()
    assert server.rate_limited == 0


def test_serve_has_the_rate_limit_mode_too() -> None:
    command = [sys.executable, "-m", "openai_core", "serve", "--port", "0", "--rpm", "2", "--tpm", "5000"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        client = Client(api_key="sk-test", base_url=url, max_retries=0)
        with client:
            for left in (1, 0):
                assert chat(client)._response.rate_limits.remaining_requests == left
            with pytest.raises(RateLimitError) as caught:
                chat(client)
            assert caught.value.rate_limits.limit_tokens == 5000
    finally:
        proc.terminate()
        proc.wait(20)
        if proc.stdout is not None:
            proc.stdout.close()


# ---- the limiter, through both clients -----------------------------------------------------------


async def test_a_given_rpm_paces_concurrent_calls(api: Api, server: LocalServer, redis_url: str, key: str) -> None:
    server.rate_limit(rpm=1200, burst=0.5)  # 20 a second; 10 at once
    limiter = RedisRateLimiter(redis_url, key=key, rpm=1200, burst=0.25)  # 5 at once
    client = make_client(api.kind, base_url=server.url, rate_limiter=limiter, max_retries=0)
    try:
        started = time.monotonic()
        replies = await many(api.kind, client, 25)
        took = time.monotonic() - started
        assert len(replies) == 25 and server.rate_limited == 0
        assert 0.9 <= took < 8.0  # 5 at once, then 20 at 20 a second
    finally:
        await close_all(client, limiter)


async def test_limits_are_learned_and_tokens_settled(api: Api, server: LocalServer, redis_url: str, key: str) -> None:
    server.rate_limit(rpm=120, tpm=600)
    limiter = RedisRateLimiter(redis_url, key=key, burst=60)
    store = redis.Redis.from_url(redis_url, decode_responses=True)
    client = make_client(api.kind, base_url=server.url, rate_limiter=limiter)
    try:
        reply = await api.run(chat(client, max_tokens=20))
        state = store.hgetall(key)
        assert (state["rpm"], state["tpm"]) == ("120", "600")
        assert float(state["rl"]) == pytest.approx(119, abs=0.5)  # learned at the answer: 1 spent
        used = reply.usage.total_tokens
        assert float(state["tl"]) == pytest.approx(600 - used, abs=1)  # settled with the real usage
        # A stream is reserved at its estimate (no usage to settle with).
        stream = await api.run(chat(client, max_tokens=20, stream=True))
        await api.collect(stream)
        level = float(store.hget(key, "tl") or 0)
        assert level < 600 - used - 20  # at least the 20 output tokens it may use are gone
    finally:
        store.close()
        await close_all(client, limiter)


async def test_a_wait_beyond_max_wait_is_an_error_and_sends_nothing(
    api: Api, server: LocalServer, redis_url: str, key: str
) -> None:
    limiter = RedisRateLimiter(redis_url, key=key, rpm=1, max_wait=0.5)
    client = make_client(api.kind, base_url=server.url, rate_limiter=limiter)
    try:
        await api.run(chat(client))
        started = time.monotonic()
        with pytest.raises(RateLimitWaitError) as caught:
            await api.run(chat(client))
        assert time.monotonic() - started < 0.4  # not slept: the wait is known to be ~60 s
        assert caught.value.wait > 50 and caught.value.max_wait == 0.5
        assert len(server.requests) == 1
    finally:
        await close_all(client, limiter)


async def test_redis_down_stops_the_call_or_with_fail_open_lets_it_go(
    api: Api, server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    down = f"redis://127.0.0.1:{free_port()}/0"
    limiter = RedisRateLimiter(down, rpm=10)
    client = make_client(api.kind, base_url=server.url, rate_limiter=limiter)
    try:
        with pytest.raises(RateLimiterUnavailableError, match=r"ConnectionError.*not sent"):
            await api.run(chat(client))
        assert server.requests == []
    finally:
        await close_all(client, limiter)
    limiter = RedisRateLimiter(down, rpm=10, fail_open=True)
    client = make_client(api.kind, base_url=server.url, rate_limiter=limiter)
    try:
        reply = await api.run(chat(client))
        assert reply.choices[0].message.content == "Echo: hi" and len(server.requests) == 1
        assert "Redis unavailable" in caplog.text and "could not record" in caplog.text
    finally:
        await close_all(client, limiter)


# ---- many processes, one budget ---------------------------------------------------------------------

WORKER = """
import asyncio, sys, time
from openai_core import AsyncClient, RedisRateLimiter

base_url, redis_url, key, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])

async def main() -> None:
    limiter = RedisRateLimiter(redis_url, key=key, burst=1.0)
    async with AsyncClient(api_key="sk-test", base_url=base_url, rate_limiter=limiter, max_retries=5) as client:
        # one call first: the types are imported, and the limits learned
        await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        print("ready", flush=True)
        sys.stdin.readline()
        stop = time.monotonic() + seconds
        async def caller() -> int:
            done = 0
            while time.monotonic() < stop:
                await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
                done += 1
            return done
        print(sum(await asyncio.gather(*(caller() for _ in range(32)))), flush=True)

asyncio.run(main())
"""


@pytest.mark.timeout(90)
def test_four_processes_of_32_concurrent_calls_share_one_budget(server: LocalServer, redis_url: str, key: str) -> None:
    rpm, seconds = 3000, 5.0  # 50 a second, shared by 4 x 32 callers
    server.rate_limit(rpm=rpm, burst=5.0)  # the server tolerates 250 at once; the limiter allows 50
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", WORKER, server.url, redis_url, key, str(seconds)]
    workers = [
        subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(4)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        first = len(server.requests)
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        go = time.monotonic()
        time.sleep(1.0)  # past the start, when the bucket's first 50 calls left at once
        counted_from, start_count = time.monotonic(), len(server.requests)
        time.sleep(max(0.0, go + seconds - 0.5 - time.monotonic()))
        counted_to, end_count = time.monotonic(), len(server.requests)
        totals = [int(worker.communicate(timeout=60)[0].strip()) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()
    rate = (end_count - start_count) / (counted_to - counted_from)
    assert abs(rate - rpm / 60) <= 0.05 * rpm / 60, rate
    assert sum(totals) == len(server.requests) - first > rpm / 60 * (seconds - 1)
    assert server.rate_limited == 0
