"""A 16 MiB SSE event (one chat chunk, as image partials can be) arrives whole on both transports."""

from __future__ import annotations

import pytest

from tests.faults.server import HUGE, FaultServer
from tests.faults.support import ClientFor, call, released

pytestmark = pytest.mark.timeout(30)


async def test_16_mib_event_arrives_intact(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("huge-event")
    client = client_for(sc.base_url, timeout=10.0, max_retries=0)
    out = await call(client, stream=True)
    assert out.error is None, repr(out.error)
    assert len(out.chunks) == 1
    content = out.chunks[0].choices[0].delta.content
    assert len(content) == HUGE and content == "x" * HUGE
    assert sc.hits == 1
    await released(client, faults)
