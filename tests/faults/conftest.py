"""Fixtures of the fault tests: one fault server for the session, both client kinds, and a
client factory that closes what it made."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from openai_core import AsyncClient, Client
from tests.conftest import close_client, make_client
from tests.faults.server import FaultServer


@pytest.fixture(scope="session")
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def client_for(kind: str) -> AsyncIterator[Callable[..., Client | AsyncClient]]:
    """``client_for(base_url, **settings)``: a client of this test's kind, closed at teardown."""
    made: list[Client | AsyncClient] = []

    def factory(base_url: str, **kwargs: Any) -> Client | AsyncClient:
        client = make_client(kind, base_url=base_url, **kwargs)
        made.append(client)
        return client

    yield factory
    for client in made:
        await close_client(client)
