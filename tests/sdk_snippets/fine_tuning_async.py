import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    training = await client.files.create(file=("t.jsonl", b"{}\n"), purpose="fine-tune")
    job = await client.fine_tuning.jobs.create(
        training_file=training.id,
        model="gpt-4o-mini",
        method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2}}},
    )
    jobs = [j.id async for j in client.fine_tuning.jobs.list()]
    assert job.id in jobs
    page = await client.fine_tuning.jobs.list_events(job.id)
    assert page.data and page.data[0].message
    async for event in client.fine_tuning.jobs.list_events(job.id, limit=1):
        assert event.level in ("info", "warn", "error")
    await client.close()


asyncio.run(main())
