import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
raw = client.with_raw_response.models.list()
assert raw.headers["x-request-id"]
assert "gpt-4o" in [m.id for m in raw.parse()]
response = client.chat.completions.create(
    model="gpt-4o", messages=[{"role": "user", "content": "hi"}], timeout=30, extra_headers={"X-Trace": "abc"}
)
assert response.choices[0].message.content


async def main() -> None:
    aclient = AsyncOpenAI()
    raw = await aclient.with_raw_response.embeddings.create(model="text-embedding-3-small", input="hi")
    assert raw.status_code == 200
    assert raw.parse().data[0].embedding
    await aclient.close()


asyncio.run(main())
