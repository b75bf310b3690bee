"""Write ``openai_core/types/``: one module per group plus the lazy ``__init__``."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from typing import Any

from .emit_params import member_unions
from .grouping import SHARED, def_refs
from .operations import NAMES
from .render import DOCS, HEADER, Imports, annotation, humanize, literal, optional
from .typemodel import AliasDef, ClassDef, Def, TypeBuilder

__all__ = ["alias_modules", "emit_types"]

# Reference pages of the groups (by types module).
_DOC_PAGES = {
    "organization": "administration",
    "beta": "responses",
    "webhooks": "webhook-events",
    "assistants": "assistants",
    SHARED: "",
}


def _doc_link(d: Def, components: dict[str, Any]) -> str:
    if d.spec_name is not None:
        meta = components[d.spec_name].get("x-oaiMeta") or {}
        if isinstance(meta.get("group"), str):
            return f"{DOCS}/{meta['group']}/object"
    page = _DOC_PAGES.get(d.module, d.module.replace("_", "-"))
    return f"{DOCS}/{page}" if page else DOCS


_ROLES = {
    "object": "The ``{prop}`` object of :class:`{parent}`.",
    "item": "An item of ``{prop}`` in :class:`{parent}`.",
    "value": "A value of the ``{prop}`` map in :class:`{parent}`.",
    "variant": "One shape of ``{prop}`` in :class:`{parent}`.",
}


def _summary(d: ClassDef) -> str:
    if d.parent is not None and d.prop is not None:
        return _ROLES[d.role].format(prop=d.prop, parent=d.parent)
    name = d.name
    words = humanize(name)
    if name.startswith("Webhook"):
        return f"Webhook event payload: {humanize(name[len('Webhook') :])}."
    if name.endswith("Event"):
        return f"The {words}."
    if name.endswith(("Request", "Body", "Params", "Param")):
        return f"Request parameters: {words}."
    return f"The {words} object."


# Hand-written computed properties (in openai_core/_models.py) that a generated class inherits,
# with the spec fields they replace.
MIXINS = {"Response": ("_models.OutputText", {"output_text"})}


def _render_class(cls: ClassDef, imports: Imports, components: dict[str, Any]) -> list[str]:
    summary = textwrap.wrap(_summary(cls), width=110, break_long_words=False, break_on_hyphens=False)
    mixin, computed = MIXINS.get(cls.name, ("", set()))
    fields = [f for f in cls.fields if f.py_name not in computed]
    lines = [
        "@attrs.define(slots=True, kw_only=True, repr=False, eq=False)",
        f"class {cls.name}({mixin + ', ' if mixin else ''}_models.Model):",
        f'    """{summary[0]}',
        *(f"    {line}" for line in summary[1:]),
        "",
        f"    {_doc_link(cls, components)}",
        '    """',
        "",
    ]
    renamed = {f.py_name: f.json_name for f in fields if f.py_name != f.json_name}
    if renamed:
        items = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in renamed.items())
        lines.append(f"    __json_names__: ClassVar[Mapping[str, str]] = {{{items}}}")
        imports.typing |= {"ClassVar", "Mapping"}
        lines.append("")
    for f in fields:
        text = annotation(f.type, imports)
        if f.has_const_default:
            lines.append(f"    {f.py_name}: {text} = {literal(f.default)}")
        elif f.required:
            lines.append(f"    {f.py_name}: {text}")
        else:
            lines.append(f"    {f.py_name}: {optional(text)} = None")
    if not fields:
        lines.append("    pass")
    return lines


def _alias_order(aliases: list[AliasDef]) -> list[AliasDef]:
    """Aliases ordered so that each comes after the local aliases it uses."""
    local = {a.name: a for a in aliases}
    done: list[AliasDef] = []
    state: dict[str, int] = {}

    def visit(a: AliasDef) -> None:
        s = state.get(a.name)
        if s == 2:
            return
        if s == 1:
            raise ValueError(f"recursive type alias {a.name}")
        state[a.name] = 1
        for r in def_refs(a):
            if r in local:
                visit(local[r])
        state[a.name] = 2
        done.append(a)

    for a in aliases:
        visit(a)
    return done


def _module_doc(module: str) -> str:
    if module == SHARED:
        return "API types used by several resource groups."
    if module == "webhooks":
        return "Payloads of the webhook events the API sends."
    return f"API types of the ``{module}`` resource group."


