"""The keywords of ``Client.with_options()`` and ``copy()``, as ``TypedDict``s for ``**options``.

They only type those keywords: they live apart from the client, so that making a client does not
make them (a ``TypedDict`` evaluates every annotation it has).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from ._config import ApiKey, ConfigProvider
from ._limits import Limiter
from ._retry import RetryPolicy
from ._types import NotGiven, TimeoutInput

__all__ = ["BaseSettings", "ClientOptions", "ClientSettings"]


class BaseSettings(TypedDict, total=False):
    """The keywords of ``with_options()``/``copy()`` but ``cast_to`` and ``stream_binary``."""

    api_key: ApiKey | None
    organization: str | None
    project: str | None
    admin_api_key: str | None
    webhook_secret: str | None
    base_url: str | None
    websocket_base_url: str | None
    data_residency: str | None
    timeout: TimeoutInput | NotGiven
    max_retries: int | NotGiven
    default_headers: Mapping[str, str] | None
    set_default_headers: Mapping[str, str] | None
    default_query: Mapping[str, Any] | None
    set_default_query: Mapping[str, Any] | None
    http_client: Any
    transport: Any
    config: ConfigProvider | None
    retry_policy: RetryPolicy | None
    rate_limiter: Limiter | None
    path: str | None
    _strict_response_validation: bool | None


class ClientSettings(BaseSettings, total=False):
    """The keywords of ``with_options()``/``copy()`` but ``cast_to``."""

    stream_binary: bool | None


class ClientOptions(ClientSettings, total=False):
    """The keywords of ``with_options()``/``copy()`` (see :meth:`Client.with_options`)."""

    cast_to: Any
