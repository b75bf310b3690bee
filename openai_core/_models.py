"""The base class of every API type and the one cattrs converter that parses them.

The converter is forward-compatible by construction:

- keys the spec does not know are kept on the object (readable as attributes, listed by
  :meth:`Model.model_extra`) and are written back by :meth:`Model.to_dict`;
- enum fields are typed ``Literal[...] | str``, so an unknown value arrives as a plain string;
- a tagged union whose tag is unknown becomes an :class:`UnknownObject` holding the raw data;
- a response that breaks its schema (a missing required key, a wrong type) is still parsed,
  field by field, and never raises.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import types
import typing
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, Union

from . import _record
from ._lazy import ModuleNames
from ._types import NOT_GIVEN

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:
    from typing_extensions import dataclass_transform

if TYPE_CHECKING:
    import cattrs
    from typing_extensions import Self

    from ._response import ResponseInfo

__all__ = ["BaseModel", "Model", "OutputText", "UnknownObject", "converter", "parse", "structure_hook", "to_json_value"]

T = TypeVar("T")
_PRIMITIVES = (str, int, float, bool, type(None))


class Model:
    """Base of the generated API types: records (slotted, keyword-only; see ``_record``).

    Unknown response keys are kept: ``obj.new_field`` reads them, ``obj.model_extra`` lists
    them and ``obj.to_dict()`` writes them back. ``obj._request_id`` and ``obj._response``
    tell where a top-level result came from.
    """

    # __source__: the mapping a parsed object came from (its unknown keys are read from it).
    __slots__ = ("__response__", "__source__")
    # JSON keys that are not valid Python names, as {attribute name: JSON key}.
    __json_names__: ClassVar[Mapping[str, str]] = {}

    if not TYPE_CHECKING:  # unknown keys read at runtime; checkers see only declared fields

        def __getattr__(self, name: str) -> Any:
            if name.startswith("__"):
                raise AttributeError(name)
            try:
                return self.model_extra[name]
            except KeyError:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None

    # The generated classes leave ``__repr__`` and ``__eq__`` to these two (``repr=False,
    # eq=False``): attrs would compile both for every class, a third of importing them.
    def __repr__(self) -> str:
        busy: set[int] | None = getattr(_repring, "ids", None)
        if busy is None:
            busy = _repring.ids = set()
        key = id(self)
        if key in busy:
            return "..."
        busy.add(key)
        try:
            shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shown(type(self)))
        finally:
            busy.discard(key)
        return f"{type(self).__qualname__.rsplit('>.', 1)[-1]}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _compared(type(self))
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value: unhashable

    @property
    def model_extra(self) -> dict[str, Any]:
        """Keys of the response that this class does not declare, with their raw values."""
        try:
            source: Mapping[str, Any] = object.__getattribute__(self, "__source__")
        except AttributeError:
            return {}
        known = _known(type(self))
        return {k: v for k, v in source.items() if k not in known}

    @property
    def model_fields_set(self) -> set[str]:
        """The fields the API sent, an explicit ``null`` included (so ``None`` can be told from
        missing), and its unknown keys; for an object built in code, the fields not ``None``."""
        plan = _plan(type(self))
        try:
            source = object.__getattribute__(self, "__source__")
        except AttributeError:
            return {attr for attr, _, _, _ in plan if getattr(self, attr) not in (None, NOT_GIVEN)}
        return {attr for attr, key, _, _ in plan if key in source} | self.model_extra.keys()

    @property
    def _response(self) -> ResponseInfo | None:
        """The :class:`~openai_core.ResponseInfo` of the HTTP response, for a top-level result."""
        try:
            info: ResponseInfo = object.__getattribute__(self, "__response__")
        except AttributeError:
            return None
        return info

    @property
    def _request_id(self) -> str | None:
        info = self._response
        return None if info is None else info.request_id

    @classmethod
    def construct(cls, **values: Any) -> Self:
        """An instance from field values given by their JSON names (nested dicts become their
        classes, unknown keys are kept), parsed as leniently as a response."""
        return parse(values, cls)

    model_construct = construct

    @classmethod
    def model_validate(cls, obj: Any) -> Self:
        """An instance from a JSON-like dict (as :meth:`construct`, from one mapping)."""
        if not isinstance(obj, Mapping):
            raise TypeError(f"{cls.__name__}.model_validate() needs a mapping, not {type(obj).__name__}")
        return parse(obj, cls)

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> Self:
        """An instance from a JSON document."""
        return cls.model_validate(json.loads(data))

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> dict[str, Any]:
        """The JSON-ready dict of this object, unknown keys included; by default with the API's
        key names and without the fields the API left unset."""
        return _dump(self, _Dump.of(mode, use_api_names, exclude_unset, exclude_defaults, exclude_none))

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """This object as a JSON string (see :meth:`to_dict`)."""
        options = _Dump.of("json", use_api_names, exclude_unset, exclude_defaults, exclude_none)
        return json.dumps(_dump(self, options), indent=indent, ensure_ascii=False)

    def model_dump(
        self,
        *,
        mode: Literal["json", "python"] | str = "python",
        include: Collection[str] | None = None,
        exclude: Collection[str] | None = None,
        by_alias: bool | None = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        round_trip: bool = False,
        warnings: bool | str = True,
    ) -> dict[str, Any]:
        """The dict of this object, unknown keys included; ``include``/``exclude`` pick
        top-level keys; ``by_alias`` uses the API's key names where they differ."""
        options = _Dump.of(mode, bool(by_alias), exclude_unset, exclude_defaults, exclude_none)
        out = _dump(self, options)
        if include is not None:
            out = {k: v for k, v in out.items() if k in include}
        if exclude is not None:
            out = {k: v for k, v in out.items() if k not in exclude}
        return out

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        include: Collection[str] | None = None,
        exclude: Collection[str] | None = None,
        by_alias: bool | None = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        round_trip: bool = False,
        warnings: bool | str = True,
    ) -> str:
        """This object as a JSON string (see :meth:`model_dump`)."""
        data = self.model_dump(
            mode="json",
            include=include,
            exclude=exclude,
            by_alias=by_alias,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
        )
        return json.dumps(data, indent=indent, ensure_ascii=False, separators=None if indent else (",", ":"))


