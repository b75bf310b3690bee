import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    raw = await client.embeddings.with_raw_response.create(model="text-embedding-3-small", input="hello")
    assert raw.status_code == 200
    assert raw.headers["x-request-id"]
    embedding = raw.parse()
    assert embedding.data[0].embedding
    async with client.chat.completions.with_streaming_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}]
    ) as response:
        assert response.headers["content-type"].startswith("application/json")
        text = await response.text()
        completion = await response.parse()
    assert completion.choices[0].message.content in text
    await client.close()


asyncio.run(main())
