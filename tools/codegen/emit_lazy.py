"""Types modules that make their classes on first use.

A chat call needs about 20 of the 170 classes of ``types.chat`` and ``types.shared``, and making
an attrs class costs far more than reading its code. So each module that declares classes is
written twice: the ``.pyi`` keeps the declarations as they are (what type checkers and editors
read), and the ``.py`` puts each class and type alias in a function that makes it when the name
is first looked up (``openai_core._lazy.lazy_types``). A name imported from another types
module is imported when it is first looked up, too. Names, module paths, ``__qualname__`` and
pickling stay those of a module-level class.
"""

from __future__ import annotations

import ast

from .render import HEADER, literal

__all__ = ["emit_lazy"]

ROOT = "openai_core/types/"
_CLASS_MARK = "@attrs.define("
# At run time a class is a record (``openai_core._record``): made without importing attrs.
_RECORD = (
    "@attrs.define(slots=True, kw_only=True, repr=False, eq=False)",
    "@_record.define(kw_only=True, repr=False, eq=False)",
)


def emit_lazy(files: dict[str, str]) -> dict[str, str]:
    """``files`` with each class-declaring types module split into its ``.pyi`` and lazy ``.py``."""
    out = dict(files)
    for path, text in files.items():
        if path.startswith(ROOT) and path.endswith(".py") and _CLASS_MARK in text:
            out[path + "i"] = text
            out[path] = _lazy_module(path, text)
    index = ROOT + "__init__.py"
    out[index + "i"] = files[index]
    out[index], out[ROOT + "_index.py"] = _lazy_index(files[index])
    return out


# The run-time types index: every name is looked up in ``_index`` (loaded on the first lookup),
# so that ``import openai_core.types``, which each types module's import goes through, reads
# none of its 2,000 names.
_INDEX_LOOKUP = """

if not TYPE_CHECKING:  # checkers see the declared names only, so a misspelt one is an error

    def __getattr__(name: str) -> Any:
        index = importlib.import_module(f"{__name__}._index")
        if name == "__all__":
            return index.NAMES
        module = index.MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return list(importlib.import_module(f"{__name__}._index").NAMES)
"""


def _lazy_index(text: str) -> tuple[str, str]:
    """The run-time types index, and its ``_index`` module of names: the index's ``.pyi``
    keeps its imports, its ``_MODULES`` table and its ``__all__``."""
    tree = ast.parse(text)
    table = next(n for n in tree.body if isinstance(n, ast.AnnAssign) and _target(n) == "_MODULES")
    names = next(n for n in tree.body if isinstance(n, ast.Assign) and _target(n) == "__all__")
    first = next(n for n in tree.body if isinstance(n, ast.If))  # the checkers' imports, then the rest
    head = "".join(text.splitlines(keepends=True)[: first.lineno - 1]).rstrip() + "\n"
    assert table.value is not None
    index = (
        f"{HEADER}\n"
        '"""The names of :mod:`openai_core.types`, with the module of each (loaded on first lookup)."""\n\n'
        f"MODULES: dict[str, str] = {ast.get_source_segment(text, table.value)}\n\n"
        f"NAMES = {ast.get_source_segment(text, names.value)}\n"
    )
    return head + _INDEX_LOOKUP, index


def _target(node: ast.AnnAssign | ast.Assign) -> str | None:
    target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
    return target.id if isinstance(target, ast.Name) else None


