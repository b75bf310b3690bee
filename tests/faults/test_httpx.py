"""An httpx2 client of the user's as ``http_client``: both clients send through it with the
guarantees of the built-in transports (timeouts, deadline, redirects, body cap, header checks,
typed errors), and it stays the user's unless a ``Default*`` helper made it."""

from __future__ import annotations

import asyncio
import gc
import socket
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest

import openai_core
from openai_core import AsyncClient, Client, Request, Timeout
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from tests.faults.server import FaultServer
from tests.faults.support import USER, call
from tests.faults.test_tls import certificate, tls_faults  # noqa: F401 - the HTTPS fault server fixtures
from transports import AsyncHttpxTransport, HttpxTransport

pytestmark = pytest.mark.timeout(30)

Make = Callable[..., Any]


def held(http_client: Any) -> int:
    """Connections of the httpx client's pool that are in use."""
    return sum(1 for conn in http_client._transport._pool.connections if not conn.is_idle())


async def close_http(http_client: Any) -> None:
    if hasattr(http_client, "aclose"):
        await http_client.aclose()
    else:
        http_client.close()


@pytest.fixture
async def through_httpx(kind: str) -> AsyncIterator[Make]:
    """``make(base_url, **settings)``: a client of this test's kind sending through a new httpx2
    client (``client.http``); both are closed at teardown."""
    made: list[Any] = []

    def make(base_url: str, *, http: Any = None, **kwargs: Any) -> Any:
        http = http or (httpx2.Client() if kind == "sync" else httpx2.AsyncClient())
        client = make_client(kind, base_url=base_url, http_client=http, **kwargs)
        made.append((client, http))
        client.http = http
        return client

    yield make
    for client, http in made:
        await close_client(client)
        await close_http(http)


async def test_calls_and_streams_go_through_the_users_client(through_httpx: Make, faults: FaultServer) -> None:
    sc = faults.scenario("ok")
    client = through_httpx(sc.base_url)
    assert type(client.transport) in (HttpxTransport, AsyncHttpxTransport)
    out = await call(client)
    assert out.error is None and out.result.choices[0].message.content == "ok"
    out = await call(client, stream=True)
    assert out.error is None and [c.choices[0].delta.content for c in out.chunks] == ["ok", " and", " more"]
    assert sc.hits == 2 and held(client.http) == 0


async def test_the_users_hooks_and_headers_apply(kind: str, through_httpx: Make, faults: FaultServer) -> None:
    seen: list[str] = []

    def note(request: Any) -> None:
        seen.append(str(request.url))

    async def anote(request: Any) -> None:
        note(request)

    hooks = {"request": [note if kind == "sync" else anote]}
    settings = {"event_hooks": hooks, "headers": {"X-Proxy-Team": "search"}}
    http = httpx2.Client(**settings) if kind == "sync" else httpx2.AsyncClient(**settings)
    sc = faults.scenario("redirect:307:same")
    client = through_httpx(sc.base_url, http=http)
    out = await call(client)
    assert out.error is None
    [landing] = sc.landed
    assert seen[0] == f"{sc.base_url}/chat/completions" and len(seen) == 2  # each hop went through it
    assert landing.headers["x-proxy-team"] == "search"


async def test_a_stream_is_read_as_it_arrives(through_httpx: Make, faults: FaultServer) -> None:
    sc = faults.scenario("slow-stream:0.4")
    client = through_httpx(sc.base_url, timeout=10.0)
    started = time.monotonic()
    stream = await Api.run(client.chat.completions.create(model="m", messages=USER, stream=True))
    first = await anext(stream) if hasattr(stream, "__anext__") else next(stream)
    assert first.choices[0].delta.content is not None
    assert time.monotonic() - started < 1.2  # four chunks 0.4 s apart: the first came alone
    if hasattr(stream, "aclose"):
        await stream.aclose()
    else:
        stream.close()


