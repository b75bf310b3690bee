"""openai-core: a typed sync and asyncio client for the whole OpenAI API over a sans-IO core.

```python
from openai_core import Client
client = Client()
reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
```

Names are imported on first use, so ``import openai_core`` stays small.
"""

from __future__ import annotations

import os as _os
from typing import TYPE_CHECKING, Any as _Any

from ._lazy import lazy_exports
from ._version import __title__, __version__

if TYPE_CHECKING:
    from collections.abc import Awaitable as _Awaitable, Callable as _Callable, Mapping as _Mapping

    from . import types as types
    from ._accumulate import (
        Accumulator as Accumulator,
        ChatCompletionAccumulator as ChatCompletionAccumulator,
        ResponseAccumulator as ResponseAccumulator,
    )
    from ._async_client import AsyncClient as AsyncClient, AsyncOpenAI as AsyncOpenAI
    from ._azure import AzureConfig as AzureConfig
    from ._azure_client import (
        AsyncAzureOpenAI as AsyncAzureOpenAI,
        AzureOpenAI as AzureOpenAI,
    )
    from ._client import (
        Client as Client,
        DefaultAioHttpClient as DefaultAioHttpClient,
        OpenAI as OpenAI,
    )
    from ._config import (
        Config as Config,
        ConfigProvider as ConfigProvider,
        DataResidency as DataResidency,
    )
    from ._errors import (
        APIConnectionError as APIConnectionError,
        APIDecodeError as APIDecodeError,
        APIError as APIError,
        APIResponseValidationError as APIResponseValidationError,
        APIStatusError as APIStatusError,
        APITimeoutError as APITimeoutError,
        ClientClosedError as ClientClosedError,
        InvalidHeaderError as InvalidHeaderError,
        InvalidWebhookSignatureError as InvalidWebhookSignatureError,
        OpenAIError as OpenAIError,
        PoolTimeoutError as PoolTimeoutError,
        ResponseTooLargeError as ResponseTooLargeError,
        StreamError as StreamError,
        StreamEventTooLargeError as StreamEventTooLargeError,
        StreamTruncatedError as StreamTruncatedError,
        SubjectTokenProviderError as SubjectTokenProviderError,
        TLSCertificateError as TLSCertificateError,
        UnsafeRedirectError as UnsafeRedirectError,
        WebSocketConnectionClosedError as WebSocketConnectionClosedError,
        WebSocketQueueFullError as WebSocketQueueFullError,
    )
    from ._http_client import (
        DEFAULT_CONNECTION_LIMITS as DEFAULT_CONNECTION_LIMITS,
        DefaultAsyncHttpx2Client as DefaultAsyncHttpx2Client,
        DefaultAsyncHttpxClient as DefaultAsyncHttpxClient,
        DefaultHttpx2Client as DefaultHttpx2Client,
        DefaultHttpxClient as DefaultHttpxClient,
        ProxiesTypes as ProxiesTypes,
    )
    from ._limits import (
        Limiter as Limiter,
        RateLimiter as RateLimiter,
        RateLimiterError as RateLimiterError,
        RateLimitState as RateLimitState,
        RateLimitWaitError as RateLimitWaitError,
    )
    from ._models import (
        BaseModel as BaseModel,
        Model as Model,
        UnknownObject as UnknownObject,
    )
    from ._pagination import (
        AsyncPage as AsyncPage,
        AsyncPager as AsyncPager,
        SyncPage as SyncPage,
    )
    from ._raw_response import (
        APIResponse as APIResponse,
        AsyncAPIResponse as AsyncAPIResponse,
        LegacyAPIResponse as LegacyAPIResponse,
    )
    from ._reconnect import (
        ReconnectingEvent as ReconnectingEvent,
        ReconnectingOverrides as ReconnectingOverrides,
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
        HttpxBinaryResponseContent as HttpxBinaryResponseContent,
        RateLimits as RateLimits,
        ResponseInfo as ResponseInfo,
    )
    from ._retry import (
        RetryPolicy as RetryPolicy,
    )
    from ._sse import (
        ServerSentEvent as ServerSentEvent,
        SSEDecoder as SSEDecoder,
        SSELimits as SSELimits,
    )
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
        Transport as Transport,
    )
    from ._types import (
        DEFAULT_MAX_RETRIES as DEFAULT_MAX_RETRIES,
        DEFAULT_TIMEOUT as DEFAULT_TIMEOUT,
        NOT_GIVEN as NOT_GIVEN,
        NoneType as NoneType,
        NotGiven as NotGiven,
        Omit as Omit,
        Timeout as Timeout,
        file_from_path as file_from_path,
        not_given as not_given,
        omit as omit,
    )
    from .helpers import (
        AssistantEventHandler as AssistantEventHandler,
        AsyncAssistantEventHandler as AsyncAssistantEventHandler,
        BatchFailedError as BatchFailedError,
        BatchJobResults as BatchJobResults,
        BatchRequestError as BatchRequestError,
        BatchResults as BatchResults,
        ChatToolRun as ChatToolRun,
        ContentFilterFinishReasonError as ContentFilterFinishReasonError,
        FunctionTool as FunctionTool,
        LengthFinishReasonError as LengthFinishReasonError,
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
        pydantic_function_tool as pydantic_function_tool,
        strict_schema as strict_schema,
    )

