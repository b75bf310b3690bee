import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
uploaded = client.files.create(file=("doc.txt", b"content"), purpose="assistants")
processed = client.files.wait_for_processing(uploaded.id)
assert processed.status == "processed"


async def main() -> None:
    aclient = AsyncOpenAI()
    f = await aclient.files.create(file=("doc2.txt", b"more"), purpose="assistants")
    done = await aclient.files.wait_for_processing(f.id)
    assert done.id == f.id and done.status == "processed"
    await aclient.close()


asyncio.run(main())
