import json

from openai_core import OpenAI

client = OpenAI()
completion = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "ping"}],
)
as_json = completion.model_dump_json(indent=2)
data = json.loads(as_json)
assert data["id"] == completion.id
assert data["choices"][0]["message"]["content"] == completion.choices[0].message.content

as_dict = completion.model_dump()
assert as_dict["object"] == "chat.completion"
assert as_dict["usage"]["total_tokens"] == completion.usage.total_tokens
assert "logprobs" in completion.model_dump()["choices"][0]
assert "system_fingerprint" not in completion.model_dump(exclude_none=True) or completion.system_fingerprint
assert completion.to_dict()["id"] == completion.id
assert json.loads(completion.to_json())["model"] == completion.model