_EXPORTS = {
    "AzureConfig": "_azure",
    "Accumulator": "_accumulate",
    "ChatCompletionAccumulator": "_accumulate",
    "ResponseAccumulator": "_accumulate",
    "Client": "_client",
    "AsyncClient": "_async_client",
    "OpenAI": "_client",
    "AsyncOpenAI": "_async_client",
    "DefaultAioHttpClient": "_client",
    "AzureOpenAI": "_azure_client",
    "AsyncAzureOpenAI": "_azure_client",
    "Config": "_config",
    "ConfigProvider": "_config",
    "DataResidency": "_config",
    "APIConnectionError": "_errors",
    "APIDecodeError": "_errors",
    "APIError": "_errors",
    "APIResponseValidationError": "_errors",
    "APIStatusError": "_errors",
    "APITimeoutError": "_errors",
    "AuthenticationError": "_status_errors",
    "BadRequestError": "_status_errors",
    "ConflictError": "_status_errors",
    "InternalServerError": "_status_errors",
    "InvalidWebhookSignatureError": "_errors",
    "NotFoundError": "_status_errors",
    "OAuthError": "_status_errors",
    "OpenAIError": "_errors",
    "PermissionDeniedError": "_status_errors",
    "RateLimitError": "_status_errors",
    "StreamError": "_errors",
    "StreamTruncatedError": "_errors",
    "StreamEventTooLargeError": "_errors",
    "UnprocessableEntityError": "_status_errors",
    "ClientClosedError": "_errors",
    "InvalidHeaderError": "_errors",
    "PoolTimeoutError": "_errors",
    "ResponseTooLargeError": "_errors",
    "SubjectTokenProviderError": "_errors",
    "TLSCertificateError": "_errors",
    "UnsafeRedirectError": "_errors",
    "WebSocketConnectionClosedError": "_errors",
    "WebSocketQueueFullError": "_errors",
    "DEFAULT_CONNECTION_LIMITS": "_http_client",
    "DefaultAsyncHttpx2Client": "_http_client",
    "DefaultAsyncHttpxClient": "_http_client",
    "DefaultHttpx2Client": "_http_client",
    "DefaultHttpxClient": "_http_client",
    "ProxiesTypes": "_http_client",
    "Limiter": "_limits",
    "RateLimiter": "_limits",
    "RateLimiterError": "_limits",
    "RateLimitState": "_limits",
    "RateLimitWaitError": "_limits",
    "RateLimiterUnavailableError": "_redis_limiter",
    "RedisRateLimiter": "_redis_limiter",
    "BaseModel": "_models",
    "Model": "_models",
    "UnknownObject": "_models",
    "AsyncPage": "_pagination",
    "AsyncPager": "_pagination",
    "SyncPage": "_pagination",
    "APIResponse": "_raw_response",
    "AsyncAPIResponse": "_raw_response",
    "LegacyAPIResponse": "_raw_response",
    "ReconnectingEvent": "_reconnect",
    "ReconnectingOverrides": "_reconnect",
    "Request": "_request",
    "RequestOptions": "_request",
    "HttpxBinaryResponseContent": "_response",
    "RateLimits": "_response",
    "ResponseInfo": "_response",
    "RetryPolicy": "_retry",
    "ServerSentEvent": "_sse",
    "SSEDecoder": "_sse",
    "SSELimits": "_sse",
    "AsyncStream": "_streaming",
    "AsyncStreamedBinaryResponse": "_streaming",
    "Stream": "_streaming",
    "StreamedBinaryResponse": "_streaming",
    "AsyncRawResponse": "_transport",
    "AsyncTransport": "_transport",
    "RawResponse": "_transport",
    "SyncTransport": "_transport",
    "Transport": "_transport",
    "DEFAULT_MAX_RETRIES": "_types",
    "DEFAULT_TIMEOUT": "_types",
    "NOT_GIVEN": "_types",
    "NoneType": "_types",
    "file_from_path": "_types",
    "NotGiven": "_types",
    "Omit": "_types",
    "not_given": "_types",
    "omit": "_types",
    "Timeout": "_types",
    "AssistantEventHandler": "helpers",
    "AsyncAssistantEventHandler": "helpers",
    "BatchFailedError": "helpers",
    "BatchJobResults": "helpers",
    "BatchRequestError": "helpers",
    "BatchResults": "helpers",
    "ChatToolRun": "helpers",
    "ContentFilterFinishReasonError": "helpers",
    "FunctionTool": "helpers",
    "LengthFinishReasonError": "helpers",
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
    "pydantic_function_tool": "helpers",
    "strict_schema": "helpers",
    "types": "types",
}

