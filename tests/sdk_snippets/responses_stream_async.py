import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    stream = await client.responses.create(model="gpt-4o-mini", input="Say hi", stream=True)
    text = ""
    async for event in stream:
        if event.type == "response.output_text.delta":
            text += event.delta
    assert text
    await client.close()


asyncio.run(main())
