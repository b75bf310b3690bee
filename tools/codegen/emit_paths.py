"""The official SDK's module paths of the types: ``openai_core.types.chat.chat_completion_message_param``.

The naming table's ``sdk_paths`` section gives, for each name we share with the SDK, the module
that defines it there. Each such module becomes a small generated module that imports the names
from where they live here. A types module that the SDK has as a package (``chat``) becomes a
package with the same contents in its ``__init__``; a package we have no module for gets an
``__init__`` with the names of the modules right under it.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from .emit_requests import export_root
from .naming import snake
from .operations import NAMES
from .render import HEADER, literal
from .typemodel import TypeBuilder

__all__ = ["emit_paths"]

ROOT = "openai_core/types"
_RELATIVE = re.compile(r"^(\s*)from \.(?=\w)", re.MULTILINE)


def _locations(builder: TypeBuilder, aliases: Mapping[str, str]) -> dict[str, str]:
    """{public name: the types module defining it here}."""
    out = {name: d.module for name, d in builder.defs.items()}
    out |= aliases
    out |= {param: f"{builder.defs[n].module}_params" for n, param in builder.params.items()}
    out |= {name: f"{builder.defs[n].module}_params" for name, n in builder.param_aliases.items()}
    out |= {name: f"{builder.defs[n].module}_params" for name, n in builder.param_lists.items()}
    return out


def _module(path: str, names: Iterable[str], where: Mapping[str, str]) -> str:
    by_module: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names)):
        by_module[where[name]].append(name)
    out = [HEADER, f'"""The names of the SDK\'s ``openai.types.{path}``."""', ""]
    for module in sorted(by_module):
        out += [f"from openai_core.types.{module} import {name} as {name}" for name in sorted(by_module[module])]
    out += ["", "__all__ = [" + ", ".join(literal(n) for n in sorted(set(names))) + "]"]
    return "\n".join(out) + "\n"


def emit_paths(files: dict[str, str], builder: TypeBuilder, aliases: Mapping[str, str]) -> dict[str, str]:
    """``files`` with the SDK's module paths added; ``aliases``: {type alias: its module}."""
    where = _locations(builder, aliases)
    leaves: dict[str, list[str]] = defaultdict(list)
    for name, path in NAMES.get("sdk_paths", {}).items():
        if name in where:
            leaves[path].append(name)
    packages = {".".join(path.split(".")[:i]) for path in leaves for i in range(1, path.count(".") + 1)}
    out = dict(files)
    for package in sorted(packages):
        ours = f"{ROOT}/{package.replace('.', '/')}.py"
        target = f"{ROOT}/{package.replace('.', '/')}/__init__.py"
        if ours in out:  # our module of that name: the package's __init__, one level deeper
            out[target] = _RELATIVE.sub(r"\1from ..", out.pop(ours))
        else:
            children = {n for path, names in leaves.items() if path.rpartition(".")[0] == package for n in names}
            out[target] = _module(package, children, where)
    for path, names in sorted(leaves.items()):
        file = f"{ROOT}/{path.replace('.', '/')}.py"
        if file not in out and path not in packages:
            out[file] = _module(path, names, where)
    return _field_unions(_package_names(out, where), where)


def _package_names(files: dict[str, str], where: Mapping[str, str]) -> dict[str, str]:
    """``files`` with the table's ``package_names`` added to their packages: the SDK's names of a
    package for another object than the one of that name here (``beta.threads.Message``), or
    for one that lives elsewhere here. A package the SDK has and we do not is made, unless a
    module of ours has its path."""
    out = dict(files)
    for package, names in NAMES.get("package_names", {}).items():
        parts = package.split(".")
        for i in range(1, len(parts) + 1):
            path = f"{ROOT}/{'/'.join(parts[:i])}"
            if f"{path}.py" not in out and f"{path}/__init__.py" not in out:
                dotted = ".".join(parts[:i])
                out[f"{path}/__init__.py"] = _module(dotted, (), where)
        file = f"{ROOT}/{package.replace('.', '/')}/__init__.py"
        text = out.get(file)
        if text is None:
            continue
        # a name the module mentions already is bound there
        added = {n: ours for n, ours in sorted(names.items()) if ours in where and not re.search(rf"\b{n}\b", text)}
        if not added:
            continue
        imports = [
            f"from openai_core.types.{where[ours]} import {ours} as {n}"
            for n, ours in added.items()
            if where[ours] != package
        ]
        # a type this package defines itself: another name for it, once it is defined
        own = [f"{n} = {ours}" for n, ours in added.items() if where[ours] == package]
        head, marker, tail = text.partition("\n__all__ = [")
        listed = "".join(f"{literal(n)}, " for n in added)
        out[file] = "\n".join([head, *imports, ""]) + marker + listed + tail + "".join(f"\n{line}\n" for line in own)
    return out


def _field_unions(files: dict[str, str], where: Mapping[str, str]) -> dict[str, str]:
    """``files`` with the table's ``field_unions``: the SDK's names of unions our fields hold
    inline (``beta.threads.MessageContent``), as type aliases of their members in its packages."""
    out = dict(files)
    table: dict[str, dict[str, list[str]]] = NAMES.get("field_unions", {})
    for package, unions in table.items():
        if not package:
            continue
        file = f"{ROOT}/{package.replace('.', '/')}/__init__.py"
        text = out.get(file)
        if text is None:
            continue
        added = {
            n: members
            for n, members in unions.items()
            if all(m in where for m in members) and not re.search(rf"\b{n}\b", text)
        }
        if not added:
            continue
        bound = _bound(text)
        needed = sorted({m for members in added.values() for m in members} - bound)
        imports = [f"from openai_core.types.{where[m]} import {m}" for m in needed if where[m] != package]
        if not re.search(r"\bTypeAlias\b", text):
            imports.append("from typing import TypeAlias")
        aliases = [f"{n}: TypeAlias = {' | '.join(members)}" for n, members in added.items()]
        head, marker, tail = text.partition("\n__all__ = [")
        listed = "".join(f"{literal(n)}, " for n in added)
        out[file] = "\n".join([head, *imports, ""]) + marker + listed + tail + "".join(f"\n{a}\n" for a in aliases)
    # the root's: from the package that has the same union, or a module of its own
    for name, members in table.get("", {}).items():
        if name in where:
            continue
        home = next((p for p, unions in table.items() if p and unions.get(name) == members), None)
        if home is None and all(m in where for m in members):
            home = snake(name)
            imports = [f"from openai_core.types.{where[m]} import {m}" for m in members]
            alias = f"{name}: TypeAlias = {' | '.join(members)}"
            text = [HEADER, f'"""The names of the SDK\'s ``openai.types.{home}``."""', ""]
            text.append("from typing import TypeAlias")
            out[f"{ROOT}/{home}.py"] = "\n".join([*text, *imports, "", f"__all__ = [{literal(name)}]", "", alias, ""])
        if home is not None:
            export_root(out, name, home)
    return out


def _bound(text: str) -> set[str]:
    """The names a module's source binds at run time: its imports' names, classes and
    assignments, not those of its ``if TYPE_CHECKING:`` blocks."""
    out: set[str] = set()
    statements = list(ast.parse(text).body)
    while statements:
        node = statements.pop()
        if isinstance(node, ast.If):
            checking = isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
            statements += node.orelse if checking else node.body + node.orelse
        elif isinstance(node, ast.ImportFrom):
            out |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            out |= {t.id for t in targets if isinstance(t, ast.Name)}
    return out
