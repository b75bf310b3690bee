"""Write ``openai_core/types/<module>_params.py``: request shapes as TypedDicts.

Every class a request can carry, and every alias over such classes, gets a TypedDict (or an
alias of TypedDicts) named after it with ``Param`` appended, or the SDK's name for it from the
naming table's ``params`` section; the SDK's other names (``param_aliases``) and its lists of them
(``param_lists``: ``ResponseInputParam``) are aliases. Methods accept them next to the attrs classes, so a dict
literal is checked key by key. Enums are closed to the spec's values here: this is what users
send. The modules are only imported by type checkers and by users who name a ``*Param``.
"""

from __future__ import annotations

import keyword
from collections import defaultdict

from .grouping import SHARED, def_refs
from .operations import NAMES, OpInfo
from .render import HEADER, Imports, annotation, literal
from .typemodel import AliasDef, ClassDef, Enum, ListOf, Lit, MapOf, Prim, Ref, Type, TypeBuilder, UnionOf, refs_in

__all__ = ["assign_params", "emit_params", "param_type"]


def _has_class(builder: TypeBuilder, name: str, seen: set[str]) -> bool:
    if name in seen:
        return False
    seen.add(name)
    d = builder.defs[name]
    return isinstance(d, ClassDef) or any(_has_class(builder, r, seen) for r in refs_in(d.type))


def _expressible(d: ClassDef) -> bool:
    return all(f.json_name.isidentifier() and not keyword.iskeyword(f.json_name) for f in d.fields)


def assign_params(builder: TypeBuilder, ops: list[OpInfo]) -> None:
    """Fill ``builder.params``: {type name: its TypedDict name} for what requests carry."""
    sdk_names: dict[str, str] = NAMES.get("params", {})
    # what requests carry, and what the SDK has a TypedDict of (Realtime's client events)
    stack = [r for op in ops for p in op.body + op.query for r in refs_in(p.type)]
    stack += [n for n in sdk_names if n in builder.defs]
    reached: set[str] = set()
    while stack:
        name = stack.pop()
        if name not in reached:
            reached.add(name)
            stack.extend(def_refs(builder.defs[name]))
    wanted = {
        n
        for n in reached
        if (isinstance(builder.defs[n], ClassDef) and _expressible(builder.defs[n]))
        or (isinstance(builder.defs[n], AliasDef) and _has_class(builder, n, set()))
    }
    # An alias over a class with no TypedDict cannot have one either.
    changed = True
    while changed:
        changed = False
        for n in sorted(wanted):
            d = builder.defs[n]
            if isinstance(d, AliasDef) and any(
                isinstance(builder.defs[r], ClassDef) and r not in wanted for r in refs_in(d.type)
            ):
                wanted.discard(n)
                changed = True
    taken = set(builder.taken)
    for n in sorted(wanted):
        name = sdk_names.get(n, f"{n}Param")
        while name in taken:
            name += "_"
        taken.add(name)
        builder.params[n] = name
    by_param = {param: n for n, param in builder.params.items()}
    for alias, target in NAMES.get("param_aliases", {}).items():
        if target in by_param and alias not in taken:
            taken.add(alias)
            builder.param_aliases[alias] = by_param[target]
    for name, item in NAMES.get("param_lists", {}).items():
        if item in by_param and name not in taken:
            taken.add(name)
            builder.param_lists[name] = by_param[item]


def param_type(builder: TypeBuilder, t: Type, imports: Imports) -> str:
    """``t`` as users send it: TypedDicts for classes, closed enums, read-only containers."""
    if isinstance(t, Ref):
        if t.name in builder.params:
            imports.params.add(t.name)
            return builder.params[t.name]
        d = builder.defs[t.name]
        if isinstance(d, ClassDef):
            imports.typing |= {"Mapping", "Any"}
            return "Mapping[str, Any]"
        if _has_class(builder, t.name, set()) or _has_listed_enum(builder, d.type):
            return param_type(builder, d.type, imports)
        return annotation(t, imports)
    if isinstance(t, Enum) and t.listed:
        return annotation(Lit(t.values), imports)
    if isinstance(t, ListOf):
        imports.typing.add("Iterable" if _is_object(builder, t.item) else "Sequence")
        item = param_type(builder, t.item, imports)
        if t.item == Prim("FileInput"):
            return f"FileInput | Sequence[{item}]"
        return f"{'Iterable' if _is_object(builder, t.item) else 'Sequence'}[{item}]"
    if isinstance(t, MapOf):
        imports.typing.add("Mapping")
        return f"Mapping[str, {param_type(builder, t.value, imports)}]"
    if isinstance(t, UnionOf):
        parts: list[str] = []
        for m in t.members:
            for piece in _split(param_type(builder, m, imports)):
                if piece not in parts:
                    parts.append(piece)
        if "None" in parts:
            parts.remove("None")
            parts.append("None")
        return " | ".join(parts)
    return annotation(t, imports)


