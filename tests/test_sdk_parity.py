"""The official SDK's surface is ours: every resource and method of ``openai.OpenAI()`` and
``openai.AsyncOpenAI()`` (openai==3.3.1) sits at the same dotted path on our clients, takes the
same positional parameters in the same order, and accepts every keyword it accepts.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
import pytest

from openai_core import AsyncClient, Client
from tools.codegen.main import DEFAULT_SPEC
from tools.sdk_names import TABLE, methods, resources, walk
from transports import AsyncMockTransport, MockResponse, MockTransport

ROOT = Path(__file__).resolve().parents[1]


def _required(fn: Any) -> set[str]:
    """The names a call must give."""
    return {
        p.name
        for p in inspect.signature(fn).parameters.values()
        if p.default is p.empty and p.kind != p.VAR_KEYWORD and p.kind != p.VAR_POSITIONAL
    }


def _params(fn: Any) -> tuple[list[str], set[str], bool]:
    """Required positional names in order, keyword names, and whether ``**kwargs`` is taken."""
    sig = inspect.signature(fn)
    positional = [
        p.name
        for p in sig.parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
    ]
    keywords = {p.name for p in sig.parameters.values() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    return positional, keywords, any(p.kind is p.VAR_KEYWORD for p in sig.parameters.values())


def differences(sdk_client: Any, ours: Any) -> set[tuple[str, str]]:
    """What the SDK has that ours lacks, as (dotted path, what)."""
    found: set[tuple[str, str]] = set()
    for path, sdk_resource in resources(sdk_client):
        dotted = ".".join(path)
        resource: Any = ours
        for part in path:
            resource = getattr(resource, part, None)
        if resource is None:
            found.add((dotted, "missing"))
            continue
        for name, sdk_method in methods(sdk_resource):
            method = getattr(resource, name, None)
            if not callable(method):
                found.add((f"{dotted}.{name}", "missing"))
                continue
            sdk_positional, sdk_keywords, _ = _params(sdk_method)
            positional, keywords, var_keyword = _params(method)
            if positional[: len(sdk_positional)] != sdk_positional:
                found.add((f"{dotted}.{name}", f"positional {positional} != {sdk_positional}"))
            for extra in sorted(_required(method) - _required(sdk_method)):
                found.add((f"{dotted}.{name}", f"requires {extra}"))
            if not var_keyword:
                for keyword in sorted(sdk_keywords - keywords):
                    found.add((f"{dotted}.{name}", f"keyword {keyword}"))
    return found


@pytest.fixture(scope="module")
def sdk_clients() -> tuple[openai.OpenAI, openai.AsyncOpenAI]:
    options: dict[str, Any] = {"api_key": "sk-x", "admin_api_key": "sk-admin-x", "base_url": "http://127.0.0.1:9/v1"}
    return openai.OpenAI(**options), openai.AsyncOpenAI(**options)


def test_the_naming_table_is_what_the_sdk_says() -> None:
    """tools/codegen/names.json is the walk's output: re-running ``python -m tools.sdk_names``
    would change nothing (the table is never edited by hand, except its ``own`` section)."""
    spec = json.loads((ROOT / DEFAULT_SPEC).read_text(encoding="utf-8"))
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    operations, helpers = walk(spec)
    assert operations == table["operations"]
    assert helpers == table["sdk_helpers"]
    assert operations["getRun"] == {"call": "beta.threads.runs.retrieve", "positional": ["run_id"], "deprecated": True}


def test_sdk_version() -> None:
    assert openai.__version__ == "3.3.1"  # the release built from the same spec as ours


def test_the_walk_sees_the_sdk(sdk_clients: tuple[openai.OpenAI, openai.AsyncOpenAI]) -> None:
    """The walk is not vacuous: it finds the SDK's resources and methods, on both clients."""
    for client in sdk_clients:
        paths = {".".join(path) for path, _ in resources(client)}
        assert {"chat.completions", "admin.organization.projects.rate_limits", "beta.threads.runs"} <= paths
        count = sum(len(list(methods(resource))) for _, resource in resources(client))
        assert count > 300


def test_the_walk_sees_differences() -> None:
    """A client without the SDK's names would fail the parity check."""

    class Bare:
        pass

    sdk = openai.OpenAI(api_key="sk-x", base_url="http://127.0.0.1:9/v1")
    found = differences(sdk, Bare())
    assert ("chat", "missing") in found and ("admin", "missing") in found


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_every_sdk_path_and_keyword_is_ours(sdk_clients: tuple[openai.OpenAI, openai.AsyncOpenAI], kind: str) -> None:
    sdk = sdk_clients[0] if kind == "sync" else sdk_clients[1]
    ours = Client(api_key="k") if kind == "sync" else AsyncClient(api_key="k")
    assert sorted(differences(sdk, ours)) == []  # the SDK has these, we do not


