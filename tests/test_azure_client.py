"""``AzureOpenAI`` and ``AsyncAzureOpenAI``: the SDK's Azure keywords over ``AzureConfig``."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from openai_core import AsyncAzureOpenAI, AsyncClient, AzureConfig, AzureOpenAI, Client
from tests.conftest import Api
from tests.test_azure import CHAT
from transports import AsyncMockTransport, MockResponse, MockTransport

ENDPOINT = "https://example-resource.openai.azure.com"
USER = [{"role": "user", "content": "hi"}]


def _answer(request: Any) -> MockResponse:
    return MockResponse.json(CHAT if "chat" in request.url else {"object": "list", "data": []})


def azure(kind: str, **kwargs: Any) -> Any:
    if kind == "sync":
        return AzureOpenAI(transport=MockTransport(_answer), **kwargs)
    return AsyncAzureOpenAI(transport=AsyncMockTransport(_answer), **kwargs)


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_endpoint_deployment_version_and_key(kind: str) -> None:
    client = azure(kind, azure_endpoint=ENDPOINT, azure_deployment="prod", api_version="2024-10-21", api_key="az-k")
    assert isinstance(client, Client if kind == "sync" else AsyncClient)
    assert isinstance(client.config, AzureConfig)
    await Api.run(client.chat.completions.create(model="gpt-4o", messages=USER))
    sent = client.transport.requests[-1]
    assert sent.url == f"{ENDPOINT}/openai/deployments/prod/chat/completions?api-version=2024-10-21"
    assert sent.headers["api-key"] == "az-k" and "Authorization" not in sent.headers


async def test_environment_and_token_provider(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-01-01")
    monkeypatch.delenv("AZURE_OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("AZURE_OPENAI_AD_TOKEN", raising=False)
    tokens = iter(["t1", "t2"])
    client = azure(kind, azure_ad_token_provider=lambda: next(tokens), default_query={"x": "1"})
    await Api.run(client.models.list())
    await Api.run(client.chat.completions.create(model="dep", messages=USER))
    first, second = client.transport.requests
    assert first.url == f"{ENDPOINT}/openai/models?api-version=2025-01-01&x=1"
    assert second.url.startswith(f"{ENDPOINT}/openai/deployments/dep/chat/completions?")
    assert [first.headers["Authorization"], second.headers["Authorization"]] == ["Bearer t1", "Bearer t2"]
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "az-env")
    keyed = azure(kind, organization="org-1")
    assert keyed.config.api_key == "az-env"
    await Api.run(keyed.models.list())
    sent = keyed.transport.requests[-1]
    assert sent.headers["api-key"] == "az-env" and sent.headers["OpenAI-Organization"] == "org-1"


async def test_base_url_names_endpoint_and_deployment(kind: str) -> None:
    client = azure(kind, base_url=f"{ENDPOINT}/openai/deployments/blue", api_version="v1", api_key="k")
    assert client.config.endpoint == ENDPOINT and client.config.deployment == "blue"
    with pytest.raises(TypeError, match="base_url must be"):
        azure(kind, base_url="https://gateway.example/v1", api_version="v1", api_key="k")


async def test_copy_with_another_version_or_credential(kind: str) -> None:
    client = azure(kind, azure_endpoint=ENDPOINT, api_version="v1", api_key="k1")
    copy = client.copy(api_version="v2", azure_ad_token="entra", default_headers={"X-A": "1"})
    assert copy.transport is client.transport
    await Api.run(copy.models.list())
    sent = client.transport.requests[-1]
    assert sent.url.endswith("?api-version=v2") and sent.headers["Authorization"] == "Bearer entra"
    assert "api-key" not in sent.headers and sent.headers["X-A"] == "1"
    assert client.config.api_version == "v1" and client.config.api_key == "k1"
    with pytest.raises(TypeError, match="organization"):
        client.with_options(organization="org")


@pytest.mark.parametrize("keyword", ["admin_api_key", "webhook_secret", "websocket_base_url"])
def test_keywords_azure_cannot_use_are_refused(kind: str, keyword: str) -> None:
    with pytest.raises(TypeError, match=keyword):
        azure(kind, azure_endpoint=ENDPOINT, api_version="v1", api_key="k", **{keyword: "x"})


def test_an_azure_client_pickles(kind: str) -> None:
    cls = AzureOpenAI if kind == "sync" else AsyncAzureOpenAI
    client = cls(azure_endpoint=ENDPOINT, api_version="v1", api_key="k", azure_deployment="d")
    copy = pickle.loads(pickle.dumps(client))
    assert type(copy) is cls and copy.config == client.config and copy._cell.transport is None
