"""Helpers shared by the route handlers: request parsing, text, SSE output."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import BodyPartReader, MultipartReader, StreamReader, web

from ._errors import APIError
from ._state import ServerState, StreamCut, StreamError, StreamFault

__all__ = [
    "STATE_KEY",
    "example_arguments",
    "deleted",
    "example_json",
    "get_state",
    "json_schema_of",
    "list_page",
    "lookup",
    "optional_int",
    "pick_tools",
    "pollable",
    "read_form",
    "read_json",
    "require",
    "send_events",
    "split_pieces",
    "split_words",
    "sse",
    "text_of",
    "word_count",
]

STATE_KEY = web.AppKey("openai_core_state", ServerState)


def get_state(request: web.Request) -> ServerState:
    """Return the :class:`ServerState` of the app serving ``request``."""
    return request.app[STATE_KEY]


# -- request bodies ------------------------------------------------------


async def read_json(request: web.Request) -> dict[str, Any]:
    """Parse the request body as a JSON object or raise a 400 error."""
    try:
        body = json.loads(await request.read())
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise APIError(
            400,
            "We could not parse the JSON body of your request. The body must be a JSON object.",
        )
    return body


async def read_form(request: web.Request, param: str) -> dict[str, tuple[str | None, bytes]]:
    """Parse the (already recorded) multipart body: name -> (filename, data); errors name
    ``param``."""
    if request.content_type != "multipart/form-data":
        raise APIError(400, "Uploads must be sent as multipart/form-data.", param=param)
    body = await request.read()
    stream = StreamReader(request.protocol, max(len(body), 2**16), loop=asyncio.get_running_loop())
    stream.feed_data(body)
    stream.feed_eof()
    fields: dict[str, tuple[str | None, bytes]] = {}
    try:
        reader = MultipartReader(request.headers, stream)
        while (part := await reader.next()) is not None:
            if isinstance(part, BodyPartReader) and part.name:
                fields[part.name] = (part.filename, await part.read(decode=True))
    except ValueError as exc:
        raise APIError(400, f"Malformed multipart body: {exc}", param=param) from exc
    return fields


def require(body: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    """Return ``body[name]`` or raise a 400 error naming the parameter."""
    if name not in body or body[name] is None:
        raise APIError(
            400,
            f"Missing required parameter: '{name}'.",
            param=name,
            code="missing_required_parameter",
        )
    value = body[name]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise APIError(400, f"Invalid type for '{name}'.", param=name, code="invalid_type")
    return value


def optional_int(body: dict[str, Any], name: str, minimum: int = 1) -> int | None:
    """Return an optional integer parameter, validating its lower bound."""
    if body.get(name) is None:
        return None
    value = require(body, name, int)
    if value < minimum:
        raise APIError(
            400,
            f"Invalid value for '{name}': must be >= {minimum}.",
            param=name,
            code="invalid_value",
        )
    assert isinstance(value, int)
    return value


def pollable(state: ServerState, data: dict[str, Any]) -> web.Response:
    """A JSON object that clients poll, with the ``openai-poll-after-ms`` hint."""
    hint = state.poll_after_ms
    return web.json_response(data, headers={} if hint is None else {"openai-poll-after-ms": str(hint)})


def list_page(
    request: web.Request,
    objects: Sequence[dict[str, Any]],
    *,
    order: str = "desc",
    limit: int = 20,
    extra: dict[str, Any] | None = None,
) -> web.Response:
    """One page of a cursor-paginated list: ``objects`` in creation order, answered with
    ``limit``, ``order`` (``order`` is the default), ``after`` and ``before`` applied."""
    query = request.query
    chosen_order = query.get("order", order)
    if chosen_order not in ("asc", "desc"):
        raise APIError(400, "'order' must be 'asc' or 'desc'.", param="order")
    try:
        size = int(query.get("limit", str(limit)))
    except ValueError:
        size = 0
    if not 1 <= size <= 100:
        raise APIError(400, "'limit' must be between 1 and 100.", param="limit")
    items = list(objects) if chosen_order == "asc" else list(objects)[::-1]
    ids = [item.get("id") for item in items]
    if "after" in query:
        items = items[ids.index(query["after"]) + 1 :] if query["after"] in ids else []
    if "before" in query:
        ids = [item.get("id") for item in items]
        items = items[: ids.index(query["before"])] if query["before"] in ids else items
    page = items[:size]
    return web.json_response(
        {
            "object": "list",
            "data": page,
            "first_id": page[0].get("id") if page else None,
            "last_id": page[-1].get("id") if page else None,
            "has_more": len(items) > size,
            **(extra or {}),
        }
    )


def lookup(state: ServerState, kind: str, object_id: str, param: str) -> dict[str, Any]:
    """The stored object of ``kind`` with this id, or a 404 naming ``param``."""
    found: dict[str, Any] | None = state.objects(kind).get(object_id)
    if found is None:
        raise APIError(404, f"No {kind} found with id '{object_id}'.", param=param, code="not_found")
    return found


def deleted(object_id: str, kind: str) -> web.Response:
    """The answer to a deletion."""
    return web.json_response({"id": object_id, "object": f"{kind}.deleted", "deleted": True})


# -- text ----------------------------------------------------------------


def text_of(content: Any) -> str:
    """Text of a message ``content``: a string or a list of text parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [part["text"] for part in content if isinstance(part, dict) and isinstance(part.get("text"), str)]
        return " ".join(texts)
    return ""


