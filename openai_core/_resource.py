"""Base classes of the generated resources (``client.chat.completions`` and the like)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from ._raw_response import StreamingProxy
from ._types import NOT_GIVEN, NotGiven, TimeoutInput

if TYPE_CHECKING:
    from typing_extensions import Self

    # Used in the quoted base classes below, which ruff does not read as annotations.
    from ._client import AsyncClient, Client  # noqa: F401


__all__ = ["AsyncAPIResource", "SyncAPIResource"]


class _Configurable(Protocol):
    def with_options(
        self,
        *,
        headers: dict[str, str] | None = ...,
        query: dict[str, Any] | None = ...,
        timeout: TimeoutInput | NotGiven = ...,
        max_retries: int | NotGiven = ...,
        path: str | None = ...,
        stream_binary: bool | None = ...,
        cast_to: Any = ...,
    ) -> Self: ...

    def _raw_client(self, mode: str | None) -> Self: ...


C = TypeVar("C", bound=_Configurable)


class _Resource(Generic[C]):
    def __init__(self, client: C) -> None:
        self._client = client

    def with_options(
        self,
        *,
        headers: dict[str, str] | None = None,
        query: dict[str, Any] | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        path: str | None = None,
        stream_binary: bool | None = None,
        cast_to: Any = None,
    ) -> Self:
        """This resource on a copy of its client with other defaults (see ``Client.with_options``)."""
        client = self._client.with_options(
            headers=headers,
            query=query,
            timeout=timeout,
            max_retries=max_retries,
            path=path,
            stream_binary=stream_binary,
            cast_to=cast_to,
        )
        return type(self)(client)

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
