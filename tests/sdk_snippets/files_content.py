from openai_core import OpenAI

client = OpenAI()
uploaded = client.files.create(file=("data.jsonl", b'{"a": 1}\n{"a": 2}\n'), purpose="batch")
content = client.files.content(uploaded.id)
assert content.read() == b'{"a": 1}\n{"a": 2}\n'
assert content.text.splitlines() == ['{"a": 1}', '{"a": 2}']
content.write_to_file("copy.jsonl")
with open("copy.jsonl", "rb") as f:
    assert f.read() == content.content
