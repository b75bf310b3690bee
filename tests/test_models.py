"""Tests for the Model base, the lenient converter and ``to_json_value`` (``openai_core._models``)."""

from __future__ import annotations

import json
from typing import Any, ClassVar, Literal, Union

import attrs
import pytest

from openai_core._models import Model, UnknownObject, parse, to_json_value
from openai_core._types import NOT_GIVEN


@attrs.define(slots=True, kw_only=True)
class Usage(Model):
    prompt_tokens: int
    completion_tokens: int = 0


@attrs.define(slots=True, kw_only=True)
class Item(Model):
    id: str
    object: Literal["item"]
    status: Literal["queued", "done"] | str
    tags: list[str]
    scores: dict[str, float] = attrs.Factory(dict)
    usage: Usage | None = None
    note: str | None = None


@attrs.define(slots=True, kw_only=True)
class TextPart(Model):
    type: Literal["text"]
    text: str


@attrs.define(slots=True, kw_only=True)
class ImagePart(Model):
    type: Literal["image"]
    url: str
    detail: Literal["low", "high"] | str | None = None


Part = Union[TextPart, ImagePart]


@attrs.define(slots=True, kw_only=True)
class Message(Model):
    role: str
    content: list[Part]
    first: Part | None = None


@attrs.define(slots=True, kw_only=True)
class Point(Model):
    x: int
    y: int


@attrs.define(slots=True, kw_only=True)
class Line(Model):
    start: Point
    end: Point
    label: str


@attrs.define(slots=True, kw_only=True)
class Shapes(Model):
    shape: Union[Point, Line]


@attrs.define(slots=True, kw_only=True)
class Edge(Model):
    __json_names__: ClassVar[dict[str, str]] = {"from_": "from"}

    from_: str
    to: str


@attrs.define(slots=True, kw_only=True)
class Node(Model):
    name: str
    children: list[Node] = attrs.Factory(list)
    parent: Node | None = None


@attrs.define(slots=True, kw_only=True)
class Nested(Model):
    matrix: list[list[int]]
    by_name: dict[str, list[Usage]]


ITEM = {"id": "it_1", "object": "item", "status": "done", "tags": ["a", "b"]}


# ---- unknown keys ---------------------------------------------------------------------------


def test_unknown_keys_kept_readable_listed_and_round_tripped() -> None:
    data = {**ITEM, "brand_new": {"k": [1, 2]}, "flag": True}
    item = parse(data, Item)
    assert isinstance(item, Item)
    assert item.brand_new == {"k": [1, 2]}
    assert item.flag is True
    assert item.model_extra == {"brand_new": {"k": [1, 2]}, "flag": True}
    out = item.to_dict()
    assert out["brand_new"] == {"k": [1, 2]}
    assert out["flag"] is True
    assert json.loads(item.to_json()) == out


def test_no_unknown_keys_means_empty_model_extra() -> None:
    item = parse(ITEM, Item)
    assert item.model_extra == {}
    with pytest.raises(AttributeError, match="nope"):
        _ = item.nope


def test_unknown_keys_on_nested_model() -> None:
    item = parse({**ITEM, "usage": {"prompt_tokens": 3, "cached": 1}}, Item)
    assert isinstance(item.usage, Usage)
    assert item.usage.cached == 1
    assert item.to_dict()["usage"] == {"prompt_tokens": 3, "completion_tokens": 0, "cached": 1}


def test_round_trip_to_dict_equals_input() -> None:
    data = {
        **ITEM,
        "scores": {"a": 0.5},
        "usage": {"prompt_tokens": 1, "completion_tokens": 2},
        "note": "hi",
        "extra": None,
    }
    assert parse(data, Item).to_dict() == data


# ---- enums and literals ------------------------------------------------------------------------


def test_unknown_enum_value_kept_as_str() -> None:
    item = parse({**ITEM, "status": "archived_v2"}, Item)
    assert item.status == "archived_v2"
    assert isinstance(item.status, str)


def test_known_enum_value() -> None:
    assert parse({**ITEM, "status": "queued"}, Item).status == "queued"


