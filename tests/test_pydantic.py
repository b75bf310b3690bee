"""pydantic models next to attrs classes and dataclasses: strict schemas, ``parse()``,
``pydantic_function_tool`` and parsed tool-call arguments, on both clients."""

from __future__ import annotations

import dataclasses
import datetime
import json
import subprocess
import sys
from typing import Annotated, Any, Literal, Optional, Union

import annotated_types
import attrs
import pydantic
import pytest

import openai_core
from openai_core import OutputValidationError, function_tool, pydantic_function_tool, strict_schema
from openai_core.helpers._schema import Mismatch, load
from openai_core.testing import LocalServer
from tests.conftest import Api

MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Describe Ada."}]


class PetModel(pydantic.BaseModel):
    kind: Literal["pet"]
    name: str


class CarModel(pydantic.BaseModel):
    kind: Literal["car"]
    wheels: int = pydantic.Field(description="How many wheels.", ge=0)


class OwnerModel(pydantic.BaseModel):
    """Someone who owns things."""

    full_name: str = pydantic.Field(alias="fullName")
    nick: Optional[str] = None  # noqa: UP045 - typing.Optional on purpose
    things: list[Annotated[Union[PetModel, CarModel], pydantic.Field(discriminator="kind")]]


# The same shape three times: the schema must not depend on the kind of class.
class CityModel(pydantic.BaseModel):
    name: str
    population: int | None


class PlaceModel(pydantic.BaseModel):
    city: CityModel
    tags: list[str] = []


@attrs.define
class CityAttrs:
    name: str
    population: int | None


@attrs.define
class PlaceAttrs:
    city: CityAttrs
    tags: list[str] = attrs.field(factory=list)


@dataclasses.dataclass
class CityData:
    name: str
    population: int | None


@dataclasses.dataclass
class PlaceData:
    city: CityData
    tags: list[str] = dataclasses.field(default_factory=list)


class HasDatetime(pydantic.BaseModel):
    when: datetime.datetime


class HasIntKeys(pydantic.BaseModel):
    by_id: dict[int, str]


class HasAny(pydantic.BaseModel):
    data: Any


class Weather(pydantic.BaseModel):
    """Get the weather."""

    city: str
    unit: Literal["c", "f"]


@attrs.define
class WeatherAttrs:
    city: str


@dataclasses.dataclass
class WeatherData:
    city: str


def _renamed(schema: dict[str, Any], suffix: str) -> str:
    return json.dumps(schema).replace(suffix, "")


def test_importing_openai_core_never_imports_pydantic() -> None:
    code = (
        "import sys, attrs, dataclasses, openai_core\n"
        "from openai_core import strict_schema, function_tool, pydantic_function_tool\n"
        "@attrs.define\n"
        "class A:\n"
        "    x: int\n"
        "strict_schema(A); function_tool(A)\n"
        "import openai_core.helpers.chat, openai_core.helpers.responses, openai_core.helpers.streams\n"
        "import openai_core.helpers.assistants, openai_core._realtime\n"
        "print('pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pydantic_schema_is_strict() -> None:
    schema = strict_schema(OwnerModel)
    assert schema["description"] == "Someone who owns things."
    assert schema["required"] == ["fullName", "nick", "things"]  # every field, by its alias
    assert schema["additionalProperties"] is False
    assert schema["properties"]["nick"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}
    # The discriminated union is anyOf (pydantic's own schema says oneOf), its members in $defs.
    assert "oneOf" in json.dumps(OwnerModel.model_json_schema())
    assert "oneOf" not in json.dumps(schema)
    items = schema["properties"]["things"]["items"]
    assert items == {"anyOf": [{"$ref": "#/$defs/PetModel"}, {"$ref": "#/$defs/CarModel"}]}
    car = schema["$defs"]["CarModel"]
    assert car["required"] == ["kind", "wheels"] and car["additionalProperties"] is False
    assert car["properties"]["wheels"] == {"type": "integer", "minimum": 0, "description": "How many wheels."}


def test_the_three_kinds_of_class_give_the_same_schema() -> None:
    pyd = _renamed(strict_schema(PlaceModel), "Model")
    assert pyd == _renamed(strict_schema(PlaceAttrs), "Attrs")
    assert pyd == _renamed(strict_schema(PlaceData), "Data")
    assert strict_schema(PlaceModel)["required"] == ["city", "tags"]


def test_loading_builds_models_picks_the_union_member_and_runs_validators() -> None:
    data = {"fullName": "Ada", "nick": None, "things": [{"kind": "car", "wheels": 3}, {"kind": "pet", "name": "Tom"}]}
    owner = load(OwnerModel, data)
    assert isinstance(owner, OwnerModel) and owner.full_name == "Ada"
    assert owner.things == [CarModel(kind="car", wheels=3), PetModel(kind="pet", name="Tom")]
    with pytest.raises(Mismatch, match=r"(?s)things\[0\].*CarModel refused.*greater than or equal"):
        load(OwnerModel, {**data, "things": [{"kind": "car", "wheels": -1}]})


@attrs.define
class Cat:
    meows: bool


@dataclasses.dataclass
class Dog:
    barks: int


@attrs.define
class Home:
    animal: Union[Cat, Dog]


def test_union_of_attrs_classes_loads_the_matching_one() -> None:
    schema = strict_schema(Home)
    assert schema["properties"]["animal"] == {"anyOf": [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}]}
    assert load(Home, {"animal": {"barks": 2}}) == Home(Dog(2))
    assert load(Home, {"animal": {"meows": True}}) == Home(Cat(True))
    with pytest.raises(Mismatch):
        load(Home, {"animal": {"purrs": 1}})


