"""Base classes of the generated resources (``client.chat.completions`` and the like)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from ._raw_response import StreamingProxy

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    # Used in the quoted base classes below, which ruff does not read as annotations.
    from ._client import AsyncClient, Client, ClientOptions  # noqa: F401


__all__ = ["AsyncAPIResource", "SyncAPIResource"]


class _Configurable(Protocol):
    def with_options(self, **options: Unpack[ClientOptions]) -> Self: ...

    def _raw_client(self, mode: str | None) -> Self: ...


C = TypeVar("C", bound=_Configurable)


class _Resource(Generic[C]):
    def __init__(self, client: C) -> None:
        self._client = client

    def with_options(self, **options: Unpack[ClientOptions]) -> Self:
        """This resource on a copy of its client with other settings (see ``Client.with_options``)."""
        return type(self)(self._client.with_options(**options))

    @property
    def with_raw_response(self) -> Any:
        """This resource with every call answering a raw response (status, headers, body,
        ``parse()`` for the usual result); see :class:`~openai_core.LegacyAPIResponse`."""
        return type(self)(self._client._raw_client("raw"))

    @property
    def with_streaming_response(self) -> Any:
        """This resource with every call a context manager giving a response whose body is read
        only as consumed; see :class:`~openai_core.APIResponse`."""
        return StreamingProxy(type(self)(self._client._raw_client("stream")))


class SyncAPIResource(_Resource["Client"]):
    """A group of operations bound to a :class:`~openai_core.Client`."""


class AsyncAPIResource(_Resource["AsyncClient"]):
    """A group of operations bound to an :class:`~openai_core.AsyncClient`."""
