"""``POST /v1/responses``: echoes the last user input or calls a tool; a stored response can
be retrieved, deleted, cancelled (in the background) and its input items listed; with
``conversation`` its input and output join that conversation."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from ._common import (
    example_arguments,
    example_json,
    get_state,
    json_schema_of,
    list_page,
    pick_tools,
    read_json,
    require,
    send_events,
    split_pieces,
    split_words,
    sse,
    text_of,
    word_count,
)
from ._conversations import append_items, conversation_id, stored_item
from ._errors import APIError
from ._state import ServerState, StreamError

routes = web.RouteTableDef()


def _input_items(body: dict[str, Any]) -> list[dict[str, Any]]:
    value = body.get("input", "")
    if isinstance(value, str):
        return [{"type": "message", "role": "user", "content": value}]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise APIError(400, "'input' must be a string or a list of items.", param="input")
    return value


def _is_user_message(item: dict[str, Any]) -> bool:
    return item.get("type", "message") == "message" and item.get("role") == "user"


def _item_text(item: dict[str, Any]) -> str:
    if item.get("type") == "function_call_output":
        return text_of(item.get("output"))
    if item.get("type") == "function_call":
        return str(item.get("arguments", ""))
    return text_of(item.get("content"))


def _functions(body: dict[str, Any]) -> list[tuple[str, Any]]:
    tools = body.get("tools")
    return [
        (str(tool.get("name")), tool.get("parameters"))
        for tool in (tools if isinstance(tools, list) else [])
        if isinstance(tool, dict) and tool.get("type") == "function"
    ]


def _output_items(state: ServerState, body: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The output items: one message, or one function call per tool called."""
    last_user = max((i for i, item in enumerate(items) if _is_user_message(item)), default=-1)
    outputs = [i for i in items[last_user + 1 :] if i.get("type") == "function_call_output"]
    tools = [] if outputs else pick_tools(_functions(body), body.get("tool_choice"), body.get("parallel_tool_calls"))
    if tools:
        return [
            {
                "id": state.new_id("fc_"),
                "type": "function_call",
                "status": "completed",
                "arguments": example_arguments(parameters),
                "call_id": state.new_id("call_"),
                "name": name,
            }
            for name, parameters in tools
        ]
    source = outputs[-1] if outputs else items[last_user] if last_user >= 0 else {}
    text = "Echo: " + _item_text(source)
    text_options = body.get("text")
    if isinstance(text_options, dict):
        # A json_schema text format is answered with JSON built from example values.
        text_format = text_options.get("format")
        schema = json_schema_of(text_format)
        if schema is not None:
            text = example_json(schema)
        elif isinstance(text_format, dict) and text_format.get("type") == "json_object":
            text = json.dumps({"answer": text})
    return [
        {
            "id": state.new_id("msg_"),
            "type": "message",
            "status": "completed",
            "role": "assistant",
            "content": [_text_part(text)],
        }
    ]


def _text_part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "annotations": [], "logprobs": [], "text": text}


def _output_tokens(item: dict[str, Any]) -> int:
    if item["type"] == "function_call":
        return word_count(item["arguments"])
    return word_count(item["content"][0]["text"])


