"""A header that cannot be sent (a newline, a non-Latin-1 character, a bad name) is refused
before anything is sent, as ``InvalidHeaderError``: not a connection error, not retried, and
never quoting the value, which may be a key. On both clients, every transport."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import openai_core
from tests.conftest import Api, make_client
from tests.faults.server import FaultServer
from tests.faults.support import USER, ClientFor, released
from transports import AsyncMockTransport, MockResponse, MockTransport

pytestmark = pytest.mark.timeout(20)

SECRET = "sk-proj-very-secret-value"

BAD = [
    {"X-Api-Key": SECRET + "\n"},  # the copy-paste accident
    {"X-Api-Key": SECRET + "\r\nX-Injected: 1"},
    {"X-Api-Key": SECRET + "\u0101"},  # not Latin-1
    {"X-Api-Key": " " + SECRET},
    {"X-Api-Key": SECRET + "\x00"},
    {"Bad Name": SECRET},
    {"X-Bad:Name": SECRET},
]


def assert_clean(error: BaseException) -> None:
    assert type(error) is openai_core.InvalidHeaderError
    assert isinstance(error, ValueError) and not isinstance(error, openai_core.APIConnectionError)
    assert SECRET not in str(error) and SECRET not in repr(error) and SECRET not in repr(error.args)
    assert error.__cause__ is None or SECRET not in str(error.__cause__)


@pytest.mark.parametrize("headers", BAD, ids=repr)
async def test_bad_header_is_refused_before_sending(
    client_for: ClientFor, faults: FaultServer, headers: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="openai_core")
    sc = faults.scenario("ok")
    client = client_for(sc.base_url, max_retries=3, timeout=5.0)
    with pytest.raises(openai_core.InvalidHeaderError) as caught:
        await Api.run(client.chat.completions.create(model="m", messages=USER, extra_headers=headers))
    assert_clean(caught.value)
    assert sc.hits == 0
    assert all(SECRET not in record.getMessage() for record in caplog.records)
    assert [r for r in caplog.records if "retrying" in r.getMessage()] == []
    await released(client, faults)


async def test_bad_default_header_names_the_header(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("ok")
    with pytest.raises(openai_core.InvalidHeaderError, match="X-Gateway-Token") as caught:
        client_for(sc.base_url, default_headers={"X-Gateway-Token": SECRET + "\n"}, timeout=5.0)
    assert_clean(caught.value)  # refused when the client is made, before any call
    assert sc.hits == 0


async def test_latin_1_values_are_sent(client_for: ClientFor, faults: FaultServer) -> None:
    sc = faults.scenario("redirect:307:same")
    client = client_for(sc.base_url, timeout=5.0)
    reply = await Api.run(client.chat.completions.create(model="m", messages=USER, extra_headers={"X-Name": "Zoë\t1"}))
    assert reply.choices[0].message.content == "landed"
    [landing] = sc.landed
    assert landing.headers["x-name"].startswith("Zo") and landing.headers["x-name"].endswith("\t1")
    await released(client, faults)


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_mock_transports_refuse_them_too(kind: str) -> None:
    answer = MockResponse.json({"object": "list", "data": []})
    transport: Any = MockTransport(lambda r: answer) if kind == "sync" else AsyncMockTransport(lambda r: answer)
    client = make_client(kind, transport=transport, max_retries=2)
    with pytest.raises(openai_core.InvalidHeaderError) as caught:
        await Api.run(client.models.list(extra_headers={"X-Api-Key": SECRET + "\n"}))
    assert_clean(caught.value)
    assert transport.requests == []


async def test_a_bad_header_of_the_users_own_session_is_typed_too(kind: str, faults: FaultServer) -> None:
    import aiohttp
    import requests

    sc = faults.scenario("ok")
    bad = {"X-Session": SECRET + "\r\nX-Injected: 1"}
    session: Any
    if kind == "sync":
        session = requests.Session()
        session.headers.update(bad)
    else:
        session = aiohttp.ClientSession(headers=bad)
    client = make_client(kind, base_url=sc.base_url, http_client=session, max_retries=2, timeout=5.0)
    try:
        with pytest.raises(openai_core.InvalidHeaderError) as caught:
            await Api.run(client.chat.completions.create(model="m", messages=USER))
        assert_clean(caught.value)
        assert sc.hits == 0
    finally:
        if kind == "sync":
            session.close()
        else:
            await session.close()


def test_the_text_checks_agree_with_the_patterns_they_stand_for() -> None:
    # The checks answer with str methods and search a pattern only for unprintable text;
    # they must refuse exactly what the full patterns refuse.
    import random
    import re

    from openai_core._config import CONTROL, HEADER_CONTROL, has_control, is_token
    from transports._checks import _check_value

    token = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
    bad_value = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]|^[ \t]")
    chars = [chr(i) for i in range(0x300)] + ["\u2028", "\u200b", "\ufeff", "\U0001f600"]
    rng = random.Random(7)
    texts = ["", *chars, *("ab" + c + "cd" for c in chars)]
    texts += ["".join(rng.choice(chars) for _ in range(rng.randrange(1, 6))) for _ in range(5000)]
    for text in texts:
        assert is_token(text) is bool(token.fullmatch(text)), repr(text)
        for pattern in (CONTROL, HEADER_CONTROL):
            assert has_control(text, pattern) is bool(re.search(pattern, text)), (repr(text), pattern)
        refused = True
        try:
            _check_value("X-Test", text)
            refused = False
        except openai_core.InvalidHeaderError:
            pass
        outside_latin1 = any(ord(c) > 0xFF for c in text)
        assert refused is bool(bad_value.search(text) or outside_latin1), repr(text)
    assert not is_token(None) and not is_token(b"X-Name")
