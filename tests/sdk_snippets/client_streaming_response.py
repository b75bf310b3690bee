import json

from openai_core import OpenAI

client = OpenAI()
with client.chat.completions.with_streaming_response.create(
    model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
) as response:
    assert response.status_code == 200
    lines = list(response.iter_lines())
body = json.loads("".join(lines))
assert body["object"] == "chat.completion"

with client.files.with_streaming_response.content(
    client.files.create(file=("x.txt", b"0123456789"), purpose="assistants").id
) as response:
    assert b"".join(response.iter_bytes()) == b"0123456789"
