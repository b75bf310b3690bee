"""Static types that catch mistakes: user scripts checked by ``mypy --strict``.

Each script marks the lines that must be refused with ``# E``; every other line must pass. All
scripts are checked in one mypy run (the slow part) shared by the tests of this module.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from openai_core import AsyncClient, Client
from transports.mock import AsyncMockTransport, MockResponse, MockTransport

mypy_api = pytest.importorskip("mypy.api")

SCRIPTS = {
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


def _expected(name: str) -> set[int]:
    lines = textwrap.dedent(SCRIPTS[name]).lstrip().splitlines()
    return {number for number, line in enumerate(lines, 1) if line.rstrip().endswith("# E")}


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_mypy_refuses_exactly_the_marked_lines(mypy_errors: dict[str, set[int]], name: str) -> None:
    assert _expected(name), "each script marks at least one mistake"
    assert mypy_errors[name] == _expected(name)


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
