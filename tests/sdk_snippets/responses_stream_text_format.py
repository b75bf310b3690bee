import asyncio

from pydantic import BaseModel

from openai_core import AsyncOpenAI, OpenAI


class Summary(BaseModel):
    title: str
    bullet_points: list[str]


client = OpenAI()
with client.responses.stream(model="gpt-4o", input="Summarise the news", text_format=Summary) as stream:
    for _event in stream:
        pass
    final = stream.get_final_response()
assert isinstance(final.output_parsed, Summary)


async def main() -> None:
    aclient = AsyncOpenAI()
    async with aclient.responses.stream(model="gpt-4o", input="again", text_format=Summary) as astream:
        await astream.until_done()
        parsed = (await astream.get_final_response()).output_parsed
    assert isinstance(parsed, Summary)
    await aclient.close()


asyncio.run(main())
