"""The stream helpers derive the same events as the official SDK (openai 3.3.1, a test-only
dependency) from the same input: chat chunks, Responses events, partial JSON and Assistants
run streams."""

from __future__ import annotations

import json
import warnings
from typing import Any, Literal

import httpx2
import jiter
import openai
import pydantic
import pytest
from openai._models import construct_type
from openai.lib.streaming.chat import ChatCompletionStreamState as SdkChatState
from openai.lib.streaming.responses import ResponseStreamState as SdkResponseState
from openai.types.chat import ChatCompletionChunk as SdkChunk
from openai.types.responses import ResponseStreamEvent as SdkResponseEvent

import openai_core
from openai_core._models import parse
from openai_core.helpers.streams import ChatCompletionStreamState, PartialJSON, ResponseStreamState
from openai_core.testing._responses import response_object, stream_events
from openai_core.testing._state import ServerState
from openai_core.types.chat import ChatCompletionChunk
from openai_core.types.responses import ResponseStreamEvent
from tests.test_assistant_streams import BODY, Handler, Recorder
from tests.test_stream_helpers import _chunk, _logprob, _tool_delta
from transports import MockResponse, MockTransport


class Weather(pydantic.BaseModel):
    city: str
    unit: Literal["c", "f"]


class Person(pydantic.BaseModel):
    name: str
    age: int


OTHER = {"type": "function", "function": {"name": "other", "parameters": {"type": "object"}, "strict": True}}


def _fields(event: Any) -> tuple[str, dict[str, Any]]:
    """An event's type and its plain fields (not the chunk or snapshot objects)."""
    if hasattr(event, "__attrs_attrs__"):
        names = [a.name for a in event.__attrs_attrs__]
    else:
        names = list(getattr(type(event), "model_fields", ()))
    out = {}
    for name in names:
        if name in ("type", "chunk", "snapshot"):
            continue
        value = getattr(event, name)
        out[name] = [t.token for t in value] if isinstance(value, list) else value
    return event.type, out


CHAT_CASES = {
    "text, logprobs and two tool calls": [
        _chunk({"role": "assistant", "content": ""}),
        _chunk({"content": "Hi"}, logprobs={"content": [_logprob("Hi")], "refusal": None}),
        _chunk({"content": " there"}, logprobs={"content": [_logprob(" there")], "refusal": None}),
        _chunk({"tool_calls": [_tool_delta(0, '{"city": "Pa', name="Weather")]}),
        _chunk({"tool_calls": [_tool_delta(0, 'ris", "unit": "c"}')]}),
        _chunk({"tool_calls": [_tool_delta(1, "{}", name="other")]}),
        _chunk({}, finish_reason="tool_calls"),
    ],
    "structured content": [
        _chunk({"role": "assistant", "content": ""}),
        _chunk({"content": '{"name": "Ad'}),
        _chunk({"content": 'a", "age": 3'}),
        _chunk({"content": "6}"}),
        _chunk({}, finish_reason="stop"),
    ],
    "refusal": [
        _chunk({"role": "assistant", "refusal": "No"}, logprobs={"content": None, "refusal": [_logprob("No")]}),
        _chunk({"refusal": "pe."}, logprobs={"content": None, "refusal": [_logprob("pe.")]}),
        _chunk({}, finish_reason="stop"),
    ],
}


@pytest.mark.parametrize("case", sorted(CHAT_CASES))
def test_chat_events_match_the_sdk(case: str) -> None:
    response_format = Person if case == "structured content" else None
    sdk_kwargs: dict[str, Any] = {"input_tools": [openai.pydantic_function_tool(Weather), OTHER]}
    if response_format is not None:
        sdk_kwargs["response_format"] = response_format
    sdk: Any = SdkChatState(**sdk_kwargs)
    ours: ChatCompletionStreamState[Any] = ChatCompletionStreamState(
        response_format=response_format, input_tools=[openai_core.pydantic_function_tool(Weather), OTHER]
    )
    for chunk in CHAT_CASES[case]:
        theirs = [_fields(e) for e in sdk.handle_chunk(SdkChunk.model_validate(chunk))]
        mine = [_fields(e) for e in ours.handle_chunk(parse(chunk, ChatCompletionChunk))]
        assert mine == theirs
    if case == "refusal":
        return
    their_final = sdk.get_final_completion().choices[0].message
    my_final = ours.get_final_completion().choices[0].message
    assert my_final.parsed == their_final.parsed
    assert [c.function.parsed_arguments for c in my_final.tool_calls or []] == [
        c.function.parsed_arguments for c in their_final.tool_calls or []
    ]


