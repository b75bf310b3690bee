"""The fast parsing paths (compiled structure functions, cached union hooks, event JSON scan)
keep the converter's rules: defaults, factories, unknown keys, schema drift, JSON errors."""

from __future__ import annotations

import json
import math
from typing import Any, Literal

import attrs
import pytest

import openai_core
from openai_core import APIDecodeError, _json
from openai_core._models import Model, UnknownObject, parse
from openai_core._request import _json_body
from openai_core.types.chat import ChatCompletionChunk
from tests.conftest import Api
from transports.mock import AsyncMockTransport, MockResponse, MockTransport


@attrs.define(slots=True, kw_only=True)
class Leaf(Model):
    kind: Literal["leaf"]
    size: int


@attrs.define(slots=True, kw_only=True)
class Box(Model):
    name: str
    mode: Literal["a", "b"] | str | None = "a"
    tags: list[str] = attrs.Factory(list)
    leaf: Leaf | None = None


def test_defaults_and_factories_when_keys_are_absent() -> None:
    first, second = parse({"name": "x"}, Box), parse({"name": "y"}, Box)
    assert (first.mode, first.tags, first.leaf) == ("a", [], None)
    first.tags.append("t")
    assert second.tags == []  # a fresh list from the factory for every object


def test_present_keys_are_structured_and_unknown_ones_kept() -> None:
    box = parse({"name": "x", "mode": "z", "tags": ["p"], "leaf": {"kind": "leaf", "size": 3}, "new": 1}, Box)
    assert (box.mode, box.tags, box.new) == ("z", ["p"], 1)
    assert isinstance(box.leaf, Leaf) and box.leaf.size == 3
    assert box.model_extra == {"new": 1}


def test_a_missing_required_key_falls_back_to_lenient_parsing() -> None:
    box = parse({"mode": "b", "leaf": {"size": 1, "kind": "leaf"}}, Box)
    assert box.name is None and box.mode == "b" and box.leaf.size == 1


@attrs.define(slots=True, kw_only=True)
class Crate(Model):
    label: str
    box: Box
    spare: Box | None = None


def test_nested_objects_that_do_not_fit_stay_lenient_alone_on_every_parse() -> None:
    whole = {"label": "c", "box": {"name": "b", "leaf": {"kind": "leaf", "size": 2}}, "spare": {"name": "s"}}
    drifted = {"label": "d", "box": {"leaf": {"size": 5}, "extra": 1}, "spare": {"mode": "b"}, "new": True}
    for _ in range(2):  # the second time, the nested classes' compiled functions are called directly
        crate = parse(whole, Crate)
        assert (crate.label, crate.box.name, crate.box.leaf.size, crate.spare.name) == ("c", "b", 2, "s")
        odd = parse(drifted, Crate)
        assert (odd.label, odd.new, odd.box.name, odd.box.extra, odd.box.tags) == ("d", True, None, 1, [])
        assert (odd.box.leaf.kind, odd.box.leaf.size) == (None, 5)
        assert (odd.spare.name, odd.spare.mode) == (None, "b")
        assert parse({"label": "x", "box": "not an object"}, Crate).box == "not an object"


@attrs.define(slots=True, kw_only=True)
class Tiered(Box):
    """Box's fields, with a structure hook of its own that no other test has used."""


def test_a_class_is_parsed_field_by_field_once_then_compiled_with_the_same_results() -> None:
    from openai_core._models import structure_hook

    samples = [
        {"name": "x"},
        {"name": "x", "mode": "z", "tags": ["p"], "leaf": {"kind": "leaf", "size": 3}, "new": 1},
        {"name": None, "mode": None, "tags": None, "leaf": None},
        {"mode": "b", "leaf": {"size": 1}},
        {"name": "y", "leaf": "not an object", "tags": "nor a list"},
    ]
    compiled = structure_hook(Tiered).compiled  # type: ignore[attr-defined]
    first = [parse(samples[0], Tiered)]
    assert not compiled  # the first parse went field by field
    first += [parse(sample, Tiered) for sample in samples[1:]]
    assert len(compiled) == 1  # compiled at the second
    again = [parse(sample, Tiered) for sample in samples]
    for one, two in zip(first, again, strict=True):
        assert one == two and one.model_extra == two.model_extra
        assert one.to_dict() == two.to_dict()
    assert first[0].tags is not again[0].tags  # a fresh list from the factory on either path


def test_a_union_of_primitives_keeps_any_value_as_sent() -> None:
    box = parse({"name": "x", "mode": {"nested": True}}, Box)
    assert box.mode == {"nested": True}


def test_hot_stream_chunk_parses_with_unknown_keys() -> None:
    chunk = parse(
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": "hi", "brand_new": 2}, "finish_reason": None}],
            "obfuscation": "xyz",
        },
        ChatCompletionChunk,
    )
    assert chunk.choices[0].delta.content == "hi"
    assert chunk.choices[0].delta.brand_new == 2
    assert chunk.obfuscation == "xyz"


