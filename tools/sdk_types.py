"""Match the official SDK's published type names to the spec's schemas.

Called by ``python -m tools.sdk_names`` (needs ``openai==3.3.1``). A class the SDK exports from a
package of ``openai.types`` (the names of its ``api.md``) is matched to the generated class with
the same JSON keys and the same ``type``/``object``/``role`` constants; a union the SDK exports is
matched to the generated alias whose members are the matched classes. The result, {generated
name: SDK name}, goes to the naming table's ``types`` section; the generator reads only the
table.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import pkgutil
import re
import typing
from collections import defaultdict
from typing import Any

from tools.codegen.typemodel import AliasDef, ClassDef, Enum, ListOf, Lit, Prim, Ref, TypeBuilder, UnionOf

__all__ = [
    "alias_params",
    "literal_aliases",
    "type_lists",
    "nested_types",
    "package_names",
    "helper_types",
    "match_params",
    "match_types",
    "member_unions",
    "module_names",
    "param_aliases",
    "param_lists",
    "param_unions",
    "sdk_modules",
    "sdk_params",
    "sdk_paths",
    "sdk_types",
    "type_aliases",
]

_TAGS = ("type", "object", "role")
_FEW, _ALIKE = 3, 0.6  # classes of so few keys match only under alike names
_NEAR = 0.8  # keys in common, of all keys, for two classes that differ by a newer field or two


def _beta_last(name: str) -> tuple[bool, str]:
    return name.startswith("openai.types.beta"), name


def _packages() -> list[str]:
    """The SDK's type packages; where a name is in both, the GA API's before the beta's."""
    import openai.types

    found = [m.name for m in pkgutil.walk_packages(openai.types.__path__, "openai.types.") if m.ispkg]
    return ["openai.types", *sorted(found, key=_beta_last)]


def _strip(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _is_model(cls: Any) -> bool:
    import openai

    return isinstance(cls, type) and issubclass(cls, openai.BaseModel) and cls is not openai.BaseModel


def _fields(cls: Any) -> frozenset[str]:
    return frozenset(info.alias or name for name, info in cls.model_fields.items())


def _tag_values(cls: Any) -> dict[str, Any]:
    out = {}
    for name in _TAGS:
        info = cls.model_fields.get(name)
        if info is not None:
            tp = _strip(info.annotation)
            if typing.get_origin(tp) is typing.Literal and len(typing.get_args(tp)) == 1:
                out[name] = typing.get_args(tp)[0]
    return out


def sdk_types() -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The SDK's published classes ``{name: class}`` and unions ``{name: member class names}``."""
    import openai
    import openai.types

    packages = _packages()
    classes: dict[str, Any] = {}
    unions: dict[str, list[Any]] = {}
    for package in packages:
        if package.endswith("_params"):
            continue
        module = importlib.import_module(package)
        for name, value in vars(module).items():
            if name.startswith("_"):
                continue
            if isinstance(value, type) and issubclass(value, openai.BaseModel):
                if value.__name__ == name and value.__module__.startswith("openai.types"):
                    classes.setdefault(name, value)
                continue
            tp = _strip(value)
            if typing.get_origin(tp) is typing.Union:
                members = [_strip(m) for m in typing.get_args(tp)]
                if all(isinstance(m, type) and issubclass(m, openai.BaseModel) for m in members):
                    unions.setdefault(name, members)
    by_class = {cls: name for name, cls in classes.items()}
    named_unions = {
        name: [by_class[m] for m in members] for name, members in unions.items() if all(m in by_class for m in members)
    }
    return classes, named_unions


def _spec_tags(d: ClassDef) -> dict[str, Any]:
    out = {}
    for f in d.fields:
        if f.json_name in _TAGS and isinstance(f.type, Lit) and len(f.type.values) == 1:
            out[f.json_name] = f.type.values[0]
    return out


def _choice_fields(d: ClassDef) -> set[str]:
    """The keys among ``_TAGS`` that ``d`` gives a choice of several values (``ToolChoiceTypes``'
    ``type``), which a class holding one constant there is not."""
    return {
        f.json_name
        for f in d.fields
        if f.json_name in _TAGS and isinstance(f.type, (Enum, Lit)) and len(f.type.values) > 1
    }


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _words(name: str) -> frozenset[str]:
    return frozenset(w.lower().removesuffix("d") for w in re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name))


def _alike(a: str, b: str) -> float:
    """How close two names are, by letters or by words in any order (``DeleteFileResponse``,
    ``FileDeleted``)."""
    wa, wb = _words(a), _words(b)
    return max(_similarity(a, b), len(wa & wb) / len(wa | wb))


def _match(
    builder: TypeBuilder,
    sdk: dict[str, tuple[frozenset[str], dict[str, Any]]],
    unions: dict[str, list[str]],
    objects: dict[str, frozenset[str]] | None = None,
) -> dict[str, str]:
    """{generated name: SDK name} of the SDK's classes and unions found among ``builder``'s;
    ``objects``: the keys of each SDK class that hold classes, which a class of few keys must
    share (``TextContentBlock``'s ``text`` is an object, not a string)."""
    ours = [
        (d, frozenset(f.json_name for f in d.fields), _spec_tags(d))
        for d in builder.defs.values()
        if isinstance(d, ClassDef)
    ]
    by_field: dict[str, list[int]] = defaultdict(list)
    for i, (_, fields, _) in enumerate(ours):
        for f in fields:
            by_field[f].append(i)
    # Candidate pairs, scored: the same keys first (a newer spec may add a key or two), then the
    # same name, then components before inline classes, then the closer name.
    pairs: list[tuple[tuple[float, bool, bool, bool, float], str, str]] = []
    for sdk_name, (fields, tags) in sdk.items():
        for i in {i for f in fields for i in by_field[f]}:
            d, their_fields, their_tags = ours[i]
            common = len(fields & their_fields)
            jaccard = common / len(fields | their_fields)
            if jaccard < 1 and (common < 4 or jaccard < _NEAR):
                continue
            if any(their_tags.get(k, v) != v for k, v in tags.items()):
                continue
            similarity = _similarity(d.name, sdk_name.removesuffix("Param"))
            # the same constants on both sides, not one side's constant against a plain string
            same_tags = tags == their_tags
            # a few common keys ({"name"}) say little: the names must agree too, or the ``object``
            # constants (``video.deleted``), or every key is the same constant (``{"type": "shell"}``);
            # and a constant of theirs is not a choice of several values of ours
            named = same_tags and ("object" in tags or fields <= set(tags))
            if len(fields) <= _FEW and not named and _alike(d.name, sdk_name.removesuffix("Param")) < _ALIKE:
                continue
            if len(fields) <= _FEW and any(k in tags for k in _choice_fields(d)):
                continue
            if objects is not None and len(fields) <= _FEW and objects.get(sdk_name) != _object_keys(builder, d):
                continue
            score = (jaccard, same_tags, d.name == sdk_name, d.spec_name is not None, similarity)
            pairs.append((score, d.name, sdk_name))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for _, ours_name, sdk_name in sorted(pairs, reverse=True):
        if ours_name not in mapping and sdk_name not in used:
            mapping[ours_name] = sdk_name
            used.add(sdk_name)
    sdk_to_ours = {sdk: ours for ours, sdk in mapping.items()}
    for sdk_name, members in sorted(unions.items()):
        if sdk_name in used or not all(m in sdk_to_ours for m in members):
            continue
        wanted = {sdk_to_ours[m] for m in members}
        for d in builder.defs.values():
            if d.name in mapping or not isinstance(d, AliasDef) or not isinstance(d.type, UnionOf):
                continue
            refs = {m.name for m in d.type.members if isinstance(m, Ref)}
            if refs == wanted and len(refs) == len(d.type.members):
                mapping[d.name] = sdk_name
                used.add(sdk_name)
                break
    return mapping


