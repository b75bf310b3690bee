import asyncio
from pathlib import Path

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
Path("input.jsonl").write_bytes(b'{"custom_id": "1"}\n')
from_path = client.files.create(file=Path("input.jsonl"), purpose="batch")
from_bytes = client.files.create(file=b'{"custom_id": "2"}\n', purpose="batch")
assert from_path.filename == "input.jsonl"
assert from_bytes.bytes == len(b'{"custom_id": "2"}\n')


async def main() -> None:
    aclient = AsyncOpenAI()
    uploaded = await aclient.files.create(file=Path("input.jsonl"), purpose="batch")
    assert (await aclient.files.content(uploaded.id)).read() == Path("input.jsonl").read_bytes()
    await aclient.close()


asyncio.run(main())
