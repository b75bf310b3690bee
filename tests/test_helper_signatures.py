"""The helpers have real signatures: the parameters of the operation they wrap, as the official
SDK (openai 3.3.1, a test-only dependency) has them.

Two comparisons, on both clients: the SDK's own check (``assert_signatures_in_sync``: every
parameter of the wrapped method is a parameter of the helper, with the same annotation) run on
our methods, and our helper against the SDK's helper (names, order, kinds and defaults).
"""

from __future__ import annotations

import functools
import inspect
import json
import pydoc
import subprocess
import sys
import types
import typing
from collections.abc import Iterator
from typing import Any

import openai
import pydantic
import pytest
import typing_extensions
from openai._utils import assert_signatures_in_sync

import openai_core
from openai_core import AsyncClient, Client
from openai_core.testing import LocalServer
from tests.conftest import Api
from transports import AsyncMockTransport, MockResponse, MockTransport

# (wrapped method, helper, parameters the SDK's own test leaves out), as its tests compare them
SDK_PAIRS = [
    ("chat.completions.create", "chat.completions.parse", {"response_format", "stream"}),
    ("chat.completions.create", "chat.completions.stream", {"response_format", "stream"}),
    ("beta.chat.completions.create", "beta.chat.completions.parse", {"response_format", "stream"}),
    ("beta.chat.completions.create", "beta.chat.completions.stream", {"response_format", "stream"}),
    ("responses.create", "responses.parse", {"tools"}),
    ("responses.create", "responses.stream", {"stream", "tools"}),
    ("beta.threads.create_and_run", "beta.threads.create_and_run_poll", {"stream"}),
    ("beta.threads.create_and_run", "beta.threads.create_and_run_stream", {"stream"}),
    ("beta.threads.runs.create", "beta.threads.runs.create_and_poll", {"stream"}),
    ("beta.threads.runs.create", "beta.threads.runs.stream", {"stream"}),
    ("beta.threads.runs.create", "beta.threads.runs.create_and_stream", {"stream"}),
    ("beta.threads.runs.submit_tool_outputs", "beta.threads.runs.submit_tool_outputs_and_poll", {"stream"}),
    ("beta.threads.runs.submit_tool_outputs", "beta.threads.runs.submit_tool_outputs_stream", {"stream"}),
    ("vector_stores.files.create", "vector_stores.files.create_and_poll", set()),
    ("vector_stores.files.create", "vector_stores.files.upload_and_poll", {"file_id"}),
    ("vector_stores.files.create", "vector_stores.files.upload", {"file_id"}),
    ("vector_stores.file_batches.create", "vector_stores.file_batches.create_and_poll", set()),
    ("vector_stores.file_batches.create", "vector_stores.file_batches.upload_and_poll", {"files", "file_ids"}),
    ("videos.create", "videos.create_and_poll", set()),
]

# Every helper of the SDK that ours mirrors: compared with the SDK's signature.
SDK_HELPERS = sorted(
    {helper for _, helper, _ in SDK_PAIRS}
    | {
        "beta.threads.runs.poll",
        "vector_stores.files.poll",
        "vector_stores.file_batches.poll",
        "videos.poll",
        "uploads.upload_file_chunked",
        "files.wait_for_processing",
    }
)

# Ours only (no SDK twin): they take their operation's parameters too.
OWN_HELPERS = ["chat.completions.run_tools", "responses.run_tools", "beta.chat.completions.run_tools"]


def _get(root: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        root = getattr(root, part)
    return root


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _clients(kind: str) -> tuple[Any, Any]:
    options: dict[str, Any] = {"api_key": "sk-x", "base_url": "http://127.0.0.1:9/v1"}
    if kind == "sync":
        return Client(**options), openai.OpenAI(**options)
    return AsyncClient(**options), openai.AsyncOpenAI(**options)


@pytest.mark.parametrize(("source", "helper", "exclude"), SDK_PAIRS, ids=[h for _, h, _ in SDK_PAIRS])
def test_the_sdk_check_passes_on_our_helpers(kind: str, source: str, helper: str, exclude: set[str]) -> None:
    ours, _ = _clients(kind)
    assert_signatures_in_sync(_get(ours, source), _get(ours, helper), exclude_params=exclude)


def test_the_sdk_check_catches_a_missing_parameter() -> None:
    """The check above is not vacuous: a helper without one of create()'s keywords fails it."""
    client, _ = _clients("sync")

    def parse(*, messages: Any, model: Any) -> None: ...

    with pytest.raises(AssertionError, match="`temperature` param is missing"):
        assert_signatures_in_sync(client.chat.completions.create, parse, exclude_params={"stream"})


def _default(parameter: inspect.Parameter) -> object:
    """A default as compared across the two packages: their "leave it out" sentinels (``omit``,
    ``NOT_GIVEN``) are one value, and any sequence is its list."""
    value = parameter.default
    if value is inspect.Parameter.empty:
        return "<required>"
    if type(value).__name__ in ("Omit", "NotGiven"):
        return "<omit>"
    if isinstance(value, (list, tuple)):
        return list(value)
    return value


@pytest.mark.parametrize("helper", SDK_HELPERS)
def test_each_helper_has_the_sdk_signature(kind: str, helper: str) -> None:
    ours, sdk = _clients(kind)
    theirs = inspect.signature(_get(sdk, helper)).parameters
    mine = inspect.signature(_get(ours, helper)).parameters
    assert [n for n in theirs if n not in mine] == []
    assert [n for n in mine if n in theirs] == list(theirs)  # in the SDK's order
    assert [(n, p.kind) for n, p in theirs.items()] == [(n, mine[n].kind) for n in theirs]
    assert [(n, _default(p)) for n, p in theirs.items()] == [(n, _default(mine[n])) for n in theirs]
    # what we take beyond the SDK (max_wait_seconds, max_retries, ...) is keyword-only and optional
    extra = [p for n, p in mine.items() if n not in theirs]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is not p.empty for p in extra)


