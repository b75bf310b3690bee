"""``POST /v1/chat/completions``: echoes the last user message or calls a tool; and the
legacy ``POST /v1/completions``, which echoes its prompt.

A ``json_schema`` response format is answered with JSON of example values instead, a
``json_object`` one with ``{"answer": ...}``; ``logprobs`` gives each word a log probability.
A completion created with ``store: true`` can be listed, retrieved, updated and deleted, with
its request messages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from ._common import (
    example_arguments,
    example_json,
    get_state,
    json_schema_of,
    list_page,
    optional_int,
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
from ._errors import APIError, error_body
from ._state import ServerState, StreamError

routes = web.RouteTableDef()

FINGERPRINT = "fp_openai_core"


@dataclass(frozen=True)
class _ToolCall:
    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class _Choice:
    content: str | None
    tool_calls: tuple[_ToolCall, ...]
    finish_reason: str

    @property
    def tokens(self) -> int:
        if self.tool_calls:
            return sum(word_count(call.arguments) for call in self.tool_calls)
        return word_count(self.content or "")


def _messages(body: dict[str, Any]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = require(body, "messages", list)
    if not messages:
        raise APIError(400, "'messages' must not be empty.", param="messages", code="empty_array")
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or not isinstance(message.get("role"), str):
            raise APIError(400, "Each message needs a 'role'.", param=f"messages[{index}]")
    return messages


def _functions(body: dict[str, Any]) -> list[tuple[str, Any]]:
    tools = body.get("tools")
    found: list[tuple[str, Any]] = []
    for tool in tools if isinstance(tools, list) else []:
        function = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(function, dict) and tool.get("type") == "function":
            found.append((str(function.get("name")), function.get("parameters")))
    return found


def _choice(state: ServerState, body: dict[str, Any], messages: list[dict[str, Any]]) -> _Choice:
    roles = [m["role"] for m in messages]
    last_user = max((i for i, role in enumerate(roles) if role == "user"), default=-1)
    tool_results = [m for m in messages[last_user + 1 :] if m["role"] == "tool"]
    if tool_results:
        text = "Echo: " + text_of(tool_results[-1].get("content"))
    else:
        tools = pick_tools(_functions(body), body.get("tool_choice"), body.get("parallel_tool_calls"))
        if tools:
            calls = tuple(_ToolCall(state.new_id("call_"), name, example_arguments(params)) for name, params in tools)
            return _Choice(None, calls, "tool_calls")
        user = messages[last_user].get("content") if last_user >= 0 else ""
        text = "Echo: " + text_of(user)
    # A json_schema response format is answered with JSON built from example values.
    response_format = body.get("response_format")
    schema = json_schema_of(response_format)
    if schema is not None:
        text = example_json(schema)
    elif isinstance(response_format, dict) and response_format.get("type") == "json_object":
        text = json.dumps({"answer": text})
    return _text_choice(body, text)


def _text_choice(body: dict[str, Any], text: str) -> _Choice:
    limit = optional_int(body, "max_completion_tokens") or optional_int(body, "max_tokens")
    words = split_words(text)
    if limit is not None and word_count(text) > limit:
        return _Choice("".join(words[:limit]).rstrip(), (), "length")
    return _Choice(text, (), "stop")


def _usage(prompt: int, completion: int) -> dict[str, Any]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _message(choice: _Choice) -> dict[str, Any]:
    message: dict[str, Any] = {
        "role": "assistant",
        "content": choice.content,
        "refusal": None,
        "annotations": [],
    }
    if choice.tool_calls:
        message["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": call.arguments},
            }
            for call in choice.tool_calls
        ]
    return message


def _logprob(word: str, position: int, alternatives: int) -> dict[str, Any]:
    """A deterministic log probability entry for one word (token)."""
    top = [{"token": word, "logprob": -0.01 * (position + 1), "bytes": list(word.encode())}]
    top += [
        {"token": f"alt{n}", "logprob": -1.0 - n, "bytes": list(f"alt{n}".encode())} for n in range(1, alternatives)
    ]
    return {**top[0], "top_logprobs": top[:alternatives]}


def _logprobs(body: dict[str, Any], text: str | None, offset: int = 0) -> dict[str, Any] | None:
    """The ``logprobs`` of a choice (or of one streamed piece at word ``offset``), when asked."""
    if body.get("logprobs") is not True or text is None:
        return None
    alternatives = optional_int(body, "top_logprobs", minimum=0) or 0
    words = split_words(text)
    return {"content": [_logprob(w, offset + i, alternatives) for i, w in enumerate(words)], "refusal": None}


def _deltas(choice: _Choice) -> list[dict[str, Any]]:
    """The ``delta`` objects streamed for one choice, before the final one."""
    if not choice.tool_calls:
        first: dict[str, Any] = {"role": "assistant", "content": "", "refusal": None}
        return [first] + [{"content": word} for word in split_words(choice.content or "")]
    deltas: list[dict[str, Any]] = []
    for index, call in enumerate(choice.tool_calls):
        header = {"index": index, "id": call.id, "type": "function", "function": {"name": call.name, "arguments": ""}}
        start = {"role": "assistant", "content": None, "refusal": None} if index == 0 else {}
        deltas.append({**start, "tool_calls": [header]})
        deltas += [
            {"tool_calls": [{"index": index, "function": {"arguments": piece}}]}
            for piece in split_pieces(call.arguments)
        ]
    return deltas


def _stream_events(
    body: dict[str, Any],
    head: dict[str, Any],
    choices: list[_Choice],
    usage: dict[str, Any],
    include_usage: bool,
) -> list[bytes]:
    def chunk(choices: list[dict[str, Any]], usage: dict[str, Any] | None = None) -> bytes:
        extra = {"usage": usage} if include_usage else {}
        return sse({**head, "object": "chat.completion.chunk", "choices": choices, **extra})

    events: list[bytes] = []
    for index, choice in enumerate(choices):
        for position, delta in enumerate(_deltas(choice)):
            text = delta.get("content") if not choice.tool_calls else None
            logprobs = _logprobs(body, text, position - 1) if text else None
            events.append(chunk([{"index": index, "delta": delta, "logprobs": logprobs, "finish_reason": None}]))
        final = {
            "index": index,
            "delta": {},
            "logprobs": None,
            "finish_reason": choice.finish_reason,
        }
        events.append(chunk([final]))
    if include_usage:
        events.append(chunk([], usage))
    return events


def _stream_error(fault: StreamError, index: int) -> bytes:
    return sse(error_body(fault.message, type="server_error", code=fault.code))


def _prepare(state: ServerState, body: dict[str, Any]) -> tuple[dict[str, Any], list[_Choice], dict[str, Any]]:
    """Answer a request: the completion's head fields, its choices and usage."""
    model = require(body, "model", str)
    messages = _messages(body)
    count = optional_int(body, "n") or 1
    choices = [_choice(state, body, messages) for _ in range(count)]
    prompt_tokens = sum(word_count(text_of(m.get("content"))) for m in messages)
    usage = _usage(prompt_tokens, sum(c.tokens for c in choices))
    state.add_tokens(usage["total_tokens"])
    head = {
        "id": state.new_id("chatcmpl-"),
        "object": "chat.completion",
        "created": state.now(),
        "model": model,
        "service_tier": "default",
        "system_fingerprint": FINGERPRINT,
    }
    return head, choices, usage


