import asyncio
import socket

import openai_core
from openai_core import AsyncOpenAI, OpenAI

with socket.socket() as silent:
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    base_url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
    client = OpenAI(base_url=base_url, timeout=0.3, max_retries=0)
    try:
        client.models.list()
    except openai_core.APITimeoutError as e:
        assert isinstance(e, openai_core.APIConnectionError)
    else:
        raise AssertionError("expected APITimeoutError")

    async def main() -> None:
        aclient = AsyncOpenAI(base_url=base_url, max_retries=0)
        try:
            await aclient.with_options(timeout=0.3).models.list()
        except openai_core.APITimeoutError:
            pass
        else:
            raise AssertionError("expected APITimeoutError")
        await aclient.close()

    asyncio.run(main())
