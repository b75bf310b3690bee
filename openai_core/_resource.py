"""Base classes of the generated resources (``client.chat.completions`` and the like)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    # Used in the quoted base classes below, which ruff does not read as annotations.
    from ._client import AsyncClient, Client, ClientOptions  # noqa: F401


__all__ = ["AsyncAPIResource", "SyncAPIResource"]


class _Configurable(Protocol):
    def with_options(self, **options: Unpack[ClientOptions]) -> Self: ...


C = TypeVar("C", bound=_Configurable)


class _Resource(Generic[C]):
    def __init__(self, client: C) -> None:
        self._client = client

    def with_options(self, **options: Unpack[ClientOptions]) -> Self:
        """This resource on a copy of its client with other settings (see ``Client.with_options``)."""
        return type(self)(self._client.with_options(**options))


class SyncAPIResource(_Resource["Client"]):
    """A group of operations bound to a :class:`~openai_core.Client`."""


class AsyncAPIResource(_Resource["AsyncClient"]):
    """A group of operations bound to an :class:`~openai_core.AsyncClient`."""
