import json

from openai_core import OpenAI
from openai_core.types.chat import ChatCompletion

client = OpenAI()
completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
data = completion.model_dump(mode="json")
rebuilt = ChatCompletion.model_validate(data)
assert rebuilt.id == completion.id
assert rebuilt.choices[0].message.content == completion.choices[0].message.content
assert ChatCompletion.construct(**data).id == completion.id
assert json.loads(completion.model_dump_json(exclude_unset=True))["id"] == completion.id
assert completion.model_dump(exclude_none=True)["choices"][0]["message"].get("tool_calls") is None
assert completion.choices[0].message.model_dump(exclude_none=True) == {
    "role": "assistant",
    "content": completion.choices[0].message.content,
    "annotations": [],
}
