import json

from openai_core import OpenAI

client = OpenAI()
lines = [
    {
        "custom_id": f"req-{i}",
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"Hello {i}"}]},
    }
    for i in range(3)
]
batch_input = client.files.create(
    file=("batch.jsonl", "\n".join(json.dumps(line) for line in lines).encode()), purpose="batch"
)
batch = client.batches.create(
    input_file_id=batch_input.id,
    endpoint="/v1/chat/completions",
    completion_window="24h",
    metadata={"description": "nightly eval job"},
)
assert batch.status in ("validating", "in_progress")
assert batch.metadata == {"description": "nightly eval job"}
for _ in range(20):
    batch = client.batches.retrieve(batch.id)
    if batch.status == "completed":
        break
assert batch.status == "completed"
assert batch.request_counts.completed == 3
output = client.files.content(batch.output_file_id).text
results = [json.loads(line) for line in output.splitlines()]
assert sorted(r["custom_id"] for r in results) == ["req-0", "req-1", "req-2"]
assert batch.id in [b.id for b in client.batches.list()]
