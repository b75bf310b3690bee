import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
assert completion._request_id.startswith("req_")
embedding = client.embeddings.create(model="text-embedding-3-small", input="x")
assert embedding._request_id != completion._request_id
page = client.models.list()
assert page._request_id


async def main() -> None:
    aclient = AsyncOpenAI()
    response = await aclient.responses.create(model="gpt-4o", input="hi")
    assert response._request_id.startswith("req_")
    await aclient.close()


asyncio.run(main())
