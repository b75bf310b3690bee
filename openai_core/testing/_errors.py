"""OpenAI-shaped error bodies and the exception handlers raise to send one."""

from __future__ import annotations

from typing import Any

from aiohttp import web

__all__ = ["APIError", "error_body", "error_type_for"]


def error_type_for(status: int) -> str:
    """Return the OpenAI error ``type`` conventionally used for ``status``."""
    if status >= 500:
        return "server_error"
    if status == 429:
        return "requests"
    return "invalid_request_error"


def error_body(
    message: str,
    *,
    type: str = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    """Build ``{"error": {...}}`` as the OpenAI API does."""
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


class APIError(Exception):
    """Raised by handlers; turned into an OpenAI-shaped JSON error response."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        type: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code
        self.type = type or error_type_for(status)

    def to_response(self) -> web.Response:
        """Render as a JSON response."""
        body = error_body(self.message, type=self.type, param=self.param, code=self.code)
        return web.json_response(body, status=self.status)
