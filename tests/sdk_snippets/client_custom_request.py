import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
models = client.get("/models", cast_to=object)
assert models["object"] == "list"
completion = client.post(
    "/chat/completions",
    cast_to=object,
    body={"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]},
    options={"headers": {"X-Custom": "1"}, "extra_json": {"my_param": True}},
)
assert completion["object"] == "chat.completion"
deleted = client.delete("/models/gpt-4o", cast_to=object)
assert deleted["deleted"] is True


async def main() -> None:
    aclient = AsyncOpenAI()
    page = await aclient.get("/models", cast_to=object, options={"params": {"limit": 1}})
    assert page["data"]
    await aclient.close()


asyncio.run(main())
