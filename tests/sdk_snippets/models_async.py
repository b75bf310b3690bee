import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    async with AsyncOpenAI() as client:
        ids = [m.id async for m in client.models.list()]
        assert "text-embedding-3-small" in ids
        model = await client.models.retrieve("gpt-4o")
        assert model.id == "gpt-4o"
        deleted = await client.models.delete("gpt-4o")
        assert deleted.deleted is True and deleted.id == "gpt-4o"


asyncio.run(main())
