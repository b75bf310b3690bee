"""``chat.completions.stream()`` and ``responses.stream()``: derived events, final objects,
parsing and snapshots, on both clients against the embedded server."""

from __future__ import annotations

import dataclasses
import itertools
import json
from typing import Any, Literal

import pydantic
import pytest

from openai_core import (
    LengthFinishReasonError,
    ParsedChatCompletion,
    ParsedResponse,
    RefusalError,
    pydantic_function_tool,
)
from openai_core.helpers.streams import ChatCompletionStreamState, ResponseStreamState
from openai_core.testing import LocalServer
from tests.conftest import Api

pytestmark = pytest.mark.timeout(60)

MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "hi there"}]


@dataclasses.dataclass
class Person:
    name: str
    age: int


class PersonModel(pydantic.BaseModel):
    name: str
    age: int


class Weather(pydantic.BaseModel):
    city: str
    unit: Literal["c", "f"]


async def _drain(api: Api, manager: Any, final: str) -> tuple[list[Any], Any, Any]:
    """Enter the manager, collect its events and the final object (and the stream)."""
    if api.kind == "sync":
        with manager as stream:
            events = list(stream)
            return events, getattr(stream, final)(), stream
    async with manager as stream:
        events = [event async for event in stream]
        return events, await getattr(stream, final)(), stream


def _sse(*payloads: Any) -> str:
    return "".join(f"data: {json.dumps(p)}\n\n" for p in payloads) + "data: [DONE]\n\n"


def _chunk(delta: dict[str, Any], finish_reason: str | None = None, logprobs: Any = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-crafted",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": logprobs}],
    }


def _logprob(token: str) -> dict[str, Any]:
    return {"token": token, "logprob": -0.5, "bytes": list(token.encode()), "top_logprobs": []}


def _tool_delta(index: int, arguments: str, name: str | None = None) -> dict[str, Any]:
    delta: dict[str, Any] = {"index": index, "function": {"arguments": arguments}}
    if name is not None:
        delta.update(id=f"call_{index}", type="function")
        delta["function"]["name"] = name
    return delta


async def test_chat_stream_events_and_final_completion(api: Api, server: LocalServer) -> None:
    manager = api.client.chat.completions.stream(model=MODEL, messages=MESSAGES, extra_headers={"X-Trace": "7"})
    assert server.requests == []  # nothing is sent before the stream is entered
    events, final, stream = await _drain(api, manager, "get_final_completion")
    kinds = [e.type for e in events]
    assert set(kinds) == {"chunk", "content.delta", "content.done"}
    assert kinds[-1] == "content.done" and kinds.count("content.done") == 1
    deltas = [e for e in events if e.type == "content.delta"]
    assert "".join(e.delta for e in deltas) == "Echo: hi there"
    assert [e.snapshot for e in deltas][-1] == "Echo: hi there"
    assert all(b.snapshot.startswith(a.snapshot) for a, b in itertools.pairwise(deltas))
    assert events[-1].content == "Echo: hi there" and events[-1].parsed is None
    assert events[0].chunk.object == "chat.completion.chunk"
    assert isinstance(final, ParsedChatCompletion) and final.parsed is None
    assert final.choices[0].message.content == "Echo: hi there"
    assert stream.current_completion_snapshot.choices[0].message.content == "Echo: hi there"
    (request,) = server.requests
    assert request.json()["stream"] is True and request.headers["x-trace"] == "7"
    assert stream.request_id == request.request_id


@pytest.mark.parametrize("cls", [Person, PersonModel])
async def test_chat_stream_parses_into_the_response_format(api: Api, server: LocalServer, cls: type) -> None:
    manager = api.client.chat.completions.stream(model=MODEL, messages=MESSAGES, response_format=cls)
    events, final, _ = await _drain(api, manager, "get_final_completion")
    done = [e for e in events if e.type == "content.done"]
    assert len(done) == 1 and isinstance(done[0].parsed, cls)
    assert final.parsed == done[0].parsed == final.choices[0].message.parsed
    assert final.parsed.name == "example"
    deltas = [e for e in events if e.type == "content.delta"]
    assert deltas[-1].parsed == {"name": "example", "age": 1}  # complete JSON is decoded
    assert server.requests[0].json()["response_format"]["json_schema"]["name"] == cls.__name__


