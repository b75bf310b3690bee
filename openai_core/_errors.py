"""The exception hierarchy, and the pure mapping from an HTTP error response to it.

The classes of the HTTP statuses (:class:`RateLimitError`...) live in ``_status_errors``, made
when the first error response comes (or when a name is first asked for): making an exception
class costs as much as a tenth of a first call's own work."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._status_errors import (
        AuthenticationError as AuthenticationError,
        BadRequestError as BadRequestError,
        ConflictError as ConflictError,
        InternalServerError as InternalServerError,
        NotFoundError as NotFoundError,
        OAuthError as OAuthError,
        PermissionDeniedError as PermissionDeniedError,
        RateLimitError as RateLimitError,
        UnprocessableEntityError as UnprocessableEntityError,
    )

__all__ = [
    "APIConnectionError",
    "APIDecodeError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "InternalServerError",
    "InvalidHeaderError",
    "InvalidWebhookSignatureError",
    "NotFoundError",
    "OAuthError",
    "OpenAIError",
    "PermissionDeniedError",
    "PoolTimeoutError",
    "RateLimitError",
    "ResponseTooLargeError",
    "StreamError",
    "StreamEventTooLargeError",
    "StreamTruncatedError",
    "SubjectTokenProviderError",
    "TLSCertificateError",
    "UnprocessableEntityError",
    "UnsafeRedirectError",
    "WebSocketConnectionClosedError",
    "WebSocketQueueFullError",
    "make_status_error",
]

_SNIPPET = 200


def snippet(body: bytes, limit: int = _SNIPPET) -> str:
    """The first bytes of a body, printable, for an error message."""
    head = body[:limit].decode("utf-8", "replace")
    return repr(head + ("…" if len(body) > limit else ""))


def plain_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """``headers`` as a plain dict with lower-case names (picklable, still answers lower-case)."""
    return {k.lower(): v for k, v in headers.items()}


def _restore(cls: type[BaseException], args: tuple[Any, ...]) -> BaseException:
    error = cls.__new__(cls, *args)
    error.args = args
    return error


class OpenAIError(Exception):
    """Base of every error this library raises.

    Every error pickles (process pools, task queues): its attributes travel, its response as a
    detached copy (status, headers, body), its traceback and cause do not.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        state = dict(self.__dict__)
        state.pop("failed_request", None)  # it holds the credentials and maybe open files
        if isinstance(state.get("headers"), Mapping):
            state["headers"] = plain_headers(state["headers"])
        return (_restore, (type(self), self.args), state)


class APIError(OpenAIError):
    """An error reported by, or while talking to, the API.

    ``body`` is the API's error object (or the whole JSON body, or its text) when there is
    one; ``code``, ``param`` and ``type`` come from it.
    """

    message: str
    request_id: str | None = None
    body: object = None
    code: str | None = None
    param: str | None = None
    type: str | None = None

    def __init__(self, message: str, *, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request_id = request_id

    failed_request: Any = None
    """The request a connection error interrupted (see :attr:`request`)."""

    @property
    def request(self) -> Any:
        """The request that failed (method, URL and headers)."""
        response = getattr(self, "response", None)
        return self.failed_request if response is None else response.http_request


class APIConnectionError(APIError):
    """The request could not be sent, or the connection failed before a full answer."""

    def __init__(self, message: str = "Connection error.", *, request_id: str | None = None) -> None:
        super().__init__(message, request_id=request_id)


class APITimeoutError(APIConnectionError):
    """A connect, read, idle or total time limit ran out."""

    def __init__(self, message: str = "Request timed out.", *, request_id: str | None = None) -> None:
        super().__init__(message, request_id=request_id)


class APIResponseValidationError(APIError):
    """A successful answer whose body is not what the operation promises."""

    status_code: int
    response: Any = None


class APIDecodeError(APIResponseValidationError):
    """A response body that is not what the operation promises (not JSON, empty, bad UTF-8);
    ``body`` holds its bytes."""

    def __init__(self, message: str, *, status_code: int, body: bytes, request_id: str | None = None) -> None:
        super().__init__(f"{message} (HTTP {status_code}; body starts {snippet(body)})", request_id=request_id)
        self.status_code = status_code
        self.body = body


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status.

    ``type``, ``code`` and ``param`` come from the API's error object when it sent one, and
    ``body`` is that object (else the whole JSON body, else its text). ``response`` is the raw
    response (:class:`~openai_core.LegacyAPIResponse`: status, headers, ``content``, ``json()``)
    and ``headers`` its headers.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        headers: Mapping[str, str],
        body: bytes,
        error: Mapping[str, Any] | None = None,
        request_id: str | None = None,
        response: Any = None,
    ) -> None:
        super().__init__(message, request_id=request_id)
        error = error or {}
        self.status_code = status_code
        self.headers = headers
        self.body = _body_of(body)
        self.type = _str_or_none(error.get("type"))
        self.code = _str_or_none(error.get("code"))
        self.param = _str_or_none(error.get("param"))
        self.error: Mapping[str, Any] = error
        if response is None:
            from ._raw_response import detached_response

            response = detached_response(status_code, headers, body)
        self.response = response

    @property
    def rate_limits(self) -> Any:
        """The parsed ``x-ratelimit-*`` headers of the response (a :class:`RateLimits`)."""
        from ._response import RateLimits

        return RateLimits.from_headers(self.headers)

    def __str__(self) -> str:
        rid = f" [request id {self.request_id}]" if self.request_id else ""
        return f"Error code: {self.status_code} - {self.message}{rid}"