def _params_lines(params: dict[str, str]) -> list[str]:
    """The module's TypedDicts by name ({name: module}), loaded on first use."""
    by_module: dict[str, list[str]] = defaultdict(list)
    for name, module in sorted(params.items()):
        by_module[module].append(name)
    return [
        "",
        "if TYPE_CHECKING:",
        *(f"    from .{module} import {', '.join(names)}" for module, names in sorted(by_module.items())),
        "else:",
        "",
        "    def __getattr__(name: str) -> Any:",
        "        if name in _PARAMS:",
        '            return getattr(importlib.import_module(f"openai_core.types.{_PARAMS[name]}"), name)',
        '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        "",
        "",
        "_PARAMS = {" + ", ".join(f"{literal(n)}: {literal(m)}" for n, m in sorted(params.items())) + "}",
    ]


def render_module(
    module: str,
    members: list[Def],
    defs: dict[str, Def],
    components: dict[str, Any],
    params: dict[str, str],
    reexports: list[str],
    others: dict[str, str],
    lists: dict[str, str],
) -> str:
    """The source of one types module; ``reexports`` are shared types the SDK places here,
    ``others`` the SDK's other names of types of this module ({alias: type}), ``lists`` its
    names of lists of them ({alias: item type})."""
    imports = Imports()
    body: list[str] = []
    classes = [d for d in members if isinstance(d, ClassDef)]
    aliases = [d for d in members if isinstance(d, AliasDef)]
    for cls in classes:
        body.extend(_render_class(cls, imports, components))
        body.extend(["", ""])
    alias_lines: list[str] = []
    for alias in _alias_order(aliases):
        text = annotation(alias.type, imports)
        alias_lines.append(f"{alias.name}: TypeAlias = {text}")
    alias_lines += [f"{name}: TypeAlias = {target}" for name, target in sorted(others.items())]
    alias_lines += [f"{name}: TypeAlias = list[{item}]" for name, item in sorted(lists.items())]
    imports.types |= set(others.values()) | set(lists.values())
    if alias_lines:
        imports.typing.add("TypeAlias")
    local = {d.name for d in members}
    foreign: dict[str, list[str]] = defaultdict(list)
    for name in sorted((imports.types - local) | set(reexports)):
        foreign[defs[name].module].append(name)

    out = [HEADER]
    if foreign:
        out.append("# ruff: noqa: E402")
    out.append(f'"""{_module_doc(module)}"""')
    out.append("")
    out.append("from __future__ import annotations")
    out.append("")
    if params:
        out.append("import importlib")
        imports.typing |= {"Any", "TYPE_CHECKING"}
    if "Mapping" in imports.typing:
        out.append("from collections.abc import Mapping")
    typing_names = sorted(imports.typing & {"Any", "ClassVar", "Literal", "TypeAlias", "TYPE_CHECKING"})
    if typing_names:
        out.append(f"from typing import {', '.join(typing_names)}")
    out.append("")
    out.append("import attrs" if classes else "")
    out.append("")
    out.append("from openai_core import _models" if classes else "")
    if imports.file_input:
        out.append("from openai_core._types import FileInput")
    out.append("")
    names = sorted(local | set(params) | set(reexports) | set(others) | set(lists))
    out.append("__all__ = [" + ", ".join(literal(n) for n in names) + "]")
    out.append("")
    out.append("")
    out.extend(body)
    for mod in sorted(foreign):
        out.append(f"from .{mod} import {', '.join(foreign[mod])}")
    if foreign and alias_lines:
        out.append("")
    out.extend(alias_lines)
    if params:
        out.extend(_params_lines(params))
    return "\n".join(out).rstrip() + "\n"


def render_index(modules: dict[str, list[Def]], others: dict[str, str]) -> str:
    """``openai_core/types/__init__.py``; ``others`` are the SDK's other names ({alias: module})."""
    entries = sorted([(d.name, mod) for mod, members in modules.items() for d in members] + list(others.items()))
    out = [
        HEADER,
        '"""Every API type by name.',
        "",
        "Submodules load on first access, so ``import openai_core.types`` stays cheap.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "from typing import TYPE_CHECKING, Any",
        "",
        "if TYPE_CHECKING:",
    ]
    for mod in sorted(modules):
        names = sorted([d.name for d in modules[mod]] + [a for a, m in others.items() if m == mod])
        out.append(f"    from .{mod} import {', '.join(names)}")
    out.append("")
    out.append("_MODULES: dict[str, str] = {")
    for name, mod in entries:
        out.append(f'    "{name}": "{mod}",')
    out.append("}")
    out.append("")
    out.append("__all__ = [" + ", ".join(literal(n) for n, _ in entries) + "]")
    out.append("")
    out.append("")
    out.extend(
        [
            "if not TYPE_CHECKING:  # checkers see the declared names only, so a misspelt one is an error",
            "",
            "    def __getattr__(name: str) -> Any:",
            "        module = _MODULES.get(name)",
            "        if module is None:",
            '            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
            '        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)',
            "        globals()[name] = value",
            "        return value",
            "",
            "    def __dir__() -> list[str]:",
            "        return list(__all__)",
        ]
    )
    return "\n".join(out) + "\n"


