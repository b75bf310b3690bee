"""Waiting for a free pooled connection is bounded by ``Timeout.pool``, with its own error, and
never by ``connect``, which covers the socket connect only."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

import openai_core
from openai_core import AsyncClient, Client, Timeout
from tests.conftest import Api
from tests.faults.server import FaultServer
from tests.faults.support import USER, checked_out
from transports import AiohttpTransport, RequestsTransport

pytestmark = pytest.mark.timeout(30)

HOLD = Timeout(total=10.0, read=10.0)


async def test_async_pool_wait_has_its_own_limit_and_error(faults: FaultServer) -> None:
    transport = AiohttpTransport(limit=1)
    client = AsyncClient(api_key="sk-test", base_url=faults.scenario("stall-mid-body").base_url, transport=transport)
    try:
        held = await client.chat.completions.create(model="m", messages=USER, stream=True, timeout=HOLD)
        ok = faults.scenario("ok")
        other = AsyncClient(api_key="sk-test", base_url=ok.base_url, transport=transport, max_retries=0)
        started = time.monotonic()
        with pytest.raises(openai_core.PoolTimeoutError) as caught:
            await other.chat.completions.create(
                model="m", messages=USER, timeout=Timeout(total=20.0, connect=5.0, read=5.0, pool=0.5)
            )
        seconds = time.monotonic() - started
        assert isinstance(caught.value, openai_core.APITimeoutError)
        assert "free connection" in str(caught.value) and "Timeout.pool" in str(caught.value)
        assert 0.5 <= seconds <= 3.0, seconds
        assert ok.hits == 0
        await held.aclose()
    finally:
        await transport.aclose()


async def test_async_pool_wait_longer_than_connect_is_fine(faults: FaultServer) -> None:
    transport = AiohttpTransport(limit=1)
    slow = faults.scenario("slow-stream:0.3")  # about 1.2 s of events
    client = AsyncClient(api_key="sk-test", base_url=slow.base_url, transport=transport, max_retries=0)
    try:
        held = await client.chat.completions.create(model="m", messages=USER, stream=True, timeout=HOLD)
        drained = asyncio.ensure_future(Api.collect(held))
        ok = faults.scenario("ok")
        other = AsyncClient(api_key="sk-test", base_url=ok.base_url, transport=transport, max_retries=0)
        started = time.monotonic()
        second = await other.chat.completions.create(
            model="m", messages=USER, timeout=Timeout(total=20.0, connect=0.2, read=5.0, pool=15.0)
        )
        assert time.monotonic() - started >= 0.6  # it queued well past `connect`
        assert len(await drained) == 4
        assert second.choices[0].message.content == "ok"
        assert (slow.hits, ok.hits) == (1, 1)
    finally:
        await transport.aclose()


def test_sync_full_pool_opens_another_connection_rather_than_wait(faults: FaultServer) -> None:
    transport = RequestsTransport(pool_size=1)
    client = Client(api_key="sk-test", base_url=faults.scenario("stall-mid-body").base_url, transport=transport)
    try:
        held = client.chat.completions.create(model="m", messages=USER, stream=True, timeout=HOLD)
        ok = faults.scenario("ok")
        started = time.monotonic()
        other: Any = Client(api_key="sk-test", base_url=ok.base_url, transport=transport)
        reply = other.chat.completions.create(model="m", messages=USER, timeout=Timeout(pool=0.1, connect=1.0))
        assert reply.choices[0].message.content == "ok"
        assert time.monotonic() - started < 2.0
        held.close()
        assert checked_out(client) == 0
    finally:
        transport.close()
