"""Names a package imports on first use, so that importing it stays small."""

from __future__ import annotations

import _thread
import importlib
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

__all__ = ["ModuleNames", "lazy_exports", "lazy_types"]


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


# One lock for every types module: creating a class can ask another module for a name.
# (_thread's, as threading's is: importing threading would add to ``import openai_core``.)
_CREATING = _thread.RLock()


def lazy_types(
    namespace: MutableMapping[str, Any],
    makers: Sequence[Callable[[], None]],
    elsewhere: Mapping[str, Sequence[str]],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A generated types module's ``__getattr__`` and ``__dir__``.

    Each of ``makers`` (``_make_<name>``) binds ``<name>`` in ``namespace``: it runs on the first
    access to that name, once, whichever thread asks. A name of another module (``elsewhere``:
    {module: ["Name" or "Name as Alias"]}) is imported on first access. Other names go to the
    module's own ``__getattr__``, if it has one.
    """
    fallback: Callable[[str], Any] | None = namespace.get("__getattr__")
    make = {f.__name__.removeprefix("_make_"): f for f in makers}
    refs: dict[str, tuple[str, str]] = {}
    for module, names in elsewhere.items():
        for entry in names:
            name, _, alias = entry.partition(" as ")
            refs[alias or name] = (module, name)

    def getattr_(name: str) -> Any:
        maker = make.get(name)
        if maker is not None:
            with _CREATING:
                if name not in namespace:
                    maker()
            return namespace[name]
        ref = refs.get(name)
        if ref is not None:
            value = namespace[name] = getattr(importlib.import_module(ref[0]), ref[1])
            return value
        if fallback is not None:
            return fallback(name)
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")

    def dir_() -> list[str]:
        return sorted({*namespace, *make, *refs})

    return getattr_, dir_


class ModuleNames(dict[str, Any]):
    """The names of a module, for evaluating annotations (``localns``): a name the module makes
    on first access is made when an annotation needs it."""

    def __init__(self, module: Any) -> None:
        super().__init__()
        self.module = module

    def __missing__(self, name: str) -> Any:
        try:
            return getattr(self.module, name)
        except AttributeError:
            raise KeyError(name) from None
