"""Records (``openai_core._record``): the core's classes and the API types, made without attrs,
behave as the attrs classes they replace, and attrs and cattrs still work on them."""

from __future__ import annotations

import inspect
import pickle
from typing import Any, ClassVar

import attrs
import cattrs
import pytest

from openai_core import _record
from openai_core._config import Config
from openai_core._request import Request
from openai_core._types import Timeout

_checked: list[int] = []


def _positive(_: object, field: Any, value: int) -> None:
    _checked.append(value)
    if value <= 0:
        raise ValueError(f"{field.name} must be > 0")


@_record.define(kw_only=True)
class Settings:
    name: str
    size: int = _record.field(default=1, validator=_positive)
    tags: list[str] = _record.field(factory=list)
    secret: str = _record.field(default="", repr=False)
    label: str = _record.field(default="x", converter=str.upper)
    _seen: int = _record.field(default=0, init=False, eq=False)
    kinds: ClassVar[tuple[str, ...]] = ("a", "b")

    def __attrs_post_init__(self) -> None:
        self._seen += 1


@_record.frozen
class Point:
    x: int
    y: int = 0


@_record.define
class Base:
    a: int

    def describe(self) -> str:
        return f"a={self.a}"


@_record.define
class Child(Base):
    b: int = 2

    def describe(self) -> str:
        return super().describe() + f", b={self.b}"


def test_init_defaults_factories_converters_validators_and_the_post_init_hook() -> None:
    _checked.clear()
    one, two = Settings(name="n", label="low"), Settings(name="m", size=3)
    assert (one.size, one.label, one._seen, two.size) == (1, "LOW", 1, 3)
    assert one.tags == [] and one.tags is not two.tags  # a fresh list each
    assert _checked == [1, 3]
    with pytest.raises(ValueError, match="size must be > 0"):
        Settings(name="n", size=0)
    with pytest.raises(TypeError):
        Settings("n")  # type: ignore[misc]  # keyword-only
    with pytest.raises(TypeError):
        Settings(name="n", seen=1)  # type: ignore[call-arg]  # init=False
    assert Settings.kinds == ("a", "b") and "kinds" not in {f.name for f in _record.fields(Settings)}


def test_assignment_runs_converters_and_validators_as_attrs_define_does() -> None:
    settings = Settings(name="n")
    settings.label = "abc"
    assert settings.label == "ABC"
    with pytest.raises(ValueError, match="size"):
        settings.size = -1
    settings.name = "other"
    assert settings.name == "other"


def test_slots_repr_eq_and_hash() -> None:
    settings = Settings(name="n", secret="sk-hidden")
    assert not hasattr(settings, "__dict__")
    with pytest.raises(AttributeError):
        settings.nam = "typo"  # type: ignore[attr-defined]
    assert repr(settings) == "Settings(name='n', size=1, tags=[], label='X', _seen=1)"
    assert "sk-hidden" not in repr(settings)
    assert settings == Settings(name="n", secret="sk-hidden") and settings != Settings(name="n")
    with pytest.raises(TypeError):
        hash(settings)  # mutable and compared by value: unhashable
    assert Point(1, 2) == Point(x=1, y=2) and hash(Point(1, 2)) == hash(Point(1, 2))
    assert len({Point(1), Point(1), Point(2)}) == 2
    assert Point(1).__eq__(object()) is NotImplemented


def test_frozen_records_refuse_assignment_and_deletion() -> None:
    point = Point(1)
    with pytest.raises(AttributeError, match="frozen"):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(_record.FrozenInstanceError):
        del point.x
    assert point.x == 1


def test_subclasses_inherit_fields_and_zero_argument_super_works() -> None:
    child = Child(1)
    assert [f.name for f in _record.fields(Child)] == ["a", "b"]
    assert child.describe() == "a=1, b=2" and isinstance(child, Base)
    assert Child.__match_args__ == ("a", "b")


def test_init_is_compiled_when_first_looked_up_with_a_real_signature() -> None:
    @_record.define(kw_only=True)
    class Late:
        a: int
        b: str = "x"

    assert type(Late.__dict__["__init__"]).__name__ == "_LazyInit"
    assert str(inspect.signature(Late)) == "(*, a: 'int', b: 'str' = 'x') -> None"
    assert inspect.isfunction(Late.__dict__["__init__"])
    assert Late(a=1).b == "x"


def test_pickle_and_copy_keep_every_slot() -> None:
    for obj in (Point(3, 4), Settings(name="n", tags=["t"]), Child(5)):
        assert pickle.loads(pickle.dumps(obj)) == obj
    settings = pickle.loads(pickle.dumps(Settings(name="n")))
    assert settings._seen == 1  # restored, not re-run through __init__


def test_evolve_makes_a_changed_copy() -> None:
    point = Point(1, 2)
    assert _record.evolve(point, y=5) == Point(1, 5) and point.y == 2
    request = Request(method="GET", url="http://h/x", headers={})
    moved = _record.evolve(request, stream=True)
    assert moved.stream and moved.url == request.url and not request.stream


def test_attrs_and_cattrs_see_records_as_attrs_classes() -> None:
    assert attrs.has(Point) and attrs.has(Timeout) and not attrs.has(int)
    assert [a.name for a in attrs.fields(Settings)] == ["name", "size", "tags", "secret", "label", "_seen"]
    assert attrs.fields(Settings).tags.default == attrs.Factory(list)
    assert attrs.evolve(Point(1, 2), x=9) == Point(9, 2)
    assert attrs.asdict(Child(1)) == {"a": 1, "b": 2}
    converter = cattrs.Converter()
    assert converter.structure({"x": 1, "y": 2}, Point) == Point(1, 2)
    assert converter.unstructure(Point(1, 2)) == {"x": 1, "y": 2}