@pytest.mark.parametrize("helper", [*SDK_HELPERS, *OWN_HELPERS])
def test_no_helper_takes_var_keywords(kind: str, helper: str) -> None:
    ours, _ = _clients(kind)
    kinds = {p.kind for p in inspect.signature(_get(ours, helper)).parameters.values()}
    assert inspect.Parameter.VAR_KEYWORD not in kinds and inspect.Parameter.VAR_POSITIONAL not in kinds


@pytest.mark.parametrize("helper", OWN_HELPERS)
def test_run_tools_takes_creates_parameters(kind: str, helper: str) -> None:
    ours, _ = _clients(kind)
    source = inspect.signature(_get(ours, helper.rsplit(".", 1)[0] + ".create")).parameters
    mine = inspect.signature(_get(ours, helper)).parameters
    assert set(source) - {"stream"} <= set(mine) and "stream" not in mine
    assert mine["max_rounds"].default == 10
    assert "FunctionTool[Any]" in str(mine["tools"].annotation)  # function_tool() objects are its tools


def test_a_misspelled_keyword_is_a_type_error_that_names_it(kind: str) -> None:
    ours, _ = _clients(kind)
    with pytest.raises(TypeError, match="'temprature'"):
        ours.chat.completions.parse(model="m", messages=[], temprature=0.2)
    with pytest.raises(TypeError, match="'chunking_strategi'"):
        ours.vector_stores.files.create_and_poll("file-1", vector_store_id="vs", chunking_strategi={})


def test_help_of_a_helper_is_readable() -> None:
    client, _ = _clients("sync")
    text = pydoc.render_doc(client.chat.completions.parse, renderer=pydoc.plaintext)
    lines = text.splitlines()
    assert len(lines) > 45 and max(len(line) for line in lines) < 400  # one parameter per line
    assert "    response_format: " in text and "    reasoning_effort: " in text
    assert "message.parsed" in text  # the helper's own docstring


