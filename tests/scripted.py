"""A real HTTP server on 127.0.0.1 whose answers each test scripts, and which records what
reached it (raw path, headers, body): for hostile and malformed answers the embedded server
never gives."""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Awaitable, Callable
from types import TracebackType
from urllib.parse import urlsplit

import attrs
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@attrs.frozen
class Seen:
    """One request as it reached the server."""

    method: str
    raw_path: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer:
    """``url = server.route(handler)`` gives a base URL whose requests ``handler`` answers."""

    def __init__(self) -> None:
        self.port = 0
        self._routes: dict[str, Handler] = {}
        self._seen: dict[str, list[Seen]] = {}
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None

    def route(self, handler: Handler) -> str:
        key = f"r{next(self._ids)}"
        self._routes[key] = handler
        self._seen[key] = []
        return f"http://127.0.0.1:{self.port}/{key}/v1"

    def seen(self, url: str) -> list[Seen]:
        """The requests that reached the route of ``url`` (a base URL, or an endpoint under it)."""
        return self._seen[urlsplit(url).path.split("/")[1]]

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        body = await request.read()
        self._seen[key].append(Seen(request.method, request.raw_path, dict(request.headers), body))
        return await self._routes[key](request)

    async def _serve(self, ready: threading.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{key}/{tail:.*}", self._dispatch)
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self.port = int(runner.addresses[0][1])
        ready.set()
        try:
            await self._stop.wait()
        finally:
            await runner.cleanup()

    def __enter__(self) -> ScriptedServer:
        ready = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(ready),), daemon=True)
        self._thread.start()
        if not ready.wait(30):
            raise RuntimeError("the scripted server did not start")
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._loop is not None and self._stop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join()


def fixed(status: int, body: bytes, content_type: str) -> Handler:
    """A handler answering ``body`` with this status and ``Content-Type``."""

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, body=body, headers={"Content-Type": content_type})

    return handler


def chunked(*chunks: bytes, content_type: str = "text/event-stream") -> Handler:
    """A handler streaming ``chunks`` one write each (so that they arrive split as given)."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": content_type})
        await response.prepare(request)
        for chunk in chunks:
            await response.write(chunk)
            await asyncio.sleep(0)
        await response.write_eof()
        return response

    return handler
