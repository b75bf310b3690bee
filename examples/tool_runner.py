"""The tool runner: Python functions become tools, and the loop runs the model's calls.

Run: python examples/tool_runner.py
"""

from __future__ import annotations

import asyncio

from _local import MODEL, api

from openai_core import AsyncClient, Client, function_tool


@function_tool
def get_weather(city: str, unit: str = "celsius") -> str:
    """Current weather in a city."""
    return f"21 degrees {unit} and sunny in {city}"


@function_tool
async def get_time(city: str) -> str:
    """Local time in a city."""
    await asyncio.sleep(0)
    return f"It is 10:30 in {city}"


QUESTION = [{"role": "user", "content": "What's the weather in Lisbon?"}]

with api() as (base_url, api_key):
    with Client(api_key=api_key, base_url=base_url) as client:
        run = client.chat.completions.run_tools(model=MODEL, messages=QUESTION, tools=[get_weather], max_rounds=4)
        print(f"sync:  {run.rounds} rounds -> {run.content}")

    async def main() -> None:
        async with AsyncClient(api_key=api_key, base_url=base_url) as aclient:
            run = await aclient.chat.completions.run_tools(
                model=MODEL, messages=QUESTION, tools=[get_weather, get_time], max_rounds=4
            )
            print(f"async: {run.rounds} rounds -> {run.content}")

    asyncio.run(main())
