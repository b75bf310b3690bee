"""``AzureOpenAI`` and ``AsyncAzureOpenAI``: the clients with the official SDK's Azure keywords.

They only build an :class:`~openai_core.AzureConfig` from those keywords (and the environment:
``AZURE_OPENAI_ENDPOINT``, ``AZURE_OPENAI_API_KEY``, ``AZURE_OPENAI_AD_TOKEN``,
``OPENAI_API_VERSION``) and hand it to ``Client`` / ``AsyncClient``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from . import _record
from ._async_client import AsyncClient
from ._azure import AzureConfig
from ._client import Client
from ._limits import Limiter
from ._request import RequestOptions
from ._retry import RetryPolicy
from ._transport import AsyncTransport, SyncTransport
from ._types import NOT_GIVEN, NotGiven, TimeoutInput

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from ._async_client import AsyncStreamedBinaryClient
    from ._client import BaseSettings, ClientOptions, ClientSettings, StreamedBinaryClient
    from ._raw_response import AsyncCastResults, CastResults

__all__ = ["AsyncAzureOpenAI", "AzureOpenAI"]

Tr = TypeVar("Tr", SyncTransport, AsyncTransport)
R = TypeVar("R")

# ``https://x.openai.azure.com/openai`` or ``.../openai/deployments/<name>``
_AZURE_BASE_URL = re.compile(r"^(?P<endpoint>.+?)/openai(?:/deployments/(?P<deployment>[^/]+))?/?$")


def _azure_config(
    *,
    api_version: str | None,
    azure_endpoint: str | None,
    azure_deployment: str | None,
    base_url: str | None,
    api_key: Any,
    azure_ad_token: str | None,
    azure_ad_token_provider: Any,
    organization: str | None,
    project: str | None,
    default_headers: Mapping[str, str] | None,
    unsupported: Mapping[str, Any],
) -> AzureConfig:
    """The :class:`AzureConfig` that the SDK's Azure keywords describe."""
    given = [name for name, value in unsupported.items() if value is not None]
    if given:
        raise TypeError(f"the Azure clients do not support {', '.join(given)}")
    if api_key is not None and not isinstance(api_key, str):
        raise TypeError("the Azure clients take a str api_key; for a token that changes, pass azure_ad_token_provider")
    if base_url is not None:
        if azure_endpoint is not None:
            raise TypeError("pass either azure_endpoint=... or base_url=..., not both")
        match = _AZURE_BASE_URL.match(base_url)
        if match is None:
            raise TypeError(
                f"base_url must be <endpoint>/openai or <endpoint>/openai/deployments/<name>, not {base_url!r}"
            )
        azure_endpoint = match["endpoint"]
        azure_deployment = azure_deployment or match["deployment"]
    headers = dict(default_headers or {})
    organization = organization or os.environ.get("OPENAI_ORG_ID") or None
    project = project or os.environ.get("OPENAI_PROJECT_ID") or None
    if organization:
        headers.setdefault("OpenAI-Organization", organization)
    if project:
        headers.setdefault("OpenAI-Project", project)
    return AzureConfig.from_env(
        endpoint=azure_endpoint,
        api_version=api_version,
        deployment=azure_deployment,
        api_key=api_key,
        azure_ad_token=azure_ad_token,
        azure_ad_token_provider=azure_ad_token_provider,
        default_headers=headers,
    )


def _azure_copy(
    copy: Any, api_key: Any, api_version: str | None, azure_ad_token: str | None, azure_ad_token_provider: Any
) -> None:
    """Give ``copy`` (a fresh ``with_options`` copy) another API version or credential."""
    changes: dict[str, Any] = {}
    if api_version is not None:
        changes["api_version"] = api_version
    auth = {"api_key": api_key, "azure_ad_token": azure_ad_token, "azure_ad_token_provider": azure_ad_token_provider}
    if any(value is not None for value in auth.values()):
        changes.update(auth)  # one credential replaces the other kinds
    if changes:
        copy._config = _record.evolve(copy._config, **changes)


