"""``/v1/realtime`` and ``/v1/responses`` WebSockets that speak enough of their protocols for tests.

Realtime: ``session.created`` on connect; ``session.update`` is answered with
``session.updated``; ``response.create`` echoes the last user text of
``conversation.item.create`` in a text response; the item, input and output audio buffer events
get their acknowledgements (``conversation.item.deleted`` / ``retrieved`` / ``truncated``,
``input_audio_buffer.committed`` / ``cleared``, ``output_audio_buffer.cleared``); committing an
empty audio buffer, ``response.cancel`` with no response in progress and any other event type
are ``error`` events.

Responses: each ``response.create`` is answered with the stream events ``POST /v1/responses``
would send (with the request's ``stream_id``); an invalid one with an ``error`` event.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import WSMsgType, web

from ._common import get_state
from ._errors import APIError
from ._responses import response_object, stream_events

__all__ = ["routes"]

routes = web.RouteTableDef()


def _session(model: str) -> dict[str, Any]:
    return {
        "type": "realtime",
        "object": "realtime.session",
        "id": "sess_1",
        "model": model,
        "output_modalities": ["text"],
        "instructions": "",
    }


class _Conversation:
    def __init__(self, request: web.Request, ws: web.WebSocketResponse) -> None:
        self.state = get_state(request)
        self.ws = ws
        self.model = request.query.get("model", "gpt-realtime")
        self.last_text = ""
        self.audio = ""
        self.items: dict[str, dict[str, Any]] = {}

    async def emit(self, event_type: str, **fields: Any) -> None:
        event = {"type": event_type, "event_id": self.state.new_id("event_"), **fields}
        await self.ws.send_str(json.dumps(event))

    async def error(self, code: str, message: str, event: dict[str, Any]) -> None:
        error = {
            "type": "invalid_request_error",
            "code": code,
            "message": message,
            "param": None,
            "event_id": event.get("event_id"),
        }
        await self.emit("error", error=error)

    async def handle(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "session.update":
            await self.emit("session.updated", session={**_session(self.model), **event.get("session", {})})
        elif kind == "conversation.item.create":
            item = {"id": self.state.new_id("item_"), **event.get("item", {})}
            texts = [p.get("text", "") for p in item.get("content", []) if isinstance(p, dict)]
            self.last_text = " ".join(t for t in texts if t)
            self.items[item["id"]] = item
            await self.emit("conversation.item.created", previous_item_id=event.get("previous_item_id"), item=item)
        elif kind == "conversation.item.delete" and event.get("item_id") in self.items:
            del self.items[event["item_id"]]
            await self.emit("conversation.item.deleted", item_id=event["item_id"])
        elif kind == "conversation.item.retrieve" and event.get("item_id") in self.items:
            await self.emit("conversation.item.retrieved", item=self.items[event["item_id"]])
        elif kind == "conversation.item.truncate" and event.get("item_id") in self.items:
            fields = {k: event.get(k) for k in ("item_id", "content_index", "audio_end_ms")}
            await self.emit("conversation.item.truncated", **fields)
        elif kind and kind.startswith("conversation.item."):
            await self.error("item_not_found", f"No item with id {event.get('item_id')!r}", event)
        elif kind == "input_audio_buffer.append":
            self.audio += str(event.get("audio", ""))
        elif kind == "input_audio_buffer.commit":
            if not self.audio:
                await self.error("input_audio_buffer_commit_empty", "The audio buffer is empty.", event)
                return
            self.audio = ""
            await self.emit("input_audio_buffer.committed", previous_item_id=None, item_id=self.state.new_id("item_"))
        elif kind == "input_audio_buffer.clear":
            self.audio = ""
            await self.emit("input_audio_buffer.cleared")
        elif kind == "output_audio_buffer.clear":
            await self.emit("output_audio_buffer.cleared", response_id=self.state.new_id("resp_"))
        elif kind == "response.create":
            await self.respond()
        elif kind == "response.cancel":
            await self.error("response_cancel_not_active", "There is no active response to cancel.", event)
        else:
            await self.error("unknown_event", f"Unknown event {kind!r}", event)

    async def respond(self) -> None:
        response_id = self.state.new_id("resp_")
        text = f"Echo: {self.last_text}"
        ids = {"response_id": response_id, "item_id": "item_2", "output_index": 0, "content_index": 0}
        await self.emit(
            "response.created",
            response={"id": response_id, "object": "realtime.response", "status": "in_progress", "output": []},
        )
        for piece in (text[: len(text) // 2], text[len(text) // 2 :]):
            await self.emit("response.output_text.delta", delta=piece, **ids)
        await self.emit("response.output_text.done", text=text, **ids)
        await self.emit(
            "response.done",
            response={"id": response_id, "object": "realtime.response", "status": "completed", "output": []},
        )


@routes.get("/v1/realtime")
async def realtime(request: web.Request) -> web.WebSocketResponse:
    """One Realtime session."""
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    conversation = _Conversation(request, ws)
    await conversation.emit("session.created", session=_session(conversation.model))
    async for message in ws:
        if message.type == WSMsgType.TEXT:
            await conversation.handle(json.loads(message.data))
        elif message.type == WSMsgType.ERROR:
            break
    return ws


@routes.get("/v1/responses")
async def responses_socket(request: web.Request) -> web.WebSocketResponse:
    """The Responses API over one WebSocket."""
    state = get_state(request)
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for message in ws:
        if message.type == WSMsgType.ERROR:
            break
        if message.type != WSMsgType.TEXT:
            continue
        event = json.loads(message.data)
        lane = {"stream_id": event["stream_id"]} if "stream_id" in event else {}
        body = {k: v for k, v in event.items() if k not in ("type", "stream_id")}
        try:
            if event.get("type") != "response.create":
                raise APIError(400, f"Unknown event {event.get('type')!r}", code="unknown_event")
            events = stream_events(response_object(state, body))
        except APIError as exc:
            error = {"type": exc.type, "code": exc.code, "message": exc.message, "param": exc.param}
            await ws.send_str(json.dumps({"type": "error", "status": exc.status, "error": error, **lane}))
            continue
        for out in events:
            await ws.send_str(json.dumps({**out, **lane}))
    return ws