def _builder(spec: dict[str, Any]) -> TypeBuilder:
    builder = TypeBuilder(spec)
    builder.build_components()
    builder.build_webhooks()
    return builder


def _type_matches(spec: dict[str, Any]) -> tuple[TypeBuilder, dict[str, str]]:
    """The spec's types and {generated type name: the SDK's name} of every match."""
    classes, unions = sdk_types()
    sdk = {}
    for sdk_name, cls in classes.items():
        fields = _fields(cls)
        if any(_is_model(base) and _fields(base) == fields for base in cls.__mro__[1:]):
            continue  # a subclass adding only behaviour (ParsedChatCompletion): its base is the type
        sdk[sdk_name] = (fields, _tag_values(cls))
    builder = _builder(spec)
    objects = {
        name: frozenset(
            info.alias or key for key, info in classes[name].model_fields.items() if _models_in(info.annotation)
        )
        for name in sdk
    }
    mapping = _match(builder, sdk, unions, objects)
    mapping |= _context_matches(builder, mapping, {n: c for n, c in classes.items() if n in sdk}, {})
    mapping |= _shape_unions(builder, mapping)
    return builder, mapping | _literal_unions(builder, mapping)


def _union_parts(builder: TypeBuilder, t: Any, seen: set[str]) -> tuple[list[ClassDef], frozenset[Any]] | None:
    """Our union ``t`` as its classes and its enum values, through aliases (``None`` and any
    string left out); ``None`` when it holds anything else."""
    if isinstance(t, Ref):
        d = builder.defs[t.name]
        if isinstance(d, ClassDef):
            return [d], frozenset()
        return None if t.name in seen else _union_parts(builder, d.type, seen | {t.name})
    if isinstance(t, (Enum, Lit)):
        return [], frozenset(t.values)
    if t in (Prim("str"), Prim("None")):
        return [], frozenset()
    if isinstance(t, UnionOf):
        parts = [_union_parts(builder, m, seen) for m in t.members]
        if any(p is None for p in parts):
            return None
        return [c for p in parts if p for c in p[0]], frozenset().union(*(p[1] for p in parts if p))
    return None


def _literal_unions(builder: TypeBuilder, mapping: dict[str, str]) -> dict[str, str]:
    """{our union alias: the SDK's union} for its unions of classes with constants or ``None``
    (``AssistantToolChoiceOption``: ``"none" | "auto" | "required" | AssistantToolChoice``):
    the same constants, and classes of the same shapes, one for one."""
    used = set(mapping.values())
    ours = []
    for d in builder.defs.values():
        parts = _union_parts(builder, d.type, {d.name}) if isinstance(d, AliasDef) and d.name not in mapping else None
        if parts is not None and parts[0]:
            ours.append((d.name, parts))
    pairs = []
    for package in _packages():
        if package.endswith("_params"):
            continue
        for name, value in vars(importlib.import_module(package)).items():
            members = _union_members(value)
            if name.startswith("_") or name in used or not members:
                continue
            models = [m for m in members if _is_model(m)]
            literals = [m for m in members if typing.get_origin(m) is typing.Literal]
            others = [m for m in members if m not in models and m not in literals and m not in (str, type(None))]
            if others or not models or len(models) == len(members):
                continue
            values = frozenset(v for m in literals for v in typing.get_args(m))
            shapes = [(_fields(m), _tag_values(m)) for m in models]
            for ours_name, (classes, their_values) in ours:
                if their_values != values or len(classes) != len(shapes):
                    continue
                if all(any(_same_shape(k, t, c) for c in classes) for k, t in shapes):
                    pairs.append(
                        (
                            (ours_name.startswith("Beta") == name.startswith("Beta"), _similarity(ours_name, name)),
                            ours_name,
                            name,
                        )
                    )
    out: dict[str, str] = {}
    for _, ours_name, name in sorted(pairs, reverse=True):
        if ours_name not in out and name not in used:
            out[ours_name] = name
            used.add(name)
    return out


def _object_keys(builder: TypeBuilder, d: ClassDef) -> frozenset[str]:
    """The keys of our class ``d`` that hold classes."""
    return frozenset(f.json_name for f in d.fields if _field_classes(builder, f.type, set()))


def _field_classes(builder: TypeBuilder, t: Any, seen: set[str]) -> list[ClassDef]:
    """Our classes a field's type holds, through lists, unions and union aliases."""
    if isinstance(t, Ref) and t.name not in seen:
        d = builder.defs[t.name]
        return [d] if isinstance(d, ClassDef) else _field_classes(builder, d.type, seen | {t.name})
    if isinstance(t, UnionOf):
        return [c for m in t.members for c in _field_classes(builder, m, seen)]
    if isinstance(t, ListOf):
        return _field_classes(builder, t.item, seen)
    return []


