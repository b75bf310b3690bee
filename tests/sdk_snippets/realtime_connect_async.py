import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    async with client.realtime.connect(model="gpt-realtime") as connection:
        await connection.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        await connection.conversation.item.create(
            item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}
        )
        await connection.response.create()
        types = []
        async for event in connection:
            types.append(event.type)
            if event.type == "response.done":
                break
    assert "session.updated" in types or "session.created" in types
    assert types[-1] == "response.done"
    await client.close()


asyncio.run(main())
