"""A Realtime session over WebSocket: send client events, read typed server events.

Run: python examples/realtime.py
"""

from __future__ import annotations

import asyncio

from _local import api

from openai_core import AsyncClient

HELLO = {
    "type": "conversation.item.create",
    "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hello, realtime"}]},
}


async def main(base_url: str, api_key: str) -> None:
    async with (
        AsyncClient(api_key=api_key, base_url=base_url) as client,
        await client.realtime.connect(model="gpt-realtime") as session,
    ):
        await session.send({"type": "session.update", "session": {"type": "realtime", "output_modalities": ["text"]}})
        await session.send(HELLO)
        await session.send({"type": "response.create"})
        text = []
        async for event in session:
            if event.type == "response.output_text.delta":
                text.append(event.delta)
            elif event.type == "response.done":
                break
        print("realtime answer:", "".join(text))


with api() as (base_url, api_key):
    asyncio.run(main(base_url, api_key))