async def test_a_stalled_server_times_out(through_httpx: Make, faults: FaultServer) -> None:
    sc = faults.scenario("stall-before-headers")
    client = through_httpx(sc.base_url, timeout=Timeout(total=None, read=0.5), max_retries=0)
    out = await call(client)
    assert type(out.error) is openai_core.APITimeoutError, repr(out.error)
    assert 0.4 < out.seconds < 5.0


async def test_the_deadline_bounds_a_stream_that_never_ends(through_httpx: Make, faults: FaultServer) -> None:
    sc = faults.scenario("keepalive:0.05")
    client = through_httpx(sc.base_url, timeout=Timeout(total=None, read=5.0, deadline=1.0))
    out = await call(client, stream=True)
    assert type(out.error) is openai_core.APITimeoutError, repr(out.error)
    assert "deadline" in str(out.error)
    assert 0.9 < out.seconds < 4.0
    assert held(client.http) == 0


async def test_total_bounds_a_trickling_answer(through_httpx: Make, faults: FaultServer) -> None:
    sc = faults.scenario("trickle:0.05")
    client = through_httpx(sc.base_url, timeout=Timeout(total=1.0, read=5.0), max_retries=0)
    out = await call(client)
    assert type(out.error) is openai_core.APITimeoutError, repr(out.error)
    assert 0.9 < out.seconds < 4.0


@pytest.mark.parametrize("status", [302, 303])
async def test_another_origin_gets_no_body_and_no_credentials(
    through_httpx: Make, faults: FaultServer, status: int
) -> None:
    sc = faults.scenario(f"redirect:{status}:other")
    client = through_httpx(sc.base_url, organization="org-x", default_headers={"api-key": "azure-secret"})
    out = await call(client)
    assert out.error is None and out.result.choices[0].message.content == "landed"
    [landing] = sc.landed
    assert landing.port == faults.other_port
    assert (landing.method, landing.body) == ("GET", b"")
    assert not {"authorization", "api-key", "openai-organization"} & set(landing.headers)


async def test_a_body_is_never_carried_to_another_origin(through_httpx: Make, faults: FaultServer) -> None:
    sc = faults.scenario("redirect:307:other")
    client = through_httpx(sc.base_url, max_retries=2)
    out = await call(client)
    assert type(out.error) is openai_core.UnsafeRedirectError, repr(out.error)
    assert sc.landed == [] and sc.hits == 1


async def test_the_same_origin_keeps_the_body(through_httpx: Make, faults: FaultServer) -> None:
    sc = faults.scenario("redirect:307:same")
    client = through_httpx(sc.base_url)
    out = await call(client)
    assert out.error is None
    [landing] = sc.landed
    assert landing.method == "POST" and b'"model"' in landing.body
    assert landing.headers["authorization"] == "Bearer sk-test"


async def test_the_decompressed_body_is_capped(kind: str, faults: FaultServer) -> None:
    sc = faults.scenario("gzip-bomb:64")
    http: Any = httpx2.Client() if kind == "sync" else httpx2.AsyncClient()
    cls = HttpxTransport if kind == "sync" else AsyncHttpxTransport
    client = make_client(kind, base_url=sc.base_url, transport=cls(http, max_body_size=1 << 20), max_retries=0)
    try:
        out = await call(client)
    finally:
        await close_client(client)
        await close_http(http)
    assert type(out.error) is openai_core.ResponseTooLargeError, repr(out.error)


async def test_a_bad_header_is_refused_before_sending(kind: str, faults: FaultServer) -> None:
    sc = faults.scenario("ok")
    request = Request(method="GET", url=f"{sc.base_url}/models", headers={"X-Trace": "a\r\nInjected: yes"})
    http: Any = httpx2.Client() if kind == "sync" else httpx2.AsyncClient()
    transport: Any = HttpxTransport(http) if kind == "sync" else AsyncHttpxTransport(http)
    with pytest.raises(openai_core.InvalidHeaderError) as caught:
        await Api.run(transport.send(request))
    assert "X-Trace" in str(caught.value) and "Injected" not in str(caught.value)
    await close_http(http)
    assert sc.hits == 0