def _context_matches(
    builder: TypeBuilder, mapping: dict[str, str], classes: dict[str, Any], seen_pairs: dict[Any, str]
) -> dict[str, str]:
    """{our class: the SDK's name} found through the fields of the classes matched already:
    where a field of the same key holds one class on each side, or classes told apart by their
    ``type`` constants, those are the same type (``beta.threads.TextContentBlock``, the spec's
    ``MessageContentTextObject``, in a ``Message``'s ``content``), if they share half their keys.
    ``seen_pairs`` gets {SDK class: our class} of every pair, published or not."""
    published = {cls: name for name, cls in classes.items()}
    out: dict[str, str] = {}
    used = set(mapping.values())
    queue = [(classes[sdk], builder.defs[ours]) for ours, sdk in mapping.items() if sdk in classes]
    # and from a package's class under a name another class took (``beta.threads.Message``)
    for package in _packages()[1:]:
        shadowed = {
            name: value
            for name, value in vars(importlib.import_module(package)).items()
            if _is_model(value) and value.__name__ == name and name in classes and classes[name] is not value
        }
        shapes = {name: (_fields(value), _tag_values(value)) for name, value in shadowed.items()}
        queue += [(shadowed[sdk], builder.defs[ours]) for ours, sdk in _match(builder, shapes, {}).items()]
    seen: set[Any] = set()
    while queue:
        cls, d = queue.pop()
        if cls in seen or not isinstance(d, ClassDef):
            continue
        seen.add(cls)
        fields = {f.json_name: f for f in d.fields}
        for name, info in cls.model_fields.items():
            field = fields.get(info.alias or name)
            if field is None:
                continue
            theirs, mine = _models_in(info.annotation), _field_classes(builder, field.type, set())
            if len(theirs) == 1 and len(mine) == 1:
                pairs = [(theirs[0], mine[0])]
            else:
                by_tag = defaultdict(list)
                for c in mine:
                    by_tag[_spec_tags(c).get("type")].append(c)
                pairs = [
                    (m, by_tag[tag][0]) for m in theirs if (tag := _tag_values(m).get("type")) and len(by_tag[tag]) == 1
                ]
            for inner, ours in pairs:
                keys, their_keys = _fields(inner), frozenset(f.json_name for f in ours.fields)
                if len(keys & their_keys) * 2 < len(keys | their_keys):
                    continue
                seen_pairs.setdefault(inner, ours.name)
                sdk_name = published.get(inner)
                if sdk_name is not None and ours.name not in mapping and ours.name not in out and sdk_name not in used:
                    out[ours.name] = sdk_name
                    used.add(sdk_name)
                queue.append((inner, ours))
    return out


def _parsed(cls: Any) -> bool:
    """A class of the SDK's parsed results (``ParsedChoice``): the helpers have those."""
    return str(cls.__module__).rpartition(".")[2].startswith("parsed_")


def _union_members(value: Any) -> list[Any]:
    tp = _strip(value)
    return [_strip(m) for m in typing.get_args(tp)] if typing.get_origin(tp) is typing.Union else []


def _sdk_model_unions() -> dict[str, list[Any]]:
    """The SDK's published unions of result classes ``{name: member classes}``, named or not;
    not those of parsed results (``ParsedContent``: the helpers have those)."""
    out: dict[str, list[Any]] = {}
    for package in _packages():
        if package.endswith("_params"):
            continue
        for name, value in vars(importlib.import_module(package)).items():
            members = _union_members(value)
            if name.startswith("_") or not members or not all(_is_model(m) for m in members):
                continue
            if not any(_parsed(m) for m in members):
                out.setdefault(name, members)
    return out


def _shape_unions(builder: TypeBuilder, mapping: dict[str, str]) -> dict[str, str]:
    """{our union alias: the SDK's union} for the unions whose members, flattened, have the
    same shapes (``ResponseOutputItem`` for the spec's ``OutputItem``), where ``mapping`` has
    no name for either."""
    used = set(mapping.values())
    candidates = [(n, cl) for n, cl in _union_aliases(builder, 2) if n not in mapping]
    pairs = []
    for name, members in sorted(_sdk_model_unions().items()):
        if name in used:
            continue
        for score, ours in _union_scores(candidates, members, name):
            pairs.append((score, ours, name))
    out: dict[str, str] = {}
    for _, ours, name in sorted(pairs, reverse=True):
        if ours not in out and name not in used:
            out[ours] = name
            used.add(name)
    return out


def match_types(spec: dict[str, Any]) -> dict[str, str]:
    """{generated type name: the SDK's name} for every type the SDK publishes under another name."""
    builder, mapping = _type_matches(spec)
    renamed = {ours: sdk for ours, sdk in mapping.items() if ours != sdk}
    # A name can only be taken if its holder gives it up.
    taken = set(builder.defs) - set(renamed)
    while True:
        clash = {ours for ours, sdk in renamed.items() if sdk in taken}
        if not clash:
            break
        for ours in clash:
            del renamed[ours]
            taken.add(ours)
    # A spec class under a name the SDK gives a TypedDict (``FunctionToolParam``) gives it up.
    typed_dicts, _ = sdk_params()
    for name, d in builder.defs.items():
        schema = f"{name}Schema"
        if name in typed_dicts and name not in renamed and isinstance(d, ClassDef) and schema not in taken:
            renamed[name] = schema
    return dict(sorted(renamed.items()))


def type_aliases(spec: dict[str, Any], type_names: dict[str, str]) -> dict[str, str]:
    """{an SDK class name: our type it is another name of}: the SDK names one shape several
    times (``EvalCreateResponse``, ``EvalRetrieveResponse`` ... for the spec's ``Eval``), and
    only one of them can be the class's name. Among the names of the same keys and tags, each
    unused one goes to the closest-named of our types that took another."""
    classes, _ = sdk_types()
    ours = {type_names.get(n, n) for n in _builder(spec).defs}
    groups: dict[tuple[frozenset[str], tuple[tuple[str, Any], ...]], list[str]] = defaultdict(list)
    for name, cls in sorted(classes.items()):
        fields = _fields(cls)
        if not any(_is_model(base) and _fields(base) == fields for base in cls.__mro__[1:]):
            groups[(fields, tuple(sorted(_tag_values(cls).items())))].append(name)
    out: dict[str, str] = {}
    for names in groups.values():
        taken = [n for n in names if n in ours]
        for name in names:
            if taken and name not in ours:
                beta = name.startswith("Beta")
                out[name] = max(taken, key=lambda t: (t.startswith("Beta") == beta, _similarity(t, name), t))
    return dict(sorted((out | _second_names(spec, type_names, ours)).items()))


def _literal_values(value: Any) -> frozenset[Any] | None:
    tp = _strip(value)
    if typing.get_origin(tp) is typing.Union:
        members = [m for m in typing.get_args(tp) if m is not type(None)]
        tp = members[0] if len(members) == 1 else None
    if typing.get_origin(tp) is typing.Literal and len(typing.get_args(tp)) > 1:
        return frozenset(typing.get_args(tp))
    return None


