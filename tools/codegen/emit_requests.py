"""The SDK's TypedDicts of whole requests: ``openai_core.types.chat.CompletionCreateParams``.

The naming table's ``request_params`` gives, for an operation the SDK has, its TypedDict of the
method's keywords (a path after ``openai.types.``). Each becomes a TypedDict of the method's
keywords, typed as the method declares them, so that ``create(**params)`` is checked. It is
defined in the module of that path, which imports only ``typing`` at runtime, and the SDK's
package of it imports it too. The SDK's parsed results (``ParsedChatCompletion``), from the
table's ``helper_types``, are our helpers' classes under the SDK's names and module paths; the
classes its modules define without exporting them (``chat.chat_completion.Choice``, the table's
``nested_types``) are ours of the same place under those names; its ``Literal`` aliases we have
no alias for (``AudioModel``, the table's ``literal_aliases``) are the values of the enum of the
operation parameter the table names.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .emit_ops import MethodWriter, _split_union
from .operations import NAMES, OpInfo
from .render import HEADER, Imports, annotation, literal
from .typemodel import ClassDef, Enum, ListOf, Lit, Type, TypeBuilder, UnionOf

__all__ = ["emit_requests", "export_root"]

ROOT = "openai_core/types"
_CODE = re.compile(r"^(class |def |@|(?!__all__)\w+ *[=:])", re.MULTILINE)  # top-level statements
_REEXPORT = re.compile(r"^from (openai_core\.types\.\S+) import (\w+) as \2$", re.MULTILINE)


def _fields(declarations: list[str]) -> list[str]:
    """TypedDict fields of a method's keyword declarations (``name: T | NotGiven = NOT_GIVEN``)."""
    out = []
    for text in declarations:
        name, _, rest = text.partition(": ")
        annotation, _, default = rest.partition(" = ")
        if default:
            kept = [part for part in _split_union(annotation) if part != "NotGiven"]
            out.append(f"    {name}: {' | '.join(kept)}")
        else:
            out.append(f"    {name}: Required[{annotation}]")
    return out


def _classes(name: str, op: OpInfo, writer: MethodWriter, imports: Imports) -> list[str]:
    """The TypedDict(s) of ``op``'s keywords: for a call that streams on ``stream=True``, one
    class per answer (``...NonStreaming``, ``...Streaming``) and their union under ``name``."""
    positional = [f"{p.py}: str" for p in op.path_params if p.py not in op.positional]
    variants = [("", None)]
    if writer.overloaded(op):
        variants = [("NonStreaming", "false"), ("Streaming", "true")]
    lines: list[str] = []
    for suffix, variant in variants:
        doc = f"The keywords of ``client.{op.call}``" + (f" ({suffix[0].lower()}{suffix[1:]})" if suffix else "")
        lines += [f"class {name}{suffix}(TypedDict, total=False):", f'    """{doc}, as a dict."""']
        fields = _fields(positional + writer.params(op, imports, variant))
        lines += ["", *fields, "", ""] if fields else ["", ""]
    if len(variants) > 1:
        lines.append(f"{name}: TypeAlias = {name}NonStreaming | {name}Streaming")
    return lines


def _module(path: str, name: str, op: OpInfo, writer: MethodWriter, existing: str | None) -> str:
    builder = writer.b
    imports = Imports()
    body = _classes(name, op, writer, imports)
    checking: dict[str, set[str]] = defaultdict(set)
    for n in imports.params:
        checking[f"openai_core.types.{builder.defs[n].module}_params"].add(builder.params[n])
    for n in imports.types:
        checking[f"openai_core.types.{builder.defs[n].module}"].add(n)
    if "FunctionTool" in imports.core:
        checking["openai_core.helpers.tools"].add("FunctionTool")
    if imports.file_input:
        checking["openai_core._types"].add("FileInput")
    block = []
    abc = sorted(imports.typing & {"Iterable", "Mapping", "Sequence"})
    if abc:
        block.append(f"    from collections.abc import {', '.join(abc)}")
    names = sorted(imports.typing & {"Any", "Literal"})
    if names:
        block.append(f"    from typing import {', '.join(names)}")
    extensions = [n for n in ("Required", "TypeAlias") if any(f"{n}[" in line or f": {n} =" in line for line in body)]
    if extensions:
        block.append(f"    from typing_extensions import {', '.join(extensions)}")
    block += [f"    from {mod} import {', '.join(sorted(checking[mod]))}" for mod in sorted(checking)]
    shared = _REEXPORT.findall(existing or "")
    out = [
        HEADER,
        f'"""The names of the SDK\'s ``openai.types.{path}``."""',
        "",
        "from __future__ import annotations",
        "",
    ]
    out.append(f"from typing import {'TYPE_CHECKING, ' if block else ''}TypedDict")
    out += [f"from {mod} import {n} as {n}" for mod, n in shared]
    if block:
        out += ["", "if TYPE_CHECKING:", *block]
    defined = [line.split("(")[0].removeprefix("class ") for line in body if line.startswith("class ")]
    exported = sorted({name, *defined, *(n for _, n in shared)})
    out += ["", "__all__ = [" + ", ".join(literal(n) for n in exported) + "]", "", ""]
    return "\n".join(out + body).rstrip() + "\n"


