"""Slotted record classes, made without importing attrs.

The core's classes and the generated API types are made on the path of a first call, where
attrs cost more than anything else of ours: its import, and a third of a millisecond per class.
A record is what the core asks of ``attrs.define``: slots, keyword-only or positional
``__init__`` with defaults, factories, converters, validators and ``__attrs_post_init__``;
``repr=False`` fields left out of ``repr``; ``eq``; ``frozen``. Methods a class defines itself
are kept, as attrs' ``auto_detect`` keeps them.

attrs' own functions (``attrs.fields``, ``evolve``, ``asdict``) and cattrs still work on a
record: its ``__attrs_attrs__`` is made with attrs the first time something reads it. Type
checkers see the attrs functions themselves, which describe records exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

__all__ = ["NOTHING", "Factory", "Field", "FrozenInstanceError", "define", "evolve", "field", "fields", "frozen", "has"]

C = TypeVar("C", bound=type)


class _Nothing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NOTHING"

    def __bool__(self) -> bool:
        return False


NOTHING: Any = _Nothing()
"""The default of a field that has none."""


class Factory:
    """A default made by calling ``factory`` (with the instance, when ``takes_self``)."""

    __slots__ = ("factory", "takes_self")

    def __init__(self, factory: Callable[..., Any], takes_self: bool = False) -> None:
        self.factory = factory
        self.takes_self = takes_self


class FrozenInstanceError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class Field:
    """One field of a record, read as an ``attrs.Attribute`` is (``name``, ``alias``, ``type``,
    ``default``, ``init``, ``repr``, ``eq``, ``kw_only``, ``converter``, ``validator``)."""

    __slots__ = ("alias", "converter", "default", "eq", "init", "kw_only", "name", "repr", "type", "validator")

    def __init__(
        self,
        name: str,
        *,
        type: Any = None,
        default: Any = NOTHING,
        init: bool = True,
        repr: bool = True,
        eq: bool = True,
        kw_only: bool = False,
        converter: Callable[[Any], Any] | None = None,
        validator: Callable[[Any, Any, Any], Any] | None = None,
    ) -> None:
        self.name = name
        self.alias = name.lstrip("_")
        self.type = type
        self.default = default
        self.init = init
        self.repr = repr
        self.eq = eq
        self.kw_only = kw_only
        self.converter = converter
        self.validator = validator

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r})"


class _Spec:
    """What ``field()`` leaves in a class body, until the class is made a record."""

    __slots__ = ("options",)

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options


def _field(
    *,
    default: Any = NOTHING,
    factory: Callable[[], Any] | None = None,
    init: bool = True,
    repr: bool = True,
    eq: bool = True,
    converter: Callable[[Any], Any] | None = None,
    validator: Callable[[Any, Any, Any], Any] | None = None,
) -> Any:
    if factory is not None:
        if default is not NOTHING:
            raise ValueError("a field takes a default or a factory, not both")
        default = Factory(factory)
    options = {"default": default, "init": init, "repr": repr, "eq": eq, "converter": converter, "validator": validator}
    return _Spec(options)


_CLASSVARS = ("ClassVar", "typing.ClassVar", "t.ClassVar", "Final", "typing.Final")


def _collect(cls: type, kw_only: bool) -> tuple[list[Field], list[str]]:
    """The fields of ``cls``: its record bases' first, then those it annotates itself; and the
    names of its own (which become slots)."""
    own: list[Field] = []
    namespace = cls.__dict__
    for name, annotation in namespace.get("__annotations__", {}).items():  # not inspect: it costs an import
        if (annotation if isinstance(annotation, str) else repr(annotation)).startswith(_CLASSVARS):
            continue
        value = namespace.get(name, NOTHING)
        if isinstance(value, _Spec):
            own.append(Field(name, type=annotation, kw_only=kw_only, **value.options))
        else:
            own.append(Field(name, type=annotation, kw_only=kw_only, default=value))
    names = {f.name for f in own}
    inherited: list[Field] = []
    for base in reversed(cls.__mro__[1:-1]):
        for f in base.__dict__.get("__record_fields__", ()):
            if f.name not in names and all(f.name != g.name for g in inherited):
                inherited.append(f)
    return inherited + own, [f.name for f in own]


def _define(
    maybe_cls: C | None = None,
    *,
    kw_only: bool = False,
    frozen: bool = False,
    repr: bool = True,
    eq: bool = True,
) -> Any:
    """Make ``cls`` a slotted record (a new class, as attrs makes)."""

    def wrap(cls: C) -> C:
        made: C = _make(cls, kw_only=kw_only, frozen=frozen, repr=repr, eq=eq)
        return made

    return wrap if maybe_cls is None else wrap(maybe_cls)


def _frozen(maybe_cls: C | None = None, *, kw_only: bool = False, repr: bool = True, eq: bool = True) -> Any:
    return _define(maybe_cls, kw_only=kw_only, frozen=True, repr=repr, eq=eq)


def _make(cls: type, *, kw_only: bool, frozen: bool, repr: bool, eq: bool) -> Any:
    all_fields, own = _collect(cls, kw_only)
    body = {k: v for k, v in cls.__dict__.items() if k not in own and k not in ("__dict__", "__weakref__")}
    weakref = () if any("__weakref__" in base.__dict__ for base in cls.__mro__[1:]) else ("__weakref__",)
    body["__slots__"] = (*own, *weakref)
    body["__record_fields__"] = tuple(all_fields)
    body["__attrs_attrs__"] = _AttrsView()
    body["__match_args__"] = tuple(f.name for f in all_fields if f.init and not f.kw_only)
    custom_setattr = frozen or any(f.converter or f.validator for f in all_fields)
    if frozen:
        body.setdefault("__setattr__", _frozen_setattr)
        body.setdefault("__delattr__", _frozen_delattr)
    elif custom_setattr:
        body.setdefault("__setattr__", _checked_setattr)
    if repr:
        body.setdefault("__repr__", _repr)
    if eq:
        body.setdefault("__eq__", _eq)
        body.setdefault("__ne__", _ne)
        if "__hash__" not in cls.__dict__:
            body["__hash__"] = _hash if frozen else None
    body.setdefault("__getstate__", _getstate)
    body.setdefault("__setstate__", _setstate)
    made = type(cls)(cls.__name__, cls.__bases__, body)
    for value in body.values():  # methods using zero-argument super() see the new class
        functions = (value.fget, value.fset, value.fdel) if isinstance(value, property) else (value,)
        for function in functions:
            for cell in getattr(getattr(function, "__func__", function), "__closure__", None) or ():
                if cell.cell_contents is cls:
                    cell.cell_contents = made
    if "__init__" not in cls.__dict__:
        type.__setattr__(made, "__init__", _LazyInit(made, all_fields, direct=not custom_setattr))
    return made


class _LazyInit:
    """``__init__`` of a record until it is compiled. A parsed API object is filled slot by
    slot, so most classes never need theirs; and the first instance of a class is made by
    :meth:`first`, by the same rules, so a class made once (most of a one-call process) never
    compiles one either. The compiled ``__init__`` replaces this at the second lookup, or at the
    first that is not for making an instance (reading its signature, ``super().__init__``)."""

    __slots__ = ("cls", "direct", "fields", "used")

    def __init__(self, cls: type, all_fields: list[Field], *, direct: bool) -> None:
        self.cls, self.fields, self.direct, self.used = cls, all_fields, direct, False

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is not None and not self.used and type(obj) is self.cls:
            self.used = True
            return lambda *args, **kwargs: self.first(obj, args, kwargs)
        init = _init(self.cls, self.fields, direct=self.direct)
        type.__setattr__(self.cls, "__init__", init)
        return init if obj is None else init.__get__(obj, owner)

    def first(self, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """What the compiled ``__init__`` does with a call it accepts; any other call goes to
        the compiled one, which refuses it with Python's own message."""
        given = _bind(self.fields, args, kwargs)
        if given is None:
            self.__get__(obj, self.cls)(*args, **kwargs)
            return
        for f in self.fields:
            value = given.get(f.alias, _ABSENT) if f.init else _ABSENT
            if isinstance(f.default, Factory):
                if value is _ABSENT or value is NOTHING:
                    value = f.default.factory(obj) if f.default.takes_self else f.default.factory()
            elif value is _ABSENT:
                if f.default is NOTHING:
                    continue  # an init=False field without a default stays unset
                value = f.default
            if f.converter is not None:
                value = f.converter(value)
            if self.direct:
                setattr(obj, f.name, value)
            else:
                _setter(self.cls, f.name)(obj, value)
        for f in self.fields:
            if f.validator is not None:
                f.validator(obj, f, getattr(obj, f.name))
        if hasattr(self.cls, "__attrs_post_init__"):
            obj.__attrs_post_init__()


