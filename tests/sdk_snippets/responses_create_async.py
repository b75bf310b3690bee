import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    response = await client.responses.create(
        model="gpt-4o-mini",
        input=[
            {"role": "developer", "content": "Talk like a pirate."},
            {"role": "user", "content": "Are semicolons optional in JavaScript?"},
        ],
    )
    assert response.output_text
    assert response.model.startswith("gpt-4o-mini")
    await client.close()


asyncio.run(main())
