import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    conversation = await client.conversations.create()
    response = await client.responses.create(model="gpt-4o", input="Hi!", conversation=conversation.id)
    assert response.output_text
    retrieved = await client.conversations.retrieve(conversation.id)
    assert retrieved.id == conversation.id
    items = [item async for item in client.conversations.items.list(conversation.id)]
    assert len(items) >= 1
    await client.close()


asyncio.run(main())