class _AzureKeywords(Generic[Tr]):
    """The constructor and ``with_options`` of both Azure clients; the base client comes after
    this mixin in their bases."""

    def __init__(
        self,
        *,
        api_version: str | None = None,
        azure_endpoint: str | None = None,
        azure_deployment: str | None = None,
        api_key: str | None = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: Callable[[], Any] | None = None,
        organization: str | None = None,
        project: str | None = None,
        admin_api_key: str | None = None,
        webhook_secret: str | None = None,
        websocket_base_url: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        http_client: Any = None,
        transport: Tr | None = None,
        retry_policy: RetryPolicy | None = None,
        rate_limiter: Limiter | None = None,
        _strict_response_validation: bool = False,
    ) -> None:
        config = _azure_config(
            api_version=api_version,
            azure_endpoint=azure_endpoint,
            azure_deployment=azure_deployment,
            base_url=base_url,
            api_key=api_key,
            azure_ad_token=azure_ad_token,
            azure_ad_token_provider=azure_ad_token_provider,
            organization=organization,
            project=project,
            default_headers=default_headers,
            unsupported={
                "admin_api_key": admin_api_key,
                "webhook_secret": webhook_secret,
                "websocket_base_url": websocket_base_url,
            },
        )
        base: Any = super()
        base.__init__(
            config=config,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            transport=transport,
            retry_policy=retry_policy,
            rate_limiter=rate_limiter,
            _strict_response_validation=_strict_response_validation,
        )
        self._options = RequestOptions(query=default_query)

    def with_options(
        self,
        *,
        api_version: str | None = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: Callable[[], Any] | None = None,
        **options: Unpack[ClientOptions],
    ) -> Self:
        """The client's ``with_options``, plus another ``api_version`` or credential."""
        api_key = options.pop("api_key", None)
        base: Any = super()
        copy: Self = base.with_options(**options)
        _azure_copy(copy, api_key, api_version, azure_ad_token, azure_ad_token_provider)
        return copy

    copy = with_options


class AzureOpenAI(_AzureKeywords[SyncTransport], Client):
    """:class:`~openai_core.Client` for an Azure OpenAI resource, with the SDK's Azure keywords:
    ``azure_endpoint`` (or ``base_url`` = ``<endpoint>/openai[/deployments/<name>]``),
    ``azure_deployment``, ``api_version``, and one of ``api_key``, ``azure_ad_token`` or
    ``azure_ad_token_provider``."""

    if TYPE_CHECKING:

        @overload
        def with_options(
            self,
            *,
            stream_binary: Literal[True],
            api_version: str | None = None,
            azure_ad_token: str | None = None,
            azure_ad_token_provider: Callable[[], Any] | None = None,
            **options: Unpack[BaseSettings],
        ) -> AzureStreamedBinaryClient: ...
        @overload
        def with_options(
            self,
            *,
            cast_to: type[dict[Any, Any]],
            api_version: str | None = None,
            azure_ad_token: str | None = None,
            azure_ad_token_provider: Callable[[], Any] | None = None,
            **options: Unpack[ClientSettings],
        ) -> CastResults[dict[str, object]]: ...
        @overload
        def with_options(
            self,
            *,
            cast_to: type[R],
            api_version: str | None = None,
            azure_ad_token: str | None = None,
            azure_ad_token_provider: Callable[[], Any] | None = None,
            **options: Unpack[ClientSettings],
        ) -> CastResults[R]: ...
        @overload
        def with_options(
            self,
            *,
            api_version: str | None = None,
            azure_ad_token: str | None = None,
            azure_ad_token_provider: Callable[[], Any] | None = None,
            **options: Unpack[ClientOptions],
        ) -> Self: ...
        def with_options(self, **options: Any) -> Any: ...


class AsyncAzureOpenAI(_AzureKeywords[AsyncTransport], AsyncClient):
    """:class:`~openai_core.AsyncClient` for an Azure OpenAI resource (see :class:`AzureOpenAI`);
    its ``azure_ad_token_provider`` may be async."""

    if TYPE_CHECKING:

        @overload
        def with_options(
            self,
            *,
            stream_binary: Literal[True],
            api_version: str | None = None,
            azure_ad_token: str | None = None,
            azure_ad_token_provider: Callable[[], Any] | None = None,
            **options: Unpack[BaseSettings],
        ) -> AsyncAzureStreamedBinaryClient: ...
        @overload
        def with_options(
            self,
            *,
            cast_to: type[dict[Any, Any]],
            api_version: str | None = None,
            azure_ad_token: str | None = None,
            azure_ad_token_provider: Callable[[], Any] | None = None,
            **options: Unpack[ClientSettings],
        ) -> AsyncCastResults[dict[str, object]]: ...
        @overload
        def with_options(
            self,
            *,
            cast_to: type[R],
            api_version: str | None = None,
            azure_ad_token: str | None = None,
            azure_ad_token_provider: Callable[[], Any] | None = None,
            **options: Unpack[ClientSettings],
        ) -> AsyncCastResults[R]: ...
        @overload
        def with_options(
            self,
            *,
            api_version: str | None = None,
            azure_ad_token: str | None = None,
            azure_ad_token_provider: Callable[[], Any] | None = None,
            **options: Unpack[ClientOptions],
        ) -> Self: ...
        def with_options(self, **options: Any) -> Any: ...


if TYPE_CHECKING:

    class AzureStreamedBinaryClient(AzureOpenAI, StreamedBinaryClient):
        """``AzureOpenAI.with_options(stream_binary=True)``, as checkers see it."""

    class AsyncAzureStreamedBinaryClient(AsyncAzureOpenAI, AsyncStreamedBinaryClient):
        """``AsyncAzureOpenAI.with_options(stream_binary=True)``, as checkers see it."""