def _response(state: ServerState, body: dict[str, Any], model: str) -> dict[str, Any]:
    """The response object with every field the real API returns."""
    return {
        "id": state.new_id("resp_"),
        "object": "response",
        "created_at": state.now(),
        "status": "completed",
        "background": False,
        "error": None,
        "incomplete_details": None,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "max_tool_calls": body.get("max_tool_calls"),
        "model": model,
        "output": [],
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "previous_response_id": body.get("previous_response_id"),
        "prompt_cache_key": body.get("prompt_cache_key"),
        "reasoning": body.get("reasoning") or {"effort": None, "summary": None},
        "safety_identifier": body.get("safety_identifier"),
        "service_tier": "default",
        "store": body.get("store", True),
        "temperature": body.get("temperature", 1.0),
        "text": body.get("text") or {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools") or [],
        "top_logprobs": body.get("top_logprobs", 0),
        "top_p": body.get("top_p", 1.0),
        "truncation": body.get("truncation", "disabled"),
        "usage": None,
        "user": body.get("user"),
        "metadata": body.get("metadata") or {},
    }


def _event(type: str, **fields: Any) -> dict[str, Any]:
    return {"type": type, **fields}


def _function_call_events(item: dict[str, Any], index: int) -> list[dict[str, Any]]:
    """Events streaming a function call item at output index ``index``."""
    where = {"item_id": item["id"], "output_index": index}
    arguments = item["arguments"]
    pending = {**item, "status": "in_progress", "arguments": ""}
    deltas = [
        _event("response.function_call_arguments.delta", **where, delta=piece) for piece in split_pieces(arguments)
    ]
    return [
        _event("response.output_item.added", output_index=index, item=pending),
        *deltas,
        _event(
            "response.function_call_arguments.done",
            **where,
            name=item["name"],
            arguments=arguments,
        ),
        _event("response.output_item.done", output_index=index, item=item),
    ]


def _message_events(item: dict[str, Any]) -> list[dict[str, Any]]:
    """Events streaming a message item (at output index 0)."""
    where = {"item_id": item["id"], "output_index": 0, "content_index": 0}
    part = item["content"][0]
    pending = {**item, "status": "in_progress", "content": []}
    deltas = [
        _event("response.output_text.delta", **where, delta=word, logprobs=[]) for word in split_words(part["text"])
    ]
    return [
        _event("response.output_item.added", output_index=0, item=pending),
        _event("response.content_part.added", **where, part=_text_part("")),
        *deltas,
        _event("response.output_text.done", **where, text=part["text"], logprobs=[]),
        _event("response.content_part.done", **where, part=part),
        _event("response.output_item.done", output_index=0, item=item),
    ]


def stream_events(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The stream events of ``response``, each with its ``sequence_number``."""
    pending = {**response, "status": "in_progress", "output": [], "usage": None}
    item_events = [
        event
        for index, item in enumerate(response["output"])
        for event in (_function_call_events(item, index) if item["type"] == "function_call" else _message_events(item))
    ]
    events = [
        _event("response.created", response=pending),
        _event("response.in_progress", response=pending),
        *item_events,
        _event("response.completed", response=response),
    ]
    return [{"type": event["type"], "sequence_number": number, **event} for number, event in enumerate(events)]


def _stream_events(response: dict[str, Any]) -> list[tuple[int, bytes]]:
    """The SSE events of ``response``, each with its ``sequence_number``."""
    return [(event["sequence_number"], sse(event, event=event["type"])) for event in stream_events(response)]


def _stream_error(fault: StreamError, index: int) -> bytes:
    data = {
        "type": "error",
        "code": fault.code,
        "message": fault.message,
        "param": None,
        "sequence_number": index,
    }
    return sse(data, event="error")


def response_object(state: ServerState, body: dict[str, Any]) -> dict[str, Any]:
    """The ``response`` answering ``body`` (kept for ``GET /v1/responses/{id}``); raises
    :class:`APIError` for an invalid request. The batch runner calls it for its lines."""
    model = require(body, "model", str)
    items = _input_items(body)
    response = _response(state, body, model)
    output = _output_items(state, body, items)
    input_tokens = word_count(text_of(body.get("instructions"))) + sum(word_count(_item_text(i)) for i in items)
    output_tokens = sum(_output_tokens(item) for item in output)
    response["output"] = output
    response["usage"] = {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": input_tokens + output_tokens,
    }
    state.add_tokens(input_tokens + output_tokens)
    response["background"] = body.get("background") is True
    conversation = conversation_id(body.get("conversation"))
    if conversation is not None:
        response["conversation"] = {"id": conversation}
        append_items(state, conversation, [*items, *output])
    state.objects("response.input_items")[response["id"]] = [stored_item(state, item) for item in items]
    if not response["background"]:
        state.store_response(response)
    return response


@routes.post("/v1/responses")
async def create_response(request: web.Request) -> web.StreamResponse:
    """Create a model response (optionally streamed)."""
    state = get_state(request)
    body = await read_json(request)
    response = response_object(state, body)
    numbered = _stream_events(response)
    if response["background"]:
        # A background response outlives its connection: its events can be streamed again.
        state.store_response(response, numbered)
    if body.get("stream"):
        return await send_events(
            request,
            [event for _, event in numbered],
            terminator=b"",
            error_event=_stream_error,
        )
    return web.json_response(response)


def _starting_after(request: web.Request) -> int | None:
    raw = request.query.get("starting_after")
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise APIError(
            400,
            "Invalid value for 'starting_after': expected an integer.",
            param="starting_after",
            code="invalid_value",
        ) from None


def _stored(request: web.Request) -> dict[str, Any]:
    response_id = request.match_info["response_id"]
    response = get_state(request).responses.get(response_id)
    if response is None:
        raise APIError(
            404,
            f"Response with id '{response_id}' not found.",
            param="response_id",
            code="not_found",
        )
    return response


@routes.delete("/v1/responses/{response_id}")
async def delete_response(request: web.Request) -> web.Response:
    """Forget a stored response."""
    response = _stored(request)
    state = get_state(request)
    state.responses.pop(response["id"], None)
    state.objects("response.input_items").pop(response["id"], None)
    return web.json_response({"id": response["id"], "object": "response", "deleted": True})


@routes.post("/v1/responses/{response_id}/cancel")
async def cancel_response(request: web.Request) -> web.Response:
    """Cancel a background response (one that has finished stays as it is)."""
    response = _stored(request)
    if not response.get("background"):
        raise APIError(400, "Only background responses can be cancelled.", param="response_id")
    return web.json_response(response)


@routes.get("/v1/responses/{response_id}/input_items")
async def list_input_items(request: web.Request) -> web.Response:
    """The input items of a stored response, newest first by default."""
    response = _stored(request)
    return list_page(request, get_state(request).objects("response.input_items").get(response["id"], []))


@routes.get("/v1/responses/{response_id}")
async def retrieve_response(request: web.Request) -> web.StreamResponse:
    """Retrieve a response; ``?stream=true`` replays a background response's events after
    ``starting_after`` (a sequence number)."""
    state = get_state(request)
    response = _stored(request)
    response_id = response["id"]
    if request.query.get("stream") != "true":
        return web.json_response(response)
    events = state.response_events(response_id)
    if events is None:
        raise APIError(
            400,
            "Only background responses can be streamed; create it with background=true.",
            param="stream",
        )
    after = _starting_after(request)
    chosen = [event for number, event in events if after is None or number > after]
    return await send_events(request, chosen, terminator=b"", error_event=_stream_error)
