import asyncio

from openai_core import AsyncOpenAI

client = AsyncOpenAI()


async def ask(text: str) -> str:
    completion = await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
    return completion.choices[0].message.content


assert asyncio.run(ask("first")) == "Echo: first"
assert asyncio.run(ask("second")) == "Echo: second"
