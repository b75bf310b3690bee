"""The module-level client: ``import openai_core as openai; openai.api_key = ...;
openai.chat.completions.create(...)``, as with the official SDK.

Module state lives as long as the process, so each scenario runs in a fresh interpreter against
an embedded server of this process. The SDK has no async module-level client, so there is none
here either; the async side of this file is the quiet garbage collection of an unclosed client.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

from openai_core.testing import LocalServer

CHAT = 'messages=[{"role": "user", "content": "hi"}]'


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def run(code: str, **env: str) -> str:
    """Run ``code`` in a new interpreter whose environment has no OpenAI or Azure settings
    besides ``env``; return what it printed."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_"))}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_plain_call_uses_the_environment(server: LocalServer) -> None:
    out = run(
        f"""
        import sys
        import openai_core as openai
        reply = openai.chat.completions.create(model="gpt-4o-mini", {CHAT})
        print(reply.choices[0].message.content)
        print(type(openai.chat).__name__, openai.api_key, "aiohttp" in sys.modules)
        """,
        OPENAI_API_KEY="sk-env",
        OPENAI_BASE_URL=server.url,
        OPENAI_ORG_ID="org-env",
    )
    assert out.split("\n")[:2] == ["Echo: hi", "Chat None False"]
    sent = server.requests[-1]
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == "Bearer sk-env"
    assert sent.headers["openai-organization"] == "org-env"


def test_settings_set_in_code_come_before_the_environment(server: LocalServer) -> None:
    run(
        f"""
        import openai_core as openai
        openai.api_key = "sk-code"
        openai.base_url = "{server.url}"
        openai.organization = "org-code"
        openai.project = "proj-code"
        openai.default_headers = {{"X-Team": "search"}}
        openai.default_query = {{"trace": "1"}}
        openai.max_retries = 0
        openai.timeout = 30.0
        assert [model.id for model in openai.models.list()]
        assert openai.models._client.max_retries == 0
        assert openai.models._client.timeout.read == 30.0
        """,
        OPENAI_API_KEY="sk-env",
        OPENAI_BASE_URL="http://127.0.0.1:9/v1",
    )
    sent = server.requests[-1]
    assert sent.path == "/v1/models"
    assert sent.headers["authorization"] == "Bearer sk-code"
    assert sent.headers["openai-organization"] == "org-code"
    assert sent.headers["openai-project"] == "proj-code"
    assert sent.headers["x-team"] == "search"
    assert sent.query["trace"] == "1"


def test_a_changed_setting_rebuilds_the_client_on_the_same_pool(server: LocalServer) -> None:
    with LocalServer() as other:
        out = run(
            f"""
            import openai_core as openai
            openai.models.list()
            first = openai.models._client
            assert openai.models._client is first  # unchanged settings: the same client
            openai.api_key = "sk-second"
            openai.models.list()
            second = openai.models._client
            assert second is not first and second.transport is first.transport
            openai.default_headers = {{"X-Step": "3"}}
            openai.models.list()
            openai.default_headers["X-Step"] = "4"  # changed in place counts too
            openai.models.list()
            openai.base_url = "{other.url}"
            openai.models.list()
            assert openai.models._client.transport is first.transport
            print(first.is_closed())
            """,
            OPENAI_API_KEY="sk-first",
            OPENAI_BASE_URL=server.url,
        )
        assert out.strip() == "False"
        assert [r.headers["authorization"] for r in server.requests] == [
            "Bearer sk-first",
            "Bearer sk-second",
            "Bearer sk-second",
            "Bearer sk-second",
        ]
        assert [r.headers.get("x-step") for r in server.requests] == [None, None, "3", "4"]
        assert [(r.path, r.headers["x-step"]) for r in other.requests] == [("/v1/models", "4")]


def test_a_new_http_client_replaces_the_pool_made_for_the_old_settings(server: LocalServer) -> None:
    out = run(
        """
        import requests
        import openai_core as openai
        openai.models.list()
        first = openai.models._client
        first_transport = first.transport
        session = requests.Session()
        session.headers["X-Session"] = "mine"
        openai.http_client = session
        openai.models.list()
        print(first.is_closed(), openai.models._client.transport is not first_transport)
        openai.api_key = "sk-later"
        openai.models.list()
        on_session = openai.models._client
        openai.http_client = None
        openai.models.list()
        print(on_session.is_closed())  # the user's session is the user's to close
        """,
        OPENAI_API_KEY="sk-env",
        OPENAI_BASE_URL=server.url,
    )
    assert out.split() == ["True", "True", "False"]
    assert [r.headers.get("x-session") for r in server.requests] == [None, "mine", "mine", None]
    assert server.requests[2].headers["authorization"] == "Bearer sk-later"


def test_raw_response_on_a_module_resource(server: LocalServer) -> None:
    out = run(
        f"""
        import openai_core as openai
        raw = openai.chat.completions.with_raw_response.create(model="gpt-4o-mini", {CHAT})
        completion = raw.parse()
        print(raw.status_code, raw.headers["content-type"].split(";")[0], completion.choices[0].message.content)
        """,
        OPENAI_API_KEY="sk-env",
        OPENAI_BASE_URL=server.url,
    )
    assert out.strip() == "200 application/json Echo: hi"


