"""The embedded server as a test double for agents: several tool calls when several tools are
offered (chat and Responses, plain and streamed), and a client that leaves mid-stream is normal,
never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from openai_core.testing import LocalServer
from tests.conftest import Api

MODEL = "gpt-4o-mini"


def tool(name: str, required: list[str]) -> dict[str, Any]:
    properties = {field: {"type": "string"} for field in required}
    return {"name": name, "parameters": {"type": "object", "properties": properties, "required": required}}


CHAT_TOOLS = [
    {"type": "function", "function": tool("get_weather", ["city"])},
    {"type": "function", "function": tool("get_time", ["zone"])},
]
RESPONSES_TOOLS = [
    {"type": "function", **tool("get_weather", ["city"])},
    {"type": "function", **tool("get_time", ["zone"])},
]
USER = [{"role": "user", "content": "Weather and time?"}]


async def test_chat_calls_every_offered_tool(api: Api, server: LocalServer) -> None:
    completions = api.client.chat.completions
    reply = await api.run(completions.create(model=MODEL, messages=USER, tools=CHAT_TOOLS))
    calls = reply.choices[0].message.tool_calls
    assert [(c.function.name, json.loads(c.function.arguments)) for c in calls] == [
        ("get_weather", {"city": "example"}),
        ("get_time", {"zone": "example"}),
    ]
    assert len({c.id for c in calls}) == 2 and reply.choices[0].finish_reason == "tool_calls"

    stream = await api.run(completions.create(model=MODEL, messages=USER, tools=CHAT_TOOLS, stream=True))
    final = await api.run(stream.final())
    streamed = final.choices[0].message.tool_calls
    assert [(c.function.name, c.function.arguments) for c in streamed] == [
        ("get_weather", '{"city":"example"}'),
        ("get_time", '{"zone":"example"}'),
    ]

    one = await api.run(completions.create(model=MODEL, messages=USER, tools=CHAT_TOOLS, parallel_tool_calls=False))
    assert [c.function.name for c in one.choices[0].message.tool_calls] == ["get_weather"]
    forced = {"type": "function", "function": {"name": "get_time"}}
    one = await api.run(completions.create(model=MODEL, messages=USER, tools=CHAT_TOOLS, tool_choice=forced))
    assert [c.function.name for c in one.choices[0].message.tool_calls] == ["get_time"]


async def test_a_multi_tool_chat_loop_needs_no_scripting(api: Api, server: LocalServer) -> None:
    completions = api.client.chat.completions
    messages: list[Any] = list(USER)
    reply = await api.run(completions.create(model=MODEL, messages=messages, tools=CHAT_TOOLS))
    calls = reply.choices[0].message.tool_calls
    messages.append({"role": "assistant", "tool_calls": [c.to_dict() for c in calls]})
    for call in calls:
        messages.append({"role": "tool", "tool_call_id": call.id, "content": f"{call.function.name} done"})
    answer = await api.run(completions.create(model=MODEL, messages=messages, tools=CHAT_TOOLS))
    assert answer.choices[0].finish_reason == "stop"
    assert answer.choices[0].message.content == "Echo: get_time done"


async def test_responses_calls_every_offered_tool(api: Api, server: LocalServer) -> None:
    responses = api.client.responses
    response = await api.run(responses.create(model=MODEL, input="Weather and time?", tools=RESPONSES_TOOLS))
    assert [(item.type, item.name) for item in response.output] == [
        ("function_call", "get_weather"),
        ("function_call", "get_time"),
    ]
    stream = await api.run(responses.create(model=MODEL, input="x", tools=RESPONSES_TOOLS, stream=True))
    final = await api.run(stream.final())
    assert [(item.name, item.arguments) for item in final.output] == [
        ("get_weather", '{"city":"example"}'),
        ("get_time", '{"zone":"example"}'),
    ]
    one = await api.run(responses.create(model=MODEL, input="x", tools=RESPONSES_TOOLS, parallel_tool_calls=False))
    assert [item.name for item in one.output] == ["get_weather"]

    items: list[Any] = [{"role": "user", "content": "x"}]
    items += [item.to_dict() for item in response.output]
    items += [{"type": "function_call_output", "call_id": i.call_id, "output": f"{i.name} ok"} for i in response.output]
    answer = await api.run(responses.create(model=MODEL, input=items, tools=RESPONSES_TOOLS))
    assert answer.output[0].content[0].text == "Echo: get_time ok"


_LEAVE_MID_STREAM = textwrap.dedent(
    """
    import asyncio, sys, time
    from openai_core import AsyncClient, Client
    from openai_core.testing import LocalServer

    PROMPT = [{"role": "user", "content": "one two three four five " * 40}]

    def sync(url):
        with Client(api_key="k", base_url=url) as client:
            for _ in range(3):
                stream = client.chat.completions.create(model="m", messages=PROMPT, stream=True)
                for number, _chunk in enumerate(stream):
                    if number == 2:
                        break
                stream.close()
                events = client.responses.create(model="m", input="a b c d e f g h " * 30, stream=True)
                next(iter(events))
                events.close()

    async def run_async(url):
        async with AsyncClient(api_key="k", base_url=url) as client:
            for _ in range(3):
                stream = await client.chat.completions.create(model="m", messages=PROMPT, stream=True)
                async for _chunk in stream:
                    break
                await stream.aclose()

    with LocalServer() as server:
        server.state.event_interval = 0.02
        if sys.argv[1] == "sync":
            sync(server.url)
        else:
            asyncio.run(run_async(server.url))
        time.sleep(0.5)  # the server notices the departures while it is still running
        print(len(server.requests))
    """
)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_client_leaving_mid_stream_prints_nothing(kind: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _LEAVE_MID_STREAM, kind], capture_output=True, text=True, timeout=110, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert int(done.stdout) == (6 if kind == "sync" else 3)
