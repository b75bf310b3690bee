"""An aiohttp.web service that relays an AsyncClient chat stream to its own clients as SSE.

The script starts the app on a free port, asks it one question with aiohttp, prints what was
relayed, and exits.

Run: python examples/aiohttp_relay.py
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
from _local import MODEL, api
from aiohttp import web

from openai_core import AsyncClient

CLIENT = web.AppKey("client", AsyncClient)


async def relay(request: web.Request) -> web.StreamResponse:
    """GET /chat?q=...: the model's answer, one SSE event per delta, then [DONE]."""
    question = request.query.get("q", "Hello")
    stream = await request.app[CLIENT].chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": question}], stream=True
    )
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    await response.prepare(request)
    async with stream:  # closes the upstream stream if our client goes away
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                await response.write(f"data: {json.dumps({'delta': chunk.choices[0].delta.content})}\n\n".encode())
    await response.write(b"data: [DONE]\n\n")
    await response.write_eof()
    return response


def make_app(base_url: str, api_key: str) -> web.Application:
    async def client_context(app: web.Application) -> AsyncIterator[None]:
        async with AsyncClient(api_key=api_key, base_url=base_url) as client:  # one for the app's lifetime
            app[CLIENT] = client
            yield

    app = web.Application()
    app.cleanup_ctx.append(client_context)
    app.router.add_get("/chat", relay)
    return app


async def main(base_url: str, api_key: str) -> None:
    runner = web.AppRunner(make_app(base_url, api_key))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    print(f"relay listening on http://127.0.0.1:{port}/chat")
    try:
        deltas = []
        url = f"http://127.0.0.1:{port}/chat"
        async with (
            aiohttp.ClientSession() as session,
            session.get(url, params={"q": "Relay this answer"}) as resp,
        ):
            async for line in resp.content:  # one SSE line at a time
                if not line.startswith(b"data: "):
                    continue
                data = line[len(b"data: ") :].strip()
                if data == b"[DONE]":
                    break
                deltas.append(json.loads(data)["delta"])
        print(f"relayed {len(deltas)} events: {''.join(deltas)}")
    finally:
        await runner.cleanup()


with api() as (base_url, api_key):
    asyncio.run(main(base_url, api_key))
