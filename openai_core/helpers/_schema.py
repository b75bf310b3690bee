"""Strict JSON schemas for attrs classes, dataclasses, pydantic models and function signatures,
and the way back.

Pure code, no I/O. A Python type is read once into a small tree of nodes; the same tree writes
the strict JSON schema (:func:`strict_schema`) and turns the model's JSON back into Python
values (:func:`load`), so the two can never disagree.

Strict mode (``"strict": true``) accepts a subset of JSON Schema: every object lists all its
properties in ``required`` and has ``additionalProperties: false``. What follows from that:

- a field with a default is still required in the schema; the default applies only when a
  value is missing from the JSON (which a strict model never does);
- ``dict[str, X]`` cannot be an open object, so it is sent as an array of
  ``{"key": str, "value": X}`` items and turned back into a dict when parsing;
- ``Optional[X]`` is ``anyOf`` with ``{"type": "null"}``; ``Literal`` and ``enum.Enum`` are
  ``enum``; nested classes live in ``$defs`` and are referred to by ``$ref`` (recursion is
  allowed; the root class is ``{"$ref": "#"}``); a union is always ``anyOf`` (never ``oneOf``),
  and a union of several classes loads into the first one the JSON fits.

Constraints strict mode accepts (``minimum``/``maximum``, ``exclusiveMinimum``/``Maximum``,
``multipleOf``, ``pattern``, ``minItems``/``maxItems``) are sent when a field carries them as
annotated-types or pydantic metadata (``Annotated[int, Ge(0)]``, ``Field(le=9)``); the others
(``minLength``, ...) are left to the class's own validation.

pydantic models are read from their ``model_fields`` (alias, description, default) and built
through their constructor, so their validators run; pydantic is never imported here: a class
is a pydantic model only if pydantic is already loaded and the class derives from its
``BaseModel``.

Types that strict mode cannot express (``Any``, ``bytes``, sets, tuples, dicts with non-``str``
keys, ``datetime``, ...) raise a :class:`TypeError` naming the class and the field.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence, Set as AbstractSet
from typing import Any, Literal, TypeVar, Union, cast

import attrs

from .._models import _generated, _resolve

__all__ = [
    "Mismatch",
    "ObjectNode",
    "Params",
    "is_structured_class",
    "load",
    "root_object",
    "schema_name",
    "signature_params",
    "strict_schema",
    "to_jsonable",
]

T = TypeVar("T")
JSONSchema = dict[str, Any]

_SCALARS: dict[type, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}


class Mismatch(ValueError):
    """JSON that does not match the schema of the type it should become."""


def is_pydantic_model(tp: Any) -> bool:
    """True for a pydantic ``BaseModel`` subclass (never imports pydantic: a class that is one
    was defined with pydantic already loaded)."""
    pydantic = sys.modules.get("pydantic")
    if pydantic is None or not isinstance(tp, type):
        return False
    base = getattr(pydantic, "BaseModel", None)
    return base is not None and issubclass(tp, base) and tp is not base


def is_structured_class(tp: Any) -> bool:
    """True for an attrs class, a dataclass or a pydantic model (the classes that become JSON
    objects)."""
    if typing.get_origin(tp) is not None or not isinstance(tp, type):
        return False
    return attrs.has(tp) or dataclasses.is_dataclass(tp) or is_pydantic_model(tp)


def _qualname(cls: Any) -> str:
    name = getattr(cls, "__qualname__", None) or getattr(cls, "__name__", None) or repr(cls)
    return str(name).rpartition("<locals>.")[2]


def _type_name(tp: Any) -> str:
    if tp is None or tp is type(None):
        return "None"
    if isinstance(tp, type) and not typing.get_args(tp):
        return _qualname(tp)
    return repr(tp).replace("typing.", "").replace("collections.abc.", "")


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _at(path: str) -> str:
    return path or "$"


# ---- nodes -----------------------------------------------------------------------------------


class _Node:
    """One type of the tree: writes its schema and loads JSON into Python values."""

    kinds: frozenset[str] = frozenset()

    def schema(self, defs: _Defs) -> JSONSchema:
        raise NotImplementedError

    def load(self, value: Any, path: str) -> Any:
        raise NotImplementedError


class _Scalar(_Node):
    def __init__(self, tp: type) -> None:
        self.tp = tp
        self.json_type = _SCALARS[tp]
        self.kinds = frozenset({self.json_type})

    def schema(self, defs: _Defs) -> JSONSchema:
        return {"type": self.json_type}

    def load(self, value: Any, path: str) -> Any:
        kind = _json_kind(value)
        if kind == self.json_type:
            return value
        if self.tp is float and kind == "integer":
            return float(value)
        if self.tp is int and kind == "number" and float(value).is_integer():
            return int(value)
        raise Mismatch(f"at {_at(path)}: expected {self.json_type}, got {kind}")


class _Null(_Node):
    kinds = frozenset({"null"})

    def schema(self, defs: _Defs) -> JSONSchema:
        return {"type": "null"}

    def load(self, value: Any, path: str) -> Any:
        if value is not None:
            raise Mismatch(f"at {_at(path)}: expected null, got {_json_kind(value)}")
        return None


class _Const(_Node):
    """``Literal[...]`` values, or the values of an ``enum.Enum``."""

    def __init__(self, values: Sequence[Any], enum_cls: type[enum.Enum] | None = None) -> None:
        self.values = list(values)
        self.enum_cls = enum_cls
        self.kinds = frozenset(_json_kind(v) for v in self.values)

    def schema(self, defs: _Defs) -> JSONSchema:
        out: JSONSchema = {}
        if len(self.kinds) == 1:
            (out["type"],) = self.kinds
        out["enum"] = list(self.values)
        return out

    def load(self, value: Any, path: str) -> Any:
        for candidate in self.values:
            if candidate == value and _json_kind(candidate) == _json_kind(value):
                return self.enum_cls(candidate) if self.enum_cls is not None else candidate
        raise Mismatch(f"at {_at(path)}: {value!r} is not one of {self.values!r}")


class _List(_Node):
    kinds = frozenset({"array"})

    def __init__(self, item: _Node) -> None:
        self.item = item

    def schema(self, defs: _Defs) -> JSONSchema:
        return {"type": "array", "items": self.item.schema(defs)}

    def load(self, value: Any, path: str) -> Any:
        if not isinstance(value, list):
            raise Mismatch(f"at {_at(path)}: expected array, got {_json_kind(value)}")
        return [self.item.load(v, f"{path}[{i}]") for i, v in enumerate(value)]


class _Dict(_Node):
    """``dict[str, X]``: an array of ``{"key", "value"}`` items in the schema (strict mode has no
    open objects); a JSON object is accepted too when loading."""

    kinds = frozenset({"array", "object"})

    def __init__(self, value: _Node) -> None:
        self.value = value

    def schema(self, defs: _Defs) -> JSONSchema:
        entry = {
            "type": "object",
            "properties": {"key": {"type": "string"}, "value": self.value.schema(defs)},
            "required": ["key", "value"],
            "additionalProperties": False,
        }
        return {"type": "array", "items": entry}

    def load(self, value: Any, path: str) -> Any:
        if isinstance(value, dict):
            return {k: self.value.load(v, f"{path}.{k}") for k, v in value.items()}
        if not isinstance(value, list):
            raise Mismatch(f"at {_at(path)}: expected array of key/value items, got {_json_kind(value)}")
        out: dict[str, Any] = {}
        for i, entry in enumerate(value):
            if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or "value" not in entry:
                raise Mismatch(f"at {path}[{i}]: expected an object with a string 'key' and a 'value'")
            out[entry["key"]] = self.value.load(entry["value"], f"{path}[{entry['key']!r}]")
        return out


class _Union(_Node):
    def __init__(self, members: list[_Node]) -> None:
        self.members = members
        self.kinds = frozenset().union(*(m.kinds for m in members))

    def schema(self, defs: _Defs) -> JSONSchema:
        return {"anyOf": [m.schema(defs) for m in self.members]}

    def load(self, value: Any, path: str) -> Any:
        kind = _json_kind(value)
        candidates = [m for m in self.members if kind in m.kinds]
        if not candidates and kind in ("integer", "number"):
            other = "number" if kind == "integer" else "integer"
            candidates = [m for m in self.members if other in m.kinds]
        if not candidates:
            raise Mismatch(f"at {_at(path)}: {kind} matches none of the allowed types")
        for candidate in candidates[:-1]:  # several classes: the first the JSON fits
            try:
                return candidate.load(value, path)
            except Mismatch:
                continue
        return candidates[-1].load(value, path)


@attrs.frozen
class Field:
    """One property of an object: its JSON name, how to pass it on, its type and default."""

    name: str
    init_name: str
    node: _Node
    has_default: bool
    description: str | None = None
    positional: bool = False


class ObjectNode(_Node):
    """A class (or a function's parameters) as a JSON object with every property required."""

    kinds = frozenset({"object"})

    def __init__(self, title: str, build: Callable[[dict[str, Any]], Any] | None) -> None:
        self.title = title
        self.build = build
        self.fields: list[Field] = []
        self.description: str | None = None

    def body(self, defs: _Defs) -> JSONSchema:
        out: JSONSchema = {"type": "object"}
        if self.description:
            out["description"] = self.description
        properties: JSONSchema = {}
        for f in self.fields:
            prop = f.node.schema(defs)
            if f.description and "$ref" not in prop:  # the API refuses keywords beside a $ref
                prop = {**prop, "description": f.description}
            properties[f.name] = prop
        out["properties"] = properties
        out["required"] = [f.name for f in self.fields]
        out["additionalProperties"] = False
        return out

    def schema(self, defs: _Defs) -> JSONSchema:
        return defs.ref(self)

    def load_fields(self, value: Any, path: str) -> dict[str, Any]:
        """The fields present in ``value``, loaded, by their ``init_name``; missing ones with a
        default are left out (so that the default applies), missing required ones raise."""
        if not isinstance(value, dict):
            raise Mismatch(f"at {_at(path)}: expected object, got {_json_kind(value)}")
        out: dict[str, Any] = {}
        for f in self.fields:
            where = f"{path}.{f.name}" if path else f.name
            if f.name in value:
                out[f.init_name] = f.node.load(value[f.name], where)
            elif not f.has_default:
                if "null" not in f.node.kinds:
                    raise Mismatch(f"at {_at(path)}: missing required property {f.name!r}")
                out[f.init_name] = None
        return out

    def load(self, value: Any, path: str) -> Any:
        fields = self.load_fields(value, path)
        assert self.build is not None
        try:
            return self.build(fields)
        except (TypeError, ValueError) as exc:  # a validator of the class refused the values
            raise Mismatch(f"at {_at(path)}: {self.title} refused the values ({exc})") from None


class _Defs:
    """Names the nested objects of one schema and collects their bodies under ``$defs``."""

    def __init__(self, root: ObjectNode) -> None:
        self.root = root
        self.names: dict[int, str] = {}
        self.defs: dict[str, JSONSchema] = {}

    def ref(self, obj: ObjectNode) -> JSONSchema:
        if obj is self.root:
            return {"$ref": "#"}
        name = self.names.get(id(obj))
        if name is None:
            base = schema_name(obj.title)
            name, n = base, 2
            while name in self.defs:
                name, n = f"{base}_{n}", n + 1
            self.names[id(obj)] = name
            self.defs[name] = {}  # reserved first: a recursive reference finds the name
            self.defs[name] = obj.body(self)
        return {"$ref": f"#/$defs/{name}"}


def schema_name(title: str) -> str:
    """A name the API accepts for a schema or a tool (``[a-zA-Z0-9_-]``, at most 64)."""
    return re.sub(r"[^a-zA-Z0-9_-]", "_", title)[:64] or "schema"


# ---- reading Python types --------------------------------------------------------------------


class _Unsupported(TypeError):
    def __init__(self, tp: Any, hint: str = "") -> None:
        super().__init__(tp, hint)
        self.tp = tp
        self.hint = hint


_HINTS: list[tuple[tuple[Any, ...], str]] = [
    ((set, frozenset, AbstractSet), "use list[...] instead"),
    ((tuple,), "use list[...] or a class instead"),
    ((bytes, bytearray, memoryview), "send text, e.g. base64 in a str"),
]


def _refuse(tp: Any, hint: str = "") -> _Unsupported:
    if not hint:
        origin = typing.get_origin(tp) or tp
        for kinds, text in _HINTS:
            if isinstance(origin, type) and issubclass(origin, kinds):
                hint = text
        if tp is Any or tp is object:
            hint = "give a concrete type"
    return _Unsupported(tp, hint)


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


def _strip_annotated(tp: Any) -> tuple[Any, str | None]:
    description = None
    while typing.get_origin(tp) is typing.Annotated:
        base, *meta = typing.get_args(tp)
        description = next((m for m in meta if isinstance(m, str)), description)
        tp = base
    return tp, description


# Constraints strict mode accepts, from annotated-types / pydantic metadata (``Ge(0)``,
# ``Field(le=9, pattern=...)``): attribute -> (the JSON types it applies to, the keyword).
_CONSTRAINTS: dict[str, tuple[frozenset[str], str]] = {
    "ge": (frozenset({"integer", "number"}), "minimum"),
    "le": (frozenset({"integer", "number"}), "maximum"),
    "gt": (frozenset({"integer", "number"}), "exclusiveMinimum"),
    "lt": (frozenset({"integer", "number"}), "exclusiveMaximum"),
    "multiple_of": (frozenset({"integer", "number"}), "multipleOf"),
    "pattern": (frozenset({"string"}), "pattern"),
    "min_length": (frozenset({"array"}), "minItems"),
    "max_length": (frozenset({"array"}), "maxItems"),
}


def _annotated_metadata(tp: Any) -> list[Any]:
    """The non-text metadata of ``Annotated[...]`` layers (constraint objects)."""
    found: list[Any] = []
    while typing.get_origin(tp) is typing.Annotated:
        base, *meta = typing.get_args(tp)
        for item in meta:
            if not isinstance(item, str):
                found.append(item)
                found.extend(getattr(item, "metadata", None) or ())  # a pydantic Field(...)
        tp = base
    return found


class _Constrained(_Node):
    """A scalar or array with the constraint keywords strict mode accepts (``minimum``,
    ``pattern``, ``maxItems``, ...); the class's own validators check them when loading."""

    def __init__(self, node: _Node, keywords: JSONSchema) -> None:
        self.node = node
        self.keywords = keywords
        self.kinds = node.kinds

    def schema(self, defs: _Defs) -> JSONSchema:
        return {**self.node.schema(defs), **self.keywords}

    def load(self, value: Any, path: str) -> Any:
        return self.node.load(value, path)


def _constrain(node: _Node, metadata: list[Any]) -> _Node:
    if not isinstance(node, (_Scalar, _List)) or not metadata:
        return node
    keywords: JSONSchema = {}
    for item in metadata:
        for attribute, (kinds, keyword) in _CONSTRAINTS.items():
            value = getattr(item, attribute, None)
            if value is not None and node.kinds <= kinds:
                keywords[keyword] = value
    return _Constrained(node, keywords) if keywords else node


class _Builder:
    def __init__(self) -> None:
        self.objects: dict[type, ObjectNode] = {}

    def node(self, tp: Any) -> _Node:
        tp, _ = _strip_annotated(tp)
        if tp is None or tp is type(None):
            return _Null()
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is None and isinstance(tp, type):
            if issubclass(tp, enum.Enum):
                return self._enum(tp)
            if tp in _SCALARS:
                return _Scalar(tp)
            if is_structured_class(tp):
                return self.object(tp)
        if hasattr(tp, "__supertype__"):  # typing.NewType
            return self.node(tp.__supertype__)
        if origin is Literal:
            return self._literal(tp, args)
        if _is_union(tp):
            return self._union(tp, args)
        if origin in (list, Sequence, typing.MutableSequence) and len(args) == 1:
            return _List(self.node(args[0]))
        if origin in (dict, Mapping, typing.MutableMapping) and len(args) == 2:
            key, _ = _strip_annotated(args[0])
            if key is not str:
                raise _refuse(tp, "JSON object keys are strings: use dict[str, ...]")
            return _Dict(self.node(args[1]))
        if tp in (list, dict) or origin in (list, dict):
            raise _refuse(tp, "give the item type, e.g. list[str]")
        raise _refuse(tp)

    def _enum(self, tp: type[enum.Enum]) -> _Node:
        values = [m.value for m in tp]
        if not values or not all(_json_kind(v) in ("string", "integer", "number", "boolean") for v in values):
            raise _refuse(tp, "enum values must be str, int, float or bool")
        return _Const(values, tp)

    def _literal(self, tp: Any, args: tuple[Any, ...]) -> _Node:
        if not all(v is None or _json_kind(v) in ("string", "integer", "boolean") for v in args):
            raise _refuse(tp, "Literal values must be str, int, bool or None")
        return _Const(list(args))

    def _union(self, tp: Any, args: tuple[Any, ...]) -> _Node:
        members: list[_Node] = []
        consts: list[Any] = []
        for arg in args:
            node = self.node(arg)
            if isinstance(node, _Union):
                members.extend(node.members)
            elif isinstance(node, _Const) and node.enum_cls is None:
                consts.extend(node.values)
            else:
                members.append(node)
        if consts:
            members.insert(0, _Const(consts))
        seen: set[str] = set()
        for member in members:
            clash = seen & member.kinds - {"object"}
            if clash:
                raise _refuse(tp, f"more than one member is a JSON {sorted(clash)[0]}, so they cannot be told apart")
            seen |= member.kinds
        nulls: list[_Node] = [m for m in members if isinstance(m, _Null)]
        return _Union([m for m in members if not isinstance(m, _Null)] + nulls)

    def object(self, cls: type) -> ObjectNode:
        found = self.objects.get(cls)
        if found is not None:
            return found
        obj = ObjectNode(cls.__name__, lambda kwargs: cls(**kwargs))
        self.objects[cls] = obj  # before the fields: a recursive field finds it
        obj.description = _class_doc(cls)
        if is_pydantic_model(cls):
            hints = {name: _pydantic_hint(f) for name, f in cls.model_fields.items()}  # type: ignore[attr-defined]
        else:
            try:
                if _generated(cls):  # its annotations name classes made on first use
                    _resolve(cls)
                hints = typing.get_type_hints(cls, include_extras=True)
            except Exception as exc:  # an unresolvable annotation, reported plainly
                raise TypeError(f"{_qualname(cls)}: cannot resolve its type annotations ({exc})") from exc
        for name, init_name, has_default, description in _class_fields(cls):
            if name not in hints:
                raise TypeError(f"{_qualname(cls)}.{name} has no type annotation")
            where = f"{_qualname(cls)}.{name}"
            json_name = init_name if is_pydantic_model(cls) else name
            obj.fields.append(self.field(where, json_name, init_name, hints[name], has_default, description))
        return obj

    def field(
        self, where: str, name: str, init_name: str, tp: Any, has_default: bool, description: str | None
    ) -> Field:
        _, annotated_doc = _strip_annotated(tp)
        try:
            node = _constrain(self.node(tp), _annotated_metadata(tp))
        except _Unsupported as exc:
            bad = _type_name(exc.tp)
            whole = _type_name(_strip_annotated(tp)[0])
            message = f"{where}: {bad} cannot be expressed in a strict JSON schema"
            if whole != bad:
                message += f" (in {whole})"
            if exc.hint:
                message += f"; {exc.hint}"
            raise TypeError(message) from None
        return Field(name, init_name, node, has_default, description or annotated_doc)


def _pydantic_hint(field_info: Any) -> Any:
    """A pydantic field's annotation, with its constraints (``Field(ge=0)``) as ``Annotated``."""
    if not field_info.metadata:
        return field_info.annotation
    args = (field_info.annotation, *field_info.metadata)
    return typing.Annotated[args]


def _class_doc(cls: type) -> str | None:
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str) or not doc.strip():
        return None
    if dataclasses.is_dataclass(cls) and doc.startswith(f"{cls.__name__}("):
        return None  # the signature dataclasses write when a class has no docstring
    return inspect.cleandoc(doc)


