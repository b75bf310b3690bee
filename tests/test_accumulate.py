"""Accumulators: the final object, the usage and the text of chat and Responses streams, on
both clients, against the embedded server; and the pure folding rules, fed JSON directly."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

import openai_core
from openai_core import (
    ChatCompletionAccumulator,
    RawResponse,
    ResponseAccumulator,
    ResponseInfo,
    Stream,
)
from openai_core.testing import LocalServer
from openai_core.types.chat import ChatCompletion, ChatCompletionChunk
from openai_core.types.responses import Response
from tests.conftest import Api

pytestmark = pytest.mark.timeout(30)

WEATHER = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "days": {"type": "integer"}, "unit": {"enum": ["C", "F"]}},
    "required": ["city", "days", "unit"],
}
WEATHER_VALUES = {"city": "example", "days": 1, "unit": "C"}


def user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


async def events(api: Api, stream: Any, limit: int | None = None) -> list[Any]:
    """Up to ``limit`` events of ``stream`` (all when ``None``)."""
    got: list[Any] = []
    if hasattr(stream, "__aiter__"):
        async for event in stream:
            got.append(event)
            if limit is not None and len(got) >= limit:
                break
    else:
        for event in stream:
            got.append(event)
            if limit is not None and len(got) >= limit:
                break
    return got


async def texts(stream: Any) -> list[str]:
    pieces = stream.text()
    if hasattr(pieces, "__aiter__"):
        return [piece async for piece in pieces]
    return list(pieces)


# ---- chat, through both clients ------------------------------------------------------------------


async def test_chat_final_joins_the_deltas_and_matches_the_server(api: Api) -> None:
    text = "the quick brown fox jumps"
    stream = await api.run(
        api.client.chat.completions.create(
            model="gpt-4o", messages=user(text), stream=True, stream_options={"include_usage": True}
        )
    )
    stream.accumulate()  # build the final object while reading
    chunks = await events(api, stream)
    final = await api.run(stream.final())
    assert isinstance(final, ChatCompletion)
    deltas = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) >= 5
    assert final.choices[0].message.content == deltas == f"Echo: {text}"
    assert final.choices[0].message.role == "assistant"
    assert final.choices[0].message.refusal is None
    assert final.choices[0].message.tool_calls is None
    assert final.choices[0].finish_reason == "stop"
    assert (final.id, final.model, final.created) == (chunks[0].id, "gpt-4o", chunks[0].created)
    assert final.object == "chat.completion"
    assert final.system_fingerprint == chunks[0].system_fingerprint
    # Usage comes from the last chunk (include_usage), and is the server's count.
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert final.usage is not None
    assert final.usage.prompt_tokens == len(text.split())
    assert final.usage.completion_tokens == len(f"Echo: {text}".split())
    assert final.usage.total_tokens == final.usage.prompt_tokens + final.usage.completion_tokens
    assert stream.usage == final.usage
    assert final._request_id == stream.request_id is not None
    assert "obfuscation" not in final.to_dict()


async def test_chat_final_equals_the_non_streamed_answer(api: Api) -> None:
    plain = await api.run(api.client.chat.completions.create(model="m", messages=user("same answer twice")))
    stream = await api.run(
        api.client.chat.completions.create(model="m", messages=user("same answer twice"), stream=True)
    )
    stream.accumulate()  # build the final object while reading
    final = await api.run(stream.final())
    assert final.choices[0].message.content == plain.choices[0].message.content
    assert final.choices[0].finish_reason == plain.choices[0].finish_reason
    assert final.usage is None  # not asked for: the stream never sent it


async def test_chat_tool_call_arguments_are_joined(api: Api) -> None:
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": WEATHER}}]
    stream = await api.run(
        api.client.chat.completions.create(model="m", messages=user("weather?"), tools=tools, stream=True)
    )
    stream.accumulate()  # build the final object while reading
    chunks = await events(api, stream)
    fragments = [
        tc.function.arguments
        for c in chunks
        if c.choices
        for tc in c.choices[0].delta.tool_calls or ()
        if tc.function and tc.function.arguments
    ]
    assert len(fragments) >= 2  # the arguments really came in pieces
    final = await api.run(stream.final())
    choice = final.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    (call,) = choice.message.tool_calls
    assert call.id.startswith("call_") and call.type == "function"
    assert call.function.name == "get_weather"
    assert call.function.arguments == "".join(fragments)
    assert json.loads(call.function.arguments) == WEATHER_VALUES
    assert "index" not in call.to_dict()


async def test_chat_several_choices(api: Api) -> None:
    stream = await api.run(api.client.chat.completions.create(model="m", messages=user("two"), n=2, stream=True))
    stream.accumulate()  # build the final object while reading
    final = await api.run(stream.final())
    assert [c.index for c in final.choices] == [0, 1]
    assert [c.message.content for c in final.choices] == ["Echo: two", "Echo: two"]


async def test_chat_text_yields_only_the_deltas(api: Api) -> None:
    stream = await api.run(api.client.chat.completions.create(model="m", messages=user("a b c d"), stream=True))
    stream.accumulate()  # build the final object while reading
    pieces = await texts(stream)
    assert "".join(pieces) == "Echo: a b c d"
    assert all(pieces) and len(pieces) >= 4
    final = await api.run(stream.final())  # everything was read: the final object is complete
    assert final.choices[0].message.content == "Echo: a b c d"


async def test_chat_current_while_iterating_and_after_a_partial_read(api: Api) -> None:
    stream = await api.run(api.client.chat.completions.create(model="m", messages=user("one two three"), stream=True))
    stream.accumulate()  # build the final object while reading
    assert stream.current is None
    first = await events(api, stream, limit=3)
    partial = "".join(c.choices[0].delta.content or "" for c in first)
    assert stream.current.choices[0].message.content == partial
    assert stream.current.choices[0].finish_reason is None
    assert stream.accumulator.text == partial
    final = await api.run(stream.final())  # reads the rest
    assert final.choices[0].message.content == "Echo: one two three"
    assert final.choices[0].message.content.startswith(partial)


async def test_closed_stream_final_returns_what_was_built(api: Api) -> None:
    stream = await api.run(api.client.chat.completions.create(model="m", messages=user("x y z w"), stream=True))
    stream.accumulate()  # build the final object while reading
    first = await events(api, stream, limit=2)
    await api.run(stream.aclose() if api.kind == "async" else stream.close())
    final = await api.run(stream.final())
    assert final.choices[0].message.content == "".join(c.choices[0].delta.content or "" for c in first)
    assert final.choices[0].finish_reason is None


async def test_state_survives_an_error_event(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_error(after_events=3, message="overloaded", code="overloaded")
    stream = await api.run(api.client.chat.completions.create(model="m", messages=user("a b c d e"), stream=True))
    stream.accumulate()  # build the final object while reading
    with pytest.raises(openai_core.StreamError):
        await events(api, stream)
    assert stream.current.choices[0].message.content == "Echo: a "


# ---- Responses, through both clients -------------------------------------------------------------


async def test_responses_final_is_the_completed_response(api: Api) -> None:
    stream = await api.run(api.client.responses.create(model="gpt-4o", input="hello there world", stream=True))
    stream.accumulate()  # build the final object while reading
    got = await events(api, stream)
    final = await api.run(stream.final())
    assert isinstance(final, Response)
    deltas = "".join(e.delta for e in got if e.type == "response.output_text.delta")
    completed = got[-1]
    assert completed.type == "response.completed"
    assert final.id == completed.response.id
    assert final.status == "completed"
    assert final.output[0].content[0].text == deltas == "Echo: hello there world"
    assert final.output_text == deltas
    assert final.usage is not None and final.usage.total_tokens == 3 + 4
    assert stream.usage == final.usage
    assert final._request_id == stream.request_id


async def test_responses_text_and_function_call(api: Api) -> None:
    stream = await api.run(api.client.responses.create(model="m", input="say it", stream=True))
    stream.accumulate()  # build the final object while reading
    assert "".join(await texts(stream)) == "Echo: say it"
    tools = [{"type": "function", "name": "get_weather", "parameters": WEATHER}]
    stream = await api.run(api.client.responses.create(model="m", input="weather?", tools=tools, stream=True))
    stream.accumulate()  # build the final object while reading
    assert await texts(stream) == []
    final = await api.run(stream.final())
    (call,) = final.output
    assert call.type == "function_call" and call.name == "get_weather"
    assert json.loads(call.arguments) == WEATHER_VALUES


async def test_responses_partial_state_is_built_from_the_deltas(api: Api) -> None:
    stream = await api.run(api.client.responses.create(model="m", input="alpha beta gamma", stream=True))
    stream.accumulate()  # build the final object while reading
    got = await events(api, stream, limit=6)  # created, in_progress, item added, part added, 2 deltas
    assert [e.type for e in got[-2:]] == ["response.output_text.delta"] * 2
    current = stream.current
    assert current.status == "in_progress"
    assert current.output[0].content[0].text == got[-2].delta + got[-1].delta
    assert current.output_text == got[-2].delta + got[-1].delta
    await api.run(stream.aclose() if api.kind == "async" else stream.close())
    final = await api.run(stream.final())
    assert final.output_text == "Echo: alpha "  # what was built when the stream was closed


# ---- the pure accumulators -----------------------------------------------------------------------


def chunk(choices: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"id": "c1", "object": "chat.completion.chunk", "created": 7, "model": "m", "choices": choices, **extra}


def test_chat_accumulator_joins_interleaved_tool_calls_logprobs_and_refusal() -> None:
    acc = ChatCompletionAccumulator()
    assert acc.current is None
    lp = {"token": "a", "logprob": -0.1, "bytes": [97], "top_logprobs": []}
    feed = [
        chunk([{"index": 0, "delta": {"role": "assistant", "content": None, "refusal": None}, "finish_reason": None}]),
        chunk(
            [
                {
                    "index": 0,
                    "delta": {
                        "tool_calls": [
                            {
                                "index": 0,
                                "id": "call_a",
                                "type": "function",
                                "function": {"name": "f", "arguments": ""},
                            },
                            {
                                "index": 1,
                                "id": "call_b",
                                "type": "function",
                                "function": {"name": "g", "arguments": '{"x"'},
                            },
                        ]
                    },
                }
            ]
        ),
        chunk([{"index": 0, "delta": {"tool_calls": [{"index": 1, "function": {"arguments": ": 2}"}}]}}]),
        chunk([{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]}}]),
        chunk([{"index": 1, "delta": {"refusal": "I can"}, "logprobs": {"content": None, "refusal": [lp]}}]),
        chunk([{"index": 1, "delta": {"refusal": "not."}, "logprobs": {"content": None, "refusal": [lp]}}]),
        chunk([{"index": 1, "delta": {"reasoning_content": "think"}}]),
        chunk([{"index": 1, "delta": {"reasoning_content": "ing"}, "finish_reason": "stop"}]),
        chunk([{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]),
        chunk([], usage={"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}, obfuscation="xx"),
    ]
    for event in feed:
        acc.add(event)
    final = acc.current
    assert isinstance(final, ChatCompletion)
    first, second = final.choices
    assert [json.loads(c.function.arguments) for c in first.message.tool_calls] == [{}, {"x": 2}]
    assert [c.id for c in first.message.tool_calls] == ["call_a", "call_b"]
    assert first.finish_reason == "tool_calls" and first.message.content is None
    assert second.message.refusal == "I cannot."
    assert second.message.reasoning_content == "thinking"  # an unknown string field is joined too
    assert second.message.role == "assistant"
    assert len(second.logprobs.refusal) == 2 and second.logprobs.refusal[0].token == "a"
    assert final.usage.total_tokens == 3
    assert "obfuscation" not in final.to_dict()


def test_chat_accumulator_accepts_typed_chunks_and_skips_odd_events() -> None:
    acc = ChatCompletionAccumulator()
    typed = openai_core._models.parse(
        chunk([{"index": 0, "delta": {"content": "Hi"}, "finish_reason": None}]), ChatCompletionChunk
    )
    acc.add(typed)
    acc.add({"choices": [{"index": 0, "delta": "not an object"}]})
    acc.add({"choices": "nonsense"})
    acc.add(chunk([{"index": 0, "delta": {"content": " there"}}]))
    assert acc.current.choices[0].message.content == "Hi there"
    assert acc.text == "Hi there"


def test_chat_accumulator_snapshot_is_not_changed_by_later_events() -> None:
    acc = ChatCompletionAccumulator()
    acc.add(
        chunk([{"index": 0, "delta": {"content": "a", "tool_calls": [{"index": 0, "function": {"arguments": "1"}}]}}])
    )
    before = acc.current
    acc.add(
        chunk([{"index": 0, "delta": {"content": "b", "tool_calls": [{"index": 0, "function": {"arguments": "2"}}]}}])
    )
    assert before.choices[0].message.content == "a"
    assert before.choices[0].message.tool_calls[0].function.arguments == "1"
    assert acc.current.choices[0].message.tool_calls[0].function.arguments == "12"


def r_event(kind: str, n: int, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "sequence_number": n, **fields}


def test_response_accumulator_builds_items_without_a_completed_event() -> None:
    acc = ResponseAccumulator()
    base = {"id": "resp_1", "object": "response", "status": "in_progress", "output": [], "created_at": 1}
    at = {"item_id": "x", "output_index": 0}
    feed = [
        r_event("response.created", 0, response=base),
        r_event("response.output_item.added", 1, output_index=0, item={"id": "rs", "type": "reasoning", "summary": []}),
        r_event(
            "response.reasoning_summary_part.added", 2, **at, summary_index=0, part={"type": "summary_text", "text": ""}
        ),
        r_event("response.reasoning_summary_text.delta", 3, **at, summary_index=0, delta="plan"),
        r_event("response.reasoning_summary_text.delta", 4, **at, summary_index=0, delta="ning"),
        r_event(
            "response.output_item.added",
            5,
            output_index=1,
            item={"id": "m", "type": "message", "role": "assistant", "status": "in_progress", "content": []},
        ),
        r_event(
            "response.content_part.added",
            6,
            item_id="m",
            output_index=1,
            content_index=0,
            part={"type": "output_text", "text": "", "annotations": []},
        ),
        r_event(
            "response.output_text.delta", 7, item_id="m", output_index=1, content_index=0, delta="Hel", logprobs=[]
        ),
        r_event("response.output_text.delta", 8, item_id="m", output_index=1, content_index=0, delta="lo", logprobs=[]),
        r_event(
            "response.output_text.annotation.added",
            9,
            item_id="m",
            output_index=1,
            content_index=0,
            annotation_index=0,
            annotation={"type": "url_citation", "url": "https://x", "title": "t", "start_index": 0, "end_index": 5},
        ),
        r_event(
            "response.content_part.added",
            10,
            item_id="m",
            output_index=1,
            content_index=1,
            part={"type": "refusal", "refusal": ""},
        ),
        r_event("response.refusal.delta", 11, item_id="m", output_index=1, content_index=1, delta="No"),
        r_event(
            "response.output_item.added",
            12,
            output_index=2,
            item={"id": "ct", "type": "custom_tool_call", "call_id": "c", "name": "sh", "input": ""},
        ),
        r_event("response.custom_tool_call_input.delta", 13, item_id="ct", output_index=2, delta="ls "),
        r_event("response.custom_tool_call_input.delta", 14, item_id="ct", output_index=2, delta="-l"),
        r_event("response.brand_new.delta", 15, output_index=99, delta="ignored"),
        r_event("response.output_text.delta", 16, item_id="?", output_index="bad", content_index=0, delta="x"),
    ]
    for event in feed:
        acc.add(event)
    current = acc.current
    assert isinstance(current, Response)
    assert current.id == "resp_1" and current.status == "in_progress"
    assert current.output[0].summary[0].text == "planning"
    message = current.output[1]
    assert message.content[0].text == "Hello"
    assert message.content[0].annotations[0].url == "https://x"
    assert message.content[1].refusal == "No"
    assert current.output[2].input == "ls -l"
    assert current.output_text == "Hello" == acc.text
    assert len(current.output) == 3


def test_response_accumulator_final_event_wins_and_later_events_are_ignored() -> None:
    acc = ResponseAccumulator()
    acc.add(r_event("response.created", 0, response={"id": "r", "status": "in_progress", "output": []}))
    acc.add(r_event("response.output_text.delta", 1, output_index=0, content_index=0, delta="partial"))
    done = {
        "id": "r",
        "status": "incomplete",
        "incomplete_details": {"reason": "max_output_tokens"},
        "output": [
            {
                "type": "message",
                "id": "m",
                "role": "assistant",
                "status": "incomplete",
                "content": [{"type": "output_text", "text": "server text", "annotations": []}],
            }
        ],
    }
    acc.add(r_event("response.incomplete", 2, response=done))
    acc.add(r_event("response.output_text.delta", 3, output_index=0, content_index=0, delta="late"))
    assert acc.current.status == "incomplete"
    assert acc.current.incomplete_details.reason == "max_output_tokens"
    assert acc.current.output_text == "server text"


def test_function_call_arguments_done_replaces_the_joined_deltas() -> None:
    acc = ResponseAccumulator()
    acc.add(r_event("response.output_item.added", 0, output_index=0, item={"type": "function_call", "arguments": ""}))
    acc.add(r_event("response.function_call_arguments.delta", 1, output_index=0, delta='{"a"'))
    assert acc.data()["output"][0]["arguments"] == '{"a"'
    acc.add(r_event("response.function_call_arguments.done", 2, output_index=0, arguments='{"a": 1}'))
    assert json.loads(acc.current.output[0].arguments) == {"a": 1}


# ---- streams without an operation: the accumulator is detected from the first event -------------


def raw_stream(*events: bytes) -> RawResponse:
    return RawResponse(status=200, headers={}, chunks=iter(events))


def test_stream_detects_its_accumulator_from_the_first_event() -> None:
    sse = [
        b"data: " + json.dumps(chunk([{"index": 0, "delta": {"content": w}}])).encode() + b"\n\n" for w in ("a", "b")
    ]
    stream: Stream[Any] = Stream(raw_stream(*sse, b"data: [DONE]\n\n"), Any, ResponseInfo(status_code=200, headers={}))
    assert stream.accumulator is None
    assert "".join(stream.text()) == "ab"
    assert isinstance(stream.accumulator, ChatCompletionAccumulator)
    assert stream.final().choices[0].message.content == "ab"


def test_final_on_a_stream_that_builds_nothing_is_a_type_error() -> None:
    stream: Stream[Any] = Stream(
        raw_stream(b'data: {"type": "transcript.text.delta", "delta": "x"}\n\n', b"data: [DONE]\n\n"),
        Any,
        ResponseInfo(status_code=200, headers={}),
    )
    with pytest.raises(TypeError, match="final object"):
        stream.final()
    assert stream.current is None and stream.usage is None


# ---- exports -------------------------------------------------------------------------------------


def test_new_names_are_exported_lazily_and_for_type_checkers() -> None:
    names = {"Accumulator", "ChatCompletionAccumulator", "ResponseAccumulator", "RateLimiter", "RateLimitState"}
    assert names <= set(openai_core.__all__)
    for name in names:
        assert getattr(openai_core, name).__name__ == name
    tree = ast.parse(Path(openai_core.__file__).read_text())
    typed = {
        alias.asname
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for imp in node.body
        if isinstance(imp, ast.ImportFrom)
        for alias in imp.names
        if not alias.asname.startswith("_")  # names only the annotations use
    }
    assert typed == set(openai_core._EXPORTS)


async def test_a_plain_loop_keeps_nothing_and_final_then_refuses(api: Api) -> None:
    """Only an accumulating stream holds the text: a plain loop stays flat in memory."""
    stream = await api.run(api.client.chat.completions.create(model="m", messages=user("a b c"), stream=True))
    first = await events(api, stream, limit=1)
    assert first and stream._reader.accumulating is False
    with pytest.raises(RuntimeError, match="accumulate"):
        await api.run(stream.final())
    with pytest.raises(RuntimeError, match="accumulate"):
        stream.accumulate()


async def test_final_alone_reads_and_builds_the_whole_stream(api: Api) -> None:
    stream = await api.run(api.client.chat.completions.create(model="m", messages=user("a b c"), stream=True))
    completion = await api.run(stream.final())
    assert completion.choices[0].message.content == "Echo: a b c"