class StreamError(APIError):
    """The API reported an error inside a stream (an ``error`` event, or ``response.failed``)."""

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        type: str | None = None,
        param: str | None = None,
        data: Any = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, request_id=request_id)
        self.code = code
        self.type = type
        self.param = param
        self.data = data

    def __str__(self) -> str:
        code = f" ({self.code})" if self.code else ""
        rid = f" [request id {self.request_id}]" if self.request_id else ""
        return f"Stream error{code}: {self.message}{rid}"


class StreamTruncatedError(StreamError, APIConnectionError):
    """The stream ended before its terminator (``[DONE]`` or a final event): data is missing."""


class InvalidWebhookSignatureError(OpenAIError, ValueError):
    """A webhook whose signature, timestamp or headers do not verify."""


class SubjectTokenProviderError(OpenAIError):
    """A token provider failed to give a token; ``response`` is its failed answer, if any."""

    def __init__(self, message: str, *, response: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.response = response


class WebSocketConnectionClosedError(OpenAIError):
    """A WebSocket closed while messages were still unsent (``unsent_messages``)."""

    def __init__(self, message: str, *, unsent_messages: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.unsent_messages = unsent_messages


class WebSocketQueueFullError(OpenAIError):
    """The outgoing WebSocket queue is over its size limit."""


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _body_of(body: bytes) -> object:
    """The SDK's ``err.body``: the ``error`` member of a JSON body, else the JSON, else the text."""
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return text
    return data.get("error", data) if isinstance(data, dict) else data


def error_object(body: bytes) -> Mapping[str, Any] | None:
    """The API's ``{"error": {...}}`` object in ``body``, if the body is one."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict):
            return err
        if isinstance(err, str):
            return {"message": err}
        if "detail" in data or "title" in data:  # application/problem+json
            message = str(data.get("detail") or data.get("title"))
            problems = data.get("validation")
            if isinstance(problems, list) and problems:
                message += " " + "; ".join(_problem(p) for p in problems[:5])
            return {"message": message, "type": data.get("type")}
    return None


def _problem(problem: Any) -> str:
    if not isinstance(problem, dict):
        return str(problem)
    where = ".".join(str(p) for p in problem.get("location") or [])
    return f"{where}: {problem.get('message')}" if where else str(problem.get("message"))


def make_status_error(
    status: int, headers: Mapping[str, str], body: bytes, request_id: str | None, response: Any = None
) -> APIStatusError:
    """The typed error for a non-2xx response (``response``: its raw response). Never raises,
    whatever the body is."""
    error = error_object(body)
    if error is not None and error.get("message"):
        message = str(error["message"])
    elif not body:
        message = f"HTTP {status} with an empty body"
    else:
        ctype = headers.get("content-type", "")
        kind = "an HTML page" if "html" in ctype or body.lstrip()[:1] == b"<" else "a non-JSON body"
        message = f"HTTP {status} with {kind}: {snippet(body, 120)}"
    from ._status_errors import status_error_class  # made when the first error response comes

    cls = status_error_class(status)
    return cls(
        message, status_code=status, headers=headers, body=body, error=error, request_id=request_id, response=response
    )


def as_connection_error(exc: BaseException) -> APIConnectionError:
    """The typed error for a failed exchange (a transport's own, or a plain ``OSError``)."""
    if isinstance(exc, APIConnectionError):
        return exc
    if isinstance(exc, TimeoutError):
        return APITimeoutError(f"Request timed out: {exc}")
    return APIConnectionError(f"Connection error: {exc}")


class InvalidHeaderError(OpenAIError, ValueError):
    """A request header that cannot be sent (a control character, a non-Latin-1 character, a
    malformed name); refused before sending, never retried. The value is never quoted."""


class StreamEventTooLargeError(APIError):
    """One line or one event of a stream grew past its cap (``SSELimits``); the rest of the
    stream is not read."""

    def __init__(self, message: str, *, limit: int, request_id: str | None = None) -> None:
        super().__init__(message, request_id=request_id)
        self.limit = limit


class ClientClosedError(OpenAIError, RuntimeError):
    """The client was closed (``close()`` / ``aclose()``); make a new one to send requests."""


class PoolTimeoutError(APITimeoutError):
    """No pooled connection became free within ``Timeout.pool`` seconds."""


class TLSCertificateError(APIConnectionError):
    """The server's TLS certificate failed verification; never retried."""


class UnsafeRedirectError(APIError):
    """A redirect that cannot be followed safely: to ``http`` from ``https``, or to another
    origin while keeping a request body (307/308). Never followed, never retried."""

    def __init__(self, message: str, *, status_code: int, request_id: str | None = None) -> None:
        super().__init__(message, request_id=request_id)
        self.status_code = status_code


class ResponseTooLargeError(APIError):
    """A response body grew past the transport's ``max_body_size`` (counted after decompression)."""

    def __init__(self, limit: int, *, request_id: str | None = None) -> None:
        super().__init__(f"response body larger than {limit} bytes (max_body_size)", request_id=request_id)
        self.limit = limit


_STATUS_ERRORS = frozenset(
    {
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "InternalServerError",
        "NotFoundError",
        "OAuthError",
        "PermissionDeniedError",
        "RateLimitError",
        "UnprocessableEntityError",
    }
)


def __getattr__(name: str) -> Any:
    """The HTTP status errors, kept in ``_status_errors`` until an error response needs them."""
    if name not in _STATUS_ERRORS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import _status_errors

    return getattr(_status_errors, name)
