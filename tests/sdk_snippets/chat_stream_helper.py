from openai_core import OpenAI

client = OpenAI()
deltas = []
with client.chat.completions.stream(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Write a haiku about the sea"}],
) as stream:
    for event in stream:
        if event.type == "content.delta":
            deltas.append(event.delta)
        elif event.type == "content.done":
            done_content = event.content

completion = stream.get_final_completion()
assert deltas
assert "".join(deltas) == done_content == completion.choices[0].message.content
assert completion.choices[0].finish_reason == "stop"