def test_streaming_on_a_module_resource(server: LocalServer) -> None:
    out = run(
        f"""
        import openai_core as openai
        stream = openai.chat.completions.create(model="gpt-4o-mini", {CHAT}, stream=True)
        print("".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices))
        with openai.chat.completions.with_streaming_response.create(model="gpt-4o-mini", {CHAT}) as response:
            print(response.status_code, response.parse().choices[0].message.content)
        """,
        OPENAI_API_KEY="sk-env",
        OPENAI_BASE_URL=server.url,
    )
    assert out.split("\n")[:2] == ["Echo: hi", "200 Echo: hi"]
    assert server.requests[0].json()["stream"] is True


def test_azure_settings_in_code(server: LocalServer) -> None:
    endpoint = server.url.removesuffix("/v1")
    run(
        f"""
        import openai_core as openai
        openai.api_type = "azure"
        openai.azure_endpoint = "{endpoint}"
        openai.api_version = "2024-10-21"
        openai.api_key = "azure-key"
        reply = openai.chat.completions.create(model="my-deployment", {CHAT})
        assert reply.choices[0].message.content == "Echo: hi"
        assert type(openai.chat._client).__name__ == "AzureOpenAI"
        openai.azure_ad_token_provider = lambda: "entra-token"
        openai.api_key = None
        openai.embeddings.create(model="embedding-deployment", input="hello")
        """,
    )
    chat, embeddings = server.requests
    assert chat.path == "/openai/deployments/my-deployment/chat/completions"
    assert chat.query["api-version"] == "2024-10-21"
    assert chat.headers["api-key"] == "azure-key"
    assert embeddings.path == "/openai/deployments/embedding-deployment/embeddings"
    assert embeddings.headers["authorization"] == "Bearer entra-token"


def test_azure_is_chosen_from_the_environment(server: LocalServer) -> None:
    out = run(
        f"""
        import openai_core as openai
        print(openai.api_version, openai.api_type)
        openai.chat.completions.create(model="my-deployment", {CHAT})
        """,
        AZURE_OPENAI_ENDPOINT=server.url.removesuffix("/v1"),
        AZURE_OPENAI_API_KEY="azure-env-key",
        OPENAI_API_VERSION="2024-10-21",
    )
    assert out.strip() == "2024-10-21 None"
    sent = server.requests[-1]
    assert sent.path == "/openai/deployments/my-deployment/chat/completions"
    assert sent.headers["api-key"] == "azure-env-key"


def test_openai_and_azure_credentials_together_are_refused(server: LocalServer) -> None:
    out = run(
        """
        import openai_core as openai
        try:
            openai.models.list()
        except openai.OpenAIError as err:
            print("refused:", "api_type" in str(err))
        openai.api_type = "openai"
        print(len(openai.models.list().data) > 0)
        openai.api_type = "bedrock"
        try:
            openai.models
        except openai.OpenAIError as err:
            print("refused:", "'bedrock'" in str(err))
        """,
        OPENAI_API_KEY="sk-env",
        OPENAI_BASE_URL=server.url,
        AZURE_OPENAI_ENDPOINT="https://example.openai.azure.com",
    )
    assert out.split("\n")[:3] == ["refused: True", "True", "refused: True"]
    assert len(server.requests) == 1


def test_first_build_is_thread_safe(server: LocalServer) -> None:
    out = run(
        """
        import threading
        import openai_core as openai
        barrier = threading.Barrier(8)
        clients = []
        def use():
            barrier.wait()
            clients.append(openai.models._client)
        threads = [threading.Thread(target=use) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(len(clients), len({id(client) for client in clients}))
        """,
        OPENAI_API_KEY="sk-env",
        OPENAI_BASE_URL=server.url,
    )
    assert out.split() == ["8", "1"]


def test_settings_and_resources_are_listed_and_importing_stays_small() -> None:
    out = run(
        """
        import sys
        import openai_core
        openai_core.api_key = "sk"
        names = dir(openai_core)
        print(all(name in names for name in ("api_key", "azure_endpoint", "timeout", "chat", "beta", "webhooks")))
        print(sorted(name for name in sys.modules if name.startswith("openai_core")))
        print(openai_core.timeout, openai_core.max_retries)
        try:
            openai_core.chatt
        except AttributeError as err:
            print(err)
        print("chat" in openai_core.__all__, "api_key" in openai_core.__all__)
        """
    )
    lines = out.splitlines()
    assert lines[0] == "True"
    assert lines[1] == "['openai_core', 'openai_core._lazy', 'openai_core._version']"
    assert lines[2].startswith("Timeout(") and lines[2].endswith(" 2")
    assert lines[3] == "module 'openai_core' has no attribute 'chatt'"
    assert lines[4] == "False False"  # as in the SDK: in dir(), not in __all__


def test_the_module_has_the_sdk_settings_and_resources() -> None:
    """Every setting and resource of the SDK's module client is here (Bedrock's aside: there
    is no Bedrock client), read from the SDK without building its client."""
    import openai
    import openai._module_client as sdk_resources

    import openai_core

    sdk_settings = {name for name in openai.__annotations__ if not name.startswith("_")}
    assert sdk_settings - set(dir(openai_core)) == {"bedrock_token_provider"}
    proxies = {name for name, value in vars(sdk_resources).items() if type(value).__name__.endswith("Proxy")}
    assert len(proxies) > 20
    for name in proxies:
        assert name in dir(openai_core)
        assert hasattr(openai_core.Client, name)  # served by the client's resource of that name