def test_an_attrs_subclass_of_a_record_gets_its_fields() -> None:
    @attrs.define
    class Grandchild(Child):
        c: int = 3

    assert [a.name for a in attrs.fields(Grandchild)] == ["a", "b", "c"]
    assert [f.name for f in _record.fields(Grandchild)] == ["a", "b", "c"]  # read from attrs
    made = Grandchild(1, 2, 4)
    assert (made.a, made.c, made.describe()) == (1, 4, "a=1, b=2") and _record.has(Grandchild)


def test_the_api_key_stays_out_of_a_config_repr() -> None:
    config = Config(api_key="sk-secret-value", base_url="https://example.test/v1/")
    assert "sk-secret-value" not in repr(config) and "example.test" in repr(config)
    assert config.base_url == "https://example.test/v1"  # converted on the way in


def _shapes() -> list[tuple[str, Any]]:
    """Fresh record classes (none made yet), with calls their ``__init__`` accepts or refuses."""
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]]
    made: list[tuple[str, Any]] = []

    @_record.define(kw_only=True)
    class Keywords:
        name: str
        size: int = _record.field(default=1, validator=_positive)
        tags: list[str] = _record.field(factory=list)
        label: str = _record.field(default="x", converter=str.upper)
        _seen: int = _record.field(default=0, init=False, eq=False)
        _unset: int = _record.field(init=False, eq=False)
        _hidden: str = _record.field(default="h")

        def __attrs_post_init__(self) -> None:
            self._seen += 1

    calls = [
        ((), {"name": "n"}),
        ((), {"name": "n", "size": 3, "tags": ["t"], "label": "low", "hidden": "k"}),
        ((), {"name": "n", "tags": _record.NOTHING}),  # NOTHING asks for the factory
        ((), {"name": "n", "size": 0}),  # the validator refuses
        (("n",), {}),  # keyword-only
        ((), {}),  # missing
        ((), {"name": "n", "seen": 1}),  # init=False
        ((), {"name": "n", "_hidden": "k"}),  # the private name is not the argument's
        ((), {"name": "n", "other": 1}),
    ]
    made += [(f"Keywords{i}", (Keywords, call)) for i, call in enumerate(calls)]

    @_record.frozen
    class Positional:
        x: int
        y: int = 0
        points: list[int] = _record.field(factory=list)

    calls = [
        ((1,), {}),
        ((1, 2, [3]), {}),
        ((1,), {"y": 5}),
        ((1, 2, [3], 4), {}),  # too many
        ((1,), {"x": 2}),  # twice
        ((), {"y": 1}),  # missing
    ]
    made += [(f"Positional{i}", (Positional, call)) for i, call in enumerate(calls)]

    @_record.define
    class TakesSelf:
        a: int
        double: int = _record.field(default=_record.Factory(lambda self: self.a * 2, takes_self=True))

    made += [("TakesSelf0", (TakesSelf, ((4,), {}))), ("TakesSelf1", (TakesSelf, ((4, 1), {})))]
    return made


def _outcome(cls: type, call: tuple[tuple[Any, ...], dict[str, Any]]) -> Any:
    args, kwargs = call
    try:
        obj = cls(*args, **kwargs)
    except (TypeError, ValueError) as exc:
        return type(exc), str(exc)
    slots = [f.name for f in _record.fields(cls)]
    return {name: getattr(obj, name, "<unset>") for name in slots}


@pytest.mark.parametrize(("label", "case"), _shapes(), ids=[label for label, _ in _shapes()])
def test_the_first_instance_is_made_by_the_rules_of_the_compiled_init(label: str, case: Any) -> None:
    template, call = case
    first_cls, second_cls = _copy(template), _copy(template)
    inspect.signature(second_cls)  # compiles its __init__
    assert inspect.isfunction(second_cls.__dict__["__init__"])
    first = _outcome(first_cls, call)
    assert first == _outcome(second_cls, call), label
    # A call its signature accepts compiles nothing (a validator may still refuse it); any
    # other is refused by the compiled __init__, with Python's own message.
    refused_by_signature = not isinstance(first, dict) and first[0] is TypeError
    assert inspect.isfunction(first_cls.__dict__["__init__"]) is refused_by_signature
    assert _outcome(first_cls, call) == first, label  # the compiled one, from the second on
    assert inspect.isfunction(first_cls.__dict__["__init__"])


def _copy(template: type) -> type:
    """The record ``template`` made again from its own definition (fields, hooks, options)."""
    body: dict[str, Any] = {"__annotations__": {}}
    for f in _record.fields(template):
        body["__annotations__"][f.name] = f.type
        body[f.name] = _record.field(
            default=f.default, init=f.init, repr=f.repr, eq=f.eq, converter=f.converter, validator=f.validator
        )
    hook = template.__dict__.get("__attrs_post_init__")
    if hook is not None:
        body["__attrs_post_init__"] = hook
    kw_only = all(f.kw_only for f in _record.fields(template) if f.init)
    frozen = template.__setattr__ is _record._frozen_setattr
    return _record._define(type(template.__name__, (), body), kw_only=kw_only, frozen=frozen)
