"""Raw and streamed responses: the HTTP answer behind a result (status, headers, rate limits),
a body read only as it is consumed, and errors that travel to another process.

Run: python examples/raw_responses.py
"""

from __future__ import annotations

import asyncio
import pickle

from _local import MODEL, api

import openai_core
from openai_core import AsyncClient, Client

MESSAGES = [{"role": "user", "content": "Say hi."}]

with api() as endpoint:
    with Client(api_key=endpoint.api_key, base_url=endpoint.base_url) as client:
        raw = client.chat.completions.with_raw_response.create(model=MODEL, messages=MESSAGES)
        print(f"status {raw.status_code}, request id {raw.request_id}, retries {raw.retries_taken}")
        print(f"tokens left this minute: {raw.headers.get('x-ratelimit-remaining-tokens')}")
        completion = raw.parse()  # exactly what the plain call returns
        print(f"parsed: {completion.choices[0].message.content}")

        with client.with_streaming_response.models.list() as response:
            print(f"headers in, body still unread: {not response.is_closed}")
            size = sum(len(chunk) for chunk in response.iter_bytes(256))  # read as consumed
            print(f"streamed the model list: {size} bytes")
        print(f"closed after the block: {response.is_closed}")

        try:
            client.models.retrieve("no-such-model")
        except openai_core.NotFoundError as err:
            again = pickle.loads(pickle.dumps(err))  # what a process pool or task queue does
            print(f"unpickled {type(again).__name__}: {again.status_code} {again.body}")

    async def main() -> None:
        async with AsyncClient(api_key=endpoint.api_key, base_url=endpoint.base_url) as aclient:
            manager = aclient.chat.completions.with_streaming_response.create(model=MODEL, messages=MESSAGES)
            async with manager as response:
                reply = await response.parse()
                print(f"async streaming response: {response.status_code} -> {reply.choices[0].message.content}")

    asyncio.run(main())
