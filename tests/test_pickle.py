"""Clients that travel: a pickled client is its configuration, without sockets or sessions,
and builds its transport again where it lands (a process pool, a task queue, an actor)."""

from __future__ import annotations

import asyncio
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

import openai_core
from openai_core import AsyncClient, Client, RateLimiter
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from transports import MockResponse, MockTransport

pytestmark = pytest.mark.timeout(120)

USER = [{"role": "user", "content": "Hello there"}]


def _model(request: Any) -> MockResponse:
    """A module-level handler, so that a transport built on it can be pickled."""
    return MockResponse.json({"id": "m1", "object": "model", "created": 1, "owned_by": "me"})


async def test_round_trip_keeps_the_configuration_and_drops_the_connections(api: Api, server: LocalServer) -> None:
    await Api.run(api.client.models.list())  # the transport now holds open connections
    copy = pickle.loads(pickle.dumps(api.client))
    assert type(copy) is type(api.client)
    assert copy.config == api.client.config and copy.base_url == server.url
    assert copy._cell.transport is None  # made again on first use
    reply = await Api.run(copy.chat.completions.create(model="m", messages=USER))
    assert reply.choices[0].message.content == "Echo: Hello there"
    assert copy.transport is not api.client.transport
    assert server.requests[-1].headers["authorization"] == "Bearer sk-test"
    await close_client(copy)


async def test_with_options_copies_travel_with_their_settings(api: Api, server: LocalServer) -> None:
    scoped = api.client.with_options(
        api_key="sk-scoped", default_headers={"X-Team": "a"}, max_retries=0, cast_to=dict, timeout=7.5
    )
    copy = pickle.loads(pickle.dumps(scoped))
    server.fail_next(500)
    with pytest.raises(openai_core.InternalServerError):
        await Api.run(copy.models.list())
    assert len(server.requests) == 1  # max_retries=0 travelled
    reply = await Api.run(copy.models.list())
    assert isinstance(reply.data[0], dict)  # cast_to=dict travelled
    sent = server.requests[-1]
    assert sent.headers["authorization"] == "Bearer sk-scoped" and sent.headers["x-team"] == "a"
    assert copy._timeout.total == 7.5
    await close_client(copy)


def mock_client(kind: str, **kwargs: Any) -> Any:
    """A client of either face on a mock transport that can be pickled."""
    from transports import AsyncMockTransport

    if kind == "sync":
        return Client(transport=MockTransport(_model), **kwargs)
    return AsyncClient(transport=AsyncMockTransport(_model), **kwargs)


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_picklable_transport_of_the_user_travels(kind: str) -> None:
    client = mock_client(kind, api_key="sk-x")
    copy = pickle.loads(pickle.dumps(client))
    assert type(copy.transport) is type(client.transport) and copy.transport is not client.transport
    assert (await Api.run(copy.models.retrieve("m1"))).owned_by == "me"
    assert len(copy.transport.requests) == 1 and client.transport.requests == []


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_what_cannot_travel_is_named(cls: Any) -> None:
    from transports import AsyncMockTransport

    mock = MockTransport if cls is Client else AsyncMockTransport
    with pytest.raises(TypeError, match=r"its transport \((Async)?MockTransport\) cannot"):
        pickle.dumps(cls(api_key="sk-secret-1", transport=mock(lambda request: MockResponse.json({}))))
    with pytest.raises(TypeError, match="its config") as caught:
        pickle.dumps(cls(api_key=lambda: "sk-secret-1"))
    assert "sk-secret-1" not in str(caught.value)


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_a_rate_limiter_travels_as_its_settings(cls: Any) -> None:
    limiter = RateLimiter(max_concurrency=2)
    copy = pickle.loads(pickle.dumps(cls(api_key="sk-1", rate_limiter=limiter)))
    assert copy._limiter is not limiter and copy._limiter.max_concurrency == 2  # a budget of its own


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_module_level_key_function_travels(kind: str) -> None:
    copy = pickle.loads(pickle.dumps(mock_client(kind, api_key=_key)))
    await Api.run(copy.models.retrieve("m1"))
    assert copy.transport.requests[-1].headers["Authorization"] == "Bearer sk-from-function"


def _key() -> str:
    return "sk-from-function"


def _chat_in_worker(client: Client | AsyncClient) -> tuple[str, str]:
    """Runs in a spawned process: use the client it received."""
    if isinstance(client, AsyncClient):

        async def call() -> Any:
            async with client:
                return await client.chat.completions.create(model="m", messages=USER)

        reply = asyncio.run(call())
    else:
        with client:
            reply = client.chat.completions.create(model="m", messages=USER)
    return reply.choices[0].message.content, type(client).__name__


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_client_sent_to_a_spawned_process_pool(kind: str, server: LocalServer) -> None:
    client = make_client(kind, api_key="sk-travel", base_url=server.url)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        text, name = pool.submit(_chat_in_worker, client.with_options(default_headers={"X-Worker": "1"})).result(90)
    assert text == "Echo: Hello there" and name == type(client).__name__
    sent = server.requests[-1]
    assert sent.headers["authorization"] == "Bearer sk-travel" and sent.headers["x-worker"] == "1"
    assert client._cell.transport is None  # pickling never built (or shipped) a transport here


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_copy_module_shares_the_transport_like_with_options(kind: str) -> None:
    import copy

    client = mock_client(kind, api_key=lambda: "sk-unpicklable")
    shallow = copy.copy(client)
    assert shallow.transport is client.transport and shallow.config is client.config
    await Api.run(shallow.models.retrieve("m1"))
    assert client.transport.requests[-1].headers["Authorization"] == "Bearer sk-unpicklable"


async def test_a_session_of_the_user_travels_if_it_pickles(server: LocalServer) -> None:
    import aiohttp
    import requests

    session = requests.Session()
    session.headers["X-Session"] = "mine"
    copy = pickle.loads(pickle.dumps(Client(api_key="sk-x", base_url=server.url, http_client=session)))
    assert copy._http_client is not session and copy._http_client.headers["X-Session"] == "mine"
    with copy:
        copy.models.list()
    assert server.requests[-1].headers["x-session"] == "mine"
    async with aiohttp.ClientSession() as live:
        with pytest.raises(TypeError, match=r"its http_client \(ClientSession\) cannot"):
            pickle.dumps(AsyncClient(api_key="sk-x", http_client=live))