def test_help_is_readable_when_inspect_loads_after_openai_core() -> None:
    code = (
        "import sys\n"
        "from openai_core import Client\n"
        "client = Client(api_key='k')\n"
        "assert 'inspect' not in sys.modules  # a plain client does not load it\n"
        "import pydoc\n"
        "for method in (client.chat.completions.create, client.chat.completions.parse):\n"
        "    lines = pydoc.render_doc(method, renderer=pydoc.plaintext).splitlines()\n"
        "    assert len(lines) > 45 and max(len(line) for line in lines) < 400, lines[:3]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def _recorder(kind: str, seen: list[Any], answer: dict[str, Any]) -> Any:
    def handler(request: Any) -> MockResponse:
        seen.append((request.url.split("/v1", 1)[1], json.loads(request.body) if request.body else None))
        return MockResponse.json(answer)

    if kind == "sync":
        return Client(api_key="k", transport=MockTransport(handler))
    return AsyncClient(api_key="k", transport=AsyncMockTransport(handler))


VS_FILE = {
    "id": "file-1",
    "object": "vector_store.file",
    "status": "completed",
    "vector_store_id": "vs",
    "created_at": 1,
}


async def test_a_helper_sends_the_arguments_given_and_no_others(kind: str) -> None:
    seen: list[Any] = []
    client = _recorder(kind, seen, VS_FILE)
    done = await Api(kind, client).run(
        client.vector_stores.files.create_and_poll(
            "file-1", vector_store_id="vs", chunking_strategy={"type": "auto"}, extra_body={"x": 1}
        )
    )
    assert done.status == "completed"
    assert seen[0] == ("/vector_stores/vs/files", {"file_id": "file-1", "chunking_strategy": {"type": "auto"}, "x": 1})
    assert len(seen) == 1  # completed at once: nothing to wait for


async def test_responses_parse_sends_verbosity_in_the_body(api: Api, server: LocalServer) -> None:
    """``verbosity`` is a parameter of the SDK's ``responses.parse`` only (not of ``create``)."""
    reply = await api.run(api.client.responses.parse(model="gpt-4o-mini", input="Hi", verbosity="low"))
    assert reply.output_text
    body = server.requests[-1].json()
    assert body["verbosity"] == "low" and body["input"] == "Hi"


def _literal_values(annotation: str, namespace: dict[str, Any]) -> set[str]:
    """The strings of the ``Literal[...]`` members of an annotation (given as text)."""
    tp = eval(annotation, namespace)  # our own module's annotation text, resolved in its namespace
    members = typing.get_args(tp) if typing.get_origin(tp) in (typing.Union, types.UnionType) else (tp,)
    return {v for m in members if typing.get_origin(m) is typing.Literal for v in typing.get_args(m)}


@pytest.mark.parametrize("which", ["translations", "transcriptions"])
def test_audio_overloads_cover_every_response_format(kind: str, which: str) -> None:
    """As the SDK checks its own: each overload of ``create`` takes the implementation's
    parameters, and together they cover every ``response_format`` the SDK offers."""
    import sys

    from openai.types.audio_response_format import AudioResponseFormat

    ours, _ = _clients(kind)
    fn = getattr(ours.audio, which).create
    namespace = {**vars(sys.modules[fn.__module__]), "Literal": typing.Literal}
    overloads = typing_extensions.get_overloads(fn)
    assert overloads
    covered: set[str] = set()
    for overload in overloads:
        values = _literal_values(inspect.signature(overload).parameters["response_format"].annotation, namespace)
        exclude = {"response_format", "stream"}
        if values != {"diarized_json"}:  # only diarized_json takes the known speakers ...
            exclude |= {"known_speaker_names", "known_speaker_references"}
        else:  # ... and it takes no prompt, include or timestamps
            exclude |= {"include", "prompt", "timestamp_granularities"}
        assert_signatures_in_sync(fn, overload, exclude_params=exclude)
        covered |= values
    expected = set(typing.get_args(AudioResponseFormat)) - ({"diarized_json"} if which == "translations" else set())
    assert expected <= covered


def test_text_formats_of_a_translation_are_typed_str() -> None:
    client, _ = _clients("sync")
    overloads = typing_extensions.get_overloads(client.audio.translations.create)
    returns = {inspect.signature(o).return_annotation for o in overloads}
    assert returns == {"CreateTranslationResponse", "str", "CreateTranslationResponse | str"}


class Weather(pydantic.BaseModel):
    city: str


def weather(city: str) -> str:
    """The weather in a city."""
    return f"sunny in {city}"


async def test_create_takes_function_tools_as_parse_does(api: Api, server: LocalServer) -> None:
    """``parse()`` and ``create()`` share ``tools``' annotation (the SDK checks it), so ``create()``
    takes :func:`pydantic_function_tool` / :func:`function_tool` objects too, and sends each as
    the definition its API wants."""
    messages = [{"role": "user", "content": "Hi"}]
    tool = openai_core.pydantic_function_tool(Weather)
    await api.run(api.client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=[tool]))
    chat_tool = server.requests[-1].json()["tools"][0]
    assert chat_tool["type"] == "function" and chat_tool["function"]["name"] == "Weather"
    assert chat_tool["function"]["strict"] is True and "city" in chat_tool["function"]["parameters"]["properties"]
    await api.run(
        api.client.responses.create(model="gpt-4o-mini", input="Hi", tools=[openai_core.function_tool(weather)])
    )
    responses_tool = server.requests[-1].json()["tools"][0]
    assert responses_tool["type"] == "function" and responses_tool["name"] == "weather"
    assert "function" not in responses_tool and responses_tool["strict"] is True


def _methods(resource: Any, seen: set[int]) -> Iterator[tuple[str, Any]]:
    """Every public method of ``resource`` and of the resources under it."""
    for name, attr in inspect.getmembers(type(resource)):
        if name.startswith("_") or name in ("with_options", "with_raw_response", "with_streaming_response"):
            continue
        if isinstance(attr, functools.cached_property):
            child = getattr(resource, name)
            if id(child) not in seen:
                seen.add(id(child))
                yield from ((f"{name}.{path}", m) for path, m in _methods(child, seen))
        elif inspect.isfunction(attr):
            yield name, getattr(resource, name)


def test_no_method_of_any_resource_takes_var_keywords(kind: str) -> None:
    """Not only the helpers: every method under the client spells out what it takes."""
    ours, _ = _clients(kind)
    methods = dict(_methods(ours, set()))
    assert len(methods) > 300 and "chat.completions.parse" in methods and "videos.create_and_poll" in methods
    loose = [
        path
        for path, method in methods.items()
        for p in inspect.signature(method).parameters.values()
        if p.kind in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
    ]
    assert loose == []
