import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    async with (
        AsyncOpenAI() as client,
        client.chat.completions.stream(
            model="gpt-4o",
            messages=[{"role": "user", "content": "Say something nice"}],
        ) as stream,
    ):
        chunks = 0
        async for event in stream:
            if event.type == "chunk":
                chunks += 1
        completion = await stream.get_final_completion()
    assert chunks > 1
    assert completion.choices[0].message.content
    assert completion.choices[0].message.role == "assistant"


asyncio.run(main())
