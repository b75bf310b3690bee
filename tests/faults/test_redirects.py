"""Redirects: credentials (``Authorization``, ``api-key``) never reach another origin (here:
another port) and never come back on a later hop; the same origin keeps them. 307/308 keep
the method and body; 301/302/303 turn the POST into a GET without body."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
import requests

import openai_core
from tests.faults.server import FaultServer, Landing
from tests.faults.support import ClientFor, call, released
from transports._redirect import MAX_REDIRECTS, Hop, next_hop

pytestmark = pytest.mark.timeout(20)

SECRET = {"api-key": "azure-secret"}


def credentials(landing: Landing) -> dict[str, str]:
    return {k: v for k, v in landing.headers.items() if k in ("authorization", "api-key")}


def assert_method_and_body(landing: Landing, status: int) -> None:
    if status in (307, 308):
        assert landing.method == "POST"
        assert json.loads(landing.body)["messages"] == [{"role": "user", "content": "Hi"}]
    else:
        assert (landing.method, landing.body) == ("GET", b"")
        assert "content-type" not in landing.headers


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_other_origin_gets_no_credentials(client_for: ClientFor, faults: FaultServer, status: int) -> None:
    sc = faults.scenario(f"redirect:{status}:other")
    client = client_for(sc.base_url, default_headers=SECRET, timeout=5.0)
    out = await call(client)
    assert out.error is None, repr(out.error)
    assert out.result.choices[0].message.content == "landed"
    assert sc.hits == 1
    [landing] = sc.landed
    assert landing.port == faults.other_port
    assert credentials(landing) == {}
    assert landing.headers["user-agent"].startswith("openai-core")
    assert_method_and_body(landing, status)
    await released(client, faults)


@pytest.mark.parametrize("status", [302, 307])
async def test_same_origin_keeps_credentials(client_for: ClientFor, faults: FaultServer, status: int) -> None:
    sc = faults.scenario(f"redirect:{status}:same")
    client = client_for(sc.base_url, default_headers=SECRET, timeout=5.0)
    out = await call(client)
    assert out.error is None and out.result.choices[0].message.content == "landed"
    [landing] = sc.landed
    assert landing.port == faults.port
    assert credentials(landing) == {"authorization": "Bearer sk-test", "api-key": "azure-secret"}
    assert_method_and_body(landing, status)
    assert sc.hits == 1
    await released(client, faults)


async def test_credentials_do_not_come_back(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("redirect:307:bounce")  # here -> the other origin -> back here
    client = client_for(sc.base_url, default_headers=SECRET, timeout=5.0)
    out = await call(client)
    assert out.error is None and out.result.choices[0].message.content == "landed"
    away, back = sc.landed
    assert (away.port, back.port) == (faults.other_port, faults.port)
    assert credentials(away) == {} and credentials(back) == {}
    assert back.method == "POST" and back.body == away.body != b""
    assert sc.hits == 1
    await released(client, faults)


async def test_redirected_stream(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("redirect:307:other")
    client = client_for(sc.base_url, default_headers=SECRET, timeout=5.0)
    out = await call(client, stream=True)
    assert out.error is None, repr(out.error)
    assert "".join(c.choices[0].delta.content for c in out.chunks) == "landed and more"
    [landing] = sc.landed
    assert credentials(landing) == {} and json.loads(landing.body)["stream"] is True
    assert sc.hits == 1
    await released(client, faults)


async def test_redirect_loop_ends_as_a_typed_error(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("redirect:307:loop")
    client = client_for(sc.base_url, timeout=5.0, max_retries=2)
    out = await call(client)
    assert type(out.error) is openai_core.APIStatusError, repr(out.error)
    assert out.error.status_code == 307
    assert sc.hits == MAX_REDIRECTS + 1  # followed 10 times, handed back, not retried
    await released(client, faults)


async def test_users_own_session_gets_no_credentials_either(kind: str, faults: FaultServer) -> None:
    from tests.conftest import make_client

    sc = faults.scenario("redirect:307:other")
    session: Any = requests.Session() if kind == "sync" else aiohttp.ClientSession()
    client = make_client(kind, base_url=sc.base_url, default_headers=SECRET, timeout=5.0, http_client=session)
    try:
        out = await call(client)
        assert out.error is None and out.result.choices[0].message.content == "landed"
        [landing] = sc.landed
        assert credentials(landing) == {}
    finally:
        if kind == "sync":
            session.close()
        else:
            await session.close()


# -- the rule itself ---------------------------------------------------------------

POST = Hop("POST", "https://api.example.com/v1/x", {"Authorization": "Bearer k", "API-Key": "s", "X-A": "1"}, b"{}")


@pytest.mark.parametrize(
    ("location", "kept"),
    [
        ("/v1/y", True),
        ("https://api.example.com:443/v1/y", True),  # the default port is the same origin
        ("HTTPS://API.EXAMPLE.COM/v1/y", True),
        ("http://api.example.com/v1/y", False),  # another scheme
        ("https://api.example.com:8443/v1/y", False),  # another port
        ("https://evil.example.com/v1/y", False),  # another host
        ("//evil.example.com/v1/y", False),
    ],
)
def test_rule_strips_credentials_on_origin_change(location: str, kept: bool) -> None:
    hop = next_hop(POST, 307, location)
    assert hop is not None and hop.method == "POST" and hop.body == b"{}"
    assert ("Authorization" in hop.headers, "API-Key" in hop.headers) == (kept, kept)
    assert hop.headers["X-A"] == "1"


@pytest.mark.parametrize(
    ("status", "location"),
    [(200, "/x"), (304, "/x"), (307, None), (307, ""), (302, "ftp://example.com/x"), (302, "http://[::1/x")],
)
def test_rule_follows_only_http_redirects(status: int, location: str | None) -> None:
    assert next_hop(POST, status, location) is None


def test_rule_turns_head_and_get_into_themselves() -> None:
    head = Hop("HEAD", "https://a.example/x", {}, None)
    assert next_hop(head, 303, "/y") == Hop("HEAD", "https://a.example/y", {}, None)
    put = Hop("PUT", "https://a.example/x", {"Content-Type": "application/json"}, b"{}")
    assert next_hop(put, 302, "/y#frag") == Hop(
        "PUT", "https://a.example/y", {"Content-Type": "application/json"}, b"{}"
    )
    assert next_hop(put, 303, "/y") == Hop("GET", "https://a.example/y", {}, None)