def _completion(
    body: dict[str, Any], head: dict[str, Any], choices: list[_Choice], usage: dict[str, Any]
) -> dict[str, Any]:
    return {
        **head,
        "choices": [
            {
                "index": i,
                "message": _message(c),
                "logprobs": _logprobs(body, c.content),
                "finish_reason": c.finish_reason,
            }
            for i, c in enumerate(choices)
        ],
        "usage": usage,
    }


def chat_completion(state: ServerState, body: dict[str, Any]) -> dict[str, Any]:
    """The (not streamed) ``chat.completion`` answering ``body``; raises :class:`APIError`
    for an invalid request. The batch runner calls it for each of its lines."""
    return _completion(body, *_prepare(state, body))


def _store(state: ServerState, body: dict[str, Any], completion: dict[str, Any]) -> None:
    """Keep a ``store: true`` completion, with its metadata and request messages."""
    if body.get("store") is not True:
        return
    metadata = body.get("metadata")
    messages = [
        {
            "id": f"{completion['id']}-{index}",
            "role": message["role"],
            "content": text_of(message.get("content")),
            "refusal": None,
            "annotations": [],
            "content_parts": message["content"] if isinstance(message.get("content"), list) else None,
        }
        for index, message in enumerate(body["messages"])
    ]
    stored = {**completion, "metadata": metadata if isinstance(metadata, dict) else {}}
    state.objects("chat.completion")[completion["id"]] = (stored, messages)


@routes.post("/v1/chat/completions")
async def create_chat_completion(request: web.Request) -> web.StreamResponse:
    """Create a chat completion (optionally streamed)."""
    state = get_state(request)
    body = await read_json(request)
    head, choices, usage = _prepare(state, body)
    _store(state, body, _completion(body, head, choices, usage))
    if body.get("stream"):
        options = body.get("stream_options")
        include_usage = isinstance(options, dict) and bool(options.get("include_usage"))
        events = _stream_events(body, head, choices, usage, include_usage)
        return await send_events(request, events, terminator=sse("[DONE]"), error_event=_stream_error)
    return web.json_response(_completion(body, head, choices, usage))