def _open_literal_values(value: Any) -> frozenset[Any] | None:
    """The values of an SDK union of ``Literal``s and ``str`` (``Optional`` or not)."""
    values: set[Any] = set()
    has_str = False
    for member in _union_members(value):
        if member is str:
            has_str = True
        elif typing.get_origin(member) is typing.Literal:
            values.update(typing.get_args(member))
        elif member is not type(None):
            return None
    return frozenset(values) if has_str and values else None


def _flat_values(builder: TypeBuilder, t: Any, seen: set[str]) -> tuple[frozenset[Any], bool] | None:
    """The enum values of our type ``t`` through its aliases and unions, and whether any
    string goes too; ``None`` when it holds anything else."""
    if isinstance(t, Ref):
        d = builder.defs[t.name]
        if not isinstance(d, AliasDef) or t.name in seen:
            return None
        return _flat_values(builder, d.type, seen | {t.name})
    if isinstance(t, (Enum, Lit)):
        return frozenset(t.values), isinstance(t, Enum) and t.base == "str"
    if t == Prim("str"):
        return frozenset(), True
    if t == Prim("None"):
        return frozenset(), False
    if isinstance(t, UnionOf):
        parts = [_flat_values(builder, m, seen) for m in t.members]
        if any(part is None for part in parts):
            return None
        return frozenset().union(*(p[0] for p in parts if p)), any(p[1] for p in parts if p)
    return None


def _enum_values(t: Any) -> frozenset[Any] | None:
    if isinstance(t, (Enum, Lit)):
        return frozenset(t.values)
    if isinstance(t, UnionOf):
        found = [v for m in t.members if (v := _enum_values(m)) is not None]
        return found[0] if len(found) == 1 else None
    return None


def _second_names(spec: dict[str, Any], type_names: dict[str, str], ours: set[str]) -> dict[str, str]:
    """The SDK's names bound to a class under another name (``ChatCompletionMessageToolCall``),
    and its ``Literal`` aliases (``ChatModel``, ``ChatCompletionReasoningEffort``) matched to
    our enum alias of the same values (all of them, or nearly all for long lists)."""
    import openai
    import openai.types

    builder = _builder(spec)
    enums, open_enums = [], []
    for d in builder.defs.values():
        values = _enum_values(d.type) if isinstance(d, AliasDef) else None
        if values:
            enums.append((type_names.get(d.name, d.name), values))
        flat = _flat_values(builder, d.type, set()) if isinstance(d, AliasDef) else None
        if flat is not None and flat[1] and flat[0]:
            open_enums.append((type_names.get(d.name, d.name), flat[0]))
    packages = _packages()
    out: dict[str, str] = {}
    for package in packages:
        for name, value in vars(importlib.import_module(package)).items():
            if name.startswith("_") or name in ours or name in out:
                continue
            if isinstance(value, type) and issubclass(value, openai.BaseModel):
                if value.__name__ != name and value.__name__ in ours:
                    out[name] = value.__name__
                continue
            values, candidates = _literal_values(value), enums
            if values is None:  # an open one, ``Literal[...] | str`` (``ResponsesModel``)
                values, candidates = _open_literal_values(value), open_enums
            if values is None:
                continue
            scored = []
            for ours_name, their in candidates:
                jaccard = len(values & their) / len(values | their)
                if jaccard == 1 or (len(values) > 8 and jaccard >= _NEAR):
                    beta = ours_name.startswith("Beta") == name.startswith("Beta")
                    scored.append((jaccard, beta, _similarity(ours_name, name), ours_name))
            if scored:  # among equals, the one of the same API (beta or not), then the closer name
                out[name] = max(scored)[3]
    return out


def _typeddict_tags(cls: Any) -> dict[str, Any]:
    import typing_extensions as te

    try:
        hints = typing.get_type_hints(cls, include_extras=True)
    except (NameError, TypeError):  # an annotation the SDK only resolves under TYPE_CHECKING
        return {}
    out = {}
    for name in _TAGS:
        tp = hints.get(name)
        while typing.get_origin(tp) in (te.Required, te.NotRequired, typing.Annotated):
            tp = typing.get_args(tp)[0]
        if typing.get_origin(tp) is typing.Literal and len(typing.get_args(tp)) == 1:
            out[name] = typing.get_args(tp)[0]
    return out


def sdk_params() -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The SDK's published TypedDicts ``{name: class}`` and their unions ``{name: member names}``."""
    import typing_extensions as te

    packages = _packages()
    classes: dict[str, Any] = {}
    unions: dict[str, list[Any]] = {}
    for package in packages:
        for name, value in vars(importlib.import_module(package)).items():
            if name.startswith("_") or not name.endswith("Param"):
                continue
            if te.is_typeddict(value) and value.__name__ == name:
                classes.setdefault(name, value)
                continue
            tp = _strip(value)
            if typing.get_origin(tp) is typing.Union:
                members = [_strip(m) for m in typing.get_args(tp)]
                if all(te.is_typeddict(m) for m in members):
                    unions.setdefault(name, members)
    by_class = {cls: name for name, cls in classes.items()}
    named = {n: [by_class[m] for m in ms] for n, ms in unions.items() if all(m in by_class for m in ms)}
    return classes, named


def match_params(spec: dict[str, Any], type_names: dict[str, str]) -> dict[str, str]:
    """{type name (after ``type_names``): the SDK's name of its TypedDict}."""
    classes, unions = sdk_params()
    sdk = {
        name: (frozenset(cls.__required_keys__ | cls.__optional_keys__), _typeddict_tags(cls))
        for name, cls in classes.items()
    }
    builder = _builder(spec)
    models = {type_names.get(n, n) for n in builder.defs}
    mapping = _match(builder, sdk, unions)
    return dict(sorted((type_names.get(ours, ours), name) for ours, name in mapping.items() if name not in models))


def param_aliases(params: dict[str, str]) -> dict[str, str]:
    """{second name: TypedDict name} for the SDK's other names of the TypedDicts in ``params``
    (``ChatCompletionToolParam`` for ``ChatCompletionFunctionToolParam``)."""
    import typing_extensions as te

    packages = _packages()
    ours = set(params.values())
    out: dict[str, str] = {}
    for package in packages:
        for name, value in vars(importlib.import_module(package)).items():
            second = te.is_typeddict(value) and name.endswith("Param") and value.__name__ != name
            if second and value.__name__ in ours and name not in ours:
                out.setdefault(name, value.__name__)
    return dict(sorted(out.items()))