def _class_fields(cls: type) -> list[tuple[str, str, bool, str | None]]:
    """(name, init argument, has a default, description) of each field set by ``__init__``."""
    out: list[tuple[str, str, bool, str | None]] = []
    if is_pydantic_model(cls):
        for name, f in cls.model_fields.items():  # type: ignore[attr-defined]
            out.append((name, f.alias or name, not f.is_required(), f.description))
        return out
    if attrs.has(cls):
        for a in attrs.fields(cls):
            if not a.init:
                continue
            described = a.metadata.get("description")
            init_name = getattr(a, "alias", None) or a.name.lstrip("_")
            out.append((a.name, init_name, a.default is not attrs.NOTHING, described))
        return out
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        out.append((f.name, f.name, has_default, f.metadata.get("description")))
    return out


@functools.lru_cache(maxsize=256)
def root_object(cls: type) -> ObjectNode:
    """The node tree of an attrs class, a dataclass or a pydantic model (cached; raises
    TypeError if refused)."""
    if not is_structured_class(cls):
        raise TypeError(f"{_type_name(cls)} is not an attrs class, a dataclass or a pydantic model")
    return _Builder().object(cls)


def _schema_of(obj: ObjectNode) -> JSONSchema:
    defs = _Defs(obj)
    out = obj.body(defs)
    if defs.defs:
        out["$defs"] = defs.defs
    return out


