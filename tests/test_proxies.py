"""Proxies from the environment: honoured by both transports, read once per origin per transport."""

from __future__ import annotations

import os
import socket
import sys
import urllib.request

import pytest

from openai_core import APIConnectionError
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from transports._environment import no_proxy_possible

UNREACHABLE_API = "http://upstream.invalid/v1"  # resolvable only by a proxy that answers for it
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def _clean_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _origin(server: LocalServer) -> str:
    return server.url.rsplit("/v1", 1)[0]


def _refusing_proxy() -> str:
    """A proxy address where nothing listens: any request sent through it fails."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def _model_id(kind: str, base_url: str) -> str:
    client = make_client(kind, base_url=base_url, max_retries=0)
    try:
        model = await Api.run(client.models.retrieve("gpt-4o-mini"))
        return str(model.id)
    finally:
        await close_client(client)


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_the_environment_proxy_carries_the_request(
    kind: str, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The embedded server answers a proxied request (absolute URL) like a direct one: the call
    # only succeeds if it went through the proxy, since the API host does not resolve.
    monkeypatch.setenv("HTTP_PROXY", _origin(server))
    assert await _model_id(kind, UNREACHABLE_API) == "gpt-4o-mini"


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_no_proxy_sends_the_request_directly(
    kind: str, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", _refusing_proxy())
    with pytest.raises(APIConnectionError):
        await _model_id(kind, server.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert await _model_id(kind, server.url) == "gpt-4o-mini"


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_the_proxy_is_read_once_per_transport(
    kind: str, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", _origin(server))
    client = make_client(kind, base_url=UNREACHABLE_API, max_retries=0)
    try:
        assert (await Api.run(client.models.retrieve("gpt-4o-mini"))).id == "gpt-4o-mini"
        monkeypatch.setenv("HTTP_PROXY", _refusing_proxy())
        # The same client keeps the proxy it read; a new one reads the new setting.
        assert (await Api.run(client.models.retrieve("gpt-4o-mini"))).id == "gpt-4o-mini"
        with pytest.raises(APIConnectionError):
            await _model_id(kind, UNREACHABLE_API)
    finally:
        await close_client(client)


def _without_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)


@pytest.mark.parametrize("name", ["HTTP_PROXY", "https_proxy", "ALL_PROXY", "no_proxy", "Ftp_Proxy"])
def test_any_proxy_variable_makes_the_lookup_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _without_proxy_variables(monkeypatch)
    assert no_proxy_possible()
    monkeypatch.setenv(name, "http://127.0.0.1:9")
    assert not no_proxy_possible()


def test_a_platform_with_system_proxy_settings_always_looks_up(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rule agrees with urllib's own choice on this platform, and a platform where urllib
    # also reads a system setting (macOS, Windows) always asks the library.
    _without_proxy_variables(monkeypatch)
    assert no_proxy_possible() is (urllib.request.getproxies is urllib.request.getproxies_environment)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not no_proxy_possible()


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_without_proxy_variables_no_library_scans_the_environment(
    kind: str, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Their scans of os.environ cost more than the rest of a first request; with nothing to
    # find, neither library is asked.
    import aiohttp.helpers
    import requests.utils

    def scanned(*_: object) -> None:
        raise AssertionError("the environment was scanned for proxies")

    _without_proxy_variables(monkeypatch)
    monkeypatch.setattr(requests.utils, "get_environ_proxies", scanned)
    monkeypatch.setattr(aiohttp.helpers, "get_env_proxy_for_url", scanned)
    assert await _model_id(kind, server.url) == "gpt-4o-mini"
    monkeypatch.setenv("HTTP_PROXY", _refusing_proxy())  # now a proxy may apply: it is looked up
    with pytest.raises(AssertionError, match="scanned"):
        await _model_id(kind, server.url)


def test_the_sync_transport_reads_requests_ca_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    # A requests convention (aiohttp has none): the bundle named by the environment is used,
    # so a missing file fails before any connection is tried.
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/ca-bundle.pem")
    client = make_client("sync", base_url="https://127.0.0.1:1/v1", max_retries=0)
    try:
        with pytest.raises(APIConnectionError, match="CA certificate bundle"):
            client.models.retrieve("gpt-4o-mini")
    finally:
        client.close()
