"""Results with the SDK's conveniences: model_dump/to_dict and friends, building a result from a
dict, Response.output_text, pages, binary results and _request_id; on both clients."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openai_core import AsyncPage, HttpxBinaryResponseContent, SyncPage
from openai_core.testing import LocalServer
from openai_core.types.chat import ChatCompletion
from openai_core.types.moderations import CreateModerationResponseResultsCategories
from openai_core.types.responses import Response
from tests.conftest import Api

COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o-mini",
    "choices": [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hi", "refusal": None}}
    ],
    "brand_new_key": {"nested": [1, 2]},
}


def completion() -> ChatCompletion:
    return ChatCompletion.model_validate(COMPLETION)


def test_build_a_result_from_a_dict() -> None:
    built = completion()
    assert built.choices[0].message.content == "hi" and built.brand_new_key == {"nested": [1, 2]}
    constructed = ChatCompletion.construct(**COMPLETION)
    assert constructed.to_dict() == built.to_dict()
    assert ChatCompletion.model_construct(**COMPLETION).id == "chatcmpl-1"
    assert ChatCompletion.model_validate_json(json.dumps(COMPLETION)).model == "gpt-4o-mini"
    with pytest.raises(TypeError, match="mapping"):
        ChatCompletion.model_validate([1])


def test_to_dict_and_to_json_keep_what_came_back() -> None:
    data = completion().to_dict()
    assert data["brand_new_key"] == {"nested": [1, 2]}  # unknown keys round-trip
    assert "usage" not in data and "system_fingerprint" not in data  # unset fields left out
    assert data["choices"][0]["message"] == {"role": "assistant", "content": "hi", "refusal": None}
    assert "usage" in completion().to_dict(exclude_unset=False)
    assert "refusal" not in completion().to_dict(exclude_none=True)["choices"][0]["message"]
    assert json.loads(completion().to_json()) == data
    assert completion().to_json().startswith('{\n  "')  # indent=2 by default, as the SDK
    assert "\n" not in completion().to_json(indent=None)
    with pytest.raises(ValueError, match="mode"):
        completion().to_dict(mode="yaml")  # type: ignore[arg-type]


def test_model_dump_and_model_dump_json() -> None:
    dumped = completion().model_dump()
    assert dumped["usage"] is None and dumped["choices"][0]["message"]["content"] == "hi"  # every field
    assert "usage" not in completion().model_dump(exclude_unset=True)
    assert "usage" not in completion().model_dump(exclude_none=True)
    assert completion().model_dump(mode="json") == dumped
    assert set(completion().model_dump(include={"id", "model"})) == {"id", "model"}
    assert "choices" not in completion().model_dump(exclude={"choices"})
    assert json.loads(completion().model_dump_json()) == dumped
    assert completion().model_dump_json(indent=4).startswith('{\n    "')
    assert "brand_new_key" in json.loads(completion().model_dump_json(exclude_none=True))


def test_by_alias_uses_the_api_key_names_where_they_differ() -> None:
    obj = CreateModerationResponseResultsCategories.construct(**{"self-harm": True, "hate": False})
    assert obj.self_harm is True
    assert obj.model_dump(by_alias=True, exclude_none=True) == {"self-harm": True, "hate": False}
    assert obj.model_dump(exclude_none=True) == {"self_harm": True, "hate": False}
    assert obj.to_dict(exclude_none=True) == {"self-harm": True, "hate": False}
    assert obj.to_dict(use_api_names=False, exclude_none=True) == {"self_harm": True, "hate": False}


def test_output_text_is_computed() -> None:
    message = {"type": "message", "id": "m", "role": "assistant", "status": "completed"}
    parts = [
        {"type": "output_text", "text": "Hello, ", "annotations": []},
        {"type": "refusal", "refusal": "no"},
        {"type": "output_text", "text": "world", "annotations": []},
    ]
    base = {"id": "r", "object": "response", "created_at": 1, "status": "completed", "model": "m"}
    reasoning = {"type": "reasoning", "id": "rs", "summary": []}
    response = Response.model_validate({**base, "output": [reasoning, {**message, "content": parts}]})
    assert response.output_text == "Hello, world"
    assert Response.model_validate({**base, "output": [reasoning]}).output_text == ""
    assert "output_text" not in response.to_dict()  # computed, not a field


async def test_output_text_of_a_real_response(api: Api) -> None:
    response = await api.run(api.client.responses.create(model="gpt-4o-mini", input="Hi there"))
    assert isinstance(response.output_text, str) and "Hi there" in response.output_text
    assert response._request_id is not None


async def test_pages_with_the_sdk_methods(api: Api) -> None:
    for name in ("p1.txt", "p2.txt", "p3.txt"):
        await api.run(api.client.files.create(file=(name, b"x"), purpose="assistants"))
    page = await api.run(api.client.files.list(limit=2))
    assert isinstance(page, SyncPage if api.kind == "sync" else AsyncPage)
    assert len(page.data) == 2 and page.has_next_page() and page._request_id is not None
    info = page.next_page_info()
    assert info is not None and info.params == {"after": page.data[-1].id}
    following = await api.run(page.get_next_page())
    assert following.data[0].id != page.data[-1].id and following._request_id != page._request_id
    pages = await api.collect(page.iter_pages())
    last = pages[-1]
    assert not last.has_next_page() and last.next_page_info() is None
    with pytest.raises(RuntimeError, match="has_next_page"):
        await api.run(last.get_next_page())


async def test_binary_results(api: Api, tmp_path: Path) -> None:
    payload = json.dumps({"a": 1}).encode()
    created = await api.run(api.client.files.create(file=("d.json", payload), purpose="assistants"))
    content = await api.run(api.client.files.content(created.id))
    assert isinstance(content, HttpxBinaryResponseContent) and content._request_id is not None
    assert content.json() == {"a": 1} and content.content == content.read() == payload
    assert content.text == payload.decode() and b"".join(content.iter_bytes(3)) == payload
    content.stream_to_file(tmp_path / "a.json")
    content.write_to_file(tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes() == payload
    await content.astream_to_file(tmp_path / "c.json")
    assert (tmp_path / "c.json").read_bytes() == await content.aread()


async def test_streamed_binary_results(api: Api, tmp_path: Path) -> None:
    payload = json.dumps({"b": [1, 2]}).encode()
    created = await api.run(api.client.files.create(file=("s.json", payload), purpose="assistants"))
    streamed = api.client.files.with_options(stream_binary=True)
    body = await api.run(streamed.content(created.id))
    assert body._request_id is not None and await api.run(body.json()) == {"b": [1, 2]}
    again = await api.run(streamed.content(created.id))
    await api.run(again.stream_to_file(tmp_path / "s.json"))
    assert (tmp_path / "s.json").read_bytes() == payload


async def test_binary_results_have_the_sdk_methods(api: Api, tmp_path: Path) -> None:
    payload = b'{"price": 1.10}\nline two'
    created = await api.run(api.client.files.create(file=("d.txt", payload), purpose="assistants"))
    content = await api.run(api.client.files.content(created.id))
    assert type(content).__name__ == "HttpxBinaryResponseContent"  # the name the SDK's tests check
    assert list(content.iter_bytes()) == [payload] and next(content.iter_raw(8)) == payload[:8]
    assert list(content.iter_lines()) == ['{"price": 1.10}', "line two"]
    assert [chunk async for chunk in content.aiter_bytes(16)] == list(content.iter_bytes(16))
    assert "".join([text async for text in content.aiter_text()]) == payload.decode()
    assert [line async for line in content.aiter_lines()] == ['{"price": 1.10}', "line two"]
    assert content.encoding == "utf-8" and content.charset_encoding is None
    content.stream_to_file(tmp_path / "a.txt", chunk_size=5)
    await content.astream_to_file(tmp_path / "b.txt", chunk_size=5)
    assert (tmp_path / "a.txt").read_bytes() == (tmp_path / "b.txt").read_bytes() == payload
    await content.aclose()
    with pytest.raises(ValueError):
        content.json()  # two JSON documents: kwargs go to json.loads, errors are its own
    only_json = await api.run(api.client.files.create(file=("p.json", b'{"price": 1.10}'), purpose="assistants"))
    body = await api.run(api.client.files.content(only_json.id))
    from decimal import Decimal

    assert body.json(parse_float=Decimal) == {"price": Decimal("1.10")}


def test_binary_content_reads_the_charset() -> None:
    from openai_core._response import ResponseInfo

    info = ResponseInfo(status_code=200, headers={"content-type": 'text/plain; charset="latin-1"'})
    content = HttpxBinaryResponseContent("café".encode("latin-1"), info)
    assert content.charset_encoding == "latin-1" and content.encoding == "latin-1" and content.text == "café"


async def test_retrieve_content_gives_text_as_the_sdk(api: Api) -> None:
    payload = b"line one\nline two"
    created = await api.run(api.client.files.create(file=("t.txt", payload), purpose="assistants"))
    with pytest.warns(DeprecationWarning):
        text = await api.run(api.client.files.retrieve_content(created.id))
    assert text == payload.decode()
    with pytest.warns(DeprecationWarning):
        raw = await api.run(api.client.files.with_raw_response.retrieve_content(created.id))
    assert raw.parse() == payload.decode()
    with pytest.warns(DeprecationWarning):
        streamed = api.client.files.with_streaming_response.retrieve_content(created.id)
        if api.kind == "sync":
            with streamed as response:
                assert response.parse() == payload.decode()
        else:
            async with streamed as response:
                assert await response.parse() == payload.decode()


async def test_streaming_response_of_a_binary_answer_parses_to_bytes(api: Api) -> None:
    """As the SDK's: ``with_streaming_response`` on a binary endpoint parses to ``bytes``;
    ``with_raw_response`` to the binary content, as the plain call."""
    payload = b"\x00\x01binary"
    created = await api.run(api.client.files.create(file=("b.bin", payload), purpose="assistants"))
    raw = await api.run(api.client.files.with_raw_response.content(created.id))
    assert isinstance(raw.parse(), HttpxBinaryResponseContent) and raw.parse().content == payload
    streamed = api.client.files.with_streaming_response.content(created.id)
    if api.kind == "sync":
        with streamed as response:
            assert not response.is_closed
            parsed = response.parse()
    else:
        async with streamed as response:
            assert not response.is_closed
            parsed = await response.parse()
    assert type(parsed) is bytes and parsed == payload and response.is_closed
    speech = api.client.audio.speech.with_streaming_response.create(model="tts-1", input="hi", voice="alloy")
    if api.kind == "sync":
        with speech as response:
            audio = response.parse()
    else:
        async with speech as response:
            audio = await response.parse()
    assert type(audio) is bytes and len(audio) > 0


async def test_request_id_on_streams(api: Api, server: LocalServer) -> None:
    stream = await api.run(
        api.client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}], stream=True
        )
    )
    await api.collect(stream)
    assert stream._request_id == server.requests[-1].request_id


def test_model_fields_set_tells_null_from_missing() -> None:
    message = completion().choices[0].message
    assert message.refusal is None and "refusal" in message.model_fields_set  # sent as null
    assert message.tool_calls is None and "tool_calls" not in message.model_fields_set  # not sent
    assert "brand_new_key" in completion().model_fields_set and "usage" not in completion().model_fields_set
    built = CreateModerationResponseResultsCategories(
        hate=True, hate_threatening=False, harassment=False, harassment_threatening=False, illicit=None,
        illicit_violent=None, self_harm=False, self_harm_intent=False, self_harm_instructions=False, sexual=False,
        sexual_minors=False, violence=False, violence_graphic=False,
    )  # fmt: skip
    assert "hate" in built.model_fields_set and "illicit" not in built.model_fields_set


async def test_model_fields_set_of_a_real_result(api: Api) -> None:
    reply = await api.run(
        api.client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
    )
    assert {"id", "choices", "model"} <= reply.model_fields_set


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_realtime_call_answer_is_binary_content_as_the_sdk(kind: str) -> None:
    """``realtime.calls.create`` gives the SDP answer as binary content (``.text``), as the SDK."""
    from openai_core import AsyncClient, Client
    from transports import AsyncMockTransport, MockResponse, MockTransport

    def handler(request: object) -> MockResponse:
        return MockResponse(status=201, headers={"Content-Type": "application/sdp"}, body=b"v=0 answer")

    client = (
        Client(api_key="k", transport=MockTransport(handler))
        if kind == "sync"
        else AsyncClient(api_key="k", transport=AsyncMockTransport(handler))
    )
    answer = await Api.run(client.realtime.calls.create(sdp="v=0"))
    assert isinstance(answer, HttpxBinaryResponseContent) and answer.text == "v=0 answer"
    raw = await Api.run(client.realtime.calls.with_raw_response.create(sdp="v=0"))
    assert type(raw.parse()).__name__ == "HttpxBinaryResponseContent"


async def test_the_sdk_page_names(api: Api) -> None:
    """``openai_core.pagination`` has every name of ``openai.pagination``; a page of any list is
    an instance of the SDK's names for its face."""
    import openai.pagination

    import openai_core.pagination as pagination

    assert set(pagination.__all__) == set(openai.pagination.__all__)
    await api.run(api.client.files.create(file=("p.txt", b"x"), purpose="assistants"))
    page = await api.run(api.client.files.list())
    face = "Sync" if api.kind == "sync" else "Async"
    for kind in ("Page", "CursorPage", "ConversationCursorPage", "NextCursorPage"):
        assert isinstance(page, getattr(pagination, face + kind))
    other = "Async" if api.kind == "sync" else "Sync"
    assert not isinstance(page, getattr(pagination, other + "CursorPage"))


def test_binary_content_has_every_public_method_of_the_sdks() -> None:
    import inspect

    from openai._legacy_response import HttpxBinaryResponseContent as SdkContent

    for name in (n for n in dir(SdkContent) if not n.startswith("_")):
        ours = getattr(HttpxBinaryResponseContent, name, None)
        assert ours is not None, name
        theirs = getattr(SdkContent, name)
        if callable(theirs):
            keywords = set(inspect.signature(ours).parameters) - {"self"}
            assert set(inspect.signature(theirs).parameters) - {"self"} <= keywords, name
