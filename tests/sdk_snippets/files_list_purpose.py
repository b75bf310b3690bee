from openai_core import OpenAI

client = OpenAI()
client.files.create(file=("a.jsonl", b"{}\n"), purpose="batch")
kept = client.files.create(file=("b.txt", b"notes"), purpose="assistants")
assistants_files = list(client.files.list(purpose="assistants"))
assert [f.id for f in assistants_files] == [kept.id]
newest_first = [f.filename for f in client.files.list(order="desc")]
assert newest_first == ["b.txt", "a.jsonl"]
