import time

from openai_core import OpenAI

client = OpenAI()
response = client.responses.create(model="o3-mini", input="Write a long essay", background=True)
while response.status in {"queued", "in_progress"}:
    time.sleep(0.05)
    response = client.responses.retrieve(response.id)
assert response.status == "completed"
assert response.output_text