def _stream_client(kind: str, body: bytes) -> Any:
    answer = MockResponse(headers={"content-type": "text/event-stream"}, body=[body])
    transport: Any = MockTransport(lambda r: answer) if kind == "sync" else AsyncMockTransport(lambda r: answer)
    return (openai_core.Client if kind == "sync" else openai_core.AsyncClient)(api_key="k", transport=transport)


DELTA = (
    b'{"type":"response.output_text.delta","sequence_number":%d,"item_id":"i","output_index":0,'
    b'"content_index":0,"delta":"%s","logprobs":[]}'
)


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_event_json_with_surrounding_whitespace_is_parsed(kind: str) -> None:
    body = b"data: " + DELTA % (1, b"a") + b"\n\ndata:   " + DELTA % (2, b"b") + b'  \n\ndata: {"type":"done"}\n\n'
    client = _stream_client(kind, body)
    events = await Api.collect(await Api.run(client.responses.create(model="m", input="x", stream=True)))
    assert [e.delta for e in events[:2]] == ["a", "b"]
    assert isinstance(events[2], UnknownObject)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("data", [b'{"type":"x"} trailing', b'{"type":', b"nul"])
async def test_event_data_that_is_not_json_raises(kind: str, data: bytes) -> None:
    client = _stream_client(kind, b"data: " + data + b"\n\n")
    with pytest.raises(APIDecodeError):
        await Api.collect(await Api.run(client.responses.create(model="m", input="x", stream=True)))


@pytest.mark.parametrize("decoder", ["orjson", "standard"])
def test_event_json_decoding_follows_the_standard_rules(decoder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _json.load_orjson()
    if decoder == "standard":
        monkeypatch.setattr(_json, "_orjson_loads", None)
    elif _json._orjson_loads is None:
        monkeypatch.setattr(_json, "_orjson_loads", json.loads)  # stands in when orjson is absent
    big = 2**70
    assert _json.loads_event('{"a":[1,"x",null]}') == {"a": [1, "x", None]}
    assert _json.loads_event(' {"a":1} ') == {"a": 1}
    assert _json.loads_event(f'{{"n":{big}}}') == {"n": big}  # beyond 64 bits: orjson refuses, json does not
    assert _json.loads_event('{"f":NaN}')["f"] != _json.loads_event('{"f":NaN}')["f"]
    for bad in ('{"a":1}x', "", "nul", '{"a":'):
        with pytest.raises(ValueError):
            _json.loads_event(bad)


@pytest.mark.parametrize("decoder", ["orjson", "standard"])
def test_body_json_decoding_follows_the_standard_rules(decoder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _json.load_orjson()
    if decoder == "standard":
        monkeypatch.setattr(_json, "_orjson_loads", None)
    elif _json._orjson_loads is None:
        monkeypatch.setattr(_json, "_orjson_loads", json.loads)
    assert _json.loads(b'{"a": [1, 2.5, "\xc3\xa9"]}') == {"a": [1, 2.5, "é"]}
    assert _json.loads(b'{"n": %d}' % 2**70) == {"n": 2**70}
    with pytest.raises(UnicodeDecodeError):
        _json.loads(b'{"a": "\xff"}')
    with pytest.raises(ValueError):
        _json.loads(b'{"a": ')


class _Tag(str):
    pass


@pytest.mark.parametrize("encoder", ["orjson", "standard"])
def test_request_json_is_what_json_dumps_writes(encoder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _json.load_orjson()
    if encoder == "standard":
        monkeypatch.setattr(_json, "_orjson_dumps", None)
    plain = {"a": [1, "é", True, 2.5, (1, 2)], "s": 'line\nbreak \x01 "q" \\', "big": 2**70, "neg": -0.0}
    assert _json_body(plain) == json.dumps(plain, separators=(",", ":"), ensure_ascii=False).encode()
    assert _json_body({"t": math.nan, "u": -math.inf}) == b'{"t":NaN,"u":-Infinity}'  # never turned into null
    assert _json_body({"n": None, "k": _Tag("v"), 7: 2}) == b'{"n":null,"k":"v","7":2}'
    for number in (1e-7, 1e16, 0.1, 5e-324):
        assert json.loads(_json_body({"f": number})) == {"f": number}


def test_orjson_encodes_only_what_it_writes_as_json_dumps_does() -> None:
    assert _json.load_orjson() and _json._orjson_dumps is not None  # the test extra installs the fast one
    assert (
        _json.dumps_plain({"m": [{"role": "user", "content": "é"}]}) == '{"m":[{"role":"user","content":"é"}]}'.encode()
    )
    for left_alone in ({"t": math.nan}, {"n": None}, {"k": _Tag("v")}, {1: 2}, {"x": object()}):
        assert _json.dumps_plain(left_alone) is None


@attrs.frozen(kw_only=True)
class FrozenNode(Model):
    name: str
    child: FrozenNode | None = None
    tags: list[str] = attrs.Factory(list)


_validated: list[int] = []


def _positive(instance: Any, attribute: Any, value: int) -> None:
    _validated.append(value)
    if value <= 0:
        raise ValueError("must be positive")


@attrs.define(kw_only=True)
class Checked(Model):
    size: int = attrs.field(validator=_positive)
    label: str = "x"


def test_a_frozen_subclass_is_built_through_its_init_with_its_source_kept() -> None:
    node = parse({"name": "a", "child": {"name": "b", "extra": 1}, "more": 2}, FrozenNode)
    assert node.child is not None and node.child.name == "b" and node.child.extra == 1
    assert (node.tags, node.child.tags, node.more, node.model_extra) == ([], [], 2, {"more": 2})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        node.name = "c"  # type: ignore[misc]


def test_a_validating_subclass_still_runs_its_validator() -> None:
    _validated.clear()
    assert parse({"size": 3}, Checked).size == 3
    assert _validated == [3]  # built through attrs' __init__, which validates
    # The validator refuses 0: the compiled path gives way to the lenient one, which keeps it.
    assert parse({"size": 0, "label": "y"}, Checked).size == 0


def test_an_optional_nested_model_that_is_not_an_object_is_kept_as_sent() -> None:
    box = parse({"name": "x", "leaf": "not an object"}, Box)
    assert box.leaf == "not an object"
    box = parse({"name": "x", "leaf": {"kind": "leaf", "size": 2, "new": True}}, Box)
    assert isinstance(box.leaf, Leaf) and box.leaf.new is True


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_result_keeps_unknown_keys_at_every_level(kind: str) -> None:
    body = {
        "id": "c",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "finish_reason": "brand_new_reason",
                "logprobs": None,
                "message": {"role": "assistant", "content": "hi", "annotations": [], "extra": 1},
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3, "prompt_tokens_details": "odd"},
        "novel": {"k": 1},
    }
    answer = MockResponse(body=json.dumps(body).encode())
    transport: Any = MockTransport(lambda r: answer) if kind == "sync" else AsyncMockTransport(lambda r: answer)
    client = (openai_core.Client if kind == "sync" else openai_core.AsyncClient)(api_key="k", transport=transport)
    reply = await Api.run(client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}]))
    message = reply.choices[0].message
    assert (message.content, message.extra, message.annotations) == ("hi", 1, [])
    assert reply.choices[0].finish_reason == "brand_new_reason"
    assert reply.usage.prompt_tokens_details == "odd"  # a value of the wrong shape is kept raw
    assert reply.novel == {"k": 1} and reply.to_dict()["novel"] == {"k": 1}


