"""openai-core: a typed sync and asyncio client for the whole OpenAI API over a sans-IO core.

```python
from openai_core import Client
client = Client()
reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
```

Names are imported on first use, so ``import openai_core`` stays small.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._client import (
        AsyncClient as AsyncClient,
    )
    from ._client import (
        Client as Client,
    )
    from ._config import (
        Config as Config,
    )
    from ._config import (
        ConfigProvider as ConfigProvider,
    )
    from ._errors import (
        APIConnectionError as APIConnectionError,
    )
    from ._errors import (
        APIDecodeError as APIDecodeError,
    )
    from ._errors import (
        APIError as APIError,
    )
    from ._errors import (
        APIStatusError as APIStatusError,
    )
    from ._errors import (
        APITimeoutError as APITimeoutError,
    )
    from ._errors import (
        AuthenticationError as AuthenticationError,
    )
    from ._errors import (
        BadRequestError as BadRequestError,
    )
    from ._errors import (
        ConflictError as ConflictError,
    )
    from ._errors import (
        InternalServerError as InternalServerError,
    )
    from ._errors import (
        NotFoundError as NotFoundError,
    )
    from ._errors import (
        OpenAIError as OpenAIError,
    )
    from ._errors import (
        PermissionDeniedError as PermissionDeniedError,
    )
    from ._errors import (
        RateLimitError as RateLimitError,
    )
    from ._errors import (
        StreamError as StreamError,
    )
    from ._errors import (
        StreamTruncatedError as StreamTruncatedError,
    )
    from ._errors import (
        UnprocessableEntityError as UnprocessableEntityError,
    )
    from ._models import (
        Model as Model,
    )
    from ._models import (
        UnknownObject as UnknownObject,
    )
    from ._pagination import (
        AsyncPage as AsyncPage,
    )
    from ._pagination import (
        AsyncPager as AsyncPager,
    )
    from ._pagination import (
        SyncPage as SyncPage,
    )
    from ._request import (
        Request as Request,
    )
    from ._request import (
        RequestOptions as RequestOptions,
    )
    from ._response import (
        BinaryResponse as BinaryResponse,
    )
    from ._response import (
        RateLimits as RateLimits,
    )
    from ._response import (
        ResponseInfo as ResponseInfo,
    )
    from ._retry import (
        RetryPolicy as RetryPolicy,
    )
    from ._sse import (
        ServerSentEvent as ServerSentEvent,
    )
    from ._sse import (
        SSEDecoder as SSEDecoder,
    )
    from ._streaming import (
        AsyncStream as AsyncStream,
    )
    from ._streaming import (
        Stream as Stream,
    )
    from ._transport import (
        AsyncRawResponse as AsyncRawResponse,
    )
    from ._transport import (
        AsyncTransport as AsyncTransport,
    )
    from ._transport import (
        RawResponse as RawResponse,
    )
    from ._transport import (
        SyncTransport as SyncTransport,
    )
    from ._types import (
        NOT_GIVEN as NOT_GIVEN,
    )
    from ._types import (
        NotGiven as NotGiven,
    )
    from ._types import (
        Timeout as Timeout,
    )

_EXPORTS = {
    "Client": "_client",
    "AsyncClient": "_client",
    "Config": "_config",
    "ConfigProvider": "_config",
    "APIConnectionError": "_errors",
    "APIDecodeError": "_errors",
    "APIError": "_errors",
    "APIStatusError": "_errors",
    "APITimeoutError": "_errors",
    "AuthenticationError": "_errors",
    "BadRequestError": "_errors",
    "ConflictError": "_errors",
    "InternalServerError": "_errors",
    "NotFoundError": "_errors",
    "OpenAIError": "_errors",
    "PermissionDeniedError": "_errors",
    "RateLimitError": "_errors",
    "StreamError": "_errors",
    "StreamTruncatedError": "_errors",
    "UnprocessableEntityError": "_errors",
    "Model": "_models",
    "UnknownObject": "_models",
    "AsyncPage": "_pagination",
    "AsyncPager": "_pagination",
    "SyncPage": "_pagination",
    "Request": "_request",
    "RequestOptions": "_request",
    "BinaryResponse": "_response",
    "RateLimits": "_response",
    "ResponseInfo": "_response",
    "RetryPolicy": "_retry",
    "ServerSentEvent": "_sse",
    "SSEDecoder": "_sse",
    "AsyncStream": "_streaming",
    "Stream": "_streaming",
    "AsyncRawResponse": "_transport",
    "AsyncTransport": "_transport",
    "RawResponse": "_transport",
    "SyncTransport": "_transport",
    "NOT_GIVEN": "_types",
    "NotGiven": "_types",
    "Timeout": "_types",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'openai_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
