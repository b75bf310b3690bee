"""Redirects: nothing leaves its origin. Another origin (here: another port) gets no body and
only the safe headers (no credential, organisation, project or custom header), and they never
come back on a later hop; the same origin keeps everything. 301/302/303 turn the POST into a
GET without body; a 307/308 that would carry the body to another origin is refused."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
import requests

import openai_core
from tests.faults.server import FaultServer, Landing
from tests.faults.support import ClientFor, call, released
from transports._redirect import MAX_REDIRECTS, SAFE_HEADERS, Hop, next_hop

pytestmark = pytest.mark.timeout(20)

SECRET = {"api-key": "azure-secret", "X-Api-Key": "gateway-secret", "X-Team": "search"}
PRIVATE = ("authorization", "api-key", "x-api-key", "x-team", "openai-organization", "openai-project")


def credentials(landing: Landing) -> dict[str, str]:
    return {k: v for k, v in landing.headers.items() if k in ("authorization", "api-key")}


def private(landing: Landing) -> list[str]:
    return [k for k in landing.headers if k in PRIVATE]


def settings() -> dict[str, Any]:
    return {"default_headers": SECRET, "organization": "org-x", "project": "proj-x", "timeout": 5.0}


@pytest.mark.parametrize("status", [301, 302, 303])
async def test_other_origin_gets_no_body_and_only_safe_headers(
    client_for: ClientFor, faults: FaultServer, status: int
) -> None:
    sc = faults.scenario(f"redirect:{status}:other")
    client = client_for(sc.base_url, **settings())
    out = await call(client)
    assert out.error is None, repr(out.error)
    assert out.result.choices[0].message.content == "landed"
    assert sc.hits == 1
    [landing] = sc.landed
    assert landing.port == faults.other_port
    assert private(landing) == []
    assert landing.headers["user-agent"].startswith("openai-core")
    assert (landing.method, landing.body) == ("GET", b"")
    assert "content-type" not in landing.headers
    await released(client, faults)


@pytest.mark.parametrize("status", [307, 308])
@pytest.mark.parametrize("stream", [False, True])
async def test_body_is_never_carried_to_another_origin(
    client_for: ClientFor, faults: FaultServer, status: int, stream: bool
) -> None:
    sc = faults.scenario(f"redirect:{status}:other")
    client = client_for(sc.base_url, max_retries=2, **settings())
    out = await call(client, stream=stream)
    assert type(out.error) is openai_core.UnsafeRedirectError, repr(out.error)
    assert out.error.status_code == status
    assert f"127.0.0.1:{faults.other_port}" in str(out.error) and "body" in str(out.error)
    assert sc.landed == []  # nothing reached the other origin
    assert sc.hits == 1  # refused, not retried
    await released(client, faults)


@pytest.mark.parametrize("status", [302, 307])
async def test_same_origin_keeps_credentials(client_for: ClientFor, faults: FaultServer, status: int) -> None:
    sc = faults.scenario(f"redirect:{status}:same")
    client = client_for(sc.base_url, **settings())
    out = await call(client)
    assert out.error is None and out.result.choices[0].message.content == "landed"
    [landing] = sc.landed
    assert landing.port == faults.port
    assert credentials(landing) == {"authorization": "Bearer sk-test", "api-key": "azure-secret"}
    assert sorted(private(landing)) == sorted(PRIVATE)
    if status == 307:
        assert landing.method == "POST"
        assert json.loads(landing.body)["messages"] == [{"role": "user", "content": "Hi"}]
    else:
        assert (landing.method, landing.body) == ("GET", b"")
    assert sc.hits == 1
    await released(client, faults)


async def test_credentials_do_not_come_back(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("redirect:303:bounce")  # here -> the other origin -> 307 back here
    client = client_for(sc.base_url, **settings())
    out = await call(client)
    assert out.error is None and out.result.choices[0].message.content == "landed"
    away, back = sc.landed
    assert (away.port, back.port) == (faults.other_port, faults.port)
    assert private(away) == [] and private(back) == []
    assert back.method == "GET" and back.body == away.body == b""
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

    sc = faults.scenario("redirect:302:other")
    session: Any = requests.Session() if kind == "sync" else aiohttp.ClientSession()
    client = make_client(kind, base_url=sc.base_url, http_client=session, **settings())
    try:
        out = await call(client)
        assert out.error is None and out.result.choices[0].message.content == "landed"
        [landing] = sc.landed
        assert private(landing) == []
    finally:
        if kind == "sync":
            session.close()
        else:
            await session.close()


# -- the rule itself ---------------------------------------------------------------

POST = Hop(
    "POST",
    "https://api.example.com/v1/x",
    {
        "Authorization": "Bearer k",
        "API-Key": "s",
        "X-A": "1",
        "OpenAI-Project": "p",
        "User-Agent": "u",
        "Accept": "*/*",
    },
    b"{}",
)
GET = POST._replace(method="GET", body=None)


@pytest.mark.parametrize(
    ("location", "same"),
    [
        ("/v1/y", True),
        ("https://api.example.com:443/v1/y", True),  # the default port is the same origin
        ("HTTPS://API.EXAMPLE.COM/v1/y", True),
        ("https://api.example.com:8443/v1/y", False),  # another port
        ("https://evil.example.com/v1/y", False),  # another host
        ("//evil.example.com/v1/y", False),
    ],
)
def test_rule_keeps_only_safe_headers_on_origin_change(location: str, same: bool) -> None:
    hop = next_hop(GET, 307, location)
    assert hop is not None and hop.method == "GET" and hop.body is None
    if same:
        assert hop.headers == GET.headers
    else:
        assert hop.headers == {"User-Agent": "u", "Accept": "*/*"}
        assert {k.lower() for k in hop.headers} <= SAFE_HEADERS
    if same:
        assert next_hop(POST, 307, location) == POST._replace(url=hop.url)
    else:
        with pytest.raises(openai_core.UnsafeRedirectError, match="carry the request body"):
            next_hop(POST, 307, location)
        moved = next_hop(POST, 302, location)
        assert moved is not None and (moved.method, moved.body) == ("GET", None)
        assert moved.headers == {"User-Agent": "u", "Accept": "*/*"}


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_rule_never_downgrades_https(status: int) -> None:
    for hop in (POST, GET):
        with pytest.raises(openai_core.UnsafeRedirectError, match="https to http") as caught:
            next_hop(hop, status, "http://api.example.com/v1/y")
        assert caught.value.status_code == status
    plain = GET._replace(url="http://api.example.com/v1/x")
    upgraded = next_hop(plain, status, "https://api.example.com/v1/y")
    assert upgraded is not None and "Authorization" not in upgraded.headers  # another origin all the same


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
