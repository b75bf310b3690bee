import asyncio

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    assistant = await client.beta.assistants.create(model="gpt-4o-mini", name="Helper")
    run = await client.beta.threads.create_and_run_poll(
        assistant_id=assistant.id,
        thread={"messages": [{"role": "user", "content": "Hello there"}]},
    )
    assert run.status == "completed"
    messages = await client.beta.threads.messages.list(thread_id=run.thread_id, order="asc")
    assert [m.role for m in messages.data] == ["user", "assistant"]
    async with client.beta.threads.runs.stream(thread_id=run.thread_id, assistant_id=assistant.id) as stream:
        texts = [delta async for delta in stream.text_deltas]
    assert "".join(texts)
    assistants = [a.id async for a in client.beta.assistants.list()]
    assert assistant.id in assistants
    deleted = await client.beta.assistants.delete(assistant.id)
    assert deleted.deleted
    await client.close()


asyncio.run(main())
