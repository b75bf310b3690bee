"""A tool call: the model asks for a function, we run it, and send the result back.

Run: python examples/tool_call.py
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
        "description": "Current weather in a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


def get_weather(city: str) -> dict[str, Any]:
    return {"city": city, "temperature_c": 18, "sky": "clear"}


with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    messages: list[dict[str, Any]] = [{"role": "user", "content": "What is the weather in Paris?"}]
    reply = client.chat.completions.create(model=MODEL, messages=messages, tools=[WEATHER_TOOL])
    message = reply.choices[0].message
    calls = message.tool_calls or []
    print("finish reason:", reply.choices[0].finish_reason)

    # Send back the assistant's tool calls, then one "tool" message per call.
    messages.append(
        {
            "role": "assistant",
            "content": message.content,
            "tool_calls": [
                {
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.function.name, "arguments": c.function.arguments},
                }
                for c in calls
            ],
        }
    )
    for call in calls:
        arguments = json.loads(call.function.arguments)
        print(f"tool call:     {call.function.name}({arguments}) [{call.id}]")
        result = get_weather(**arguments)
        messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)})

    final = client.chat.completions.create(model=MODEL, messages=messages, tools=[WEATHER_TOOL])
    print("final answer: ", final.choices[0].message.content)
