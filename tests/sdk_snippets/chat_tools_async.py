import asyncio
import json

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    tools = [
        {
            "type": "function",
            "function": {
                "name": "lookup_order",
                "parameters": {
                    "type": "object",
                    "properties": {"order_id": {"type": "string"}},
                    "required": ["order_id"],
                },
            },
        }
    ]
    response = await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Where is order 42?"}],
        tools=tools,
        tool_choice={"type": "function", "function": {"name": "lookup_order"}},
    )
    calls = response.choices[0].message.tool_calls
    assert calls is not None and len(calls) == 1
    assert calls[0].function.name == "lookup_order"
    assert "order_id" in json.loads(calls[0].function.arguments)
    await client.close()


asyncio.run(main())