@pytest.mark.parametrize(
    ("cls", "pattern"),
    [
        (HasDatetime, r"^HasDatetime\.when: datetime cannot be expressed in a strict JSON schema"),
        (HasIntKeys, r"^HasIntKeys\.by_id: dict\[int, str\] cannot be expressed .*keys are strings"),
        (HasAny, r"^HasAny\.data: Any cannot be expressed"),
    ],
)
def test_refused_models_name_the_field(cls: type, pattern: str) -> None:
    with pytest.raises(TypeError, match=pattern):
        strict_schema(cls)


def test_pydantic_function_tool_definition() -> None:
    tool = pydantic_function_tool(Weather)
    assert dict(tool) == {
        "type": "function",
        "function": {
            "name": "Weather",
            "description": "Get the weather.",
            "parameters": strict_schema(Weather),
            "strict": True,
        },
    }
    named = pydantic_function_tool(Weather, name="weather", description="Now.")
    assert named["function"]["name"] == "weather" and named["function"]["description"] == "Now."
    assert named.call_json('{"city": "Paris", "unit": "c"}') == Weather(city="Paris", unit="c")
    with pytest.raises(TypeError, match="pydantic model"):
        pydantic_function_tool(WeatherAttrs)
    assert openai_core.pydantic_function_tool is pydantic_function_tool


async def test_chat_parse_pydantic_end_to_end(api: Api, server: LocalServer) -> None:
    result = await api.run(
        api.client.chat.completions.parse(model=MODEL, messages=MESSAGES, response_format=PlaceModel)
    )
    assert isinstance(result.parsed, PlaceModel)
    assert result.parsed == result.choices[0].message.parsed
    assert result.parsed.city.name == "example"
    sent = server.requests[0].json()["response_format"]
    assert sent == {
        "type": "json_schema",
        "json_schema": {"name": "PlaceModel", "schema": strict_schema(PlaceModel), "strict": True},
    }


async def test_responses_parse_pydantic_end_to_end(api: Api, server: LocalServer) -> None:
    result = await api.run(api.client.responses.parse(model=MODEL, input="x", text_format=PlaceModel))
    assert isinstance(result.output_parsed, PlaceModel) and result.output_parsed.city.name == "example"
    assert server.requests[0].json()["text"]["format"]["schema"] == strict_schema(PlaceModel)


async def test_parse_refuses_an_inexpressible_model_before_sending(api: Api, server: LocalServer) -> None:
    with pytest.raises(TypeError, match=r"HasDatetime\.when"):
        await api.run(api.client.chat.completions.parse(model=MODEL, messages=MESSAGES, response_format=HasDatetime))
    with pytest.raises(TypeError, match=r"HasDatetime\.when"):
        await api.run(
            api.client.chat.completions.create(
                model=MODEL, messages=MESSAGES, tools=[pydantic_function_tool(HasDatetime)]
            )
        )
    assert server.requests == []


def _tool_calls_body(*calls: tuple[str, str, str]) -> dict[str, Any]:
    tool_calls = [
        {"id": cid, "type": "function", "function": {"name": name, "arguments": args}} for cid, name, args in calls
    ]
    message = {"role": "assistant", "content": None, "refusal": None, "tool_calls": tool_calls}
    return {
        "id": "chatcmpl-tools",
        "object": "chat.completion",
        "created": 1,
        "model": MODEL,
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": "tool_calls"}],
    }