class OutputText:
    """``output_text`` of a Responses API response, computed from its output."""

    __slots__ = ()

    @property
    def output_text(self) -> str:
        """The text of every ``output_text`` part of the message outputs, joined (``""`` if none)."""
        return output_text(self)


def _field(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


def output_text(response: Any) -> str:
    """The text of every ``output_text`` part of a response's messages, joined (object or dict)."""
    texts = []
    for item in _field(response, "output") or ():
        if _field(item, "type") != "message":
            continue
        for part in _field(item, "content") or ():
            if _field(part, "type") == "output_text":
                text = _field(part, "text")
                if isinstance(text, str):
                    texts.append(text)
    return "".join(texts)


@_record.define(kw_only=True)
class UnknownObject(Model):
    """An object whose tag (usually ``type``) is not one the spec knows.

    Its keys are all kept: ``obj.type`` and any other key read as attributes.
    """

    def __repr__(self) -> str:
        return f"UnknownObject({self.model_extra!r})"


@dataclass_transform(kw_only_default=True)
class BaseModel(Model):
    """The class to subclass for result types of your own (``cast_to=``), as the official SDK's
    ``BaseModel``: annotated fields become keyword-only attributes, and answers are parsed into
    it as the API's own types are (unknown keys kept; ``to_dict()``, ``model_dump()``...)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        import attrs  # a class of the user's: its fields may be attrs' own

        attrs.define(cls, slots=False, kw_only=True, repr=False, eq=False)


_repring = threading.local()  # ids: the objects whose repr this thread is building
_SHOWN: dict[type, tuple[str, ...]] = {}
_COMPARED: dict[type, tuple[str, ...]] = {}


def _shown(cls: type[Model]) -> tuple[str, ...]:
    names = _SHOWN.get(cls)
    if names is None:
        names = _SHOWN[cls] = tuple(a.name for a in _fields(cls) if a.repr)
    return names


def _compared(cls: type[Model]) -> tuple[str, ...]:
    names = _COMPARED.get(cls)
    if names is None:
        names = _COMPARED[cls] = tuple(a.name for a in _fields(cls) if a.eq)
    return names


def _is_model_class(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Model) and _record.has(tp)


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


_ANNOTATIONS: dict[str, types.CodeType] = {}  # compiled annotations, by their text
_DEFERRED: Any = object()  # a field type that names a generated class not made yet


def _generated(cls: type) -> bool:
    return cls.__module__.startswith("openai_core.types.")


def _field_type(cls: type, a: _record.Field, *, make: bool) -> Any:
    """The type of field ``a`` of the generated class ``cls``, evaluated in its module (each
    annotation text compiled once). With ``make``, the generated classes it names are made;
    without, it is ``_DEFERRED`` when it names one not made yet."""
    text: Any = a.type  # the annotation's text, until resolved
    if not isinstance(text, str):
        return text
    code = _ANNOTATIONS.get(text)
    if code is None:
        code = _ANNOTATIONS[text] = compile(text, "<annotation>", "eval")
    module = sys.modules[cls.__module__]
    try:
        value = eval(code, vars(module), ModuleNames(module) if make else None)
    except NameError:
        if make:
            raise
        return _DEFERRED
    object.__setattr__(a, "type", value)
    return value


def _resolve(cls: type) -> None:
    """Evaluate the annotations of ``cls``; the generated types a class names are made then.

    A generated class declares all its fields in its own module: each annotation is evaluated
    there (as ``typing.get_type_hints`` would, without its per-annotation ``ForwardRef``
    compiling and checks). Other records go through ``typing.get_type_hints``, attrs classes
    through attrs."""
    if getattr(cls, "__attrs_types_resolved__", None) is cls:
        return
    if not _generated(cls):
        if "__record_fields__" not in cls.__dict__:
            import attrs

            attrs.resolve_types(cls, localns=ModuleNames(sys.modules[cls.__module__]))
            return
        hints = typing.get_type_hints(cls, localns=ModuleNames(sys.modules[cls.__module__]))
        for a in _fields(cls):
            a.type = hints.get(a.name, a.type)
        cls.__attrs_types_resolved__ = cls  # type: ignore[attr-defined]
        return
    for a in _fields(cls):
        _field_type(cls, a, make=True)
    cls.__attrs_types_resolved__ = cls  # type: ignore[attr-defined]  # as attrs.resolve_types marks it


def _deferred_field(cls: type, a: _record.Field) -> Callable[[Any, Any], Any]:
    """The hook of a field whose type names generated classes not made yet: they are made when
    the field first comes with a value, not for every field a class could have. Then ``cls`` is
    compiled again on its next parse, calling the field's own hook directly."""
    made: list[tuple[Callable[[Any, Any], Any], Any]] = []

    def structure(value: Any, _: Any) -> Any:
        if value is None:  # what any hook makes of a null, without making the classes
            return None
        if not made:
            tp = _field_type(cls, a, make=True)
            made.append((structure_hook(tp), tp))
            getattr(structure_hook(cls), "compiled", []).clear()
        hook, tp = made[0]
        return hook(value, tp)

    return structure


def _fields(cls: type[Model]) -> tuple[_record.Field, ...]:
    return _record.fields(cls)


def _json_names(cls: type[Model]) -> dict[str, str]:
    """Map attribute name -> JSON key for every field of ``cls``."""
    renamed = cls.__json_names__
    return {a.name: renamed.get(a.name, a.name) for a in _fields(cls)}


# ---- structuring ---------------------------------------------------------------------------


_SIMPLE_DEFAULTS = (str, int, float, bool, type(None))
_SCALARS = frozenset(_SIMPLE_DEFAULTS)  # the types of JSON's scalars, as decoded


def _fillable(cls: type[Model]) -> bool:
    """Whether an instance can be built slot by slot, as attrs' ``__init__`` would: no
    validator, converter, ``init=False`` field, self-taking default, custom ``__setattr__``
    or init hook."""
    if cls.__setattr__ is not object.__setattr__:
        return False
    if hasattr(cls, "__attrs_pre_init__") or hasattr(cls, "__attrs_post_init__"):
        return False
    return all(
        a.init and a.converter is None and a.validator is None and not getattr(a.default, "takes_self", False)
        for a in _fields(cls)
    )


def _compile_structure(cls: type[Model], names: Mapping[str, str]) -> Callable[[Mapping[str, Any]], Model]:
    """A function that builds ``cls`` from a JSON object, its source kept.

    Fields whose hook passes values through (primitives, literals, unions of those) are read
    straight from the dict, with no call per field; ``Model | None`` fields call the model's
    hook for an object; the others call their hook. The instance is filled slot by slot when
    attrs' ``__init__`` would do nothing more (else built by one call to it). A missing
    required key raises ``KeyError``, which sends the caller to the lenient path.
    """
    env: dict[str, Any] = {"cls": cls, "new": object.__new__, "set": object.__setattr__}
    direct = _fillable(cls)
    lines: list[str] = []
    args: list[str] = []
    optional: list[str] = []
    for i, a in enumerate(_fields(cls)):
        key = names[a.name]
        got = f"o[{key!r}]"
        tp = _field_type(cls, a, make=False)
        hook = _deferred_field(cls, a) if tp is _DEFERRED else structure_hook(tp)
        model = getattr(hook, "model", None)
        if model is not None:
            inner = structure_hook(model)
            env[f"m{i}"], env[f"t{i}"] = inner, model
            value = f"({_call(env, i, inner, 'm', 'v')} if isinstance(v := {got}, dict) else v)"
        elif hook is not _passthrough:
            env[f"h{i}"], env[f"t{i}"] = hook, tp
            value = _call(env, i, hook, "h", got)
        else:
            value = got
        if a.default is _record.NOTHING:
            args.append(f"{a.alias}={value}")
            lines.append(f"    obj.{a.name} = {value}\n")
        elif isinstance(a.default, _SIMPLE_DEFAULTS):
            env[f"d{i}"] = a.default
            args.append(f"{a.alias}={value} if {key!r} in o else d{i}")
            lines.append(f"    obj.{a.name} = {value} if {key!r} in o else d{i}\n")
        else:
            optional.append(f"    if {key!r} in o:\n        extra[{a.alias!r}] = {value}\n")
            if isinstance(a.default, _record.Factory):
                env[f"f{i}"] = a.default.factory
                lines.append(f"    obj.{a.name} = {value} if {key!r} in o else f{i}()\n")
            else:
                env[f"d{i}"] = a.default
                lines.append(f"    obj.{a.name} = {value} if {key!r} in o else d{i}\n")
    if direct:
        body = "    obj = new(cls)\n" + "".join(lines) + "    obj.__source__ = o\n"
    else:
        body = "".join(optional)
        if body:
            args.append("**extra")
            body = "    extra = {}\n" + body
        body += f"    obj = cls({', '.join(args)})\n    set(obj, '__source__', o)\n"
    source = f"def structure(o):\n{body}    return obj\n"
    exec(compile(source, f"<structure {cls.__module__}.{cls.__qualname__}>", "exec"), env)
    return env["structure"]  # type: ignore[no-any-return]


def _call(env: dict[str, Any], i: int, hook: Any, name: str, arg: str) -> str:
    """The call of field ``i``'s hook (``name``, in ``env``) on ``arg``; for a model's own hook,
    its compiled function once made, called directly (a failure there sends the caller to its
    field-by-field path, which calls the hook)."""
    compiled = getattr(hook, "compiled", None)
    if compiled is None:
        return f"{name}{i}({arg}, t{i})"
    env[f"c{i}"] = compiled
    return f"(c{i}[0]({arg}) if c{i} else {name}{i}({arg}, t{i}))"


def _model_structure_hook(cls: type[Model]) -> Callable[[Any, Any], Model]:
    if not _generated(cls):  # a generated class's field types are evaluated as they are needed
        _resolve(cls)
    names = _json_names(cls)
    fields: list[tuple[str, str, _record.Field, Any]] = [(a.name, names[a.name], a, a.default) for a in _fields(cls)]
    # Compiled on first use, once this hook is registered: a class that contains itself then
    # finds this hook instead of recursing into its own compilation. A class whose instances are
    # filled slot by slot is parsed field by field the first time, and compiled the second: most
    # classes of a one-call process are parsed once, where compiling costs more than it saves.
    compiled: list[Callable[[Mapping[str, Any]], Model]] = []
    parsed_once = [not _fillable(cls)]
    # Any hook keeps a null as None, and every hook a generated field can have keeps a JSON
    # scalar as sent and makes an empty array an empty list, so such values need no field type
    # (evaluating the annotations, and making the classes they name, is most of a first parse).
    generated = _generated(cls)

    def lenient(data: Mapping[str, Any]) -> Model:
        obj = object.__new__(cls)
        for attr, key, field, default in fields:
            value: Any
            if key in data:
                value = data[key]
                kept = value is None or (generated and (type(value) in _SCALARS or (type(value) is list and not value)))
                if not kept:
                    tp = _field_type(cls, field, make=True)
                    with contextlib.suppress(Exception):  # a malformed value is kept raw, never fatal
                        value = structure_hook(tp)(value, tp)
            elif isinstance(default, _record.Factory):
                value = default.factory()
            else:
                value = None if default is _record.NOTHING else default
            object.__setattr__(obj, attr, value)
        object.__setattr__(obj, "__source__", data)
        return obj

    def structure(data: Any, _: Any) -> Model:
        if type(data) is not dict and not isinstance(data, Mapping):
            raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
        if not compiled:
            if not parsed_once[0]:
                parsed_once[0] = True
                return lenient(data)
            compiled.append(_compile_structure(cls, names))
        try:
            return compiled[0](data)
        except Exception:  # noqa: BLE001 - schema drift: fall back to field-by-field parsing
            return lenient(data)

    structure.compiled = compiled  # type: ignore[attr-defined]  # other compiled functions call it directly
    return structure


def _unknown_structure(data: Any, _: Any) -> UnknownObject:
    obj = UnknownObject()
    object.__setattr__(obj, "__source__", data)
    return obj


def _tag_of(cls: type[Model]) -> dict[str, Any]:
    """The single-valued ``Literal`` fields of ``cls`` (its possible discriminators)."""
    if not _generated(cls):
        _resolve(cls)
    tags: dict[str, Any] = {}
    names = _json_names(cls)
    for a in _fields(cls):
        tp = _field_type(cls, a, make=False)
        if typing.get_origin(tp) is Literal and len(typing.get_args(tp)) == 1:
            tags[names[a.name]] = typing.get_args(tp)[0]
    return tags


def _flatten(tp: Any) -> list[Any]:
    out: list[Any] = []
    for arg in typing.get_args(tp):
        if _is_union(arg):
            out.extend(_flatten(arg))
        elif typing.get_origin(arg) is typing.Annotated:
            out.extend(_flatten(Union[typing.get_args(arg)[0], None])[:-1])
        else:
            out.append(arg)
    return out


def _single_model(model: type[Model]) -> Callable[[Mapping[str, Any]], Any]:
    """Structure an object as ``model``, whose hook is looked up on first use."""
    hooks: list[Callable[[Any, Any], Any]] = []

    def structure(data: Mapping[str, Any]) -> Any:
        if not hooks:
            hooks.append(structure_hook(model))
        return hooks[0](data, model)

    return structure


def _tag_dispatch(key: str, table: Mapping[Any, type[Model]]) -> Callable[[Mapping[str, Any]], Any]:
    """Structure an object by the class its ``key`` names; an unknown tag gives an UnknownObject."""
    # Each member's hook is looked up on first use (not here: a member may contain this union).
    hooks: dict[Any, tuple[Callable[[Any, Any], Any], type[Model]]] = {}

    def by_tag(data: Mapping[str, Any]) -> Any:
        tag = data.get(key)
        try:
            hook, model = hooks[tag]
        except (KeyError, TypeError):  # TypeError: a tag that cannot be a dict key
            found = table.get(tag) if isinstance(tag, (str, int, float, bool)) else None
            if found is None:
                return _unknown_structure(data, UnknownObject)
            hook, model = hooks[tag] = structure_hook(found), found
        return hook(data, model)

    return by_tag


def _object_dispatch(models: list[type[Model]], maps: list[Any]) -> Callable[[Mapping[str, Any]], Any]:
    """Choose how to structure a JSON object for a union with these object members."""
    if not models:
        target = maps[0] if maps else dict

        def as_map(data: Mapping[str, Any]) -> Any:
            return structure_hook(target)(data, target)

        return as_map
    if len(models) == 1:
        return _single_model(models[0])
    tag_sets = [_tag_of(m) for m in models]
    common = set(tag_sets[0]).intersection(*tag_sets[1:])
    for key in sorted(common, key=lambda k: k != "type"):
        table: dict[Any, type[Model]] = {}
        for model, tags in zip(models, tag_sets, strict=True):
            table.setdefault(tags[key], model)
        if len(table) == len(models):
            return _tag_dispatch(key, table)
    required = [
        (m, frozenset(_json_names(m)[a.name] for a in _fields(m) if a.default is _record.NOTHING)) for m in models
    ]
    # Most specific first: the member with the most required keys that are all present wins.
    required.sort(key=lambda item: -len(item[1]))

    def by_shape(data: Mapping[str, Any]) -> Any:
        keys = data.keys()
        for model, need in required:
            if need <= keys:
                return structure_hook(model)(data, model)
        last = required[-1][0]
        return structure_hook(last)(data, last)

    return by_shape


def _optional_model(model: type[Model]) -> Callable[[Any, Any], Any]:
    """The hook of a union of one model with primitives (usually ``Model | None``): an object
    goes straight to the model's hook, looked up on first use; anything else is kept."""
    hooks: list[Callable[[Any, Any], Any]] = []

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            return value
        if not hooks:
            hooks.append(structure_hook(model))
        return hooks[0](value, model)

    structure.model = model  # type: ignore[attr-defined]  # compiled functions call its hook directly
    return structure


def _union_structure_hook(tp: Any) -> Callable[[Any, Any], Any]:
    members = _flatten(tp)
    concrete = [m for m in members if m is not type(None)]
    models = [m for m in concrete if _is_model_class(m)]
    maps = [m for m in concrete if typing.get_origin(m) in (dict, Mapping) or m is dict]
    lists = [m for m in concrete if typing.get_origin(m) is list or m is list]
    if not (models or maps or lists):
        return _passthrough  # primitives and literals only: the value is kept as sent
    if len(models) == 1 and not (maps or lists):
        return _optional_model(models[0])
    on_object = _object_dispatch(models, maps)
    list_type = lists[0] if len(lists) == 1 else list
    list_hooks: list[Callable[[Any, Any], Any]] = []  # looked up on first use, as the members'

    def structure(value: Any, _: Any) -> Any:
        if isinstance(value, dict):
            return on_object(value)
        if isinstance(value, list) and lists:
            if not list_hooks:
                list_hooks.append(structure_hook(list_type))
            return list_hooks[0](value, list_type)
        return value

    return structure


def _is_literal(tp: Any) -> bool:
    return typing.get_origin(tp) is Literal


def _is_list(tp: Any) -> bool:
    return typing.get_origin(tp) is list


def _passthrough(value: Any, _: Any) -> Any:
    return value


def _list_structure_hook(tp: Any) -> Callable[[Any, Any], list[Any]]:
    args = typing.get_args(tp)
    item_type = args[0] if args else Any
    item_hook = structure_hook(item_type)

    def item(value: Any) -> Any:
        try:
            return item_hook(value, item_type)
        except Exception:  # noqa: BLE001 - one malformed item stays raw; its siblings still parse
            return value

    def structure(value: Any, _: Any) -> list[Any]:
        if not isinstance(value, list):
            raise TypeError(f"expected a JSON array, got {type(value).__name__}")
        if item_hook is _passthrough:
            return value  # a list of primitives is already what it should be
        try:
            return [item_hook(v, item_type) for v in value]
        except Exception:  # noqa: BLE001
            return [item(v) for v in value]

    return structure


def _dict_structure_hook(tp: Any) -> Callable[[Any, Any], dict[Any, Any]]:
    args = typing.get_args(tp)
    value_type = args[1] if len(args) == 2 else Any
    value_hook = structure_hook(value_type)

    def structure(value: Any, _: Any) -> dict[Any, Any]:
        if value_hook is _passthrough:
            return dict(value.items())
        return {k: value_hook(v, value_type) for k, v in value.items()}

    return structure


def _is_dict(tp: Any) -> bool:
    return tp is dict or typing.get_origin(tp) in (dict, Mapping)


def _is_model_type(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Model)


# The hook factories of the types the API's classes use, in order; any other type is left to
# cattrs (imported only then).
_FACTORIES: tuple[tuple[Callable[[Any], bool], Callable[[Any], Callable[[Any, Any], Any]]], ...] = (
    (_is_literal, lambda _: _passthrough),
    (lambda tp: tp is UnknownObject, lambda _: _unknown_structure),
    (_is_model_class, _model_structure_hook),
    (_is_union, _union_structure_hook),
    (_is_list, _list_structure_hook),
    (_is_dict, _dict_structure_hook),
)
_HOOKS: dict[Any, Callable[[Any, Any], Any]] = {str: _passthrough, int: _passthrough, float: _passthrough}
_HOOKS |= {bool: _passthrough, Any: _passthrough}
_MAKING: dict[Any, Callable[[Any, Any], Any]] = {}
_MAKING_LOCK = threading.RLock()


def structure_hook(tp: Any) -> Callable[[Any, Any], Any]:
    """The function that structures decoded JSON into ``tp`` (called as ``hook(data, tp)``)."""
    try:
        return _HOOKS[tp]
    except KeyError:
        pass
    except TypeError:  # a type that cannot be a dict key
        return _new_hook(tp)
    with _MAKING_LOCK:
        hook = _HOOKS.get(tp) or _MAKING.get(tp)
        if hook is not None:
            return hook
        # While it is made, this thread finds a forwarder: a type that contains itself.
        made: list[Callable[[Any, Any], Any]] = []
        _MAKING[tp] = lambda data, t: made[0](data, t)
        try:
            made.append(_new_hook(tp))
        finally:
            del _MAKING[tp]
        _HOOKS[tp] = made[0]
        return made[0]


def _new_hook(tp: Any) -> Callable[[Any, Any], Any]:
    for matches, factory in _FACTORIES:
        if matches(tp):
            return factory(tp)
    return _cattrs_converter().get_structure_hook(tp)


_CONVERTER: list[cattrs.Converter] = []


def _cattrs_converter() -> cattrs.Converter:
    """The cattrs converter, for the types the hooks above do not cover; it uses those hooks."""
    if not _CONVERTER:
        import cattrs

        conv = cattrs.Converter(detailed_validation=False, forbid_extra_keys=False)
        for prim in (str, int, float, bool, Any):
            conv.register_structure_hook(prim, _passthrough)
        conv.register_structure_hook_func(_is_literal, _passthrough)
        for matches, _ in _FACTORIES[1:]:
            conv.register_structure_hook_factory(matches, structure_hook)
        conv.register_unstructure_hook_func(_is_model_type, _unstructure_model)
        _CONVERTER.append(conv)
    return _CONVERTER[0]


# ---- unstructuring -------------------------------------------------------------------------

_PLANS: dict[type, list[tuple[str, str, bool, Any]]] = {}


def _plan(cls: type[Model]) -> list[tuple[str, str, bool, Any]]:
    plan = _PLANS.get(cls)
    if plan is None:
        names = _json_names(cls)
        plan = [(a.name, names[a.name], a.default is not _record.NOTHING, a.default) for a in _fields(cls)]
        _PLANS[cls] = plan
    return plan


class _Dump:
    """How to write a model out: key names, and which fields to leave out.

    An optional field still ``None`` counts as unset (the API did not send it, or sent null).
    """

    __slots__ = ("api_names", "exclude_defaults", "exclude_none", "exclude_unset")

    def __init__(
        self,
        api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> None:
        self.api_names = api_names
        self.exclude_unset = exclude_unset
        self.exclude_defaults = exclude_defaults
        self.exclude_none = exclude_none

    @classmethod
    def of(cls, mode: str, api_names: bool, unset: bool, defaults: bool, none: bool) -> _Dump:
        if mode not in ("json", "python"):
            raise ValueError(f"mode must be 'json' or 'python', not {mode!r}")
        return cls(api_names, unset, defaults, none)


_REQUEST = _Dump()


def _dump(obj: Model, options: _Dump) -> dict[str, Any]:
    out: dict[str, Any] = {}
    skip_none = options.exclude_none
    for attr, key, optional, default in _plan(type(obj)):
        value = getattr(obj, attr)
        if value is NOT_GIVEN or (value is None and (skip_none or (optional and options.exclude_unset))):
            continue
        if options.exclude_defaults and optional and value == default:
            continue
        out[key if options.api_names else attr] = to_json_value(value, options)
    for key, value in obj.model_extra.items():
        if not (value is None and skip_none):
            out.setdefault(key, value)
    return out


_KNOWN: dict[type, frozenset[str]] = {}


def _known(cls: type[Model]) -> frozenset[str]:
    """The JSON keys ``cls`` declares."""
    known = _KNOWN.get(cls)
    if known is None:
        known = _KNOWN[cls] = frozenset(key for _, key, _, _ in _plan(cls))
    return known


def _unstructure_model(obj: Model) -> dict[str, Any]:
    return _dump(obj, _REQUEST)


def to_json_value(value: Any, options: _Dump = _REQUEST) -> Any:
    """Turn a request argument (attrs objects, dicts, lists, primitives) into JSON data.

    ``NOT_GIVEN`` entries of dicts are dropped.
    """
    if isinstance(value, _PRIMITIVES):
        return value
    cls = type(value)
    if cls is dict:  # the usual containers first: no abstract-class checks for them
        return {k: to_json_value(v, options) for k, v in value.items() if v is not NOT_GIVEN}
    if cls is list:
        return [to_json_value(v, options) for v in value]
    if isinstance(value, Model):
        return _dump(value, options)
    if isinstance(value, Mapping):
        return {k: to_json_value(v, options) for k, v in value.items() if v is not NOT_GIVEN}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v, options) for v in value]
    return _cattrs_converter().unstructure(value)


def parse(data: Any, tp: type[T] | Any) -> T:
    """Structure decoded JSON ``data`` into ``tp`` with the shared hooks."""
    return structure_hook(tp)(data, tp)  # type: ignore[no-any-return]


if TYPE_CHECKING:
    converter: cattrs.Converter
else:

    def __getattr__(name: str) -> Any:
        if name == "converter":  # the cattrs converter, made on first use
            return _cattrs_converter()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
