"""Realtime sessions over WebSocket against the embedded server, on both clients."""

from __future__ import annotations

from typing import Any

import pytest

import openai_core
from openai_core import UnknownObject
from openai_core._realtime import realtime_url
from openai_core.testing import LocalServer
from tests.conftest import Api

pytestmark = pytest.mark.timeout(30)

USER_ITEM = {
    "type": "conversation.item.create",
    "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi there"}]},
}


def test_url_from_base_url() -> None:
    assert realtime_url("https://api.openai.com/v1", {"model": "gpt-realtime", "call_id": None}) == (
        "wss://api.openai.com/v1/realtime?model=gpt-realtime"
    )
    assert realtime_url("http://127.0.0.1:9/v1/", {"call_id": "c1"}) == "ws://127.0.0.1:9/v1/realtime?call_id=c1"


async def _session(api: Api) -> list[Any]:
    if api.kind == "sync":
        with api.client.realtime.connect(model="gpt-realtime") as conn:
            events = [conn.recv()]
            conn.send({"type": "session.update", "session": {"type": "realtime", "instructions": "be brief"}})
            events.append(conn.recv())
            conn.send(USER_ITEM)
            conn.send({"type": "response.create"})
            for event in conn:
                events.append(event)
                if event.type == "response.done":
                    break
            return events
    async with await api.client.realtime.connect(model="gpt-realtime") as conn:
        events = [await conn.recv()]
        await conn.send({"type": "session.update", "session": {"type": "realtime", "instructions": "be brief"}})
        events.append(await conn.recv())
        await conn.send(USER_ITEM)
        await conn.send({"type": "response.create"})
        async for event in conn:
            events.append(event)
            if event.type == "response.done":
                break
        return events


async def test_round_trip(api: Api, server: LocalServer) -> None:
    events = await _session(api)
    kinds = [e.type for e in events]
    assert kinds[:3] == ["session.created", "session.updated", "conversation.item.created"]
    assert kinds[-1] == "response.done"
    assert events[1].session.instructions == "be brief"
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == "Echo: hi there"
    assert type(events[0]).__name__ == "RealtimeServerEventSessionCreated"
    upgrade = server.requests[-1]
    assert upgrade.path == "/v1/realtime" and upgrade.query == {"model": "gpt-realtime"}
    assert upgrade.headers["authorization"] == "Bearer sk-test"


async def test_unknown_client_event_gets_a_typed_error_event(api: Api) -> None:
    if api.kind == "sync":
        with api.client.realtime.connect(model="m") as conn:
            conn.recv()
            conn.send({"type": "no.such.event"})
            error = conn.recv()
    else:
        async with await api.client.realtime.connect(model="m") as conn:
            await conn.recv()
            await conn.send({"type": "no.such.event"})
            error = await conn.recv()
    assert error is not None and error.type == "error" and not isinstance(error, UnknownObject)
    assert error.error.code == "unknown_event"


async def test_bad_input_is_refused_before_sending(api: Api) -> None:
    with pytest.raises(TypeError, match="exactly one of"):
        await Api.run(api.client.realtime.connect())
    with pytest.raises(TypeError, match="type"):
        openai_core._realtime.encode_event({"no": "type"})


async def test_connection_refused_is_typed(api: Api) -> None:
    from tests.conftest import close_client, make_client

    client = make_client(api.kind, base_url="http://127.0.0.1:9/v1")
    try:
        with pytest.raises(openai_core.APIConnectionError):
            await Api.run(client.realtime.connect(model="m"))
    finally:
        await close_client(client)
