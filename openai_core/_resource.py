"""Base classes of the generated resources (``client.chat.completions`` and the like)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    # Used in the quoted base classes below, which ruff does not read as annotations.
    from ._client import (  # noqa: F401
        AsyncClient,
        AsyncStreamedBinaryClient,
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


class ReadableSignature(inspect.Signature):
    """A generated method's signature, read from the method when first asked for, that
    ``help()`` and ``str()`` show one parameter per line when it is long."""

    __slots__ = ("_function",)

    def __init__(
        self,
        parameters: Any = None,
        *,
        return_annotation: Any = inspect.Signature.empty,
        function: Callable[..., Any] | None = None,
    ) -> None:
        super().__init__(parameters, return_annotation=return_annotation)
        self._function = function

    def _resolve(self) -> None:
        function, self._function = self._function, None
        if function is not None:
            del function.__signature__  # type: ignore[attr-defined]
            try:
                plain = inspect.signature(function)
            finally:
                function.__signature__ = self  # type: ignore[attr-defined]
            self._parameters = plain.parameters
            self._return_annotation = plain.return_annotation

    @property
    def parameters(self) -> MappingProxyType[str, inspect.Parameter]:
        self._resolve()
        return super().parameters

    @property
    def return_annotation(self) -> Any:
        self._resolve()
        return super().return_annotation

    def __str__(self) -> str:
        text = super().__str__()
        if len(text) <= 100:
            return text
        lines, keyword_only = [], False
        for parameter in self.parameters.values():
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY and not keyword_only:
                lines.append("*")
            keyword_only = keyword_only or parameter.kind in (parameter.KEYWORD_ONLY, parameter.VAR_POSITIONAL)
            lines.append(str(parameter))
        rendered = "(\n" + "".join(f"    {line},\n" for line in lines) + ")"
        if self.return_annotation is not inspect.Signature.empty:
            rendered += f" -> {inspect.formatannotation(self.return_annotation)}"
        return rendered


class _Resource(Generic[C]):
    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in vars(cls).items():
            if inspect.isfunction(value) and not name.startswith("_"):
                value.__signature__ = ReadableSignature(function=value)  # type: ignore[attr-defined]

    def __init__(self, client: C) -> None:
        self._client = client

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