async def test_chat_stream_tool_calls_logprobs_and_their_order(api: Api, server: LocalServer) -> None:
    body = _sse(
        _chunk({"role": "assistant", "content": "Hi"}, logprobs={"content": [_logprob("Hi")], "refusal": None}),
        _chunk({"content": " there"}, logprobs={"content": [_logprob(" there")], "refusal": None}),
        _chunk({"tool_calls": [_tool_delta(0, '{"city": ', name="Weather")]}),
        _chunk({"tool_calls": [_tool_delta(0, '"Paris", "unit": "c"}')]}),
        _chunk({"tool_calls": [_tool_delta(1, "{}", name="other")]}),
        _chunk({}, finish_reason="tool_calls"),
    )
    server.fail_next(200, body=body, content_type="text/event-stream")
    tools = [pydantic_function_tool(Weather), {"type": "function", "function": {"name": "other", "strict": True}}]
    manager = api.client.chat.completions.stream(model=MODEL, messages=MESSAGES, tools=tools)
    events, final, _ = await _drain(api, manager, "get_final_completion")
    derived = [e for e in events if e.type != "chunk"]
    assert [e.type for e in derived] == [
        "content.delta",
        "logprobs.content.delta",
        "content.delta",
        "logprobs.content.delta",
        "tool_calls.function.arguments.delta",
        "content.done",
        "logprobs.content.done",
        "tool_calls.function.arguments.delta",
        "tool_calls.function.arguments.delta",
        "tool_calls.function.arguments.done",
        "tool_calls.function.arguments.done",
    ]
    assert [t.token for t in derived[3].snapshot] == ["Hi", " there"]
    assert [t.token for t in derived[6].content] == ["Hi", " there"]
    first, second = derived[4], derived[7]
    assert (first.name, first.index, first.arguments_delta, first.parsed_arguments) == ("Weather", 0, '{"city": ', {})
    assert second.arguments == '{"city": "Paris", "unit": "c"}'
    assert second.parsed_arguments == {"city": "Paris", "unit": "c"}
    done0, done1 = derived[9], derived[10]
    assert (done0.index, done0.parsed_arguments) == (0, Weather(city="Paris", unit="c"))
    assert (done1.index, done1.name, done1.parsed_arguments) == (1, "other", {})
    calls = final.choices[0].message.tool_calls
    assert [c.function.parsed_arguments for c in calls] == [Weather(city="Paris", unit="c"), {}]
    assert final.choices[0].message.content == "Hi there"


async def test_chat_stream_refusal(api: Api, server: LocalServer) -> None:
    body = _sse(
        _chunk({"role": "assistant", "refusal": "I can't"}),
        _chunk({"refusal": " help."}),
        _chunk({}, finish_reason="stop"),
    )
    server.fail_next(200, body=body, content_type="text/event-stream")
    manager = api.client.chat.completions.stream(model=MODEL, messages=MESSAGES, response_format=Person)
    if api.kind == "sync":
        with manager as stream:
            events = [e for e in stream if e.type != "chunk"]
            with pytest.raises(RefusalError):
                stream.get_final_completion()
    else:
        async with manager as stream:
            events = [e async for e in stream if e.type != "chunk"]
            with pytest.raises(RefusalError):
                await stream.get_final_completion()
    assert [(e.type, getattr(e, "snapshot", None)) for e in events] == [
        ("refusal.delta", "I can't"),
        ("refusal.delta", "I can't help."),
        ("refusal.done", None),
    ]
    assert events[-1].refusal == "I can't help."


async def test_text_stream_and_until_done(api: Api, server: LocalServer) -> None:
    chat = api.client.chat.completions.stream(model=MODEL, messages=MESSAGES)
    responses = api.client.responses.stream(model=MODEL, input="hi there")
    if api.kind == "sync":
        with chat as stream:
            pieces = list(stream.text_stream)
        with responses as rstream:
            rpieces = list(rstream.text_stream)
        with api.client.responses.stream(model=MODEL, input="again") as rstream:
            assert rstream.until_done() is rstream
            snapshot = rstream.current_snapshot
    else:
        async with chat as stream:
            pieces = [p async for p in stream.text_stream]
        async with responses as rstream:
            rpieces = [p async for p in rstream.text_stream]
        async with api.client.responses.stream(model=MODEL, input="again") as rstream:
            assert await rstream.until_done() is rstream
            snapshot = rstream.current_snapshot
    assert "".join(pieces) == "Echo: hi there" and len(pieces) > 1
    assert "".join(rpieces) == "Echo: hi there" and len(rpieces) > 1
    assert snapshot.output_text == "Echo: again"


async def test_leaving_the_block_early_closes_the_stream(api: Api, server: LocalServer) -> None:
    if api.kind == "sync":
        with api.client.chat.completions.stream(model=MODEL, messages=MESSAGES) as stream:
            first = next(iter(stream))
        assert list(stream) == []
    else:
        async with api.client.chat.completions.stream(model=MODEL, messages=MESSAGES) as stream:
            first = await stream.__anext__()
        assert [e async for e in stream] == []
    assert first.type == "chunk"


async def test_stream_refuses_a_stream_argument(api: Api, server: LocalServer) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'stream'"):
        api.client.chat.completions.stream(model=MODEL, messages=MESSAGES, stream=True)
    with pytest.raises(TypeError, match="unexpected keyword argument 'stream'"):
        api.client.responses.stream(model=MODEL, input="x", stream=False)
    assert server.requests == []


