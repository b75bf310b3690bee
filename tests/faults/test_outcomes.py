"""Broken connections, broken bodies, error statuses and broken streams, on both clients: the
typed outcome, how many requests reached the server, and no connection left behind."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import openai_core
from tests.conftest import Api
from tests.faults.server import FaultServer
from tests.faults.support import USER, ClientFor, call, checked_out, released

pytestmark = pytest.mark.timeout(20)


@dataclass(frozen=True)
class Case:
    scenario: str
    stream: bool
    retries: int
    expect: type[openai_core.OpenAIError] | None  # None: a normal result
    hits: int
    chunks: int = 0  # stream chunks that arrive before the outcome

    def __str__(self) -> str:
        return f"{self.scenario}-{'stream' if self.stream else 'json'}"


CASES = [
    Case("ok", False, 2, None, 1),
    Case("ok", True, 2, None, 1, chunks=3),
    # Nothing arrived: a connection error, retried for streams too.
    Case("reset-before-headers", False, 1, openai_core.APIConnectionError, 2),
    Case("reset-before-headers", True, 1, openai_core.APIConnectionError, 2),
    # Cut mid-body: a plain request is retried; a stream is never re-sent once bytes arrived.
    Case("reset-mid-body", False, 1, openai_core.APIConnectionError, 2),
    Case("reset-mid-body", True, 2, openai_core.StreamTruncatedError, 1, chunks=2),
    # A 200 whose body cannot be read is not retried.
    Case("invalid-json", False, 2, openai_core.APIDecodeError, 1),
    Case("invalid-json", True, 2, openai_core.APIDecodeError, 1, chunks=1),
    Case("empty-body", False, 2, openai_core.APIDecodeError, 1),
    Case("empty-body", True, 2, openai_core.StreamTruncatedError, 1),
    Case("invalid-utf8", False, 2, openai_core.APIDecodeError, 1),
    Case("invalid-utf8", True, 2, openai_core.APIDecodeError, 1),
    # Statuses: retried per policy, before any stream body.
    Case("html-502", False, 2, openai_core.InternalServerError, 3),
    Case("html-502", True, 2, openai_core.InternalServerError, 3),
    Case("503-then-200", False, 2, None, 2),
    Case("503-then-200", True, 2, None, 2, chunks=3),
    Case("429-retry-after-ms:300", False, 2, None, 2),
    Case("insufficient-quota", False, 2, openai_core.RateLimitError, 1),
    Case("insufficient-quota", True, 2, openai_core.RateLimitError, 1),
    # Streams that end badly.
    Case("truncated-stream", True, 2, openai_core.StreamTruncatedError, 1, chunks=2),
    Case("error-event", True, 2, openai_core.StreamError, 1, chunks=2),
]


@pytest.mark.parametrize("case", CASES, ids=str)
async def test_outcome(client_for: ClientFor, faults: FaultServer, case: Case) -> None:
    sc = faults.scenario(case.scenario)
    client = client_for(sc.base_url, timeout=5.0, max_retries=case.retries)
    out = await call(client, stream=case.stream)
    if case.expect is None:
        assert out.error is None, repr(out.error)
        if case.stream:
            assert "".join(c.choices[0].delta.content for c in out.chunks) == "ok and more"
        else:
            assert out.result.choices[0].message.content == "ok"
    else:
        assert type(out.error) is case.expect, repr(out.error)
    assert len(out.chunks) == case.chunks
    assert sc.hits == case.hits
    await released(client, faults)


async def test_retry_after_ms_is_honoured(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("429-retry-after-ms:400")
    client = client_for(sc.base_url, timeout=5.0, max_retries=1)
    out = await call(client)
    assert out.error is None and out.result.choices[0].message.content == "ok"
    assert out.seconds >= 0.4
    assert sc.hits == 2
    await released(client, faults)


async def test_stream_error_details_survive(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("error-event")
    client = client_for(sc.base_url, timeout=5.0)
    out = await call(client, stream=True)
    assert isinstance(out.error, openai_core.StreamError)
    assert (out.error.message, out.error.code) == ("model overloaded", "overloaded")
    assert sc.hits == 1
    await released(client, faults)


async def test_html_error_page_details_survive(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("html-502")
    client = client_for(sc.base_url, timeout=5.0, max_retries=0)
    out = await call(client)
    assert isinstance(out.error, openai_core.InternalServerError)
    assert out.error.status_code == 502 and "502 Bad Gateway" in out.error.message
    assert sc.hits == 1
    await released(client, faults)


async def test_the_release_check_sees_an_open_stream(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("slow-stream:0.1")
    client = client_for(sc.base_url, timeout=5.0)
    stream = await Api.run(client.chat.completions.create(model="m", messages=USER, stream=True))
    assert checked_out(client) == 1
    await Api.run(stream.aclose() if hasattr(stream, "aclose") else stream.close())
    assert sc.hits == 1
    await released(client, faults)
