from openai_core import OpenAI

client = OpenAI()
with client.beta.chat.completions.stream(
    model="gpt-4o", messages=[{"role": "user", "content": "beta stream"}]
) as stream:
    for _event in stream:
        pass
assert stream.get_final_completion().choices[0].message.content == "Echo: beta stream"
