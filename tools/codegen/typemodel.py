"""Turn JSON schemas into a small type model: classes, aliases and type expressions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Union

from .naming import pascal, py_identifier, sanitize_class_name

__all__ = [
    "ANY",
    "NONE",
    "AliasDef",
    "ClassDef",
    "Enum",
    "Field",
    "ListOf",
    "Lit",
    "MapOf",
    "Prim",
    "Ref",
    "Type",
    "TypeBuilder",
    "UnionOf",
    "refs_in",
    "union",
]


# ---- type expressions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Prim:
    """A primitive: ``str``, ``int``, ``float``, ``bool``, ``Any``, ``None`` or ``FileInput``."""

    name: str


@dataclass(frozen=True)
class Lit:
    """A closed ``Literal[...]`` (constants and single-value enums)."""

    values: tuple[Any, ...]


@dataclass(frozen=True)
class Enum:
    """An open enum: ``Literal[...] | base``, so unknown values still type-check and parse."""

    values: tuple[Any, ...]
    base: str
    # Only the spec's listed values are valid: what a user sends is closed to them.
    listed: bool = False


@dataclass(frozen=True)
class Ref:
    """A named generated type (class or alias)."""

    name: str


@dataclass(frozen=True)
class ListOf:
    item: Type


@dataclass(frozen=True)
class MapOf:
    value: Type


@dataclass(frozen=True)
class UnionOf:
    members: tuple[Type, ...]


Type = Union[Prim, Lit, Enum, Ref, ListOf, MapOf, UnionOf]

ANY = Prim("Any")
NONE = Prim("None")
_BASES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def union(*members: Type) -> Type:
    """The normalised union of ``members``: flat, without duplicates, ``None`` last."""
    flat: list[Type] = []

    def add(t: Type) -> None:
        if isinstance(t, UnionOf):
            for m in t.members:
                add(m)
        else:
            flat.append(t)

    for m in members:
        add(m)
    if ANY in flat:
        return ANY
    nullable = NONE in flat
    # Merge literal values and their base types into one open or closed literal per base.
    literal_values: dict[str, list[Any]] = {}
    open_bases: set[str] = set()
    free_bases: set[str] = set()  # a plain primitive is a member: any value is valid
    others: list[Type] = []
    order: list[Any] = []
    for t in flat:
        if isinstance(t, (Lit, Enum)):
            base = t.base if isinstance(t, Enum) else _base_of(t.values)
            if base not in literal_values:
                literal_values[base] = []
                order.append(("lit", base))
            for v in t.values:
                if v not in literal_values[base]:
                    literal_values[base].append(v)
            if isinstance(t, Enum):
                open_bases.add(base)
                if not t.listed:
                    free_bases.add(base)
        elif isinstance(t, Prim) and t.name in ("str", "int", "float", "bool"):
            open_bases.add(t.name)
            free_bases.add(t.name)
            if t.name not in literal_values:
                literal_values[t.name] = []
                order.append(("lit", t.name))
        elif t is not NONE and t not in others:
            others.append(t)
            order.append(("other", t))
    out: list[Type] = []
    for kind, item in order:
        if kind == "lit":
            values = tuple(literal_values[item])
            if not values:
                out.append(Prim(item))
            elif item in open_bases:
                out.append(Enum(values, item, listed=item not in free_bases))
            else:
                out.append(Lit(values))
        else:
            out.append(item)
    if nullable:
        out.append(NONE)
    if not out:
        return NONE
    if len(out) == 1:
        return out[0]
    return UnionOf(tuple(out))


def _base_of(values: Iterable[Any]) -> str:
    for v in values:
        if isinstance(v, bool):
            return "bool"
        if isinstance(v, int):
            return "int"
        if isinstance(v, float):
            return "float"
        return "str"
    return "str"


def refs_in(t: Type) -> list[str]:
    """Names of the generated types that ``t`` mentions, in order."""
    out: list[str] = []

    def walk(x: Type) -> None:
        if isinstance(x, Ref):
            if x.name not in out:
                out.append(x.name)
        elif isinstance(x, ListOf):
            walk(x.item)
        elif isinstance(x, MapOf):
            walk(x.value)
        elif isinstance(x, UnionOf):
            for m in x.members:
                walk(m)

    walk(t)
    return out


# ---- definitions -----------------------------------------------------------------------------

_NO_DEFAULT = object()


@dataclass
class Field:
    json_name: str
    py_name: str
    type: Type
    required: bool
    default: Any = _NO_DEFAULT

    @property
    def has_const_default(self) -> bool:
        return self.default is not _NO_DEFAULT


@dataclass
class ClassDef:
    name: str
    fields: list[Field] = field(default_factory=list)
    spec_name: str | None = None  # component name, for component classes
    parent: str | None = None  # owning class or operation, for inline classes
    prop: str | None = None  # property of ``parent`` this class describes
    role: str = "object"  # what it is to that property: object, item, value or variant
    module: str = ""

    @property
    def is_class(self) -> bool:
        return True


@dataclass
class AliasDef:
    name: str
    type: Type
    spec_name: str | None = None
    parent: str | None = None  # the operation that answers it, for operation-level aliases
    module: str = ""

    @property
    def is_class(self) -> bool:
        return False


Def = Union[ClassDef, AliasDef]


# ---- schema helpers --------------------------------------------------------------------------

_CONSTRAINT_KEYS = frozenset({"required", "not", "description", "title"})


def _is_constraint_only(schema: Any) -> bool:
    """A member of ``anyOf``/``oneOf`` that only says which keys are required."""
    return isinstance(schema, dict) and bool(schema) and set(schema) <= _CONSTRAINT_KEYS


def _real_members(schema: dict[str, Any]) -> list[Any] | None:
    """The type-bearing members of a ``oneOf``/``anyOf`` schema, or None if it is not a union."""
    for key in ("oneOf", "anyOf"):
        members = schema.get(key)
        if isinstance(members, list):
            real = [m for m in members if not _is_constraint_only(m)]
            if real:
                return real
    return None


def _types_of(schema: dict[str, Any]) -> list[str]:
    t = schema.get("type")
    if t is None:
        return []
    return list(t) if isinstance(t, list) else [t]


# ---- the builder -----------------------------------------------------------------------------


class TypeBuilder:
    """Converts the spec's schemas into :class:`ClassDef` and :class:`AliasDef` definitions."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.components: dict[str, Any] = spec["components"]["schemas"]
        self.comp_py: dict[str, str] = {}
        self.taken: set[str] = set()
        for spec_name in self.components:
            py = sanitize_class_name(spec_name)
            while py in self.taken:
                py += "_"
            self.comp_py[spec_name] = py
            self.taken.add(py)
        self.defs: dict[str, Def] = {}
        self.params: dict[str, str] = {}  # type name -> its TypedDict's name (emit_params)
        self.param_aliases: dict[str, str] = {}  # the SDK's second name of a TypedDict -> type name
        self.param_lists: dict[str, str] = {}  # the SDK's name of a list of TypedDicts -> item type name
        # Components spelled ``anyOf: [{object}, {type: null}]``: a class whose references are
        # nullable.
        self.nullable_objects: dict[str, Any] = {}
        for spec_name, schema in self.components.items():
            members = schema.get("anyOf") or schema.get("oneOf")
            if isinstance(members, list) and len(members) == 2 and {"type": "null"} in members:
                obj = next(m for m in members if m != {"type": "null"})
                if self.is_object(obj):
                    self.nullable_objects[self.comp_py[spec_name]] = obj
        self._inline_memo: dict[int, Type] = {}
        self._fields_memo: dict[tuple[int, str], tuple[list[tuple[str, Any, str, str]], set[str]]] = {}

    # -- naming --

    def reserve(self, wanted: str) -> str:
        """A class/alias name not used yet, based on ``wanted``."""
        name = wanted
        n = 2
        while name in self.taken:
            name = f"{wanted}{n}"
            n += 1
        self.taken.add(name)
        return name

    def deref(self, schema: Any) -> Any:
        while isinstance(schema, dict) and "$ref" in schema:
            schema = self.components[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def ref_name(self, ref: str) -> str:
        return self.comp_py[ref.rsplit("/", 1)[-1]]

    # -- classification --

    def is_object(self, schema: Any) -> bool:
        """Whether ``schema`` (not a ``$ref``) becomes a class."""
        if not isinstance(schema, dict) or "$ref" in schema:
            return False
        if "allOf" in schema:
            return all(self.is_object(self.deref(p)) for p in schema["allOf"])
        if _real_members(schema) is not None:
            return False
        if "enum" in schema or "const" in schema:
            return False
        types = _types_of(schema)
        if types and "object" not in types:
            return False
        return bool(schema.get("properties"))

    # -- components --

    def build_components(self) -> None:
        for spec_name in self.components:
            self.component(spec_name)

    def build_webhooks(self) -> None:
        """``WebhookEvent``: the union of every webhook event payload."""
        members: list[Type] = []
        for hook in (self.spec.get("webhooks") or {}).values():
            for op in hook.values():
                content = (op.get("requestBody") or {}).get("content") or {}
                schema = (content.get("application/json") or {}).get("schema")
                if isinstance(schema, dict) and "$ref" in schema:
                    members.append(Ref(self.ref_name(schema["$ref"])))
        if members:
            name = self.reserve("WebhookEvent")
            self.defs[name] = AliasDef(name=name, type=union(*members))

    def component(self, spec_name: str) -> None:
        name = self.comp_py[spec_name]
        if name in self.defs:
            return
        schema = self.components[spec_name]
        if name in self.nullable_objects:
            schema = self.nullable_objects[name]
        if self.is_object(schema):
            cls = ClassDef(name=name, spec_name=spec_name)
            self.defs[name] = cls
            cls.fields = self.object_fields(schema, name, spec_name)
        else:
            alias = AliasDef(name=name, type=ANY, spec_name=spec_name)
            self.defs[name] = alias
            alias.type = self.convert(schema, name, spec_name, component=True)

    # -- conversion --

    def convert(self, schema: Any, ctx: str, root: str, *, component: bool = False) -> Type:
        """The type of ``schema``; inline objects become classes named after ``ctx``."""
        if schema is True or schema == {}:
            return ANY
        if not isinstance(schema, dict):
            return ANY
        if "$ref" in schema:
            name = self.ref_name(schema["$ref"])
            return union(Ref(name), NONE) if name in self.nullable_objects else Ref(name)
        if "$recursiveRef" in schema:
            return Ref(self.comp_py[root])
        types = _types_of(schema)
        nullable = "null" in types
        if "const" in schema:
            return union(Lit((schema["const"],)), NONE) if nullable else Lit((schema["const"],))
        if "enum" in schema:
            values = [v for v in schema["enum"] if v is not None]
            nullable = nullable or None in schema["enum"]
            base = next((_BASES[t] for t in types if t in _BASES), _base_of(values))
            if not values:
                return NONE
            t: Type = Lit(tuple(values)) if len(values) == 1 else Enum(tuple(values), base, listed=True)
            return union(t, NONE) if nullable else t
        if "allOf" in schema:
            return self._convert_all_of(schema, ctx, root, component=component, nullable=nullable)
        members = _real_members(schema)
        if members is not None:
            return self._convert_union(members, ctx, root, component=component)
        non_null = [t for t in types if t != "null"]
        if types and not non_null:
            return NONE
        if len(non_null) > 1:
            parts = [self.convert({**schema, "type": t}, ctx, root) for t in non_null]
            return union(*parts, *([NONE] if nullable else []))
        kind = non_null[0] if non_null else None
        result: Type
        if kind == "string":
            result = Prim("FileInput") if schema.get("format") == "binary" else Prim("str")
        elif kind in ("integer", "number", "boolean"):
            result = Prim(_BASES[kind])
        elif kind == "array" or (kind is None and "items" in schema):
            result = ListOf(self.convert(schema.get("items", {}), ctx, root))
        elif kind == "object" or (kind is None and "properties" in schema):
            if schema.get("properties"):
                result = self.inline_class(schema, ctx, root, component=component)
            else:
                extra = schema.get("additionalProperties")
                value = self.convert(extra, ctx, root) if isinstance(extra, dict) and extra else ANY
                result = MapOf(value)
        elif kind == "null":
            return NONE
        else:
            result = ANY
        return union(result, NONE) if nullable else result

    def _convert_all_of(self, schema: dict[str, Any], ctx: str, root: str, *, component: bool, nullable: bool) -> Type:
        parts = schema["allOf"]
        for p in parts:
            target = self.deref(p)
            if isinstance(target, dict) and _real_members(target) is not None and "allOf" not in target:
                # A union refined by extra keys: the union is what matters for typing.
                t = self.convert(p, ctx, root)
                return union(t, NONE) if nullable else t
        if len(parts) == 1 and not schema.get("properties") and not component:
            t = self.convert(parts[0], ctx, root)
            return union(t, NONE) if nullable else t
        if not all(self.is_object(self.deref(p)) for p in parts):
            merged = [self.convert(p, ctx, root) for p in parts]
            return union(merged[0], NONE) if nullable else merged[0]
        cls = self.inline_class(schema, ctx, root, component=component)
        return union(cls, NONE) if nullable else cls

    def _convert_union(self, members: list[Any], ctx: str, root: str, *, component: bool) -> Type:
        inline_objects = [m for m in members if self.is_object(m)]
        names: dict[int, str] = {}
        if len(inline_objects) == 1 and not component:
            names[id(inline_objects[0])] = ctx
        else:
            used: set[str] = set()
            for i, m in enumerate(inline_objects, 1):
                suffix = self._variant_suffix(m) or ("Object" if len(inline_objects) == 1 else f"Variant{i}")
                while suffix in used:
                    suffix += str(i)
                used.add(suffix)
                names[id(m)] = ctx + suffix
        parts: list[Type] = []
        for m in members:
            if id(m) in names:
                parts.append(self.inline_class(m, names[id(m)], root))
            else:
                parts.append(self.convert(m, ctx, root))
        return union(*parts)

    def _variant_suffix(self, schema: dict[str, Any]) -> str | None:
        props = schema.get("properties") or {}
        for key in ("type", "event", "role", "object"):
            p = props.get(key)
            if isinstance(p, dict):
                values = p.get("enum") or ([p["const"]] if "const" in p else [])
                if len(values) == 1 and isinstance(values[0], str):
                    return pascal(values[0])
        title = schema.get("title")
        if isinstance(title, str) and title.strip():
            return pascal(title)
        return None

    def inline_class(self, schema: dict[str, Any], ctx: str, root: str, *, component: bool = False) -> Type:
        memo = self._inline_memo.get(id(schema))
        if memo is not None:
            return memo
        name = ctx if component and ctx not in self.defs else self.reserve(ctx)
        cls = ClassDef(name=name)
        self.defs[name] = cls
        ref = Ref(name)
        self._inline_memo[id(schema)] = ref
        cls.fields = self.object_fields(schema, name, root)
        return ref

    # -- object fields --

    def _collect(
        self, schema: dict[str, Any], owner: str, root: str
    ) -> tuple[list[tuple[str, Any, str, str]], set[str]]:
        """(key, schema, owner class, root component) of every property, plus the required keys."""
        memo = self._fields_memo.get((id(schema), owner))
        if memo is not None:
            return memo
        props: dict[str, tuple[str, Any, str, str]] = {}
        required: set[str] = set()
        for part in schema.get("allOf", []):
            if isinstance(part, dict) and "$ref" in part:
                spec_name = part["$ref"].rsplit("/", 1)[-1]
                sub_props, sub_req = self._collect(self.components[spec_name], self.comp_py[spec_name], spec_name)
            else:
                sub_props, sub_req = self._collect(part, owner, root)
            for item in sub_props:
                props[item[0]] = item
            required |= sub_req
        for key, value in (schema.get("properties") or {}).items():
            props[key] = (key, value, owner, root)
        required |= set(schema.get("required") or [])
        result = (list(props.values()), required)
        self._fields_memo[(id(schema), owner)] = result
        return result

    def _adopt(self, t: Type, owner: str, key: str, role: str) -> None:
        """Record which property of which class an inline class describes (for its docstring)."""
        if isinstance(t, Ref):
            d = self.defs.get(t.name)
            if isinstance(d, ClassDef) and d.spec_name is None and d.parent is None and d.name != owner:
                d.parent, d.prop, d.role = owner, key, role
        elif isinstance(t, ListOf):
            self._adopt(t.item, owner, key, "item")
        elif isinstance(t, MapOf):
            self._adopt(t.value, owner, key, "value")
        elif isinstance(t, UnionOf):
            shapes = [m for m in t.members if m != NONE]
            for m in shapes:
                self._adopt(m, owner, key, "variant" if len(shapes) > 1 else role)

    def object_fields(self, schema: dict[str, Any], owner: str, root: str) -> list[Field]:
        items, required = self._collect(schema, owner, root)
        fields: list[Field] = []
        used: set[str] = set()
        for key, value, prop_owner, prop_root in items:
            py = py_identifier(key, used)
            used.add(py)
            t = self.convert(value, prop_owner + pascal(key), prop_root)
            self._adopt(t, prop_owner, key, "object")
            f = Field(json_name=key, py_name=py, type=t, required=key in required)
            single = _single_literal(t)
            if single is not None:
                f.default = single
            fields.append(f)
        return fields


def _single_literal(t: Type) -> Any:
    """The value of a one-value ``Literal`` type (optionally nullable), else None."""
    if isinstance(t, UnionOf):
        rest = [m for m in t.members if m != NONE]
        if len(rest) != 1:
            return None
        t = rest[0]
    if isinstance(t, Lit) and len(t.values) == 1 and isinstance(t.values[0], str):
        return t.values[0]
    return None
