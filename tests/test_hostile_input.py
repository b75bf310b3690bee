"""Hostile input, on both clients against real local servers: path parameters that would change
the route, keys and headers that cannot travel (and never leak), injected multipart part
headers, mislabelled bodies, and async Azure token providers."""

from __future__ import annotations

import json
import logging
import pickle
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

import openai_core
from openai_core import AsyncClient, AzureConfig, Client, InvalidHeaderError, OpenAIError
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from tests.scripted import ScriptedServer, fixed

CHAT = {
    "id": "c",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "logprobs": None,
            "message": {"role": "assistant", "content": "hi", "refusal": None},
        }
    ],
}
MESSAGES = [{"role": "user", "content": "x"}]


@pytest.fixture(scope="module")
def scripted() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def made(kind: str) -> AsyncIterator[list[Any]]:
    """Clients a test makes; closed at teardown."""
    clients: list[Any] = []
    yield clients
    for client in clients:
        await close_client(client)


def new_client(kind: str, made: list[Any], **kwargs: Any) -> Any:
    client = make_client(kind, **kwargs)
    made.append(client)
    return client


# ---- 1. path parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["..", ".", ""])
async def test_dot_segments_and_empty_path_parameters_are_refused(api: Api, server: LocalServer, value: str) -> None:
    files = api.client.vector_stores.files
    with pytest.raises(ValueError, match="`vector_store_id`"):
        await api.run(files.delete("file-abc", vector_store_id=value))
    with pytest.raises(ValueError, match="`file_id`"):
        await api.run(api.client.files.delete(value))
    with pytest.raises(ValueError, match="`file_id`"):
        await api.run(files.delete(value, vector_store_id="vs_1"))
    assert server.requests == []  # refused before anything was sent


async def test_other_characters_stay_percent_encoded(scripted: ScriptedServer, kind: str, made: list[Any]) -> None:
    url = scripted.route(fixed(200, b'{"id": "x", "object": "file", "deleted": true}', "application/json"))
    client = new_client(kind, made, base_url=url)
    for value in ("...", "a/../b", "%2e%2e", "?x#y", "./"):
        await Api.run(client.files.delete(value))
    paths = [seen.raw_path.split("/v1", 1)[1] for seen in scripted.seen(url)]
    assert paths == ["/files/...", "/files/a%2F..%2Fb", "/files/%252e%252e", "/files/%3Fx%23y", "/files/.%2F"]


@pytest.mark.parametrize("model", ["..", "."])
async def test_azure_model_cannot_move_the_deployment_segment(scripted: ScriptedServer, kind: str, model: str) -> None:
    url = scripted.route(fixed(200, json.dumps(CHAT).encode(), "application/json"))
    config = AzureConfig(endpoint=url.removesuffix("/v1"), api_version="v", api_key="az-key")
    client: Any = Client(config=config) if kind == "sync" else AsyncClient(config=config)
    try:
        with pytest.raises(ValueError, match="`model`"):
            await Api.run(client.chat.completions.create(model=model, messages=MESSAGES))
        with pytest.raises(ValueError, match="`deployment`"):
            AzureConfig(endpoint=url.removesuffix("/v1"), api_version="v", api_key="k", deployment=model)
        await Api.run(client.chat.completions.create(model="a/b", messages=MESSAGES))
    finally:
        await close_client(client)
    prefix = urlsplit(url).path.removesuffix("/v1")
    sent = [seen.raw_path.split("?")[0] for seen in scripted.seen(url)]
    assert sent == [f"{prefix}/openai/deployments/a%2Fb/chat/completions"]


# ---- 2. keys and headers that cannot travel ---------------------------------------------------------

SECRET = "sk-proj-SECRETvalue0123456789"
BAD_KEYS = [
    SECRET + "\n",
    " " + SECRET,
    SECRET + "\r\nX-Evil: 1",
    SECRET[:-1] + "\u2013",
    SECRET + "\x00",
    SECRET + "\x85",
]


def renderings(secret: str) -> list[str]:
    """Every way a key could show in text: raw, without its whitespace, repr- and JSON-escaped."""
    return [secret, secret.strip(), repr(secret)[1:-1], json.dumps(secret)[1:-1], SECRET[:-1]]


def assert_hidden(error: BaseException, secret: str) -> None:
    texts = [str(error), repr(error), repr(error.args), str(error.__cause__), str(error.__context__)]
    texts.append(repr(pickle.loads(pickle.dumps(error)).args))
    for text in texts:
        for shown in renderings(secret):
            assert shown not in text, (shown, text)