async def test_a_bad_header_of_the_users_client_is_typed(through_httpx: Make, kind: str, faults: FaultServer) -> None:
    sc = faults.scenario("ok")
    settings = {"headers": {"X-Proxy": "a\nInjected: yes"}}
    http = httpx2.Client(**settings) if kind == "sync" else httpx2.AsyncClient(**settings)
    client = through_httpx(sc.base_url, http=http, max_retries=2)
    out = await call(client)
    assert type(out.error) is openai_core.InvalidHeaderError, repr(out.error)
    assert "Injected" not in str(out.error) and out.error.__cause__ is None
    assert sc.hits == 0


async def test_a_refused_connection_is_a_connection_error(through_httpx: Make) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    client = through_httpx(f"http://127.0.0.1:{port}/v1", max_retries=1)
    out = await call(client)
    assert type(out.error) is openai_core.APIConnectionError, repr(out.error)
    assert "ConnectError" in str(out.error)


async def test_a_bad_certificate_is_named(through_httpx: Make, tls_faults: FaultServer) -> None:  # noqa: F811
    sc = tls_faults.scenario("ok")
    client = through_httpx(sc.base_url, max_retries=2)
    out = await call(client)
    assert type(out.error) is openai_core.TLSCertificateError, repr(out.error)
    assert sc.hits == 0


async def test_the_users_client_stays_open_and_a_default_one_is_closed(kind: str, faults: FaultServer) -> None:
    sc = faults.scenario("ok")
    own: Any = httpx2.Client() if kind == "sync" else httpx2.AsyncClient()
    made: Any = openai_core.DefaultHttpx2Client() if kind == "sync" else openai_core.DefaultAsyncHttpx2Client()
    for http in (own, made):
        client = make_client(kind, base_url=sc.base_url, http_client=http)
        copy = client.with_options(timeout=5.0)
        assert (await call(copy)).error is None
        await close_client(copy)
        assert not http.is_closed  # a copy closes nothing
        await close_client(client)
    assert not own.is_closed and made.is_closed
    with pytest.raises(openai_core.ClientClosedError):
        await call_raising(client)
    await close_http(own)


async def call_raising(client: Any) -> None:
    out = await call(client)
    if out.error is not None:
        raise out.error


def test_a_client_of_the_wrong_flavour_is_refused() -> None:
    with httpx2.Client() as sync_http:
        with pytest.raises(
            TypeError, match=r"Invalid `http_client` argument: .*aiohttp.*httpx2\.AsyncClient.*not Client"
        ):
            AsyncClient(api_key="k", http_client=sync_http)
        assert isinstance(Client(api_key="k").copy(http_client=sync_http).transport, HttpxTransport)
    async_http = httpx2.AsyncClient()
    with pytest.raises(TypeError, match=r"Invalid `http_client` argument: .*requests.*httpx2\.Client.*not AsyncClient"):
        Client(api_key="k", http_client=async_http)
    with pytest.raises(TypeError, match=r"not AsyncClient"):
        Client(api_key="k").with_options(http_client=async_http)
    assert isinstance(AsyncClient(api_key="k").with_options(http_client=async_http).transport, AsyncHttpxTransport)


def test_the_users_client_timeout_applies_unless_a_timeout_is_given() -> None:
    with httpx2.Client(timeout=httpx2.Timeout(30.0, connect=2.0)) as http:
        assert Client(api_key="k", http_client=http).timeout == Timeout(total=None, connect=2.0, read=30.0)
        assert Client(api_key="k", http_client=http, timeout=7.0).timeout.read == 7.0
    with httpx2.Client() as http:  # httpx's own default (5 s) is not taken, as in the SDK
        assert Client(api_key="k", http_client=http).timeout == openai_core.DEFAULT_TIMEOUT


