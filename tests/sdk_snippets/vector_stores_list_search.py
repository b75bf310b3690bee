from openai_core import OpenAI

client = OpenAI()
store = client.vector_stores.create(name="kb")
uploaded = client.files.create(file=("policy.txt", b"Refunds are issued within 5 days."), purpose="assistants")
client.vector_stores.files.create_and_poll(vector_store_id=store.id, file_id=uploaded.id)
assert store.id in [s.id for s in client.vector_stores.list()]
files = list(client.vector_stores.files.list(vector_store_id=store.id))
assert [f.id for f in files] == [uploaded.id]
results = client.vector_stores.search(vector_store_id=store.id, query="refund")
hits = results.data
assert hits and hits[0].file_id == uploaded.id
assert "Refunds" in hits[0].content[0].text
deleted = client.vector_stores.delete(store.id)
assert deleted.deleted is True