def test_every_field_of_every_api_type_keeps_a_json_scalar_or_an_empty_array() -> None:
    # A first parse keeps scalars and empty arrays without evaluating their field's type; this
    # holds only while no field's hook turns them into something else.
    from openai_core import _record
    from openai_core._models import _field_type, _is_model_class, structure_hook
    from openai_core.types import _index

    checked = 0
    for name in _index.NAMES:
        cls = getattr(openai_core.types, name)
        if not _is_model_class(cls):
            continue
        for a in _record.fields(cls):
            tp = _field_type(cls, a, make=True)
            hook = structure_hook(tp)
            for value in ("x", 0, 1.5, True, None, []):
                try:
                    out = hook(value, tp)
                except Exception:  # the parse keeps the raw value then
                    out = value
                assert out is value or (value == [] and out == [] and type(out) is list), (name, a.name, tp, out)
                checked += 1
    assert checked > 40_000


def test_a_first_parse_of_an_api_type_matches_the_compiled_one_on_drifted_scalars() -> None:
    import subprocess
    import sys

    sample = {
        "id": "c",
        "created": "yesterday",  # a string where the spec says integer
        "model": "m",
        "service_tier": "flex",
        "usage": 5,  # a number where an object was expected
        "choices": [
            {"index": 0, "finish_reason": "brand_new", "message": "plain text", "logprobs": None},
            {"index": 1, "finish_reason": "stop", "message": {"role": "assistant", "content": "x", "annotations": []}},
        ],
    }
    code = (
        "import openai_core.types.chat as chat\n"
        "from openai_core._models import parse\n"
        f"sample = {sample!r}\n"
        "first = parse(sample, chat.ChatCompletion)  # field by field\n"
        "assert 'ServiceTier' not in vars(chat)  # a scalar needed no field type\n"
        "assert 'ChatCompletionResponseMessageAnnotations' not in vars(chat)  # nor an empty array\n"
        "second, third = parse(sample, chat.ChatCompletion), parse(sample, chat.ChatCompletion)\n"
        "for got in (first, second, third):\n"
        "    assert (got.created, got.usage, got.service_tier) == ('yesterday', 5, 'flex')\n"
        "    choice = got.choices[0]\n"
        "    assert (choice.message, choice.finish_reason, choice.logprobs) == ('plain text', 'brand_new', None)\n"
        "    assert got.choices[1].message.content == 'x' and got.choices[1].message.annotations == []\n"
        "    assert got.to_dict() == first.to_dict()\n"
        "assert first.to_dict()['object'] == 'chat.completion'  # its default\n"
        "assert {k: v for k, v in first.to_dict().items() if k not in ('object', 'choices')} == {\n"
        "    k: v for k, v in sample.items() if k != 'choices'}\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