def _has_listed_enum(builder: TypeBuilder, t: Type) -> bool:
    if isinstance(t, Enum):
        return t.listed
    if isinstance(t, Ref):
        d = builder.defs[t.name]
        return isinstance(d, AliasDef) and _has_listed_enum(builder, d.type)
    if isinstance(t, ListOf):
        return _has_listed_enum(builder, t.item)
    if isinstance(t, MapOf):
        return _has_listed_enum(builder, t.value)
    if isinstance(t, UnionOf):
        return any(_has_listed_enum(builder, m) for m in t.members)
    return False


def _is_object(builder: TypeBuilder, t: Type) -> bool:
    return isinstance(t, Ref) and _has_class(builder, t.name, set())


def _split(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif text.startswith(" | ", i) and depth == 0:
            parts.append(text[start:i])
            start = i + 3
    parts.append(text[start:])
    return parts


def _render_module(module: str, members: list[str], builder: TypeBuilder) -> str:
    imports = Imports()
    body: list[str] = []
    alias_defs: list[AliasDef] = []
    required = False
    for n in members:
        d = builder.defs[n]
        name = builder.params[n]
        if isinstance(d, ClassDef):
            body.append(f"class {name}(TypedDict, total=False):")
            body.append(f'    """``{n}``, as a dict."""')
            if d.fields:
                body.append("")
            for f in d.fields:
                text = param_type(builder, f.type, imports)
                required = required or f.required
                body.append(f"    {f.json_name}: {f'Required[{text}]' if f.required else text}")
            body.extend(["", ""])
        else:
            alias_defs.append(d)
    # Aliases are evaluated at runtime: after the classes, each after the aliases it names.
    class_imports = Imports()
    class_imports.merge(imports)
    alias_imports = Imports()
    aliases = [
        f"{builder.params[a.name]}: TypeAlias = {param_type(builder, a.type, alias_imports)}"
        for a in _alias_order(alias_defs)
    ]
    second = sorted(alias for alias, n in builder.param_aliases.items() if n in members)
    aliases += [f"{alias}: TypeAlias = {builder.params[builder.param_aliases[alias]]}" for alias in second]
    lists = sorted(name for name, n in builder.param_lists.items() if n in members)
    aliases += [f"{name}: TypeAlias = list[{builder.params[builder.param_lists[name]]}]" for name in lists]
    sdk_names, reexported, elsewhere = _sdk_module_names(module, members, builder)
    aliases += [f"{name}: TypeAlias = {builder.params[n]}" for name, n in sorted(sdk_names.items())]
    unions = {name: parts for name, (home, parts) in member_unions(builder).items() if home == module}
    aliases += [f"{name}: TypeAlias = {' | '.join(parts)}" for name, parts in sorted(unions.items())]
    local = set(members)
    runtime: dict[str, set[str]] = defaultdict(set)
    checking: dict[str, set[str]] = defaultdict(set)
    for source, target in ((class_imports, checking), (alias_imports, runtime)):
        for n in source.params - local:
            target[f"{builder.defs[n].module}_params"].add(builder.params[n])
        for n in source.types:
            target[builder.defs[n].module].add(n)
    for n in reexported:
        runtime[module].add(n)
    by_param = {param: n for n, param in builder.params.items()}
    for part in {p for parts in unions.values() for p in parts} - {builder.params[n] for n in members}:
        runtime[f"{builder.defs[by_param[part]].module}_params"].add(part)
    typing_runtime = alias_imports.typing
    typing_checking = class_imports.typing - typing_runtime
    out = [HEADER, f'"""Request shapes of the ``{module}`` types, as TypedDicts."""', ""]
    out += ["from __future__ import annotations", ""]
    abc = sorted(typing_runtime & {"Iterable", "Mapping", "Sequence"})
    if abc:
        out.append(f"from collections.abc import {', '.join(abc)}")
    block: list[str] = []
    abc = sorted(typing_checking & {"Iterable", "Mapping", "Sequence"})
    if abc:
        block.append(f"    from collections.abc import {', '.join(abc)}")
    names = sorted(typing_checking & {"Any", "Literal"})
    if names:
        block.append(f"    from typing import {', '.join(names)}")
    extensions = [n for n, used in (("Required", required), ("TypeAlias", bool(aliases))) if used]
    if extensions:
        block.append(f"    from typing_extensions import {', '.join(extensions)}")
    if class_imports.file_input and not alias_imports.file_input:
        block.append("    from openai_core._types import FileInput")
    for mod in sorted(checking):
        names_needed = checking[mod] - runtime.get(mod, set())
        if names_needed:
            block.append(f"    from .{mod} import {', '.join(sorted(names_needed))}")
    typing_names = (typing_runtime & {"Any", "Literal"}) | {"TypedDict"} | ({"TYPE_CHECKING"} if block else set())
    out += [f"from typing import {', '.join(sorted(typing_names))}", ""]
    if alias_imports.file_input:
        out.append("from openai_core._types import FileInput")
    for mod in sorted(runtime):
        out.append(f"from .{mod} import {', '.join(sorted(runtime[mod]))}")
    if elsewhere:
        out.append("from openai_core import _lazy")
        for alias, n in elsewhere.items():
            block.append(f"    from .{builder.defs[n].module}_params import {builder.params[n]} as {alias}")
    if block:
        out += ["", "if TYPE_CHECKING:", *block]
    out.append("")
    all_names = sorted(
        [builder.params[n] for n in members] + second + lists + [*sdk_names, *reexported, *unions, *elsewhere]
    )
    out.append("__all__ = [" + ", ".join(literal(n) for n in all_names) + "]")
    out += ["", ""]
    out += body
    out += aliases
    if elsewhere:  # imported on first use: their module imports this one
        refs: dict[str, list[str]] = defaultdict(list)
        for a, n in elsewhere.items():
            refs[f"openai_core.types.{builder.defs[n].module}_params"].append(f"{builder.params[n]} as {a}")
        table = ", ".join(f"{literal(m)}: ({''.join(f'{literal(e)}, ' for e in names)})" for m, names in refs.items())
        out += ["", f"__getattr__, __dir__ = _lazy.lazy_types(globals(), (), {{{table}}})"]
    return "\n".join(out).rstrip() + "\n"


def _sdk_module_names(
    module: str, members: list[str], builder: TypeBuilder
) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """The names the SDK's ``<module>_params`` has that this one lacks: {name: our type whose
    TypedDict, defined here, it names} (``FunctionDefinition``), the types of our ``<module>``
    it holds as they are (``ChatModel``), and {name: our type whose TypedDict another
    ``_params`` module defines} (``shared_params.Reasoning``)."""
    wanted = NAMES.get("module_names", {}).get(f"{module}_params", {})
    other_names: dict[str, str] = NAMES.get("type_aliases", {})
    taken = {builder.params[n] for n in members}
    aliases: dict[str, str] = {}
    types: list[str] = []
    elsewhere: dict[str, str] = {}
    for name, target in sorted(wanted.items()):
        kind, _, ours = target.partition(":")
        if name in taken:
            continue
        if kind == "param" and ours in members:
            aliases[name] = ours
        elif kind == "param" and ours in builder.params:
            elsewhere[name] = ours
        elif kind == "type":
            home = builder.defs.get(ours) or builder.defs.get(other_names.get(ours, ""))
            if home is not None and home.module == module:
                types.append(ours)
    return aliases, types, elsewhere


def member_unions(builder: TypeBuilder) -> dict[str, tuple[str, list[str]]]:
    """The SDK's unions of our TypedDicts: {name: (the types module whose ``_params`` defines
    it, its members)}; the module of its members, or the one not ``shared`` among them."""
    by_param = {param: n for n, param in builder.params.items()}
    taken = set(builder.taken) | set(by_param) | set(builder.param_aliases) | set(builder.param_lists)
    wanted: dict[str, list[str]] = NAMES.get("member_unions", {})
    out: dict[str, tuple[str, list[str]]] = {}
    for name, parts in sorted(wanted.items()):
        if name in taken or not all(p in by_param for p in parts):
            continue
        homes = {builder.defs[by_param[p]].module for p in parts} - {SHARED}
        if len(homes) <= 1:
            out[name] = (homes.pop() if homes else SHARED, parts)
    return out


def _alias_order(aliases: list[AliasDef]) -> list[AliasDef]:
    local = {a.name: a for a in aliases}
    done: list[AliasDef] = []
    seen: set[str] = set()

    def visit(a: AliasDef) -> None:
        if a.name in seen:
            return
        seen.add(a.name)
        for r in refs_in(a.type):
            if r in local:
                visit(local[r])
        done.append(a)

    for a in aliases:
        visit(a)
    return done


def emit_params(builder: TypeBuilder) -> dict[str, str]:
    """{relative path: source} of every ``<module>_params`` module."""
    modules: dict[str, list[str]] = defaultdict(list)
    for n in builder.params:
        modules[builder.defs[n].module].append(n)
    return {
        f"openai_core/types/{mod}_params.py": _render_module(mod, sorted(members), builder)
        for mod, members in sorted(modules.items())
    }
