"""``AsyncClient``: the asyncio face of the client, over the core that ``Client`` shares
(``openai_core._client``). A module of its own, so that a blocking process never loads it."""

from __future__ import annotations

import importlib
import time
from collections.abc import Awaitable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, overload

from ._client import R, Tr, _BaseClient, _close_if_made_for_client, _Fields, _httpx_flavour, _Plan
from ._errors import APIConnectionError
from ._operation import Operation
from ._request import Request, RequestOptions, request_options
from ._retry import Attempts
from ._transport import AsyncRawResponse, AsyncTransport
from ._types import NOT_GIVEN, NotGiven, TimeoutInput
from .resources import AsyncResources

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from ._limits import Limiter
    from ._options import BaseSettings, ClientOptions, ClientSettings
    from ._pagination import AsyncPage, AsyncPager
    from ._raw_response import AsyncCastResults
    from ._streaming import AsyncStream, AsyncStreamedBinaryResponse, ResumePoint
    from .resources._views import AsyncOpenAIWithRawResponse, AsyncOpenAIWithStreamedResponse

__all__ = ["AsyncClient", "AsyncOpenAI"]


async def _awaited(headers: Mapping[str, str] | Awaitable[Mapping[str, str]]) -> Mapping[str, str]:
    """Headers of the configuration, awaited when they come from an async source (an async
    ``api_key`` function or token provider)."""
    return headers if isinstance(headers, Mapping) else await headers


async def _sleep(seconds: float) -> None:
    import asyncio  # here, so that the sync client never pays for importing asyncio

    await asyncio.sleep(seconds)


