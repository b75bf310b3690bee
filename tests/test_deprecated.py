"""Deprecated operations (what the SDK deprecates) work and warn on every call, at the caller's line,
before their arguments are checked."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from openai_core import AsyncClient, Client
from openai_core.operations import OPERATIONS
from transports import AsyncMockTransport, MockResponse, MockTransport

ASSISTANT = {"id": "asst_1", "object": "assistant", "created_at": 1, "model": "m", "tools": [], "metadata": {}}


def make(kind: str, body: Any = ASSISTANT) -> Any:
    handler = lambda request: MockResponse.json(body)  # noqa: E731
    if kind == "sync":
        return Client(api_key="k", transport=MockTransport(handler))
    return AsyncClient(api_key="k", transport=AsyncMockTransport(handler))


async def run(kind: str, value: Any) -> Any:
    return value if kind == "sync" else await value


def deprecations(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    return [w for w in caught if issubclass(w.category, DeprecationWarning)]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_every_call_warns_at_the_callers_line(kind: str) -> None:
    client = make(kind)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = await run(kind, client.beta.assistants.retrieve("asst_1"))
        await run(kind, client.beta.assistants.retrieve("asst_1"))
        raw = await run(kind, client.beta.assistants.with_raw_response.retrieve("asst_1"))
    assert first.id == "asst_1"
    assert raw.parse().id == "asst_1"
    found = deprecations(caught)
    assert len(found) == 3
    assert all("beta.assistants.retrieve" in str(w.message) for w in found)
    assert {w.filename for w in found} == {__file__}


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_the_warning_comes_before_the_path_check(kind: str) -> None:
    client = make(kind)
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="assistant_id"):
        await run(kind, client.beta.assistants.retrieve(""))
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="thread_id"):
        await run(kind, client.beta.threads.with_raw_response.retrieve(""))


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_deprecated_name_of_a_current_operation_warns_alone(kind: str) -> None:
    client = make(kind, {"object": "list", "data": [], "has_more": False})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await run(kind, client.files.content("file_1"))
        await run(kind, client.files.retrieve_content("file_1"))
    found = deprecations(caught)
    assert [str(w.message) for w in found] == ["files.retrieve_content() is deprecated by the OpenAI API"]
    assert found[0].filename == __file__


def test_the_deprecations_are_the_sdks() -> None:
    deprecated = {op.call for op in OPERATIONS.values() if op.deprecated}
    assert {"beta.assistants.create", "beta.threads.runs.steps.list", "videos.retrieve"} <= deprecated
    assert "files.content" not in deprecated
    assert "responses.create" not in deprecated
