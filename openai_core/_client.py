"""``Client`` and ``AsyncClient``: one shared core, two thin I/O faces."""

from __future__ import annotations

import logging
import os
import re
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

import attrs

from ._accumulate import accumulator_for
from ._adapters import Transform, adapt
from ._config import Config, ConfigProvider
from ._errors import APIConnectionError, as_connection_error, make_status_error
from ._limits import RateLimiter
from ._operation import Operation, resolve_type
from ._pagination import AsyncPage, AsyncPager, SyncPage, next_page_query, page_items
from ._request import Request, RequestOptions, build_request, request_options
from ._response import ResponseInfo, parse_result
from ._retry import Attempts, RetryPolicy
from ._streaming import (
    AsyncStream,
    AsyncStreamedBinaryResponse,
    ResumePoint,
    Resumption,
    Stream,
    StreamedBinaryResponse,
    response_info,
)
from ._transport import AsyncRawResponse, AsyncTransport, RawResponse, SyncTransport
from ._types import NOT_GIVEN, NotGiven, Timeout, TimeoutInput
from ._webhooks import Webhooks
from .resources import AsyncResources, SyncResources

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncClient", "Client"]

log = logging.getLogger("openai_core")
if os.environ.get("OPENAI_LOG", "").lower() == "debug" and not log.handlers:
    logging.basicConfig()
    log.setLevel(logging.DEBUG)

_warned: set[str] = set()
Tr = TypeVar("Tr")

# Streams that may be re-opened after a drop (background responses), and the operation that
# re-opens them: GET /responses/{id}?stream=true&starting_after=N.
_RESUME_VIA = {
    "createResponse": "getResponse",
    "getResponse": "getResponse",
    "beta_createResponse": "beta_getResponse",
    "beta_getResponse": "beta_getResponse",
}


class _TransportCell(Generic[Tr]):
    """The transport of a client and of its ``with_options`` copies, created on first use."""

    def __init__(self, transport: Tr | None, factory: Callable[[], Tr]) -> None:
        self.transport = transport
        self.owned = transport is None
        self._factory = factory

    def get(self) -> Tr:
        if self.transport is None:
            self.transport = self._factory()
        return self.transport


def _flag(params: Mapping[str, Any] | None) -> bool:
    """Whether the caller asked for SSE: ``stream=True`` (or, for speech, ``stream_format="sse"``)."""
    return params is not None and (params.get("stream") is True or params.get("stream_format") == "sse")


_SECRET_PARAM = re.compile(r"([?&][^=&]*(?:key|token|secret|signature|sig)[^=&]*=)[^&]*", re.IGNORECASE)


def _loggable(url: str) -> str:
    """``url`` with the values of secret-looking query parameters (``api-key``, ``token``...) hidden."""
    return _SECRET_PARAM.sub(r"\1***", url)


async def _sleep(seconds: float) -> None:
    import asyncio  # here, so that the sync client never pays for importing asyncio

    await asyncio.sleep(seconds)


@attrs.frozen(slots=True)
class _Plan:
    """One call, ready to send: the request, its retry budget, how to read the answer."""

    request: Request
    attempts: Attempts
    transform: Transform | None
    sse: bool
    cast_to: Any = None


