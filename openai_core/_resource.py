"""Base classes of the generated resources (``client.chat.completions`` and the like)."""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    # Used in the quoted base classes below, which ruff does not read as annotations.
    from ._async_client import AsyncClient, AsyncStreamedBinaryClient  # noqa: F401
    from ._client import (  # noqa: F401
        BaseSettings,
        Client,
        ClientOptions,
        ClientSettings,
        StreamedBinaryClient,
    )
    from ._raw_response import AsyncCastResults, CastResults


__all__ = ["AsyncAPIResource", "SyncAPIResource"]


V_co = TypeVar("V_co", covariant=True)


class _Configurable(Protocol):
    def with_options(self, **options: Unpack[ClientOptions]) -> Self: ...

    def _raw_client(self, mode: str | None) -> Self: ...


class _StreamsBinary(Protocol[V_co]):
    """A resource with binary answers: ``_binary_streams`` types it under
    ``with_options(stream_binary=True)``, where those answers are streams."""

    @property
    def _binary_streams(self) -> V_co: ...


C = TypeVar("C", bound=_Configurable)
R = TypeVar("R")
V = TypeVar("V")


def _readable_signatures(cls: type) -> None:
    """Give the public methods of ``cls`` and its resource bases signatures that ``help()``
    shows one parameter per line (:class:`~openai_core._signature.ReadableSignature`), once
    ``inspect`` is loaded: ``help()``, pydoc, the REPL and IPython load it, and a process that
    never asks for a signature does not pay for importing it."""
    if "inspect" not in sys.modules:
        return
    from ._signature import ReadableSignature

    for klass in cls.__mro__:
        if "__readable__" in klass.__dict__ or not issubclass(klass, _Resource):
            continue
        for name, value in vars(klass).items():
            if isinstance(value, types.FunctionType) and not name.startswith("_"):
                value.__signature__ = ReadableSignature(function=value)  # type: ignore[attr-defined]
        type.__setattr__(klass, "__readable__", True)


class _Resource(Generic[C]):
    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _readable_signatures(cls)

    def __init__(self, client: C) -> None:
        self._client = client
        if "__readable__" not in type(self).__dict__:  # inspect was not loaded when the class was made
            _readable_signatures(type(self))

    def with_options(self, **options: Unpack[ClientOptions]) -> Self:
        """This resource on a copy of its client with other settings (see ``Client.with_options``)."""
        return type(self)(self._client.with_options(**options))

    @property
    def with_raw_response(self) -> object:
        """This resource with every call answering a raw response (status, headers, body,
        ``parse()`` for the usual result); see :class:`~openai_core.LegacyAPIResponse`."""
        return type(self)(self._client._raw_client("raw"))

    @property
    def with_streaming_response(self) -> object:
        """This resource with every call a context manager giving a response whose body is read
        only as consumed; see :class:`~openai_core.APIResponse`."""
        from ._raw_response import StreamingProxy  # raw responses load when first asked for

        return StreamingProxy(type(self)(self._client._raw_client("stream")))


class SyncAPIResource(_Resource["Client"]):
    """A group of operations bound to a :class:`~openai_core.Client`."""

    if TYPE_CHECKING:

        @overload
        def with_options(
            self: _StreamsBinary[V], *, stream_binary: Literal[True], **options: Unpack[BaseSettings]
        ) -> V: ...
        @overload
        def with_options(
            self, *, cast_to: type[dict[Any, Any]], **options: Unpack[ClientSettings]
        ) -> CastResults[dict[str, object]]: ...
        @overload
        def with_options(self, *, cast_to: type[R], **options: Unpack[ClientSettings]) -> CastResults[R]: ...
        @overload
        def with_options(self, **options: Unpack[ClientOptions]) -> Self: ...
        def with_options(self, **options: Unpack[ClientOptions]) -> Any: ...


class AsyncAPIResource(_Resource["AsyncClient"]):
    """A group of operations bound to an :class:`~openai_core.AsyncClient`."""

    if TYPE_CHECKING:

        @overload
        def with_options(
            self: _StreamsBinary[V], *, stream_binary: Literal[True], **options: Unpack[BaseSettings]
        ) -> V: ...
        @overload
        def with_options(
            self, *, cast_to: type[dict[Any, Any]], **options: Unpack[ClientSettings]
        ) -> AsyncCastResults[dict[str, object]]: ...
        @overload
        def with_options(self, *, cast_to: type[R], **options: Unpack[ClientSettings]) -> AsyncCastResults[R]: ...
        @overload
        def with_options(self, **options: Unpack[ClientOptions]) -> Self: ...
        def with_options(self, **options: Unpack[ClientOptions]) -> Any: ...


if TYPE_CHECKING:

    class BinaryResource(Generic[R, V]):
        """A top-level resource with binary answers, as checkers see it: ``R`` on a client, and
        ``V`` (its ``_binary_streams``) on the client's ``with_options(stream_binary=True)``."""

        @overload
        def __get__(self, client: StreamedBinaryClient | AsyncStreamedBinaryClient, owner: object) -> V: ...
        @overload
        def __get__(self, client: object, owner: object) -> R: ...
        def __get__(self, client: object, owner: object) -> Any: ...
