import asyncio

from openai_core import AsyncOpenAI

client = AsyncOpenAI()


async def main() -> None:
    completion = await client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "How do I output all files in a directory using Python?"}],
        n=2,
    )
    assert len(completion.choices) == 2
    assert [choice.index for choice in completion.choices] == [0, 1]
    for choice in completion.choices:
        assert choice.message.content
    await client.close()


asyncio.run(main())
