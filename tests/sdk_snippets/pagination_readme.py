import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
training = client.files.create(file=("t.jsonl", b"{}\n"), purpose="fine-tune")
created = [client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=training.id).id for _ in range(3)]

first_page = client.fine_tuning.jobs.list(limit=2)
assert first_page.has_next_page()
info = first_page.next_page_info()
assert info is not None
next_page = first_page.get_next_page()
assert len(next_page.data) == 1
assert not next_page.has_next_page()
assert [job.id for job in first_page.data + next_page.data] == created[::-1]


async def main() -> None:
    aclient = AsyncOpenAI()
    page = await aclient.fine_tuning.jobs.list(limit=2)
    if page.has_next_page():
        following = await page.get_next_page()
        assert len(following.data) == 1
    pages = [p async for p in page.iter_pages()]
    assert len(pages) == 2
    await aclient.close()


asyncio.run(main())