DOCUMENTS = [
    '{"a": [1, 2.5, {"b": "x\\"y"}], "c": true, "d": null, "e": -3e2, "f": {}}',
    '[{"name": "Ada", "tags": ["x", "y"]}, {"name": "Bob"}, false]',
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_partial_json_matches_the_sdk_at_every_prefix(document: str) -> None:
    for end in range(1, len(document) + 1):
        prefix = document[:end]
        try:
            expected = jiter.from_json(prefix.encode(), partial_mode=True)
        except ValueError:
            expected = None
        partial = PartialJSON()
        partial.feed(prefix)
        assert partial.value == expected, prefix


@pytest.mark.parametrize("document", DOCUMENTS)
def test_partial_json_fed_in_pieces_matches_the_sdk(document: str) -> None:
    partial = PartialJSON()
    end, size = 0, 1
    while end < len(document):
        partial.feed(document[end : end + size])
        end += size
        size = size % 7 + 1
        try:
            expected = jiter.from_json(document[:end].encode(), partial_mode=True)
        except ValueError:
            expected = None
        assert partial.value == expected, document[:end]


@pytest.mark.parametrize(
    ("tools", "text_format"),
    [([], None), ([], Person), ([{"type": "function", "name": "lookup", "parameters": {"type": "object"}}], None)],
)
def test_responses_events_match_the_sdk(tools: list[Any], text_format: Any) -> None:
    body: dict[str, Any] = {"model": "m", "input": "hello there", "tools": tools}
    if text_format is not None:
        schema = openai_core.strict_schema(text_format)
        body["text"] = {"format": {"type": "json_schema", "name": "Person", "schema": schema, "strict": True}}
    events = stream_events(response_object(ServerState(), body))
    sdk: Any = SdkResponseState(text_format=text_format or openai.omit, input_tools=tools)
    ours: ResponseStreamState[Any] = ResponseStreamState(text_format=text_format, input_tools=tools)
    for data in events:
        theirs = sdk.handle_event(construct_type(type_=SdkResponseEvent, value=data))
        mine = ours.handle_event(parse(data, ResponseStreamEvent))
        assert [e.type for e in mine] == [e.type for e in theirs]
        for m, t in zip(mine, theirs, strict=True):
            assert getattr(m, "snapshot", None) == getattr(t, "snapshot", None)
            assert getattr(m, "parsed", None) == getattr(t, "parsed", None)
    assert ours.get_final_response().output_parsed == sdk._completed_response.output_parsed


def test_assistant_handler_callbacks_match_the_sdk() -> None:
    """Same callbacks, same order, same values; one deliberate difference: the SDK calls
    ``on_tool_call_done`` again for a tool call already done at every later step end and at the
    run's end; ours calls it once."""

    class SdkHandler(openai.AssistantEventHandler):
        def __init__(self, rec: Recorder) -> None:
            super().__init__()
            self.mine = Handler(rec)

    for name in (n for n in dir(Handler) if n.startswith("on_")):
        setattr(SdkHandler, name, lambda self, *args, _n=name: getattr(self.mine, _n)(*args))

    def answer(request: Any) -> httpx2.Response:
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=BODY)

    sdk_client = openai.OpenAI(
        api_key="k", base_url="http://sdk.test/v1", http_client=httpx2.Client(transport=httpx2.MockTransport(answer))
    )
    theirs = Recorder()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with sdk_client.beta.threads.runs.stream(
            thread_id="th_1", assistant_id="asst_1", event_handler=SdkHandler(theirs)
        ) as stream:
            stream.until_done()
        client = openai_core.Client(
            api_key="k",
            transport=MockTransport(lambda r: MockResponse(headers={"content-type": "text/event-stream"}, body=[BODY])),
        )
        mine = Recorder()
        with client.beta.threads.runs.stream(
            thread_id="th_1", assistant_id="asst_1", event_handler=Handler(mine)
        ) as ours:
            ours.until_done()
    first_done = theirs.lines.index('on_tool_call_done {"a": 1}')
    deduplicated = theirs.lines[: first_done + 1] + [
        line for line in theirs.lines[first_done + 1 :] if line != 'on_tool_call_done {"a": 1}'
    ]
    assert len(deduplicated) == len(theirs.lines) - 2
    assert mine.lines == deduplicated
    assert json.loads(BODY.split(b"data: ")[1].split(b"\n")[0])["id"] == "run_1"
