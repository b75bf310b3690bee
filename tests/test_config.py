"""Tests for the client configuration (``openai_core._config``)."""

from __future__ import annotations

import pytest

from openai_core._config import DEFAULT_BASE_URL, Config, ConfigProvider
from openai_core._errors import OpenAIError

ENV_VARS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
    "OPENAI_ADMIN_KEY",
    "OPENAI_WEBHOOK_SECRET",
)

API_KEY = "sk-env-api-key-SECRET-111"
ADMIN_KEY = "sk-admin-key-SECRET-222"
WEBHOOK = "whsec_SECRET-333"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def full_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:8080/v1/")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-env")
    monkeypatch.setenv("OPENAI_ADMIN_KEY", ADMIN_KEY)
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", WEBHOOK)


@pytest.mark.usefixtures("full_env")
def test_from_env_reads_every_variable() -> None:
    config = Config.from_env()
    assert config.api_key == API_KEY
    assert config.base_url == "http://localhost:8080/v1"  # trailing slash dropped
    assert config.organization == "org-env"
    assert config.project == "proj-env"
    assert config.admin_api_key == ADMIN_KEY
    assert config.webhook_secret == WEBHOOK


@pytest.mark.usefixtures("full_env")
def test_arguments_win_over_env() -> None:
    config = Config.from_env(
        api_key="sk-arg",
        admin_api_key="sk-admin-arg",
        webhook_secret="whsec_arg",
        base_url="https://proxy.example/v1",
        organization="org-arg",
        project="proj-arg",
    )
    assert config.api_key == "sk-arg"
    assert config.admin_api_key == "sk-admin-arg"
    assert config.webhook_secret == "whsec_arg"
    assert config.base_url == "https://proxy.example/v1"
    assert config.organization == "org-arg"
    assert config.project == "proj-arg"


def test_defaults_without_optional_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    config = Config.from_env()
    assert config.base_url == DEFAULT_BASE_URL
    assert config.organization is None
    assert config.project is None
    assert config.admin_api_key is None
    assert config.webhook_secret is None


def test_empty_env_var_treated_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "")
    monkeypatch.setenv("OPENAI_ORG_ID", "")
    config = Config.from_env()
    assert config.base_url == DEFAULT_BASE_URL
    assert config.organization is None


def test_missing_key_raises_clear_error() -> None:
    with pytest.raises(OpenAIError, match="OPENAI_API_KEY") as info:
        Config.from_env()
    assert "api_key" in str(info.value)


def test_empty_key_env_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "")
    with pytest.raises(OpenAIError, match="OPENAI_API_KEY"):
        Config.from_env()


def test_admin_api_key_alone_is_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ADMIN_KEY", ADMIN_KEY)
    config = Config.from_env()
    assert config.api_key is None
    assert config.headers(admin=True)["Authorization"] == f"Bearer {ADMIN_KEY}"


@pytest.mark.parametrize("bad", ["api.openai.com", "ftp://x", "api.openai.com/v1", "https://", "/v1"])
def test_malformed_base_url_raises_naming_base_url(bad: str) -> None:
    with pytest.raises(OpenAIError, match="base_url") as info:
        Config.from_env(api_key="sk-x", base_url=bad)
    assert repr(bad) in str(info.value)
    with pytest.raises(OpenAIError, match="base_url"):
        Config(api_key="sk-x", base_url=bad)


def test_malformed_base_url_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "localhost:8000")
    with pytest.raises(OpenAIError, match="base_url"):
        Config.from_env()


def test_headers_contents() -> None:
    config = Config(
        api_key="sk-a",
        organization="org-1",
        project="proj-1",
        default_headers={"X-Custom": "yes", "OpenAI-Beta": "assistants=v2"},
    )
    headers = config.headers()
    assert headers["Authorization"] == "Bearer sk-a"
    assert headers["OpenAI-Organization"] == "org-1"
    assert headers["OpenAI-Project"] == "proj-1"
    assert headers["X-Custom"] == "yes"
    assert headers["OpenAI-Beta"] == "assistants=v2"
    assert headers["User-Agent"].startswith("openai-core/")


def test_headers_without_org_or_project() -> None:
    headers = Config(api_key="sk-a").headers()
    assert "OpenAI-Organization" not in headers
    assert "OpenAI-Project" not in headers


def test_admin_headers_use_admin_api_key() -> None:
    config = Config(api_key="sk-a", admin_api_key="sk-admin")
    assert config.headers(admin=True)["Authorization"] == "Bearer sk-admin"
    assert config.headers()["Authorization"] == "Bearer sk-a"
    assert config.headers(admin=False)["Authorization"] == "Bearer sk-a"


def test_admin_headers_fall_back_to_api_key() -> None:
    assert Config(api_key="sk-a").headers(admin=True)["Authorization"] == "Bearer sk-a"


def test_headers_without_any_key_raise() -> None:
    with pytest.raises(OpenAIError, match="key"):
        Config().headers()


@pytest.mark.usefixtures("full_env")
def test_repr_never_contains_secrets() -> None:
    config = Config.from_env()
    config.headers()
    config.headers(admin=True)  # fill the cache too
    text = repr(config)
    assert API_KEY not in text
    assert ADMIN_KEY not in text
    assert WEBHOOK not in text
    assert "SECRET" not in text
    assert "org-env" in text  # the repr is still useful
    assert all(secret not in str(config) for secret in (API_KEY, ADMIN_KEY, WEBHOOK))


def test_query_and_with_defaults() -> None:
    config = Config(api_key="sk-a", default_headers={"A": "1"}, default_query={"v": "1"})
    assert config.query() == {"v": "1"}
    derived = config.with_defaults({"B": "2"}, {"w": "2"})
    assert derived.headers()["A"] == "1"
    assert derived.headers()["B"] == "2"
    assert derived.query() == {"v": "1", "w": "2"}
    assert "B" not in config.headers()
    assert config.query() == {"v": "1"}


def test_config_is_a_config_provider() -> None:
    assert isinstance(Config(api_key="sk-a"), ConfigProvider)