class AsyncClient(AsyncResources, _BaseClient[AsyncTransport]):
    """The asyncio client (also exported as ``AsyncOpenAI``); as :class:`Client`, with an
    ``aiohttp`` transport by default (``http_client`` hands it your own
    ``aiohttp.ClientSession``, or an ``httpx2.AsyncClient``/``httpx.AsyncClient`` to send
    through), and an ``api_key`` function that may be async."""

    if TYPE_CHECKING:

        @overload
        def with_options(
            self, *, stream_binary: Literal[True], **options: Unpack[BaseSettings]
        ) -> AsyncStreamedBinaryClient: ...
        @overload
        def with_options(
            self, *, cast_to: type[dict[Any, Any]], **options: Unpack[ClientSettings]
        ) -> AsyncCastResults[dict[str, object]]: ...
        @overload
        def with_options(self, *, cast_to: type[R], **options: Unpack[ClientSettings]) -> AsyncCastResults[R]: ...
        @overload
        def with_options(self, **options: Unpack[ClientOptions]) -> Self: ...
        def with_options(self, **options: Unpack[ClientOptions]) -> Any: ...

        @property
        def with_raw_response(self) -> AsyncOpenAIWithRawResponse: ...
        @property
        def with_streaming_response(self) -> AsyncOpenAIWithStreamedResponse: ...

    _transport_protocol = AsyncTransport
    _http_client_kind = "an aiohttp.ClientSession or an httpx2.AsyncClient (or httpx.AsyncClient)"
    _http_client_marker, _httpx_flavour = "ws_connect", "async"

    def _default_transport(self, http_client: Any) -> AsyncTransport:
        transports = importlib.import_module("transports")
        if _httpx_flavour(http_client) is not None:
            httpx_transport: AsyncTransport = transports.AsyncHttpxTransport(http_client)
            return httpx_transport
        transport: AsyncTransport = transports.AiohttpTransport(session=http_client)
        return transport

    async def _limited(self, transport: AsyncTransport, request: Request, limiter: Limiter) -> AsyncRawResponse:
        """One ``transport.send`` inside the rate limiter (without one, ``_send`` awaits the
        transport directly: one coroutine fewer to resume at every wait)."""
        release = await limiter.acquire_async(request)
        try:
            raw = await transport.send(request)
        except BaseException:
            release()
            raise
        return await limiter.admit_async(raw, release)

    async def _send(self, request: Request, attempts: Attempts) -> AsyncRawResponse:
        transport = self._cell.get()
        while True:
            started = time.monotonic()
            try:
                bound, limiter = attempts.bound(request), self._limiter
                raw = await (transport.send(bound) if limiter is None else self._limited(transport, bound, limiter))
            except (APIConnectionError, OSError) as exc:
                wait = self._retry_after_error(request, attempts, exc)
                await _sleep(wait)
                continue
            body = raw.content
            if raw.chunks is not None and not 200 <= raw.status < 300:  # an error answer to a stream
                try:
                    body = b"".join([chunk async for chunk in raw.chunks])
                finally:
                    raw.close()
            retry = self._retry_after_status(request, attempts, raw, body, started)
            if retry is None:
                return raw
            await _sleep(retry)

    async def _headers(self, admin: bool = False) -> Mapping[str, str]:
        """The configuration's headers (``admin``: for the admin endpoints)."""
        return await _awaited(self._config.headers(admin=admin))

    async def _call(
        self,
        op: Operation,
        path_params: Sequence[Any] = (),
        *,
        query: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        headers = self._config.headers(admin=op.admin)
        if type(headers) is not dict:  # a static key's come ready, without a coroutine to await
            headers = await _awaited(headers)
        plan = self._prepare(op, path_params, query, body, options, headers)
        if self._raw_mode is not None:
            started = time.monotonic()
            raw = await self._send(plan.request, plan.attempts)
            return self._raw_response(op, path_params, query, options, plan, raw, started)
        raw = await self._send(plan.request, plan.attempts)
        return self._result(op, path_params, query, options, plan, raw, None)

    def _stream(
        self,
        op: Operation,
        path_params: Sequence[Any],
        query: Mapping[str, Any] | None,
        options: RequestOptions | None,
        plan: _Plan,
        raw: AsyncRawResponse,
        cast_to: Any,
    ) -> AsyncStream[Any]:
        from ._streaming import AsyncStream

        async def reopen(point: ResumePoint) -> AsyncRawResponse:
            again = self._resume_plan(op, point, query, options, await self._headers(op.admin))
            return await self._send(again.request, again.attempts)

        return self._event_stream(AsyncStream, op, path_params, query, plan, raw, cast_to, reopen)

    def _binary_response(self, raw: AsyncRawResponse) -> AsyncStreamedBinaryResponse:
        from ._streaming import AsyncStreamedBinaryResponse

        return AsyncStreamedBinaryResponse(raw, self._info(raw))

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = ...,
        query: Mapping[str, Any] | None = ...,
        headers: Mapping[str, str] | None = ...,
        cast_to: type[Tr],
        stream: Literal[False] = ...,
        timeout: TimeoutInput | NotGiven = ...,
        max_retries: int | NotGiven = ...,
    ) -> Tr: ...
    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = ...,
        query: Mapping[str, Any] | None = ...,
        headers: Mapping[str, str] | None = ...,
        cast_to: type[Tr],
        stream: Literal[True],
        timeout: TimeoutInput | NotGiven = ...,
        max_retries: int | NotGiven = ...,
    ) -> AsyncStream[Tr]: ...
    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = ...,
        query: Mapping[str, Any] | None = ...,
        headers: Mapping[str, str] | None = ...,
        cast_to: None = ...,
        stream: bool = ...,
        timeout: TimeoutInput | NotGiven = ...,
        max_retries: int | NotGiven = ...,
    ) -> Any: ...
    async def request(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        cast_to: Any = None,
        stream: bool = False,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> Any:
        """Call an endpoint the spec lacks (``path`` is relative to ``base_url``), with the same
        auth, retries and errors. The answer is the raw JSON, or ``cast_to`` (your class, or an
        API type); with ``stream=True``, an :class:`AsyncStream` of such events."""
        if stream and body is not None and "stream" not in body:
            body = {**body, "stream": True}
        op = self._custom_operation(method, path, body, stream)
        options = request_options(headers, None, None, timeout, max_retries)
        cast = RequestOptions(cast_to=cast_to or dict)
        return await self._call(op, (), query=query, body=body, options=cast.merge(options))

    async def get(self, path: str, *, cast_to: Any, options: Mapping[str, Any] | None = None) -> Any:
        """``GET`` a path, as the SDK's ``client.get`` (see :meth:`request`)."""
        return await self.request("GET", path, **self._verb_arguments(cast_to, None, options))

    async def post(
        self, path: str, *, cast_to: Any, body: _Fields | None = None, options: _Fields | None = None
    ) -> Any:
        """``POST`` to a path, as the SDK's ``client.post`` (see :meth:`request`)."""
        return await self.request("POST", path, **self._verb_arguments(cast_to, body, options))

    async def put(self, path: str, *, cast_to: Any, body: _Fields | None = None, options: _Fields | None = None) -> Any:
        """``PUT`` to a path, as the SDK's ``client.put``."""
        return await self.request("PUT", path, **self._verb_arguments(cast_to, body, options))

    async def patch(
        self, path: str, *, cast_to: Any, body: _Fields | None = None, options: _Fields | None = None
    ) -> Any:
        """``PATCH`` a path, as the SDK's ``client.patch``."""
        return await self.request("PATCH", path, **self._verb_arguments(cast_to, body, options))

    async def delete(
        self, path: str, *, cast_to: Any, body: _Fields | None = None, options: _Fields | None = None
    ) -> Any:
        """``DELETE`` a path, as the SDK's ``client.delete``."""
        return await self.request("DELETE", path, **self._verb_arguments(cast_to, body, options))

    def _paginate(
        self,
        op: Operation,
        path_params: Sequence[Any] = (),
        *,
        query: Mapping[str, Any] | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Any]:
        from ._pagination import AsyncPage, AsyncPager, next_page_query, page_items

        plain = self if self._raw_mode is None else self._raw_client(None)

        def page(result: Any) -> AsyncPage[Any]:
            items = page_items(result)
            return AsyncPage(result, items, fetch, next_page_query(op, result, items))

        async def fetch(update: dict[str, Any]) -> AsyncPage[Any]:
            return page(await plain._call(op, path_params, query={**(query or {}), **update}, options=options))

        if self._raw_mode is None:
            return AsyncPager(lambda: fetch({}))

        async def first() -> Any:
            response = await self._call(op, path_params, query=query, options=options)
            response._map(page)
            return response

        return first()  # type: ignore[return-value]

    async def aclose(self) -> None:
        """Release the connections of a transport this client created; later calls raise
        :class:`~openai_core.ClientClosedError`."""
        transport = self._owned_transport()
        if transport is not None:
            await transport.aclose()
        if not self._is_copy:
            closing = _close_if_made_for_client(self._http_client)
            if closing is not None:
                await closing

    async def close(self) -> None:
        """Alias of :meth:`aclose`."""
        await self.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={self.base_url!r}>"


AsyncOpenAI = AsyncClient

if TYPE_CHECKING:

    class AsyncStreamedBinaryClient(AsyncClient):
        """``AsyncClient.with_options(stream_binary=True)``, as checkers see it: its binary answers
        are :class:`AsyncStreamedBinaryResponse`."""