async def test_parsed_tool_call_arguments_for_the_three_kinds(api: Api, server: LocalServer) -> None:
    strict_dict = {
        "type": "function",
        "function": {"name": "lookup", "parameters": {"type": "object"}, "strict": True},
    }
    loose_dict = {"type": "function", "function": {"name": "loose", "parameters": {"type": "object"}}}
    server.fail_next(
        200,
        body=_tool_calls_body(
            ("c1", "Weather", '{"city": "Paris", "unit": "c"}'),
            ("c2", "WeatherAttrs", '{"city": "Rome"}'),
            ("c3", "WeatherData", '{"city": "Oslo"}'),
            ("c4", "lookup", '{"q": 1}'),
        ),
    )
    tools = [pydantic_function_tool(Weather), function_tool(WeatherAttrs), function_tool(WeatherData), strict_dict]
    result = await api.run(api.client.chat.completions.parse(model=MODEL, messages=MESSAGES, tools=tools))
    message = result.choices[0].message
    assert message.parsed is None and message.content is None
    parsed = [call.function.parsed_arguments for call in message.tool_calls]
    assert parsed == [Weather(city="Paris", unit="c"), WeatherAttrs("Rome"), WeatherData("Oslo"), {"q": 1}]
    assert [call.id for call in message.tool_calls] == ["c1", "c2", "c3", "c4"]
    assert message.tool_calls[0].function.arguments == '{"city": "Paris", "unit": "c"}'
    sent = server.requests[0].json()
    assert sent["tools"][0] == json.loads(json.dumps(dict(tools[0])))
    assert "response_format" not in sent
    # As in the SDK, parse() takes strict function tools only, and says so before sending.
    with pytest.raises(ValueError, match="'loose' is not strict"):
        await api.run(api.client.chat.completions.parse(model=MODEL, messages=MESSAGES, tools=[loose_dict]))
    with pytest.raises(ValueError, match="function tool calls only"):
        await api.run(
            api.client.chat.completions.parse(model=MODEL, messages=MESSAGES, tools=[{"type": "custom", "custom": {}}])
        )
    assert len(server.requests) == 1


async def test_tool_arguments_that_do_not_fit_are_an_output_validation_error(api: Api, server: LocalServer) -> None:
    server.fail_next(200, body=_tool_calls_body(("c1", "Weather", '{"city": "Paris", "unit": "kelvin"}')))
    with pytest.raises(OutputValidationError, match="Weather"):
        await api.run(
            api.client.chat.completions.parse(model=MODEL, messages=MESSAGES, tools=[pydantic_function_tool(Weather)])
        )


async def test_responses_parse_output_items_carry_parsed_values(api: Api, server: LocalServer) -> None:
    answer = await api.run(api.client.responses.parse(model=MODEL, input="x", text_format=PlaceModel))
    part = answer.output[0].content[0]
    assert part.parsed is answer.output_parsed and part.type == "output_text"
    assert answer.output[0].role == "assistant"  # the item's own fields are read through
    calls = await api.run(
        api.client.responses.parse(model=MODEL, input="weather?", tools=[pydantic_function_tool(Weather)])
    )
    (call,) = calls.output
    assert call.type == "function_call" and call.name == "Weather"
    assert call.parsed_arguments == Weather.model_validate_json(call.arguments)
    assert calls.output_parsed is None
    sent = server.requests[-1].json()["tools"][0]
    assert sent["name"] == "Weather" and sent["parameters"] == strict_schema(Weather)


def test_a_tool_returning_a_model_sends_its_json() -> None:
    from openai_core.helpers.tools import format_output

    assert json.loads(format_output(OwnerModel(fullName="Ada", things=[PetModel(kind="pet", name="Tom")]))) == {
        "fullName": "Ada",
        "nick": None,
        "things": [{"kind": "pet", "name": "Tom"}],
    }


class LimitsModel(pydantic.BaseModel):
    count: int = pydantic.Field(ge=0, le=9)
    ratio: Annotated[float, annotated_types.Gt(0)]
    code: str = pydantic.Field(pattern="^[A-Z]+$", min_length=2)
    picks: list[int] = pydantic.Field(min_length=1, max_length=3)
    maybe: int | None = pydantic.Field(ge=1)


@dataclasses.dataclass
class LimitsData:
    count: Annotated[int, annotated_types.Ge(0), annotated_types.Le(9)]
    ratio: Annotated[float, annotated_types.Gt(0)]
    code: Annotated[str, pydantic.Field(pattern="^[A-Z]+$"), annotated_types.MinLen(2)]
    picks: Annotated[list[int], annotated_types.MinLen(1), annotated_types.MaxLen(3)]
    maybe: Annotated[int | None, annotated_types.Ge(1)]


def test_constraints_strict_mode_accepts_are_sent_for_every_kind() -> None:
    schema = strict_schema(LimitsModel)
    assert schema["properties"] == {
        "count": {"type": "integer", "minimum": 0, "maximum": 9},
        "ratio": {"type": "number", "exclusiveMinimum": 0},
        "code": {"type": "string", "pattern": "^[A-Z]+$"},  # minLength: not a strict-mode keyword
        "picks": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
        "maybe": {"anyOf": [{"type": "integer"}, {"type": "null"}]},  # never beside an anyOf
    }
    assert strict_schema(LimitsData)["properties"] == schema["properties"]
    with pytest.raises(Mismatch, match="LimitsModel refused"):
        load(LimitsModel, {"count": 10, "ratio": 1.0, "code": "AB", "picks": [1], "maybe": None})
