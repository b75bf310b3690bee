"""The client classes take the official SDK's constructor and ``copy()`` keywords (openai 3.3.1,
a test-only dependency): each is accepted, or, for the few we do not support, refused with a
``TypeError`` that names it. Walking the SDK's signatures keeps this true as both sides change."""

from __future__ import annotations

import inspect
from typing import Any

import openai
import pytest

import openai_core

# SDK keywords we do not support: each must be a TypeError naming it, never silently ignored.
REFUSED = {
    "workload_identity",  # OAuth workload identity federation
    "provider",  # the SDK's pluggable auth/routing providers (Bedrock ...)
    "_extra_kwargs",  # the SDK's internal pass-through of copy()
}
# Refused by the Azure classes: Azure has no admin API, no webhooks secret here, and our Azure
# configuration takes one fixed credential (so no credential check to switch off).
REFUSED_AZURE = REFUSED | {"admin_api_key", "webhook_secret", "websocket_base_url", "_enforce_credentials"}
# copy() creates no new credentials, so it has nothing to enforce.
REFUSED_COPY = {"_enforce_credentials"}

PAIRS = [
    (openai.OpenAI, openai_core.OpenAI, REFUSED),
    (openai.AsyncOpenAI, openai_core.AsyncOpenAI, REFUSED),
    (openai.AzureOpenAI, openai_core.AzureOpenAI, REFUSED_AZURE),
    (openai.AsyncAzureOpenAI, openai_core.AsyncAzureOpenAI, REFUSED_AZURE),
]


def keywords(function: Any) -> set[str]:
    return {
        name
        for name, param in inspect.signature(function).parameters.items()
        if name != "self" and param.kind not in (param.VAR_KEYWORD, param.VAR_POSITIONAL)
    }


def accepted(function: Any) -> set[str]:
    names = keywords(function)
    extra = inspect.signature(function).parameters.get("options")
    if extra is not None:  # **options: Unpack[ClientOptions]
        names |= set(openai_core._client.ClientOptions.__annotations__)
    return names


@pytest.mark.parametrize(("sdk", "ours", "refused"), PAIRS, ids=lambda x: getattr(x, "__name__", ""))
def test_constructor_keywords(sdk: Any, ours: Any, refused: set[str]) -> None:
    theirs = keywords(sdk.__init__)
    missing = theirs - accepted(ours.__init__) - refused
    assert not missing, f"{ours.__name__}() lacks the SDK's keywords {sorted(missing)}"
    for name in sorted(theirs & refused):
        with pytest.raises(TypeError, match=name):
            ours(**{name: "x"})


@pytest.mark.parametrize(("sdk", "ours", "refused"), PAIRS, ids=lambda x: getattr(x, "__name__", ""))
def test_copy_keywords(sdk: Any, ours: Any, refused: set[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert ours.copy is ours.with_options
    theirs = keywords(sdk.copy)
    missing = theirs - accepted(ours.copy) - refused - REFUSED_COPY
    assert not missing, f"{ours.__name__}.copy() lacks the SDK's keywords {sorted(missing)}"
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://x.openai.azure.com")
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    client = ours(api_key="sk-x")
    for name in sorted(theirs & (refused | REFUSED_COPY)):
        with pytest.raises(TypeError, match=name):
            client.copy(**{name: "x"})
