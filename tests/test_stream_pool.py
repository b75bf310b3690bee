"""Streams give their connection back: 1,000 streams opened and abandoned through a pool of 10
connections neither exhaust the pool nor hang, on both clients; ``with``/``async with`` and an
exception raised inside the loop release the connection too (shown through a pool of one)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from typing import Any

import pytest
import requests
import requests.adapters

from openai_core import AsyncClient, Client
from openai_core.testing import LocalServer
from transports import AiohttpTransport, RequestsTransport

N = 1000
POOL = 10
USER = [{"role": "user", "content": "Say something long enough to need several events"}]


class Boom(Exception):
    pass


def blocking_session(size: int) -> requests.Session:
    """A session whose pool *waits* for a free connection instead of opening another one:
    a connection that is never given back makes the next request hang."""
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=size, pool_block=True, max_retries=0)
    session.mount("http://", adapter)
    return session


def sync_client(server: LocalServer, transport: Any) -> Client:
    return Client(api_key="sk-test", base_url=server.url, transport=transport, max_retries=0)


def async_client(server: LocalServer, transport: Any) -> AsyncClient:
    return AsyncClient(api_key="sk-test", base_url=server.url, transport=transport, max_retries=0)


def open_stream(client: Client) -> Any:
    return client.chat.completions.create(model="m", messages=USER, stream=True)


# ---- 1,000 abandoned streams ---------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_sync_1000_abandoned_streams_reuse_a_pool_of_10(server: LocalServer) -> None:
    transport = RequestsTransport(pool_size=POOL)
    client = sync_client(server, transport)
    try:
        for i in range(N):
            stream = open_stream(client)
            if i % 2 == 0:
                for chunk in stream:
                    assert chunk.choices[0].delta.role == "assistant"
                    break  # abandoned after the first event
            del stream  # ... or never iterated at all
        connections = transport._pools  # the transport's own connections: no session was asked for
        assert connections is not None and transport._session is None
        assert connections.out == 0  # a stream that kept its connection would count here
        assert len(server.requests) == N
        assert 1 <= connections.opened <= N  # an abandoned stream's connection is closed, not reused
        reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "still ok"}])
        assert reply.choices[0].message.content == "Echo: still ok"
        assert len(server.requests) == N + 1
    finally:
        transport.close()


@pytest.mark.timeout(120)
def test_sync_1000_abandoned_streams_from_20_threads_through_a_blocking_pool_of_10(server: LocalServer) -> None:
    session = blocking_session(POOL)
    transport = RequestsTransport(session=session)
    client = sync_client(server, transport)

    def one(i: int) -> str:
        stream = open_stream(client)
        if i % 2:
            return "never read"
        return str(next(iter(stream)).choices[0].delta.role)  # the stream is dropped on return

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(one, range(N), timeout=100))
        assert results.count("assistant") == N // 2 and results.count("never read") == N // 2
        assert len(server.requests) == N
    finally:
        session.close()


@pytest.mark.timeout(120)
async def test_async_1000_abandoned_streams_through_a_connector_limit_of_10(server: LocalServer) -> None:
    # In debug mode aiohttp warns about every response it had to close itself (and the test
    # configuration turns that warning into an error): every stream must be closed by us.
    asyncio.get_running_loop().set_debug(True)
    server.state.event_interval = 0.01  # each stream is still being sent when it is dropped
    transport = AiohttpTransport(limit=POOL)
    client = async_client(server, transport)
    try:
        for i in range(N):
            # aiohttp waits for a free connection: a leaked one would stop the loop here.
            stream = await asyncio.wait_for(client.chat.completions.create(model="m", messages=USER, stream=True), 10)
            if i % 2 == 0:
                async for chunk in stream:
                    assert chunk.choices[0].delta.role == "assistant"
                    break
            del stream
        reply = await asyncio.wait_for(
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": "still ok"}]), 10
        )
        assert reply.choices[0].message.content == "Echo: still ok"
        assert len(server.requests) == N + 1
    finally:
        await transport.aclose()


@pytest.mark.timeout(120)
async def test_async_1000_concurrent_abandoned_streams_through_a_limit_of_10(server: LocalServer) -> None:
    asyncio.get_running_loop().set_debug(True)
    server.state.event_interval = 0.01  # each stream is still being sent when it is dropped
    transport = AiohttpTransport(limit=POOL)
    client = async_client(server, transport)

    async def one(i: int) -> str:
        stream = await client.chat.completions.create(model="m", messages=USER, stream=True)
        if i % 2:
            return "never read"
        async for chunk in stream:
            return str(chunk.choices[0].delta.role)  # the stream is dropped on return
        return "empty"

    try:
        results = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(N))), 100)
        assert results.count("assistant") == N // 2 and results.count("never read") == N // 2
        assert len(server.requests) == N
    finally:
        await transport.aclose()


# ---- context managers and exceptions, through a pool of one connection ---------------------------

ROUNDS = 25


@pytest.mark.timeout(60)
def test_sync_with_block_and_exceptions_release_the_only_connection(server: LocalServer) -> None:
    session = blocking_session(1)
    client = sync_client(server, RequestsTransport(session=session))

    def raise_inside_the_loop() -> None:
        stream = open_stream(client)
        for _ in stream:
            raise Boom  # no `with`: the stream is released once the exception is handled

    try:
        for _ in range(ROUNDS):
            with open_stream(client) as stream:
                assert next(stream).choices[0].delta.role == "assistant"
            with pytest.raises(Boom), open_stream(client) as stream:
                for _ in stream:
                    raise Boom
            with contextlib.suppress(Boom):
                raise_inside_the_loop()
            stream = open_stream(client)
            next(stream)
            stream.close()
            assert list(stream) == []  # a closed stream ends, quietly
        assert len(server.requests) == 4 * ROUNDS
    finally:
        session.close()


@pytest.mark.timeout(60)
async def test_async_with_block_and_exceptions_release_the_only_connection(server: LocalServer) -> None:
    transport = AiohttpTransport(limit=1)
    client = async_client(server, transport)

    async def open_async() -> Any:
        # The only connection must be free again: if not, this wait times out.
        return await asyncio.wait_for(client.chat.completions.create(model="m", messages=USER, stream=True), 10)

    async def raise_inside_the_loop() -> None:
        stream = await open_async()
        async for _ in stream:
            raise Boom

    try:
        for _ in range(ROUNDS):
            async with await open_async() as stream:
                assert (await stream.__anext__()).choices[0].delta.role == "assistant"
            with pytest.raises(Boom):
                async with await open_async() as stream:
                    async for _ in stream:
                        raise Boom
            with contextlib.suppress(Boom):
                await raise_inside_the_loop()
            stream = await open_async()
            await stream.__anext__()
            await stream.aclose()
            assert [c async for c in stream] == []
        assert len(server.requests) == 4 * ROUNDS
    finally:
        await transport.aclose()
