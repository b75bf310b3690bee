"""Signatures that ``help()`` shows one parameter per line (see ``_resource``)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

__all__ = ["ReadableSignature"]


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
