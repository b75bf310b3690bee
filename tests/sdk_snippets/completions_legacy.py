import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
completion = client.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say this is a test", max_tokens=7)
assert completion.object == "text_completion"
assert isinstance(completion.choices[0].text, str) and completion.choices[0].text
assert completion.choices[0].finish_reason in ("stop", "length")
assert completion.usage.prompt_tokens > 0

text = ""
for chunk in client.completions.create(model="gpt-3.5-turbo-instruct", prompt="Count", stream=True):
    text += chunk.choices[0].text
assert text


async def main() -> None:
    aclient = AsyncOpenAI()
    result = await aclient.completions.create(model="gpt-3.5-turbo-instruct", prompt=["a", "b"])
    assert len(result.choices) == 2
    await aclient.close()


asyncio.run(main())
