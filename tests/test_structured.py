"""Structured outputs: strict JSON schemas from attrs classes and dataclasses, and
``chat.completions.parse`` / ``responses.parse`` against the embedded server."""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Annotated, Any, Literal, Optional, Union

import attrs
import pytest

import openai_core
from openai_core import (
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
    OutputValidationError,
    ParsedChatCompletion,
    ParsedResponse,
    RefusalError,
    StructuredOutputError,
    strict_schema,
)
from openai_core.helpers._schema import Mismatch, load
from openai_core.testing import LocalServer
from tests.conftest import Api

MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Tell me about Ada."}]


# ---- classes under test ------------------------------------------------------------------------


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


@attrs.define
class Flat:
    name: str
    age: int
    score: float
    active: bool
    nickname: Optional[str]  # noqa: UP045 - typing.Optional on purpose
    kind: Literal["a", "b"]
    color: Color
    level: Level = Level.LOW


@attrs.define
class Address:
    """Where someone lives."""

    street: str
    city: str


@attrs.define
class Person:
    name: str
    addresses: list[Address]
    home: Address | None = None
    tags: list[str] = attrs.field(factory=list)


@dataclasses.dataclass
class Pet:
    name: str
    legs: int = 4


@dataclasses.dataclass
class Household:
    pets: list[Pet]
    ages: dict[str, int]
    motto: str = "none"


@attrs.define
class Tree:
    value: int
    children: list[Tree]


@attrs.define
class Chain:
    value: int
    next: Chain | None


@attrs.define
class HoldsChain:
    head: Chain


@attrs.define
class Described:
    city: str = attrs.field(metadata={"description": "The city name."})
    unit: Annotated[Literal["c", "f"], "Temperature unit."] = "c"


@attrs.define
class Mixed:
    value: Union[int, str]
    maybe: Union[Literal["x", "y"], None]


# Refused constructs.
@attrs.define
class HasSet:
    tags: set[str]


@attrs.define
class HasAny:
    data: Any


@attrs.define
class HasBytes:
    blob: bytes


@attrs.define
class HasTuple:
    point: tuple[int, int]


@attrs.define
class HasIntKeys:
    by_id: dict[int, str]


@attrs.define
class HasObjectUnion:
    where: Union[Address, Pet]


@attrs.define
class HasBareList:
    items: list  # type: ignore[type-arg]


@attrs.define
class HasAmbiguousUnion:
    value: Union[Literal["auto"], str]


@attrs.define
class HasNestedSet:
    groups: list[set[str]]


@attrs.define
class HoldsBad:
    inner: HasSet


# ---- schema generation -------------------------------------------------------------------------


def test_flat_schema_exact() -> None:
    assert strict_schema(Flat) == {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "age": {"type": "integer"},
            "score": {"type": "number"},
            "active": {"type": "boolean"},
            "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "kind": {"type": "string", "enum": ["a", "b"]},
            "color": {"type": "string", "enum": ["red", "green"]},
            "level": {"type": "integer", "enum": [1, 2]},
        },
        "required": ["name", "age", "score", "active", "nickname", "kind", "color", "level"],
        "additionalProperties": False,
    }


def test_nested_schema_exact_uses_defs() -> None:
    address = {
        "type": "object",
        "description": "Where someone lives.",
        "properties": {"street": {"type": "string"}, "city": {"type": "string"}},
        "required": ["street", "city"],
        "additionalProperties": False,
    }
    assert strict_schema(Person) == {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "addresses": {"type": "array", "items": {"$ref": "#/$defs/Address"}},
            "home": {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}]},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["name", "addresses", "home", "tags"],
        "additionalProperties": False,
        "$defs": {"Address": address},
    }


def test_dict_is_an_array_of_key_value_items() -> None:
    schema = strict_schema(Household)
    assert schema["properties"]["ages"] == {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"key": {"type": "string"}, "value": {"type": "integer"}},
            "required": ["key", "value"],
            "additionalProperties": False,
        },
    }
    # A field with a default is still required: strict mode wants every property listed.
    assert schema["required"] == ["pets", "ages", "motto"]
    data = {"pets": [{"name": "Rex", "legs": 3}], "ages": [{"key": "ann", "value": 31}], "motto": "hi"}
    assert load(Household, data) == Household(pets=[Pet("Rex", 3)], ages={"ann": 31}, motto="hi")


