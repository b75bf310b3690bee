"""Tests for the embedded fake OpenAI server (``openai_core.testing``)."""

from __future__ import annotations

import asyncio
import base64
import json
import struct
import threading
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest
import requests

from openai_core.testing import LocalServer, ServerState, create_app

AUTH = {"Authorization": "Bearer sk-test"}
WEATHER_PARAMS = {
    "type": "object",
    "properties": {
        "city": {"type": "string"},
        "days": {"type": "integer"},
        "metric": {"type": "boolean"},
        "note": {"type": "string"},
    },
    "required": ["city", "days", "metric"],
}
WEATHER_TOOL = {
    "type": "function",
    "function": {"name": "get_weather", "parameters": WEATHER_PARAMS},
}


@pytest.fixture
def srv() -> Iterator[LocalServer]:
    with LocalServer() as server:
        yield server


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.headers.update(AUTH)
        yield session


def chat(http: requests.Session, srv: LocalServer, **body: Any) -> requests.Response:
    body.setdefault("model", "gpt-4o")
    return http.post(f"{srv.url}/chat/completions", json=body)


def sse_data(text: str) -> list[str]:
    return [line[6:] for line in text.splitlines() if line.startswith("data: ")]


def test_url_and_headers(srv: LocalServer, http: requests.Session) -> None:
    assert srv.url == srv.base_url == f"http://127.0.0.1:{srv.port}/v1"
    first = http.get(f"{srv.url}/models")
    second = http.get(f"{srv.url}/models")
    assert first.headers["x-request-id"] == "req_1"
    assert second.headers["x-request-id"] == "req_2"
    assert second.headers["x-ratelimit-remaining-requests"] == "9998"
    for name in ("limit", "remaining", "reset"):
        assert f"x-ratelimit-{name}-tokens" in second.headers
    assert [r.path for r in srv.requests] == ["/v1/models", "/v1/models"]
    assert srv.requests[0].headers["authorization"] == "Bearer sk-test"
    srv.reset()
    assert srv.requests == []


