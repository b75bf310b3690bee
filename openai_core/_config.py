"""Client configuration: keys, base URL, organization, project, limits. Read from the
environment by default; the keys never show in a ``repr``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

import attrs

from ._errors import OpenAIError
from ._version import __version__

__all__ = ["Config", "ConfigProvider", "DEFAULT_BASE_URL"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
_USER_AGENT = f"openai-core/{__version__}"


@runtime_checkable
class ConfigProvider(Protocol):
    """Anything that tells a client where to send requests and what to add to them.

    Implement it for a gateway, a dynamic token, or another provider's auth scheme.
    ``headers`` is called for every request, so a provider may refresh a token there.
    """

    @property
    def base_url(self) -> str: ...

    def headers(self, *, admin: bool = False) -> Mapping[str, str]:
        """Headers for one request; ``admin`` is true for the organization endpoints."""
        ...

    def query(self) -> Mapping[str, Any]:
        """Query parameters added to every request."""
        ...


def _validate_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OpenAIError(f"base_url must be an absolute http(s) URL such as {DEFAULT_BASE_URL!r}, not {url!r}")
    return url.rstrip("/")


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


@attrs.define(slots=True, kw_only=True)
class Config:
    """The settings of a client.

    :meth:`from_env` fills unset values from ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
    ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``, ``OPENAI_ADMIN_KEY`` and ``OPENAI_WEBHOOK_SECRET``.
    """

    api_key: str | None = attrs.field(default=None, repr=False)
    admin_key: str | None = attrs.field(default=None, repr=False)
    webhook_secret: str | None = attrs.field(default=None, repr=False)
    base_url: str = attrs.field(default=DEFAULT_BASE_URL, converter=_validate_base_url)
    organization: str | None = None
    project: str | None = None
    default_headers: Mapping[str, str] = attrs.field(factory=dict)
    default_query: Mapping[str, Any] = attrs.field(factory=dict)
    _cache: dict[bool, Mapping[str, str]] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    @classmethod
    def from_env(
        cls,
        *,
        api_key: str | None = None,
        admin_key: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
    ) -> Config:
        """A config from these arguments, with the environment filling the ones left ``None``."""
        config = cls(
            api_key=api_key or _env("OPENAI_API_KEY"),
            admin_key=admin_key or _env("OPENAI_ADMIN_KEY"),
            webhook_secret=webhook_secret or _env("OPENAI_WEBHOOK_SECRET"),
            base_url=base_url or _env("OPENAI_BASE_URL") or DEFAULT_BASE_URL,
            organization=organization or _env("OPENAI_ORG_ID"),
            project=project or _env("OPENAI_PROJECT_ID"),
            default_headers=dict(default_headers or {}),
            default_query=dict(default_query or {}),
        )
        if not config.api_key and not config.admin_key:
            raise OpenAIError(
                "No API key: pass api_key=... to the client or set the OPENAI_API_KEY environment variable."
            )
        return config

    def headers(self, *, admin: bool = False) -> Mapping[str, str]:
        """The static headers of every request (computed once per kind)."""
        cached = self._cache.get(admin)
        if cached is not None:
            return cached
        key = (self.admin_key or self.api_key) if admin else (self.api_key or self.admin_key)
        if not key:
            raise OpenAIError("No API key configured for this request.")
        # X-Stainless-Lang: the official SDK sends it, and code ported from it checks for it.
        headers = {"Authorization": f"Bearer {key}", "User-Agent": _USER_AGENT, "X-Stainless-Lang": "python"}
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        headers.update(self.default_headers)
        self._cache[admin] = headers
        return headers

    def query(self) -> Mapping[str, Any]:
        """The default query parameters."""
        return self.default_query

    def with_defaults(self, headers: Mapping[str, str] | None, query: Mapping[str, Any] | None) -> Config:
        """A copy with more default headers and query parameters."""
        return attrs.evolve(
            self,
            default_headers={**self.default_headers, **(headers or {})},
            default_query={**self.default_query, **(query or {})},
        )