def test_recursion_at_the_root_and_in_defs() -> None:
    assert strict_schema(Tree) == {
        "type": "object",
        "properties": {"value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#"}}},
        "required": ["value", "children"],
        "additionalProperties": False,
    }
    schema = strict_schema(HoldsChain)
    assert schema["properties"]["head"] == {"$ref": "#/$defs/Chain"}
    assert schema["$defs"]["Chain"]["properties"]["next"] == {"anyOf": [{"$ref": "#/$defs/Chain"}, {"type": "null"}]}
    tree = load(Tree, {"value": 1, "children": [{"value": 2, "children": []}]})
    assert tree == Tree(1, [Tree(2, [])])


def test_every_object_is_closed_and_fully_required() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node["additionalProperties"] is False
                assert node["required"] == list(node["properties"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for cls in (Flat, Person, Household, Tree, HoldsChain, Described, Mixed):
        walk(strict_schema(cls))


def test_descriptions_from_metadata_and_annotated() -> None:
    schema = strict_schema(Described)
    assert schema["properties"]["city"] == {"type": "string", "description": "The city name."}
    assert schema["properties"]["unit"] == {"type": "string", "enum": ["c", "f"], "description": "Temperature unit."}


def test_unions_of_distinct_json_types() -> None:
    schema = strict_schema(Mixed)
    assert schema["properties"]["value"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    assert schema["properties"]["maybe"] == {"anyOf": [{"type": "string", "enum": ["x", "y"]}, {"type": "null"}]}
    assert load(Mixed, {"value": 3, "maybe": None}) == Mixed(3, None)
    assert load(Mixed, {"value": "3", "maybe": "y"}) == Mixed("3", "y")


def test_loading_converts_enums_nested_classes_and_applies_defaults() -> None:
    flat = load(
        Flat,
        {"name": "a", "age": 3, "score": 2, "active": True, "nickname": None, "kind": "b", "color": "green"},
    )
    assert flat.color is Color.GREEN and flat.level is Level.LOW  # missing -> the default
    assert isinstance(flat.score, float)
    person = load(Person, {"name": "Ada", "addresses": [{"street": "1 Main", "city": "X"}], "home": None})
    assert person.addresses == [Address("1 Main", "X")] and person.tags == []


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"name": 1, "addresses": [], "home": None, "tags": []}, "name"),
        ({"name": "a", "addresses": [{"street": "s"}], "home": None, "tags": []}, "addresses[0]"),
        ({"name": "a", "addresses": "x", "home": None, "tags": []}, "addresses"),
        ({"addresses": [], "home": None, "tags": []}, "'name'"),
    ],
)
def test_loading_reports_where_the_json_does_not_fit(data: dict[str, Any], where: str) -> None:
    with pytest.raises(Mismatch, match=where.replace("[", r"\[")):
        load(Person, data)


@pytest.mark.parametrize(
    ("cls", "pattern"),
    [
        (HasSet, r"^HasSet\.tags: set\[str\] cannot be expressed in a strict JSON schema; use list"),
        (HasAny, r"^HasAny\.data: Any cannot be expressed in a strict JSON schema"),
        (HasBytes, r"^HasBytes\.blob: bytes cannot be expressed in a strict JSON schema"),
        (HasTuple, r"^HasTuple\.point: tuple\[int, int\] cannot be expressed in a strict JSON schema"),
        (HasIntKeys, r"^HasIntKeys\.by_id: dict\[int, str\] cannot be expressed .*keys are strings"),
        (HasBareList, r"^HasBareList\.items: list cannot be expressed in a strict JSON schema"),
        (HasAmbiguousUnion, r"^HasAmbiguousUnion\.value: .* cannot be expressed in a strict JSON schema"),
        (HasNestedSet, r"^HasNestedSet\.groups: set\[str\] cannot be expressed .* \(in list\[set\[str\]\]\)"),
        (HoldsBad, r"^HasSet\.tags: set\[str\] cannot be expressed"),  # the nested class's own field
    ],
)
def test_refused_constructs_name_the_class_and_field(cls: type, pattern: str) -> None:
    with pytest.raises(TypeError, match=pattern):
        strict_schema(cls)