def _recording(kind: str, seen: list[Any]) -> Any:
    def handler(request: Any) -> MockResponse:
        seen.append((request.method, request.url, json.loads(request.body) if request.body else None))
        return MockResponse.json({"id": "sess_1", "object": "realtime.session"})

    if kind == "sync":
        return Client(api_key="k", transport=MockTransport(handler))
    return AsyncClient(api_key="k", transport=AsyncMockTransport(handler))


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_field_only_the_sdk_knows_is_sent(kind: str) -> None:
    """The naming table's ``extra``: `model` is the SDK's, not the spec's; it goes in the body."""
    seen: list[Any] = []
    client = _recording(kind, seen)
    call = client.beta.realtime.sessions.create(model="gpt-realtime", instructions="be brief")
    if kind == "async":
        await call
        await client.aclose()
    assert seen[0][2] == {"model": "gpt-realtime", "instructions": "be brief"}


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_empty_path_id_is_refused_as_the_sdk_says(kind: str) -> None:
    seen: list[Any] = []
    client = _recording(kind, seen)
    with (
        pytest.warns(DeprecationWarning),  # as the SDK: the warning first, then the refusal
        pytest.raises(ValueError, match=r"Expected a non-empty value for `run_id` but received ''"),
    ):
        call = client.beta.threads.runs.retrieve("", thread_id="thread_1")
        if kind == "async":
            await call
    if kind == "async":
        await client.aclose()
    assert seen == []


# The SDK's type names we do not have: each shape has no honest counterpart in our spec (or its
# name is a helper we do not provide). The list may only shrink.
MISSING_TYPE_NAMES: dict[str, set[str]] = {
    "": {
        "EvalDeleteResponse",
        "FileContent",
        "ImageInputReferenceParam",
        "ImageModel",
        "ModerationMultiModalInputParam",
        "OAuthErrorCode",
        "ReconnectingEvent",
        "ReconnectingOverrides",
        "WebSocketConnectionOptions",
        "WebsocketConnectionOptions",
    },
    "admin.organization": {"AdminAPIKeyDeleteResponse"},
    "audio": {"TranscriptionCreateResponse", "Translation", "TranslationCreateResponse"},
    "beta": {"BetaResponsesClientEventParam"},
    "beta.realtime": {
        "ConversationItemParam",
        "ErrorEvent",
        "RealtimeClientEventParam",
        "RealtimeConnectParams",
        "ResponseAudioDeltaEvent",
        "ResponseAudioDoneEvent",
        "ResponseAudioTranscriptDeltaEvent",
        "ResponseAudioTranscriptDoneEvent",
        "ResponseTextDeltaEvent",
        "ResponseTextDoneEvent",
    },
    "beta.threads": {"MessageContentPartParam"},
    "beta.threads.runs": {"RunStepInclude"},
    "evals": {"RunDeleteResponse"},
    "graders": {"GraderInputs", "GraderInputsParam"},
    "realtime": {
        "RealtimeConnectParams",
        "RealtimeToolChoiceConfig",
        "RealtimeToolChoiceConfigParam",
        "RealtimeToolsConfig",
        "RealtimeToolsConfigParam",
        "RealtimeTracingConfig",
        "RealtimeTracingConfigParam",
        "RealtimeTranscriptionSessionAudioInputTurnDetection",
        "RealtimeTranscriptionSessionAudioInputTurnDetectionParam",
    },
    "responses": {"ParsedContent", "ParsedResponseOutputItem"},
    "shared": {"OAuthErrorCode"},
    "shared_params": {"CustomToolInputFormat", "OAuthErrorCode"},
    "webhooks": {"SafetyIdentifierBlockedWebhookEvent"},
}


def missing_type_names(ours: Callable[[str], types.ModuleType]) -> dict[str, set[str]]:
    """{an ``openai.types`` package, after ``openai.types.``: its public names that the module
    ``ours`` gives for it lacks}; a package we do not have at all lacks ``<module>``."""
    import openai.types

    packages = [
        "openai.types",
        *(m.name for m in pkgutil.walk_packages(openai.types.__path__, "openai.types.") if m.ispkg),
    ]
    out: dict[str, set[str]] = {}
    for package in packages:
        sdk = importlib.import_module(package)
        key = package.removeprefix("openai.types").lstrip(".")
        try:
            module = ours(package.replace("openai.", "openai_core.", 1))
        except ImportError:
            out[key] = {"<module>"}
            continue
        names = {
            n
            for n, value in vars(sdk).items()
            if not n.startswith("_") and n != "annotations" and not isinstance(value, types.ModuleType)
        }
        missing = {n for n in names if not hasattr(module, n)}
        if missing:
            out[key] = missing
    return out


def test_the_sdks_type_names_are_ours() -> None:
    """Every name of every ``openai.types`` package imports from the same path here, but the
    few listed above."""
    missing = missing_type_names(importlib.import_module)
    extra = {k: sorted(v - MISSING_TYPE_NAMES.get(k, set())) for k, v in missing.items()}
    assert {k: v for k, v in extra.items() if v} == {}
    gone = {k: sorted(v - missing.get(k, set())) for k, v in MISSING_TYPE_NAMES.items()}
    assert {k: v for k, v in gone.items() if v} == {}  # found now: take it off the list


def test_the_type_names_check_sees_a_missing_name() -> None:
    """A package without a name, and a package we lack, are both reported."""

    def without(name: str) -> types.ModuleType:
        if name == "openai_core.types.beta.chat":
            raise ImportError(name)
        module = importlib.import_module(name)
        if name != "openai_core.types.chat":
            return module

        def lookup(attribute: str) -> object:
            if attribute == "ChatCompletion":
                raise AttributeError(attribute)
            return getattr(module, attribute)

        bare = types.ModuleType(name)
        bare.__dict__.update({k: v for k, v in vars(module).items() if k != "ChatCompletion"})
        bare.__dict__["__getattr__"] = lookup  # the module makes its classes on first lookup
        return bare

    missing = missing_type_names(without)
    assert "ChatCompletion" in missing["chat"]
    assert missing["beta.chat"] == {"<module>"}
