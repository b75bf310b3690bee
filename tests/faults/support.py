"""What the fault tests share: calling either client, typing the outcome, and checking that
no connection was left behind."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import openai_core
from openai_core import AsyncClient, Client
from tests.conftest import Api, close_client
from tests.faults.server import FaultServer
from transports import RequestsTransport

USER = [{"role": "user", "content": "Hi"}]

ClientFor = Callable[..., Any]
"""The ``client_for(base_url, **settings)`` fixture: a client of the test's kind."""


class Outcome:
    """What one call gave: the result (for a stream, the chunks that arrived) or the error."""

    def __init__(self) -> None:
        self.result: Any = None
        self.chunks: list[Any] = []
        self.error: openai_core.OpenAIError | None = None
        self.seconds = 0.0


async def call(client: Client | AsyncClient, *, stream: bool = False) -> Outcome:
    """One chat completion (a stream is read to its end); any exception must be typed."""
    out = Outcome()
    started = time.monotonic()
    try:
        out.result = await Api.run(client.chat.completions.create(model="m", messages=USER, stream=stream))
        if stream:
            if hasattr(out.result, "__aiter__"):
                async for chunk in out.result:
                    out.chunks.append(chunk)
            else:
                for chunk in out.result:
                    out.chunks.append(chunk)
    except Exception as exc:
        assert isinstance(exc, openai_core.OpenAIError), f"an untyped exception escaped: {exc!r}"
        out.error = exc
    out.seconds = time.monotonic() - started
    return out


def checked_out(client: Client | AsyncClient) -> int:
    """Connections the client's transport has handed out and not got back."""
    transport: Any = client.transport
    if isinstance(transport, RequestsTransport):
        held = 0 if transport._pools is None else transport._pools.out  # its own connections, and a session's
        managers = []
        if transport._session is not None:
            adapters = {id(adapter): adapter for adapter in transport._session.adapters.values()}  # http://, https://
            managers += [adapter.poolmanager for adapter in adapters.values()]
        for manager in managers:
            for pool in list(manager.pools._container.values()):
                if pool.pool is not None:
                    held += pool.pool.maxsize - pool.pool.qsize()
        return held
    session = transport._session
    return 0 if session is None or session.connector is None else len(session.connector._acquired)


async def released(client: Client | AsyncClient, server: FaultServer, *, within: float = 3.0) -> None:
    """Assert that the transport holds no connection, close the client, and assert that the
    server sees every connection closed."""
    assert checked_out(client) == 0, "the transport still holds a connection"
    await close_client(client)
    deadline = time.monotonic() + within
    while (count := await asyncio.to_thread(server.open_connections)) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert count == 0, f"{count} connection(s) still open on the server"
