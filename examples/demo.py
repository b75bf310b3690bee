"""The tour in one run: starts the embedded server, then calls it through both clients.

Run: python examples/demo.py     (no API key, no network)
"""

from __future__ import annotations

import asyncio
import json

from openai_core import AsyncClient, Client
from openai_core.testing import LocalServer

MODEL = "gpt-4o-mini"
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


def sync_tour(base_url: str) -> None:
    print("== Client (requests transport)")
    with Client(api_key="sk-local", base_url=base_url) as client:
        reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Hello"}])
        print("chat:     ", reply.choices[0].message.content, f"(request id {reply._request_id})")

        print("stream:    ", end="")
        with client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Stream me"}], stream=True
        ) as stream:
            for chunk in stream:
                if chunk.choices:
                    print(chunk.choices[0].delta.content or "", end="", flush=True)
        print()

        reply = client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Weather in Paris?"}], tools=[WEATHER_TOOL]
        )
        call = reply.choices[0].message.tool_calls[0]
        print("tool call:", call.function.name, json.loads(call.function.arguments))

        texts = []
        for event in client.responses.create(model=MODEL, input="Hi from responses", stream=True):
            if event.type == "response.output_text.delta":
                texts.append(event.delta)
        print("responses:", "".join(texts))


async def async_tour(base_url: str) -> None:
    print("== AsyncClient (aiohttp transport)")
    async with AsyncClient(api_key="sk-local", base_url=base_url) as client:
        reply = await client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Hello"}])
        print("chat:     ", reply.choices[0].message.content)

        print("stream:    ", end="")
        stream = await client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Stream me"}], stream=True
        )
        async with stream:
            async for chunk in stream:
                if chunk.choices:
                    print(chunk.choices[0].delta.content or "", end="", flush=True)
        print()

        reply = await client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Weather in Oslo?"}], tools=[WEATHER_TOOL]
        )
        call = reply.choices[0].message.tool_calls[0]
        print("tool call:", call.function.name, json.loads(call.function.arguments))

        vectors = await client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
        print("embeddings:", len(vectors.data), "vectors of", len(vectors.data[0].embedding), "floats")

        names = [model.id async for model in client.models.list()]
        print("models:   ", ", ".join(names))


def main() -> None:
    with LocalServer() as server:
        print(f"embedded server at {server.url}\n")
        sync_tour(server.url)
        print()
        asyncio.run(async_tour(server.url))


if __name__ == "__main__":
    main()
