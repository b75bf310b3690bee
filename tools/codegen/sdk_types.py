"""Give the generated types the official SDK's names, from the naming table's ``types`` section.

The table maps a name the generator derives from the spec to the SDK's published name for the
same type (written by ``python -m tools.sdk_names``). Renaming happens once every definition
and operation is built, so the names of inline classes, derived from the spec's, do not move.
"""

from __future__ import annotations

from collections.abc import Mapping

from .operations import OpInfo
from .typemodel import ClassDef, ListOf, MapOf, Ref, Type, TypeBuilder, UnionOf

__all__ = ["apply_type_names"]


def _rename(t: Type, names: Mapping[str, str]) -> Type:
    if isinstance(t, Ref):
        return Ref(names.get(t.name, t.name))
    if isinstance(t, ListOf):
        return ListOf(_rename(t.item, names))
    if isinstance(t, MapOf):
        return MapOf(_rename(t.value, names))
    if isinstance(t, UnionOf):
        return UnionOf(tuple(_rename(m, names) for m in t.members))
    return t


def apply_type_names(builder: TypeBuilder, ops: list[OpInfo], names: Mapping[str, str]) -> None:
    """Rename the definitions ``names`` lists, and every reference to them."""
    unknown = sorted(set(names) - set(builder.defs))
    if unknown:
        raise ValueError(f"the naming table renames types the spec does not have: {unknown[:5]}")
    kept = set(builder.defs) - set(names)
    clashes = sorted(new for new in names.values() if new in kept)
    if clashes or len(set(names.values())) != len(names):
        raise ValueError(f"the naming table gives taken or repeated names: {clashes[:5]}")
    defs = {}
    for name, d in builder.defs.items():
        d.name = names.get(name, name)
        if isinstance(d, ClassDef):
            for f in d.fields:
                f.type = _rename(f.type, names)
        else:
            d.type = _rename(d.type, names)
        if d.parent is not None:
            d.parent = names.get(d.parent, d.parent)
        defs[d.name] = d
    builder.defs = defs
    builder.taken = (builder.taken - set(names)) | set(names.values())
    for op in ops:
        for p in op.path_params + op.query + op.headers + op.body:
            p.type = _rename(p.type, names)
        op.response = None if op.response is None else _rename(op.response, names)
        op.event = None if op.event is None else _rename(op.event, names)
        op.item = None if op.item is None else _rename(op.item, names)
        op.related = [names.get(r, r) for r in op.related]
