"""Function tools from Python functions, and the tool runners of both APIs on both clients."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import threading
from typing import Any, Literal

import attrs
import pytest

from openai_core import (
    AsyncClient,
    ChatToolRun,
    FunctionTool,
    OpenAIError,
    ResponsesToolRun,
    ToolRoundsExceededError,
    function_tool,
)
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client

MODEL = "gpt-4o-mini"


@attrs.define
class Place:
    city: str
    country: str | None = None


@attrs.define
class WeatherArgs:
    """Weather for a place."""

    place: Place
    unit: Literal["c", "f"] = "c"


def get_weather(place: Place, unit: Literal["c", "f"] = "c", days: int = 1) -> dict[str, Any]:
    """Get the weather of a place.

    The second paragraph is not part of the description.
    """
    return {"city": place.city, "unit": unit, "days": days, "sky": "sunny"}


def get_time(zone: str) -> str:
    """Get the local time."""
    return f"12:00 in {zone}"


def broken_weather(city: str) -> str:
    """Always fails."""
    raise ValueError(f"no weather for {city}")


# ---- function_tool ------------------------------------------------------------------------------


def test_schema_from_a_signature_exact() -> None:
    tool = function_tool(get_weather)
    assert isinstance(tool, FunctionTool)
    place = {
        "type": "object",
        "properties": {"city": {"type": "string"}, "country": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
        "required": ["city", "country"],
        "additionalProperties": False,
    }
    parameters = {
        "type": "object",
        "properties": {
            "place": {"$ref": "#/$defs/Place"},
            "unit": {"type": "string", "enum": ["c", "f"]},
            "days": {"type": "integer"},
        },
        "required": ["place", "unit", "days"],
        "additionalProperties": False,
        "$defs": {"Place": place},
    }
    assert dict(tool) == {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the weather of a place.",
            "parameters": parameters,
            "strict": True,
        },
    }
    assert tool.for_responses() == {
        "type": "function",
        "name": "get_weather",
        "description": "Get the weather of a place.",
        "parameters": parameters,
        "strict": True,
    }


def test_schema_from_an_attrs_argument_class() -> None:
    def weather(args: WeatherArgs) -> str:
        return f"{args.place.city}/{args.unit}"

    tool = function_tool(weather, description="Weather.")
    assert tool.parameters["properties"] == {
        "place": {"$ref": "#/$defs/Place"},
        "unit": {"type": "string", "enum": ["c", "f"]},
    }
    assert tool.parameters["required"] == ["place", "unit"]
    assert tool.description == "Weather."
    assert tool.call_json('{"place": {"city": "Oslo", "country": null}, "unit": "f"}') == "Oslo/f"
    assert tool.call_json('{"place": {"city": "Oslo", "country": null}}') == "Oslo/c"  # the default applies

    from_class = function_tool(WeatherArgs)
    assert from_class.name == "WeatherArgs" and from_class.description == "Weather for a place."
    assert from_class.call_json({"place": {"city": "Rome", "country": "IT"}, "unit": "c"}) == WeatherArgs(
        place=Place("Rome", "IT"), unit="c"
    )


def test_decorator_forms_keep_the_function_callable() -> None:
    @function_tool
    def add(a: int, b: int = 2) -> int:
        return a + b

    @function_tool(name="lookup_user", description="Find a user.")
    def find(user_id: str, /) -> str:
        return user_id.upper()

    assert add(1) == 3 and add.name == "add" and add.description is None
    assert "description" not in add["function"]
    assert add.call_json('{"a": 1, "b": 5}') == 6 and add.call_json('{"a": 1}') == 3
    assert find.name == "lookup_user" and find.call_json('{"user_id": "ab"}') == "AB"  # positional-only


def test_call_json_parses_nested_classes_and_reports_bad_arguments() -> None:
    tool = function_tool(get_weather)
    out = tool.call_json('{"place": {"city": "Lima", "country": "PE"}, "unit": "f", "days": 3}')
    assert out == {"city": "Lima", "unit": "f", "days": 3, "sky": "sunny"}
    with pytest.raises(ValueError, match="not valid JSON"):
        tool.call_json("{nope")
    with pytest.raises(ValueError, match=r"invalid arguments for get_weather: at place\.city: expected string"):
        tool.call_json('{"place": {"city": 3, "country": null}, "unit": "c", "days": 1}')
    with pytest.raises(ValueError, match="'x' is not one of"):
        tool.call_json('{"place": {"city": "a", "country": null}, "unit": "x", "days": 1}')


def test_refused_signatures() -> None:
    def tags(tags: set[str]) -> None: ...

    def untyped(x, y: int) -> None:  # type: ignore[no-untyped-def]
        ...

    def variadic(*names: str) -> None: ...

    with pytest.raises(TypeError, match=r"^tags\.tags: set\[str\] cannot be expressed in a strict JSON schema"):
        function_tool(tags)
    with pytest.raises(TypeError, match=r"untyped\.x has no type annotation"):
        function_tool(untyped)
    with pytest.raises(TypeError, match=r"\*names"):
        function_tool(variadic)


@dataclasses.dataclass
class Query:
    text: str
    limit: int = 10


def test_a_dataclass_argument_class() -> None:
    def search(query: Query) -> list[str]:
        return [query.text] * query.limit

    tool = function_tool(search)
    assert tool.parameters["required"] == ["text", "limit"]
    assert tool.call_json('{"text": "a", "limit": 2}') == ["a", "a"]


# ---- the runners against the embedded server ----------------------------------------------------


def _tool_call(call_id: str, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}


def _chat_calls(*calls: dict[str, Any]) -> dict[str, Any]:
    """A crafted completion whose answer calls these tools (in parallel)."""
    message = {"role": "assistant", "content": None, "refusal": None, "tool_calls": list(calls)}
    choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": "tool_calls"}
    return {"id": "chatcmpl-crafted", "object": "chat.completion", "created": 1, "model": MODEL, "choices": [choice]}


def _responses_calls(*calls: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    output = [
        {
            "id": f"fc_{call_id}",
            "type": "function_call",
            "status": "completed",
            "call_id": call_id,
            "name": name,
            "arguments": json.dumps(arguments),
        }
        for call_id, name, arguments in calls
    ]
    return {
        "id": "resp_crafted",
        "object": "response",
        "created_at": 1,
        "status": "completed",
        "error": None,
        "incomplete_details": None,
        "model": MODEL,
        "output": output,
        "parallel_tool_calls": True,
        "tools": [],
        "tool_choice": "auto",
        "metadata": {},
        "temperature": 1.0,
        "top_p": 1.0,
        "instructions": None,
    }


PARIS = {"place": {"city": "Paris", "country": "FR"}, "unit": "c", "days": 2}


async def test_chat_loop_with_the_servers_own_tool_call(api: Api, server: LocalServer) -> None:
    run = await api.run(
        api.client.chat.completions.run_tools(
            model=MODEL,
            messages=[{"role": "user", "content": "Weather?"}],
            tools=[function_tool(get_weather), function_tool(get_time)],
            temperature=0.5,
        )
    )
    assert isinstance(run, ChatToolRun)
    # The server calls both tools with example arguments (parsed into Place), echoing the last output.
    expected = {"city": "example", "unit": "c", "days": 1, "sky": "sunny"}
    assert run.rounds == 2 and len(server.requests) == 2
    assert run.content == "Echo: 12:00 in example"
    assert [m["role"] for m in run.messages] == ["user", "assistant", "tool", "tool", "assistant"]
    assert run.messages[2]["content"] == json.dumps(expected)
    assert all(r.json()["temperature"] == 0.5 for r in server.requests)  # create() kwargs reach every round
    assert server.requests[0].json()["tools"][0] == function_tool(get_weather).for_chat()


async def test_chat_two_tool_loop(api: Api, server: LocalServer) -> None:
    server.fail_next(
        200, body=_chat_calls(_tool_call("c1", "get_weather", PARIS), _tool_call("c2", "get_time", {"zone": "CET"}))
    )
    run = await api.run(
        api.client.chat.completions.run_tools(
            model=MODEL,
            messages=[{"role": "user", "content": "Weather and time in Paris?"}],
            tools=[function_tool(get_weather), function_tool(get_time)],
        )
    )
    assert len(server.requests) == 2 and run.rounds == 2
    assert run.content == "Echo: 12:00 in CET"  # the server echoes the last tool output
    second = server.requests[1].json()["messages"]
    assert [m["role"] for m in second] == ["user", "assistant", "tool", "tool"]
    assert [c["id"] for c in second[1]["tool_calls"]] == ["c1", "c2"]
    assert second[2] == {
        "role": "tool",
        "tool_call_id": "c1",
        "content": json.dumps({"city": "Paris", "unit": "c", "days": 2, "sky": "sunny"}),
    }
    assert second[3] == {"role": "tool", "tool_call_id": "c2", "content": "12:00 in CET"}


async def test_responses_loop_with_the_servers_own_tool_call(api: Api, server: LocalServer) -> None:
    run = await api.run(
        api.client.responses.run_tools(
            model=MODEL, input="Time?", tools=[function_tool(get_time), function_tool(get_weather)]
        )
    )
    assert isinstance(run, ResponsesToolRun)
    assert run.rounds == 2 and len(server.requests) == 2
    weather = json.dumps({"city": "example", "unit": "c", "days": 1, "sky": "sunny"})
    assert run.output_text == "Echo: " + weather  # both tools were called; the last output is echoed
    sent = server.requests[0].json()
    assert sent["tools"] == [function_tool(get_time).for_responses(), function_tool(get_weather).for_responses()]
    items = server.requests[1].json()["input"]
    kinds = [i.get("type", "message") for i in items]
    assert kinds == ["message", "function_call", "function_call", "function_call_output", "function_call_output"]
    assert [i["output"] for i in items[3:]] == ["12:00 in example", weather]
    assert [i["call_id"] for i in items[3:]] == [i["call_id"] for i in items[1:3]]


async def test_responses_two_tool_loop(api: Api, server: LocalServer) -> None:
    server.fail_next(200, body=_responses_calls(("c1", "get_time", {"zone": "UTC"}), ("c2", "get_weather", PARIS)))
    run = await api.run(
        api.client.responses.run_tools(
            model=MODEL,
            input=[{"role": "user", "content": "Time and weather?"}],
            tools=[function_tool(get_time), function_tool(get_weather)],
        )
    )
    assert len(server.requests) == 2 and run.rounds == 2
    assert run.output_text == "Echo: " + json.dumps({"city": "Paris", "unit": "c", "days": 2, "sky": "sunny"})
    outputs = [i for i in server.requests[1].json()["input"] if i.get("type") == "function_call_output"]
    assert [(o["call_id"], o["output"]) for o in outputs][:1] == [("c1", "12:00 in UTC")]
    assert run.input[-1]["type"] == "message"  # the transcript ends with the final answer


async def test_a_failing_tool_reports_its_error_to_the_model(api: Api, server: LocalServer) -> None:
    run = await api.run(
        api.client.chat.completions.run_tools(
            model=MODEL, messages=[{"role": "user", "content": "x"}], tools=[function_tool(broken_weather)]
        )
    )
    assert run.content == "Echo: Error: ValueError: no weather for example"
    run = await api.run(api.client.responses.run_tools(model=MODEL, input="x", tools=[function_tool(broken_weather)]))
    assert run.output_text == "Echo: Error: ValueError: no weather for example"


async def test_unknown_tools_and_bad_arguments_are_reported_too(api: Api, server: LocalServer) -> None:
    server.fail_next(
        200, body=_chat_calls(_tool_call("c1", "nope", {}), _tool_call("c2", "get_weather", {"place": "Paris"}))
    )
    run = await api.run(
        api.client.chat.completions.run_tools(
            model=MODEL, messages=[{"role": "user", "content": "x"}], tools=[function_tool(get_weather)]
        )
    )
    tool_messages = [m["content"] for m in run.messages if m["role"] == "tool"]
    assert tool_messages[0] == "Error: LookupError: there is no tool named 'nope'"
    assert tool_messages[1].startswith(
        "Error: ValueError: invalid arguments for get_weather: at place: expected object"
    )


async def test_max_rounds(api: Api, server: LocalServer) -> None:
    tools = [function_tool(get_time)]
    with pytest.raises(ToolRoundsExceededError) as caught:
        await api.run(
            api.client.chat.completions.run_tools(
                model=MODEL, messages=[{"role": "user", "content": "x"}], tools=tools, max_rounds=1
            )
        )
    err = caught.value
    assert isinstance(err, OpenAIError) and err.max_rounds == 1 and "max_rounds=1" in str(err)
    assert len(server.requests) == 1 and err.run.rounds == 1
    assert err.run.messages[-1]["tool_calls"][0]["function"]["name"] == "get_time"  # not run
    assert err.completion.choices[0].finish_reason == "tool_calls"

    server.reset()
    with pytest.raises(ToolRoundsExceededError) as caught:
        await api.run(api.client.responses.run_tools(model=MODEL, input="x", tools=tools, max_rounds=1))
    assert len(server.requests) == 1 and caught.value.run.input[-1]["type"] == "function_call"

    server.reset()
    run = await api.run(
        api.client.chat.completions.run_tools(
            model=MODEL, messages=[{"role": "user", "content": "x"}], tools=tools, max_rounds=2
        )
    )
    assert run.rounds == 2 and run.content == "Echo: 12:00 in example"
    with pytest.raises(ValueError, match="max_rounds"):
        await api.run(api.client.responses.run_tools(model=MODEL, input="x", tools=tools, max_rounds=0))


async def test_no_tool_call_means_one_round(api: Api, server: LocalServer) -> None:
    run = await api.run(
        api.client.chat.completions.run_tools(
            model=MODEL,
            messages=[{"role": "user", "content": "hello"}],
            tools=[function_tool(get_time)],
            tool_choice="none",
        )
    )
    assert run.rounds == 1 and run.content == "Echo: hello" and len(server.requests) == 1


# ---- concurrency on the async client ------------------------------------------------------------


@pytest.fixture
async def aclient(server: LocalServer) -> Any:
    client = make_client("async", base_url=server.url)
    yield client
    await close_client(client)


class Overlap:
    """Counts how many tool calls are running at once."""

    def __init__(self) -> None:
        self.active = 0
        self.most = 0

    async def hold(self, seconds: float) -> None:
        self.active += 1
        self.most = max(self.most, self.active)
        try:
            await asyncio.sleep(seconds)
        finally:
            self.active -= 1


async def test_parallel_async_tools_run_concurrently(aclient: AsyncClient, server: LocalServer) -> None:
    overlap = Overlap()

    async def slow_a(x: str) -> str:
        """Slow tool A."""
        await overlap.hold(0.3)
        return f"a:{x}"

    async def slow_b(x: str) -> str:
        """Slow tool B."""
        await overlap.hold(0.3)
        return f"b:{x}"

    server.fail_next(
        200, body=_chat_calls(_tool_call("c1", "slow_a", {"x": "1"}), _tool_call("c2", "slow_b", {"x": "2"}))
    )
    loop = asyncio.get_running_loop()
    started = loop.time()
    run = await aclient.chat.completions.run_tools(
        model=MODEL,
        messages=[{"role": "user", "content": "go"}],
        tools=[function_tool(slow_a), function_tool(slow_b)],
    )
    elapsed = loop.time() - started
    assert overlap.most == 2  # both calls were in flight at the same time (not a timing race)
    assert elapsed >= 0.3  # and they really ran: each sleeps 0.3 s
    assert run.content == "Echo: b:2"

    overlap.most = 0
    server.fail_next(200, body=_responses_calls(("c1", "slow_a", {"x": "1"}), ("c2", "slow_b", {"x": "2"})))
    run2 = await aclient.responses.run_tools(
        model=MODEL, input="go", tools=[function_tool(slow_a), function_tool(slow_b)]
    )
    assert overlap.most == 2 and run2.output_text == "Echo: b:2"


async def test_sync_tools_run_in_threads_on_the_async_client(aclient: AsyncClient, server: LocalServer) -> None:
    barrier = threading.Barrier(2, timeout=5)  # passes only if both calls run at the same time

    def left(x: str) -> str:
        barrier.wait()
        return f"left:{x}:{threading.current_thread() is threading.main_thread()}"

    def right(x: str) -> str:
        barrier.wait()
        return f"right:{x}"

    server.fail_next(200, body=_chat_calls(_tool_call("c1", "left", {"x": "1"}), _tool_call("c2", "right", {"x": "2"})))
    run = await aclient.chat.completions.run_tools(
        model=MODEL, messages=[{"role": "user", "content": "go"}], tools=[function_tool(left), function_tool(right)]
    )
    outputs = [m["content"] for m in run.messages if m["role"] == "tool"]
    assert outputs == ["left:1:False", "right:2"]


async def test_an_async_tool_on_the_sync_client_is_refused_before_any_request(server: LocalServer) -> None:
    async def later(x: str) -> str:
        return x

    client = make_client("sync", base_url=server.url)
    try:
        with pytest.raises(TypeError, match="asynchronous: run it with AsyncClient"):
            client.chat.completions.run_tools(
                model=MODEL, messages=[{"role": "user", "content": "x"}], tools=[function_tool(later)]
            )
    finally:
        await close_client(client)
    assert server.requests == []
