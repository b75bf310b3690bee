"""`.with_raw_response` and `.with_streaming_response`: the raw answer, with `parse()` running
the plain call's own parse path; on both clients, the client and every resource, every transport."""

from __future__ import annotations

import contextlib
import datetime
import functools
import inspect
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import attrs
import pytest

from openai_core import (
    APIResponse,
    AsyncAPIResponse,
    AsyncClient,
    AsyncPage,
    AsyncStream,
    Client,
    HttpxBinaryResponseContent,
    LegacyAPIResponse,
    NotFoundError,
    RateLimitError,
    Stream,
    SyncPage,
)
from openai_core._raw_response import ResponseContextManager
from openai_core.testing import LocalServer
from openai_core.types.chat import ChatCompletion
from tests.conftest import Api, close_client, make_client
from transports import AsyncMockTransport, MockResponse, MockTransport

MSGS = [{"role": "user", "content": "Hi"}]
CHAT = {"model": "gpt-4o-mini", "messages": MSGS}


@contextlib.asynccontextmanager
async def entered(api: Api, manager: Any) -> AsyncIterator[Any]:
    """``with`` on the sync client, ``async with`` on the async one."""
    if api.kind == "sync":
        with manager as response:
            yield response
    else:
        async with manager as response:
            yield response


async def test_raw_response_shows_the_http_answer_and_parses_like_the_plain_call(api: Api) -> None:
    plain = await api.run(api.client.chat.completions.create(**CHAT))
    raw = await api.run(api.client.chat.completions.with_raw_response.create(**CHAT))
    assert isinstance(raw, LegacyAPIResponse)
    assert raw.status_code == 200 and raw.is_closed is True and raw.retries_taken == 0
    assert raw.request_id is not None and raw.request_id == raw.headers["x-request-id"]
    assert raw.method == "POST" and raw.url.endswith("/v1/chat/completions")
    assert raw.http_request.headers["X-Stainless-Lang"] == "python"
    assert isinstance(raw.elapsed, datetime.timedelta) and raw.elapsed.total_seconds() > 0
    assert raw.rate_limits.remaining_requests is not None

    result = raw.parse()
    assert type(result) is type(plain) is ChatCompletion
    assert result.choices[0].message.content == plain.choices[0].message.content == "Echo: Hi"
    assert result._request_id == raw.request_id
    assert raw.parse() is result  # parsed once
    assert isinstance(raw.parse(to=dict), dict) and raw.parse(to=dict)["object"] == "chat.completion"


async def test_raw_response_body_accessors(api: Api) -> None:
    raw = await api.run(api.client.chat.completions.with_raw_response.create(**CHAT))
    assert raw.json()["choices"][0]["message"]["content"] == "Echo: Hi"
    assert raw.content == raw.read() and raw.text == raw.content.decode()
    pieces = list(raw.iter_bytes(7))
    assert b"".join(pieces) == raw.content and max(map(len, pieces)) == 7
    assert "".join(raw.iter_text()) == raw.text
    assert "\n".join(raw.iter_lines()) == raw.text.rstrip("\n")
    with raw as same:
        assert same is raw
    assert raw.is_closed


async def test_client_level_and_resource_level_paths_are_the_same(api: Api) -> None:
    via_client = await api.run(api.client.with_raw_response.models.retrieve("gpt-4o-mini"))
    via_resource = await api.run(api.client.models.with_raw_response.retrieve("gpt-4o-mini"))
    assert via_client.parse().id == via_resource.parse().id == "gpt-4o-mini"
    assert via_client.url == via_resource.url and via_client.method == "GET"
    embedded = await api.run(api.client.with_raw_response.embeddings.create(model="text-embedding-3-small", input="x"))
    assert len(embedded.parse().data) == 1
    # The plain client is untouched by its raw copies.
    assert type(await api.run(api.client.models.retrieve("gpt-4o-mini"))).__name__ == "Model"


