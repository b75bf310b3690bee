"""Client configuration: keys, base URL, organization, project, limits. Read from the
environment by default; the keys never show in a ``repr``."""

from __future__ import annotations

import inspect
import os
from collections.abc import Awaitable, Callable, Generator, Mapping
from typing import Any, Protocol, Union, runtime_checkable
from urllib.parse import urlsplit

import attrs

from ._errors import OpenAIError
from ._version import __version__

__all__ = ["DATA_RESIDENCY_URLS", "DEFAULT_BASE_URL", "ApiKey", "Config", "ConfigProvider"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DATA_RESIDENCY_URLS = {
    "global": DEFAULT_BASE_URL,
    "us": "https://us.api.openai.com/v1",
    "eu": "https://eu.api.openai.com/v1",
    "ae": "https://ae.api.openai.com/v1",
}

ApiKey = Union[str, Callable[[], str], Callable[[], Awaitable[str]]]
"""A key, or a function (an async one on ``AsyncClient``) asked for a fresh key before each request."""
_USER_AGENT = f"openai-core/{__version__}"


@runtime_checkable
class ConfigProvider(Protocol):
    """Anything that tells a client where to send requests and what to add to them.

    Implement it for a gateway, a dynamic token, or another provider's auth scheme.
    ``headers`` is called for every request, so a provider may refresh a token there. A provider
    may also have a ``refresh()`` method, called before each request, that returns ``None`` or,
    for work that must be awaited, an awaitable (the async client awaits it; the sync client
    refuses it).
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


def _env_headers() -> dict[str, str]:
    """``OPENAI_CUSTOM_HEADERS``: one ``Name: value`` per line, as the official SDK reads it."""
    headers = {}
    for line in (_env("OPENAI_CUSTOM_HEADERS") or "").split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            headers[name.strip()] = value.strip()
    return headers


def residency_url(data_residency: str | None, base_url: str | None, websocket_base_url: str | None) -> str | None:
    """The base URL of a ``data_residency`` region (``"us"``, ``"eu"``...), else ``base_url``."""
    if data_residency is None:
        return base_url
    if base_url is not None or websocket_base_url is not None:
        raise TypeError("pass either data_residency=... or base_url/websocket_base_url, not both")
    url = DATA_RESIDENCY_URLS.get(data_residency)
    if url is None:
        raise ValueError(f"data_residency must be one of {sorted(DATA_RESIDENCY_URLS)}, not {data_residency!r}")
    return url


def _no_key_error(value: object) -> OpenAIError:
    kind = "nothing" if value is None else f"a {type(value).__name__}"
    return OpenAIError(f"the api_key function returned {kind}, not a non-empty str")


@attrs.define(slots=True, kw_only=True)
class Config:
    """The settings of a client.

    :meth:`from_env` fills unset values from ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
    ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``, ``OPENAI_ADMIN_KEY`` and ``OPENAI_WEBHOOK_SECRET``,
    and adds the headers of ``OPENAI_CUSTOM_HEADERS`` (``Name: value`` lines).
    ``api_key`` may be a function (async on ``AsyncClient``) that :meth:`refresh` asks for a
    fresh key before each request.
    """

    api_key: ApiKey | None = attrs.field(default=None, repr=False)
    admin_api_key: str | None = attrs.field(default=None, repr=False)
    webhook_secret: str | None = attrs.field(default=None, repr=False)
    base_url: str = attrs.field(default=DEFAULT_BASE_URL, converter=_validate_base_url)
    websocket_base_url: str | None = None
    organization: str | None = None
    project: str | None = None
    default_headers: Mapping[str, str] = attrs.field(factory=dict)
    default_query: Mapping[str, Any] = attrs.field(factory=dict)
    _key: str | None = attrs.field(default=None, init=False, repr=False, eq=False)
    _cache: dict[bool, Mapping[str, str]] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.api_key is None or isinstance(self.api_key, str):
            self._key = self.api_key
        elif not callable(self.api_key):
            raise TypeError(f"api_key must be a str or a function returning one, not {type(self.api_key).__name__}")

    @classmethod
    def from_env(
        cls,
        *,
        api_key: ApiKey | None = None,
        admin_api_key: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | None = None,
        websocket_base_url: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        enforce_credentials: bool = True,
    ) -> Config:
        """A config from these arguments, with the environment filling the ones left ``None``;
        without a key, an error unless ``enforce_credentials`` is false."""
        config = cls(
            api_key=api_key or _env("OPENAI_API_KEY"),
            admin_api_key=admin_api_key or _env("OPENAI_ADMIN_KEY"),
            webhook_secret=webhook_secret or _env("OPENAI_WEBHOOK_SECRET"),
            base_url=base_url or _env("OPENAI_BASE_URL") or DEFAULT_BASE_URL,
            websocket_base_url=websocket_base_url,
            organization=organization or _env("OPENAI_ORG_ID"),
            project=project or _env("OPENAI_PROJECT_ID"),
            default_headers={**_env_headers(), **(default_headers or {})},
            default_query=dict(default_query or {}),
        )
        if enforce_credentials and not config.api_key and not config.admin_api_key:
            raise OpenAIError(
                "No API key: pass api_key=... to the client or set the OPENAI_API_KEY environment variable."
            )
        return config

    def refresh(self) -> _PendingKey | None:
        """Ask an ``api_key`` function for a fresh key; an awaitable when the function is async."""
        source = self.api_key
        if source is None or isinstance(source, str):
            return None
        value = source()
        if inspect.isawaitable(value):
            return _PendingKey(self, value)
        self._use_key(value)
        return None

    def _use_key(self, key: object) -> None:
        if not isinstance(key, str) or not key:
            raise _no_key_error(key)
        if key != self._key:
            self._key = key
            self._cache.clear()

    def _current_key(self) -> str | None:
        if self._key is None and callable(self.api_key):
            pending = self.refresh()
            if pending is not None:
                pending.close()
                raise OpenAIError("api_key is an async function: only AsyncClient can await it")
        return self._key

    def headers(self, *, admin: bool = False) -> Mapping[str, str]:
        """The static headers of every request (computed once per kind)."""
        cached = self._cache.get(admin)
        if cached is not None:
            return cached
        api_key = self._current_key()
        key = (self.admin_api_key or api_key) if admin else (api_key or self.admin_api_key)
        if not key:
            raise OpenAIError("No API key configured for this request.")
        headers = {"Authorization": f"Bearer {key}", "User-Agent": _USER_AGENT}
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


class _PendingKey:
    """The key an async ``api_key`` function is producing: await it to use it, or close it."""

    def __init__(self, config: Config, pending: Awaitable[str]) -> None:
        self._config = config
        self._pending = pending

    def __await__(self) -> Generator[Any, None, None]:
        key = yield from self._pending.__await__()
        self._config._use_key(key)

    def close(self) -> None:
        """Drop the pending key (a coroutine is closed, so it never warns it was not awaited)."""
        close = getattr(self._pending, "close", None)
        if close is not None:
            close()
