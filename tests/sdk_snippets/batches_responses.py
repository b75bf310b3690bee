import json

from openai_core import OpenAI

client = OpenAI()
requests = [
    {"custom_id": f"q{i}", "method": "POST", "url": "/v1/responses", "body": {"model": "gpt-4o-mini", "input": f"Q{i}"}}
    for i in range(2)
]
batch_file = client.files.create(
    file=("requests.jsonl", "\n".join(map(json.dumps, requests)).encode()), purpose="batch"
)
batch = client.batches.create(input_file_id=batch_file.id, endpoint="/v1/responses", completion_window="24h")
while batch.status not in ("completed", "failed", "expired", "cancelled"):
    batch = client.batches.retrieve(batch.id)
assert batch.status == "completed"
lines = client.files.content(batch.output_file_id).text.strip().splitlines()
answers = {row["custom_id"]: row["response"]["body"] for row in map(json.loads, lines)}
assert set(answers) == {"q0", "q1"}
assert answers["q0"]["object"] == "response"
