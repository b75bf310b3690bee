"""The constructor's keywords as the official SDK names them, and ``copy()``/``with_options()``
taking every one of them, on both clients."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

import openai_core
from openai_core import AsyncClient, AsyncOpenAI, Client, OpenAI
from openai_core.testing import LocalServer
from tests.conftest import FAST_RETRIES, Api, close_client, make_client

pytestmark = pytest.mark.timeout(60)

USER = [{"role": "user", "content": "Hi"}]


def test_the_sdk_names_are_the_same_classes() -> None:
    assert OpenAI is Client and AsyncOpenAI is AsyncClient
    assert openai_core.OpenAI is Client and openai_core.AsyncOpenAI is AsyncClient


async def test_api_key_function_is_asked_before_each_request(api: Api, server: LocalServer) -> None:
    keys = (f"sk-fresh-{i}" for i in itertools.count(1))
    client = make_client(api.kind, api_key=lambda: next(keys), base_url=server.url)
    try:
        await Api.run(client.models.list())
        await Api.run(client.chat.completions.create(model="m", messages=USER))
    finally:
        await close_client(client)
    assert [r.headers["authorization"] for r in server.requests] == ["Bearer sk-fresh-1", "Bearer sk-fresh-2"]


async def test_async_client_awaits_an_async_api_key_function(server: LocalServer) -> None:
    calls = []

    async def fresh_key() -> str:
        calls.append(1)
        return f"sk-async-{len(calls)}"

    async with AsyncClient(api_key=fresh_key, base_url=server.url, retry_policy=FAST_RETRIES) as client:
        await client.models.list()
        await client.embeddings.create(model="m", input="x")
    assert [r.headers["authorization"] for r in server.requests] == ["Bearer sk-async-1", "Bearer sk-async-2"]


async def test_sync_client_refuses_an_async_api_key_function(server: LocalServer) -> None:
    async def fresh_key() -> str:
        return "sk-never"

    refused = pytest.raises(openai_core.OpenAIError, match="AsyncClient")
    with Client(api_key=fresh_key, base_url=server.url) as client, refused:
        client.models.list()
    assert server.requests == []


async def test_api_key_function_returning_nothing_is_an_error(api: Api, server: LocalServer) -> None:
    client = make_client(api.kind, api_key=lambda: "", base_url=server.url)
    try:
        with pytest.raises(openai_core.OpenAIError, match="api_key function returned"):
            await Api.run(client.models.list())
    finally:
        await close_client(client)
    assert server.requests == []


@pytest.mark.parametrize("cls", [Client, AsyncClient])
@pytest.mark.parametrize("keyword", ["workload_identity", "provider"])
def test_sdk_keywords_we_do_not_support_are_refused_by_name(cls: Any, keyword: str) -> None:
    with pytest.raises(TypeError, match=keyword):
        cls(api_key="sk-x", **{keyword: object()})
    client = cls(api_key="sk-x")
    with pytest.raises(TypeError, match=keyword):
        client.with_options(**{keyword: object()})


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_data_residency_selects_the_regional_endpoint(cls: Any) -> None:
    assert cls(api_key="k", data_residency="eu").base_url == "https://eu.api.openai.com/v1"
    assert cls(api_key="k").with_options(data_residency="us").base_url == "https://us.api.openai.com/v1"
    with pytest.raises(TypeError, match="data_residency"):
        cls(api_key="k", data_residency="eu", base_url="https://gateway.example/v1")
    with pytest.raises(ValueError, match="data_residency"):
        cls(api_key="k", data_residency="mars")


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_missing_credentials_may_be_allowed(cls: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_ADMIN_KEY", raising=False)
    with pytest.raises(openai_core.OpenAIError, match="No API key"):
        cls()
    assert cls(_enforce_credentials=False).base_url == "https://api.openai.com/v1"


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_admin_api_key_from_argument_and_environment(cls: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-env")
    assert cls().config.headers(admin=True)["Authorization"] == "Bearer sk-admin-env"
    client = cls(api_key="sk-user", admin_api_key="sk-admin-arg")
    assert client.config.headers(admin=True)["Authorization"] == "Bearer sk-admin-arg"
    assert client.config.headers()["Authorization"] == "Bearer sk-user"
    with pytest.raises(TypeError, match="admin_key"):
        cls(admin_key="sk-old-name")


async def test_copy_with_another_key_and_base_url_shares_the_connections(api: Api, server: LocalServer) -> None:
    client = api.client
    other_url = server.url.replace("127.0.0.1", "localhost")
    copy = client.copy(api_key="sk-other", base_url=other_url, organization="org-2", project="proj-2")
    assert copy.transport is client.transport
    assert client.with_options is not None and type(client).copy is type(client).with_options
    await Api.run(copy.models.list())
    await Api.run(client.models.list())
    first, second = server.requests
    assert first.headers["authorization"] == "Bearer sk-other"
    assert first.headers["host"].startswith("localhost:")
    assert first.headers["openai-organization"] == "org-2" and first.headers["openai-project"] == "proj-2"
    assert second.headers["authorization"] == "Bearer sk-test" and "openai-organization" not in second.headers
    assert copy.base_url == other_url and client.base_url == server.url


async def test_copy_adds_or_replaces_default_headers_and_query(api: Api, server: LocalServer) -> None:
    base = api.client.with_options(default_headers={"X-A": "1"}, default_query={"a": "1"})
    added = base.with_options(default_headers={"X-B": "2"}, default_query={"b": "2"})
    replaced = base.with_options(set_default_headers={"X-C": "3"}, set_default_query={"c": "3"})
    for client in (added, replaced):
        await Api.run(client.models.list())
    first, second = server.requests
    assert first.headers["x-a"] == "1" and first.headers["x-b"] == "2" and first.query == {"a": "1", "b": "2"}
    assert second.headers["x-c"] == "3" and "x-a" not in second.headers and second.query == {"c": "3"}
    assert second.headers["authorization"] == "Bearer sk-test"
    with pytest.raises(TypeError, match="set_default_headers"):
        base.with_options(default_headers={"X": "1"}, set_default_headers={"Y": "2"})
    with pytest.raises(TypeError, match="set_default_query"):
        base.with_options(default_query={"x": "1"}, set_default_query={"y": "2"})


async def test_copy_changes_timeout_and_retries_of_the_copy_only(api: Api, server: LocalServer) -> None:
    no_retries = api.client.copy(max_retries=0, timeout=12.5)
    server.fail_next(500)
    with pytest.raises(openai_core.InternalServerError):
        await Api.run(no_retries.models.list())
    assert len(server.requests) == 1
    server.fail_next(500)
    await Api.run(api.client.models.list())  # the original still retries
    assert len(server.requests) == 3
    assert server.requests[-1].headers["authorization"] == "Bearer sk-test"
    with pytest.raises(TypeError, match="max_retries"):
        api.client.copy(max_retries=-1)


async def test_resource_with_options_takes_the_client_keywords(api: Api, server: LocalServer) -> None:
    models = api.client.models.with_options(api_key="sk-resource", default_headers={"X-Scope": "models"})
    await Api.run(models.list())
    sent = server.requests[-1]
    assert sent.headers["authorization"] == "Bearer sk-resource" and sent.headers["x-scope"] == "models"


async def test_copy_with_its_own_transport_does_not_close_the_original(api: Api, server: LocalServer) -> None:
    copy = api.client.copy(http_client=None, transport=None, base_url=server.url)
    assert copy.transport is api.client.transport
    own = make_client(api.kind, base_url=server.url)
    mine = api.client.copy(transport=own.transport)
    assert mine.transport is own.transport and mine.transport is not api.client.transport
    await Api.run(mine.models.list())
    await close_client(own)


async def test_websocket_base_url_is_where_realtime_connects(api: Api, server: LocalServer) -> None:
    ws_url = server.url.replace("http://", "ws://")
    client = make_client(api.kind, base_url="http://127.0.0.1:9/v1", websocket_base_url=ws_url)
    assert client.websocket_base_url == ws_url
    try:
        if api.kind == "sync":
            with client.realtime.connect(model="gpt-realtime") as conn:
                first = conn.recv()
        else:
            async with await client.realtime.connect(model="gpt-realtime") as conn:
                first = await conn.recv()
    finally:
        await close_client(client)
    assert first is not None and first.type == "session.created"
    assert server.requests[-1].path == "/v1/realtime"


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_config_and_settings_together_are_refused(cls: Any) -> None:
    config = openai_core.Config(api_key="k")
    with pytest.raises(TypeError, match="default_headers"):
        cls(config=config, default_headers={"X": "1"})
    client = cls(config=config)
    with pytest.raises(TypeError, match="api_key"):
        client.with_options(config=config, api_key="other")


BROKEN_CHAT = {
    "id": "c1",
    "object": "chat.completion",
    "model": "m",
    "choices": [{"finish_reason": "stop", "logprobs": None, "message": {"role": "assistant", "content": "hi"}}],
}


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_strict_response_validation_refuses_missing_required_fields(kind: str) -> None:
    from transports import AsyncMockTransport, MockResponse, MockTransport

    def answer(request: Any) -> MockResponse:
        return MockResponse.json(BROKEN_CHAT, headers={"x-request-id": "req_strict"})

    mock = MockTransport if kind == "sync" else AsyncMockTransport
    lenient = make_client(kind, transport=mock(answer))
    reply = await Api.run(lenient.chat.completions.create(model="m", messages=USER))
    assert reply.created is None and reply.choices[0].index is None
    strict = make_client(kind, transport=mock(answer), _strict_response_validation=True)
    with pytest.raises(openai_core.APIDecodeError) as caught:
        await Api.run(strict.chat.completions.create(model="m", messages=USER))
    message = str(caught.value)
    assert "lacks required fields: created" in message and caught.value.request_id == "req_strict"
    assert "index" not in message  # nested objects stay lenient, as the SDK's types are there
    again = lenient.with_options(_strict_response_validation=True)
    with pytest.raises(openai_core.APIDecodeError):
        await Api.run(again.chat.completions.create(model="m", messages=USER))


async def test_strict_response_validation_accepts_complete_answers(api: Api, server: LocalServer) -> None:
    strict = api.client.copy(_strict_response_validation=True)
    reply = await Api.run(strict.chat.completions.create(model="m", messages=USER))
    assert reply.choices[0].message.content == "Echo: Hi"
    page = await Api.run(strict.models.list())
    assert page.data
    response = await Api.run(strict.responses.create(model="m", input="Hi"))
    assert response.status == "completed"
    vectors = await Api.run(strict.embeddings.create(model="m", input="x"))
    assert vectors.data[0].embedding


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_settings_are_readable_as_in_the_sdk(cls: Any) -> None:
    client = cls(api_key="sk-a", admin_api_key="sk-adm", project="proj-1", webhook_secret="whsec_x", max_retries=4)
    assert (client.api_key, client.admin_api_key, client.project) == ("sk-a", "sk-adm", "proj-1")
    assert client.webhook_secret == "whsec_x" and client.max_retries == 4 and client.timeout.total == 600.0
    copy = client.copy(api_key="sk-b", max_retries=1, timeout=5.0)
    assert (copy.api_key, copy.max_retries, copy.timeout.total) == ("sk-b", 1, 5.0)
    assert client.api_key == "sk-a" and client.max_retries == 4
    assert cls(api_key=lambda: "sk-later").api_key is None  # a key function is asked only when sending


def test_http_client_must_be_the_session_of_the_transport() -> None:
    import aiohttp
    import requests

    class HttpxLike:
        def request(self, *args: Any, **kwargs: Any) -> None: ...

    with pytest.raises(
        TypeError,
        match=r"Invalid `http_client` argument: it must be a requests\.Session or an httpx2\.Client "
        r"\(or httpx\.Client\), not HttpxLike",
    ):
        Client(api_key="k", http_client=HttpxLike())
    with pytest.raises(TypeError, match=r"it must be an aiohttp\.ClientSession or an httpx2\.AsyncClient"):
        AsyncClient(api_key="k", http_client=requests.Session())
    with pytest.raises(TypeError, match=r"it must be a requests\.Session"):
        Client(api_key="k").copy(http_client=HttpxLike())
    assert hasattr(aiohttp.ClientSession, "ws_connect") and hasattr(requests.Session, "mount")


async def test_default_aiohttp_client_is_a_session_the_async_client_uses_and_closes(server: LocalServer) -> None:
    session = openai_core.DefaultAioHttpClient()
    async with AsyncOpenAI(api_key="sk-test", base_url=server.url, http_client=session) as client:
        await client.with_options(timeout=5).models.list()  # a copy leaves the session open
        assert not session.closed
    assert session.closed  # the SDK's clients close their default HTTP clients too
    assert server.requests[-1].path == "/v1/models"
    unused = openai_core.DefaultAioHttpClient()
    await AsyncOpenAI(api_key="sk-test", base_url=server.url, http_client=unused).close()
    assert unused.closed  # even when it sent nothing


async def test_a_session_of_your_own_stays_open(server: LocalServer) -> None:
    import aiohttp

    session = aiohttp.ClientSession()
    try:
        async with AsyncOpenAI(api_key="sk-test", base_url=server.url, http_client=session) as client:
            await client.models.list()
        assert not session.closed  # the client never closes a session you opened
    finally:
        await session.close()


async def test_realtime_sessions_ask_the_api_key_function_too(api: Api, server: LocalServer) -> None:
    keys = iter(["sk-rt-1", "sk-rt-2"])

    async def async_key() -> str:
        return next(keys)

    key: Any = (lambda: next(keys)) if api.kind == "sync" else async_key
    client = make_client(api.kind, api_key=key, base_url=server.url)
    try:
        for _ in range(2):
            if api.kind == "sync":
                with client.realtime.connect(model="gpt-realtime") as conn:
                    conn.recv()
            else:
                async with await client.realtime.connect(model="gpt-realtime") as conn:
                    await conn.recv()
    finally:
        await close_client(client)
    assert [r.headers["authorization"] for r in server.requests] == ["Bearer sk-rt-1", "Bearer sk-rt-2"]


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_an_httpx_timeout_as_the_sdk_takes_it(cls: Any) -> None:
    import httpx2

    client = cls(api_key="k", timeout=httpx2.Timeout(60.0, read=5.0, write=10.0, connect=2.0))
    assert (client.timeout.connect, client.timeout.read, client.timeout.total) == (2.0, 5.0, None)
    assert client.copy(timeout=httpx2.Timeout(None)).timeout.read is None
    with pytest.raises(TypeError, match="positive number"):
        cls(api_key="k", timeout=httpx2.Timeout(-1.0))


async def test_custom_headers_from_the_environment(
    api: Api, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_CUSTOM_HEADERS", "X-Team: search\nX-Env:  prod \r\nnot a header\n")
    client = make_client(api.kind, base_url=server.url, default_headers={"X-Env": "explicit"})
    try:
        await Api.run(client.models.list())
    finally:
        await close_client(client)
    sent = server.requests[-1].headers
    assert sent["x-team"] == "search" and sent["x-env"] == "explicit" and "not a header" not in str(sent)
