import json

from openai_core import OpenAI

client = OpenAI()
raw = client.chat.completions.with_raw_response.create(
    model="gpt-4o-mini", messages=[{"role": "user", "content": "Say this is a test"}]
)
assert raw.headers.get("x-request-id", "").startswith("req_")
assert raw.headers.get("x-ratelimit-remaining-requests") is not None
assert raw.status_code == 200
completion = raw.parse()
assert completion.choices[0].message.content
assert completion._request_id == raw.headers["x-request-id"]

models_raw = client.models.with_raw_response.list()
assert [m.id for m in models_raw.parse()] == [m.id for m in client.models.list()]
assert json.loads(models_raw.text)["object"] == "list"
