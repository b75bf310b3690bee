from pathlib import Path

from openai_core import OpenAI

client = OpenAI()
vector_store = client.vector_stores.create(name="Financial Statements")
paths = []
for name in ("q1.txt", "q2.txt", "q3.txt"):
    Path(name).write_text(f"revenue report {name}")
    paths.append(Path(name))
streams = [open(p, "rb") for p in paths]  # noqa: SIM115
file_batch = client.vector_stores.file_batches.upload_and_poll(vector_store_id=vector_store.id, files=streams)
for s in streams:
    s.close()
assert file_batch.status == "completed"
assert file_batch.file_counts.completed == 3
assert file_batch.file_counts.total == 3