def test_optional_open_enum_none() -> None:
    part = parse({"type": "image", "url": "u", "detail": None}, ImagePart)
    assert part.detail is None
    part = parse({"type": "image", "url": "u", "detail": "ultra"}, ImagePart)
    assert part.detail == "ultra"


# ---- unions ---------------------------------------------------------------------------------


def test_tagged_union_dispatch_by_type() -> None:
    msg = parse(
        {
            "role": "user",
            "content": [{"type": "text", "text": "hi"}, {"type": "image", "url": "https://x/y.png"}],
            "first": {"type": "image", "url": "u"},
        },
        Message,
    )
    assert isinstance(msg.content[0], TextPart)
    assert msg.content[0].text == "hi"
    assert isinstance(msg.content[1], ImagePart)
    assert msg.content[1].url == "https://x/y.png"
    assert isinstance(msg.first, ImagePart)


def test_tagged_union_dispatch_via_parse_of_union() -> None:
    assert isinstance(parse({"type": "text", "text": "t"}, Part), TextPart)
    assert isinstance(parse({"type": "image", "url": "u"}, Part), ImagePart)


def test_unknown_tag_becomes_unknown_object_with_raw_data() -> None:
    raw = {"type": "audio", "data": "AAAA", "format": "wav"}
    msg = parse({"role": "user", "content": [raw, {"type": "text", "text": "x"}]}, Message)
    unknown = msg.content[0]
    assert isinstance(unknown, UnknownObject)
    assert unknown.type == "audio"
    assert unknown.data == "AAAA"
    assert unknown.model_extra == raw
    assert isinstance(msg.content[1], TextPart)
    assert msg.to_dict()["content"][0] == raw
    assert "audio" in repr(unknown)


def test_missing_tag_becomes_unknown_object() -> None:
    obj = parse({"text": "no type"}, Part)
    assert isinstance(obj, UnknownObject)
    assert obj.text == "no type"


def test_union_without_tag_dispatches_by_required_keys() -> None:
    line = parse({"shape": {"start": {"x": 0, "y": 0}, "end": {"x": 1, "y": 2}, "label": "L"}}, Shapes).shape
    assert isinstance(line, Line)
    assert isinstance(line.end, Point)
    assert line.end.y == 2
    point = parse({"shape": {"x": 5, "y": 6}}, Shapes).shape
    assert isinstance(point, Point)
    assert (point.x, point.y) == (5, 6)


def test_union_member_not_an_object_kept_raw() -> None:
    shapes = parse({"shape": "circle"}, Shapes)
    assert shapes.shape == "circle"


# ---- lenient parsing ------------------------------------------------------------------------


def test_missing_required_key_does_not_raise() -> None:
    item = parse({"object": "item", "tags": ["x"], "surprise": 1}, Item)
    assert isinstance(item, Item)
    assert item.id is None
    assert item.status is None
    assert item.tags == ["x"]
    assert item.scores == {}
    assert item.surprise == 1


def test_wrong_typed_values_do_not_raise_and_are_kept() -> None:
    item = parse({**ITEM, "id": 42, "usage": "not an object", "scores": {"a": "high"}}, Item)
    assert isinstance(item, Item)
    assert item.id == 42
    assert item.usage == "not an object"
    assert item.scores == {"a": "high"}
    assert item.tags == ["a", "b"]


def test_wrong_typed_nested_model_field_does_not_raise() -> None:
    line = parse({"start": {"x": "zero", "y": 0}, "end": [1, 2], "label": 3}, Line)
    assert isinstance(line.start, Point)
    assert line.start.x == "zero"
    assert line.end == [1, 2]
    assert line.label == 3


def test_string_where_list_expected_is_not_split_into_characters() -> None:
    item = parse({**ITEM, "tags": "abc"}, Item)
    assert item.tags == "abc"
    assert item.tags != ["a", "b", "c"]
    msg = parse({"role": "user", "content": "hello"}, Message)
    assert msg.content == "hello"


def test_null_where_list_expected() -> None:
    item = parse({**ITEM, "tags": None}, Item)
    assert item.tags is None


