"""Pieces shared by the parsed results of chat and responses."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ._errors import OutputValidationError
from ._schema import Mismatch, load

__all__ = ["Delegate", "decode"]

T = TypeVar("T")


class Delegate:
    """Reads any attribute it does not have from the object it wraps."""

    __slots__ = ()
    _wrapped_attr: ClassVar[str] = ""

    if not TYPE_CHECKING:  # checkers see the wrapped type's fields through each subclass's base

        def __getattr__(self, name: str) -> Any:
            if name.startswith("__"):
                raise AttributeError(name)
            return getattr(object.__getattribute__(self, self._wrapped_attr), name)


def decode(cls: type[T], text: str, completion: Any) -> T:
    """``text`` (the model's JSON) as an instance of ``cls``, or :class:`OutputValidationError`."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise OutputValidationError(f"The answer is not valid JSON ({exc}): {text[:200]!r}", completion) from None
    try:
        return load(cls, data)
    except Mismatch as exc:
        raise OutputValidationError(f"The answer does not fit {cls.__name__}: {exc}", completion) from None
