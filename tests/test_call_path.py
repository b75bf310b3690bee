"""The per-call fast paths send and read exactly what the general ones do: generated methods
send only the arguments given, plain JSON bodies are encoded as they are, and the aiohttp
transport's whole-body read keeps its limits."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import attrs
import pytest
from aiohttp import web

import openai_core
from openai_core import NOT_GIVEN, APITimeoutError, InvalidHeaderError, Request, ResponseTooLargeError, Timeout
from openai_core._fill import filler
from openai_core._models import Model
from openai_core._request import _json_body, _make_request
from openai_core._response import ResponseInfo, _make_info
from openai_core.testing import LocalServer
from openai_core.types.chat import ChatCompletionFunctionTool
from tests.conftest import Api
from transports import AiohttpTransport, RequestsTransport
from transports._aiohttp import _client_timeout
from transports.mock import AsyncMockTransport, MockResponse, MockTransport

CHAT = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}
USER = [{"role": "user", "content": "x"}]


def _recording(kind: str) -> tuple[Any, list[Request]]:
    seen: list[Request] = []

    def answer(request: Request) -> MockResponse:
        seen.append(request)
        return MockResponse.json(CHAT)

    transport: Any = MockTransport(answer) if kind == "sync" else AsyncMockTransport(answer)
    client = (openai_core.Client if kind == "sync" else openai_core.AsyncClient)(api_key="k", transport=transport)
    return client, seen


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_only_the_given_arguments_are_sent_in_the_spec_order(kind: str) -> None:
    client, seen = _recording(kind)
    await Api.run(client.chat.completions.create(model="m", messages=USER))
    assert seen[-1].body == b'{"messages":[{"role":"user","content":"x"}],"model":"m"}'
    await Api.run(client.chat.completions.create(model="m", messages=USER, temperature=None, seed=NOT_GIVEN, n=2))
    assert list(json.loads(seen[-1].body)) == ["temperature", "messages", "model", "n"]
    assert json.loads(seen[-1].body)["temperature"] is None  # an explicit None is sent as null


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_required_argument_passed_as_not_given_is_left_out(kind: str) -> None:
    client, seen = _recording(kind)
    await Api.run(client.chat.completions.create(model=NOT_GIVEN, messages=USER))  # type: ignore[call-overload]
    assert json.loads(seen[-1].body) == {"messages": USER}


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_query_parameters_not_given_are_left_out(kind: str) -> None:
    client, seen = _recording(kind)
    await Api.run(client.chat.completions.messages.list("c1", limit=5))
    assert seen[-1].url.endswith("/chat/completions/c1/messages?limit=5")


@attrs.define(kw_only=True)
class Note(Model):
    text: str
    tags: list[str] | None = None


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"a": [1, "é", None, True, 2.5], "b": {"c": (1, 2)}}, '{"a":[1,"é",null,true,2.5],"b":{"c":[1,2]}}'),
        ({"bias": {50256: -100}}, '{"bias":{"50256":-100}}'),
        ({"note": Note(text="t")}, '{"note":{"text":"t"}}'),
        ({"nested": {"keep": 1, "drop": NOT_GIVEN}}, '{"nested":{"keep":1}}'),
        (
            {"tool": ChatCompletionFunctionTool(function={"name": "f"}), "after": [Note(text="u", tags=["x"])]},
            '{"tool":{"type":"function","function":{"name":"f"}},"after":[{"text":"u","tags":["x"]}]}',
        ),
    ],
)
def test_json_bodies_are_the_same_whether_plain_or_converted(fields: dict[str, Any], expected: str) -> None:
    assert _json_body(fields) == expected.encode()


def test_the_filled_request_and_response_info_are_the_ones_init_makes() -> None:
    t = Timeout(total=5.0)
    made = _make_request("POST", "http://h/v1/x", {"A": "b"}, b"{}", True, t)
    assert made == Request(method="POST", url="http://h/v1/x", headers={"A": "b"}, body=b"{}", stream=True, timeout=t)
    with pytest.raises(AttributeError):
        made.url = "http://elsewhere"  # type: ignore[misc]
    info = _make_info(201, {"x-request-id": "req_1"}, "req_1")
    assert info == ResponseInfo(status_code=201, headers={"x-request-id": "req_1"}, request_id="req_1")


def test_filler_refuses_a_class_whose_init_does_more_than_store() -> None:
    @attrs.define
    class Checked:
        n: int = attrs.field(validator=attrs.validators.instance_of(int))

    @attrs.define
    class Hooked:
        n: int

        def __attrs_post_init__(self) -> None:
            self.n += 1

    for cls in (Checked, Hooked):
        with pytest.raises(TypeError, match="does more than store"):
            filler(cls)


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_transport_checks_the_headers_of_every_request(kind: str, server: LocalServer) -> None:
    transport: Any = RequestsTransport() if kind == "sync" else AiohttpTransport()
    good = Request(
        method="GET", url=server.url + "/models", headers={"Authorization": "Bearer k"}, timeout=Timeout(total=5.0)
    )
    bad = attrs.evolve(good, headers={"Authorization": "Bearer k\r\nX-Injected: 1"})
    try:
        for _ in range(2):  # the same headers again are checked just as well (async: remembered once valid)
            assert (await Api.run(transport.send(good))).status == 200
            with pytest.raises(InvalidHeaderError):
                await Api.run(transport.send(bad))
    finally:
        await Api.run(transport.close() if kind == "sync" else transport.aclose())
    assert len(server.requests) == 2


def test_aiohttp_limits_per_attempt() -> None:
    t = Timeout(total=30.0, read=60.0, connect=2.0, pool=3.0)
    whole = _client_timeout(t, None, False)
    assert (whole.total, whole.sock_read, whole.sock_connect, whole.connect) == (None, 60.0, 2.0, 5.0)
    whole = _client_timeout(t, 29.5, False)
    assert whole.sock_read is None and whole.total == 29.5  # total ends first
    assert _client_timeout(t, 29.5, True).sock_read == 60.0  # a stream keeps its idle limit
    short_read = _client_timeout(Timeout(total=30.0, read=1.0), 29.5, False)
    assert short_read.sock_read == 1.0


async def _serve(handler: Any) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/v1/chat/completions", handler)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/v1"


async def test_aiohttp_whole_body_keeps_its_read_limit_and_size_cap() -> None:
    async def stalls(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "application/json", "Content-Length": "200"})
        await resp.prepare(request)
        await resp.write(b'{"id": "c",')
        await asyncio.sleep(2)
        return resp

    async def large(request: web.Request) -> web.Response:
        return web.json_response({**CHAT, "pad": "x" * 5000})

    for handler, limits, error in (
        (stalls, {"timeout": Timeout(total=30.0, read=0.3)}, APITimeoutError),
        (stalls, {"timeout": Timeout(total=0.3, read=30.0)}, APITimeoutError),
        (large, {}, ResponseTooLargeError),
    ):
        runner, base = await _serve(handler)
        transport = AiohttpTransport(max_body_size=1000)
        client = openai_core.AsyncClient(api_key="k", base_url=base, max_retries=0, transport=transport, **limits)
        try:
            with pytest.raises(error):
                await client.chat.completions.create(model="m", messages=USER)
        finally:
            await transport.aclose()
            await runner.cleanup()


async def test_aiohttp_whole_body_of_a_declared_length_is_read() -> None:
    async def sized(request: web.Request) -> web.Response:
        return web.json_response({**CHAT, "model": "sized"})

    runner, base = await _serve(sized)
    client = openai_core.AsyncClient(api_key="k", base_url=base, max_retries=0)
    try:
        reply = await client.chat.completions.create(model="m", messages=USER)
        assert reply.model == "sized" and reply._response.headers["content-length"]
    finally:
        await client.aclose()
        await runner.cleanup()


async def test_aiohttp_each_call_keeps_its_own_total_limit() -> None:
    seen = []

    async def slow_after_first(request: web.Request) -> web.Response:
        seen.append(request.path)
        if len(seen) > 1:
            await asyncio.sleep(1.0)
        return web.json_response(CHAT)

    runner, base = await _serve(slow_after_first)
    client = openai_core.AsyncClient(api_key="k", base_url=base, max_retries=0, timeout=Timeout(total=0.3))
    try:
        await client.chat.completions.create(model="m", messages=USER)
        for _ in range(2):  # the limits the first call built still bound the next ones
            with pytest.raises(APITimeoutError):
                await client.chat.completions.create(model="m", messages=USER)
        reply = await client.chat.completions.create(model="m", messages=USER, timeout=Timeout(total=10.0))
        assert reply.id == "c" and len(seen) == 4
    finally:
        await client.aclose()
        await runner.cleanup()