async def test_async_websockets_need_the_aiohttp_transport() -> None:
    async with httpx2.AsyncClient() as http:
        transport = AsyncHttpxTransport(http)
        with pytest.raises(openai_core.OpenAIError, match="aiohttp transport"):
            await transport.connect_websocket("ws://127.0.0.1:1/v1/realtime", {})


async def test_a_stream_left_early_frees_its_connection(through_httpx: Make, faults: FaultServer) -> None:
    sc = faults.scenario("slow-stream:0.2")
    client = through_httpx(sc.base_url, timeout=10.0)
    stream = await Api.run(client.chat.completions.create(model="m", messages=USER, stream=True))
    if hasattr(stream, "__aiter__"):
        async with stream:
            await anext(stream)
            assert held(client.http) == 1
    else:
        with stream:
            next(stream)
            assert held(client.http) == 1
    assert held(client.http) == 0


async def test_a_full_pool_ends_in_a_pool_timeout(kind: str, through_httpx: Make, faults: FaultServer) -> None:
    one = httpx2.Limits(max_connections=1)
    http = httpx2.Client(limits=one) if kind == "sync" else httpx2.AsyncClient(limits=one)
    client = through_httpx(faults.scenario("slow-stream:0.5").base_url, http=http, max_retries=0)
    stream = await Api.run(client.chat.completions.create(model="m", messages=USER, stream=True))
    waiting = client.with_options(base_url=faults.scenario("ok").base_url, timeout=Timeout(pool=0.3))
    out = await call(waiting)
    assert type(out.error) is openai_core.PoolTimeoutError, repr(out.error)
    assert out.seconds < 3.0
    await Api.run(stream.aclose() if hasattr(stream, "aclose") else stream.close())


async def test_a_file_upload_is_streamed_with_its_length(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(b'{"prompt": "a"}\n' * (3 * 1024 * 1024 // 16))
    http: Any = httpx2.Client() if kind == "sync" else httpx2.AsyncClient()
    with LocalServer() as server:
        client = make_client(kind, base_url=server.url, http_client=http)
        try:
            uploaded = await Api.run(client.files.create(file=path, purpose="fine-tune"))
        finally:
            await close_client(client)
            await close_http(http)
        [upload] = [r for r in server.requests if r.path == "/v1/files"]
    assert uploaded.bytes == path.stat().st_size
    assert int(upload.headers["content-length"]) > path.stat().st_size
    assert "transfer-encoding" not in upload.headers


async def test_a_legacy_httpx_client_works_the_same(kind: str, faults: FaultServer) -> None:
    import httpx

    http: Any = httpx.Client() if kind == "sync" else httpx.AsyncClient()
    ok, stalled = faults.scenario("ok"), faults.scenario("stall-before-headers")
    client = make_client(kind, base_url=ok.base_url, http_client=http, timeout=5.0)
    try:
        assert (await call(client)).result.choices[0].message.content == "ok"
        out = await call(client, stream=True)
        assert [c.choices[0].delta.content for c in out.chunks] == ["ok", " and", " more"]
        slow = client.with_options(base_url=stalled.base_url, timeout=Timeout(read=0.3), max_retries=0)
        assert type((await call(slow)).error) is openai_core.APITimeoutError
        with pytest.raises(TypeError, match="Invalid `http_client` argument"):
            make_client("async" if kind == "sync" else "sync", http_client=http)
        assert ok.hits == 2 and held(http) == 0
    finally:
        await close_client(client)
        await close_http(http)


async def test_a_dropped_async_stream_frees_its_connection(faults: FaultServer) -> None:
    async with httpx2.AsyncClient() as http:
        client = make_client("async", base_url=faults.scenario("slow-stream:0.2").base_url, http_client=http)
        stream: Any = await client.chat.completions.create(model="m", messages=USER, stream=True)
        assert held(http) == 1  # dropped before its first event
        del stream
        gc.collect()
        for _ in range(50):
            await asyncio.sleep(0.02)
            if held(http) == 0:
                break
        assert held(http) == 0
        await close_client(client)
