import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    async with client.responses.stream(model="gpt-4o", input="Name three colors") as stream:
        seen = set()
        async for event in stream:
            seen.add(event.type)
        response = await stream.get_final_response()
    assert "response.output_text.delta" in seen
    assert "response.completed" in seen
    assert response.output_text
    await client.close()


asyncio.run(main())