_ABSENT: Any = object()  # an argument not passed


def _bind(all_fields: list[Field], args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any] | None:
    """The arguments by alias, as the compiled ``__init__`` takes them; ``None`` if it would
    refuse them (too many, unknown, given twice or missing)."""
    positional = [f.alias for f in all_fields if f.init and not f.kw_only]
    if len(args) > len(positional):
        return None
    given = dict(zip(positional[: len(args)], args, strict=True))
    for name in kwargs:
        if name in given:
            return None
    given.update(kwargs)
    aliases = {f.alias for f in all_fields if f.init}
    if not aliases.issuperset(given):
        return None
    missing = any(f.init and f.default is NOTHING and f.alias not in given for f in all_fields)
    return None if missing else given


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    for klass in cls.__mro__:
        slot = klass.__dict__.get(name)
        if slot is not None and hasattr(slot, "__set__"):
            return slot.__set__  # type: ignore[no-any-return]
    raise TypeError(f"{cls.__name__} has no slot {name!r}")


def _init(cls: type, all_fields: list[Field], *, direct: bool) -> Callable[..., None]:
    """``__init__`` of ``cls``, compiled: arguments stored in their slots (``self.x = x`` when
    the class keeps object's ``__setattr__``), then converters, validators and the post-init
    hook, as attrs orders them."""
    env: dict[str, Any] = {"NOTHING": NOTHING}
    positional: list[str] = []
    keyword: list[str] = []
    lines: list[str] = []
    for i, f in enumerate(all_fields):
        if not direct:
            env[f"s{i}"] = _setter(cls, f.name)
        value = f.alias
        if isinstance(f.default, Factory):
            env[f"f{i}"] = f.default.factory
            made = f"f{i}(self)" if f.default.takes_self else f"f{i}()"
            if f.init:
                lines.append(f"    if {value} is NOTHING:\n        {value} = {made}\n")
            else:
                value = made
        elif f.default is not NOTHING:
            env[f"d{i}"] = f.default
            if not f.init:
                value = f"d{i}"
        elif not f.init:
            continue
        if f.init:
            default = (
                " = NOTHING" if isinstance(f.default, Factory) else (f" = d{i}" if f.default is not NOTHING else "")
            )
            (keyword if f.kw_only else positional).append(f"{f.alias}{default}")
        if f.converter is not None:
            env[f"c{i}"] = f.converter
            value = f"c{i}({value})"
        lines.append(f"    self.{f.name} = {value}\n" if direct else f"    s{i}(self, {value})\n")
    for i, f in enumerate(all_fields):
        if f.validator is not None:
            env[f"v{i}"], env[f"a{i}"] = f.validator, f
            lines.append(f"    v{i}(self, a{i}, self.{f.name})\n")
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("    self.__attrs_post_init__()\n")
    params = ", ".join(["self", *positional, *(["*", *keyword] if keyword else [])])
    source = f"def __init__({params}):\n" + ("".join(lines) or "    pass\n")
    exec(compile(source, f"<record {cls.__module__}.{cls.__qualname__}.__init__>", "exec"), env)
    init: Callable[..., None] = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = {f.alias: f.type for f in all_fields if f.init} | {"return": None}
    return init


