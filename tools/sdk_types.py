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
import pkgutil
import typing
from collections import defaultdict
from typing import Any

from tools.codegen.typemodel import AliasDef, ClassDef, Lit, Ref, TypeBuilder, UnionOf

__all__ = ["match_params", "match_types", "param_aliases", "sdk_modules", "sdk_params", "sdk_types"]

_TAGS = ("type", "object", "role")
_FEW, _ALIKE = 3, 0.6  # classes of so few keys match only under alike names
_NEAR = 0.8  # keys in common, of all keys, for two classes that differ by a newer field or two


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

    packages = ["openai.types"] + [
        m.name for m in pkgutil.walk_packages(openai.types.__path__, "openai.types.") if m.ispkg
    ]
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


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _match(
    builder: TypeBuilder, sdk: dict[str, tuple[frozenset[str], dict[str, Any]]], unions: dict[str, list[str]]
) -> dict[str, str]:
    """{generated name: SDK name} of the SDK's classes and unions found among ``builder``'s."""
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
    pairs: list[tuple[tuple[float, bool, bool, float], str, str]] = []
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
            if len(fields) <= _FEW and similarity < _ALIKE:
                continue  # a few common keys ({"name"}) say little: the names must agree too
            score = (jaccard, d.name == sdk_name, d.spec_name is not None, similarity)
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


def match_types(spec: dict[str, Any]) -> dict[str, str]:
    """{generated type name: the SDK's name} for every type the SDK publishes under another name."""
    classes, unions = sdk_types()
    sdk = {}
    for sdk_name, cls in classes.items():
        fields = _fields(cls)
        if any(_is_model(base) and _fields(base) == fields for base in cls.__mro__[1:]):
            continue  # a subclass adding only behaviour (ParsedChatCompletion): its base is the type
        sdk[sdk_name] = (fields, _tag_values(cls))
    builder = _builder(spec)
    mapping = _match(builder, sdk, unions)
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
    return dict(sorted(renamed.items()))


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
    import openai.types
    import typing_extensions as te

    packages = ["openai.types"] + [
        m.name for m in pkgutil.walk_packages(openai.types.__path__, "openai.types.") if m.ispkg
    ]
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
    import openai.types
    import typing_extensions as te

    packages = ["openai.types"] + [
        m.name for m in pkgutil.walk_packages(openai.types.__path__, "openai.types.") if m.ispkg
    ]
    ours = set(params.values())
    out: dict[str, str] = {}
    for package in packages:
        for name, value in vars(importlib.import_module(package)).items():
            second = te.is_typeddict(value) and name.endswith("Param") and value.__name__ != name
            if second and value.__name__ in ours and name not in ours:
                out.setdefault(name, value.__name__)
    return dict(sorted(out.items()))


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
