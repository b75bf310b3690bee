from openai_core import OpenAI

client = OpenAI()
completion = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Say hello to the world"},
    ],
)
message = completion.choices[0].message
assert isinstance(message.content, str) and message.content
assert message.role == "assistant"
assert completion.choices[0].finish_reason == "stop"
assert completion.model.startswith("gpt-4o-mini")
assert completion.usage is not None and completion.usage.total_tokens > 0
assert completion.id.startswith("chatcmpl-")
assert completion.object == "chat.completion"