def _module_name(path: str) -> tuple[str, str]:
    """(module, package) of a file path."""
    dotted = path.removesuffix(".py").replace("/", ".")
    if dotted.endswith(".__init__"):
        module = dotted.removesuffix(".__init__")
        return module, module
    return dotted, dotted.rpartition(".")[0]


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")
    if node.level > 1:
        base = base[: len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _is_types_import(node: ast.stmt, package: str) -> bool:
    return isinstance(node, ast.ImportFrom) and _absolute(node, package).startswith("openai_core.types")


def _is_alias(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and isinstance(node.annotation, ast.Name)
        and node.annotation.id == "TypeAlias"
    )


def _rebind(node: ast.stmt) -> tuple[str, str] | None:
    """(X, Y) of ``X = Y``: a second name of a type (the SDK's name in a package, ``emit_paths``)."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
        if isinstance(target, ast.Name) and isinstance(value, ast.Name):
            return target.id, value.id
    return None


def _lazy_module(path: str, text: str) -> str:
    module, package = _module_name(path)
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)

    def segment(node: ast.stmt) -> str:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        assert node.end_lineno is not None
        return "".join(lines[first - 1 : node.end_lineno])

    elsewhere: dict[str, list[str]] = {}
    for node in tree.body:
        if _is_types_import(node, package):
            assert isinstance(node, ast.ImportFrom)
            home = elsewhere.setdefault(_absolute(node, package), [])
            home += [a.name if a.asname in (None, a.name) else f"{a.name} as {a.asname}" for a in node.names]
    made = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    made |= {n.target.id for n in tree.body if _is_alias(n) and isinstance(n.target, ast.Name)}
    lazy = made | {name.rpartition(" ")[2] for names in elsewhere.values() for name in names}
    rebound = dict(pair for pair in map(_rebind, tree.body) if pair and pair[1] in lazy)
    lazy |= set(rebound)

    late = False  # an import after the first maker (E402)
    body: list[str] = []
    makers: list[str] = []
    for node in tree.body:
        if _is_types_import(node, package):
            continue
        if isinstance(node, ast.ClassDef):
            makers.append(node.name)
            inner = "".join(f"    {line}" if line.strip() else line for line in segment(node).splitlines(True))
            inner = inner.replace(*_RECORD)
            body.append(f"def _make_{node.name}() -> None:\n    global {node.name}\n\n{inner}")
        elif (pair := _rebind(node)) and pair[0] in rebound:
            name, other = pair
            makers.append(name)
            make = f"def _make_{name}() -> None:\n    global {name}\n"
            body.append(f"{make}    from {module} import {other}\n\n    {name} = {other}\n")
        elif _is_alias(node):
            assert isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value
            name = node.target.id
            makers.append(name)
            value = ast.get_source_segment(text, node.value)
            used = sorted({n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)} & lazy)
            need = f"    from {module} import {', '.join(used)}\n\n" if used else ""
            body.append(f"def _make_{name}() -> None:\n    global {name}\n{need}    {name} = {value}\n")
        elif isinstance(node, ast.ImportFrom) and node.module == "typing":
            names = {a.name for a in node.names if a.name != "TypeAlias"} | ({"TYPE_CHECKING"} if elsewhere else set())
            if names:
                body.append(f"from typing import {', '.join(sorted(names))}\n")
        elif isinstance(node, ast.ImportFrom) and node.module == "openai_core" and node.level == 0:
            body.append(segment(node) + "from openai_core import _lazy, _record\n")
            if elsewhere:  # what the annotations name, for linters; imported on first use at run time
                body.append("if TYPE_CHECKING:\n" + "".join(_import_lines(elsewhere)))
        elif isinstance(node, ast.Import) and [a.name for a in node.names] == ["attrs"]:
            continue
        else:
            late = late or (bool(makers) and isinstance(node, (ast.Import, ast.ImportFrom)))
            body.append(segment(node))
    if elsewhere and "from typing import" not in "".join(body):
        raise ValueError(f"{path}: imports other types modules but nothing from typing")
    table = "".join(f"_make_{n}, " for n in makers)
    refs = ", ".join(f"{literal(m)}: ({''.join(f'{literal(n)}, ' for n in names)})" for m, names in elsewhere.items())
    body.append(f"__getattr__, __dir__ = _lazy.lazy_types(globals(), ({table}), {{{refs}}})\n")
    head = "".join(line for line in lines[: tree.body[0].lineno - 1] if late or not line.startswith("# ruff: noqa"))
    return head + "\n\n".join(body)


def _import_lines(elsewhere: dict[str, list[str]]) -> list[str]:
    out = []
    for module, names in elsewhere.items():
        for entry in names:
            name, _, alias = entry.partition(" as ")
            out.append(f"    from {module} import {name} as {alias or name}\n")
    return out
