"""``/v1/conversations``: conversations and their items; a response created with
``conversation=`` appends its input and output to it."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ._common import deleted, get_state, list_page, lookup, read_json
from ._errors import APIError
from ._state import ServerState

routes = web.RouteTableDef()


def stored_item(state: ServerState, item: dict[str, Any]) -> dict[str, Any]:
    """An input item as the API lists it: with an id, a status, and text parts."""
    kind = item.get("type", "message")
    if kind != "message":
        return {**item, "id": item.get("id") or state.new_id("item_")}
    role = item.get("role", "user")
    content = item.get("content")
    if isinstance(content, str):
        part: dict[str, Any] = {"type": "input_text", "text": content}
        if role == "assistant":
            part = {"type": "output_text", "text": content, "annotations": [], "logprobs": []}
        content = [part]
    return {
        "id": item.get("id") or state.new_id("msg_"),
        "type": "message",
        "role": role,
        "status": item.get("status", "completed"),
        "content": content if isinstance(content, list) else [],
    }


def conversation_id(value: Any) -> str | None:
    """The id in a ``conversation`` parameter (an id or ``{"id": ...}``)."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def append_items(state: ServerState, conversation: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add items to a conversation (404 if there is none with this id); returns them stored."""
    lookup(state, "conversation", conversation, "conversation")
    stored = [stored_item(state, item) for item in items]
    state.objects("conversation.items").setdefault(conversation, []).extend(stored)
    return stored


def _items(request: web.Request) -> list[dict[str, Any]]:
    state = get_state(request)
    conversation = lookup(state, "conversation", request.match_info["conversation_id"], "conversation_id")
    items: list[dict[str, Any]] = state.objects("conversation.items").setdefault(conversation["id"], [])
    return items


def _item_list(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not all(isinstance(item, dict) for item in items):
        raise APIError(400, "'items' must be a list of objects.", param="items", code="invalid_type")
    return items


@routes.post("/v1/conversations")
async def create_conversation(request: web.Request) -> web.Response:
    """Create a conversation, with its first ``items`` if given."""
    state = get_state(request)
    body = await read_json(request)
    conversation: dict[str, Any] = {
        "id": state.new_id("conv_"),
        "object": "conversation",
        "created_at": state.now(),
        "metadata": body.get("metadata") or {},
    }
    state.objects("conversation")[conversation["id"]] = conversation
    append_items(state, conversation["id"], _item_list(body.get("items") or []))
    return web.json_response(conversation)


@routes.get("/v1/conversations/{conversation_id}")
async def retrieve_conversation(request: web.Request) -> web.Response:
    """Retrieve a conversation."""
    state = get_state(request)
    return web.json_response(lookup(state, "conversation", request.match_info["conversation_id"], "conversation_id"))


@routes.post("/v1/conversations/{conversation_id}")
async def update_conversation(request: web.Request) -> web.Response:
    """Replace a conversation's metadata."""
    state = get_state(request)
    conversation = lookup(state, "conversation", request.match_info["conversation_id"], "conversation_id")
    body = await read_json(request)
    conversation["metadata"] = body.get("metadata") or {}
    return web.json_response(conversation)


@routes.delete("/v1/conversations/{conversation_id}")
async def delete_conversation(request: web.Request) -> web.Response:
    """Delete a conversation and its items."""
    state = get_state(request)
    conversation = lookup(state, "conversation", request.match_info["conversation_id"], "conversation_id")
    state.objects("conversation").pop(conversation["id"])
    state.objects("conversation.items").pop(conversation["id"], None)
    return deleted(conversation["id"], "conversation")


@routes.post("/v1/conversations/{conversation_id}/items")
async def create_items(request: web.Request) -> web.Response:
    """Append items to a conversation."""
    state = get_state(request)
    body = await read_json(request)
    items = body.get("items")
    if not isinstance(items, list) or not items:
        raise APIError(400, "Missing required parameter: 'items'.", param="items", code="missing_required_parameter")
    stored = append_items(state, request.match_info["conversation_id"], _item_list(items))
    return web.json_response(
        {
            "object": "list",
            "data": stored,
            "first_id": stored[0]["id"],
            "last_id": stored[-1]["id"],
            "has_more": False,
        }
    )


@routes.get("/v1/conversations/{conversation_id}/items")
async def list_items(request: web.Request) -> web.Response:
    """A conversation's items, oldest first by default."""
    return list_page(request, _items(request), order="asc")


def _item(request: web.Request) -> dict[str, Any]:
    item_id = request.match_info["item_id"]
    for item in _items(request):
        if item["id"] == item_id:
            return item
    raise APIError(404, f"No item found with id '{item_id}'.", param="item_id", code="not_found")


@routes.get("/v1/conversations/{conversation_id}/items/{item_id}")
async def retrieve_item(request: web.Request) -> web.Response:
    """One item of a conversation."""
    return web.json_response(_item(request))


@routes.delete("/v1/conversations/{conversation_id}/items/{item_id}")
async def delete_item(request: web.Request) -> web.Response:
    """Remove an item; answers with the conversation."""
    item = _item(request)
    _items(request).remove(item)
    state = get_state(request)
    return web.json_response(lookup(state, "conversation", request.match_info["conversation_id"], "conversation_id"))
