"""The module-level client of ``import openai_core as openai``: ``openai.api_key = ...`` then
``openai.chat.completions.create(...)``, as with the official SDK.

The client is built on first use from the settings of the ``openai_core`` module (unset ones come
from the environment), and built again when a setting changes. The rebuilt client keeps the
connection pool unless ``http_client`` changed.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Mapping
from typing import Any

from . import _MODULE_RESOURCES, _MODULE_SETTINGS as SETTINGS
from ._client import Client
from ._errors import OpenAIError
from ._types import DEFAULT_TIMEOUT, TimeoutInput

__all__ = ["module_client", "timeout"]

# The default of ``openai_core.timeout`` (kept here so that ``import openai_core`` stays small).
timeout: TimeoutInput = DEFAULT_TIMEOUT

_AZURE_ONLY = ("api_version", "azure_endpoint", "azure_ad_token", "azure_ad_token_provider")
_OPENAI_ONLY = ("admin_api_key", "webhook_secret")
_AZURE_ENVIRONMENT = (
    ("api_version", "OPENAI_API_VERSION"),
    ("azure_endpoint", "AZURE_OPENAI_ENDPOINT"),
    ("azure_ad_token", "AZURE_OPENAI_AD_TOKEN"),
)

_lock = threading.Lock()
# (settings it was built from, the client, the client that owns the shared transport)
_current: tuple[tuple[Any, ...], Client, Client] | None = None


def _snapshot() -> tuple[Any, ...]:
    """The current settings; mappings are copied, so that changing one in place counts too."""
    namespace = vars(sys.modules[__package__])
    values = (namespace.get(name, timeout if name == "timeout" else None) for name in SETTINGS)
    return tuple(dict(value) if isinstance(value, Mapping) else value for value in values)


def _api_type(settings: Mapping[str, Any]) -> str:
    """``"openai"`` or ``"azure"``: the ``api_type`` setting, else what the credentials suggest."""
    api_type = settings["api_type"] or os.environ.get("OPENAI_API_TYPE")
    if api_type is None:
        azure_key = os.environ.get("AZURE_OPENAI_API_KEY") is not None
        azure = settings["azure_endpoint"] is not None or azure_key
        azure_ad = settings["azure_ad_token"] is not None or settings["azure_ad_token_provider"] is not None
        if (os.environ.get("OPENAI_API_KEY") is not None and (azure or azure_ad)) or (azure_ad and azure_key):
            raise OpenAIError(
                "ambiguous module client: both OpenAI and Azure credentials are set; "
                "set openai_core.api_type or OPENAI_API_TYPE to 'openai' or 'azure'"
            )
        api_type = "azure" if azure or azure_ad else "openai"
    if api_type not in ("openai", "azure"):
        raise OpenAIError(f"openai_core.api_type must be 'openai' or 'azure', not {api_type!r}")
    return api_type


def _build(snapshot: tuple[Any, ...], transport_owner: Client | None) -> Client:
    """The client for ``snapshot``, sending with ``transport_owner``'s transport if given."""
    settings = dict(zip(SETTINGS, snapshot, strict=True))
    for name, variable in _AZURE_ENVIRONMENT:
        if settings[name] is None:
            settings[name] = os.environ.get(variable)
    kind = _api_type(settings)
    del settings["api_type"]
    if transport_owner is not None:
        settings["transport"] = transport_owner.transport
        del settings["http_client"]
    if kind == "azure":
        from ._azure_client import AzureOpenAI

        for name in _OPENAI_ONLY:
            del settings[name]
        return AzureOpenAI(**settings)
    for name in _AZURE_ONLY:
        del settings[name]
    return Client(**settings, _enforce_credentials=False)


def module_client() -> Client:
    """The client that ``openai_core.chat``, ``openai_core.models``... belong to."""
    global _current
    snapshot = _snapshot()
    current = _current
    if current is not None and current[0] == snapshot:
        return current[1]
    with _lock:
        current = _current
        if current is not None and current[0] == snapshot:
            return current[1]
        owner = None
        if current is not None:
            previous_http_client = current[0][SETTINGS.index("http_client")]
            if previous_http_client is snapshot[SETTINGS.index("http_client")]:
                owner = current[2]
            elif previous_http_client is None:
                current[2].close()  # the pool made for the old settings; the new client makes another
        client = _build(snapshot, owner)
        _current = (snapshot, client, owner or client)
        return client


def __getattr__(name: str) -> Any:
    if name in _MODULE_RESOURCES:
        return getattr(module_client(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