def _sdk_param_unions() -> tuple[dict[str, list[Any]], dict[str, Any]]:
    """The SDK's published unions of TypedDicts ``{name: members}`` (whatever the members are
    named), and its published lists of them ``{name: item}`` (``ResponseInputParam``)."""
    import typing_extensions as te

    packages = _packages()
    unions: dict[str, list[Any]] = {}
    lists: dict[str, Any] = {}
    for package in packages:
        for name, value in vars(importlib.import_module(package)).items():
            if name.startswith("_") or not name.endswith("Param"):
                continue
            tp = _strip(value)
            if typing.get_origin(tp) is list:
                lists.setdefault(name, _strip(typing.get_args(tp)[0]))
            elif typing.get_origin(tp) is typing.Union:
                members = [_strip(m) for m in typing.get_args(tp)]
                if all(te.is_typeddict(m) for m in members):
                    unions.setdefault(name, members)
    return unions, lists


def _flat_classes(builder: TypeBuilder, t: Any, seen: set[str]) -> list[ClassDef] | None:
    """The classes a union alias stands for, through nested aliases (``None`` when it holds
    anything else)."""
    members = t.members if isinstance(t, UnionOf) else (t,)
    out: list[ClassDef] = []
    for m in members:
        if not isinstance(m, Ref) or m.name in seen:
            return None
        seen.add(m.name)
        d = builder.defs[m.name]
        if isinstance(d, ClassDef):
            out.append(d)
            continue
        inner = _flat_classes(builder, d.type, seen)
        if inner is None:
            return None
        out.extend(inner)
    return out


def _same_shape(keys: frozenset[str], tags: dict[str, Any], d: ClassDef) -> bool:
    theirs = frozenset(f.json_name for f in d.fields)
    their_tags = _spec_tags(d)
    if any(their_tags.get(k, v) != v for k, v in tags.items()):
        return False
    return len(keys & theirs) / len(keys | theirs) >= _NEAR


def _union_aliases(builder: TypeBuilder, fewest: int = 3) -> list[tuple[str, list[ClassDef]]]:
    out = []
    for d in builder.defs.values():
        if isinstance(d, AliasDef) and isinstance(d.type, UnionOf):
            classes = _flat_classes(builder, d.type, set())
            if classes and len(classes) >= fewest:
                out.append((d.name, classes))
    return out


def _union_match(candidates: list[tuple[str, list[ClassDef]]], members: list[Any]) -> str | None:
    """Our union alias whose classes, flattened, have the shapes of the TypedDicts ``members``:
    at least ``_NEAR`` of each side's members find a partner (a newer spec adds an item or two)."""
    shapes = [(frozenset(m.__required_keys__ | m.__optional_keys__), _typeddict_tags(m)) for m in members]
    scored = []
    for ours, classes in candidates:
        theirs = sum(any(_same_shape(k, t, c) for c in classes) for k, t in shapes) / len(shapes)
        mine = sum(any(_same_shape(k, t, c) for k, t in shapes) for c in classes) / len(classes)
        if theirs >= _NEAR and mine >= _NEAR:
            scored.append((theirs + mine, ours))
    return max(scored)[1] if scored else None


def param_unions(spec: dict[str, Any], type_names: dict[str, str], params: dict[str, str]) -> dict[str, str]:
    """{the SDK's name of a union of TypedDicts: our TypedDict alias for it}, for the unions
    ``match_params`` cannot name member by member (the SDK's members have names of their own,
    ours nest)."""
    unions, _ = _sdk_param_unions()
    published = set(params.values())
    candidates = _union_aliases(_builder(spec))
    out: dict[str, str] = {}
    for name, members in sorted(unions.items()):
        ours = None if name in published or len(members) <= 2 else _union_match(candidates, members)
        if ours is not None:
            renamed = type_names.get(ours, ours)
            target = params.get(renamed, f"{renamed}Param")
            if target != name:
                out[name] = target
    return out


def param_lists(spec: dict[str, Any], type_names: dict[str, str], params: dict[str, str]) -> dict[str, str]:
    """{the SDK's name of a list of request TypedDicts (``ResponseInputParam``): our TypedDict,
    or union alias, of its items}."""
    import typing_extensions as te

    _, lists = _sdk_param_unions()
    candidates = _union_aliases(_builder(spec))
    by_sdk = {sdk: ours for ours, sdk in params.items()}
    out: dict[str, str] = {}
    for name, item in sorted(lists.items()):
        if typing.get_origin(item) is typing.Union:
            members = [_strip(m) for m in typing.get_args(item)]
            typed = len(members) > 2 and all(te.is_typeddict(m) for m in members)
            ours = _union_match(candidates, members) if typed else None
            if ours is not None:
                renamed = type_names.get(ours, ours)
                out[name] = params.get(renamed, f"{renamed}Param")
        elif getattr(item, "__name__", None) in by_sdk:
            out[name] = item.__name__
    return out


def sdk_modules(names: set[str]) -> dict[str, str]:
    """{name: the ``openai.types`` subpackage defining it} for the SDK's published ``names``."""
    classes, _ = sdk_types()
    params, _ = sdk_params()
    out = {}
    for name in sorted(names):
        cls = classes.get(name) or params.get(name)
        parts = cls.__module__.split(".") if cls is not None else []
        if len(parts) > 3:  # openai.types.<package>.<module>
            out[name] = parts[2]
    return out


def sdk_paths(spec: dict[str, Any], table: dict[str, Any]) -> dict[str, str]:
    """{a name we share with the SDK: the SDK module that defines it, after ``openai.types.``}
    (``ChatCompletionMessageParam``: ``chat.chat_completion_message_param``), so that the
    generated types can be imported from the SDK's module paths too. Request shapes come from
    the SDK's ``*_param`` modules (and ``shared_params``), results from the others."""
    import openai.types

    _, mapping = _type_matches(spec)
    types = {sdk for ours, sdk in mapping.items() if table["types"].get(ours, ours) == sdk}
    types |= set(table["types"].values()) | set(table["type_aliases"]) | set(table["type_lists"])
    unions = _sdk_model_unions()
    classes, _ = sdk_types()
    params = set(table["params"].values()) | set(table["param_aliases"]) | set(table["param_lists"])
    # the generator's own ``<type>Param`` names, where the SDK has the same (``ToolParam``)
    builder = _builder(spec)
    generated = {f"{table['types'].get(n, n)}Param": d for n, d in builder.defs.items()}
    generated = {p: d for p, d in generated.items() if p not in params}
    params |= set(generated)
    out: dict[str, str] = {}
    modules = sorted(
        (m.name for m in pkgutil.walk_packages(openai.types.__path__, "openai.types.") if not m.ispkg), key=_beta_last
    )
    for full in modules:
        path = full.removeprefix("openai.types.")
        request = path.endswith("_param") or path.startswith("shared_params.")
        module = importlib.import_module(full)
        leaf = path.rpartition(".")[2]
        # what __all__ lists, and an alias the module is named after (ChatCompletionMessageToolCall)
        named = [n for n in vars(module) if re.sub(r"(?<!^)(?=[A-Z])", "_", n).lower() == leaf]
        for name in [*getattr(module, "__all__", []), *named]:
            d = generated.get(name) if request else None
            if isinstance(d, ClassDef) and not _same_typeddict(getattr(module, name, None), d):
                continue  # the SDK's TypedDict of that name has another shape (beta's CodeInterpreterToolParam)
            # a result name goes where the SDK's published class or union of that name is, or a
            # module named after it, not where a class nested in another has it
            # (``input_token_count_params.Text``, ``realtime_mcp_list_tools.Tool``)
            value = getattr(module, name, None)
            same_union = name in unions and _union_members(value) == unions[name]
            same_class = name in classes and value is classes[name]
            known = name in unions or name in classes
            if not request and known and not (same_union or same_class or name in named):
                continue
            if name in (params if request else types):
                out.setdefault(name, path)
    return dict(sorted(out.items()))


