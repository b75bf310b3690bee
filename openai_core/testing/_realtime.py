"""``/v1/realtime``: a WebSocket that speaks enough of the Realtime protocol for tests.

It sends ``session.created`` on connect, answers ``session.update`` with ``session.updated``,
echoes the last user text of ``conversation.item.create`` in a text response on
``response.create``, and reports any other event type as an ``error`` event.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import WSMsgType, web

from ._common import get_state

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

    async def emit(self, event_type: str, **fields: Any) -> None:
        event = {"type": event_type, "event_id": self.state.new_id("event_"), **fields}
        await self.ws.send_str(json.dumps(event))

    async def handle(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "session.update":
            await self.emit("session.updated", session={**_session(self.model), **event.get("session", {})})
        elif kind == "conversation.item.create":
            item = event.get("item", {})
            texts = [p.get("text", "") for p in item.get("content", []) if isinstance(p, dict)]
            self.last_text = " ".join(t for t in texts if t)
            await self.emit("conversation.item.created", previous_item_id=None, item={"id": "item_1", **item})
        elif kind == "response.create":
            await self.respond()
        else:
            error = {
                "type": "invalid_request_error",
                "code": "unknown_event",
                "message": f"Unknown event {kind!r}",
                "param": None,
                "event_id": event.get("event_id"),
            }
            await self.emit("error", error=error)

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
