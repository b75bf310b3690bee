"""``Timeout(total, connect, read, deadline)`` on both transports: ``total`` bounds one attempt
(for a stream: until its headers), ``connect`` the connection, ``read`` each wait for bytes
(for a stream: the idle time between chunks), ``deadline`` the whole call, a stream's whole
body included. A plain number bounds every wait. Each surfaces as ``APITimeoutError``."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import openai_core
from openai_core import Timeout
from tests.faults.server import BlackHole, FaultServer
from tests.faults.support import ClientFor, call, released

pytestmark = pytest.mark.timeout(20)

TIMEOUT = openai_core.APITimeoutError


@dataclass(frozen=True)
class Case:
    scenario: str
    stream: bool
    timeout: Timeout
    retries: int
    expect: type[openai_core.OpenAIError] | None
    hits: int
    chunks: int
    seconds: tuple[float, float]  # how long the call may take, at least and at most

    def __str__(self) -> str:
        t = self.timeout
        kind = "stream" if self.stream else "json"
        return f"{self.scenario}-{kind}-total{t.total}-read{t.read}-deadline{t.deadline}"


CASES = [
    # Nothing comes back: `total` gives up on each attempt; with no body yet, a stream is re-sent too.
    Case("stall-before-headers", False, Timeout(total=0.4, read=None), 1, TIMEOUT, 2, 0, (0.8, 2.0)),
    Case("stall-before-headers", True, Timeout(total=0.4, read=None), 1, TIMEOUT, 2, 0, (0.8, 2.0)),
    # ... and so does `read`, whichever is shorter.
    Case("stall-before-headers", False, Timeout(total=None, read=0.3), 0, TIMEOUT, 1, 0, (0.3, 1.2)),
    Case("stall-before-headers", True, Timeout(total=5.0, read=0.3), 0, TIMEOUT, 1, 0, (0.3, 1.2)),
    Case("stall-before-headers", False, Timeout(total=0.4, read=5.0), 0, TIMEOUT, 1, 0, (0.4, 1.2)),
    # Half a body, then silence: a plain request times out and may be retried...
    Case("stall-mid-body", False, Timeout(total=5.0, read=0.3), 1, TIMEOUT, 2, 0, (0.6, 2.0)),
    Case("stall-mid-body", False, Timeout(total=0.5, read=None), 0, TIMEOUT, 1, 0, (0.5, 1.3)),
    # ... a stream times out between chunks (not "truncated") and is never re-sent.
    Case("stall-mid-body", True, Timeout(total=5.0, read=0.3), 2, TIMEOUT, 1, 2, (0.3, 1.3)),
    # `total` does not cut a stream once its headers are in: the idle limit `read` does.
    Case("stall-mid-body", True, Timeout(total=0.2, read=0.8), 2, TIMEOUT, 1, 2, (0.8, 1.8)),
    # A body that trickles in byte by byte never trips `read`, but `total` bounds the exchange.
    Case("trickle", False, Timeout(total=0.5, read=1.0), 0, TIMEOUT, 1, 0, (0.5, 1.3)),
    # A slow stream outlives `total` as long as each chunk comes within `read`.
    Case("slow-stream:0.2", True, Timeout(total=0.3, read=0.6), 0, None, 1, 4, (0.8, 2.5)),
    Case("slow-stream:0.6", True, Timeout(total=5.0, read=0.3), 2, TIMEOUT, 1, 1, (0.3, 1.3)),
    # A plain number bounds each wait, the silence after a stream's headers included.
    Case("stall-mid-body", True, Timeout.coerce(1.0), 2, TIMEOUT, 1, 2, (1.0, 3.0)),
    Case("stall-before-headers", True, Timeout.coerce(1.0), 0, TIMEOUT, 1, 0, (1.0, 3.0)),
    # `deadline` bounds a stream's whole body: silent with no idle limit, keepalive comments
    # only (each within `read`), or events that keep coming slower than the deadline allows.
    Case("stall-mid-body", True, Timeout(total=None, read=None, deadline=1.5), 2, TIMEOUT, 1, 2, (1.5, 4.0)),
    Case("keepalive", True, Timeout(total=None, read=5.0, deadline=1.5), 2, TIMEOUT, 1, 0, (1.5, 4.0)),
    Case("keepalive:0.05", True, Timeout(total=None, read=None, deadline=1.0), 0, TIMEOUT, 1, 0, (1.0, 3.5)),
    Case("slow-stream:1.0", True, Timeout(total=None, read=5.0, deadline=1.5), 2, TIMEOUT, 1, 2, (1.5, 4.0)),
]


@pytest.mark.parametrize("case", CASES, ids=str)
async def test_timeout(client_for: ClientFor, faults: FaultServer, case: Case) -> None:
    sc = faults.scenario(case.scenario)
    client = client_for(sc.base_url, timeout=case.timeout, max_retries=case.retries)
    out = await call(client, stream=case.stream)
    if case.expect is None:
        assert out.error is None, repr(out.error)
    else:
        assert type(out.error) is case.expect, repr(out.error)
    assert len(out.chunks) == case.chunks
    assert sc.hits == case.hits
    low, high = case.seconds
    assert low <= out.seconds <= high, out.seconds
    await released(client, faults)


async def test_connect_timeout(client_for: ClientFor, faults: FaultServer) -> None:
    with BlackHole() as hole:
        client = client_for(hole.base_url, timeout=Timeout(total=5.0, connect=0.3), max_retries=1)
        out = await call(client)
        assert type(out.error) is TIMEOUT, repr(out.error)
        assert 0.6 <= out.seconds <= 2.0, out.seconds
        await released(client, faults)


def test_the_default_and_a_number_bound_every_wait() -> None:
    default = Timeout()
    assert default.read is not None and 0 < default.read <= 600  # a half-dead peer cannot hang a stream
    assert default.connect == 5.0 and default.pool is not None
    assert Timeout.coerce(3) == Timeout(total=3.0, connect=3.0, read=3.0, pool=3.0)
    for bad in (float("inf"), float("nan")):
        with pytest.raises(TypeError):
            Timeout.coerce(bad)
