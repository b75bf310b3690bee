import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
stream = client.chat.completions.create(
    model="gpt-4o", messages=[{"role": "user", "content": "one two three four five six"}], stream=True
)
for index, _chunk in enumerate(stream):
    if index == 2:
        break
stream.close()
after = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "again"}])
assert after.choices[0].message.content


async def main() -> None:
    aclient = AsyncOpenAI()
    astream = await aclient.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "a b c d"}], stream=True
    )
    async for _chunk in astream:
        break
    await astream.close()
    await aclient.close()


asyncio.run(main())