def test_refuses_what_is_not_a_class() -> None:
    with pytest.raises(TypeError, match="not an attrs class, a dataclass or a pydantic model"):
        strict_schema(dict)


# ---- parse() against the embedded server -------------------------------------------------------


def _chat_body(message: dict[str, Any], finish_reason: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-crafted",
        "object": "chat.completion",
        "created": 1,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": None, "refusal": None, **message},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
    }


def _response_body(output: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    return {
        "id": "resp_crafted",
        "object": "response",
        "created_at": 1,
        "status": "completed",
        "error": None,
        "incomplete_details": None,
        "model": MODEL,
        "output": output,
        "parallel_tool_calls": True,
        "tools": [],
        "tool_choice": "auto",
        "metadata": {},
        "temperature": 1.0,
        "top_p": 1.0,
        "instructions": None,
        **fields,
    }


def _message_item(*parts: dict[str, Any]) -> dict[str, Any]:
    return {"id": "msg_1", "type": "message", "role": "assistant", "status": "completed", "content": list(parts)}


async def test_chat_parse_nested_attrs_end_to_end(api: Api, server: LocalServer) -> None:
    result = await api.run(
        api.client.chat.completions.parse(
            model=MODEL, messages=MESSAGES, response_format=Person, extra_headers={"X-Trace": "1"}
        )
    )
    assert isinstance(result, ParsedChatCompletion)
    person = result.choices[0].message.parsed
    assert person == result.parsed
    assert isinstance(person, Person)
    assert person.name == "example"
    assert person.addresses == [Address(street="example", city="example")]
    assert person.home == Address(street="example", city="example")
    # Everything else is the completion's.
    assert result.id.startswith("chatcmpl-") and result.choices[0].finish_reason == "stop"
    (request,) = server.requests
    assert result._request_id == request.request_id and result.completion.usage is not None
    assert json.loads(result.choices[0].message.content) == attrs.asdict(person)
    assert request.headers["x-trace"] == "1"
    sent = request.json()["response_format"]
    assert sent == {
        "type": "json_schema",
        "json_schema": {"name": "Person", "schema": strict_schema(Person), "strict": True},
    }


async def test_chat_parse_dataclass_with_dict(api: Api) -> None:
    result = await api.run(api.client.chat.completions.parse(model=MODEL, messages=MESSAGES, response_format=Household))
    assert result.parsed == Household(pets=[Pet("example", 1)], ages={"example": 1}, motto="example")


async def test_chat_parse_with_options_keeps_working(api: Api, server: LocalServer) -> None:
    completions = api.client.chat.completions.with_options(default_headers={"X-Team": "a"})
    result = await api.run(completions.parse(model=MODEL, messages=MESSAGES, response_format=Tree, temperature=0))
    assert result.parsed.value == 1
    assert server.requests[0].headers["x-team"] == "a"
    assert server.requests[0].json()["temperature"] == 0


async def test_responses_parse_end_to_end(api: Api, server: LocalServer) -> None:
    result = await api.run(
        api.client.responses.parse(
            model=MODEL, input="Describe a home.", text_format=Household, text={"verbosity": "low"}
        )
    )
    assert isinstance(result, ParsedResponse)
    assert result.output_parsed == Household(pets=[Pet("example", 1)], ages={"example": 1}, motto="example")
    assert json.loads(result.output_text)["motto"] == "example"
    assert result.id.startswith("resp_") and result.status == "completed"
    text = server.requests[0].json()["text"]
    assert text == {
        "verbosity": "low",
        "format": {"type": "json_schema", "name": "Household", "schema": strict_schema(Household), "strict": True},
    }


async def test_responses_parse_nested_attrs(api: Api) -> None:
    result = await api.run(api.client.responses.parse(model=MODEL, input="Ada", text_format=Person))
    assert result.output_parsed.addresses == [Address("example", "example")]


@pytest.mark.parametrize(
    ("message", "finish_reason", "error"),
    [
        ({"refusal": "I can't help with that."}, "stop", RefusalError),
        ({"content": '{"name": "Ad'}, "length", LengthFinishReasonError),
        ({"content": None}, "content_filter", ContentFilterFinishReasonError),
        ({"content": "not json"}, "stop", OutputValidationError),
        ({"content": '{"name": 3}'}, "stop", OutputValidationError),
    ],
)
async def test_chat_parse_errors(
    api: Api, server: LocalServer, message: dict[str, Any], finish_reason: str, error: type[Exception]
) -> None:
    server.fail_next(200, body=_chat_body(message, finish_reason))
    with pytest.raises(error) as caught:
        await api.run(api.client.chat.completions.parse(model=MODEL, messages=MESSAGES, response_format=Person))
    err = caught.value
    assert isinstance(err, StructuredOutputError) and isinstance(err, openai_core.OpenAIError)
    assert err.completion.id == "chatcmpl-crafted"
    if isinstance(err, RefusalError):
        assert err.refusal == "I can't help with that."


def test_the_three_errors_are_distinct() -> None:
    classes = {RefusalError, LengthFinishReasonError, ContentFilterFinishReasonError}
    for cls in classes:
        assert not any(issubclass(cls, other) for other in classes - {cls})


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (_response_body([_message_item({"type": "refusal", "refusal": "No."})]), RefusalError),
        (
            _response_body(
                [_message_item({"type": "output_text", "text": '{"na', "annotations": [], "logprobs": []})],
                status="incomplete",
                incomplete_details={"reason": "max_output_tokens"},
                max_output_tokens=5,
            ),
            LengthFinishReasonError,
        ),
        (
            _response_body([], status="incomplete", incomplete_details={"reason": "content_filter"}),
            ContentFilterFinishReasonError,
        ),
        (_response_body([]), OutputValidationError),
    ],
)
async def test_responses_parse_errors(
    api: Api, server: LocalServer, body: dict[str, Any], error: type[Exception]
) -> None:
    server.fail_next(200, body=body)
    with pytest.raises(error) as caught:
        await api.run(api.client.responses.parse(model=MODEL, input="x", text_format=Person))
    assert caught.value.completion.id == "resp_crafted"  # type: ignore[attr-defined]


