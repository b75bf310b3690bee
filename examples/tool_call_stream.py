"""A streamed tool call: the arguments arrive in pieces, joined by the tool call's index.

Run: python examples/tool_call_stream.py
"""

from __future__ import annotations

import json
from typing import Any

from _local import MODEL, api

from openai_core import Client

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
            "required": ["city"],
        },
    },
}

with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    calls: dict[int, dict[str, Any]] = {}  # index -> {"id", "name", "arguments"}
    pieces = 0
    with client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": "Weather in Oslo, in celsius?"}],
        tools=[WEATHER_TOOL],
        stream=True,
    ) as stream:
        for chunk in stream:
            for choice in chunk.choices:
                for delta in choice.delta.tool_calls or []:
                    # The first delta of a call has its id and name; later ones only add arguments.
                    call = calls.setdefault(delta.index, {"id": None, "name": "", "arguments": ""})
                    if delta.id:
                        call["id"] = delta.id
                    if delta.function and delta.function.name:
                        call["name"] = delta.function.name
                    if delta.function and delta.function.arguments:
                        call["arguments"] += delta.function.arguments
                        pieces += 1

    for index, call in sorted(calls.items()):
        print(f"tool call #{index}: {call['name']} [{call['id']}]")
        print(f"  arguments in {pieces} pieces, joined: {call['arguments']}")
        print(f"  parsed: {json.loads(call['arguments'])}")
