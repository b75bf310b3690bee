"""The errors of HTTP statuses, made when the first error response needs one (see ``_errors``)."""

from __future__ import annotations

from ._errors import APIStatusError

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "OAuthError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "status_error_class",
]


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401: a missing, wrong or revoked key."""


class OAuthError(AuthenticationError):
    """HTTP 401 from an OAuth token exchange (the SDK's name; nothing here exchanges tokens yet)."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429: too many requests, or (``code == 'insufficient_quota'``) no quota left."""


class InternalServerError(APIStatusError):
    """HTTP 5xx, including a proxy's HTML error page."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The class of the error of an HTTP ``status`` that is not a success."""
    return _BY_STATUS.get(status, InternalServerError if status >= 500 else APIStatusError)
