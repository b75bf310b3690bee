"""Shared fixtures: the embedded server, and one client per face, so that every behaviour
is tested on both the requests (sync) and the aiohttp (async) transport."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from openai_core import AsyncClient, Client, RetryPolicy
from openai_core.testing import LocalServer

FAST_RETRIES = RetryPolicy(initial=0.001, cap=0.01)


@pytest.fixture(scope="session")
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture(autouse=True)
def _fresh_server(request: pytest.FixtureRequest) -> None:
    if "server" in request.fixturenames:
        request.getfixturevalue("server").reset()


class Api:
    """One client of either face; ``await api.run(x)`` resolves a sync result or a coroutine."""

    def __init__(self, kind: str, client: Client | AsyncClient) -> None:
        self.kind = kind
        self.client: Any = client

    @staticmethod
    async def run(value: Any) -> Any:
        return await value if inspect.isawaitable(value) else value

    @staticmethod
    async def collect(stream: Any) -> list[Any]:
        if hasattr(stream, "__aiter__"):
            return [item async for item in stream]
        return list(stream)


def make_client(kind: str, **kwargs: Any) -> Client | AsyncClient:
    kwargs.setdefault("api_key", "sk-test")
    kwargs.setdefault("retry_policy", FAST_RETRIES)
    return Client(**kwargs) if kind == "sync" else AsyncClient(**kwargs)


async def close_client(client: Client | AsyncClient) -> None:
    if isinstance(client, AsyncClient):
        await client.aclose()
    else:
        client.close()


@pytest.fixture(params=["sync", "async"])
async def api(request: pytest.FixtureRequest, server: LocalServer) -> AsyncIterator[Api]:
    client = make_client(request.param, base_url=server.url)
    yield Api(request.param, client)
    await close_client(client)