def _same_typeddict(value: Any, d: ClassDef) -> bool:
    import typing_extensions as te

    if not te.is_typeddict(value):
        return False
    return _same_shape(frozenset(value.__required_keys__ | value.__optional_keys__), _typeddict_tags(value), d)


def helper_types() -> dict[str, str]:
    """{an SDK path of a parsed-result class (``chat.parsed_chat_completion.ParsedChoice``): our
    class for it in ``openai_core.helpers``}: the same name, or the one whose words are among
    the SDK's, with the same first and last (``ParsedMessage`` for ``ParsedChatCompletionMessage``)."""
    import openai.types

    import openai_core.helpers

    ours: dict[str, str] = {}
    for info in pkgutil.iter_modules(openai_core.helpers.__path__, "openai_core.helpers."):
        module = importlib.import_module(info.name)
        # a private module's classes are published by its public namesake (``_chat`` by ``chat``)
        public = info.name.replace(".helpers._", ".helpers.")
        if public != info.name and importlib.util.find_spec(public) is None:
            continue
        for name, value in vars(module).items():
            if name.startswith("Parsed") and isinstance(value, type) and value.__module__ == info.name:
                ours[name] = f"{public}.{name}"
    out: dict[str, str] = {}
    for info in pkgutil.walk_packages(openai.types.__path__, "openai.types."):
        if info.ispkg:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if not name.startswith("Parsed") or getattr(value, "__module__", None) != info.name:
                continue
            words = re.findall(r"[A-Z][a-z0-9]*", name)
            found = [
                n
                for n in ours
                if n == name
                or (
                    set(w := re.findall(r"[A-Z][a-z0-9]*", n)) <= set(words) and w[0] == words[0] and w[-1] == words[-1]
                )
            ]
            if found:
                best = name if name in found else max(found, key=len)
                out[f"{info.name.removeprefix('openai.types.')}.{name}"] = ours[best]
    return dict(sorted(out.items()))


def _models_in(tp: Any) -> list[Any]:
    """The SDK model classes an annotation holds (through lists, unions and ``Optional``)."""
    tp = _strip(tp)
    if _is_model(tp):
        return [tp]
    return [m for arg in typing.get_args(tp) for m in _models_in(arg)]


def _classes_in(builder: TypeBuilder, t: Any) -> list[str]:
    if isinstance(t, Ref):
        return [t.name] if isinstance(builder.defs[t.name], ClassDef) else []
    if isinstance(t, UnionOf):
        return [n for m in t.members for n in _classes_in(builder, m)]
    item = getattr(t, "item", None)
    return _classes_in(builder, item) if item is not None else []


def nested_types(spec: dict[str, Any], type_names: dict[str, str]) -> dict[str, str]:
    """{an SDK path of a class its package does not export (``chat.chat_completion.Choice``):
    our type for it}, found by walking the fields of the classes matched by name: the class of
    the same field, where each side has one."""
    builder, mapping = _type_matches(spec)
    classes, _ = sdk_types()
    pairs = [(sdk, ours) for ours, sdk in mapping.items() if isinstance(builder.defs[ours], ClassDef)]
    queue = [(classes[sdk], ours) for sdk, ours in pairs if sdk in classes]
    out: dict[str, str] = {}
    seen: set[Any] = set()
    while queue:
        cls, ours = queue.pop()
        if cls in seen:
            continue
        seen.add(cls)
        fields = {f.json_name: f for f in builder.defs[ours].fields}  # type: ignore[union-attr]
        for name, info in cls.model_fields.items():
            field = fields.get(info.alias or name)
            theirs = _models_in(info.annotation)
            mine = _classes_in(builder, field.type) if field is not None else []
            if len(theirs) != 1 or len(mine) != 1:
                continue
            inner, target = theirs[0], mine[0]
            path = f"{inner.__module__.removeprefix('openai.types.')}.{inner.__name__}"
            if classes.get(inner.__name__) is not inner and inner.__module__.startswith("openai.types."):
                out.setdefault(path, type_names.get(target, target))
            queue.append((inner, target))
    return dict(sorted(out.items()))


def _item_enum_values(t: Any) -> frozenset[Any] | None:
    """The values of the inline enum in ``t``, or in the items of the list it is."""
    members = t.members if isinstance(t, UnionOf) else (t,)
    return _enum_values(UnionOf(tuple(m.item if isinstance(m, ListOf) else m for m in members)))


def literal_aliases(spec: dict[str, Any], published: set[str], type_names: dict[str, str]) -> dict[str, str]:
    """{an SDK path of a ``Literal`` alias we do not have (``audio_model.AudioModel``): the
    operation parameter (``createTranscription.model``), or else the field of a class
    (``Response:status``), whose inline enum (or list of it) has its values}."""
    from tools.codegen import operations

    builder = _builder(spec)
    ours = published | set(builder.defs)
    candidates = []
    for op in sorted(operations.analyse_operations(spec, builder), key=lambda o: o.id):
        for p in op.body + op.query:
            values = _item_enum_values(p.type)
            if values:
                candidates.append((f"{op.id}.{p.py}", values))
    for d in builder.defs.values():
        for f in d.fields if isinstance(d, ClassDef) else ():
            values = _item_enum_values(f.type)
            if values and len(values) > 1:
                candidates.append((f"{type_names.get(d.name, d.name)}:{f.json_name}", values))
    out: dict[str, str] = {}
    done: set[str] = set()
    for package in _packages():
        for name, value in vars(importlib.import_module(package)).items():
            values = _literal_values(value)
            if name.startswith("_") or name in ours or name in done or values is None:
                continue
            leaf = f"{package}.{re.sub(r'(?<!^)(?=[A-Z])', '_', name).lower()}"
            try:
                importlib.import_module(leaf)
            except ImportError:
                continue
            scored = []
            for where, theirs in candidates:
                jaccard = len(values & theirs) / len(values | theirs)
                if jaccard == 1 or (len(values) > 8 and jaccard >= _NEAR):
                    scored.append((jaccard, where))
            if scored:
                done.add(name)
                # the closest values, then an operation's before a field's, then the same API's
                beta = name.startswith("Beta")
                best = max(scored, key=lambda s: (s[0], ":" not in s[1], s[1].startswith("Beta") == beta))
                out[f"{leaf.removeprefix('openai.types.')}.{name}"] = best[1]
    return dict(sorted(out.items()))


