from pathlib import Path

from openai_core import OpenAI

client = OpenAI()
vector_store = client.vector_stores.create(name="Support FAQ")
assert vector_store.name == "Support FAQ"
Path("faq.md").write_text("# FAQ\nReturns are accepted within 30 days.\n")
vs_file = client.vector_stores.files.upload_and_poll(vector_store_id=vector_store.id, file=Path("faq.md"))
assert vs_file.status == "completed"
assert vs_file.vector_store_id == vector_store.id

retrieved = client.vector_stores.retrieve(vector_store.id)
assert retrieved.file_counts.completed == 1
