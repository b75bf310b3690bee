import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
first = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "system", "content": "Be terse."}, {"role": "user", "content": "hello"}],
    store=True,
    metadata={"project": "demo"},
)
client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "not stored"}])
stored = list(client.chat.completions.list(metadata={"project": "demo"}))
assert [c.id for c in stored] == [first.id]
again = client.chat.completions.retrieve(first.id)
assert again.choices[0].message.content == first.choices[0].message.content
messages = list(client.chat.completions.messages.list(first.id))
assert [m.role for m in messages] == ["system", "user"]
assert messages[1].content == "hello"
updated = client.chat.completions.update(first.id, metadata={"project": "demo", "reviewed": "yes"})
assert updated.metadata == {"project": "demo", "reviewed": "yes"}


async def main() -> None:
    aclient = AsyncOpenAI()
    deleted = await aclient.chat.completions.delete(first.id)
    assert deleted.deleted is True
    assert [c.id async for c in aclient.chat.completions.list()] == []
    await aclient.close()


asyncio.run(main())