def export_root(files: dict[str, str], name: str, module: str) -> None:
    index = files[f"{ROOT}/__init__.py"]
    index = index.replace("if TYPE_CHECKING:\n", f"if TYPE_CHECKING:\n    from .{module} import {name} as {name}\n", 1)
    new = f'_MODULES: dict[str, str] = {{\n    "{name}": "{module}",\n'
    files[f"{ROOT}/__init__.py"] = index.replace("_MODULES: dict[str, str] = {\n", new, 1)


def _export(files: dict[str, str], package: str, names: dict[str, str]) -> None:
    """Make each of ``names`` ({name: its module under openai_core.types}) importable from
    ``package`` too, loaded on first access."""
    parts = package.split(".")
    for i in range(1, len(parts) + 1):
        init = f"{ROOT}/{'/'.join(parts[:i])}/__init__.py"
        if init not in files:
            dotted = ".".join(parts[:i])
            files[init] = f'{HEADER}\n"""The names of the SDK\'s ``openai.types.{dotted}``."""\n\n__all__ = []\n'
    init = f"{ROOT}/{package.replace('.', '/')}/__init__.py"
    text = files[init]
    entries = "".join(f'"{n}": "{m}", ' for n, m in sorted(names.items()))
    imports = [f"    from openai_core.types.{m} import {n} as {n}" for n, m in sorted(names.items())]
    text = text.replace("__all__ = [", "__all__ = [" + "".join(f'"{n}", ' for n in sorted(names)), 1)
    if "_PARAMS = {" in text:  # the module's own lazy TypedDicts: these join them
        files[init] = text.replace("_PARAMS = {", "_PARAMS = {" + entries, 1) + "\n".join(
            ["", "if TYPE_CHECKING:", *imports, ""]
        )
        return
    noqa = "  # noqa: E402" if "# ruff: noqa: E402" not in text and _CODE.search(text) else ""
    files[init] = "\n".join(
        [
            text.rstrip(),
            "",
            f"import typing as _typing{noqa}",
            "",
            "if _typing.TYPE_CHECKING:",
            *imports,
            "else:",
            "",
            "    def __getattr__(name: str) -> object:",
            "        import importlib",
            "",
            "        if name in _REQUESTS:",
            '            return getattr(importlib.import_module(f"openai_core.types.{_REQUESTS[name]}"), name)',
            '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
            "",
            "",
            "_REQUESTS = {" + entries + "}",
            "",
        ]
    )


