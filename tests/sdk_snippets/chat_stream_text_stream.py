from openai_core import OpenAI

client = OpenAI()
with client.chat.completions.stream(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Describe the moon"}],
) as stream:
    first = stream.get_final_completion()

with client.chat.completions.stream(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Describe the moon"}],
) as stream:
    text = "".join(event.delta for event in stream if event.type == "content.delta")
assert text == first.choices[0].message.content