def strict_schema(cls: type) -> JSONSchema:
    """The strict JSON schema of an attrs class, a dataclass or a pydantic model.

    Raises :class:`TypeError` naming the class and field of a type strict mode cannot express.
    """
    return _schema_of(root_object(cls))


def load(cls: type[T], data: Any) -> T:
    """Build an instance of ``cls`` from decoded JSON that follows ``strict_schema(cls)``.

    Raises :class:`Mismatch` (a ``ValueError``) saying where the JSON does not fit.
    """
    value: T = root_object(cast("type", cls)).load(data, "")
    return value


# ---- function signatures ---------------------------------------------------------------------


class Params:
    """The parameters of a function as one strict JSON object, and the way to call it."""

    def __init__(self, fn: Callable[..., Any], name: str) -> None:
        self.obj = ObjectNode(name, None)
        self.arg_class: type | None = None
        builder = _Builder()
        try:
            signature = inspect.signature(fn)
            hints = typing.get_type_hints(fn, include_extras=True)
        except Exception as exc:  # an unresolvable annotation, reported plainly
            raise TypeError(f"{name}: cannot read its signature ({exc})") from exc
        params = list(signature.parameters.values())
        if len(params) == 1 and is_structured_class(hints.get(params[0].name)):
            # One parameter typed with an argument class: the class's fields are the arguments.
            self.arg_class = hints[params[0].name]
            self.obj = builder.object(self.arg_class)
            self.positional = params[0].kind is inspect.Parameter.POSITIONAL_ONLY
            self.arg_name = params[0].name
            return
        for p in params:
            if p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
                raise TypeError(f"{name}: *{p.name} and **{p.name} cannot be described by a strict JSON schema")
            if p.name not in hints:
                raise TypeError(f"{name}.{p.name} has no type annotation")
            field = builder.field(f"{name}.{p.name}", p.name, p.name, hints[p.name], p.default is not p.empty, None)
            if p.kind is inspect.Parameter.POSITIONAL_ONLY:
                field = attrs.evolve(field, positional=True)
            self.obj.fields.append(field)

    def schema(self) -> JSONSchema:
        return _schema_of(self.obj)

    def bind(self, arguments: Any) -> tuple[list[Any], dict[str, Any]]:
        """Positional and keyword arguments for the function from its decoded JSON arguments."""
        loaded = self.obj.load_fields(arguments, "")
        if self.arg_class is not None:
            instance = self.arg_class(**loaded)
            return ([instance], {}) if self.positional else ([], {self.arg_name: instance})
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for f in self.obj.fields:
            if f.init_name not in loaded:
                continue
            if f.positional:
                args.append(loaded[f.init_name])
            else:
                kwargs[f.init_name] = loaded[f.init_name]
        return args, kwargs


def signature_params(fn: Callable[..., Any], name: str) -> Params:
    """Read ``fn``'s typed signature (raises TypeError naming ``name.param`` when refused)."""
    return Params(fn, name)


# ---- Python values to JSON -------------------------------------------------------------------


def to_jsonable(value: Any) -> Any:
    """A tool's return value as JSON data: attrs classes, dataclasses and pydantic models become objects,
    enums their values, API models their dicts; anything else unknown becomes ``str(value)``."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and attrs.has(type(value)):
        return to_jsonable(to_dict())
    if attrs.has(type(value)):
        return {a.name: to_jsonable(getattr(value, a.name)) for a in attrs.fields(type(value))}
    if is_pydantic_model(type(value)):
        return value.model_dump(mode="json", by_alias=True)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return str(value)