class _BaseClient(Generic[Tr]):
    """Configuration, request building and result reading shared by both clients."""

    _config: ConfigProvider
    _transport_protocol: type  # what `transport=` must implement

    def __init__(
        self,
        *,
        api_key: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        admin_key: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        transport: Tr | None = None,
        http_client: Any = None,
        config: ConfigProvider | None = None,
        retry_policy: RetryPolicy | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        if config is None:
            config = Config.from_env(
                api_key=api_key,
                admin_key=admin_key,
                webhook_secret=webhook_secret,
                base_url=base_url,
                organization=organization,
                project=project,
                default_headers=default_headers,
                default_query=default_query,
            )
        elif any(v is not None for v in (api_key, admin_key, base_url, organization, project)):
            raise TypeError("pass either config=... or the individual settings (api_key, base_url, ...), not both")
        elif not isinstance(config, ConfigProvider):
            raise TypeError("config must provide base_url, headers() and query() (see openai_core.ConfigProvider)")
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise TypeError(f"max_retries must be a non-negative int, not {max_retries!r}")
        self._config = config
        self._timeout = Timeout() if isinstance(timeout, NotGiven) else Timeout.coerce(timeout)
        self._max_retries = max_retries
        self._policy = retry_policy or RetryPolicy()
        if rate_limiter is not None and not isinstance(rate_limiter, RateLimiter):
            raise TypeError(f"rate_limiter must be an openai_core.RateLimiter, not {type(rate_limiter).__name__}")
        self._limiter = rate_limiter
        self._options = RequestOptions()
        self._is_copy = False
        if transport is not None and http_client is not None:
            raise TypeError("pass either transport=... or http_client=..., not both")
        if transport is not None and not isinstance(transport, self._transport_protocol):
            name = self._transport_protocol.__name__
            raise TypeError(f"transport must implement openai_core.{name}: send(request) and closing")
        self._cell: _TransportCell[Tr] = _TransportCell(transport, lambda: self._default_transport(http_client))

    def _default_transport(self, http_client: Any) -> Tr:
        raise NotImplementedError

    @property
    def transport(self) -> Tr:
        """The transport that sends this client's requests (made on first use by default)."""
        return self._cell.get()

    def with_options(
        self,
        *,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        path: str | None = None,
        stream_binary: bool | None = None,
        cast_to: Any = None,
    ) -> Self:
        """A copy sharing this client's connections, with extra headers and query parameters,
        another timeout or retry count, (``path``) another path for the next calls,
        (``stream_binary``) binary answers streamed instead of read whole, or (``cast_to``) answers
        parsed into your own class instead (``dict`` for the raw JSON; stream events too)."""
        new = object.__new__(type(self))
        # Private state only: cached resources stay behind, bound to the original client.
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k.startswith("_")})
        new._is_copy = True
        new._options = self._options.merge(
            RequestOptions(
                headers=headers,
                query=query,
                path=path,
                timeout=None if isinstance(timeout, NotGiven) else Timeout.coerce(timeout),
                max_retries=None if isinstance(max_retries, NotGiven) else max_retries,
                stream_binary=stream_binary,
                cast_to=cast_to,
            )
        )
        return new

    @staticmethod
    def _custom_operation(method: str, path: str, body: Mapping[str, Any] | None, stream: bool) -> Operation:
        """An operation the spec lacks, for :meth:`Client.request`."""
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/', relative to base_url: {path!r}")
        return Operation(
            id=f"{method.upper()} {path}",
            method=method.upper(),
            path=path,
            call="request",
            body="none" if body is None else "json_or_multipart",
            response="typing:Any",
            stream="always" if stream else "never",
            event="typing:Any",
        )

    def _owned_transport(self) -> Tr | None:
        """The transport to close when this client closes: one it made itself, if any."""
        cell = self._cell
        return cell.transport if not self._is_copy and cell.owned else None

    @property
    def config(self) -> ConfigProvider:
        """The configuration this client sends with."""
        return self._config

    @property
    def base_url(self) -> str:
        """The URL every path is appended to."""
        return self._config.base_url

    @property
    def webhooks(self) -> Webhooks:
        """Verify and parse the webhooks the API sends you (secret: ``OPENAI_WEBHOOK_SECRET``)."""
        return Webhooks(getattr(self._config, "webhook_secret", None))

    def _prepare(
        self,
        op: Operation,
        path_params: Sequence[Any],
        query: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None,
        options: RequestOptions | None,
    ) -> _Plan:
        if op.deprecated and op.id not in _warned:
            _warned.add(op.id)
            warnings.warn(f"{op.call}() is deprecated by the OpenAI API", DeprecationWarning, stacklevel=4)
        opts = self._options.merge(options)
        body, transform = adapt(op, body)
        sse = op.stream == "always" or (op.stream == "flag" and (_flag(body) or _flag(query)))
        raw_body = not sse and op.response_kind == "binary" and bool(opts.stream_binary)
        config = self._config
        request = build_request(
            base_url=config.base_url,
            headers=config.headers(admin=op.admin),
            default_query=config.query(),
            op=op,
            path_params=path_params,
            query=query,
            body=body,
            options=opts,
            timeout=opts.timeout or self._timeout,
            stream=sse,
            rewrite_path=getattr(config, "rewrite_path", None),
        )
        if raw_body:
            request = attrs.evolve(request, stream=True)
        retries = self._max_retries if opts.max_retries is None else opts.max_retries
        limit = request.timeout.deadline
        deadline = None if limit is None else time.monotonic() + limit
        return _Plan(request, Attempts(self._policy, retries, deadline), transform, sse, opts.cast_to)

    @staticmethod
    def _info(raw: RawResponse | AsyncRawResponse) -> ResponseInfo:
        return response_info(raw)

    @staticmethod
    def _resumption(
        op: Operation, path_params: Sequence[Any], query: Mapping[str, Any] | None, plan: _Plan
    ) -> Resumption | None:
        """How a stream of ``op`` may be resumed after a drop, or ``None`` if it may not."""
        via = _RESUME_VIA.get(op.id)
        if via is None:
            return None
        resumption = Resumption(max_attempts=plan.attempts.max_retries)
        if op.id == via:  # a GET stream: only background responses are streamed that way
            resumption.response_id = str(path_params[0])
            resumption.background = True
            after = (query or {}).get("starting_after")
            if isinstance(after, int) and not isinstance(after, bool):
                resumption.last_sequence = after
        return resumption

    def _resume_plan(
        self, op: Operation, point: ResumePoint, query: Mapping[str, Any] | None, options: RequestOptions | None
    ) -> _Plan:
        """The request that re-opens a dropped stream of ``op`` after ``point``."""
        from .operations import OPERATIONS

        via = OPERATIONS[_RESUME_VIA[op.id]]
        base = dict(query or {}) if via.id == op.id else {}
        base.update(stream=True, starting_after=point.starting_after)
        # The GET has no body, and its own path even on a client made with_options(path=...).
        opts = RequestOptions(path=via.path) if options is None else attrs.evolve(options, body=None, path=via.path)
        return self._prepare(via, (point.response_id,), base, None, opts)

    @staticmethod
    def _retry_after_error(request: Request, attempts: Attempts, exc: BaseException) -> float:
        """The wait before retrying a failed exchange; raises the typed error when it is final."""
        error = as_connection_error(exc)
        wait = attempts.after_connection_error()
        if wait is None:
            raise error from (None if error is exc else exc)
        log.info("%s %s: %s; retrying in %.2fs", request.method, _loggable(request.url), error, wait)
        return wait

    @staticmethod
    def _retry_after_status(
        request: Request, attempts: Attempts, raw: RawResponse | AsyncRawResponse, body: bytes, started: float
    ) -> float | None:
        """``None`` for a 2xx answer; else the wait before retrying, or the typed error raised."""
        status, headers = raw.status, raw.headers
        log.debug(
            "%s %s -> %s in %.3fs [%s]",
            request.method,
            _loggable(request.url),
            status,
            time.monotonic() - started,
            headers.get("x-request-id"),
        )
        if 200 <= status < 300:
            return None
        wait = attempts.after_status(status, headers, body)
        if wait is None:
            raise make_status_error(status, headers, body, headers.get("x-request-id"))
        log.info("%s %s: HTTP %s; retrying in %.2fs", request.method, _loggable(request.url), status, wait)
        return wait