def _record_fields(obj: Any) -> tuple[Field, ...]:
    return type(obj).__record_fields__  # type: ignore[no-any-return]


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r} of a frozen {type(self).__name__}")


def _checked_setattr(self: Any, name: str, value: Any) -> None:
    """Assignment to a field with a converter or validator runs them, as attrs' ``define`` does."""
    for f in _record_fields(self):
        if f.name == name:
            if f.converter is not None:
                value = f.converter(value)
            object.__setattr__(self, name, value)
            if f.validator is not None:
                f.validator(self, f, value)
            return
    object.__setattr__(self, name, value)


def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name, NOTHING)!r}" for f in _record_fields(self) if f.repr)
    return f"{type(self).__qualname__}({shown})"


def _compared(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, f.name) for f in _record_fields(obj) if f.eq)


def _eq(self: Any, other: object) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _compared(self) == _compared(other)


def _ne(self: Any, other: object) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _compared(self) != _compared(other)


def _hash(self: Any) -> int:
    return hash((type(self), *_compared(self)))


def _getstate(self: Any) -> dict[str, Any]:
    """Every slot that holds a value (a parsed object's source too, so its unknown keys travel)."""
    names = (name for klass in type(self).__mro__ for name in klass.__dict__.get("__slots__", ()))
    return {name: getattr(self, name) for name in names if name != "__weakref__" and hasattr(self, name)}


