import asyncio
import json

from openai_core import AsyncOpenAI, OpenAI
from openai_core.testing import LocalServer

with LocalServer() as server:
    client = OpenAI(base_url=server.url, api_key="sk-test")
    client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "hi"}],
        extra_headers={"X-Request-Source": "snippet"},
        extra_query={"debug": "true"},
        extra_body={"custom_flag": True},
    )
    sent = server.requests[-1]
    assert sent.headers["x-request-source"] == "snippet"
    assert sent.query["debug"] == "true"
    assert json.loads(sent.body)["custom_flag"] is True

    async def main() -> None:
        aclient = AsyncOpenAI(base_url=server.url, api_key="sk-test")
        await aclient.embeddings.create(
            model="text-embedding-3-small", input="x", extra_headers={"X-A": "1"}, extra_body={"user": "u1"}
        )
        sent = server.requests[-1]
        assert sent.headers["x-a"] == "1"
        assert json.loads(sent.body)["user"] == "u1"
        await aclient.close()

    asyncio.run(main())
