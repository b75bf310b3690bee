"""Fan chat calls out over worker processes that share one rate budget in Redis.

Each worker of a `concurrent.futures.ProcessPoolExecutor` builds one `AsyncClient` (in the
pool's initializer) with a `RedisRateLimiter`: every worker draws from the same
requests-per-minute budget, learned from the server's `x-ratelimit-*` headers, so together
they keep to the limit instead of each one hitting 429s. Each task answers a chunk of prompts
concurrently on the worker's event loop. The same recipe fits Ray (see examples/ray_data.py).

Run: python examples/process_pool.py   (REDIS_URL, else a local redis-server is started)
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.util import Finalize

from _local import MODEL, api, redis_url

from openai_core import AsyncClient, RedisRateLimiter

WORKERS = 4
PROMPTS = [f"What is {n} times two?" for n in range(240)]

client: AsyncClient
loop: asyncio.AbstractEventLoop


def start_worker(base_url: str, api_key: str, redis: str) -> None:
    """Per worker process: one event loop and one client, closed when the worker exits."""
    global client, loop
    loop = asyncio.new_event_loop()
    limiter = RedisRateLimiter(redis, key="examples:process-pool")
    client = AsyncClient(api_key=api_key, base_url=base_url, rate_limiter=limiter)

    def close() -> None:
        loop.run_until_complete(client.aclose())
        loop.run_until_complete(limiter.aclose())
        loop.close()

    Finalize(client, close, exitpriority=10)


async def ask(prompt: str) -> str:
    reply = await client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": prompt}])
    return reply.choices[0].message.content or ""


async def ask_all(prompts: list[str]) -> list[str]:
    return list(await asyncio.gather(*(ask(p) for p in prompts)))


def answer(prompts: list[str]) -> list[str]:
    """One task: a chunk of prompts, answered concurrently by this worker's client."""
    return loop.run_until_complete(ask_all(prompts))


def main() -> None:
    with api() as local, redis_url() as redis:
        if local.server is not None:  # the embedded server, rate-limited like a real account
            local.server.rate_limit(rpm=3000, burst=5.0)
        chunks = [PROMPTS[i : i + 30] for i in range(0, len(PROMPTS), 30)]
        started = time.monotonic()
        spawn = multiprocessing.get_context("spawn")  # no fork of a process that runs threads
        with ProcessPoolExecutor(
            WORKERS, mp_context=spawn, initializer=start_worker, initargs=(local.base_url, local.api_key, redis)
        ) as pool:
            answers = [a for chunk in pool.map(answer, chunks) for a in chunk]
        took = time.monotonic() - started
        print(f"{WORKERS} workers answered {len(answers)} prompts in {took:.1f} s")
        print(f"last answer: {answers[-1]}")
        if local.server is not None:
            print(f"rate-limit refusals (429) seen by the server: {local.server.rate_limited}")


if __name__ == "__main__":
    main()
