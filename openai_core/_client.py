"""``Client`` and the core it shares with ``AsyncClient`` (``openai_core._async_client``): one
shared core, two thin I/O faces."""

from __future__ import annotations

import importlib
import logging
import os
import re
import time
import typing
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from . import _record
from ._adapters import Transform, adapt
from ._config import ApiKey, Config, ConfigProvider, ready_headers, residency_url
from ._errors import (
    APIConnectionError,
    APIDecodeError,
    APIResponseValidationError,
    ClientClosedError,
    TLSCertificateError,
    as_connection_error,
    make_status_error,
)
from ._models import Model
from ._operation import Operation, resolve_type
from ._request import Request, RequestOptions, build_request, request_options
from ._response import ResponseInfo, parse_result, response_info, text_answer
from ._retry import Attempts, RetryPolicy
from ._transport import AsyncRawResponse, RawResponse, SyncTransport
from ._types import DEFAULT_TIMEOUT, NOT_GIVEN, NotGiven, Timeout, TimeoutInput
from .resources import SyncResources

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from ._limits import Limiter
    from ._options import BaseSettings as BaseSettings, ClientOptions as ClientOptions, ClientSettings as ClientSettings
    from ._pagination import SyncPage
    from ._raw_response import APIResponse, AsyncAPIResponse, CastResults, LegacyAPIResponse
    from ._sse import SSELimits
    from ._streaming import ResumePoint, Resumption, Stream, StreamedBinaryResponse
    from ._webhooks import Webhooks
    from .resources._views import (
        OpenAIWithRawResponse,
        OpenAIWithStreamedResponse,
    )

__all__ = ["Client", "ClientOptions", "DefaultAioHttpClient", "OpenAI"]

log = logging.getLogger("openai_core")
_Fields = Mapping[str, Any]
if os.environ.get("OPENAI_LOG", "").lower() == "debug" and not log.handlers:
    logging.basicConfig()
    log.setLevel(logging.DEBUG)

Tr = TypeVar("Tr")
R = TypeVar("R")

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
        self.closed = False
        self._factory = factory

    def get(self) -> Tr:
        if self.closed:
            raise ClientClosedError("the client is closed: make a new one to send requests")
        if self.transport is None:
            self.transport = self._factory()
        return self.transport


# The helpers of an ``http_client=`` argument are loaded only once a client is given.


def _httpx_flavour(http_client: Any) -> Literal["sync", "async"] | None:
    if http_client is None:
        return None
    from ._http_client import httpx_flavour

    return httpx_flavour(http_client)


def _given_timeout(http_client: Any) -> Timeout | None:
    if http_client is None:
        return None
    from ._http_client import httpx_timeout

    return httpx_timeout(http_client)


def _close_if_made_for_client(http_client: Any) -> Any:
    if http_client is None:
        return None
    from ._http_client import close_if_made_for_client

    return close_if_made_for_client(http_client)


def _flag(params: Mapping[str, Any] | None) -> bool:
    """Whether the caller asked for SSE: ``stream=True`` (or, for speech, ``stream_format="sse"``)."""
    return params is not None and (params.get("stream") is True or params.get("stream_format") == "sse")


_SECRET_PARAM = r"(?i)([?&][^=&]*(?:key|token|secret|signature|sig)[^=&]*=)[^&]*"  # compiled by re when logged


def _loggable(url: str) -> str:
    """``url`` with the values of secret-looking query parameters (``api-key``, ``token``...) hidden."""
    return re.sub(_SECRET_PARAM, r"\1***", url)


def _retries(max_retries: Any) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise TypeError(f"max_retries must be a non-negative int, not {max_retries!r}")
    return max_retries


def _checked_config(config: Any) -> ConfigProvider:
    if type(config) is Config:  # the usual case, without a protocol check's look at every member
        return config
    if not isinstance(config, ConfigProvider):
        raise TypeError("config must provide base_url, headers() and query() (see openai_core.ConfigProvider)")
    return config


def _checked_limiter(limiter: Any) -> Limiter | None:
    if limiter is None:
        return None
    from ._limits import Limiter  # only when one is given: a plain client does not load it

    if not isinstance(limiter, Limiter):
        raise TypeError(
            f"rate_limiter must be an openai_core.RateLimiter or meet openai_core.Limiter, not {type(limiter).__name__}"
        )
    return limiter


