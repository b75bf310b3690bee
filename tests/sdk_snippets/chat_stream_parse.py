import asyncio

from pydantic import BaseModel

from openai_core import AsyncOpenAI, OpenAI


class Recipe(BaseModel):
    title: str
    ingredients: list[str]
    minutes: int


client = OpenAI()
with client.chat.completions.stream(
    model="gpt-4o-2024-08-06",
    messages=[{"role": "user", "content": "Give me a quick pasta recipe"}],
    response_format=Recipe,
) as stream:
    for event in stream:
        if event.type == "content.delta":
            assert isinstance(event.delta, str)
    final = stream.get_final_completion()
recipe = final.choices[0].message.parsed
assert isinstance(recipe, Recipe) and isinstance(recipe.minutes, int)


async def main() -> None:
    aclient = AsyncOpenAI()
    async with aclient.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "soup"}], response_format=Recipe
    ) as astream:
        done = [e async for e in astream if e.type == "content.done"]
    assert isinstance(done[0].parsed, Recipe)
    await aclient.close()


asyncio.run(main())
