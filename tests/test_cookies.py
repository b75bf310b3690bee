"""The transports' own sessions keep no cookies, the blocking one and the asyncio one alike: an
API client needs none back (the API's answers may carry its CDN's). A session you pass keeps
its own, as its library does."""

from __future__ import annotations

from collections.abc import Iterator

import aiohttp
import pytest
import requests
from aiohttp import web

from openai_core import AsyncClient, Client
from tests.scripted import ScriptedServer
from transports import AiohttpTransport, RequestsTransport

MODEL = b'{"id": "m1", "object": "model", "created": 1, "owned_by": "me"}'


async def _sets_a_cookie(request: web.Request) -> web.StreamResponse:
    headers = {"Content-Type": "application/json", "Set-Cookie": "__cf_bm=abc; Path=/"}
    return web.Response(body=MODEL, headers=headers)


@pytest.fixture(scope="module")
def scripted() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


def _cookies_sent(scripted: ScriptedServer, url: str) -> list[str | None]:
    return [{k.lower(): v for k, v in seen.headers.items()}.get("cookie") for seen in scripted.seen(url)]


@pytest.mark.parametrize("yours", [False, True])
def test_the_blocking_client(scripted: ScriptedServer, yours: bool) -> None:
    url = scripted.route(_sets_a_cookie)
    session = requests.Session() if yours else None
    with Client(api_key="k", base_url=url, max_retries=0, transport=RequestsTransport(session)) as client:
        assert [client.models.retrieve("m1").id for _ in range(2)] == ["m1", "m1"]
    if session is not None:
        session.close()
    assert _cookies_sent(scripted, url) == [None, "__cf_bm=abc" if yours else None]


@pytest.mark.parametrize("yours", [False, True])
async def test_the_asyncio_client(scripted: ScriptedServer, yours: bool) -> None:
    url = scripted.route(_sets_a_cookie)
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) if yours else None  # an IP host
    transport = AiohttpTransport(session)
    async with AsyncClient(api_key="k", base_url=url, max_retries=0, transport=transport) as client:
        assert [(await client.models.retrieve("m1")).id for _ in range(2)] == ["m1", "m1"]
    if session is not None:
        await session.close()
    else:  # aiohttp's own jar would refuse a cookie of an IP host anyway: the jar is none at all
        assert isinstance(transport._session, aiohttp.ClientSession)
        assert isinstance(transport._session.cookie_jar, aiohttp.DummyCookieJar)
    assert _cookies_sent(scripted, url) == [None, "__cf_bm=abc" if yours else None]
