import asyncio

from pydantic import BaseModel

import openai_core
from openai_core import AsyncOpenAI, OpenAI


class Essay(BaseModel):
    title: str
    body: str


client = OpenAI()
try:
    client.chat.completions.parse(
        model="gpt-4o", messages=[{"role": "user", "content": "write"}], response_format=Essay, max_tokens=1
    )
except openai_core.LengthFinishReasonError as e:
    assert e.completion.choices[0].finish_reason == "length"
else:
    raise AssertionError("expected LengthFinishReasonError")


async def main() -> None:
    aclient = AsyncOpenAI()
    try:
        await aclient.chat.completions.parse(
            model="gpt-4o", messages=[{"role": "user", "content": "write"}], response_format=Essay, max_tokens=1
        )
    except openai_core.LengthFinishReasonError:
        pass
    else:
        raise AssertionError("expected LengthFinishReasonError")
    await aclient.close()


asyncio.run(main())
