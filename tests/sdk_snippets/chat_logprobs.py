from openai_core import OpenAI

client = OpenAI()
completion = client.chat.completions.create(
    model="gpt-4o",
    messages=[{"role": "user", "content": "Pick a color"}],
    logprobs=True,
    top_logprobs=2,
    max_completion_tokens=50,
    temperature=0,
    seed=7,
    user="user-1234",
)
choice = completion.choices[0]
assert choice.logprobs is not None
tokens = choice.logprobs.content
assert tokens and all(isinstance(t.logprob, float) for t in tokens)
assert "".join(t.token for t in tokens) == choice.message.content