def _evolved(
    config: ConfigProvider,
    changes: dict[str, Any],
    add_headers: Mapping[str, str] | None,
    add_query: Mapping[str, Any] | None,
) -> tuple[ConfigProvider, tuple[Mapping[str, str] | None, Mapping[str, Any] | None]]:
    """``config`` with ``changes``, and the default headers and query parameters to add that it
    cannot hold itself (they then travel as per-request options)."""
    kind: Any = type(config)
    fields = {a.name for a in _record.fields(kind)} if _record.has(kind) else set()
    unknown = [name for name in changes if name not in fields]
    if unknown:
        raise TypeError(f"{', '.join(unknown)} cannot be changed on a client configured with {type(config).__name__}")
    extra: list[Any] = [None, None]
    for i, (name, added) in enumerate((("default_headers", add_headers), ("default_query", add_query))):
        if added is None:
            continue
        if name in fields:
            changes[name] = {**getattr(config, name), **added}
        else:
            extra[i] = added
    return (_record.evolve(config, **changes) if changes else config), (extra[0], extra[1])  # type: ignore[misc]


def _nullable(tp: Any) -> bool:
    if isinstance(tp, str):  # an annotation never resolved: be lenient
        return True
    return tp is Any or tp is None or type(None) in typing.get_args(tp)


def _missing_fields(obj: Any) -> list[str]:
    """The required fields of the result ``obj`` that are missing or ``null`` although their
    type does not allow it (its own fields: nested objects stay forward compatible)."""
    kind: Any = type(obj)
    if not isinstance(obj, Model) or not _record.has(kind):
        return []
    return [
        field.name
        for field in _record.fields(kind)
        if field.default is _record.NOTHING and getattr(obj, field.name) is None and not _nullable(field.type)
    ]


def _check_picklable(owner: str, name: str, value: Any) -> None:
    """Raise a clear error now if ``value`` cannot travel with a pickled client."""
    if value is None:
        return
    import pickle

    try:
        pickle.dumps(value)
    except Exception as exc:  # noqa: BLE001 - any failure means the same: it cannot travel
        raise TypeError(
            f"this {owner} cannot be pickled: its {name} ({type(value).__name__}) cannot ({type(exc).__name__}: {exc})"
        ) from None


class _Plan:
    """One call, ready to send: the request, its retry budget, how to read the answer."""

    __slots__ = ("attempts", "binary_stream", "cast_to", "request", "sse", "transform")

    def __init__(
        self,
        request: Request,
        attempts: Attempts,
        transform: Transform | None,
        sse: bool,
        binary_stream: bool,
        cast_to: Any = None,
    ) -> None:
        self.request = request
        self.attempts = attempts
        self.transform = transform
        self.sse = sse
        self.binary_stream = binary_stream
        self.cast_to = cast_to


