"""Bounded concurrency for the async helpers (imported by async code only)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

__all__ = ["map_bounded"]

T = TypeVar("T")
R = TypeVar("R")


async def map_bounded(fn: Callable[[T], Awaitable[R]], items: Sequence[T], limit: int) -> list[R]:
    """``[await fn(item) for item in items]`` with at most ``limit`` running at once, results
    in the order of ``items``. The first failure cancels the rest and is raised."""
    if limit < 1:
        raise ValueError("max_concurrency must be at least 1")
    results: list[Any] = [None] * len(items)
    queue = iter(enumerate(items))  # shared: each worker takes the next item when it is free

    async def worker() -> None:
        for index, item in queue:
            results[index] = await fn(item)

    tasks = [asyncio.ensure_future(worker()) for _ in range(min(limit, len(items)))]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return results