__all__ = ["__title__", "__version__", *_EXPORTS]

# The module-level client (``openai_core.api_key = ...; openai_core.chat.completions.create(...)``):
# built on first use from these settings (unset ones come from the environment), and built
# again when one changes. ``timeout`` defaults to ``DEFAULT_TIMEOUT``.
api_key: str | _Callable[[], str] | None = None
admin_api_key: str | None = None
organization: str | None = None
project: str | None = None
webhook_secret: str | None = None
base_url: str | None = None
max_retries: int = 2
default_headers: _Mapping[str, str] | None = None
default_query: _Mapping[str, object] | None = None
http_client: _Any = None
api_type: str | None = _os.environ.get("OPENAI_API_TYPE")  # "openai" or "azure"
api_version: str | None = _os.environ.get("OPENAI_API_VERSION")
azure_endpoint: str | None = _os.environ.get("AZURE_OPENAI_ENDPOINT")
azure_ad_token: str | None = _os.environ.get("AZURE_OPENAI_AD_TOKEN")
azure_ad_token_provider: _Callable[[], str] | _Callable[[], _Awaitable[str]] | None = None
if TYPE_CHECKING:
    from ._types import TimeoutInput as _TimeoutInput
    from ._webhooks import Webhooks as _Webhooks
    from .resources.admin import Admin as _Admin
    from .resources.audio import Audio as _Audio
    from .resources.batches import Batches as _Batches
    from .resources.beta import Beta as _Beta
    from .resources.chat import Chat as _Chat
    from .resources.completions import Completions as _Completions
    from .resources.containers import Containers as _Containers
    from .resources.content_provenance_checks import ContentProvenanceChecks as _ContentProvenanceChecks
    from .resources.conversations import Conversations as _Conversations
    from .resources.embeddings import Embeddings as _Embeddings
    from .resources.evals import Evals as _Evals
    from .resources.files import Files as _Files
    from .resources.fine_tuning import FineTuning as _FineTuning
    from .resources.images import Images as _Images
    from .resources.models import Models as _Models
    from .resources.moderations import Moderations as _Moderations
    from .resources.realtime import Realtime as _Realtime
    from .resources.responses import Responses as _Responses
    from .resources.skills import Skills as _Skills
    from .resources.uploads import Uploads as _Uploads
    from .resources.vector_stores import VectorStores as _VectorStores
    from .resources.videos import Videos as _Videos

    timeout: _TimeoutInput
    admin: _Admin
    audio: _Audio
    batches: _Batches
    beta: _Beta
    chat: _Chat
    completions: _Completions
    containers: _Containers
    content_provenance_checks: _ContentProvenanceChecks
    conversations: _Conversations
    embeddings: _Embeddings
    evals: _Evals
    files: _Files
    fine_tuning: _FineTuning
    images: _Images
    models: _Models
    moderations: _Moderations
    realtime: _Realtime
    responses: _Responses
    skills: _Skills
    uploads: _Uploads
    vector_stores: _VectorStores
    videos: _Videos
    webhooks: _Webhooks
_MODULE_SETTINGS = (
    "api_key",
    "admin_api_key",
    "organization",
    "project",
    "webhook_secret",
    "base_url",
    "timeout",
    "max_retries",
    "default_headers",
    "default_query",
    "http_client",
    "api_type",
    "api_version",
    "azure_endpoint",
    "azure_ad_token",
    "azure_ad_token_provider",
)
_MODULE_RESOURCES = frozenset(
    {
        "admin",
        "audio",
        "batches",
        "beta",
        "chat",
        "completions",
        "containers",
        "content_provenance_checks",
        "conversations",
        "embeddings",
        "evals",
        "files",
        "fine_tuning",
        "images",
        "models",
        "moderations",
        "realtime",
        "responses",
        "skills",
        "uploads",
        "vector_stores",
        "videos",
        "webhooks",
    }
)

if not TYPE_CHECKING:  # checkers see the names declared above, and no others
    __getattr__, __dir__ = lazy_exports(
        __name__,
        _EXPORTS,
        globals(),
        [*__all__, *_MODULE_SETTINGS, *_MODULE_RESOURCES],
        live=dict.fromkeys([*_MODULE_RESOURCES, "timeout"], "_module_client"),
    )
