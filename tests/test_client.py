"""The first slice of the API end to end, on both clients, against the embedded server."""

from __future__ import annotations

import io
import json

import pytest

import openai_core
from openai_core.testing import LocalServer
from tests.conftest import Api

pytestmark = pytest.mark.timeout(30)

USER = [{"role": "user", "content": "Hello there"}]
TOOL = {
    "type": "function",
    "function": {
        "name": "lookup",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


async def test_chat_completion(api: Api, server: LocalServer) -> None:
    reply = await api.run(api.client.chat.completions.create(model="gpt-4o-mini", messages=USER))
    assert reply.choices[0].message.content == "Echo: Hello there"
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    assert reply._request_id == server.requests[-1].request_id
    assert reply._response.rate_limits.limit_requests is not None
    sent = server.requests[-1]
    assert sent.headers["authorization"] == "Bearer sk-test"
    assert sent.json() == {"model": "gpt-4o-mini", "messages": USER}


async def test_chat_stream_yields_typed_chunks(api: Api) -> None:
    stream = await api.run(api.client.chat.completions.create(model="m", messages=USER, stream=True))
    chunks = await api.collect(stream)
    assert all(type(c).__name__ == "ChatCompletionChunk" for c in chunks)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "Echo: Hello there"
    assert chunks[-1].choices[0].finish_reason == "stop"


async def test_chat_tool_call(api: Api) -> None:
    reply = await api.run(api.client.chat.completions.create(model="m", messages=USER, tools=[TOOL]))
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    call = choice.message.tool_calls[0]
    assert call.function.name == "lookup"
    assert json.loads(call.function.arguments) == {"city": "example"}


async def test_responses_stream_events(api: Api) -> None:
    stream = await api.run(api.client.responses.create(model="m", input="Hi you", stream=True))
    events = await api.collect(stream)
    kinds = [e.type for e in events]
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    assert "".join(e.delta for e in events if e.type == "response.output_text.delta") == "Echo: Hi you"
    assert [e.sequence_number for e in events] == sorted(e.sequence_number for e in events)


async def test_responses_create(api: Api) -> None:
    response = await api.run(api.client.responses.create(model="m", input="Hi"))
    assert response.status == "completed"
    assert response.output[0].content[0].text == "Echo: Hi"


async def test_embeddings(api: Api) -> None:
    result = await api.run(api.client.embeddings.create(model="e", input=["a", "b"], dimensions=8))
    assert [d.index for d in result.data] == [0, 1]
    assert all(len(d.embedding) == 8 and isinstance(d.embedding[0], float) for d in result.data)


async def test_models_retrieve_list_delete(api: Api, server: LocalServer) -> None:
    server.state.models["ft:doomed"] = 1
    listed = [m.id async for m in _aiter(api, api.client.models.list())]
    assert "ft:doomed" in listed and "gpt-4o-mini" in listed
    model = await api.run(api.client.models.retrieve("gpt-4o-mini"))
    assert model.id == "gpt-4o-mini" and model.object == "model"
    deleted = await api.run(api.client.models.delete("ft:doomed"))
    assert deleted.deleted is True and deleted.id == "ft:doomed"
    with pytest.raises(openai_core.NotFoundError) as info:
        await api.run(api.client.models.retrieve("ft:doomed"))
    assert info.value.status_code == 404
    assert [r.path for r in server.requests[-2:]] == ["/v1/models/ft:doomed"] * 2


async def _aiter(api: Api, pager: object):  # type: ignore[no-untyped-def]
    if api.kind == "async":
        async for item in pager:  # type: ignore[attr-defined]
            yield item
    else:
        for item in pager:  # type: ignore[attr-defined]
            yield item


async def test_files_upload_download_and_paginate(api: Api, server: LocalServer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.jsonl"
    path.write_bytes(b'{"a": 1}\n')
    uploads = [path, b"raw bytes", io.BytesIO(b"file object"), ("named.txt", b"tuple")]
    ids = []
    for upload in uploads:
        created = await api.run(api.client.files.create(file=upload, purpose="assistants"))
        ids.append(created.id)
    assert server.requests[0].headers["content-type"].startswith("multipart/form-data; boundary=")
    content = await api.run(api.client.files.content(ids[0]))
    assert content.content == b'{"a": 1}\n' and content.read() == bytes(content) == content == b'{"a": 1}\n'
    server.reset()
    seen = [f.id async for f in _aiter(api, api.client.files.list(limit=2))]
    assert set(ids) <= set(seen) and len(seen) == len(set(seen))
    assert len(server.requests) == -(-len(seen) // 2)  # one request per page of two


async def test_files_pages_fetched_lazily(api: Api, server: LocalServer) -> None:
    for n in range(5):
        server.state.add_file(f"f{n}.txt", b"x", "assistants")
    server.reset()
    first = await api.run(api.client.files.list(limit=2, order="asc"))
    assert len(first.data) == 2 and first.has_more
    assert len(server.requests) == 1
    server.reset()
    seen = [f.id async for f in _aiter(api, api.client.files.list(limit=2, order="asc"))]
    assert len(seen) == len(set(seen)) >= 5
    afters = [r.query.get("after") for r in server.requests]
    assert afters == [None, *seen[1:-1:2][: len(afters) - 1]]  # each page starts after the last id


async def test_embeddings_travel_as_base64_but_arrive_as_floats(api: Api, server: LocalServer) -> None:
    from openai_core.testing import embed

    result = await api.run(api.client.embeddings.create(model="e", input="hello", dimensions=4))
    assert server.requests[-1].json()["encoding_format"] == "base64"
    assert result.data[0].embedding == pytest.approx(embed("hello", 4), rel=1e-6)
    explicit = await api.run(
        api.client.embeddings.create(model="e", input="hello", dimensions=4, encoding_format="float")
    )
    assert server.requests[-1].json()["encoding_format"] == "float"
    assert explicit.data[0].embedding == embed("hello", 4)
