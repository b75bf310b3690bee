"""Static types that catch mistakes: user scripts checked by ``mypy --strict`` and pyright strict.

Each script marks the lines that must be refused with ``# E``; every other line must pass. All
scripts are checked in one run of each checker (the slow part), shared by the tests of this module.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from openai_core import AsyncClient, Client
from tools.rename_types import main as rename_main, rename_python
from tools.sdk_names import TABLE
from transports.mock import AsyncMockTransport, MockResponse, MockTransport

mypy_api = pytest.importorskip("mypy.api")

SCRIPTS = {
    "module_client": """
        import openai_core as openai

        openai.api_key = "sk"
        openai.base_url = "http://localhost/v1"
        openai.max_retries = 0
        openai.timeout = 20.0
        openai.default_headers = {"X-Team": "search"}
        reply = openai.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
        print(reply.choices[0].message.content)
        print(reply.choises)  # E
        print(openai.chatt)  # E
        for model in openai.models.list():
            print(model.id)
        raw = openai.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=[])
        print(raw.parse().choices[0].message.content)
        openai.responses.creat(model="gpt-4o-mini", input="Hi")  # E
    """,
    "attrs_sync": """
        from openai_core import Client

        client = Client(api_key="k")
        reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
        print(reply.choices[0].message.content)
        print(reply.choises)  # E
        print(reply.choices[0].message.contnet)  # E
        print(reply.model_extra.get("new_field"))
        print(reply._request_id)
        response = client.responses.create(model="gpt-4o-mini", input="Hi")
        print(response.output_text, response.status)
        print(response.statuss)  # E
        for event in client.responses.create(model="gpt-4o-mini", input="Hi", stream=True):
            print(event.delta)  # E
            if event.type == "response.output_text.delta":
                print(event.delta)
    """,
    "attrs_async": """
        from openai_core import AsyncClient

        async def main(client: AsyncClient) -> None:
            reply = await client.chat.completions.create(model="gpt-4o-mini", messages=[])
            print(reply.choices[0].message.content)
            print(reply.choices[0].finish_reasn)  # E
            async for model in client.models.list():
                print(model.id)
                print(model.owned_byy)  # E
    """,
    "parsed": """
        import attrs
        from openai_core import AsyncClient, Client

        @attrs.define
        class Answer:
            value: int

        def sync(client: Client) -> None:
            result = client.chat.completions.parse(model="gpt-4o-mini", messages=[], response_format=Answer)
            print(result.id, result.usage, result._request_id)
            print(result.choices[0].message.parsed, result.choices[0].finish_reason)
            if result.parsed is not None:
                print(result.parsed.value + 1)
                print(result.parsed.valeu)  # E
            print(result.idd)  # E
            print(result.choices[0].message.contnet)  # E

        async def run(client: AsyncClient) -> None:
            result = await client.responses.parse(model="gpt-4o-mini", input="Hi", text_format=Answer)
            print(result.id, result.output_text.upper(), result.output)
            print(result.outptu)  # E
    """,
    "closed_enums": """
        from openai_core import AsyncClient, Client

        def sync(client: Client) -> None:
            client.chat.completions.create(model="gpt-4o-mini", messages=[], reasoning_effort="high")
            client.chat.completions.create(model="gpt-4o-mini", messages=[], reasoning_effort="hgih")  # E
            client.chat.completions.create(model="my-fine-tune", messages=[], service_tier="flex")
            client.chat.completions.create(model="gpt-4o-mini", messages=[], service_tier="flexx")  # E
            client.images.generate(prompt="cat", quality="hd", size="1024x1024")
            client.images.generate(prompt="cat", quality="ultra")  # E
            client.files.list(order="asc", purpose="assistants")
            client.files.list(order="up")  # E

        async def run(client: AsyncClient) -> None:
            await client.responses.create(model="ft:gpt-4o-mini:me", input="Hi", truncation="auto")
            await client.responses.create(model="gpt-4o-mini", input="Hi", truncation="none")  # E
            await client.embeddings.create(model="text-embedding-3-small", input="Hi", encoding_format="base64")
            await client.embeddings.create(model="text-embedding-3-small", input="Hi", encoding_format="b64")  # E
    """,
    "sdk_names": """
        from openai_core import AsyncClient, Client
        from openai_core.types import Embedding
        from openai_core.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage
        from openai_core.types.responses import Response, ResponseStreamEvent

        def sync(client: Client) -> None:
            reply: ChatCompletion = client.chat.completions.create(model="gpt-4o-mini", messages=[])
            message: ChatCompletionMessage = reply.choices[0].message
            for chunk in client.chat.completions.create(model="gpt-4o-mini", messages=[], stream=True):
                first: ChatCompletionChunk = chunk
            vectors: list[Embedding] = client.embeddings.create(model="text-embedding-3-small", input="Hi").data
            wrong: Response = client.chat.completions.create(model="gpt-4o-mini", messages=[])  # E

        async def run(client: AsyncClient) -> None:
            response: Response = await client.responses.create(model="gpt-4o-mini", input="Hi")
            async for event in await client.responses.create(model="gpt-4o-mini", input="Hi", stream=True):
                typed: ResponseStreamEvent = event
            wrong: ChatCompletion = await client.responses.create(model="gpt-4o-mini", input="Hi")  # E
    """,
    "params": """
        from openai_core import AsyncClient, Client
        from openai_core.types.chat import ChatCompletionMessageParam, ChatCompletionToolParam
        from openai_core.types.chat import ChatCompletionUserMessageParam

        def sync(client: Client) -> None:
            chat = client.chat.completions
            chat.create(model="m", messages=[{"role": "user", "content": "hi"}, {"role": "assistant", "content": "x"}])
            chat.create(model="m", messages=[{"role": "usr", "content": "hi"}])  # E
            chat.create(model="m", messages=[{"role": "user", "contnet": "hi"}])  # E
            typed: list[ChatCompletionMessageParam] = [{"role": "system", "content": "be brief"}]
            user: ChatCompletionUserMessageParam = {"role": "user", "content": [{"type": "text", "text": "hi"}]}
            chat.create(model="m", messages=[*typed, user])
            plain = [{"role": "user", "content": "hi"}]
            chat.create(model="m", messages=plain)  # E
            tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
            chat.create(model="m", messages=typed, tools=[tool])  # E
            chat.create(model="m", messages=typed, tools=[{"type": "function", "function": {"name": "f"}}])
            weather: ChatCompletionToolParam = {"type": "function", "function": {"name": "weather"}}
            chat.create(model="m", messages=typed, tools=[weather])
            bad_tool: ChatCompletionToolParam = {"type": "function", "function": {"name": "f", "strict": "yes"}}  # E
            chat.create(model="m", messages=typed, tools=[{"type": "function", "function": {"nmae": "f"}}])  # E
            chat.create(model="m", messages=typed, response_format={"type": "json_object"})
            chat.create(model="m", messages=typed, response_format={"type": "json"})  # E

        async def run(client: AsyncClient) -> None:
            await client.responses.create(model="m", input=[{"role": "user", "content": "hi"}])
            await client.responses.create(model="m", input=[{"role": "user", "contnet": "hi"}])  # E
            await client.responses.create(model="m", input="hi", reasoning={"effort": "low"})
            await client.responses.create(model="m", input="hi", reasoning={"effort": "lo"})  # E
            await client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
    """,
    "static_is_runtime": """
        import attrs
        from openai_core import AsyncClient, Client, UnknownObject
        from openai_core.types.webhooks import ResponseCompletedWebhookEvent

        @attrs.define
        class Rerank:
            score: float

        def sync(client: Client, payload: bytes, headers: dict[str, str]) -> None:
            result = client.request("POST", "/rerank", body={}, cast_to=Rerank)
            print(result.score + 1)
            print(result.scor)  # E
            for item in client.request("POST", "/rerank", cast_to=Rerank, stream=True):
                print(item.score)
            reply = client.chat.completions.create(model="m", messages=[])
            info = reply._response
            if info is not None:
                print(info.rate_limits.remaining_requests, info.request_id)
            print(reply._response.headers)  # E
            event = client.webhooks.unwrap(payload, headers)
            if isinstance(event, ResponseCompletedWebhookEvent):
                print(event.data.id)
            elif not isinstance(event, UnknownObject):
                print(event.type)
            print(event.data)  # E
            speech = client.audio.speech.create(model="tts-1", input="Hi", voice="alloy")
            speech.write_to_file("out.mp3")
            for chunk in client.audio.speech.create(model="tts-1", input="Hi", voice="alloy", stream_format="sse"):
                print(chunk.type)
            client.audio.speech.create(model="tts-1", input="Hi", voice="alloy", stream_format="mp3")  # E

        async def run(client: AsyncClient) -> None:
            result = await client.request("POST", "/rerank", body={}, cast_to=Rerank)
            wrong: str = result  # E
            async for item in await client.request("POST", "/rerank", cast_to=Rerank, stream=True):
                print(item.score)
    """,
    "raw_views": """
        import dataclasses
        from openai_core import AsyncClient, Client

        @dataclasses.dataclass
        class Reply:
            id: str

        def sync(client: Client) -> None:
            raw = client.chat.completions.with_raw_response.create(model="m", messages=[])
            print(raw.status_code, raw.headers.get("x-request-id"), raw.request_id)
            print(raw.statuscode)  # E
            raw_too = client.with_raw_response.models.with_options(timeout=5).retrieve("m")
            print(raw_too.retries_taken)
            with client.with_streaming_response.files.content("file-1") as response:
                for chunk in response.iter_bytes():
                    print(len(chunk))
                response.iter_bytez()  # E
            with client.files.with_options(stream_binary=True).content("file-1") as body:
                body.write_to_file("out.jsonl")
            wrong: int = client.models.with_raw_response.retrieve("m")  # E
            mine = client.chat.completions.with_options(cast_to=Reply).create(model="m", messages=[])
            print(mine.id)
            print(mine.choices)  # E
            plain = client.chat.completions.with_options(timeout=5).create(model="m", messages=[])
            print(plain.choices)

        async def run(client: AsyncClient) -> None:
            raw = await client.models.with_raw_response.retrieve("m")
            print(raw.status_code)
            async with client.files.with_streaming_response.content("file-1") as response:
                async for chunk in response.iter_bytes():
                    print(len(chunk))
            print(client.models.with_raw_response.retrieve("m").status_code)  # E
            text: str = await client.models.with_options(cast_to=str).retrieve("m")
            wrong: int = await client.models.with_options(cast_to=str).retrieve("m")  # E
    """,
    "helpers": """
        import attrs
        from openai_core import AssistantEventHandler, AsyncClient, Client, function_tool
        from openai_core.types.chat import ChatCompletionMessageParam

        @attrs.define
        class Answer:
            value: int

        class Handler(AssistantEventHandler):
            seen: int = 0

        @function_tool
        def weather(city: str) -> str:
            return "sunny"

        msgs: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Hi"}]

        def sync(client: Client) -> None:
            chat = client.chat.completions
            answer = chat.parse(model="m", messages=msgs, response_format=Answer, temperature=0.2)
            if answer.parsed is not None:
                print(answer.parsed.value)
            chat.parse(model="m", messages=msgs, response_format=Answer, temprature=0.2)  # E
            chat.parse(model="m", messages=msgs, reasoning_effort="hgih")  # E
            chat.parse(model="m", messages=[{"role": "usr", "content": "Hi"}])  # E
            plain = chat.parse(model="m", messages=msgs, response_format={"type": "json_object"})
            print(plain.parsed.value)  # E
            with chat.stream(model="m", messages=msgs, response_format=Answer, max_tokens=5) as stream:
                final = stream.get_final_completion()
                if final.parsed is not None:
                    print(final.parsed.value)
            chat.stream(model="m", messages=msgs, max_token=5)  # E
            run = chat.run_tools(model="m", messages=msgs, tools=[weather], max_rounds=3, seed=1)
            print(run.content)
            chat.run_tools(model="m", messages=msgs, tools=[weather], max_round=3)  # E
            chat.parse(messages=msgs, response_format=Answer)  # E
            reply = client.responses.parse(model="m", input="Hi", text_format=Answer, instructions="be brief")
            if reply.output_parsed is not None:
                print(reply.output_parsed.value)
            client.responses.parse(model="m", input="Hi", text_format=Answer, instruction="x")  # E
            with client.responses.stream(model="m", input="Hi") as events:
                print(events.get_final_response().output_text)
            client.responses.stream(model="m", input="Hi", truncation="none")  # E
            files = client.vector_stores.files
            files.create_and_poll("file-1", vector_store_id="vs", chunking_strategy={"type": "auto"})
            files.create_and_poll("file-1", vector_store_id="vs", chunking_strategi={"type": "auto"})  # E
            client.vector_stores.file_batches.create_and_poll("vs", file_ids=["file-1"], max_wait_seconds=60)
            client.vector_stores.file_batches.create_and_poll("vs", file_id=["file-1"])  # E
            video = client.videos.create_and_poll(prompt="a cat", seconds="8", size="1280x720")
            print(video.id)
            client.videos.create_and_poll(prompt="a cat", seconds="9")  # E
            runs = client.beta.threads.runs
            with runs.stream(thread_id="t", assistant_id="a", event_handler=Handler()) as handler:
                print(handler.seen)
                print(handler.unseen)  # E
            runs.submit_tool_outputs_and_poll(tool_outputs=[], run_id="r", thread_id="t", poll_interval_ms=5)
            runs.submit_tool_outputs_and_poll(tool_outputs=[], run_id="r", thread_id="t", pol_interval_ms=5)  # E
            srt = client.audio.translations.create(file=b"x", model="whisper-1", response_format="srt")
            print(srt.upper())
            print(srt.text)  # E
            chat.create(model="m", messages=msgs, tools=[weather])
            chat.parse(model="m", messages=msgs, tools=[weather])

        async def run(client: AsyncClient) -> None:
            answer = await client.chat.completions.parse(model="m", messages=msgs, response_format=Answer)
            print(answer.choices[0].message.parsed)
            await client.chat.completions.parse(model="m", messages=msgs, respnse_format=Answer)  # E
            done = await client.responses.run_tools(model="m", input="Hi", tools=[weather], max_output_tokens=9)
            print(done.output_text)
            await client.responses.run_tools(model="m", input="Hi", tools=[weather], max_output_token=9)  # E
            async with client.responses.stream(model="m", input="Hi", text_format=Answer) as events:
                final = await events.get_final_response()
                print(final.output_parsed)
            done_file = await client.vector_stores.files.upload_and_poll(vector_store_id="vs", file=b"x", attributes={})
            print(done_file.status)
            await client.vector_stores.files.upload_and_poll(vector_store_id="vs", file=b"x", atributes={})  # E
    """,
}

_ERROR = re.compile(r"^(?P<file>[^:]+)\.py:(?P<line>\d+): error: ")


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[int]]:
    """``{script name: lines mypy --strict refused}`` for every script of :data:`SCRIPTS`."""
    root = tmp_path_factory.mktemp("typing")
    paths = []
    for name, text in SCRIPTS.items():
        path = root / f"{name}.py"
        path.write_text(textwrap.dedent(text).lstrip())
        paths.append(str(path))
    stdout, stderr, _ = mypy_api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(root / ".mypy_cache"), *paths]
    )
    assert not stderr, stderr
    errors: dict[str, set[int]] = {name: set() for name in SCRIPTS}
    for line in stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            errors[Path(match["file"]).name].add(int(match["line"]))
    return errors


@pytest.fixture(scope="module")
def pyright_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[int]]:
    """``{script name: lines pyright --strict refused}`` (its rule against ``_request_id``, a
    name the SDK shares, left out)."""
    root = tmp_path_factory.mktemp("pyright")
    for name, text in SCRIPTS.items():
        (root / f"{name}.py").write_text(textwrap.dedent(text).lstrip())
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10", "reportPrivateUsage": False}
    config |= {"reportUnusedVariable": False, "extraPaths": [str(Path(__file__).resolve().parents[1])]}
    (root / "pyrightconfig.json").write_text(json.dumps(config))
    command = [sys.executable, "-m", "pyright", "--outputjson", "--pythonpath", sys.executable, str(root)]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False, timeout=600)
    report = json.loads(result.stdout)
    errors: dict[str, set[int]] = {name: set() for name in SCRIPTS}
    for item in report["generalDiagnostics"]:
        if item["severity"] == "error":
            errors[Path(item["file"]).stem].add(item["range"]["start"]["line"] + 1)
    return errors


def _expected(name: str) -> set[int]:
    lines = textwrap.dedent(SCRIPTS[name]).lstrip().splitlines()
    return {number for number, line in enumerate(lines, 1) if line.rstrip().endswith("# E")}


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_mypy_refuses_exactly_the_marked_lines(mypy_errors: dict[str, set[int]], name: str) -> None:
    assert _expected(name), "each script marks at least one mistake"
    assert mypy_errors[name] == _expected(name)


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_pyright_refuses_exactly_the_marked_lines(pyright_errors: dict[str, set[int]], name: str) -> None:
    assert pyright_errors[name] == _expected(name)


PAYLOAD = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "hi", "refusal": None, "brand_new": 1},
        }
    ],
    "service_tier_v9": "x",
}
# Read through getattr: the checker refuses these names, the runtime must not.
NEW, NEW_NESTED, TYPO = "service_tier_v9", "brand_new", "choises"


def test_unknown_fields_stay_readable_at_runtime_sync() -> None:
    with Client(api_key="k", transport=MockTransport(lambda r: MockResponse.json(PAYLOAD))) as client:
        reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}])
    assert getattr(reply, NEW) == "x"
    assert reply.model_extra == {"service_tier_v9": "x"}
    assert getattr(reply.choices[0].message, NEW_NESTED) == 1
    assert reply.to_dict()["choices"][0]["message"]["brand_new"] == 1
    with pytest.raises(AttributeError, match="choises"):
        getattr(reply, TYPO)


async def test_unknown_fields_stay_readable_at_runtime_async() -> None:
    transport = AsyncMockTransport(lambda r: MockResponse.json(PAYLOAD))
    async with AsyncClient(api_key="k", transport=transport) as client:
        reply = await client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}])
    assert getattr(reply, NEW) == "x"
    assert reply.to_dict()["service_tier_v9"] == "x"
    assert getattr(reply.choices[0].message, NEW_NESTED) == 1
    with pytest.raises(AttributeError, match="choises"):
        getattr(reply, TYPO)


def test_results_carry_the_sdk_type_names_sync() -> None:
    from openai_core.types.chat import ChatCompletion

    with Client(api_key="k", transport=MockTransport(lambda r: MockResponse.json(PAYLOAD))) as client:
        reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}])
    assert type(reply) is ChatCompletion
    assert type(reply.choices[0].message).__name__ == "ChatCompletionMessage"


async def test_stream_events_carry_the_sdk_type_names_async() -> None:
    from openai_core.types.chat import ChatCompletionChunk

    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []}
    transport = AsyncMockTransport(lambda r: MockResponse.sse([chunk, chunk]))
    async with AsyncClient(api_key="k", transport=transport) as client:
        stream = await client.chat.completions.create(model="m", messages=[], stream=True)
        chunks = [c async for c in stream]
    assert [type(c) for c in chunks] == [ChatCompletionChunk, ChatCompletionChunk]


def test_the_spec_names_the_sdk_renamed_are_gone() -> None:
    import openai_core.types as types

    names = json.loads(TABLE.read_text(encoding="utf-8"))
    table, aliases = names["types"], names["type_aliases"]
    assert table["CreateChatCompletionResponse"] == "ChatCompletion"
    assert table["CreateChatCompletionStreamResponse"] == "ChatCompletionChunk"
    assert table["OpenAIFile"] == "FileObject"
    from openai_core.types.chat import ChatCompletionFunctionToolParam, ChatCompletionToolParam

    assert ChatCompletionToolParam is ChatCompletionFunctionToolParam  # the SDK's second name
    for old, new in table.items():
        assert hasattr(types, new), new
        if old not in table.values() and old not in aliases:  # a chain (A -> B, C -> A) reuses a name,
            assert not hasattr(types, old), old  # and the SDK's second names (ChatCompletionMessageToolCall)


def test_the_type_names_are_what_matching_the_sdk_gives() -> None:
    """The ``types``, ``type_aliases``, ``type_lists``, ``params``, ``param_aliases`` and
    ``param_lists`` sections are what ``tools.sdk_types`` finds (no hand edits)."""
    pytest.importorskip("openai")
    from tools.codegen.main import DEFAULT_SPEC, REPO_ROOT
    from tools.sdk_types import (
        alias_params,
        match_params,
        match_types,
        param_aliases,
        param_lists,
        param_unions,
        type_aliases,
        type_lists,
    )

    spec = json.loads((REPO_ROOT / DEFAULT_SPEC).read_text(encoding="utf-8"))
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    assert match_types(spec) == table["types"]
    assert type_aliases(spec, table["types"]) == table["type_aliases"]
    assert table["type_aliases"]["EvalCreateResponse"] == table["types"]["Eval"]
    assert match_params(spec, table["types"]) == table["params"]
    assert type_lists(spec, table["types"]) == table["type_lists"]
    unions = param_unions(spec, table["types"], table["params"])
    first = param_aliases(table["params"]) | unions
    assert alias_params(spec, {**table, "param_aliases": first}) | first == table["param_aliases"]
    assert param_lists(spec, table["types"], table["params"]) == table["param_lists"]
    assert table["types"]["InputItem"] == "ResponseInputItem"  # a union named by its members' shapes
    assert table["param_lists"]["ResponseInputParam"] == "ResponseInputItemParam"
    assert table["type_lists"]["ResponseInput"] == "ResponseInputItem"
    assert table["params"]["ChatCompletionRequestMessage"] == "ChatCompletionMessageParam"
    assert table["sdk_modules"]["ChatCompletionToolParam"] == "chat"


def test_rename_types_rewrites_old_names_only_where_they_are_types(tmp_path: Path) -> None:
    names = json.loads(TABLE.read_text(encoding="utf-8"))["types"]
    source = (
        "import binascii\n"
        "from openai_core.types.chat import CreateChatCompletionResponse as R, OpenAIFile\n"
        "x: 'CreateChatCompletionResponse' = cast('openai_core.types.chat:OpenAIFile', y)  # an OpenAIFile\n"
        "try:\n    pass\nexcept binascii.Error:\n    Error = openai_core.types.Error\n"
    )
    assert rename_python("class User:\n    pass\n", names) == "class User:\n    pass\n"
    assert rename_python("from openai_core.types import User\nu: User\n", names) == (
        "from openai_core.types import OrganizationUser\nu: OrganizationUser\n"
    )
    assert rename_python(source, names) == (
        "import binascii\n"
        "from openai_core.types.chat import ChatCompletion as R, FileObject\n"
        "x: 'ChatCompletion' = cast('openai_core.types.chat:FileObject', y)  # an FileObject\n"
        "try:\n    pass\nexcept binascii.Error:\n    Error = openai_core.types.ErrorObject\n"
    )
    notes = tmp_path / "notes.md"
    notes.write_text("Returns a `CreateChatCompletionResponse`; an Error is not renamed.\n")
    rename_main([str(notes)])
    assert notes.read_text() == "Returns a `ChatCompletion`; an Error is not renamed.\n"


def test_typeddicts_load_only_when_named() -> None:
    code = (
        "import sys\n"
        "from openai_core import Client\n"
        "client = Client(api_key='k')\n"
        "client.chat.completions, client.responses\n"
        "import openai_core.types.chat, openai_core.types.responses\n"
        "assert not [m for m in sys.modules if m.endswith('_params')], 'eager'\n"
        "from openai_core.types.chat import ChatCompletionMessageParam, ChatCompletionUserMessageParam\n"
        "assert 'openai_core.types.chat_params' in sys.modules\n"
        "assert ChatCompletionUserMessageParam.__name__ == 'ChatCompletionUserMessageParam'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_params_module_imports_at_runtime() -> None:
    import openai_core.types

    names = [m.name for m in pkgutil.iter_modules(openai_core.types.__path__) if m.name.endswith("_params")]
    assert "chat_params" in names and "responses_params" in names
    for name in names:
        module = importlib.import_module(f"openai_core.types.{name}")
        assert module.__all__, name
        for item in module.__all__:
            assert getattr(module, item) is not None


def test_the_sdk_module_paths_import_at_runtime() -> None:
    """Every name is importable from the module where the SDK defines it, and is the same object
    as where we define it (``openai_core.types.chat.chat_completion_message_param``)."""
    import openai_core.types

    paths = json.loads(TABLE.read_text(encoding="utf-8"))["sdk_paths"]
    assert paths["ChatCompletionMessageParam"] == "chat.chat_completion_message_param"
    found = 0
    for name, path in paths.items():
        try:
            module = importlib.import_module(f"openai_core.types.{path}")
        except ModuleNotFoundError:
            continue  # a request shape no operation here takes: no TypedDict is generated
        found += 1
        owner = module.__name__.rpartition(".")[0]
        package = importlib.import_module(owner) if owner != "openai_core.types" else openai_core.types
        assert name in module.__all__
        if hasattr(package, name):
            assert getattr(module, name) is getattr(package, name), (path, name)
    assert found > 700
    from openai_core.types.chat.chat_completion import ChatCompletion
    from openai_core.types.responses.response_input_param import ResponseInputParam

    assert ChatCompletion is openai_core.types.ChatCompletion
    assert ResponseInputParam == list[openai_core.types.responses.ResponseInputItemParam]


@pytest.mark.parametrize("client_class", [Client, AsyncClient])
def test_help_shows_a_long_signature_one_parameter_per_line(client_class: type[Client] | type[AsyncClient]) -> None:
    import inspect
    import pydoc

    client = client_class(api_key="k")
    text = pydoc.render_doc(client.chat.completions.create, renderer=pydoc.plaintext)
    lines = text.splitlines()
    assert len(lines) > 45  # one line per parameter, not one 3,000-character line
    assert max(len(line) for line in lines) < 400
    assert "    reasoning_effort: " in text
    assert "https://platform.openai.com/docs/api-reference/chat/create" in text
    parameters = inspect.signature(client.chat.completions.create).parameters
    assert list(parameters)[:2] == ["messages", "model"] and parameters["model"].kind is inspect.Parameter.KEYWORD_ONLY
    short = inspect.signature(client.models.retrieve).replace(parameters=[parameters["model"]])
    assert str(short) == "(*, model: 'ModelIdsShared') -> 'Model'"  # a short one stays on one line


BINARY = MockResponse(headers={"content-type": "application/octet-stream"}, body=b"abc")


def test_binary_response_is_a_context_manager_sync() -> None:
    from openai_core import HttpxBinaryResponseContent

    transport = MockTransport(lambda r: BINARY)
    with Client(api_key="k", transport=transport) as client, client.files.content("file-1") as body:
        assert isinstance(body, HttpxBinaryResponseContent) and body.read() == b"abc"


async def test_binary_response_is_a_context_manager_async() -> None:
    from openai_core import HttpxBinaryResponseContent

    transport = AsyncMockTransport(lambda r: BINARY)
    async with AsyncClient(api_key="k", transport=transport) as client:
        with await client.files.content("file-1") as body:
            assert isinstance(body, HttpxBinaryResponseContent) and body.read() == b"abc"


MODELS = {"object": "list", "data": [{"id": "m", "object": "model", "created": 1, "owned_by": "o"}], "has_more": False}


def _answer(request: object) -> MockResponse:
    return MockResponse.json(MODELS if "models" in str(getattr(request, "url", "")) else PAYLOAD)


def test_what_the_typed_views_claim_is_what_runs_sync() -> None:
    """``typing_cases/clean.py`` reveals these types; the sync client answers them."""
    from openai_core import LegacyAPIResponse, SyncPage
    from openai_core.types.chat import ChatCompletion

    with Client(api_key="k", transport=MockTransport(_answer)) as client:
        raw = client.chat.completions.with_raw_response.create(model="m", messages=[])
        assert isinstance(raw, LegacyAPIResponse) and type(raw.parse()) is ChatCompletion
        with client.models.with_streaming_response.list() as listed:
            assert isinstance(listed.parse(), SyncPage)
        as_dict = client.with_options(cast_to=dict).chat.completions.create(model="m", messages=[])
        assert type(as_dict) is dict and as_dict["id"] == "chatcmpl-1"


async def test_what_the_typed_views_claim_is_what_runs_async() -> None:
    from openai_core import AsyncPage, LegacyAPIResponse
    from openai_core.types.chat import ChatCompletion

    async with AsyncClient(api_key="k", transport=AsyncMockTransport(_answer)) as client:
        first = await client.models.with_raw_response.list()
        assert isinstance(first, LegacyAPIResponse) and isinstance(first.parse(), AsyncPage)
        async with client.chat.completions.with_streaming_response.create(model="m", messages=[]) as streamed:
            assert type(await streamed.parse()) is ChatCompletion
        as_dict = await client.with_options(cast_to=dict).chat.completions.create(model="m", messages=[])
        assert type(as_dict) is dict and as_dict["id"] == "chatcmpl-1"
        with pytest.raises(TypeError, match="async with"), client.models.with_streaming_response.list():
            pass
