import asyncio
import socket

import openai_core
from openai_core import AsyncOpenAI, OpenAI

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
client = OpenAI(base_url=f"http://127.0.0.1:{port}/v1", max_retries=0)
try:
    client.models.list()
except openai_core.APIConnectionError as e:
    assert not isinstance(e, openai_core.APIStatusError)
    assert e.request is not None
else:
    raise AssertionError("expected APIConnectionError")


async def main() -> None:
    aclient = AsyncOpenAI(base_url=f"http://127.0.0.1:{port}/v1", max_retries=0)
    try:
        await aclient.models.list()
    except openai_core.APIConnectionError:
        pass
    else:
        raise AssertionError("expected APIConnectionError")
    await aclient.close()


asyncio.run(main())
