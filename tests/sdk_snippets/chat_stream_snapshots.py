import itertools

from openai_core import OpenAI

client = OpenAI()
with client.chat.completions.stream(
    model="gpt-4o",
    messages=[{"role": "user", "content": "alpha beta gamma"}],
    logprobs=True,
) as stream:
    snapshots = []
    logprob_tokens = []
    for event in stream:
        if event.type == "content.delta":
            snapshots.append(event.snapshot)
        elif event.type == "logprobs.content.delta":
            logprob_tokens += [t.token for t in event.content]
    current = stream.current_completion_snapshot
final = stream.get_final_completion()
assert snapshots[-1] == final.choices[0].message.content
assert all(b.startswith(a) for a, b in itertools.pairwise(snapshots))
assert "".join(logprob_tokens) == final.choices[0].message.content
assert current.choices[0].message.content == final.choices[0].message.content
