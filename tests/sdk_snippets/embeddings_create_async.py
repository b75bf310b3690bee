import asyncio
import math

from openai_core import AsyncOpenAI


async def main() -> None:
    async with AsyncOpenAI() as client:
        texts = ["cats are great", "dogs are great"]
        results = await asyncio.gather(
            *(client.embeddings.create(model="text-embedding-3-large", input=t) for t in texts)
        )
    vectors = [r.data[0].embedding for r in results]
    assert len(vectors) == 2
    assert vectors[0] != vectors[1]
    norm = math.sqrt(sum(x * x for x in vectors[0]))
    assert 0.99 < norm < 1.01


asyncio.run(main())