def emit_requests(files: dict[str, str], ops: list[OpInfo], builder: TypeBuilder) -> dict[str, str]:
    """``files`` with the SDK's request TypedDicts added (after ``emit_paths``)."""
    out = dict(files)
    writer = MethodWriter(builder)
    packages: dict[str, dict[str, str]] = defaultdict(dict)
    for op in sorted(ops, key=lambda o: o.id):
        entry = NAMES["operations"].get(op.id, {})
        # the plainest method's shape, and those of its other names (a deprecated ``retrieve``)
        shapes = [entry["request_params"]] if "request_params" in entry else []
        shapes += entry.get("request_params_also", [])
        for shape in shapes:
            path, _, name = shape.rpartition(".")
            file = f"{ROOT}/{path.replace('.', '/')}.py"
            out[file] = _module(path, name, op, writer, out.get(file))
            package, _, _ = path.rpartition(".")
            if package:
                packages[package][name] = path
            else:
                export_root(out, name, path)
    by_path: dict[str, dict[str, str]] = defaultdict(dict)
    for shape, target in NAMES.get("helper_types", {}).items():
        path, _, name = shape.rpartition(".")
        by_path[path][name] = target
    for path, names in sorted(by_path.items()):
        out[f"{ROOT}/{path.replace('.', '/')}.py"] = _helper_module(path, names)
        packages[path.rpartition(".")[0]].update(dict.fromkeys(names, path))
    by_id = {op.id: op for op in ops}
    for shape, where in NAMES.get("literal_aliases", {}).items():
        path, _, name = shape.rpartition(".")
        if ":" in where:  # a class's field
            cls, _, key = where.partition(":")
            d = builder.defs[cls]
            (t,) = [f.type for f in d.fields if f.json_name == key] if isinstance(d, ClassDef) else []
        else:  # an operation's parameter
            op_id, _, py = where.partition(".")
            (t,) = [p.type for p in by_id[op_id].body + by_id[op_id].query if p.py == py]
        out[f"{ROOT}/{path.replace('.', '/')}.py"] = _literal_module(path, name, t)
        package = path.rpartition(".")[0]
        if package:
            packages[package][name] = path
        else:
            export_root(out, name, path)
    for package, exported in sorted(packages.items()):
        _export(out, package, exported)
    # the names of the SDK's modules right under ``openai.types`` are its root names too
    for name, path in sorted(NAMES.get("sdk_paths", {}).items()):
        if "." not in path and f"{ROOT}/{path}.py" in out and f'"{name}"' not in out[f"{ROOT}/__init__.py"]:
            export_root(out, name, path)
    nested: dict[str, dict[str, str]] = defaultdict(dict)
    for shape, ours in NAMES.get("nested_types", {}).items():
        path, _, name = shape.rpartition(".")
        if ours in builder.defs:
            nested[path][name] = ours
    for path, names in sorted(nested.items()):
        _add_nested(out, path, names, builder)
    return out


def _add_nested(files: dict[str, str], path: str, names: dict[str, str], builder: TypeBuilder) -> None:
    """The SDK module ``path`` names our classes ``names`` ({SDK name: ours}) too; a module of
    ours by that path (not one of the SDK's names) is left alone."""
    file = f"{ROOT}/{path.replace('.', '/')}.py"
    text = files.get(file, f'{HEADER}\n"""The names of the SDK\'s ``openai.types.{path}``."""\n\n__all__ = []\n')
    if "The names of the SDK's" not in text:
        return
    new = {n: ours for n, ours in sorted(names.items()) if f'"{n}"' not in text}
    lines = "".join(f"from openai_core.types.{builder.defs[o].module} import {o} as {n}\n" for n, o in new.items())
    added = "".join(f'"{n}", ' for n in new)
    files[file] = text.replace("__all__ = [", f"{lines}\n__all__ = [{added}", 1)


def _helper_module(path: str, names: dict[str, str]) -> str:
    """The SDK's module of parsed results, ``names`` ({SDK name: our class, dotted}) from the helpers."""
    out = [HEADER, f'"""The names of the SDK\'s ``openai.types.{path}``."""', ""]
    for name, target in sorted(names.items()):
        module, _, ours = target.rpartition(".")
        out.append(f"from {module} import {ours} as {name}")
    out += ["", "__all__ = [" + ", ".join(literal(n) for n in sorted(names)) + "]"]
    return "\n".join(out) + "\n"


def _literal_module(path: str, name: str, t: Type) -> str:
    """The SDK's ``Literal`` alias ``name``: the values of the enum in ``t`` (a parameter's or a
    field's), or in its list's items."""
    members = [m.item if isinstance(m, ListOf) else m for m in (t.members if isinstance(t, UnionOf) else (t,))]
    (values,) = [m.values for m in members if isinstance(m, (Enum, Lit))]
    text = annotation(Lit(tuple(values)), Imports())
    out = [HEADER, f'"""The names of the SDK\'s ``openai.types.{path}``."""', ""]
    out += ["from typing import Literal, TypeAlias", ""]
    out += [f"__all__ = [{literal(name)}]", "", f"{name}: TypeAlias = {text}"]
    return "\n".join(out) + "\n"