def test_chat_echo(srv: LocalServer, http: requests.Session) -> None:
    content = [{"type": "text", "text": "hello there"}]
    resp = chat(http, srv, messages=[{"role": "user", "content": content}], n=2)
    assert resp.status_code == 200
    body = resp.json()
    assert body["object"] == "chat.completion"
    assert body["id"].startswith("chatcmpl-")
    assert body["model"] == "gpt-4o"
    assert [c["index"] for c in body["choices"]] == [0, 1]
    choice = body["choices"][0]
    assert choice["message"]["content"] == "Echo: hello there"
    assert choice["finish_reason"] == "stop"
    usage = body["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert srv.requests[0].json()["n"] == 2


def test_chat_tool_call_then_tool_result(srv: LocalServer, http: requests.Session) -> None:
    messages: list[dict[str, Any]] = [{"role": "user", "content": "weather?"}]
    resp = chat(http, srv, messages=messages, tools=[WEATHER_TOOL]).json()
    choice = resp["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["content"] is None
    (call,) = choice["message"]["tool_calls"]
    assert call["id"].startswith("call_")
    assert call["type"] == "function"
    assert call["function"]["name"] == "get_weather"
    arguments = json.loads(call["function"]["arguments"])
    assert arguments == {"city": "example", "days": 1, "metric": True}

    messages += [
        choice["message"],
        {"role": "tool", "tool_call_id": call["id"], "content": "sunny"},
    ]
    resp = chat(http, srv, messages=messages, tools=[WEATHER_TOOL]).json()
    assert resp["choices"][0]["message"]["content"] == "Echo: sunny"
    assert resp["choices"][0]["finish_reason"] == "stop"


def test_chat_stream_framing(srv: LocalServer, http: requests.Session) -> None:
    resp = chat(
        http,
        srv,
        messages=[{"role": "user", "content": "one two three"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    assert resp.headers["content-type"].startswith("text/event-stream")
    assert resp.text.endswith("data: [DONE]\n\n")
    events = sse_data(resp.text)
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert chunks[0]["choices"][0]["delta"] == {
        "role": "assistant",
        "content": "",
        "refusal": None,
    }
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == "Echo: one two three"
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"]["completion_tokens"] == 4


def test_chat_stream_tool_call(srv: LocalServer, http: requests.Session) -> None:
    resp = chat(
        http,
        srv,
        messages=[{"role": "user", "content": "weather?"}],
        tools=[WEATHER_TOOL],
        stream=True,
    )
    chunks = [json.loads(e) for e in sse_data(resp.text)[:-1]]
    deltas = [c["choices"][0]["delta"] for c in chunks]
    head = deltas[0]["tool_calls"][0]
    assert head["function"] == {"name": "get_weather", "arguments": ""}
    fragments = [d["tool_calls"][0]["function"]["arguments"] for d in deltas[1:-1]]
    assert 2 <= len(fragments) <= 3
    assert json.loads("".join(fragments))["city"] == "example"
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_responses_echo_and_function_call(srv: LocalServer, http: requests.Session) -> None:
    resp = http.post(f"{srv.url}/responses", json={"model": "gpt-4o", "input": "hi"})
    body = resp.json()
    assert body["object"] == "response"
    assert body["status"] == "completed"
    assert body["id"].startswith("resp_")
    (item,) = body["output"]
    assert item["type"] == "message"
    assert item["content"][0]["text"] == "Echo: hi"
    assert body["usage"]["total_tokens"] == 3

    tool = {"type": "function", "name": "lookup", "parameters": WEATHER_PARAMS}
    body = {"model": "gpt-4o", "input": [{"role": "user", "content": "x"}]}
    out = http.post(f"{srv.url}/responses", json={**body, "tools": [tool]}).json()
    (call,) = out["output"]
    assert call["type"] == "function_call"
    assert call["name"] == "lookup"
    assert call["id"].startswith("fc_") and call["call_id"].startswith("call_")
    result = {
        "type": "function_call_output",
        "call_id": call["call_id"],
        "output": "42",
    }
    body["input"] += [call, result]
    out = http.post(f"{srv.url}/responses", json={**body, "tools": [tool]}).json()
    assert out["output"][0]["content"][0]["text"] == "Echo: 42"


def test_responses_stream_events(srv: LocalServer, http: requests.Session) -> None:
    resp = http.post(
        f"{srv.url}/responses",
        json={"model": "gpt-4o", "input": "a b c", "stream": True},
    )
    blocks = [b for b in resp.text.split("\n\n") if b]
    names = [b.splitlines()[0].removeprefix("event: ") for b in blocks]
    payloads = [json.loads(b.splitlines()[1].removeprefix("data: ")) for b in blocks]
    assert [p["type"] for p in payloads] == names
    assert [p["sequence_number"] for p in payloads] == list(range(len(payloads)))
    deltas = names.count("response.output_text.delta")
    assert deltas >= 2
    assert names == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        *["response.output_text.delta"] * deltas,
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    text = "".join(p["delta"] for p in payloads if "delta" in p)
    assert text == payloads[-1]["response"]["output"][0]["content"][0]["text"]
    assert "[DONE]" not in resp.text


def test_embeddings_dimensions_and_base64(srv: LocalServer, http: requests.Session) -> None:
    url = f"{srv.url}/embeddings"
    body = {"model": "text-embedding-3-small", "input": ["a", "b"]}
    default = http.post(url, json=body).json()
    assert default["object"] == "list"
    assert [len(d["embedding"]) for d in default["data"]] == [1536, 1536]
    floats = http.post(url, json={**body, "dimensions": 8}).json()["data"][0]
    assert floats["object"] == "embedding" and len(floats["embedding"]) == 8
    assert all(-1 <= v <= 1 for v in floats["embedding"])
    encoded = http.post(url, json={**body, "dimensions": 8, "encoding_format": "base64"}).json()["data"][0]["embedding"]
    decoded = struct.unpack("<8f", base64.b64decode(encoded))
    assert list(decoded) == floats["embedding"]


def test_models(srv: LocalServer, http: requests.Session) -> None:
    listing = http.get(f"{srv.url}/models").json()
    assert listing["object"] == "list"
    assert {"id", "object", "created", "owned_by"} <= set(listing["data"][0])
    assert http.get(f"{srv.url}/models/gpt-4o").json()["id"] == "gpt-4o"
    deleted = http.delete(f"{srv.url}/models/gpt-4o").json()
    assert deleted == {"id": "gpt-4o", "object": "model", "deleted": True}
    missing = http.get(f"{srv.url}/models/gpt-4o")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "model_not_found"


def test_files_upload_list_content_delete(http: requests.Session) -> None:
    state = ServerState()
    seeded = [state.add_file(f"f{i}.jsonl", b"{}\n", "batch") for i in range(5)]
    with LocalServer(state) as srv:
        data = bytes(range(256)) * 4
        up = http.post(
            f"{srv.url}/files",
            files={"file": ("data.bin", data)},
            data={"purpose": "assistants"},
        ).json()
        assert up["object"] == "file" and up["id"].startswith("file-")
        assert (up["bytes"], up["filename"], up["status"]) == (
            1024,
            "data.bin",
            "processed",
        )
        assert srv.requests[-1].headers["content-type"].startswith("multipart/form-data")

        got = http.get(f"{srv.url}/files/{up['id']}/content")
        assert got.headers["content-type"] == "application/octet-stream"
        assert got.content == data
        assert http.get(f"{srv.url}/files/{up['id']}").json() == up

        ids: list[str] = []
        params: dict[str, Any] = {"limit": 2, "order": "asc", "purpose": "batch"}
        while True:
            page = http.get(f"{srv.url}/files", params=params).json()
            ids += [f["id"] for f in page["data"]]
            assert page["last_id"] == page["data"][-1]["id"]
            if not page["has_more"]:
                break
            params["after"] = page["last_id"]
        assert ids == [f.id for f in seeded]
        newest = http.get(f"{srv.url}/files", params={"limit": 1}).json()
        assert newest["first_id"] == up["id"] and newest["has_more"]

        gone = http.delete(f"{srv.url}/files/{up['id']}").json()
        assert gone == {"id": up["id"], "object": "file", "deleted": True}
        assert http.get(f"{srv.url}/files/{up['id']}").status_code == 404


def test_errors(srv: LocalServer, http: requests.Session) -> None:
    anonymous = requests.post(f"{srv.url}/chat/completions", json={})
    assert anonymous.status_code == 401
    assert anonymous.json()["error"] == {
        "message": anonymous.json()["error"]["message"],
        "type": "invalid_request_error",
        "param": None,
        "code": "invalid_api_key",
    }
    assert anonymous.headers["x-request-id"] == "req_1"

    unknown = http.get(f"{srv.url}/nothing")
    assert unknown.status_code == 404 and "error" in unknown.json()

    bad_json = http.post(f"{srv.url}/chat/completions", data=b"{nope")
    assert bad_json.status_code == 400
    missing = chat(http, srv, model=None)
    assert missing.status_code == 400
    assert missing.json()["error"]["param"] == "model"
    missing = chat(http, srv)
    assert missing.json()["error"]["param"] == "messages"


def test_fail_next_is_fifo_and_used_once(srv: LocalServer, http: requests.Session) -> None:
    srv.fail_next(429, headers={"retry-after": "0"})
    srv.fail_next(500, body="boom")
    srv.fail_next(503, body={"error": {"message": "custom"}})
    first = http.get(f"{srv.url}/models")
    assert first.status_code == 429
    assert first.headers["retry-after"] == "0"
    assert first.json()["error"]["code"] == "rate_limit_exceeded"
    assert first.headers["x-request-id"] == "req_1"
    second = http.get(f"{srv.url}/models")
    assert (second.status_code, second.text) == (500, "boom")
    third = http.get(f"{srv.url}/models")
    assert third.json() == {"error": {"message": "custom"}}
    assert http.get(f"{srv.url}/models").status_code == 200
    assert len(srv.requests) == 4


def test_stream_cut(srv: LocalServer, http: requests.Session) -> None:
    srv.fail_next_stream_cut(after_events=2)
    body = {"model": "m", "messages": [{"role": "user", "content": "a b c d"}]}
    resp = http.post(f"{srv.url}/chat/completions", json={**body, "stream": True}, stream=True)
    received: list[bytes] = []
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        received.extend(line for line in resp.iter_lines() if line)
    assert len(received) == 2
    # The fault is consumed: the next stream is complete.
    again = chat(http, srv, messages=[{"role": "user", "content": "a"}], stream=True)
    assert again.text.endswith("data: [DONE]\n\n")


def test_stream_error(srv: LocalServer, http: requests.Session) -> None:
    srv.fail_next_stream_error(1, "overloaded", code="overloaded")
    resp = chat(http, srv, messages=[{"role": "user", "content": "a"}], stream=True)
    events = sse_data(resp.text)
    assert len(events) == 2
    assert json.loads(events[1])["error"]["code"] == "overloaded"
    assert "[DONE]" not in resp.text

    srv.fail_next_stream_error(3)
    resp = http.post(f"{srv.url}/responses", json={"model": "m", "input": "a", "stream": True})
    last = resp.text.strip().split("\n\n")[-1].splitlines()
    assert last[0] == "event: error"
    assert json.loads(last[1].removeprefix("data: "))["sequence_number"] == 3


def test_async_server_with_aiohttp_client() -> None:
    async def main() -> None:
        async with LocalServer() as srv, aiohttp.ClientSession(headers=AUTH) as s:
            body = {"model": "m", "messages": [{"role": "user", "content": "hey"}]}
            for _ in range(2):  # keep-alive connection reuse
                async with s.post(f"{srv.url}/chat/completions", json=body) as r:
                    reply = await r.json()
                assert reply["choices"][0]["message"]["content"] == "Echo: hey"
            srv.fail_next_stream_cut(1)
            async with s.post(f"{srv.url}/chat/completions", json={**body, "stream": True}) as r:
                with pytest.raises(aiohttp.ClientPayloadError):
                    await r.read()
            async with s.post(f"{srv.url}/chat/completions", json={**body, "stream": True}) as r:
                assert (await r.text()).endswith("data: [DONE]\n\n")

    threads = threading.active_count()
    asyncio.run(main())
    assert threading.active_count() == threads


def test_threaded_stop_joins_thread() -> None:
    before = threading.active_count()
    server = LocalServer().start()
    assert threading.active_count() == before + 1
    server.stop()
    server.stop()
    assert threading.active_count() == before


def test_create_app_shares_state() -> None:
    state = ServerState()
    app = create_app(state)
    assert any(r.resource is not None and r.resource.canonical == "/v1/chat/completions" for r in app.router.routes())
