from openai_core import OpenAI

client = OpenAI()
stream = client.responses.create(
    model="gpt-4o",
    input="Write a one-sentence bedtime story about a unicorn.",
    stream=True,
)
deltas = []
types = []
for event in stream:
    types.append(event.type)
    if event.type == "response.output_text.delta":
        deltas.append(event.delta)
    elif event.type == "response.completed":
        final = event.response
assert types[0] == "response.created"
assert types[-1] == "response.completed"
assert "".join(deltas) == final.output_text
