import asyncio
import json

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    line = {
        "custom_id": "a",
        "method": "POST",
        "url": "/v1/embeddings",
        "body": {"model": "text-embedding-3-small", "input": "hi"},
    }
    f = await client.files.create(file=("in.jsonl", json.dumps(line).encode()), purpose="batch")
    batch = await client.batches.create(input_file_id=f.id, endpoint="/v1/embeddings", completion_window="24h")
    cancelled = await client.batches.cancel(batch.id)
    assert cancelled.status in ("cancelling", "cancelled")
    listed = [b.id async for b in client.batches.list(limit=10)]
    assert batch.id in listed
    await client.close()


asyncio.run(main())
