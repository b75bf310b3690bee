import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
moderation = client.moderations.create(model="omni-moderation-latest", input="I want to hug my friend.")
result = moderation.results[0]
assert result.flagged is False
assert isinstance(result.categories.violence, bool)
assert isinstance(result.category_scores.violence, float)
assert moderation.id.startswith("modr-")


async def main() -> None:
    aclient = AsyncOpenAI()
    many = await aclient.moderations.create(input=["first text", "second text"])
    assert len(many.results) == 2
    await aclient.close()


asyncio.run(main())