async def test_parse_refuses_streaming_and_unsupported_classes(api: Api, server: LocalServer) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'stream'"):
        await api.run(
            api.client.chat.completions.parse(model=MODEL, messages=MESSAGES, response_format=Person, stream=True)
        )
    with pytest.raises(TypeError, match=r"HasSet\.tags"):
        await api.run(api.client.responses.parse(model=MODEL, input="x", text_format=HasSet))
    assert server.requests == []


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_create_refuses_a_class_as_response_format(kind: str) -> None:
    import pydantic

    from transports import AsyncMockTransport, MockResponse, MockTransport

    class Answer(pydantic.BaseModel):
        a: str

    sent: list[Any] = []
    handler = lambda request: sent.append(request) or MockResponse.json({})  # noqa: E731
    client: Any = (
        openai_core.Client(api_key="k", transport=MockTransport(handler))
        if kind == "sync"
        else openai_core.AsyncClient(api_key="k", transport=AsyncMockTransport(handler))
    )
    messages = [{"role": "user", "content": "hi"}]
    for cls, shown in ((Answer, "BaseModel"), (Mismatch, "Mismatch")):
        with pytest.raises(TypeError, match=rf"You tried to pass a `{shown}` class to `chat.completions.create\(\)`"):
            call = client.chat.completions.create(model="m", messages=messages, response_format=cls)
            if kind == "async":
                await call
    assert sent == []