@pytest.mark.parametrize("key", BAD_KEYS)
def test_bad_keys_are_refused_without_quoting_them(key: str, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="openai_core")
    cls = Client if kind == "sync" else AsyncClient
    for settings in ({"api_key": key}, {"admin_api_key": key}, {"api_key": "sk-ok", "admin_api_key": key}):
        with pytest.raises(InvalidHeaderError) as caught:
            cls(base_url="http://127.0.0.1:9/v1", **settings)
        assert isinstance(caught.value, OpenAIError) and not isinstance(caught.value, openai_core.APIConnectionError)
        assert_hidden(caught.value, key)
    for settings in ({"api_key": key}, {"azure_ad_token": key}):
        with pytest.raises(InvalidHeaderError) as caught:
            AzureConfig(endpoint="http://127.0.0.1:9", api_version="v", **settings)
        assert_hidden(caught.value, key)
    assert SECRET[:-1] not in caplog.text


def test_bad_key_from_the_environment(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET + "\n")
    with pytest.raises(InvalidHeaderError, match="API key") as caught:
        Client() if kind == "sync" else AsyncClient()
    assert_hidden(caught.value, SECRET + "\n")


@pytest.mark.parametrize(
    "settings",
    [
        {"organization": "org-1\r\nX-Evil: 1"},
        {"project": "proj_1\n"},
        {"default_headers": {"X-Api-Key": SECRET + "\n"}},
        {"default_headers": {"X-Bad\r\nName": "v"}},
        {"default_headers": {"X-Trace": "caf\u00e9 \u2603"}},
    ],
)
def test_organization_project_and_default_headers_with_line_breaks(settings: dict[str, Any], kind: str) -> None:
    cls = Client if kind == "sync" else AsyncClient
    with pytest.raises(InvalidHeaderError) as caught:
        cls(api_key="sk-ok", base_url="http://127.0.0.1:9/v1", **settings)
    assert SECRET not in str(caught.value) and "X-Evil" not in str(caught.value)


async def test_bad_extra_headers_are_refused_before_sending(
    api: Api, server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for headers in ({"X-Api-Key": SECRET + "\r\nX-Evil: 1"}, {"X-Evil\n": "1"}):
        with pytest.raises(InvalidHeaderError) as caught:
            await api.run(api.client.models.list(extra_headers=headers))
        assert_hidden(caught.value, SECRET + "\r\nX-Evil: 1")
    with pytest.raises(InvalidHeaderError):
        await api.run(api.client.with_options(default_headers={"X-Trace": "a\nb"}).models.list())
    assert server.requests == []
    assert "retrying" not in caplog.text and SECRET not in caplog.text  # refused, never retried


# ---- 14. Azure token providers -------------------------------------------------------------------


async def test_async_token_provider_is_awaited_for_each_request(scripted: ScriptedServer) -> None:
    url = scripted.route(fixed(200, json.dumps(CHAT).encode(), "application/json"))
    calls = 0

    async def provider() -> str:
        nonlocal calls
        calls += 1
        return f"entra-{calls}"

    config = AzureConfig(endpoint=url.removesuffix("/v1"), api_version="v", azure_ad_token_provider=provider)
    async with AsyncClient(config=config) as client:
        for _ in range(2):
            reply = await client.chat.completions.create(model="dep", messages=MESSAGES)
            assert reply.choices[0].message.content == "hi"
    assert [seen.headers["Authorization"] for seen in scripted.seen(url)] == ["Bearer entra-1", "Bearer entra-2"]


def test_async_token_provider_on_the_blocking_client_is_a_clear_error(
    scripted: ScriptedServer, recwarn: pytest.WarningsRecorder
) -> None:
    url = scripted.route(fixed(200, json.dumps(CHAT).encode(), "application/json"))

    async def provider() -> str:
        return "entra"

    config = AzureConfig(endpoint=url.removesuffix("/v1"), api_version="v", azure_ad_token_provider=provider)
    with Client(config=config) as client, pytest.raises(OpenAIError, match="AsyncClient"):
        client.chat.completions.create(model="dep", messages=MESSAGES)
    assert scripted.seen(url) == []
    assert not [w for w in recwarn if "never awaited" in str(w.message)]


@pytest.mark.parametrize("token", [SECRET + "\n", SECRET[:-1] + "\u2013", ""])
async def test_bad_provider_tokens_are_refused_sync_and_async(scripted: ScriptedServer, kind: str, token: str) -> None:
    url = scripted.route(fixed(200, json.dumps(CHAT).encode(), "application/json"))

    async def async_provider() -> str:
        return token

    provider: Any = (lambda: token) if kind == "sync" else async_provider
    config = AzureConfig(endpoint=url.removesuffix("/v1"), api_version="v", azure_ad_token_provider=provider)
    client: Any = Client(config=config) if kind == "sync" else AsyncClient(config=config)
    try:
        with pytest.raises(OpenAIError) as caught:
            await Api.run(client.chat.completions.create(model="dep", messages=MESSAGES))
    finally:
        await close_client(client)
    assert not isinstance(caught.value, openai_core.APIConnectionError)
    if token:
        assert isinstance(caught.value, InvalidHeaderError)
        assert_hidden(caught.value, token)
    assert scripted.seen(url) == []


# ---- 4. multipart part headers ----------------------------------------------------------------------


async def test_multipart_content_type_and_field_names_cannot_inject(api: Api, server: LocalServer) -> None:
    files = api.client.files
    with pytest.raises(InvalidHeaderError, match="content type"):
        await api.run(files.create(file=("a.jsonl", b"{}", "text/plain\r\nX-Evil: 1"), purpose="batch"))
    with pytest.raises(InvalidHeaderError, match="field name"):
        await api.run(files.create(file=("a.jsonl", b"{}"), purpose="batch", extra_body={'x"\r\nX-Evil: 1': "v"}))
    with pytest.raises(InvalidHeaderError, match="field name"):
        await api.run(files.create(file=("a.jsonl", b"{}"), purpose="batch", extra_body={"x\n": ("b.txt", b"1")}))
    assert server.requests == []
    done = await api.run(files.create(file=("a b.jsonl", b"{}", "application/jsonl"), purpose="batch"))
    assert done.filename == "a b.jsonl"


# ---- 8. mislabelled bodies --------------------------------------------------------------------------


@pytest.mark.parametrize("ctype", ["text/html", "text/plain", "text/plain; charset=utf-8", "application/octet-stream"])
async def test_json_labelled_as_text_is_parsed(
    scripted: ScriptedServer, kind: str, made: list[Any], ctype: str
) -> None:
    url = scripted.route(fixed(200, json.dumps(CHAT).encode(), ctype))
    client = new_client(kind, made, base_url=url)
    reply = await Api.run(client.chat.completions.create(model="m", messages=MESSAGES))
    assert reply.choices[0].message.content == "hi"


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (b"<html><body>Service Unavailable</body></html>", "text/html"),
        (b"upstream connect error", "text/plain"),
        (b"", "text/plain"),
    ],
)
async def test_non_json_body_is_a_decode_error(
    scripted: ScriptedServer, kind: str, made: list[Any], body: bytes, ctype: str
) -> None:
    url = scripted.route(fixed(200, body, ctype))
    client = new_client(kind, made, base_url=url)
    with pytest.raises(openai_core.APIDecodeError) as caught:
        await Api.run(client.chat.completions.create(model="m", messages=MESSAGES))
    assert caught.value.status_code == 200
    assert caught.value.body == body
    assert "HTTP 200" in str(caught.value) and body[:12].decode() in str(caught.value)