class Client(SyncResources, _BaseClient[SyncTransport]):
    """The blocking client. Settings not passed come from the environment (``OPENAI_API_KEY``...).

    ``transport`` is anything that meets :class:`~openai_core.SyncTransport`; by default a
    ``requests`` transport is made on first use (``http_client`` hands it your own
    ``requests.Session``). ``rate_limiter`` (a :class:`~openai_core.RateLimiter`, off by default)
    caps the requests in flight and waits out an exhausted rate-limit window before sending.
    """

    _transport_protocol = SyncTransport

    def _default_transport(self, http_client: Any) -> SyncTransport:
        from transports import RequestsTransport

        return RequestsTransport(session=http_client)

    def _exchange(self, transport: SyncTransport, request: Request) -> RawResponse:
        """One ``transport.send``, inside the rate limiter when there is one."""
        limiter = self._limiter
        if limiter is None:
            return transport.send(request)
        release = limiter.acquire()
        try:
            raw = transport.send(request)
        except BaseException:
            release()
            raise
        return limiter.admit(raw, release)

    def _send(self, request: Request, attempts: Attempts) -> RawResponse:
        transport = self._cell.get()
        while True:
            started = time.monotonic()
            try:
                raw = self._exchange(transport, attempts.bound(request))
            except (APIConnectionError, OSError) as exc:
                wait = self._retry_after_error(request, attempts, exc)
                time.sleep(wait)
                continue
            body = raw.content
            if raw.chunks is not None and not 200 <= raw.status < 300:  # an error answer to a stream
                try:
                    body = b"".join(raw.chunks)
                finally:
                    raw.close()
            retry = self._retry_after_status(request, attempts, raw, body, started)
            if retry is None:
                return raw
            time.sleep(retry)

    def _call(
        self,
        op: Operation,
        path_params: Sequence[Any] = (),
        *,
        query: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        plan = self._prepare(op, path_params, query, body, options)
        raw = self._send(plan.request, plan.attempts)
        if plan.sse:
            resumption = self._resumption(op, path_params, query, plan)

            def reopen(point: ResumePoint) -> RawResponse:
                again = self._resume_plan(op, point, query, options)
                return self._send(again.request, again.attempts)

            return Stream(
                raw,
                plan.cast_to or resolve_type(op.event or "typing:Any"),
                self._info(raw),
                accumulator=accumulator_for(op.event),
                resumption=resumption,
                reopen=None if resumption is None else reopen,
            )
        if plan.request.stream:
            return StreamedBinaryResponse(raw, self._info(raw))
        return parse_result(op, raw.status, raw.headers, raw.content, plan.transform, plan.cast_to)

    @overload
    def request(
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
    def request(
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
    ) -> Stream[Tr]: ...
    @overload
    def request(
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
    def request(
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
        API type); with ``stream=True``, a :class:`Stream` of such events."""
        if stream and body is not None and "stream" not in body:
            body = {**body, "stream": True}
        op = self._custom_operation(method, path, body, stream)
        options = request_options(headers, None, None, timeout, max_retries)
        cast = RequestOptions(cast_to=cast_to or dict)
        return self._call(op, (), query=query, body=body, options=cast.merge(options))

    def _paginate(
        self,
        op: Operation,
        path_params: Sequence[Any] = (),
        *,
        query: Mapping[str, Any] | None = None,
        options: RequestOptions | None = None,
    ) -> SyncPage[Any]:
        def fetch(update: dict[str, Any]) -> SyncPage[Any]:
            result = self._call(op, path_params, query={**(query or {}), **update}, options=options)
            items = page_items(result)
            return SyncPage(result, items, fetch, next_page_query(op, result, items))

        return fetch({})

    def close(self) -> None:
        """Release the connections of a transport this client created."""
        transport = self._owned_transport()
        if transport is not None:
            transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Client base_url={self.base_url!r}>"


class AsyncClient(AsyncResources, _BaseClient[AsyncTransport]):
    """The asyncio client; as :class:`Client`, with an ``aiohttp`` transport by default
    (``http_client`` hands it your own ``aiohttp.ClientSession``)."""

    _transport_protocol = AsyncTransport

    def _default_transport(self, http_client: Any) -> AsyncTransport:
        from transports import AiohttpTransport

        return AiohttpTransport(session=http_client)

    async def _exchange(self, transport: AsyncTransport, request: Request) -> AsyncRawResponse:
        """One ``transport.send``, inside the rate limiter when there is one."""
        limiter = self._limiter
        if limiter is None:
            return await transport.send(request)
        release = await limiter.acquire_async()
        try:
            raw = await transport.send(request)
        except BaseException:
            release()
            raise
        return limiter.admit(raw, release)

    async def _send(self, request: Request, attempts: Attempts) -> AsyncRawResponse:
        transport = self._cell.get()
        while True:
            started = time.monotonic()
            try:
                raw = await self._exchange(transport, attempts.bound(request))
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

    async def _call(
        self,
        op: Operation,
        path_params: Sequence[Any] = (),
        *,
        query: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        plan = self._prepare(op, path_params, query, body, options)
        raw = await self._send(plan.request, plan.attempts)
        if plan.sse:
            resumption = self._resumption(op, path_params, query, plan)

            async def reopen(point: ResumePoint) -> AsyncRawResponse:
                again = self._resume_plan(op, point, query, options)
                return await self._send(again.request, again.attempts)

            return AsyncStream(
                raw,
                plan.cast_to or resolve_type(op.event or "typing:Any"),
                self._info(raw),
                accumulator=accumulator_for(op.event),
                resumption=resumption,
                reopen=None if resumption is None else reopen,
            )
        if plan.request.stream:
            return AsyncStreamedBinaryResponse(raw, self._info(raw))
        return parse_result(op, raw.status, raw.headers, raw.content, plan.transform, plan.cast_to)

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

    def _paginate(
        self,
        op: Operation,
        path_params: Sequence[Any] = (),
        *,
        query: Mapping[str, Any] | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Any]:
        async def fetch(update: dict[str, Any]) -> AsyncPage[Any]:
            result = await self._call(op, path_params, query={**(query or {}), **update}, options=options)
            items = page_items(result)
            return AsyncPage(result, items, fetch, next_page_query(op, result, items))

        return AsyncPager(lambda: fetch({}))

    async def aclose(self) -> None:
        """Release the connections of a transport this client created."""
        transport = self._owned_transport()
        if transport is not None:
            await transport.aclose()

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
        return f"<AsyncClient base_url={self.base_url!r}>"
