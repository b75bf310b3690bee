"""Azure OpenAI: endpoint, ``api-version``, deployments, and its three ways to authenticate."""

from __future__ import annotations

import inspect
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from . import _record
from ._config import Then, _validate_base_url, check_headers, check_secret
from ._errors import OpenAIError
from ._request import path_segment
from ._version import __version__

__all__ = ["DEPLOYMENT_PATHS", "AzureConfig", "TokenProvider"]

TokenProvider = Callable[[], "str | Awaitable[str]"]
"""Returns a fresh Entra ID token: a plain function, or (on ``AsyncClient`` only) an async one."""

# Operations that Azure serves per deployment, under /openai/deployments/<deployment>/...
DEPLOYMENT_PATHS = frozenset(
    {
        "/chat/completions",
        "/completions",
        "/embeddings",
        "/audio/speech",
        "/audio/transcriptions",
        "/audio/translations",
        "/images/generations",
        "/images/edits",
        "/images/variations",
    }
)


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


@_record.define(kw_only=True)
class AzureConfig:
    """Settings for an Azure OpenAI resource; pass it as ``Client(config=...)``.

    Give exactly one of ``api_key`` (sent as ``api-key``), ``azure_ad_token`` (an Entra ID
    bearer token) or ``azure_ad_token_provider`` (called before each request for a fresh
    token). Deployment-scoped operations go to ``/deployments/<deployment>/...``; without a
    fixed ``deployment``, the request's ``model`` names it. :meth:`from_env` reads
    ``AZURE_OPENAI_ENDPOINT``, ``AZURE_OPENAI_API_KEY``, ``AZURE_OPENAI_AD_TOKEN``,
    ``AZURE_OPENAI_DEPLOYMENT`` and ``OPENAI_API_VERSION``.
    """

    endpoint: str = _record.field(converter=_validate_base_url)
    api_version: str
    deployment: str | None = None
    api_key: str | None = _record.field(default=None, repr=False)
    azure_ad_token: str | None = _record.field(default=None, repr=False)
    azure_ad_token_provider: TokenProvider | None = _record.field(default=None, repr=False)
    default_headers: Mapping[str, str] = _record.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        given = [self.api_key, self.azure_ad_token, self.azure_ad_token_provider]
        if sum(x is not None for x in given) != 1:
            raise OpenAIError(
                "Azure needs exactly one of api_key, azure_ad_token or azure_ad_token_provider "
                "(or AZURE_OPENAI_API_KEY / AZURE_OPENAI_AD_TOKEN in the environment)"
            )
        if not self.api_version:
            raise OpenAIError("Azure needs an api_version (or OPENAI_API_VERSION in the environment)")
        check_secret("the Azure API key", self.api_key)
        check_secret("the Azure AD token", self.azure_ad_token)
        check_headers(self.default_headers)
        if self.deployment:
            path_segment("AzureConfig", "deployment", self.deployment)

    @classmethod
    def from_env(
        cls,
        *,
        endpoint: str | None = None,
        api_version: str | None = None,
        deployment: str | None = None,
        api_key: str | None = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: TokenProvider | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> AzureConfig:
        """A config from these arguments, with the environment filling the ones left ``None``."""
        endpoint = endpoint or _env("AZURE_OPENAI_ENDPOINT")
        if not endpoint:
            raise OpenAIError("Azure needs an endpoint: pass endpoint=... or set AZURE_OPENAI_ENDPOINT")
        explicit = api_key or azure_ad_token or azure_ad_token_provider
        return cls(
            endpoint=endpoint,
            api_version=api_version or _env("OPENAI_API_VERSION") or "",
            deployment=deployment or _env("AZURE_OPENAI_DEPLOYMENT"),
            api_key=api_key or (None if explicit else _env("AZURE_OPENAI_API_KEY")),
            azure_ad_token=azure_ad_token or (None if explicit else _env("AZURE_OPENAI_AD_TOKEN")),
            azure_ad_token_provider=azure_ad_token_provider,
            default_headers=dict(default_headers or {}),
        )

    @property
    def base_url(self) -> str:
        """``<endpoint>/openai``: the root of Azure's OpenAI routes."""
        return self.endpoint + "/openai"

    def headers(self, *, admin: bool = False) -> Mapping[str, str] | Awaitable[Mapping[str, str]]:
        """Auth and identification for one request. The token provider is asked each time; an
        async one makes this an awaitable (which :class:`~openai_core.AsyncClient` awaits)."""
        if self.api_key is not None:
            return self._with({"api-key": self.api_key})
        if self.azure_ad_token_provider is None:
            return self._bearer(self.azure_ad_token)
        token = self.azure_ad_token_provider()
        if inspect.isawaitable(token):
            return Then(token, self._bearer)
        return self._bearer(token)

    def _bearer(self, token: Any) -> Mapping[str, str]:
        if not token:
            raise OpenAIError("the Azure AD token provider returned no token")
        if not isinstance(token, str):
            raise OpenAIError(f"the Azure AD token provider must return a str, not {type(token).__name__}")
        check_secret("the Azure AD token", token)
        return self._with({"Authorization": f"Bearer {token}"})

    def _with(self, auth: dict[str, str]) -> Mapping[str, str]:
        return {"User-Agent": f"openai-core/{__version__}", **auth, **self.default_headers}

    def query(self) -> Mapping[str, Any]:
        """``api-version`` on every request."""
        return {"api-version": self.api_version}

    def rewrite_path(self, path: str, body: Mapping[str, Any] | None) -> str:
        """Put deployment-scoped operations under their deployment."""
        if path not in DEPLOYMENT_PATHS:
            return path
        if self.deployment:
            return f"/deployments/{path_segment('Azure', 'deployment', self.deployment)}{path}"
        model = (body or {}).get("model")
        if model is None or model == "":
            raise OpenAIError(f"Azure needs a deployment for {path}: pass deployment=... or model=...")
        return f"/deployments/{path_segment('Azure', 'model', model)}{path}"
