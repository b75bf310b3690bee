"""Client configuration: keys, base URL, organization, project, limits. Read from the
environment by default; the keys never show in a ``repr``."""

from __future__ import annotations

import os
import re
import types
from collections.abc import Awaitable, Callable, Generator, Mapping
from typing import Any, Generic, Literal, Protocol, TypeVar, Union, runtime_checkable
from urllib.parse import urlsplit

from . import _record
from ._errors import InvalidHeaderError, OpenAIError
from ._types import NotGiven
from ._version import __version__

__all__ = [
    "DATA_RESIDENCY_URLS",
    "DataResidency",
    "DEFAULT_BASE_URL",
    "ApiKey",
    "Config",
    "ConfigProvider",
    "check_headers",
    "check_secret",
    "ready_headers",
]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DataResidency = Literal["global", "us", "eu", "ae"]
"""A region for ``data_residency=``: the API's regional base URL is used."""
DATA_RESIDENCY_URLS: dict[str, str] = {
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
    ``headers`` is called for every request, so a provider may refresh a token there.
    """

    @property
    def base_url(self) -> str: ...

    def headers(self, *, admin: bool = False) -> Mapping[str, str] | Awaitable[Mapping[str, str]]:
        """Headers for one request; ``admin`` is true for the organization endpoints.
        Only :class:`~openai_core.AsyncClient` accepts an awaitable (it awaits it)."""
        ...

    def query(self) -> Mapping[str, Any]:
        """Query parameters added to every request."""
        ...


def _validate_base_url(url: str) -> str:
    if has_control(url) or " " in url:
        # urlsplit() quietly drops CR, LF and tabs; the URL itself would still carry them.
        raise OpenAIError("base_url contains whitespace or a control character (the value is not shown)")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OpenAIError(f"base_url must be an absolute http(s) URL such as {DEFAULT_BASE_URL!r}, not {url!r}")
    return url.rstrip("/")


T = TypeVar("T")
R = TypeVar("R")
# Text checks. A printable text has no control character, so ``str`` methods answer for the
# usual text and a pattern is compiled (by ``re``, once) only for text they cannot clear:
# compiling the patterns cost more than the checks of a first request.
CONTROL = r"[\x00-\x1f\x7f-\x9f]"  # C0, DEL and C1
HEADER_CONTROL = r"[\x00-\x08\x0a-\x1f\x7f]"  # a tab may stand in a header value
_TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def has_control(text: str, pattern: str = CONTROL) -> bool:
    """Whether ``text`` has a character of ``pattern``, a class of control characters."""
    return not text.isprintable() and re.search(pattern, text) is not None


def is_token(name: object) -> bool:
    """Whether ``name`` is an HTTP token, as a header name must be."""
    return isinstance(name, str) and name != "" and not name.strip(_TOKEN_CHARS)


def check_secret(what: str, value: Any) -> None:
    """Refuse a key or token that HTTP cannot carry as it is: surrounding whitespace (a pasted
    newline), control characters, or characters outside Latin-1. The error never shows the value."""
    if not isinstance(value, str):
        return
    if value != value.strip():
        problem = "has leading or trailing whitespace (a newline copied with it?)"
    elif has_control(value):
        problem = "contains a control character"
    elif not value.isascii() and not _latin1(value):
        problem = "contains characters that an HTTP header cannot carry (outside Latin-1)"
    else:
        return
    raise InvalidHeaderError(f"{what} {problem}; nothing was sent (the value is not shown)")


def check_headers(headers: Mapping[str, Any]) -> None:
    """Refuse header names that are not HTTP tokens and values with line breaks, control
    characters or characters outside Latin-1, so that no header can be injected. Values are
    never shown (one may be a key)."""
    for name, value in headers.items():
        if value is None or isinstance(value, NotGiven):  # `omit` leaves a default header out
            continue
        if not is_token(name):
            raise InvalidHeaderError(f"{name!r} is not a valid HTTP header name")
        if not isinstance(value, str):
            raise InvalidHeaderError(f"the {name} header must be a str, not {type(value).__name__}")
        if has_control(value, HEADER_CONTROL) or not _latin1(value):
            raise InvalidHeaderError(
                f"the {name} header contains a line break, a control character or a character "
                "outside Latin-1; nothing was sent (the value is not shown)"
            )


def _latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


class Then(Generic[T, R]):
    """An awaitable of ``then(await source)``; closing it closes ``source`` (never awaited)."""

    __slots__ = ("_source", "_then")

    def __init__(self, source: Awaitable[T], then: Callable[[T], R]) -> None:
        self._source = source
        self._then = then

    def __await__(self) -> Generator[Any, None, R]:
        value = yield from self._source.__await__()
        return self._then(value)

    def close(self) -> None:
        if isinstance(self._source, types.CoroutineType):
            self._source.close()


def ready_headers(headers: Mapping[str, str] | Awaitable[Mapping[str, str]]) -> Mapping[str, str]:
    """The headers of a provider, for a caller that cannot await (the blocking client)."""
    if isinstance(headers, Mapping):
        return headers
    close = getattr(headers, "close", None)
    if callable(close):
        close()  # never awaited: closed, so that no "never awaited" warning follows
    raise OpenAIError(
        "this configuration makes its headers asynchronously (an async api_key function or token provider): "
        "use AsyncClient"
    )


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


@_record.define(kw_only=True)
class Config:
    """The settings of a client.

    :meth:`from_env` fills unset values from ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
    ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``, ``OPENAI_ADMIN_KEY`` and ``OPENAI_WEBHOOK_SECRET``,
    and adds the headers of ``OPENAI_CUSTOM_HEADERS`` (``Name: value`` lines).
    ``api_key`` may be a function (async on ``AsyncClient``), asked for a fresh key before each
    request.
    """

    api_key: ApiKey | None = _record.field(default=None, repr=False)
    admin_api_key: str | None = _record.field(default=None, repr=False)
    webhook_secret: str | None = _record.field(default=None, repr=False)
    base_url: str = _record.field(default=DEFAULT_BASE_URL, converter=_validate_base_url)
    websocket_base_url: str | None = None
    organization: str | None = None
    project: str | None = None
    default_headers: Mapping[str, str] = _record.field(factory=dict)
    default_query: Mapping[str, Any] = _record.field(factory=dict)
    _key: str | None = _record.field(default=None, init=False, repr=False, eq=False)  # an api_key function's last
    _cache: dict[bool, Mapping[str, str]] = _record.field(factory=dict, init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not (self.api_key is None or isinstance(self.api_key, str) or callable(self.api_key)):
            raise TypeError(f"api_key must be a str or a function returning one, not {type(self.api_key).__name__}")
        check_secret("the API key", self.api_key)
        check_secret("the admin key", self.admin_api_key)
        check_headers({"OpenAI-Organization": self.organization, "OpenAI-Project": self.project})
        check_headers(self.default_headers)

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

    def headers(self, *, admin: bool = False) -> Mapping[str, str] | Awaitable[Mapping[str, str]]:
        """The headers of one request. A static key's are computed once per kind; an ``api_key``
        function is asked for a fresh key each time (an async one makes this an awaitable)."""
        source = self.api_key
        if source is None or isinstance(source, str):
            cached = self._cache.get(admin)
            if cached is None:
                cached = self._cache[admin] = self._made(source, admin)
            return cached
        key = source()
        if isinstance(key, Awaitable):
            return Then(key, lambda fresh: self._made(self._fresh(fresh), admin))
        return self._made(self._fresh(key), admin)

    def _fresh(self, key: object) -> str:
        """What an ``api_key`` function returned, checked like a key given directly."""
        if not isinstance(key, str) or not key:
            kind = "nothing" if key is None else f"a {type(key).__name__}"
            raise OpenAIError(f"the api_key function returned {kind}, not a non-empty str")
        check_secret("the key returned by the api_key function", key)
        self._key = key
        return key

    @property
    def current_key(self) -> str | None:
        """The key sent now: the one given, or the last one an ``api_key`` function returned."""
        return self.api_key if self.api_key is None or isinstance(self.api_key, str) else self._key

    def _made(self, api_key: str | None, admin: bool) -> Mapping[str, str]:
        key = (self.admin_api_key or api_key) if admin else (api_key or self.admin_api_key)
        if not key:
            raise OpenAIError("No API key configured for this request.")
        # X-Stainless-Lang: the official SDK sends it, and code ported from it checks for it.
        headers = {"Authorization": f"Bearer {key}", "User-Agent": _USER_AGENT, "X-Stainless-Lang": "python"}
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        headers.update(self.default_headers)
        return headers

    def query(self) -> Mapping[str, Any]:
        """The default query parameters."""
        return self.default_query

    def with_defaults(self, headers: Mapping[str, str] | None, query: Mapping[str, Any] | None) -> Config:
        """A copy with more default headers and query parameters."""
        return _record.evolve(
            self,
            default_headers={**self.default_headers, **(headers or {})},
            default_query={**self.default_query, **(query or {})},
        )