def test_nested_lists_and_dicts() -> None:
    data = {
        "matrix": [[1, 2], [3]],
        "by_name": {"a": [{"prompt_tokens": 1}], "b": []},
    }
    nested = parse(data, Nested)
    assert nested.matrix == [[1, 2], [3]]
    assert isinstance(nested.by_name["a"][0], Usage)
    assert nested.by_name["a"][0].prompt_tokens == 1
    assert nested.by_name["b"] == []
    assert nested.to_dict() == {
        "matrix": [[1, 2], [3]],
        "by_name": {"a": [{"prompt_tokens": 1, "completion_tokens": 0}], "b": []},
    }


# ---- renamed fields -------------------------------------------------------------------------


def test_json_names_rename_on_parse_and_dump() -> None:
    edge = parse({"from": "a", "to": "b"}, Edge)
    assert edge.from_ == "a"
    assert edge.model_extra == {}
    assert edge.to_dict() == {"from": "a", "to": "b"}
    assert to_json_value(Edge(from_="x", to="y")) == {"from": "x", "to": "y"}


def test_json_names_lenient_path() -> None:
    edge = parse({"from": "a"}, Edge)  # "to" missing
    assert edge.from_ == "a"
    assert edge.to is None


# ---- recursion ------------------------------------------------------------------------------


def test_recursive_tree() -> None:
    data = {"name": "root", "children": [{"name": "a", "children": [{"name": "a1"}]}, {"name": "b"}]}
    root = parse(data, Node)
    assert isinstance(root.children[0], Node)
    assert isinstance(root.children[0].children[0], Node)
    assert root.children[0].children[0].name == "a1"
    assert root.children[1].children == []
    assert root.to_dict() == {
        "name": "root",
        "children": [{"name": "a", "children": [{"name": "a1", "children": []}]}, {"name": "b", "children": []}],
    }


def test_recursive_optional_self_reference() -> None:
    node = parse({"name": "leaf", "parent": {"name": "top", "extra": 1}}, Node)
    assert isinstance(node.parent, Node)
    assert node.parent.extra == 1


# ---- to_json_value --------------------------------------------------------------------------


def test_to_json_value_drops_not_given_keeps_none() -> None:
    value = {"a": NOT_GIVEN, "b": None, "c": {"d": NOT_GIVEN, "e": 1}, "f": [{"g": NOT_GIVEN}]}
    assert to_json_value(value) == {"b": None, "c": {"e": 1}, "f": [{}]}


def test_to_json_value_unstructures_nested_models() -> None:
    value = {
        "parts": [TextPart(type="text", text="hi"), ImagePart(type="image", url="u")],
        "point": (Point(x=1, y=2),),
    }
    assert to_json_value(value) == {
        "parts": [{"type": "text", "text": "hi"}, {"type": "image", "url": "u"}],
        "point": [{"x": 1, "y": 2}],
    }
    json.dumps(to_json_value(value))  # JSON-ready


def test_to_json_value_omits_optional_none_fields_of_models() -> None:
    item = Item(id="1", object="item", status="done", tags=[], note=None, usage=None)
    out = to_json_value(item)
    assert "note" not in out
    assert "usage" not in out
    assert out == {"id": "1", "object": "item", "status": "done", "tags": [], "scores": {}}


def test_to_json_value_model_with_not_given_field() -> None:
    item = Item(id="1", object="item", status="done", tags=[], note=NOT_GIVEN)  # type: ignore[arg-type]
    assert "note" not in to_json_value(item)


def test_to_json_value_primitives() -> None:
    values: list[Any] = ["s", 1, 1.5, True, None]
    assert [to_json_value(v) for v in values] == values


def test_unhashable_tag_value_becomes_unknown_object() -> None:
    # A tag that is not a string (a list or an object) must not crash dispatch.
    for raw in ({"type": ["text"]}, {"type": {"v": 2}}):
        obj = parse(raw, Part)
        assert isinstance(obj, UnknownObject)
        assert obj.model_extra == raw


def test_unhashable_tag_in_list_does_not_unparse_siblings() -> None:
    msg = parse({"role": "user", "content": [{"type": ["x"]}, {"type": "text", "text": "ok"}]}, Message)
    assert isinstance(msg.content[0], UnknownObject)
    assert isinstance(msg.content[1], TextPart)
    assert msg.content[1].text == "ok"