_EXTRA_MODULES = ("shared", "shared_params")  # the SDK's modules of names other packages also hold


def module_names(spec: dict[str, Any], type_names: dict[str, str], aliases: set[str]) -> dict[str, dict[str, str]]:
    """{an SDK module among ``_EXTRA_MODULES``: {a name it exports: ``param:T`` (the request
    TypedDict of our type ``T``, as ``shared_params.FunctionDefinition``) or ``type:T`` (our
    type ``T`` itself, as ``shared_params.ChatModel`` or ``shared.Reasoning``)}}. The generator
    adds those of them its module lacks; ``aliases``: our other names of types."""
    import typing_extensions as te

    ours = {type_names.get(n, n) for n in _builder(spec).defs} | aliases
    out: dict[str, dict[str, str]] = {}
    for package in _EXTRA_MODULES:
        names: dict[str, str] = {}
        for name, value in sorted(vars(importlib.import_module(f"openai.types.{package}")).items()):
            if name[:1].isupper() and name in ours:
                request = package.endswith("_params") and te.is_typeddict(value)
                names[name] = f"{'param' if request else 'type'}:{name}"
        out[package] = names
    return out


def member_unions(params: dict[str, str], taken: set[str]) -> dict[str, list[str]]:
    """{the SDK's name of a union of TypedDicts we publish (``ChatCompletionToolUnionParam``):
    the names of its members}, for the unions not already ``taken`` as a name of ours."""
    _, unions = sdk_params()
    ours = set(params.values())
    return {
        name: members
        for name, members in sorted(unions.items())
        if name not in taken and len(members) > 1 and all(m in ours for m in members)
    }


def package_names(
    spec: dict[str, Any], type_names: dict[str, str], params: dict[str, str], known: set[str]
) -> dict[str, dict[str, str]]:
    """{an SDK package (``beta.threads``): {a name it exports: our type, TypedDict, union or enum
    alias of that shape}}: for the names of a package that are another object than the one
    taken under that name (its ``Message``, not the Responses API's; ``projects``' own
    ``RoleDeleteResponse``), that another type holds here (Realtime's ``ResponseAudioDeltaEvent``),
    or that we publish elsewhere (``conversations.ConversationItem``). The generator adds those
    its package lacks; an SDK package with no names gets one too. A name the package binds to
    a class or TypedDict of another name that is one of ``known`` (``conversations.InputTextContent``,
    the SDK's ``ResponseInputText``) is that one."""
    import typing_extensions as te

    classes, _ = sdk_types()
    unions = _sdk_model_unions()
    builder, mapping = _type_matches(spec)
    context: dict[Any, str] = {}
    _context_matches(builder, mapping, {n: c for n, c in classes.items() if n in mapping.values()}, context)
    candidates = [(type_names.get(n, n), cl) for n, cl in _union_aliases(builder, 2)]
    enums = [
        (type_names.get(d.name, d.name), values)
        for d in builder.defs.values()
        if isinstance(d, AliasDef) and (values := _enum_values(d.type))
    ]
    out: dict[str, dict[str, str]] = {}
    for package in _packages()[1:]:
        if package.endswith(_EXTRA_MODULES):
            continue
        public = {n: v for n, v in vars(importlib.import_module(package)).items() if n[:1].isupper()}
        sdk = {
            name: (_fields(value), _tag_values(value))
            for name, value in public.items()
            if _is_model(value) and value.__name__ == name and not _parsed(value)
        }
        found = {sdk_name: type_names.get(ours, ours) for ours, sdk_name in _match(builder, sdk, {}).items()}
        # a class the SDK has by our name is that class, not this one (``ChatCompletionFunctionTool``),
        # unless they are of one shape (``conversations.InputTextContent``)
        names = {
            n: ours
            for n, ours in found.items()
            if n == ours or ours not in classes or (_fields(classes[ours]), _tag_values(classes[ours])) == sdk[n]
        }
        for name, value in public.items():  # another name of a class or TypedDict of ours
            other = getattr(value, "__name__", name)
            if (_is_model(value) or te.is_typeddict(value)) and other != name and other in known:
                names.setdefault(name, other)
        for name, value in public.items():  # a class found in a field of a matched one
            if name in sdk and name not in names and value in context:
                names[name] = type_names.get(context[value], context[value])
        # the package's other names of a shape it names once (``CertificateActivateResponse``,
        # also where it matched a near class of ours that another shape holds)
        for name, shape in sdk.items():
            twins = sorted(n for n, other in sdk.items() if other == shape and n in names)
            if name not in names and twins:
                names[name] = names[twins[0]]
        dicts = {
            name: (frozenset(v.__required_keys__ | v.__optional_keys__), _typeddict_tags(v))
            for name, v in public.items()
            if te.is_typeddict(v) and v.__name__ == name and name.endswith("Param")
        }
        for ours, name in _match(builder, dicts, {}).items():
            renamed = type_names.get(ours, ours)
            names[name] = params.get(renamed, f"{renamed}Param")
        # the TypedDict of a class named here, of its keys (beta's ``FileSearchToolParam``)
        for name, (keys, tags) in dicts.items():
            model = name.removesuffix("Param")
            if name not in names and model in names and sdk.get(model) == (keys, tags):
                names[name] = params.get(names[model], f"{names[model]}Param")
        for name, value in public.items():
            if name in unions:
                ours_union = _shaped_union(candidates, unions[name], name)
                if ours_union is not None:
                    names[name] = ours_union
            values = _literal_values(value)
            same = [ours for ours, theirs in enums if theirs == values]
            if values and same:
                beta = name.startswith("Beta")
                names[name] = max(same, key=lambda o: (o.startswith("Beta") == beta, _similarity(o, name)))
        if names or not public:
            out[package.removeprefix("openai.types.")] = dict(sorted(names.items()))
    return out


