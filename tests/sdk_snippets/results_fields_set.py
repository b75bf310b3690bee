from openai_core import OpenAI

client = OpenAI()
completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
assert "choices" in completion.model_fields_set
assert completion.choices[0].message.audio is None
assert "audio" not in completion.choices[0].message.model_fields_set
assert completion.choices[0].message.refusal is None
assert "refusal" in completion.choices[0].message.model_fields_set
dumped = completion.model_dump(exclude_unset=True)
assert "audio" not in dumped["choices"][0]["message"]
