"""``LocalServer``: run the fake API on 127.0.0.1, in a thread or on a running loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping
from types import TracebackType
from typing import Any, final

from aiohttp import web

from ._app import create_app
from ._state import RecordedRequest, ServerState

__all__ = ["LocalServer"]


@final
class LocalServer:
    """The fake OpenAI API listening on a local port.

    ``with LocalServer() as srv`` (or :meth:`start`/:meth:`stop`) serves from a
    background thread with its own event loop, for synchronous clients.
    ``async with LocalServer() as srv`` serves on the running loop instead; do
    not call blocking clients against it from that loop.
    """

    def __init__(
        self,
        state: ServerState | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.state = ServerState() if state is None else state
        self.host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None

    # -- addresses -------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (known once started)."""
        if not self._port:
            raise RuntimeError("LocalServer is not started")
        return self._port

    @property
    def url(self) -> str:
        """Base URL of the API, e.g. ``http://127.0.0.1:PORT/v1``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    @property
    def base_url(self) -> str:
        """Same as :attr:`url`."""
        return self.url

    # -- state shortcuts -------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Requests received so far, oldest first."""
        return self.state.requests

    def reset(self) -> None:
        """Forget recorded requests and pending faults."""
        self.state.reset()

    def fail_next(
        self,
        status: int,
        *,
        body: bytes | Mapping[str, Any] | str | None = None,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
    ) -> None:
        """Answer the next request with a canned response (FIFO, used once)."""
        self.state.fail_next(status, body=body, headers=headers, content_type=content_type)

    def fail_next_stream_cut(self, after_events: int, *, delay: float = 0.0) -> None:
        """Drop the next streamed response after ``after_events`` events.

        With ``delay``, the drop comes that many seconds after the last event, so that
        the client has read every event sent (some clients discard what they had not
        read yet when a connection breaks)."""
        self.state.fail_next_stream_cut(after_events, delay=delay)

    def fail_next_stream_error(
        self,
        after_events: int,
        message: str = "The server had an error while processing your request.",
        code: str | None = "server_error",
    ) -> None:
        """Send an error event in the next streamed response, then end it."""
        self.state.fail_next_stream_error(after_events, message, code)

    def fail_upload_part(self, status: int = 500, *, after: int = 0) -> None:
        """Fail one upload part once (the part request after ``after`` others), to test
        that a client retries that part alone."""
        self.state.fail_upload_part(status, after=after)

    def rate_limit(self, *, rpm: int | None = None, tpm: int | None = None, burst: float = 60.0) -> None:
        """Enforce ``rpm`` / ``tpm`` on model requests, with real ``x-ratelimit-*`` headers
        and 429s when exceeded (see :meth:`ServerState.rate_limit`)."""
        self.state.rate_limit(rpm=rpm, tpm=tpm, burst=burst)

    @property
    def rate_limited(self) -> int:
        """How many requests the rate-limit mode answered 429."""
        return self.state.rate_limited

    # -- running on the current loop -------------------------------------

    async def start_async(self) -> LocalServer:
        """Start serving on the running event loop."""
        self._ensure_stopped()
        runner = web.AppRunner(create_app(self.state), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self._port, backlog=1024).start()  # hundreds may connect at once
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        return self

    async def stop_async(self) -> None:
        """Stop serving (whichever way the server was started)."""
        if self._thread is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.stop)
        else:
            await self._cleanup()

    async def __aenter__(self) -> LocalServer:
        return await self.start_async()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop_async()

    # -- running in a background thread ----------------------------------

    def start(self) -> LocalServer:
        """Start serving from a background thread; returns once listening."""
        self._ensure_stopped()
        ready = threading.Event()
        errors: list[BaseException] = []
        thread = threading.Thread(
            target=asyncio.run,
            args=(self._serve_in_thread(ready, errors),),
            name="openai-core-local-server",
            daemon=True,
        )
        thread.start()
        ready.wait()
        if errors:
            thread.join()
            self._loop = self._stop_event = None
            raise errors[0]
        self._thread = thread
        return self

    def stop(self) -> None:
        """Stop the background server and join its thread (idempotent)."""
        thread, loop, event = self._thread, self._loop, self._stop_event
        if thread is None or loop is None or event is None:
            return
        loop.call_soon_threadsafe(event.set)
        thread.join()
        self._thread = self._loop = self._stop_event = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def _serve_in_thread(self, ready: threading.Event, errors: list[BaseException]) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        try:
            await self.start_async()
        except BaseException as error:  # noqa: BLE001 - re-raised by start()
            errors.append(error)
            return
        finally:
            ready.set()
        try:
            await self._stop_event.wait()
        finally:
            await self._cleanup()

    async def _cleanup(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    def _ensure_stopped(self) -> None:
        if self._runner is not None or self._thread is not None:
            raise RuntimeError("LocalServer is already running")