def _setstate(self: Any, state: dict[str, Any]) -> None:
    for name, value in state.items():
        object.__setattr__(self, name, value)


class _AttrsView:
    """A record's ``__attrs_attrs__``, made with attrs when first read: attrs and cattrs then
    treat the record as one of their classes."""

    def __get__(self, obj: Any, owner: type) -> Any:
        own = owner.__record_fields__  # type: ignore[attr-defined]
        made = owner.__dict__.get("__record_attrs__")
        if made is None:
            import attrs

            spec = {f.name: attrs.field(**_attrs_options(f)) for f in own}
            made = attrs.fields(attrs.make_class(owner.__name__, spec, slots=True))
            type.__setattr__(owner, "__record_attrs__", made)
        for f, a in zip(own, made, strict=True):  # a type resolved since, on either side
            if isinstance(a.type, str) and not isinstance(f.type, str):
                object.__setattr__(a, "type", f.type)
            elif isinstance(f.type, str) and not isinstance(a.type, str):
                f.type = a.type
        return made


def _attrs_options(f: Field) -> dict[str, Any]:
    import attrs

    default = f.default
    if isinstance(default, Factory):
        make: Any = attrs.Factory
        default = make(default.factory, takes_self=default.takes_self)
    elif default is NOTHING:
        default = attrs.NOTHING
    options = {"default": default, "init": f.init, "repr": f.repr, "eq": f.eq, "kw_only": f.kw_only, "type": f.type}
    return {**options, "converter": f.converter, "validator": f.validator, "alias": f.alias}


def has(cls: Any) -> bool:
    """Whether ``cls`` is a record or an attrs class (attrs is not imported to tell)."""
    if not isinstance(cls, type):
        return False
    if "__record_fields__" in cls.__dict__:
        return True
    found: object = getattr(cls, "__attrs_attrs__", None)
    return found is not None


def fields(cls: type) -> tuple[Field, ...]:
    """The fields of a record, or of an attrs class (read from attrs when asked)."""
    own: tuple[Field, ...] | None = cls.__dict__.get("__record_fields__")
    if own is not None:
        return own
    import attrs

    return tuple(_from_attrs(a) for a in attrs.fields(cls))


def _from_attrs(a: Any) -> Field:
    import attrs

    default = a.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = Factory(default.factory, default.takes_self)
    elif default is attrs.NOTHING:
        default = NOTHING
    f = Field(a.name, type=a.type, default=default, init=a.init, repr=bool(a.repr), eq=a.eq, kw_only=a.kw_only)
    f.alias = getattr(a, "alias", None) or f.alias
    f.converter, f.validator = a.converter, a.validator
    return f


def _evolve(obj: Any, **changes: Any) -> Any:
    cls = type(obj)
    if "__record_fields__" not in cls.__dict__:
        import attrs

        return attrs.evolve(obj, **changes)
    for f in cls.__record_fields__:
        if f.init and f.alias not in changes:
            changes[f.alias] = getattr(obj, f.name)
    return cls(**changes)


if TYPE_CHECKING:
    from attrs import define as define, evolve as evolve, field as field, frozen as frozen
else:
    define, evolve, field, frozen = _define, _evolve, _field, _frozen
