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
    assert type(events[0]).__name__ == "SessionCreatedEvent"
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


async def _next(conn: Any) -> Any:
    return await Api.run(conn.recv())


async def _senders_session(conn: Any) -> dict[str, Any]:
    """Every typed sender once; the server's answer to each."""
    seen: dict[str, Any] = {"created": await _next(conn)}
    await Api.run(conn.session.update(session={"type": "realtime", "instructions": "short"}))
    seen["session"] = await _next(conn)
    await Api.run(conn.conversation.item.create(item=USER_ITEM["item"], previous_item_id="root"))
    seen["item"] = item = await _next(conn)
    item_id = item.item.id
    await Api.run(conn.conversation.item.retrieve(item_id=item_id))
    seen["retrieved"] = await _next(conn)
    await Api.run(conn.conversation.item.truncate(item_id=item_id, content_index=0, audio_end_ms=1500))
    seen["truncated"] = await _next(conn)
    await Api.run(conn.input_audio_buffer.commit(event_id="evt_empty"))
    seen["empty_commit"] = await _next(conn)
    await Api.run(conn.input_audio_buffer.append(audio="AAAA"))
    await Api.run(conn.input_audio_buffer.commit())
    seen["committed"] = await _next(conn)
    await Api.run(conn.input_audio_buffer.clear())
    seen["cleared"] = await _next(conn)
    await Api.run(conn.output_audio_buffer.clear())
    seen["output_cleared"] = await _next(conn)
    await Api.run(conn.response.cancel())
    seen["cancel"] = await _next(conn)
    await Api.run(conn.response.create(response={"instructions": "x"}))
    events = []
    while (event := await _next(conn)).type != "response.done":
        events.append(event)
    seen["text"] = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    await Api.run(conn.conversation.item.delete(item_id=item_id))
    seen["deleted"] = await _next(conn)
    return seen


async def test_typed_senders(api: Api, server: LocalServer) -> None:
    if api.kind == "sync":
        with api.client.realtime.connect(model="gpt-realtime") as conn:
            seen = await _senders_session(conn)
    else:
        async with api.client.realtime.connect(model="gpt-realtime") as conn:  # no await, as in the SDK
            seen = await _senders_session(conn)
    assert seen["session"].type == "session.updated" and seen["session"].session.instructions == "short"
    assert seen["item"].type == "conversation.item.created" and seen["item"].previous_item_id == "root"
    item_id = seen["item"].item.id
    assert seen["retrieved"].type == "conversation.item.retrieved" and seen["retrieved"].item.id == item_id
    truncated = seen["truncated"]
    assert (truncated.type, truncated.item_id, truncated.content_index, truncated.audio_end_ms) == (
        "conversation.item.truncated",
        item_id,
        0,
        1500,
    )
    empty = seen["empty_commit"]
    assert empty.type == "error" and empty.error.code == "input_audio_buffer_commit_empty"
    assert empty.error.event_id == "evt_empty"
    assert seen["committed"].type == "input_audio_buffer.committed"
    assert seen["cleared"].type == "input_audio_buffer.cleared"
    assert seen["output_cleared"].type == "output_audio_buffer.cleared"
    assert seen["cancel"].type == "error" and seen["cancel"].error.code == "response_cancel_not_active"
    assert seen["text"] == "Echo: hi there"
    assert seen["deleted"].type == "conversation.item.deleted" and seen["deleted"].item_id == item_id
    assert type(seen["deleted"]).__name__ == "ConversationItemDeletedEvent"


async def test_extra_query_and_headers_reach_the_upgrade(api: Api, server: LocalServer) -> None:
    connecting = api.client.realtime.connect(
        model="m", extra_query={"trace": "1"}, extra_headers={"X-Team": "a", "OpenAI-Beta": None}
    )
    conn = await Api.run(connecting)  # the async connection may also be awaited
    try:
        assert (await _next(conn)).type == "session.created"
    finally:
        await Api.run(conn.close())
    upgrade = server.requests[-1]
    assert upgrade.query == {"model": "m", "trace": "1"} and upgrade.headers["x-team"] == "a"


async def _responses_session(conn: Any) -> tuple[list[Any], Any]:
    await Api.run(conn.response.create(model="gpt-4o-mini", input="hi socket", stream_id="lane_1"))
    events = []
    while (event := await _next(conn)).type != "response.completed":
        events.append(event)
    events.append(event)
    await Api.run(conn.response.create(input="no model"))
    return events, await _next(conn)


async def test_responses_over_a_websocket(api: Api, server: LocalServer) -> None:
    if api.kind == "sync":
        with api.client.responses.connect(extra_query={"trace": "2"}) as conn:
            events, error = await _responses_session(conn)
    else:
        async with api.client.responses.connect(extra_query={"trace": "2"}) as conn:
            events, error = await _responses_session(conn)
    assert events[0].type == "response.created"
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == "Echo: hi socket"
    assert events[-1].response.output[0].content[0].text == "Echo: hi socket"
    assert all(e.stream_id == "lane_1" for e in events)
    assert not any(isinstance(e, UnknownObject) for e in events)
    assert error.type == "error" and "model" in error.error.message
    upgrade = server.requests[-1]
    assert upgrade.path == "/v1/responses" and upgrade.query == {"trace": "2"}
    assert upgrade.headers["authorization"] == "Bearer sk-test"
