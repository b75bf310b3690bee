"""Chat calls over a Ray Data dataset: one AsyncClient per actor, one rate budget in Redis.

`Dataset.map_batches` with a callable class: Ray makes a few actors, each builds one
`AsyncClient` with a `RedisRateLimiter` and answers each batch of prompts concurrently on its
own event loop. All actors (on one machine or many) draw from the same requests-per-minute
budget in Redis, learned from the server's `x-ratelimit-*` headers.

Needs Ray Data (`pip install 'openai-core[ray]'`: about 600 MB) and Redis (REDIS_URL, else a
local redis-server is started). Not run in CI (README: "Scaling out" has the measurements);
examples/process_pool.py is the same recipe on the standard library, and is tested.

Run: python examples/ray_data.py
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import ray
from _local import MODEL, api, redis_url

from openai_core import AsyncClient, RedisRateLimiter


class Answer:
    """The callable class of `map_batches`: one client (and event loop) per actor."""

    def __init__(self, base_url: str, api_key: str, redis: str) -> None:
        self.loop = asyncio.new_event_loop()
        limiter = RedisRateLimiter(redis, key="examples:ray")
        self.client = AsyncClient(api_key=api_key, base_url=base_url, rate_limiter=limiter)

    async def ask(self, prompt: str) -> str:
        reply = await self.client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": prompt}])
        return reply.choices[0].message.content or ""

    async def ask_all(self, prompts: Any) -> list[str]:
        return list(await asyncio.gather(*(self.ask(str(p)) for p in prompts)))

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        return {"prompt": batch["prompt"], "answer": self.loop.run_until_complete(self.ask_all(batch["prompt"]))}


def main() -> None:
    with api() as local, redis_url() as redis:
        if local.server is not None:
            local.server.rate_limit(rpm=3000, burst=5.0)
        started = time.monotonic()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        print(f"ray.init: {time.monotonic() - started:.1f} s")
        try:
            prompts = ray.data.from_items([{"prompt": f"What is {n} times two?"} for n in range(240)])
            answered = prompts.map_batches(
                Answer,
                fn_constructor_args=(local.base_url, local.api_key, redis),
                batch_size=30,
                concurrency=2,
            )
            rows = answered.take_all()
        finally:
            ray.shutdown()
        print(f"{len(rows)} prompts answered in {time.monotonic() - started:.1f} s (ray.init included)")
        print(f"last answer: {rows[-1]['answer']}")
        if local.server is not None:
            print(f"rate-limit refusals (429) seen by the server: {local.server.rate_limited}")


if __name__ == "__main__":
    main()
