"""Names a package imports on first use, so that importing it stays small."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str,
    exports: Mapping[str, str],
    namespace: MutableMapping[str, Any],
    public: Sequence[str],
    live: Mapping[str, str] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` for ``exports`` ({name: submodule}): a name is
    imported from its submodule on first access (a submodule named after itself is the name),
    then kept in ``namespace``. The names of ``live`` ({name: submodule}) are asked of their
    submodule on every access instead."""
    live = live or {}

    def getattr_(name: str) -> Any:
        module = exports.get(name) or live.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        imported = importlib.import_module(f".{module}", package)
        value = imported if module == name else getattr(imported, name)
        if name in exports:
            namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted(public)

    return getattr_, dir_
