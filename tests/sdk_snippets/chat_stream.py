from openai_core import OpenAI

client = OpenAI()
stream = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Tell me a short story about a robot"}],
    stream=True,
    stream_options={"include_usage": True},
)
parts = []
usage = None
for chunk in stream:
    if chunk.usage is not None:
        usage = chunk.usage
    if chunk.choices and chunk.choices[0].delta.content:
        parts.append(chunk.choices[0].delta.content)
text = "".join(parts)
assert text
assert usage is not None and usage.completion_tokens > 0
assert chunk.object == "chat.completion.chunk"
