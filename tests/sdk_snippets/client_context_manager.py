import asyncio

from openai_core import AsyncOpenAI, OpenAI

with OpenAI() as client:
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    assert reply.choices[0].message.content
assert client.is_closed()


async def main() -> None:
    async with AsyncOpenAI() as aclient:
        reply = await aclient.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
        assert reply.choices[0].message.content
    assert aclient.is_closed()


asyncio.run(main())
