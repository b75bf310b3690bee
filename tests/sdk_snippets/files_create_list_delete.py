from pathlib import Path

from openai_core import OpenAI

client = OpenAI()
Path("train.jsonl").write_text('{"messages": []}\n')
uploaded = client.files.create(file=Path("train.jsonl"), purpose="fine-tune")
assert uploaded.filename == "train.jsonl"
assert uploaded.purpose == "fine-tune"
assert uploaded.bytes == len('{"messages": []}\n')

with open("train.jsonl", "rb") as f:
    second = client.files.create(file=f, purpose="assistants")
third = client.files.create(file=("notes.txt", b"hello", "text/plain"), purpose="user_data")
assert third.filename == "notes.txt"

ids = [f.id for f in client.files.list()]
assert {uploaded.id, second.id, third.id} <= set(ids)

retrieved = client.files.retrieve(third.id)
assert retrieved.id == third.id and retrieved.bytes == 5

deleted = client.files.delete(second.id)
assert deleted.deleted is True and deleted.id == second.id
assert second.id not in [f.id for f in client.files.list()]