async def test_retries_taken_counts_the_retries(api: Api, server: LocalServer) -> None:
    server.fail_next(500, headers={"retry-after": "0"})
    server.fail_next(502, headers={"retry-after": "0"})
    raw = await api.run(api.client.chat.completions.with_raw_response.create(**CHAT))
    assert raw.retries_taken == 2 and raw.parse().choices[0].message.content == "Echo: Hi"


async def test_streaming_response_is_open_until_left_and_parses(api: Api) -> None:
    manager = api.client.chat.completions.with_streaming_response.create(**CHAT)
    async with entered(api, manager) as response:
        assert isinstance(response, APIResponse if api.kind == "sync" else AsyncAPIResponse)
        assert response.is_closed is False and response.status_code == 200
        assert response.http_request.headers["X-Stainless-Lang"] == "python"
        result = await api.run(response.parse())
        assert isinstance(result, ChatCompletion) and result.choices[0].message.content == "Echo: Hi"
        assert result._request_id == response.request_id
    assert response.is_closed is True


async def test_streaming_response_body_methods(api: Api) -> None:
    async with entered(api, api.client.with_streaming_response.models.list()) as response:
        text = await api.run(response.text())
        assert json.loads(text) == await api.run(response.json())
        assert (await api.run(response.read())).decode() == text
        page = await api.run(response.parse())
        assert isinstance(page, SyncPage if api.kind == "sync" else AsyncPage)
        assert "gpt-4o-mini" in [m.id for m in page.data]
    async with entered(api, api.client.models.with_streaming_response.list()) as response:
        lines = await api.collect(response.iter_lines())
        assert json.loads("".join(lines))["object"] == "list"
    async with entered(api, api.client.models.with_streaming_response.list()) as response:
        chunks = await api.collect(response.iter_bytes(5))
        assert all(len(c) == 5 for c in chunks[:-1]) and json.loads(b"".join(chunks))["object"] == "list"
    assert response.is_closed


def _counted(pulled: list[int]) -> Iterator[bytes]:
    body = json.dumps({"object": "model", "id": "m", "created": 1, "owned_by": "me"}).encode()
    for i in range(0, len(body), 10):
        pulled.append(i)
        yield body[i : i + 10]


def test_streaming_response_reads_the_body_only_as_consumed_sync() -> None:
    pulled: list[int] = []
    transport = MockTransport(
        lambda req: MockResponse(headers={"content-type": "application/json"}, body=_counted(pulled))
    )
    client = Client(api_key="k", transport=transport)
    with client.models.with_streaming_response.retrieve("m") as response:
        assert pulled == [] and transport.open_streams == 1
        first = next(response.iter_bytes())
        assert first == b'{"object":'[:10] and len(pulled) == 1
    assert transport.open_streams == 0 and response.is_closed  # the rest was never read
    assert len(pulled) == 1
    with client.models.with_streaming_response.retrieve("m") as response:
        assert response.parse().owned_by == "me" and transport.open_streams == 0


async def test_streaming_response_reads_the_body_only_as_consumed_async() -> None:
    pulled: list[int] = []
    transport = AsyncMockTransport(
        lambda req: MockResponse(headers={"content-type": "application/json"}, body=_counted(pulled))
    )
    client = AsyncClient(api_key="k", transport=transport)
    async with client.models.with_streaming_response.retrieve("m") as response:
        assert pulled == [] and transport.open_streams == 1
        first = await anext(response.iter_bytes())
        assert first == b'{"object":'[:10] and len(pulled) == 1
    assert transport.open_streams == 0 and response.is_closed
    assert len(pulled) == 1
    async with client.with_streaming_response.models.retrieve("m") as response:
        assert (await response.parse()).owned_by == "me" and transport.open_streams == 0