@pytest.mark.parametrize("cls", [Person, PersonModel, None])
async def test_responses_stream_events_and_final_response(api: Api, server: LocalServer, cls: Any) -> None:
    manager = api.client.responses.stream(model=MODEL, input="hi there", text_format=cls)
    events, final, _ = await _drain(api, manager, "get_final_response")
    kinds = [e.type for e in events]
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    deltas = [e for e in events if e.type == "response.output_text.delta"]
    assert deltas and deltas[-1].snapshot == "".join(e.delta for e in deltas)
    assert deltas[0].sequence_number == 4 and deltas[0].item_id  # the API's fields are read through
    done = next(e for e in events if e.type == "response.output_text.done")
    assert isinstance(final, ParsedResponse) and events[-1].response is final
    if cls is None:
        assert done.parsed is None and final.output_parsed is None
        assert final.output_text == "Echo: hi there"
    else:
        assert isinstance(done.parsed, cls) and done.parsed.name == "example"
        assert final.output_parsed == done.parsed
        assert server.requests[0].json()["text"]["format"]["name"] == cls.__name__
    assert server.requests[0].json()["stream"] is True


async def test_responses_stream_function_call_snapshots(api: Api, server: LocalServer) -> None:
    manager = api.client.responses.stream(model=MODEL, input="weather?", tools=[pydantic_function_tool(Weather)])
    events, final, _ = await _drain(api, manager, "get_final_response")
    deltas = [e for e in events if e.type == "response.function_call_arguments.delta"]
    assert len(deltas) > 1
    assert [e.snapshot for e in deltas] == ["".join(e.delta for e in deltas[: i + 1]) for i in range(len(deltas))]
    assert json.loads(deltas[-1].snapshot) == json.loads(final.output[0].arguments)
    sent = server.requests[0].json()["tools"][0]
    assert sent["type"] == "function" and sent["name"] == "Weather" and sent["strict"] is True


def test_the_state_machines_are_usable_alone() -> None:
    chat: ChatCompletionStreamState[Any] = ChatCompletionStreamState()
    assert chat.current_completion_snapshot is None
    events = chat.handle_chunk(_chunk({"role": "assistant", "content": "ok"}, finish_reason="stop"))
    assert [e.type for e in events] == ["chunk", "content.delta", "content.done"]
    assert chat.get_final_completion().choices[0].message.content == "ok"
    responses: ResponseStreamState[Any] = ResponseStreamState()
    with pytest.raises(RuntimeError, match=r"response\.completed"):
        responses.get_final_response()


async def test_beta_chat_completions_are_the_chat_helpers(api: Api, server: LocalServer) -> None:
    completions = api.client.beta.chat.completions
    assert hasattr(completions, "parse") and hasattr(completions, "stream")
    parsed = await api.run(completions.parse(model=MODEL, messages=MESSAGES, response_format=PersonModel))
    assert isinstance(parsed.parsed, PersonModel)
    _, final, _ = await _drain(api, completions.stream(model=MODEL, messages=MESSAGES), "get_final_completion")
    assert final.choices[0].message.content == "Echo: hi there"
    assert [r.path for r in server.requests] == ["/v1/chat/completions"] * 2


async def test_a_structured_answer_cut_short_raises_while_streaming(api: Api, server: LocalServer) -> None:
    body = _sse(_chunk({"role": "assistant", "content": '{"name": "Ad'}), _chunk({}, finish_reason="length"))
    server.fail_next(200, body=body, content_type="text/event-stream")
    seen: list[str] = []
    manager = api.client.chat.completions.stream(model=MODEL, messages=MESSAGES, response_format=Person)
    with pytest.raises(LengthFinishReasonError):
        if api.kind == "sync":
            with manager as stream:
                for event in stream:
                    seen.append(event.type)
        else:
            async with manager as stream:
                async for event in stream:
                    seen.append(event.type)
    assert seen == ["chunk", "content.delta"]


async def test_responses_stream_again_by_response_id(api: Api, server: LocalServer) -> None:
    created = await api.run(api.client.responses.create(model=MODEL, input="hi there", background=True))
    manager = api.client.responses.stream(response_id=created.id, starting_after=3, text_format=None)
    events, final, _ = await _drain(api, manager, "get_final_response")
    assert events[0].sequence_number == 4 and events[-1].type == "response.completed"
    assert final.id == created.id and final.output_parsed is None
    assert final.output[0].content[0].text == "Echo: hi there"
    request = server.requests[-1]
    assert request.method == "GET" and request.path == f"/v1/responses/{created.id}"
    assert request.query == {"stream": "true", "starting_after": "3"}


async def test_responses_stream_bad_combinations(api: Api, server: LocalServer) -> None:
    with pytest.raises(TypeError, match="model"):
        api.client.responses.stream(response_id="resp_1", model=MODEL)
    with pytest.raises(TypeError, match="response_id"):
        api.client.responses.stream(starting_after=2)
    with pytest.raises(TypeError, match="not both"):
        api.client.responses.stream(model=MODEL, input="x", text_format=Person, text={"format": {"type": "text"}})
    assert server.requests == []
