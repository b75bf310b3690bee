import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    stream = await client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Count to five"}],
        stream=True,
    )
    text = ""
    finish_reasons = []
    async for chunk in stream:
        choice = chunk.choices[0]
        text += choice.delta.content or ""
        if choice.finish_reason:
            finish_reasons.append(choice.finish_reason)
    assert text
    assert finish_reasons == ["stop"]
    await client.close()


asyncio.run(main())
