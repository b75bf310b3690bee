import asyncio
from pathlib import Path

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    store = await client.vector_stores.create(name="docs", metadata={"team": "search"})
    Path("a.txt").write_text("alpha")
    Path("b.txt").write_text("beta")
    vs_file = await client.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=Path("a.txt"))
    assert vs_file.status == "completed"
    batch = await client.vector_stores.file_batches.upload_and_poll(store.id, files=[Path("b.txt")])
    assert batch.file_counts.completed == 1
    store = await client.vector_stores.retrieve(store.id)
    assert store.metadata == {"team": "search"}
    await client.close()


asyncio.run(main())