async def test_text_transcripts_stay_text(scripted: ScriptedServer, kind: str, made: list[Any]) -> None:
    url = scripted.route(fixed(200, b"42", "text/plain"))
    client = new_client(kind, made, base_url=url)
    transcript = await Api.run(
        client.audio.transcriptions.create(file=("a.wav", b"RIFF"), model="whisper-1", response_format="text")
    )
    assert transcript == "42"
    url = scripted.route(fixed(200, b"hello there", "text/plain"))
    client = new_client(kind, made, base_url=url)
    srt = await Api.run(client.audio.translations.create(file=("a.wav", b"RIFF"), model="w", response_format="srt"))
    assert srt == "hello there"
    with pytest.raises(openai_core.APIDecodeError):  # JSON was asked for: text is not a transcript object
        await Api.run(client.audio.transcriptions.create(file=("a.wav", b"RIFF"), model="whisper-1"))


class AsyncTokenConfig:
    """A gateway's provider whose headers come from an async source (a token service)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.calls = 0

    async def _fresh(self) -> dict[str, str]:
        self.calls += 1
        return {"Authorization": f"Bearer gateway-{self.calls}"}

    def headers(self, *, admin: bool = False) -> Any:
        return self._fresh()

    def query(self) -> dict[str, Any]:
        return {}


async def test_any_provider_may_make_its_headers_asynchronously(server: LocalServer) -> None:
    config = AsyncTokenConfig(server.url)
    async with AsyncClient(config=config) as client:
        assert [m.id async for m in client.models.list()]
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        assert [c async for c in stream]
    assert [r.headers["authorization"] for r in server.requests] == ["Bearer gateway-1", "Bearer gateway-2"]
    with Client(config=AsyncTokenConfig(server.url)) as sync_client, pytest.raises(OpenAIError, match="AsyncClient"):
        sync_client.models.list()
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/v1\r\nX-Evil: 1", "http://127.0.0.1:9/v1\n", "http://127.0.0.1:9/a b"]
)
def test_a_base_url_with_line_breaks_or_spaces_is_refused(url: str, kind: str) -> None:
    cls = Client if kind == "sync" else AsyncClient
    with pytest.raises(OpenAIError, match="base_url") as caught:
        cls(api_key="sk-ok", base_url=url)
    assert "X-Evil" not in str(caught.value)
    with pytest.raises(OpenAIError, match="base_url"):
        AzureConfig(endpoint=url, api_version="v", api_key="k")