def _prompts(body: dict[str, Any]) -> list[str]:
    prompt = body.get("prompt", "")
    if isinstance(prompt, str):
        return [prompt]
    if isinstance(prompt, list) and all(isinstance(p, str) for p in prompt):
        return list(prompt) or [""]
    if isinstance(prompt, list):  # token ids: one prompt, or a list of them
        nested = prompt and all(isinstance(p, list) for p in prompt)
        return [" ".join(map(str, p)) for p in prompt] if nested else [" ".join(map(str, prompt))]
    raise APIError(400, "'prompt' must be a string or a list.", param="prompt", code="invalid_type")


@routes.post("/v1/completions")
async def create_completion(request: web.Request) -> web.StreamResponse:
    """A legacy text completion echoing each prompt (``n`` choices per prompt)."""
    state = get_state(request)
    body = await read_json(request)
    model = require(body, "model", str)
    prompts = _prompts(body)
    count = optional_int(body, "n") or 1
    answers = [_text_choice(body, "Echo: " + prompt) for prompt in prompts for _ in range(count)]
    prompt_tokens = sum(word_count(p) for p in prompts)
    completion_tokens = sum(a.tokens for a in answers)
    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }
    state.add_tokens(usage["total_tokens"])
    head = {
        "id": state.new_id("cmpl-"),
        "object": "text_completion",
        "created": state.now(),
        "model": model,
        "system_fingerprint": FINGERPRINT,
    }
    if body.get("stream"):
        events = [
            sse({**head, "choices": [{"index": i, "text": word, "logprobs": None, "finish_reason": None}]})
            for i, answer in enumerate(answers)
            for word in split_words(answer.content or "")
        ]
        events += [
            sse({**head, "choices": [{"index": i, "text": "", "logprobs": None, "finish_reason": a.finish_reason}]})
            for i, a in enumerate(answers)
        ]
        return await send_events(request, events, terminator=sse("[DONE]"), error_event=_stream_error)
    choices = [
        {"index": i, "text": a.content or "", "logprobs": None, "finish_reason": a.finish_reason}
        for i, a in enumerate(answers)
    ]
    return web.json_response({**head, "choices": choices, "usage": usage})


def _stored(request: web.Request) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    completion_id = request.match_info["completion_id"]
    found: tuple[dict[str, Any], list[dict[str, Any]]] | None = (
        get_state(request).objects("chat.completion").get(completion_id)
    )
    if found is None:
        message = f"Chat completion {completion_id!r} not found (only those created with store=true are kept)."
        raise APIError(404, message, param="completion_id", code="not_found")
    return found


@routes.get("/v1/chat/completions")
async def list_chat_completions(request: web.Request) -> web.Response:
    """Stored completions, oldest first, by ``model`` and ``metadata[key]`` if given."""
    query = request.query
    wanted = {key[9:-1]: value for key, value in query.items() if key.startswith("metadata[") and key.endswith("]")}
    stored = [
        completion
        for completion, _ in get_state(request).objects("chat.completion").values()
        if query.get("model", completion["model"]) == completion["model"]
        and all(completion["metadata"].get(k) == v for k, v in wanted.items())
    ]
    return list_page(request, stored, order="asc")


@routes.get("/v1/chat/completions/{completion_id}")
async def retrieve_chat_completion(request: web.Request) -> web.Response:
    """A stored completion."""
    return web.json_response(_stored(request)[0])


@routes.post("/v1/chat/completions/{completion_id}")
async def update_chat_completion(request: web.Request) -> web.Response:
    """Replace a stored completion's metadata."""
    completion, _ = _stored(request)
    body = await read_json(request)
    completion["metadata"] = require(body, "metadata", dict)
    return web.json_response(completion)


@routes.delete("/v1/chat/completions/{completion_id}")
async def delete_chat_completion(request: web.Request) -> web.Response:
    """Forget a stored completion."""
    completion, _ = _stored(request)
    get_state(request).objects("chat.completion").pop(completion["id"])
    return web.json_response({"object": "chat.completion.deleted", "id": completion["id"], "deleted": True})


@routes.get("/v1/chat/completions/{completion_id}/messages")
async def list_chat_completion_messages(request: web.Request) -> web.Response:
    """The request messages of a stored completion."""
    return list_page(request, _stored(request)[1], order="asc")
