"""Deprecated operations (assistants, threads) work and warn once each."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from openai_core import AsyncClient, Client
from openai_core._client import _warned
from transports import AsyncMockTransport, MockResponse, MockTransport

ASSISTANT = {"id": "asst_1", "object": "assistant", "created_at": 1, "model": "m", "tools": [], "metadata": {}}


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_deprecated_operation_warns_once(kind: str) -> None:
    _warned.discard("getAssistant")
    handler = lambda request: MockResponse.json(ASSISTANT)  # noqa: E731
    client: Any = (
        Client(api_key="k", transport=MockTransport(handler))
        if kind == "sync"
        else AsyncClient(api_key="k", transport=AsyncMockTransport(handler))
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if kind == "sync":
            first = client.beta.assistants.retrieve("asst_1")
            client.beta.assistants.retrieve("asst_1")
        else:
            first = await client.beta.assistants.retrieve("asst_1")
            await client.beta.assistants.retrieve("asst_1")
    assert first.id == "asst_1"
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1
    assert "assistants.retrieve" in str(deprecations[0].message)
    assert deprecations[0].filename == __file__  # it points at the caller's line