def _union_scores(
    candidates: list[tuple[str, list[ClassDef]]], members: list[Any], name: str
) -> list[tuple[tuple[float, bool, bool, float], str]]:
    """(score, our union alias) of those whose classes, flattened, have the shapes of the SDK's
    union ``members``: at least ``_NEAR`` of each side's find a partner; a union of two must
    match member for member, each tagged. Ties go to the same API (beta or not), then the
    closer name."""
    shapes = [(_fields(m), _tag_values(m)) for m in members]
    out = []
    for ours, classes in candidates:
        theirs = sum(any(_same_shape(k, t, c) for c in classes) for k, t in shapes) / len(shapes)
        mine = sum(any(_same_shape(k, t, c) for k, t in shapes) for c in classes) / len(classes)
        if theirs < _NEAR or mine < _NEAR:
            continue
        if len(shapes) <= 2 and (theirs + mine < 2 or not all(t for _, t in shapes)):
            continue
        beta = ours.startswith("Beta") == name.startswith("Beta")
        out.append(((theirs + mine, beta, ours == name, _similarity(ours, name)), ours))
    return out


def _shaped_union(candidates: list[tuple[str, list[ClassDef]]], members: list[Any], name: str) -> str | None:
    """Our union alias of the shapes of the SDK's union ``members``, the best scored."""
    scored = _union_scores(candidates, members, name)
    return max(scored)[1] if scored else None


def type_lists(spec: dict[str, Any], type_names: dict[str, str]) -> dict[str, str]:
    """{the SDK's name of a list of results (``ResponseInput``): our type of its items}: the
    class of that name, or the union alias of the items' shapes (see ``_shape_unions``)."""
    builder, mapping = _type_matches(spec)
    classes, _ = sdk_types()
    published = {cls: name for name, cls in classes.items()}
    ours_of = {sdk: type_names.get(ours, ours) for ours, sdk in mapping.items()}
    candidates = [(type_names.get(n, n), cl) for n, cl in _union_aliases(builder, 2)]
    out: dict[str, str] = {}
    for package in _packages():
        if package.endswith("_params"):
            continue
        for name, value in vars(importlib.import_module(package)).items():
            tp = _strip(value)
            if name.startswith("_") or name.endswith("Param") or typing.get_origin(tp) is not list or name in out:
                continue
            item = _strip(typing.get_args(tp)[0])
            members = _union_members(item)
            if _is_model(item) and item in published and published[item] in ours_of:
                out[name] = ours_of[published[item]]
            elif members and all(_is_model(m) for m in members):
                found = _shaped_union(candidates, members, name.removesuffix("List"))
                if found is not None:
                    out[name] = found
    return dict(sorted(out.items()))


def alias_params(spec: dict[str, Any], table: dict[str, Any]) -> dict[str, str]:
    """{the SDK's TypedDict of a result it names twice (``ResponseInputTextParam``, for our
    ``ResponseInputTextContent`` that ``type_aliases`` names ``ResponseInputText`` too): our
    TypedDict of that type}, where the shapes agree."""
    typed_dicts, _ = sdk_params()
    builder = _builder(spec)
    by_name = {table["types"].get(n, n): d for n, d in builder.defs.items()}
    taken = set(table["params"].values()) | set(table["param_aliases"])
    out: dict[str, str] = {}
    for alias, ours in sorted(table["type_aliases"].items()):
        name, d = f"{alias}Param", by_name.get(ours)
        if name in taken or name not in typed_dicts or not isinstance(d, ClassDef):
            continue
        if _same_typeddict(typed_dicts[name], d):
            out[name] = table["params"].get(ours, f"{ours}Param")
    return out


def _inline_unions(builder: TypeBuilder) -> set[frozenset[str]]:
    """The member sets of the unions of classes our fields hold inline, or through an alias of
    a list of them (``ChatCompletionMessageToolCalls``), not through a union alias."""
    out: set[frozenset[str]] = set()

    def visit(t: Any) -> None:
        if isinstance(t, ListOf):
            visit(t.item)
        elif isinstance(t, UnionOf):
            refs = [m.name for m in t.members if isinstance(m, Ref)]
            if len(refs) == len(t.members) and all(isinstance(builder.defs[r], ClassDef) for r in refs):
                out.add(frozenset(refs))
            for m in t.members:
                visit(m)

    for d in builder.defs.values():
        if isinstance(d, ClassDef):
            for f in d.fields:
                visit(f.type)
        elif isinstance(d.type, ListOf):
            visit(d.type)
    return out


def field_unions(
    spec: dict[str, Any], type_names: dict[str, str], params: dict[str, str]
) -> dict[str, dict[str, list[str]]]:
    """{an SDK package: {the name of a union it exports: our members, in its order}}: the SDK's
    unions of classes (``beta.threads.MessageContent``) that a field of ours holds inline, each
    of its members matched to one of ours by name, shape or field context; and its union of
    their TypedDicts (``MessageContentParam``) where the SDK has one of as many members."""
    classes, _ = sdk_types()
    builder, mapping = _type_matches(spec)
    context: dict[Any, str] = {}
    _context_matches(builder, mapping, {n: c for n, c in classes.items() if n in mapping.values()}, context)
    ours_of = {classes[sdk]: o for o, sdk in mapping.items() if sdk in classes} | context
    inline = _inline_unions(builder)
    sdk_unions, _ = _sdk_param_unions()
    out: dict[str, dict[str, list[str]]] = {}
    for package in _packages():
        if package.endswith("_params"):
            continue
        found: dict[str, list[str]] = {}
        public = vars(importlib.import_module(package))
        for name, value in public.items():
            members = _union_members(value)
            if name.startswith("_") or not members or not all(_is_model(m) for m in members):
                continue
            if any(_parsed(m) for m in members):
                continue
            mine = [ours_of.get(m) for m in members]
            if None in mine or len(set(mine)) != len(mine) or frozenset(mine) not in inline:
                continue
            defs = [builder.defs[m] for m in mine if m is not None]
            found[name] = [type_names.get(d.name, d.name) for d in defs]
            their_dicts = sdk_unions.get(f"{name}Param", [])
            shapes = [(frozenset(m.__required_keys__ | m.__optional_keys__), _typeddict_tags(m)) for m in their_dicts]
            if len(shapes) == len(defs) and all(any(_same_shape(k, t, d) for d in defs) for k, t in shapes):
                found[f"{name}Param"] = [params.get(n, f"{n}Param") for n in found[name]]
        if found:
            out[package.removeprefix("openai.types").lstrip(".")] = dict(sorted(found.items()))
    return out
