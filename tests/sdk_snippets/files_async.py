import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    created = [
        await client.files.create(file=(f"doc{i}.txt", f"document {i}".encode()), purpose="assistants")
        for i in range(5)
    ]
    seen = []
    async for file in client.files.list(limit=2):
        seen.append(file.id)
    assert set(seen) >= {f.id for f in created}

    first_page = await client.files.list(limit=2)
    assert len(first_page.data) == 2
    assert first_page.has_next_page()
    content = await client.files.content(created[0].id)
    assert content.text == "document 0"
    deleted = await client.files.delete(created[0].id)
    assert deleted.deleted
    await client.close()


asyncio.run(main())
