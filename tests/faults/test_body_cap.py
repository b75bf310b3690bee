"""A response body is capped after decompression (``max_body_size``): a whole body always, a
stream when it is compressed. A gzip bomb ends in ``ResponseTooLargeError`` while memory stays
near the cap, on both transports."""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest

import openai_core
from tests.conftest import make_client
from tests.faults.server import FaultServer
from tests.faults.support import call, checked_out, released
from transports import AiohttpTransport, RequestsTransport
from transports._checks import MAX_BODY_SIZE

pytestmark = pytest.mark.timeout(60)

MIB = 1024 * 1024


def capped(kind: str, limit: int) -> Any:
    return RequestsTransport(max_body_size=limit) if kind == "sync" else AiohttpTransport(max_body_size=limit)


async def close(transport: Any) -> None:
    if isinstance(transport, RequestsTransport):
        transport.close()
    else:
        await transport.aclose()


@pytest.mark.parametrize("stream", [False, True])
async def test_a_1_mib_gzip_bomb_stops_at_the_cap(kind: str, faults: FaultServer, stream: bool) -> None:
    sc = faults.scenario("gzip-bomb:1024")  # about 1 MiB on the wire, 1 GiB once decompressed
    client = make_client(kind, base_url=sc.base_url, transport=capped(kind, 8 * MIB), max_retries=2, timeout=30.0)
    tracemalloc.start()
    try:
        out = await call(client, stream=stream)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert type(out.error) is openai_core.ResponseTooLargeError, repr(out.error)
    assert out.error.limit == 8 * MIB and "8388608 bytes" in str(out.error)
    assert peak < 40 * MIB, f"peak {peak / MIB:.0f} MiB"  # the cap and the buffers of one read, not 1 GiB
    assert sc.hits == 1  # not retried
    assert checked_out(client) == 0
    await close(client.transport)
    await released(client, faults)


async def test_a_plain_stream_is_not_capped(kind: str, faults: FaultServer) -> None:
    # Only what decompression multiplies is capped on a stream: a large plain download goes through.
    sc = faults.scenario("huge-event:3000000")
    client = make_client(kind, base_url=sc.base_url, transport=capped(kind, 1 * MIB), max_retries=0, timeout=30.0)
    out = await call(client, stream=True)
    assert out.error is None, repr(out.error)
    assert len(out.chunks[0].choices[0].delta.content) == 3_000_000
    assert checked_out(client) == 0
    await close(client.transport)
    await released(client, faults)


def test_the_default_cap_is_generous() -> None:
    assert MAX_BODY_SIZE == 256 * MIB
    assert RequestsTransport()._max_body_size == AiohttpTransport()._max_body_size == MAX_BODY_SIZE
