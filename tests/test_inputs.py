"""Bad input fails clearly before anything is sent; options reach the wire."""

from __future__ import annotations

from typing import Any

import pytest

import openai_core
from openai_core import AsyncClient, Client, Timeout
from tests.conftest import Api
from transports import AsyncMockTransport, MockResponse, MockTransport

MODEL = {"id": "m1", "object": "model", "created": 1, "owned_by": "me"}


@pytest.fixture(params=["sync", "async"])
def pair(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    handler = lambda r: MockResponse.json(MODEL)  # noqa: E731
    if request.param == "sync":
        transport: Any = MockTransport(handler)
        return Client(api_key="sk-secret-123", transport=transport), transport
    transport = AsyncMockTransport(handler)
    return AsyncClient(api_key="sk-secret-123", transport=transport), transport


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_missing_api_key(cls: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_ADMIN_KEY", raising=False)
    with pytest.raises(openai_core.OpenAIError, match="OPENAI_API_KEY"):
        cls()


@pytest.mark.parametrize("url", ["api.openai.com/v1", "ftp://example.com", "http://"])
def test_malformed_base_url(url: str) -> None:
    with pytest.raises(openai_core.OpenAIError, match="base_url"):
        Client(api_key="k", base_url=url)


def test_environment_configures_the_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v9/")
    monkeypatch.setenv("OPENAI_ORG_ID", "org_1")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_1")
    transport = MockTransport(lambda r: MockResponse.json(MODEL))
    Client(transport=transport).models.retrieve("m1")
    sent = transport.requests[0]
    assert sent.url == "http://127.0.0.1:1/v9/models/m1"
    assert sent.headers["Authorization"] == "Bearer sk-env"
    assert sent.headers["OpenAI-Organization"] == "org_1" and sent.headers["OpenAI-Project"] == "proj_1"


async def test_path_parameter_type_and_emptiness(pair: tuple[Any, Any]) -> None:
    client, transport = pair
    with pytest.raises(TypeError, match="model"):
        await Api.run(client.models.retrieve(123))
    with pytest.raises(ValueError, match="model"):
        await Api.run(client.models.retrieve(""))
    assert transport.requests == []


async def test_missing_required_argument(pair: tuple[Any, Any]) -> None:
    client, transport = pair
    with pytest.raises(TypeError, match="messages"):
        await Api.run(client.chat.completions.create(model="m"))
    assert transport.requests == []


async def test_key_never_in_repr(pair: tuple[Any, Any]) -> None:
    client, transport = pair
    await Api.run(client.models.retrieve("m1"))
    for obj in (client, client.config, transport.requests[0], client.models, client.webhooks, transport):
        assert "sk-secret-123" not in repr(obj) and "sk-secret-123" not in str(obj)


async def test_per_request_options_reach_the_wire(pair: tuple[Any, Any]) -> None:
    client, transport = pair
    await Api.run(client.models.retrieve("m1", extra_headers={"X-Trace": "1"}, extra_query={"q": "v"}, timeout=7.0))
    sent = transport.requests[-1]
    assert sent.headers["X-Trace"] == "1"
    assert sent.url.endswith("/models/m1?q=v")
    assert sent.timeout == Timeout(total=7.0, connect=5.0, read=7.0, pool=7.0)


async def test_extra_body_and_explicit_null(pair: tuple[Any, Any]) -> None:
    client, transport = pair
    await Api.run(client.chat.completions.create(model="m", messages=[], user=None, extra_body={"custom": 1}))
    import json

    assert json.loads(transport.requests[-1].body) == {"model": "m", "messages": [], "user": None, "custom": 1}


async def test_with_options_copies_share_the_transport(pair: tuple[Any, Any]) -> None:
    client, transport = pair
    traced = client.with_options(default_headers={"X-Team": "a"}, max_retries=0, path="/custom/path")
    await Api.run(traced.models.retrieve("m1"))
    await Api.run(client.models.retrieve("m1"))
    first, second = transport.requests
    assert first.headers["X-Team"] == "a" and first.url.endswith("/custom/path")
    assert "X-Team" not in second.headers and second.url.endswith("/models/m1")
    scoped = client.models.with_options(default_query={"a": "b"})
    await Api.run(scoped.retrieve("m1"))
    assert transport.requests[-1].url.endswith("/models/m1?a=b")


class GatewayConfig:
    """A user's own configuration: a token that changes per request."""

    base_url = "http://127.0.0.1:1/gateway"

    def __init__(self) -> None:
        self.calls = 0

    def headers(self, *, admin: bool = False) -> dict[str, str]:
        self.calls += 1
        return {"X-Gateway-Token": f"t{self.calls}"}

    def query(self) -> dict[str, str]:
        return {"tenant": "t1"}


def test_custom_config_provider() -> None:
    config = GatewayConfig()
    transport = MockTransport(lambda r: MockResponse.json(MODEL))
    client = Client(config=config, transport=transport)
    client.models.retrieve("m1")
    client.models.retrieve("m1")
    assert [r.headers["X-Gateway-Token"] for r in transport.requests] == ["t1", "t2"]
    assert transport.requests[0].url == "http://127.0.0.1:1/gateway/models/m1?tenant=t1"
