"""Transports for openai-core: ``requests`` (sync), ``aiohttp`` (async), a user's httpx-style
client (both) and a mock (both).

Each is imported on first use, so ``import transports`` loads no HTTP library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._aiohttp import AiohttpTransport
    from ._httpx import AsyncHttpxTransport, HttpxTransport
    from ._requests import RequestsTransport
    from .mock import AsyncMockTransport, MockResponse, MockTransport

__all__ = [
    "AiohttpTransport",
    "AsyncHttpxTransport",
    "AsyncMockTransport",
    "HttpxTransport",
    "MockResponse",
    "MockTransport",
    "RequestsTransport",
]

_WHERE = {
    "AiohttpTransport": "._aiohttp",
    "AsyncHttpxTransport": "._httpx",
    "HttpxTransport": "._httpx",
    "RequestsTransport": "._requests",
    "MockTransport": ".mock",
    "AsyncMockTransport": ".mock",
    "MockResponse": ".mock",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'transports' has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
