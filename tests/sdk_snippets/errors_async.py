import asyncio

import openai_core
from openai_core import AsyncOpenAI
from openai_core.testing import LocalServer


async def main() -> None:
    with LocalServer() as server:
        client = AsyncOpenAI(base_url=server.url, api_key="sk-test", max_retries=0)
        server.fail_next(
            401,
            body={
                "error": {
                    "message": "Incorrect API key provided",
                    "type": "invalid_request_error",
                    "param": None,
                    "code": "invalid_api_key",
                }
            },
        )
        try:
            await client.models.list()
        except openai_core.AuthenticationError as e:
            assert e.status_code == 401
            assert e.code == "invalid_api_key"
            assert "Incorrect API key" in e.message
        else:
            raise AssertionError("expected AuthenticationError")
        try:
            await client.models.retrieve("no-such-model")
        except openai_core.NotFoundError as e:
            assert e.request_id
        server.fail_next(429)
        try:
            await client.embeddings.create(model="text-embedding-3-small", input="x")
        except openai_core.RateLimitError as e:
            assert e.status_code == 429
        await client.close()


asyncio.run(main())
