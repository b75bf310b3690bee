from openai_core import OpenAI

client = OpenAI()
conversation = client.conversations.create(
    metadata={"topic": "demo"},
    items=[{"type": "message", "role": "user", "content": "Hello!"}],
)
assert conversation.id.startswith("conv_")
assert conversation.metadata == {"topic": "demo"}
items = client.conversations.items.list(conversation.id)
assert [item.type for item in items] == ["message"]
client.conversations.items.create(
    conversation.id, items=[{"type": "message", "role": "user", "content": "Another message"}]
)
assert len(list(client.conversations.items.list(conversation.id))) == 2
updated = client.conversations.update(conversation.id, metadata={"topic": "project-x"})
assert updated.metadata == {"topic": "project-x"}
deleted = client.conversations.delete(conversation.id)
assert deleted.deleted is True
