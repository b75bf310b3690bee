import asyncio

from pydantic import BaseModel

from openai_core import AsyncOpenAI


class Sentiment(BaseModel):
    label: str
    score: float


async def main() -> None:
    client = AsyncOpenAI()
    response = await client.responses.parse(model="gpt-4o", input="I love this!", text_format=Sentiment)
    assert isinstance(response.output_parsed, Sentiment)
    assert isinstance(response.output_parsed.score, float)
    await client.close()


asyncio.run(main())
