from openai_core import OpenAI

client = OpenAI()
first = client.responses.create(model="gpt-4o-mini", input="tell me a joke")
second = client.responses.create(
    model="gpt-4o-mini",
    previous_response_id=first.id,
    input=[{"role": "user", "content": "explain why this is funny."}],
)
assert second.id != first.id
assert second.previous_response_id == first.id
assert second.output_text
deleted = client.responses.delete(first.id)
assert deleted is None