def _other_names(builder: TypeBuilder) -> dict[str, str]:
    """The SDK's other names of a type (EvalCreateResponse for Eval's): {alias: type}."""
    names: dict[str, str] = NAMES.get("type_aliases", {})
    return {a: t for a, t in names.items() if a not in builder.defs and t in builder.defs}


def _list_names(builder: TypeBuilder) -> dict[str, str]:
    """The SDK's names of lists of a type (``ResponseInput``): {alias: item type}."""
    names: dict[str, str] = NAMES.get("type_lists", {})
    return {a: t for a, t in names.items() if a not in builder.defs and t in builder.defs}


def _sdk_modules() -> dict[str, str]:
    """{a name the SDK publishes: its ``openai.types`` subpackage}."""
    paths: dict[str, str] = NAMES.get("sdk_paths", {})
    return {a: p.split(".")[0] for a, p in paths.items() if "." in p} | NAMES.get("sdk_modules", {})


def alias_modules(builder: TypeBuilder) -> dict[str, str]:
    """{the SDK's other name of a type: the module declaring it}: its type's module, or, for a
    shared type, the one where the SDK publishes that name."""
    sdk_modules = _sdk_modules()
    modules = {d.module for d in builder.defs.values()}
    where = {a: builder.defs[t].module for a, t in (_other_names(builder) | _list_names(builder)).items()}
    return where | {a: sdk_modules[a] for a, m in where.items() if m == SHARED and sdk_modules.get(a) in modules}


def emit_types(builder: TypeBuilder) -> dict[str, str]:
    """{relative path: source} of every types module."""
    modules: dict[str, list[Def]] = defaultdict(list)
    for d in builder.defs.values():
        modules[d.module].append(d)
    components = builder.components
    sdk_modules = _sdk_modules()
    others = _other_names(builder)
    lists = _list_names(builder)
    where = alias_modules(builder)
    unions = member_unions(builder)
    files: dict[str, str] = {}
    for mod, members in sorted(modules.items()):
        params = {p: f"{mod}_params" for n, p in builder.params.items() if builder.defs[n].module == mod}
        second = builder.param_aliases | builder.param_lists
        params |= {a: f"{mod}_params" for a, n in second.items() if builder.defs[n].module == mod}
        reexports: list[str] = []
        if mod != SHARED:  # the SDK's module for a shared type: importable from there too
            reexports = sorted(n for n, d in builder.defs.items() if d.module == SHARED and sdk_modules.get(n) == mod)
            shared_params = {p: n for n, p in builder.params.items()} | second
            params |= {
                p: f"{SHARED}_params"
                for p, n in shared_params.items()
                if builder.defs[n].module == SHARED and sdk_modules.get(p) == mod
            }
        # the SDK's names of this package that live in another module here (``beta.Assistant``)
        local = {d.name for d in members}
        moved = {n: d.module for n, d in builder.defs.items() if sdk_modules.get(n) == mod}
        moved |= {p: f"{builder.defs[n].module}_params" for n, p in builder.params.items() if sdk_modules.get(p) == mod}
        params |= {
            n: home
            for n, home in sorted(moved.items())
            if home.removesuffix("_params") not in (mod, SHARED) and n not in local and n not in params
        }
        for name, (home, parts) in unions.items():  # the SDK's unions of TypedDicts, where it has them
            if home == mod or (home == SHARED and sdk_modules.get(parts[0]) == mod):
                params[name] = f"{home}_params"
        if mod == SHARED:  # names the SDK's ``shared`` has of types that live elsewhere here
            extra = NAMES.get("module_names", {}).get(SHARED, {}).values()
            types = {t.partition(":")[2] for t in extra if t.startswith("type:")}
            elsewhere = sorted(t for t in types if t in builder.defs and builder.defs[t].module != mod)
            params |= {t: builder.defs[t].module for t in elsewhere}
        here = {a: t for a, t in others.items() if where[a] == mod}
        here_lists = {a: t for a, t in lists.items() if where[a] == mod}
        files[f"openai_core/types/{mod}.py"] = render_module(
            mod, members, builder.defs, components, params, reexports, here, here_lists
        )
    files["openai_core/types/__init__.py"] = render_index(modules, where)
    return files
