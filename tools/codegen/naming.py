"""Identifier helpers: PascalCase, snake_case and safe Python names."""

from __future__ import annotations

import keyword
import re

__all__ = ["pascal", "py_identifier", "sanitize_class_name", "snake", "words"]

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|[0-9]|\b|_|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# Names a field or parameter must not take: they would shadow a builtin type used in
# annotations of the same class body, or a Model attribute.
_RESERVED = frozenset(
    {
        "str",
        "int",
        "float",
        "bool",
        "list",
        "dict",
        "Any",
        "Literal",
        "None",
        "to_dict",
        "to_json",
        "model_extra",
    }
)


def words(text: str) -> list[str]:
    """Split ``text`` (any case, any separators) into its words."""
    out: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", text):
        out.extend(_WORD.findall(chunk))
    return out


def pascal(text: str) -> str:
    """``"web_search_options"`` -> ``"WebSearchOptions"``; keeps inner capitals."""
    parts = re.split(r"[^A-Za-z0-9]+", text)
    out = "".join(p[:1].upper() + p[1:] for p in parts if p)
    if out and out[0].isdigit():
        out = "N" + out
    return out


def snake(text: str) -> str:
    """``"CreateChatCompletion"`` / ``"list-project-users"`` -> ``"create_chat_completion"``."""
    return "_".join(w.lower() for w in words(text))


def py_identifier(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A valid, non-keyword Python identifier for a JSON key or parameter name.

    Characters that cannot appear in a name become ``_``; keywords, reserved names and
    names in ``taken`` get a trailing ``_``.
    """
    ident = re.sub(r"[^0-9A-Za-z_]", "_", name)
    ident = re.sub(r"_+", "_", ident).strip("_") or "value"
    if ident[0].isdigit():
        ident = "n" + ident
    while keyword.iskeyword(ident) or ident in _RESERVED or ident in taken:
        ident += "_"
    return ident


def sanitize_class_name(name: str) -> str:
    """A component schema name as a class name: invalid characters are dropped."""
    parts = re.split(r"[^0-9A-Za-z_]+", name)
    out = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])
    if not out or out[0].isdigit():
        out = "N" + out
    return out
