from openai_core import OpenAI

client = OpenAI()
response = client.responses.create(
    model="gpt-4o",
    instructions="You are a coding assistant that talks like a pirate.",
    input="How do I check if a Python object is an instance of a class?",
)
assert isinstance(response.output_text, str) and response.output_text
assert response.status == "completed"
assert response.id.startswith("resp")
message = response.output[0]
assert message.type == "message"
assert message.content[0].type == "output_text"
assert message.content[0].text == response.output_text
assert response.usage.input_tokens > 0