async def test_a_stream_through_a_raw_response(api: Api) -> None:
    raw = await api.run(api.client.with_raw_response.chat.completions.create(**CHAT, stream=True))
    assert raw.status_code == 200 and raw.headers["content-type"].startswith("text/event-stream")
    stream = raw.parse()
    assert isinstance(stream, Stream if api.kind == "sync" else AsyncStream)
    chunks = await api.collect(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Echo: Hi"
    assert stream.response.request_id == raw.request_id == stream._request_id


async def test_a_stream_through_a_streaming_response(api: Api) -> None:
    manager = api.client.responses.with_streaming_response.create(model="gpt-4o-mini", input="Hi", stream=True)
    async with entered(api, manager) as response:
        assert not response.is_closed
        stream = await api.run(response.parse())
        events = await api.collect(stream)
        assert events[-1].type == "response.completed"
    assert response.is_closed


async def test_list_through_raw_response_parses_to_a_page_that_pages_on(api: Api) -> None:
    ids = set()
    for name in ("a.txt", "b.txt", "c.txt"):
        ids.add((await api.run(api.client.files.create(file=(name, b"x"), purpose="assistants"))).id)
    raw = await api.run(api.client.files.with_raw_response.list(limit=2))
    assert raw.status_code == 200 and raw.url.endswith("limit=2")
    page = raw.parse()
    assert isinstance(page, SyncPage if api.kind == "sync" else AsyncPage)
    assert len(page.data) == 2 and page.has_next_page() and page._request_id == raw.request_id
    following = await api.run(page.get_next_page())
    assert isinstance(following, type(page)) and following.data[0].id not in {f.id for f in page.data}
    pages = await api.collect(page.iter_pages())
    assert len(pages) >= 2 and not pages[-1].has_next_page()
    assert ids <= {f.id for p in pages for f in p.data}


async def test_binary_through_raw_and_streaming_responses(api: Api) -> None:
    created = await api.run(api.client.files.create(file=("f.bin", b"\x00\x01binary"), purpose="assistants"))
    raw = await api.run(api.client.files.with_raw_response.content(created.id))
    assert raw.content == b"\x00\x01binary"
    binary = raw.parse()
    assert isinstance(binary, HttpxBinaryResponseContent) and binary.content == b"\x00\x01binary"
    async with entered(api, api.client.files.with_streaming_response.content(created.id)) as response:
        assert b"".join(await api.collect(response.iter_bytes())) == b"\x00\x01binary"
    # As typed: a streamed binary response parses to the body's bytes (the SDK's StreamedBinaryAPIResponse)
    async with entered(api, api.client.with_streaming_response.files.content(created.id)) as response:
        assert await api.run(response.parse()) == b"\x00\x01binary"


async def test_error_carries_its_raw_response(api: Api, server: LocalServer) -> None:
    server.fail_next(404, body={"error": {"message": "No such model", "code": "model_not_found", "param": "model"}})
    with pytest.raises(NotFoundError) as info:
        await api.run(api.client.models.retrieve("nope"))
    err = info.value
    assert isinstance(err.response, LegacyAPIResponse)
    assert err.response.status_code == 404 and err.response.method == "GET"
    assert err.response.url.endswith("/v1/models/nope") and err.response.request_id == err.request_id
    assert err.response.json()["error"]["code"] == "model_not_found"
    assert err.body == {"message": "No such model", "code": "model_not_found", "param": "model"}
    assert (err.code, err.param) == ("model_not_found", "model")
    with pytest.raises(TypeError, match="error"):
        err.response.parse()


async def test_streaming_response_raises_the_typed_error_on_entering(api: Api, server: LocalServer) -> None:
    client = make_client(api.kind, base_url=server.url, max_retries=0)
    try:
        server.fail_next(429, body={"error": {"message": "slow down", "code": "rate_limit_exceeded"}})
        with pytest.raises(RateLimitError) as info:
            async with entered(api, client.chat.completions.with_streaming_response.create(**CHAT)):
                pytest.fail("entered an error response")
        assert info.value.response.json()["error"]["message"] == "slow down"
    finally:
        await close_client(client)


def _user_transport_answer(request: Any) -> MockResponse:
    return MockResponse.json(
        {"object": "model", "id": "m", "created": 1, "owned_by": "me"}, headers={"x-request-id": "r1"}
    )


def test_user_transport_gets_raw_responses_sync() -> None:
    client = Client(api_key="k", transport=MockTransport(_user_transport_answer))
    raw = client.models.with_raw_response.retrieve("m")
    assert raw.request_id == "r1" and raw.parse().owned_by == "me" and raw.parse()._request_id == "r1"
    assert raw.headers["X-Request-ID"] == raw.headers.get("x-request-id") == "r1" and "Content-Type" in raw.headers
    with client.with_streaming_response.models.retrieve("m") as response:
        assert response.json()["id"] == "m"


async def test_user_transport_gets_raw_responses_async() -> None:
    client = AsyncClient(api_key="k", transport=AsyncMockTransport(_user_transport_answer))
    raw = await client.models.with_raw_response.retrieve("m")
    assert raw.request_id == "r1" and raw.parse().owned_by == "me"
    async with client.with_streaming_response.models.retrieve("m") as response:
        assert (await response.json())["id"] == "m"


async def test_plain_stream_exposes_its_response_and_closes(api: Api) -> None:
    stream = await api.run(api.client.chat.completions.create(**CHAT, stream=True))
    response = stream.response
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    assert response.request_id == stream._request_id is not None
    first = await anext(stream) if api.kind == "async" else next(stream)
    assert first.object == "chat.completion.chunk"
    await api.run(stream.close())
    assert await api.collect(stream) == []


async def test_with_options_keeps_the_streaming_view(api: Api, server: LocalServer) -> None:
    view = api.client.with_streaming_response.models.with_options(default_headers={"X-Trace": "t1"})
    async with entered(api, view.retrieve("gpt-4o-mini")) as response:
        assert not response.is_closed
        assert (await api.run(response.parse())).id == "gpt-4o-mini" and response.is_closed
    assert server.requests[-1].headers["x-trace"] == "t1" and response.is_closed


async def test_streaming_response_to_a_file(api: Api, tmp_path: Any) -> None:
    speech = api.client.audio.speech.with_streaming_response.create(model="gpt-4o-mini-tts", input="Hi", voice="alloy")
    async with entered(api, speech) as response:
        assert not response.is_closed
        await api.run(response.stream_to_file(tmp_path / "hi.audio"))
    assert response.is_closed
    plain = await api.run(api.client.audio.speech.create(model="gpt-4o-mini-tts", input="Hi", voice="alloy"))
    assert (tmp_path / "hi.audio").read_bytes() == plain.content and plain.content


def _resources(root: Any) -> Iterator[tuple[str, Any]]:
    """Every resource reachable from ``root``, with its dotted path."""
    for cls in type(root).__mro__:
        for name, attr in vars(cls).items():
            if isinstance(attr, functools.cached_property) and not name.startswith("_"):
                child = getattr(root, name)
                yield name, child
                for sub, grandchild in _resources(child):
                    yield f"{name}.{sub}", grandchild


def _methods(resource: Any) -> list[str]:
    return sorted(
        name
        for cls in type(resource).__mro__
        if cls.__module__.startswith("openai_core.resources")
        for name, attr in vars(cls).items()
        if inspect.isfunction(attr) and not name.startswith("_")
    )


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_every_resource_and_method_has_both_views(kind: str) -> None:
    client = make_client(kind, base_url="http://127.0.0.1:9")
    seen = 0
    for path, resource in _resources(client):
        raw_view, streaming_view = resource.with_raw_response, resource.with_streaming_response
        assert type(raw_view) is type(resource) and raw_view._client._raw_mode == "raw", path
        for name in _methods(resource):
            assert callable(getattr(raw_view, name)), f"{path}.{name}"
            manager = getattr(streaming_view, name)()
            assert isinstance(manager, ResponseContextManager), f"{path}.{name}"  # nothing sent yet
            seen += 1
        assert getattr(client.with_raw_response, path.split(".")[0]) is not None
    assert seen > 200
    await close_client(client)


@attrs.define
class City:
    name: str
    country: str


async def test_parse_helpers_through_raw_and_streaming_views(api: Api) -> None:
    raw = await api.run(api.client.chat.completions.with_raw_response.parse(**CHAT, response_format=City))
    assert isinstance(raw, LegacyAPIResponse) and raw.status_code == 200
    parsed = raw.parse()
    assert isinstance(parsed.choices[0].message.parsed, City) and parsed._request_id == raw.request_id
    raw = await api.run(api.client.responses.with_raw_response.parse(model="gpt-4o-mini", input="x", text_format=City))
    assert isinstance(raw.parse().output_parsed, City)
    manager = api.client.with_streaming_response.responses.parse(model="gpt-4o-mini", input="x", text_format=City)
    async with entered(api, manager) as response:
        assert not response.is_closed
        assert isinstance((await api.run(response.parse())).output_parsed, City)
    chat = api.client.chat.completions.with_streaming_response.parse(**CHAT, response_format=City)
    async with entered(api, chat) as response:
        assert not response.is_closed and response.status_code == 200
        assert isinstance((await api.run(response.parse())).choices[0].message.parsed, City)
    assert response.is_closed
    manager = api.client.responses.with_streaming_response.parse(model="gpt-4o-mini", input="x", text_format=City)
    async with entered(api, manager) as response:
        assert isinstance((await api.run(response.parse())).output_parsed, City)
    beta = await api.run(api.client.beta.chat.completions.with_raw_response.parse(**CHAT, response_format=City))
    assert isinstance(beta.parse().choices[0].message.parsed, City)


async def test_async_streaming_view_refuses_a_plain_with() -> None:
    transport = AsyncMockTransport(_user_transport_answer)
    client = AsyncClient(api_key="k", transport=transport)
    with pytest.raises(TypeError, match="async with"), client.models.with_streaming_response.retrieve("m"):
        pytest.fail("entered")
    assert transport.requests == []


def _empty_answer(request: Any) -> MockResponse:
    return MockResponse(status=200, headers={"x-request-id": "r2"}, body=b"")


def test_a_body_less_operation_gives_its_raw_response_sync() -> None:
    client = Client(api_key="k", transport=MockTransport(_empty_answer))
    assert client.responses.delete("resp_1") is None
    raw = client.responses.with_raw_response.delete("resp_1")
    assert isinstance(raw, LegacyAPIResponse)
    assert raw.status_code == 200 and raw.request_id == "r2" and raw.parse() is None
    with client.responses.with_streaming_response.delete("resp_1") as response:
        assert isinstance(response, APIResponse) and response.parse() is None
    assert response.is_closed


async def test_a_body_less_operation_gives_its_raw_response_async() -> None:
    client = AsyncClient(api_key="k", transport=AsyncMockTransport(_empty_answer))
    assert await client.responses.delete("resp_1") is None
    raw = await client.responses.with_raw_response.delete("resp_1")
    assert isinstance(raw, LegacyAPIResponse)
    assert raw.status_code == 200 and raw.request_id == "r2" and raw.parse() is None
    async with client.responses.with_streaming_response.delete("resp_1") as response:
        assert isinstance(response, AsyncAPIResponse) and await response.parse() is None
    assert response.is_closed


async def test_a_streams_response_closes_as_the_sdks_does(api: Api) -> None:
    stream = await api.run(api.client.chat.completions.create(**CHAT, stream=True))
    if api.kind == "async":
        await stream.response.aclose()  # the SDK's async streams have httpx's aclose()
    else:
        stream.response.close()
    assert stream.response.is_closed
