"""Bring your own types: raw JSON, your own classes, and endpoints the spec lacks
(OpenAI-compatible servers such as vLLM, Ollama or LiteLLM, with their quirks)."""

from __future__ import annotations

import dataclasses
from typing import Any

import attrs
import pytest

import openai_core
from openai_core.testing import LocalServer
from tests.conftest import Api
from transports import AsyncMockTransport, MockResponse, MockTransport

pytestmark = pytest.mark.timeout(30)

MESSAGES = [{"role": "user", "content": "hello"}]


@attrs.define
class MyMessage:
    role: str
    content: str


@attrs.define
class MyChoice:
    index: int
    message: MyMessage


@dataclasses.dataclass
class MyCompletion:
    id: str
    choices: list[MyChoice]


async def test_request_returns_raw_json_by_default(api: Api, server: LocalServer) -> None:
    data = await api.run(api.client.request("POST", "/chat/completions", body={"model": "m", "messages": MESSAGES}))
    assert isinstance(data, dict) and data["choices"][0]["message"]["content"] == "Echo: hello"
    assert server.requests[-1].headers["authorization"] == "Bearer sk-test"


async def test_request_into_your_own_classes(api: Api) -> None:
    reply = await api.run(
        api.client.request("POST", "/chat/completions", body={"model": "m", "messages": MESSAGES}, cast_to=MyCompletion)
    )
    assert isinstance(reply, MyCompletion) and isinstance(reply.choices[0].message, MyMessage)
    assert reply.choices[0].message.content == "Echo: hello"


async def test_a_class_that_does_not_fit_is_a_typed_error(api: Api) -> None:
    @attrs.define
    class NeedsName:
        name: str

    with pytest.raises(openai_core.APIDecodeError, match="NeedsName"):
        await api.run(api.client.request("GET", "/models/gpt-4o", cast_to=NeedsName))


async def test_request_streams(api: Api) -> None:
    stream = await api.run(
        api.client.request("POST", "/chat/completions", body={"model": "m", "messages": MESSAGES}, stream=True)
    )
    chunks = await Api.collect(stream)
    assert all(isinstance(c, dict) for c in chunks)
    assert "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"]) == "Echo: hello"


async def test_unknown_endpoint_is_a_typed_error(api: Api) -> None:
    with pytest.raises(openai_core.NotFoundError):
        await api.run(api.client.request("POST", "/rerank", body={"query": "x"}))


async def test_with_options_cast_to_dict_gives_raw_json_everywhere(api: Api) -> None:
    raw = api.client.with_options(cast_to=dict)
    reply = await api.run(raw.chat.completions.create(model="m", messages=MESSAGES))
    assert isinstance(reply, dict) and reply["object"] == "chat.completion"
    models = [m async for m in _items(api, raw.models.list())]
    assert models and all(isinstance(m, dict) for m in models)
    typed = await api.run(
        api.client.chat.completions.with_options(cast_to=MyCompletion).create(model="m", messages=MESSAGES)
    )
    assert isinstance(typed, MyCompletion)


async def _items(api: Api, pager: Any) -> Any:
    if api.kind == "async":
        async for item in pager:
            yield item
    else:
        for item in pager:
            yield item


COMPATIBLE_REPLY = {  # what some OpenAI-compatible servers send: no `object`, "" finish_reason, extras
    "id": "cmpl-1",
    "created": 1,
    "model": "llama",
    "choices": [
        {
            "index": 0,
            "finish_reason": "",
            "message": {"role": "assistant", "content": "42", "reasoning_content": "thought about it"},
        }
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2, "prompt_tokens_details": None},
}


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_openai_compatible_quirks_pass(kind: str) -> None:
    answer = MockResponse.json(COMPATIBLE_REPLY)
    transport: Any = MockTransport(lambda r: answer) if kind == "sync" else AsyncMockTransport(lambda r: answer)
    cls: Any = openai_core.Client if kind == "sync" else openai_core.AsyncClient
    client = cls(api_key="k", base_url="http://127.0.0.1:1/v1", transport=transport)
    reply = await Api.run(client.chat.completions.create(model="llama", messages=MESSAGES))
    assert type(reply).__name__ == "ChatCompletion"
    assert reply.object == "chat.completion"  # missing: the constant fills in, no crash
    choice = reply.choices[0]
    assert choice.finish_reason == "" and choice.message.content == "42"
    assert choice.message.reasoning_content == "thought about it"
    assert reply.to_dict()["choices"][0]["message"]["reasoning_content"] == "thought about it"
