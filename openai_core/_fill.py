"""Positional constructors for the frozen attrs classes made on every call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from . import _record

__all__ = ["filler"]

T = TypeVar("T")


def filler(cls: type[T]) -> Callable[..., T]:
    """A constructor of ``cls`` (a slotted attrs class) that takes every field positionally, in
    declaration order, and stores each straight into its slot: what its keyword ``__init__``
    does, at a third of the cost. Only for a class whose ``__init__`` does nothing more (no
    validator, converter, ``init=False`` field or init hook)."""
    fields = _record.fields(cls)
    hooks = ("__attrs_pre_init__", "__attrs_post_init__")
    if any(not a.init or a.validator or a.converter for a in fields) or any(hasattr(cls, h) for h in hooks):
        raise TypeError(f"{cls.__name__}.__init__ does more than store its arguments")
    names = [a.name for a in fields]
    env: dict[str, Any] = {"new": object.__new__, "cls": cls}
    env.update((f"set_{name}", cls.__dict__[name].__set__) for name in names)
    body = "".join(f"    set_{name}(obj, {name})\n" for name in names)
    source = f"def make({', '.join(names)}):\n    obj = new(cls)\n{body}    return obj\n"
    exec(compile(source, f"<filler {cls.__qualname__}>", "exec"), env)
    made: Callable[..., T] = env["make"]
    return made
