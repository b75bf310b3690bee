"""The generated types modules make a class when its name is first looked up, and parsing makes
the class of a field when the field first comes with a value: a first call makes the classes of
its result, not the 170 of ``types.chat`` and ``types.shared``, and a lazily made class behaves
as a module-level one. cattrs is imported only for types outside the
API's own kinds. Process-wide checks run in a fresh interpreter."""

from __future__ import annotations

import pickle
import subprocess
import sys
import typing

import attrs
import pytest

from openai_core.testing import LocalServer

_CALL = {
    "sync": "Client(api_key='k', base_url=URL, max_retries=0).chat.completions.create(model='m', messages=USER)",
    "async": "asyncio.run(once())",
}


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_first_chat_call_makes_only_the_classes_of_its_result(kind: str, server: LocalServer) -> None:
    code = (
        "import asyncio, sys\n"
        "from openai_core import AsyncClient, Client\n"
        "from openai_core._models import Model\n"
        f"URL, USER = {server.url!r}, [{{'role': 'user', 'content': 'hi'}}]\n"
        "async def once():\n"
        "    async with AsyncClient(api_key='k', base_url=URL, max_retries=0) as client:\n"
        "        return await client.chat.completions.create(model='m', messages=USER)\n"
        f"reply = {_CALL[kind]}\n"
        "assert type(reply).__name__ == 'ChatCompletion' and reply.choices[0].message.content, reply\n"
        "def made(cls):\n"
        "    for sub in cls.__subclasses__():\n"
        "        yield sub\n"
        "        yield from made(sub)\n"
        "names = {c.__name__ for c in made(Model) if c.__module__.startswith('openai_core.types.')}\n"
        "assert {'ChatCompletion', 'ChatCompletionMessage', 'CompletionUsage'} <= names, names\n"
        "assert len(names) < 12, sorted(names)  # the classes of the fields that came, not all 172\n"
        "assert 'ChatCompletionChunk' not in names and 'ChatCompletionAudio' not in names, sorted(names)\n"
        "assert 'openai_core.types.responses' not in sys.modules\n"
        "assert 'cattrs' not in sys.modules  # the API's own types are structured without it\n"
        f"assert {kind == 'async'} or 'attr' not in sys.modules  # records, not attrs (aiohttp imports it)\n"
        "assert 'openai_core.types._index' not in sys.modules  # no name was looked up in openai_core.types\n"
        "unused = ('_accumulate', '_limits', '_pagination', '_sse', '_streaming', '_webhooks',\n"
        "          'helpers._chat', 'helpers._schema', 'helpers.tools', '_http_client', '_deprecation',\n"
        "          '_status_errors')\n"
        "eager = [m for m in unused if 'openai_core.' + m in sys.modules]\n"
        "assert not eager, eager  # streams, pages, limiters, webhooks, parse(), http_client= load when used\n"
        "from openai_core.helpers.chat import ParsedChatCompletion, response_format_for\n"
        "assert ParsedChatCompletion.__name__ == 'ParsedChatCompletion' and callable(response_format_for)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_orjson_is_imported_after_a_first_call_not_for_it(server: LocalServer) -> None:
    code = (
        "import sys\n"
        "from openai_core import Client\n"
        f"client = Client(api_key='k', base_url={server.url!r}, max_retries=0)\n"
        "USER = [{'role': 'user', 'content': 'hi'}]\n"
        "first = client.chat.completions.create(model='m', messages=USER)\n"
        "assert 'orjson' not in sys.modules  # the first request and answer: the standard library\n"
        "second = client.chat.completions.create(model='m', messages=USER)\n"
        "assert 'orjson' in sys.modules  # the test extra installs it: from the second call on\n"
        "assert first.choices[0].message.content == second.choices[0].message.content\n"
        "assert first.to_dict().keys() == second.to_dict().keys()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_a_lazily_made_class_is_a_module_level_class() -> None:
    from openai_core._models import parse
    from openai_core.types import chat, shared

    cls = chat.ChatCompletionTokenLogprob
    assert cls is chat.ChatCompletionTokenLogprob is vars(chat)["ChatCompletionTokenLogprob"]
    assert cls.__qualname__ == "ChatCompletionTokenLogprob" and cls.__module__ == "openai_core.types.chat"
    assert "ChatCompletionTokenLogprob" in dir(chat) and "CompoundFilter" in dir(shared)
    assert attrs.has(cls) and "__slots__" in vars(cls)
    top = [{"token": "b", "logprob": -2.0, "bytes": None}]
    obj = parse({"token": "a", "logprob": -1.0, "bytes": None, "top_logprobs": top, "new": 1}, cls)
    copy = pickle.loads(pickle.dumps(obj))
    assert copy == obj and copy.new == 1 and copy.model_extra == {"new": 1}  # unknown keys travel too
    # the classes of the fields that came with an object or an array are made, so the names
    # their annotations use resolve (a scalar, a null or [] makes none)
    assert typing.get_type_hints(cls)["top_logprobs"] == list[chat.ChatCompletionTokenLogprobTopLogprobs]
    with pytest.raises(AttributeError, match="NoSuchType"):
        chat.NoSuchType  # noqa: B018


def test_an_alias_and_another_modules_name_are_made_on_first_use() -> None:
    from openai_core.types import chat, shared

    assert chat.ChatCompletionMessageToolCall is shared.ChatCompletionMessageFunctionToolCall
    assert chat.ChatCompletionContentPartText is shared.ChatCompletionContentPartText
    members = typing.get_args(chat.ChatCompletionRequestMessage)
    assert chat.ChatCompletionRequestUserMessage in members and len(members) == 6


def test_a_second_name_in_a_package_is_made_on_first_use() -> None:
    code = (
        "import openai_core.types.realtime as r, openai_core.types.beta.realtime as b\n"
        "assert 'ResponseAudioDeltaEvent' not in vars(r)\n"
        "assert r.ResponseAudioDeltaEvent is r.RealtimeServerEventResponseAudioDelta\n"
        "assert r.ResponseAudioDeltaEvent.__name__ == 'RealtimeServerEventResponseAudioDelta'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_threads_asking_for_the_same_new_class_get_the_same_class() -> None:
    code = (
        "import threading\n"
        "from openai_core.types import responses\n"
        "barrier, seen = threading.Barrier(8), []\n"
        "def ask():\n"
        "    barrier.wait()\n"
        "    seen.append(responses.Response)\n"
        "threads = [threading.Thread(target=ask) for _ in range(8)]\n"
        "for t in threads: t.start()\n"
        "for t in threads: t.join()\n"
        "assert len(seen) == 8 and len({id(c) for c in seen}) == 1, seen\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


@attrs.define
class _Point:
    x: int
    label: str = "origin"


def test_types_outside_the_apis_kinds_still_go_through_cattrs() -> None:
    from openai_core._models import converter, parse, structure_hook
    from openai_core.types.chat import ChatCompletionTokenLogprobTopLogprobs as TopLogprob

    assert parse({"x": 2}, _Point) == _Point(x=2)
    assert parse([1.5, "x"], tuple[float, str]) == (1.5, "x")
    assert parse({"a": [1, 2]}, dict[str, list[int]]) == {"a": [1, 2]}
    # the converter hands the API's types to the same hooks
    assert converter.get_structure_hook(TopLogprob) is structure_hook(TopLogprob)
    assert converter.structure([{"x": 3}], list[_Point]) == [_Point(x=3)]


@pytest.mark.parametrize("name", ["chat:ChatCompletion", "responses:Response", "shared:CompoundFilter"])
def test_resolved_field_types_are_those_typing_gives(name: str) -> None:
    import importlib

    from openai_core._models import _resolve

    module, _, attr = name.partition(":")
    cls = getattr(importlib.import_module(f"openai_core.types.{module}"), attr)
    _resolve(cls)
    resolved = {a.name: a.type for a in attrs.fields(cls)}
    assert not any(isinstance(t, str) for t in resolved.values())
    hints = typing.get_type_hints(cls, include_extras=True)
    assert resolved == {n: hints[n] for n in resolved}


def test_a_field_class_is_made_when_the_field_first_comes() -> None:
    code = (
        "import sys\n"
        "from openai_core._models import parse\n"
        "from openai_core.types import chat\n"
        "def message(**extra):\n"
        "    return {'role': 'assistant', 'content': 'x', 'refusal': None, **extra}\n"
        "def reply(**extra):\n"
        "    choice = {'index': 0, 'finish_reason': 'stop', 'logprobs': None, 'message': message(**extra)}\n"
        "    return {'id': 'c', 'object': 'chat.completion', 'created': 1, 'model': 'm', 'choices': [choice]}\n"
        "first = parse(reply(), chat.ChatCompletion)\n"
        "assert first.choices[0].logprobs is None and first.choices[0].message.tool_calls is None\n"
        "shared = sys.modules.get('openai_core.types.shared')\n"
        "assert shared is None or 'ChatCompletionMessageFunctionToolCall' not in vars(shared)\n"
        "call = {'id': 't', 'type': 'function', 'function': {'name': 'f', 'arguments': '{}'}}\n"
        "second = parse(reply(tool_calls=[call], audio='oops'), chat.ChatCompletion)\n"
        "got = second.choices[0].message.tool_calls[0]\n"
        "assert type(got).__name__ == 'ChatCompletionMessageFunctionToolCall' and got.function.name == 'f', got\n"
        "assert second.choices[0].message.audio == 'oops'  # a malformed value is kept as sent\n"
        "assert second.to_dict() == reply(tool_calls=[call], audio='oops'), second.to_dict()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_once_a_fields_classes_are_made_its_owner_calls_their_hook_directly() -> None:
    code = (
        "from openai_core._models import parse, structure_hook\n"
        "from openai_core.types import chat\n"
        "def deferred(cls):\n"
        "    hook = structure_hook(cls)\n"
        "    env = hook.compiled[0].__globals__\n"
        "    return sorted(k for k, v in env.items() if '_deferred_field' in getattr(v, '__qualname__', ''))\n"
        "message = {'role': 'assistant', 'content': 'x', 'refusal': None}\n"
        "choice = {'index': 0, 'finish_reason': 'stop', 'logprobs': None, 'message': message}\n"
        "reply = {'id': 'c', 'object': 'chat.completion', 'created': 1, 'model': 'm', 'choices': [choice]}\n"
        "parse(reply, chat.ChatCompletion)\n"
        "cls = type(parse(reply, chat.ChatCompletion).choices[0])\n"
        "assert 'h2' not in deferred(cls), deferred(cls)  # message: made, called directly\n"
        "assert deferred(cls), 'logprobs was never given a value: its classes are still not made'\n"
        "again = parse(reply, chat.ChatCompletion)\n"
        "assert again.choices[0].message.content == 'x' and again.to_dict() == reply\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_a_generated_class_gives_its_schema_before_the_classes_it_names_are_made() -> None:
    code = (
        "from openai_core.helpers import strict_schema\n"
        "from openai_core.types.chat import ChatCompletionTokenLogprob\n"
        "schema = strict_schema(ChatCompletionTokenLogprob)\n"
        "items = schema['properties']['top_logprobs']['items']\n"
        "assert items.get('$ref') or items.get('type') == 'object', schema\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
