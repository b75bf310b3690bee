"""Azure OpenAI configuration: paths, api-version, and the three kinds of credentials."""

from __future__ import annotations

from typing import Any

import pytest

import openai_core
from openai_core import AsyncClient, AzureConfig, Client, ConfigProvider
from tests.conftest import Api
from transports import AsyncMockTransport, MockResponse, MockTransport

CHAT = {
    "id": "c",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "logprobs": None,
            "message": {"role": "assistant", "content": "hi", "refusal": None},
        }
    ],
}
ENDPOINT = "https://example-resource.openai.azure.com"


def client_for(kind: str, config: AzureConfig) -> tuple[Any, Any]:
    handler = lambda request: MockResponse.json(CHAT if "chat" in request.url else {"object": "list", "data": []})  # noqa: E731
    if kind == "sync":
        transport: Any = MockTransport(handler)
        return Client(config=config, transport=transport), transport
    transport = AsyncMockTransport(handler)
    return AsyncClient(config=config, transport=transport), transport


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_deployment_paths_version_and_key(kind: str) -> None:
    config = AzureConfig(endpoint=ENDPOINT + "/", api_version="2024-10-21", deployment="gpt4o-prod", api_key="az-key")
    assert isinstance(config, ConfigProvider)
    client, transport = client_for(kind, config)
    reply = await Api.run(client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}]))
    assert reply.choices[0].message.content == "hi"
    await Api.run(client.files.list())
    chat, files = transport.requests
    assert chat.url == f"{ENDPOINT}/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21"
    assert files.url == f"{ENDPOINT}/openai/files?api-version=2024-10-21"  # not deployment-scoped
    assert chat.headers["api-key"] == "az-key" and "Authorization" not in chat.headers
    assert "az-key" not in repr(config) and "az-key" not in repr(client)


async def test_model_names_the_deployment_when_none_is_fixed(kind: str) -> None:
    client, transport = client_for(kind, AzureConfig(endpoint=ENDPOINT, api_version="v", api_key="k"))
    await Api.run(client.embeddings.create(model="embed-dep", input="x", encoding_format="float"))
    assert transport.requests[0].url.startswith(f"{ENDPOINT}/openai/deployments/embed-dep/embeddings?")
    with pytest.raises(openai_core.OpenAIError, match="deployment"):
        await Api.run(client.chat.completions.create(model="", messages=[]))
    assert len(transport.requests) == 1


async def test_token_provider_is_called_for_each_request(kind: str) -> None:
    tokens = iter(["t1", "t2"])
    config = AzureConfig(
        endpoint=ENDPOINT, api_version="v", deployment="d", azure_ad_token_provider=lambda: next(tokens)
    )
    client, transport = client_for(kind, config)
    for _ in range(2):
        await Api.run(client.chat.completions.create(model="m", messages=[]))
    assert [r.headers["Authorization"] for r in transport.requests] == ["Bearer t1", "Bearer t2"]
    assert all("api-key" not in r.headers for r in transport.requests)


def test_static_entra_token() -> None:
    config = AzureConfig(endpoint=ENDPOINT, api_version="v", azure_ad_token="entra")
    assert config.headers()["Authorization"] == "Bearer entra"


@pytest.mark.parametrize(
    "credentials",
    [{}, {"api_key": "k", "azure_ad_token": "t"}, {"api_key": "k", "azure_ad_token_provider": lambda: "t"}],
)
def test_exactly_one_credential(credentials: dict[str, Any]) -> None:
    with pytest.raises(openai_core.OpenAIError, match="exactly one"):
        AzureConfig(endpoint=ENDPOINT, api_version="v", **credentials)


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "env-key")
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-01-01")
    monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT", "dep")
    config = AzureConfig.from_env()
    assert (config.base_url, config.api_version, config.deployment) == (f"{ENDPOINT}/openai", "2025-01-01", "dep")
    assert config.headers()["api-key"] == "env-key"
    assert AzureConfig.from_env(azure_ad_token="explicit").headers()["Authorization"] == "Bearer explicit"
    monkeypatch.delenv("OPENAI_API_VERSION")
    with pytest.raises(openai_core.OpenAIError, match="api_version"):
        AzureConfig.from_env()


def test_against_a_local_server(server: Any) -> None:
    """The embedded server answers Azure's paths, authenticated by the ``api-key`` header."""
    base = server.url.removesuffix("/v1")
    client = Client(config=AzureConfig(endpoint=base, api_version="2024-10-21", deployment="d", api_key="k"))
    reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert reply.choices[0].message.content == "Echo: x"
    sent = server.requests[-1]
    assert sent.path == "/openai/deployments/d/chat/completions"
    assert sent.query == {"api-version": "2024-10-21"}
    assert sent.headers["api-key"] == "k"