def word_count(text: str) -> int:
    """The fake tokenizer: one token per whitespace-separated word."""
    return len(text.split())


def split_words(text: str) -> list[str]:
    """Split into words keeping trailing whitespace, so pieces join back."""
    return re.findall(r"\S+\s*|\s+", text)


def split_pieces(text: str, count: int = 3) -> list[str]:
    """Split into at most ``count`` non-empty, nearly equal pieces."""
    size = max(1, -(-len(text) // count))
    return [text[i : i + size] for i in range(0, len(text), size)]


# -- tools ---------------------------------------------------------------


_DEEP = 3  # past this nesting, prefer null and [] so recursive schemas end


def _resolve_ref(root: Any, ref: str) -> Any:
    """The schema a local ``$ref`` (``#`` or ``#/$defs/Name``) points to, else None."""
    if not ref.startswith("#"):
        return None
    node = root
    for part in [p for p in ref[1:].split("/") if p]:
        if not isinstance(node, dict):
            return None
        node = node.get(part.replace("~1", "/").replace("~0", "~"))
    return node


def _example_value(schema: Any, root: Any = None, depth: int = 0) -> Any:
    if depth > 32:
        return None
    if not isinstance(schema, dict):
        return "example"
    root = schema if root is None else root
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return _example_value(_resolve_ref(root, ref), root, depth + 1)
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            nulls = [o for o in options if isinstance(o, dict) and o.get("type") == "null"]
            if depth >= _DEEP and nulls:
                return None
            return _example_value(options[0], root, depth)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        return _example_object(schema, root, depth + 1)
    if kind == "array":
        if depth >= _DEEP:
            return []
        return [_example_value(schema.get("items"), root, depth + 1)]
    return {"integer": 1, "number": 1, "boolean": True, "null": None}.get(str(kind), "example")


def _example_object(schema: dict[str, Any], root: Any = None, depth: int = 0) -> dict[str, Any]:
    properties = schema.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    required = schema.get("required")
    names = [n for n in required if isinstance(n, str)] if isinstance(required, list) else []
    root = schema if root is None else root
    return {name: _example_value(properties.get(name), root, depth) for name in names}


def pick_tools(functions: Sequence[tuple[str, Any]], tool_choice: Any, parallel: Any = True) -> list[tuple[str, Any]]:
    """The function tools to call, as ``(name, parameters)`` pairs: the forced one; else every
    tool offered, as real models often call several at once (only the first one when
    ``parallel_tool_calls`` is false); none for ``tool_choice="none"``."""
    if not functions or tool_choice == "none":
        return []
    if isinstance(tool_choice, dict):
        nested = tool_choice.get("function")
        forced = (nested if isinstance(nested, dict) else tool_choice).get("name")
        for function in functions:
            if function[0] == forced:
                return [function]
        return [functions[0]]
    return list(functions) if parallel is not False else [functions[0]]


def example_arguments(parameters: Any) -> str:
    """JSON arguments with an example value for each required property."""
    schema = parameters if isinstance(parameters, dict) else {}
    return json.dumps(_example_object(schema), separators=(",", ":"))


def example_json(schema: Any) -> str:
    """A JSON document following ``schema`` (``$ref``/``$defs`` resolved), built from
    example values: the answer to a ``json_schema`` response format (spaced as models write
    it, so that ``max_tokens`` can cut it short)."""
    return json.dumps(_example_value(schema))


def json_schema_of(response_format: Any) -> Any:
    """The schema of a ``{"type": "json_schema", ...}`` format (chat's ``response_format``
    nests it under ``json_schema``, responses' ``text.format`` does not), else None."""
    if not isinstance(response_format, dict):
        return None
    if response_format.get("type") != "json_schema":
        return None
    nested = response_format.get("json_schema")
    holder = nested if isinstance(nested, dict) else response_format
    schema = holder.get("schema")
    return schema if isinstance(schema, dict) else {}


# -- server-sent events --------------------------------------------------


async def send_events(
    request: web.Request,
    events: Sequence[bytes],
    *,
    terminator: bytes,
    error_event: Callable[[StreamError, int], bytes],
) -> web.StreamResponse:
    """Write SSE ``events`` one by one, applying any queued stream fault.

    ``terminator`` ends a healthy stream; ``error_event(fault, index)`` renders
    an injected mid-stream error that replaces event number ``index``.
    """
    fault: StreamFault | None = get_state(request).take_stream_fault()
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-cache",
        }
    )
    await response.prepare(request)
    count = len(events) if fault is None else min(fault.after_events, len(events))
    interval = get_state(request).event_interval
    try:
        for number, event in enumerate(events[:count]):
            if interval > 0 and number:
                await asyncio.sleep(interval)
            await response.write(event)
        if isinstance(fault, StreamCut):
            if fault.delay > 0:
                await asyncio.sleep(fault.delay)
            request.protocol.force_close()  # no chunked terminator: the client sees a cut
            return response
        tail = error_event(fault, count) if fault else terminator
        if tail:
            await response.write(tail)
        await response.write_eof()
    except ConnectionError:
        # The client left mid-stream (it closed or dropped its stream): normal, nothing to report.
        request.protocol.force_close()
    return response


def sse(data: Any, event: str | None = None) -> bytes:
    """Encode one server-sent event with a JSON (or raw string) payload."""
    payload = data if isinstance(data, str) else json.dumps(data)
    prefix = f"event: {event}\n" if event else ""
    return f"{prefix}data: {payload}\n\n".encode()
