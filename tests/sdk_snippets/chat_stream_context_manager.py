from openai_core import OpenAI

client = OpenAI()
with client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "Tell me about the weather in five words"}],
    stream=True,
) as stream:
    assert stream.response.headers["content-type"].startswith("text/event-stream")
    first = next(iter(stream))
    assert first.choices[0].delta.role == "assistant"
    rest = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
assert rest