class _BaseClient(Generic[Tr]):
    """Configuration, request building and result reading shared by both clients."""

    _config: ConfigProvider
    _transport_protocol: type  # what `transport=` must implement
    _http_client_kind: str  # what `http_client=` must be, and a method only that has
    _http_client_marker: str
    _httpx_flavour: str  # the httpx-style client that fits ("sync" or "async")

    def __init__(
        self,
        *,
        api_key: ApiKey | None = None,
        organization: str | None = None,
        project: str | None = None,
        admin_api_key: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | None = None,
        websocket_base_url: str | None = None,
        data_residency: str | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        http_client: Any = None,
        transport: Tr | None = None,
        config: ConfigProvider | None = None,
        retry_policy: RetryPolicy | None = None,
        rate_limiter: Limiter | None = None,
        sse_limits: SSELimits | None = None,
        _strict_response_validation: bool = False,
        _enforce_credentials: bool = True,
    ) -> None:
        base_url = residency_url(data_residency, base_url, websocket_base_url)
        if config is None:
            config = Config.from_env(
                api_key=api_key,
                admin_api_key=admin_api_key,
                webhook_secret=webhook_secret,
                base_url=base_url,
                websocket_base_url=websocket_base_url,
                organization=organization,
                project=project,
                default_headers=default_headers,
                default_query=default_query,
                enforce_credentials=_enforce_credentials,
            )
        else:
            settings = {
                "api_key": api_key,
                "admin_api_key": admin_api_key,
                "webhook_secret": webhook_secret,
                "base_url": base_url,
                "websocket_base_url": websocket_base_url,
                "organization": organization,
                "project": project,
                "default_headers": default_headers,
                "default_query": default_query,
            }
            given = [name for name, value in settings.items() if value is not None]
            if given:
                raise TypeError(f"pass either config=... or {', '.join(given)}, not both")
        self._config = _checked_config(config)
        if isinstance(timeout, NotGiven):  # an httpx client's own limits apply, as in the SDK
            self._timeout = _given_timeout(http_client) or DEFAULT_TIMEOUT
        else:
            self._timeout = Timeout.coerce(timeout)
        self._max_retries = _retries(max_retries)
        self._policy = retry_policy or RetryPolicy()
        self._limiter = _checked_limiter(rate_limiter)
        self._sse_limits = sse_limits
        self._options = RequestOptions()
        if not isinstance(_strict_response_validation, bool):
            raise TypeError("_strict_response_validation must be a bool")
        self._strict = _strict_response_validation
        self._raw_mode: str | None = None  # "raw" or "stream" on with_raw/streaming_response copies
        self._use_transport(transport, http_client)

    def _use_transport(self, transport: Tr | None, http_client: Any) -> None:
        """Send with ``transport``, else with a default one made on first use (on ``http_client``)."""
        if transport is not None and http_client is not None:
            raise TypeError("pass either transport=... or http_client=..., not both")
        if transport is not None and not isinstance(transport, self._transport_protocol):
            name = self._transport_protocol.__name__
            raise TypeError(f"transport must implement openai_core.{name}: send(request) and closing")
        if (
            http_client is not None
            and not hasattr(http_client, self._http_client_marker)
            and _httpx_flavour(http_client) != self._httpx_flavour
        ):
            raise TypeError(
                f"Invalid `http_client` argument: it must be {self._http_client_kind}, not {type(http_client).__name__}"
            )
        self._is_copy = False
        self._http_client = http_client
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
        api_key: ApiKey | None = None,
        organization: str | None = None,
        project: str | None = None,
        admin_api_key: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | None = None,
        websocket_base_url: str | None = None,
        data_residency: str | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        set_default_query: Mapping[str, Any] | None = None,
        http_client: Any = None,
        transport: Tr | None = None,
        config: ConfigProvider | None = None,
        retry_policy: RetryPolicy | None = None,
        rate_limiter: Limiter | None = None,
        path: str | None = None,
        stream_binary: bool | None = None,
        cast_to: Any = None,
        _strict_response_validation: bool | None = None,
    ) -> Self:
        """A copy of this client with some settings changed (``copy`` is the same method).

        It takes the constructor's keywords; ``default_headers``/``default_query`` add to this
        client's, ``set_default_headers``/``set_default_query`` replace them. Unless it gets
        its own ``transport`` or ``http_client``, the copy shares this client's connections,
        even with another key or base URL. Per copy only: (``path``) another path for the next
        calls, (``stream_binary``) binary answers streamed instead of read whole, (``cast_to``)
        answers parsed into your own class (``dict`` for the raw JSON; stream events too)."""
        if default_headers is not None and set_default_headers is not None:
            raise TypeError("pass either default_headers=... or set_default_headers=..., not both")
        if default_query is not None and set_default_query is not None:
            raise TypeError("pass either default_query=... or set_default_query=..., not both")
        changes: dict[str, Any] = {
            "api_key": api_key,
            "admin_api_key": admin_api_key,
            "webhook_secret": webhook_secret,
            "base_url": residency_url(data_residency, base_url, websocket_base_url),
            "websocket_base_url": websocket_base_url,
            "organization": organization,
            "project": project,
            "default_headers": set_default_headers,
            "default_query": set_default_query,
        }
        return self._copy(
            {k: v for k, v in changes.items() if v is not None},
            add_headers=default_headers,
            add_query=default_query,
            config=config,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            transport=transport,
            retry_policy=retry_policy,
            rate_limiter=rate_limiter,
            options=RequestOptions(path=path, stream_binary=stream_binary, cast_to=cast_to),
            strict=_strict_response_validation,
        )

    copy = with_options

    def _copy(
        self,
        changes: dict[str, Any],
        *,
        add_headers: Mapping[str, str] | None,
        add_query: Mapping[str, Any] | None,
        config: ConfigProvider | None,
        timeout: TimeoutInput | NotGiven,
        max_retries: int | NotGiven,
        http_client: Any,
        transport: Tr | None,
        retry_policy: RetryPolicy | None,
        rate_limiter: Limiter | None,
        options: RequestOptions,
        strict: bool | None,
    ) -> Self:
        new = object.__new__(type(self))
        # Private state only: cached resources stay behind, bound to the original client.
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k.startswith("_")})
        new._is_copy = True
        if config is not None:
            if changes or add_headers is not None or add_query is not None:
                raise TypeError(f"pass either config=... or {', '.join(changes) or 'default headers'}, not both")
            new._config = _checked_config(config)
        else:
            new._config, extra = _evolved(self._config, changes, add_headers, add_query)
            options = _record.evolve(options, headers=extra[0], query=extra[1])
        new._options = self._options.merge(options)
        if not isinstance(timeout, NotGiven):
            new._timeout = Timeout.coerce(timeout)
        if not isinstance(max_retries, NotGiven):
            new._max_retries = _retries(max_retries)
        if retry_policy is not None:
            new._policy = retry_policy
        if rate_limiter is not None:
            new._limiter = _checked_limiter(rate_limiter)
        if strict is not None:
            new._strict = strict
        if transport is not None or http_client is not None:
            new._use_transport(transport, http_client)
        return new

    def __copy__(self) -> Self:
        return self.with_options()

    # ---- pickling: a client travels as its configuration ------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        cell = self._cell
        state = {
            "config": self._config,
            "timeout": self._timeout,
            "max_retries": self._max_retries,
            "policy": self._policy,
            "limiter": self._limiter,
            "options": self._options,
            "strict": self._strict,
            "raw_mode": self._raw_mode,
            "http_client": self._http_client,
            "transport": None if cell.owned else cell.transport,  # the user's own transport travels
        }
        for name in ("config", "limiter", "http_client", "transport", "options"):
            _check_picklable(type(self).__name__, name, state[name])
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._config = state["config"]
        self._timeout = state["timeout"]
        self._max_retries = state["max_retries"]
        self._policy = state["policy"]
        self._limiter = state["limiter"]
        self._options = state["options"]
        self._strict = state["strict"]
        self._raw_mode = state["raw_mode"]
        self._use_transport(state["transport"], state["http_client"])

    def _raw_client(self, mode: str | None) -> Self:
        """A copy whose calls answer raw responses (``"raw"``: read whole; ``"stream"``: read
        as consumed), or plain results (``None``)."""
        new = self.with_options()
        new._raw_mode = mode
        return new

    @property
    def with_raw_response(self) -> object:
        """This client, with every call answering a :class:`LegacyAPIResponse` (status,
        headers, body; ``parse()`` for the usual result)."""
        return self._raw_client("raw")

    @property
    def with_streaming_response(self) -> object:
        """This client, with every call a context manager giving an :class:`APIResponse`
        whose body is read only as it is consumed."""
        from ._raw_response import StreamingProxy  # raw responses load when first asked for

        return StreamingProxy(self._raw_client("stream"))

    def _raw_response(
        self,
        op: Operation,
        path_params: Sequence[Any],
        query: Mapping[str, Any] | None,
        options: RequestOptions | None,
        plan: _Plan,
        raw: Any,
        started: float,
    ) -> Any:
        """What a call on a ``with_raw_response``/``with_streaming_response`` copy answers; its
        result is made on demand. (The parser's closure lives here, not in the frame of every
        call: a function's captured variables become cells whether or not that branch runs.)"""
        from ._raw_response import APIResponse, AsyncAPIResponse, LegacyAPIResponse

        cls: type[LegacyAPIResponse[Any] | APIResponse[Any] | AsyncAPIResponse[Any]]
        if self._raw_mode == "raw":
            cls = LegacyAPIResponse
        else:
            cls = AsyncAPIResponse if isinstance(raw, AsyncRawResponse) else APIResponse
        return cls(
            raw,
            plan.request,
            parser=lambda raw, to: self._result(op, path_params, query, options, plan, raw, to),
            whole=not (plan.sse or plan.binary_stream),
            retries_taken=plan.attempts.retries,
            started=started,
        )

    def _result(
        self,
        op: Operation,
        path_params: Sequence[Any],
        query: Mapping[str, Any] | None,
        options: RequestOptions | None,
        plan: _Plan,
        raw: Any,
        cast_to: Any,
    ) -> Any:
        """The result of a call from its answer: a stream, a streamed body, or the parsed body."""
        cast_to = cast_to or plan.cast_to
        if plan.sse:
            return self._stream(op, path_params, query, options, plan, raw, cast_to)
        if plan.binary_stream:
            return self._binary_response(raw)
        return self._parse_body(op, plan, raw, cast_to)

    def _stream(
        self,
        op: Operation,
        path_params: Sequence[Any],
        query: Mapping[str, Any] | None,
        options: RequestOptions | None,
        plan: _Plan,
        raw: Any,
        cast_to: Any,
    ) -> Any:
        """An event stream's answer as the face's stream (:meth:`_event_stream`, with the face's
        way to re-open it)."""
        raise NotImplementedError

    def _binary_response(self, raw: Any) -> Any:
        """A binary answer streamed as it comes, as the face's response type."""
        raise NotImplementedError

    def _event_stream(
        self,
        kind: Callable[..., R],
        op: Operation,
        path_params: Sequence[Any],
        query: Mapping[str, Any] | None,
        plan: _Plan,
        raw: Any,
        cast_to: Any,
        reopen: Callable[[ResumePoint], Any],
    ) -> R:
        """``kind`` (the face's stream class) over an event stream's answer; ``reopen`` re-opens
        it where it broke, when the operation can resume."""
        from ._accumulate import accumulator_for  # streams only: a plain call does not load them
        from ._raw_response import STREAM_PARSER, LegacyAPIResponse

        resumption = self._resumption(op, path_params, query, plan)
        return kind(
            raw,
            cast_to or resolve_type(op.event or "typing:Any"),
            LegacyAPIResponse(raw, plan.request, parser=STREAM_PARSER, whole=False),
            accumulator=accumulator_for(op.event),
            resumption=resumption,
            reopen=None if resumption is None else reopen,
            limits=self._sse_limits,
        )

    def _parse_body(self, op: Operation, plan: _Plan, raw: RawResponse | AsyncRawResponse, cast_to: Any) -> Any:
        """The typed result of a whole body; a body that does not fit raises with its response.
        With ``_strict_response_validation``, a result missing one of its required fields (or
        holding ``null`` there) raises :class:`APIDecodeError`. Nested objects are not checked:
        the official SDK's types relax some of the spec's required fields there, and so do the
        servers."""
        try:
            result = parse_result(op, raw.status, raw.headers, raw.content, plan.transform, cast_to)
            if self._strict and (missing := _missing_fields(result)):
                raise APIDecodeError(
                    f"The {type(result).__name__} returned lacks required fields: {', '.join(missing)}",
                    status_code=raw.status,
                    body=raw.content,
                    request_id=raw.headers.get("x-request-id"),
                )
        except APIResponseValidationError as exc:
            from ._raw_response import ERROR_PARSER, LegacyAPIResponse

            exc.response = LegacyAPIResponse(raw, plan.request, parser=ERROR_PARSER, whole=True)
            raise
        return result

    @staticmethod
    def _verb_arguments(cast_to: Any, body: Mapping[str, Any] | None, options: Mapping[str, Any] | None) -> Any:
        """The :meth:`request` keywords of the SDK's ``get``/``post``/``put``/``patch``/``delete``,
        whose ``options`` may hold ``headers``, ``params``, ``timeout``, ``max_retries`` and
        ``extra_json``; ``cast_to=object`` answers the raw JSON."""
        given = dict(options or {})
        unknown = sorted(set(given) - {"headers", "params", "timeout", "max_retries", "extra_json"})
        if unknown:
            raise TypeError(f"unsupported request option(s): {', '.join(unknown)}")
        if given.get("extra_json"):
            body = {**(body or {}), **given["extra_json"]}
        return {
            "body": body,
            "query": given.get("params"),
            "headers": given.get("headers"),
            "cast_to": None if cast_to is object else cast_to,
            "timeout": given.get("timeout", NOT_GIVEN),
            "max_retries": given.get("max_retries", NOT_GIVEN),
        }

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
        """Mark the client closed (unless this is a ``with_options`` copy); return the
        transport to close with it: one it made itself, if any."""
        cell = self._cell
        if self._is_copy:
            return None
        cell.closed = True
        return cell.transport if cell.owned else None

    def is_closed(self) -> bool:
        """Whether :meth:`close` was called (on this client or the one it was copied from)."""
        return self._cell.closed

    @property
    def config(self) -> ConfigProvider:
        """The configuration this client sends with."""
        return self._config

    @property
    def base_url(self) -> str:
        """The URL every path is appended to."""
        return self._config.base_url

    @property
    def api_key(self) -> str | None:
        """The key sent now (with an ``api_key`` function, the last key it gave, if any)."""
        config = self._config
        if isinstance(config, Config):
            return config.current_key
        key = getattr(config, "api_key", None)
        return key if isinstance(key, str) else None

    @property
    def admin_api_key(self) -> str | None:
        """The key of the admin endpoints, if one is set."""
        return getattr(self._config, "admin_api_key", None)

    @property
    def organization(self) -> str | None:
        """The organization sent as ``OpenAI-Organization``, if one is set."""
        return getattr(self._config, "organization", None)

    @property
    def project(self) -> str | None:
        """The project sent as ``OpenAI-Project``, if one is set."""
        return getattr(self._config, "project", None)

    @property
    def webhook_secret(self) -> str | None:
        """The secret that :attr:`webhooks` verifies signatures with."""
        return getattr(self._config, "webhook_secret", None)

    @property
    def max_retries(self) -> int:
        """Retries after a failed attempt (``copy(max_retries=...)`` for another count)."""
        return self._max_retries

    @property
    def timeout(self) -> Timeout:
        """The time limits of each request."""
        return self._timeout

    @property
    def websocket_base_url(self) -> str | None:
        """Where Realtime sessions connect, when not derived from ``base_url``."""
        return getattr(self._config, "websocket_base_url", None)

    @property
    def webhooks(self) -> Webhooks:
        """Verify and parse the webhooks the API sends you (secret: ``OPENAI_WEBHOOK_SECRET``)."""
        from ._webhooks import Webhooks

        return Webhooks(self.webhook_secret)

    def _prepare(
        self,
        op: Operation,
        path_params: Sequence[Any],
        query: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None,
        options: RequestOptions | None,
        headers: Mapping[str, str] | None = None,
    ) -> _Plan:
        """The call ready to send; ``headers`` are the configuration's, when already awaited."""
        if op.deprecated:
            from ._deprecation import warn_deprecated

            warn_deprecated(op.call)
        opts = self._options.merge(options)
        body, transform = adapt(op, body)
        sse = op.stream == "always" or (op.stream == "flag" and (_flag(body) or _flag(query)))
        raw_body = not sse and op.response_kind == "binary" and bool(opts.stream_binary)
        config = self._config
        request = build_request(
            base_url=config.base_url,
            headers=ready_headers(config.headers(admin=op.admin)) if headers is None else headers,
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
        if raw_body or self._raw_mode == "stream":
            request = _record.evolve(request, stream=True)
        retries = self._max_retries if opts.max_retries is None else opts.max_retries
        limit = request.timeout.deadline
        deadline = None if limit is None else time.monotonic() + limit
        cast_to = str if opts.cast_to is None and text_answer(op, body) else opts.cast_to
        if cast_to is None and not sse and self._raw_mode == "stream" and op.response_kind == "binary":
            cast_to = bytes  # as the SDK's with_streaming_response: parse() gives the bytes
        return _Plan(request, Attempts(self._policy, retries, deadline), transform, sse, raw_body, cast_to)

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
        from ._streaming import Resumption

        resumption = Resumption(max_attempts=plan.attempts.max_retries)
        if op.id == via:  # a GET stream: only background responses are streamed that way
            resumption.response_id = str(path_params[0])
            resumption.background = True
            after = (query or {}).get("starting_after")
            if isinstance(after, int) and not isinstance(after, bool):
                resumption.last_sequence = after
        return resumption

    def _resume_plan(
        self,
        op: Operation,
        point: ResumePoint,
        query: Mapping[str, Any] | None,
        options: RequestOptions | None,
        headers: Mapping[str, str] | None = None,
    ) -> _Plan:
        """The request that re-opens a dropped stream of ``op`` after ``point``."""
        from .operations import OPERATIONS

        via = OPERATIONS[_RESUME_VIA[op.id]]
        base = dict(query or {}) if via.id == op.id else {}
        base.update(stream=True, starting_after=point.starting_after)
        # The GET has no body, and its own path even on a client made with_options(path=...).
        opts = RequestOptions(path=via.path) if options is None else _record.evolve(options, body=None, path=via.path)
        return self._prepare(via, (point.response_id,), base, None, opts, headers)

    @staticmethod
    def _retry_after_error(request: Request, attempts: Attempts, exc: BaseException) -> float:
        """The wait before retrying a failed exchange; raises the typed error when it is final."""
        error = as_connection_error(exc)
        wait = None if isinstance(error, TLSCertificateError) else attempts.after_connection_error()
        if wait is None:
            error.failed_request = request
            if error is exc:
                raise error  # keeps the cause the transport gave it
            raise error from exc
        log.info("%s %s: %s; retrying in %.2fs", request.method, _loggable(request.url), error, wait)
        return wait

    @staticmethod
    def _retry_after_status(
        request: Request, attempts: Attempts, raw: RawResponse | AsyncRawResponse, body: bytes, started: float
    ) -> float | None:
        """``None`` for a 2xx answer; else the wait before retrying, or the typed error raised."""
        status, headers = raw.status, raw.headers
        if log.isEnabledFor(logging.DEBUG):  # its arguments cost a regex substitution per call
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
            from ._raw_response import ERROR_PARSER, LegacyAPIResponse

            read = _record.evolve(raw, content=body, chunks=None)
            response: LegacyAPIResponse[Any] = LegacyAPIResponse(
                read, request, parser=ERROR_PARSER, whole=True, retries_taken=attempts.retries, started=started
            )
            raise make_status_error(status, headers, body, headers.get("x-request-id"), response)
        log.info("%s %s: HTTP %s; retrying in %.2fs", request.method, _loggable(request.url), status, wait)
        return wait


class Client(SyncResources, _BaseClient[SyncTransport]):
    """The blocking client (also exported as ``OpenAI``). It takes the official SDK's keywords;
    those not passed come from the environment (``OPENAI_API_KEY``, ``OPENAI_ADMIN_KEY``,
    ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``, ``OPENAI_WEBHOOK_SECRET``).

    ``api_key`` may be a function, asked for a fresh key before each request.
    ``data_residency`` (``"us"``, ``"eu"``...) picks a regional base URL. With
    ``_strict_response_validation``, a result missing a required field raises
    :class:`~openai_core.APIDecodeError` instead of reading as ``None``.
    ``transport`` is anything that meets :class:`~openai_core.SyncTransport`; by default a
    ``requests`` transport is made on first use (``http_client`` hands it your own
    ``requests.Session``, or sends through your ``httpx2.Client``/``httpx.Client`` instead).
    ``rate_limiter`` (a :class:`~openai_core.RateLimiter`, a
    :class:`~openai_core.RedisRateLimiter` shared by many processes, or any
    :class:`~openai_core.Limiter`; off by default) holds requests to the rate limits.
    ``sse_limits`` (an :class:`~openai_core.SSELimits`) caps one line and one event of a stream.
    A client pickles to its configuration (key included) and makes its transport again where
    it is unpickled.
    """

    if TYPE_CHECKING:

        @overload
        def with_options(
            self, *, stream_binary: Literal[True], **options: Unpack[BaseSettings]
        ) -> StreamedBinaryClient: ...
        @overload
        def with_options(
            self, *, cast_to: type[dict[Any, Any]], **options: Unpack[ClientSettings]
        ) -> CastResults[dict[str, object]]: ...
        @overload
        def with_options(self, *, cast_to: type[R], **options: Unpack[ClientSettings]) -> CastResults[R]: ...
        @overload
        def with_options(self, **options: Unpack[ClientOptions]) -> Self: ...
        def with_options(self, **options: Unpack[ClientOptions]) -> Any: ...

        @property
        def with_raw_response(self) -> OpenAIWithRawResponse: ...
        @property
        def with_streaming_response(self) -> OpenAIWithStreamedResponse: ...

    _transport_protocol = SyncTransport
    _http_client_kind = "a requests.Session or an httpx2.Client (or httpx.Client)"
    _http_client_marker, _httpx_flavour = "mount", "sync"

    def _default_transport(self, http_client: Any) -> SyncTransport:
        transports = importlib.import_module("transports")
        if _httpx_flavour(http_client) is not None:
            httpx_transport: SyncTransport = transports.HttpxTransport(http_client)
            return httpx_transport
        # Imported by name, as aiohttp below: a type check of users' code then reads neither
        # the transports nor requests/aiohttp (a third of its time).
        transport: SyncTransport = transports.RequestsTransport(session=http_client)
        return transport

    def _exchange(self, transport: SyncTransport, request: Request) -> RawResponse:
        """One ``transport.send``, inside the rate limiter when there is one."""
        limiter = self._limiter
        if limiter is None:
            return transport.send(request)
        release = limiter.acquire(request)
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
        if self._raw_mode is not None:
            started = time.monotonic()
            raw = self._send(plan.request, plan.attempts)
            return self._raw_response(op, path_params, query, options, plan, raw, started)
        raw = self._send(plan.request, plan.attempts)
        return self._result(op, path_params, query, options, plan, raw, None)

    def _stream(
        self,
        op: Operation,
        path_params: Sequence[Any],
        query: Mapping[str, Any] | None,
        options: RequestOptions | None,
        plan: _Plan,
        raw: RawResponse,
        cast_to: Any,
    ) -> Stream[Any]:
        from ._streaming import Stream

        def reopen(point: ResumePoint) -> RawResponse:
            again = self._resume_plan(op, point, query, options)
            return self._send(again.request, again.attempts)

        return self._event_stream(Stream, op, path_params, query, plan, raw, cast_to, reopen)

    def _binary_response(self, raw: RawResponse) -> StreamedBinaryResponse:
        from ._streaming import StreamedBinaryResponse

        return StreamedBinaryResponse(raw, self._info(raw))

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

    def get(self, path: str, *, cast_to: Any, options: _Fields | None = None) -> Any:
        """``GET`` a path, as the SDK's ``client.get`` (see :meth:`request`)."""
        return self.request("GET", path, **self._verb_arguments(cast_to, None, options))

    def post(self, path: str, *, cast_to: Any, body: _Fields | None = None, options: _Fields | None = None) -> Any:
        """``POST`` to a path, as the SDK's ``client.post`` (see :meth:`request`)."""
        return self.request("POST", path, **self._verb_arguments(cast_to, body, options))

    def put(self, path: str, *, cast_to: Any, body: _Fields | None = None, options: _Fields | None = None) -> Any:
        """``PUT`` to a path, as the SDK's ``client.put``."""
        return self.request("PUT", path, **self._verb_arguments(cast_to, body, options))

    def patch(self, path: str, *, cast_to: Any, body: _Fields | None = None, options: _Fields | None = None) -> Any:
        """``PATCH`` a path, as the SDK's ``client.patch``."""
        return self.request("PATCH", path, **self._verb_arguments(cast_to, body, options))

    def delete(self, path: str, *, cast_to: Any, body: _Fields | None = None, options: _Fields | None = None) -> Any:
        """``DELETE`` a path, as the SDK's ``client.delete``."""
        return self.request("DELETE", path, **self._verb_arguments(cast_to, body, options))

    def _paginate(
        self,
        op: Operation,
        path_params: Sequence[Any] = (),
        *,
        query: Mapping[str, Any] | None = None,
        options: RequestOptions | None = None,
    ) -> SyncPage[Any]:
        from ._pagination import SyncPage, next_page_query, page_items

        plain = self if self._raw_mode is None else self._raw_client(None)

        def page(result: Any) -> SyncPage[Any]:
            items = page_items(result)
            return SyncPage(result, items, fetch, next_page_query(op, result, items))

        def fetch(update: dict[str, Any]) -> SyncPage[Any]:
            return page(plain._call(op, path_params, query={**(query or {}), **update}, options=options))

        if self._raw_mode is None:
            return fetch({})
        response = self._call(op, path_params, query=query, options=options)
        response._map(page)
        return response  # type: ignore[no-any-return]

    def close(self) -> None:
        """Release the connections of a transport this client created; later calls raise
        :class:`~openai_core.ClientClosedError`."""
        transport = self._owned_transport()
        if transport is not None:
            transport.close()
        if not self._is_copy:
            _close_if_made_for_client(self._http_client)

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={self.base_url!r}>"


OpenAI = Client

if TYPE_CHECKING:

    class StreamedBinaryClient(Client):
        """``Client.with_options(stream_binary=True)``, as checkers see it: its binary answers
        (``files.content()``, ``audio.speech.create()`` ...) are :class:`StreamedBinaryResponse`."""


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name in ("BaseSettings", "ClientOptions", "ClientSettings"):  # typing only: made when asked for
            return getattr(importlib.import_module("openai_core._options"), name)
        if name in ("AsyncClient", "AsyncOpenAI"):  # in a module of their own, loaded when asked for
            return getattr(importlib.import_module("openai_core._async_client"), name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def DefaultAioHttpClient(**kwargs: Any) -> Any:
    """An ``aiohttp.ClientSession`` (``kwargs`` are its own) for ``AsyncClient(http_client=...)``;
    ``AsyncClient`` already runs on aiohttp without one. Call it inside a running event loop. The
    client it is given closes it on ``aclose()`` (a session of your own stays yours to close)."""
    from ._http_client import made_for_client

    return made_for_client(importlib.import_module("aiohttp").ClientSession(**kwargs))
