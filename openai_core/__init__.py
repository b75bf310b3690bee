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
    from ._accumulate import (
        Accumulator as Accumulator,
        ChatCompletionAccumulator as ChatCompletionAccumulator,
        ResponseAccumulator as ResponseAccumulator,
    )
    from ._azure import AzureConfig as AzureConfig
    from ._client import (
        AsyncClient as AsyncClient,
        Client as Client,
    )
    from ._config import (
        Config as Config,
        ConfigProvider as ConfigProvider,
    )
    from ._errors import (
        APIConnectionError as APIConnectionError,
        APIDecodeError as APIDecodeError,
        APIError as APIError,
        APIStatusError as APIStatusError,
        APITimeoutError as APITimeoutError,
        AuthenticationError as AuthenticationError,
        BadRequestError as BadRequestError,
        ConflictError as ConflictError,
        InternalServerError as InternalServerError,
        NotFoundError as NotFoundError,
        OpenAIError as OpenAIError,
        PermissionDeniedError as PermissionDeniedError,
        RateLimitError as RateLimitError,
        StreamError as StreamError,
        StreamTruncatedError as StreamTruncatedError,
        UnprocessableEntityError as UnprocessableEntityError,
    )
    from ._limits import (
        Limiter as Limiter,
        RateLimiter as RateLimiter,
        RateLimiterError as RateLimiterError,
        RateLimitState as RateLimitState,
        RateLimitWaitError as RateLimitWaitError,
    )
    from ._models import (
        Model as Model,
        UnknownObject as UnknownObject,
    )
    from ._pagination import (
        AsyncPage as AsyncPage,
        AsyncPager as AsyncPager,
        SyncPage as SyncPage,
    )
    from ._redis_limiter import (
        RateLimiterUnavailableError as RateLimiterUnavailableError,
        RedisRateLimiter as RedisRateLimiter,
    )
    from ._request import (
        Request as Request,
        RequestOptions as RequestOptions,
    )
    from ._response import (
        BinaryResponse as BinaryResponse,
        RateLimits as RateLimits,
        ResponseInfo as ResponseInfo,
    )
    from ._retry import (
        RetryPolicy as RetryPolicy,
    )
    from ._sse import (
        ServerSentEvent as ServerSentEvent,
        SSEDecoder as SSEDecoder,
    )
    from ._streaming import (
        AsyncStream as AsyncStream,
        AsyncStreamedBinaryResponse as AsyncStreamedBinaryResponse,
        Stream as Stream,
        StreamedBinaryResponse as StreamedBinaryResponse,
    )
    from ._transport import (
        AsyncRawResponse as AsyncRawResponse,
        AsyncTransport as AsyncTransport,
        RawResponse as RawResponse,
        SyncTransport as SyncTransport,
    )
    from ._types import (
        NOT_GIVEN as NOT_GIVEN,
        NotGiven as NotGiven,
        Timeout as Timeout,
    )
    from .helpers import (
        BatchFailedError as BatchFailedError,
        BatchJobResults as BatchJobResults,
        BatchRequestError as BatchRequestError,
        BatchResults as BatchResults,
        ChatToolRun as ChatToolRun,
        ContentFilterError as ContentFilterError,
        FunctionTool as FunctionTool,
        OutputTruncatedError as OutputTruncatedError,
        OutputValidationError as OutputValidationError,
        ParsedChatCompletion as ParsedChatCompletion,
        ParsedResponse as ParsedResponse,
        PollTimeoutError as PollTimeoutError,
        ProgressBar as ProgressBar,
        RefusalError as RefusalError,
        ResponsesToolRun as ResponsesToolRun,
        StructuredOutputError as StructuredOutputError,
        ToolRoundsExceededError as ToolRoundsExceededError,
        function_tool as function_tool,
        strict_schema as strict_schema,
    )

_EXPORTS = {
    "AzureConfig": "_azure",
    "Accumulator": "_accumulate",
    "ChatCompletionAccumulator": "_accumulate",
    "ResponseAccumulator": "_accumulate",
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
    "Limiter": "_limits",
    "RateLimiter": "_limits",
    "RateLimiterError": "_limits",
    "RateLimitState": "_limits",
    "RateLimitWaitError": "_limits",
    "RateLimiterUnavailableError": "_redis_limiter",
    "RedisRateLimiter": "_redis_limiter",
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
    "AsyncStreamedBinaryResponse": "_streaming",
    "Stream": "_streaming",
    "StreamedBinaryResponse": "_streaming",
    "AsyncRawResponse": "_transport",
    "AsyncTransport": "_transport",
    "RawResponse": "_transport",
    "SyncTransport": "_transport",
    "NOT_GIVEN": "_types",
    "NotGiven": "_types",
    "Timeout": "_types",
    "BatchFailedError": "helpers",
    "BatchJobResults": "helpers",
    "BatchRequestError": "helpers",
    "BatchResults": "helpers",
    "ChatToolRun": "helpers",
    "ContentFilterError": "helpers",
    "FunctionTool": "helpers",
    "OutputTruncatedError": "helpers",
    "OutputValidationError": "helpers",
    "ParsedChatCompletion": "helpers",
    "ParsedResponse": "helpers",
    "PollTimeoutError": "helpers",
    "ProgressBar": "helpers",
    "RefusalError": "helpers",
    "ResponsesToolRun": "helpers",
    "StructuredOutputError": "helpers",
    "ToolRoundsExceededError": "helpers",
    "function_tool": "helpers",
    "strict_schema": "helpers",
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
