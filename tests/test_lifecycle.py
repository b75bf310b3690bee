"""A closed client refuses every call with ``ClientClosedError`` (it never opens a new session
behind your back), and an ``AsyncClient`` keeps working under a second event loop."""

from __future__ import annotations

import asyncio
import gc
import warnings
from typing import Any

import pytest

import openai_core
from openai_core import AsyncClient, Client
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from transports import AiohttpTransport, RequestsTransport

pytestmark = pytest.mark.timeout(30)

USER = [{"role": "user", "content": "Hi"}]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_closed_client_refuses_every_call(kind: str, server: LocalServer) -> None:
    client = make_client(kind, base_url=server.url)
    await Api.run(client.models.list())
    transport: Any = client.transport
    copy = client.with_options(max_retries=0)
    await close_client(client)
    await close_client(client)  # twice is fine
    for target in (client, copy):
        with pytest.raises(openai_core.ClientClosedError, match="closed"):
            await Api.run(target.chat.completions.create(model="m", messages=USER))
        with pytest.raises(openai_core.ClientClosedError):
            await Api.run(target.chat.completions.create(model="m", messages=USER, stream=True))
    assert len(server.requests) == 1
    if kind == "async":
        assert transport._session.closed  # no new session was opened
    else:
        assert transport._closed


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_closed_transport_refuses_to_send(kind: str, server: LocalServer) -> None:
    transport: Any = RequestsTransport() if kind == "sync" else AiohttpTransport()
    client = make_client(kind, base_url=server.url, transport=transport)
    await Api.run(client.models.list())
    if kind == "sync":
        transport.close()
    else:
        await transport.aclose()
    with pytest.raises(openai_core.ClientClosedError):
        await Api.run(client.models.list())
    assert len(server.requests) == 1


def test_closing_a_copy_leaves_the_client_open(server: LocalServer) -> None:
    client = Client(api_key="sk-test", base_url=server.url)
    client.with_options(max_retries=0).close()
    assert client.models.list().data
    client.close()


def test_async_client_under_a_second_event_loop(server: LocalServer) -> None:
    client = AsyncClient(api_key="sk-test", base_url=server.url)

    async def chat(text: str) -> str:
        reply = await client.chat.completions.create(model="m", messages=[{"role": "user", "content": text}])
        stream = await client.chat.completions.create(model="m", messages=USER, stream=True)
        chunks = [chunk async for chunk in stream]
        assert chunks
        return str(reply.choices[0].message.content)

    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        assert asyncio.run(chat("one")) == "Echo: one"
        first = client.transport._session  # type: ignore[attr-defined]
        assert asyncio.run(chat("two")) == "Echo: two"  # a new loop: a new session, not "Event loop is closed"
        assert asyncio.run(chat("three")) == "Echo: three"
        assert first.closed
        asyncio.run(client.aclose())
        del first
        gc.collect()
    assert len(server.requests) == 6


def test_async_client_moves_between_two_open_loops(server: LocalServer) -> None:
    client = AsyncClient(api_key="sk-test", base_url=server.url)
    first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
    try:
        for loop in (first, second, first):
            reply = loop.run_until_complete(client.models.retrieve("gpt-4o-mini"))
            assert reply.id == "gpt-4o-mini"
        first.run_until_complete(client.aclose())
        second.run_until_complete(asyncio.sleep(0.05))  # the session left behind there finishes closing
    finally:
        first.close()
        second.close()
    gc.collect()
    assert len(server.requests) == 3


def test_a_users_session_of_another_loop_is_a_clear_error(server: LocalServer) -> None:
    import aiohttp

    async def make() -> aiohttp.ClientSession:
        return aiohttp.ClientSession()

    home = asyncio.new_event_loop()
    try:
        session = home.run_until_complete(make())
        client = AsyncClient(api_key="sk-test", base_url=server.url, http_client=session)
        with pytest.raises(openai_core.OpenAIError, match="another event loop"):
            asyncio.run(client.chat.completions.create(model="m", messages=USER))
        assert server.requests == []
        home.run_until_complete(session.close())
    finally:
        home.close()
