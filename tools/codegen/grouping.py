"""Place every generated type in a module of ``openai_core.types``.

A type used by the operations of one resource group lives in that group's module; a type
used by several groups lives in ``shared``. Because everything a shared type refers to is
also used by all those groups, ``shared`` refers only to itself and group modules refer only
to themselves and ``shared``: the modules form a DAG, so module-level aliases can import
each other without cycles.
"""

from __future__ import annotations

from collections import defaultdict

from .operations import OpInfo
from .typemodel import AliasDef, ClassDef, Type, TypeBuilder, refs_in

__all__ = ["SHARED", "assign_modules", "def_refs", "module_of_group"]

SHARED = "shared"

# Resource groups that share a types module with another one.
_MODULE_OF_GROUP = {
    "projects": "organization",
    "conversations": "responses",
    "threads": "assistants",
    "uploads": "files",
    "completions": "chat",
}

# Where schemas that no operation uses go, by name prefix (first match wins).
_UNUSED_PREFIXES = (
    ("Webhook", "webhooks"),
    ("UnwrapWebhook", "webhooks"),  # the SDK's name of the union of webhook events
    ("Realtime", "realtime"),
    ("Beta", "beta"),
    ("Responses", "responses"),
    ("Response", "responses"),
    ("ChatCompletion", "chat"),
    ("FineTune", "fine_tuning"),
)


def module_of_group(group: str) -> str:
    return _MODULE_OF_GROUP.get(group, group)


def def_refs(d: ClassDef | AliasDef) -> list[str]:
    if isinstance(d, ClassDef):
        out: list[str] = []
        for f in d.fields:
            for r in refs_in(f.type):
                if r not in out:
                    out.append(r)
        return out
    return refs_in(d.type)


def op_types(op: OpInfo) -> list[Type]:
    types: list[Type] = [p.type for p in op.path_params + op.query + op.headers + op.body]
    for t in (op.response, op.event, op.item):
        if t is not None:
            types.append(t)
    return types


def assign_modules(builder: TypeBuilder, ops: list[OpInfo]) -> dict[str, str]:
    """Set ``module`` on every definition; return {type name: module name}."""
    defs = builder.defs
    groups: dict[str, set[str]] = defaultdict(set)
    roots: list[tuple[str, str]] = []
    for op in ops:
        g = module_of_group(op.group)
        for t in op_types(op):
            for r in refs_in(t):
                roots.append((r, g))
        roots.extend((r, g) for r in op.related)
    edges = {name: def_refs(d) for name, d in defs.items()}

    def spread(start: str, group: str) -> None:
        stack = [start]
        while stack:
            name = stack.pop()
            if group in groups[name]:
                continue
            groups[name].add(group)
            stack.extend(edges.get(name, []))

    for name, g in roots:
        spread(name, g)
    # Definitions no operation reaches: place their roots by name, then spread.
    unreached = [n for n in defs if n not in groups]
    referenced = {r for n in unreached for r in edges[n]}
    for name in unreached:
        if name in referenced or name in groups:
            continue
        spec_name = defs[name].spec_name or name  # the SDK's name may not carry the prefix
        target = next((m for prefix, m in _UNUSED_PREFIXES if spec_name.startswith(prefix)), SHARED)
        spread(name, target)
    for name in defs:  # cycles among unreached definitions
        if name not in groups:
            spread(name, SHARED)
    modules: dict[str, str] = {}
    for name, d in defs.items():
        users = groups[name]
        d.module = next(iter(users)) if len(users) == 1 else SHARED
        modules[name] = d.module
    return modules
