"""The Assistants API (``/v1/assistants``, ``/v1/threads``: messages, runs, run steps).

A run answers the thread's last user message with ``Echo: ...`` (or with the last tool
output), or, offered function tools, stops in ``requires_action`` to call them. A polled run
goes ``queued``, ``in_progress``, then finishes, one step per retrieval; a streamed one sends
every event at once, ending with ``event: done``.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ._common import (
    deleted,
    example_arguments,
    get_state,
    list_page,
    lookup,
    pick_tools,
    pollable,
    read_json,
    require,
    send_events,
    split_words,
    sse,
    word_count,
)
from ._errors import APIError
from ._state import ServerState, StreamError

routes = web.RouteTableDef()


def _metadata(body: dict[str, Any]) -> dict[str, Any]:
    metadata = body.get("metadata")
    return metadata if isinstance(metadata, dict) else {}


# -- assistants ----------------------------------------------------------


def _assistant_fields(body: dict[str, Any], into: dict[str, Any]) -> None:
    """Copy the given settings (``tools: null`` is no tools, ``metadata: null`` none)."""
    names = ("name", "description", "instructions", "model", "tool_resources", "temperature", "top_p")
    for name in (*names, "response_format", "reasoning_effort"):
        if name in body:
            into[name] = body[name]
    if "tools" in body:
        into["tools"] = body["tools"] or []
    if "metadata" in body:
        into["metadata"] = _metadata(body)


@routes.post("/v1/assistants")
async def create_assistant(request: web.Request) -> web.Response:
    """Create an assistant."""
    state = get_state(request)
    body = await read_json(request)
    require(body, "model", str)
    assistant: dict[str, Any] = {
        "id": state.new_id("asst_"),
        "object": "assistant",
        "created_at": state.now(),
        "name": None,
        "description": None,
        "model": "",
        "instructions": None,
        "tools": [],
        "metadata": {},
        "tool_resources": None,
        "temperature": 1.0,
        "top_p": 1.0,
        "response_format": "auto",
    }
    _assistant_fields(body, assistant)
    state.objects("assistant")[assistant["id"]] = assistant
    return web.json_response(assistant)


def _assistant(request: web.Request, assistant_id: str | None = None) -> dict[str, Any]:
    object_id = assistant_id or request.match_info["assistant_id"]
    return lookup(get_state(request), "assistant", object_id, "assistant_id")


@routes.get("/v1/assistants")
async def list_assistants(request: web.Request) -> web.Response:
    """List assistants, newest first."""
    return list_page(request, list(get_state(request).objects("assistant").values()))


@routes.get("/v1/assistants/{assistant_id}")
async def retrieve_assistant(request: web.Request) -> web.Response:
    """Retrieve an assistant."""
    return web.json_response(_assistant(request))


@routes.post("/v1/assistants/{assistant_id}")
async def update_assistant(request: web.Request) -> web.Response:
    """Change an assistant."""
    assistant = _assistant(request)
    _assistant_fields(await read_json(request), assistant)
    return web.json_response(assistant)


@routes.delete("/v1/assistants/{assistant_id}")
async def delete_assistant(request: web.Request) -> web.Response:
    """Delete an assistant."""
    assistant = _assistant(request)
    get_state(request).objects("assistant").pop(assistant["id"])
    return deleted(assistant["id"], "assistant")


# -- threads and messages ------------------------------------------------


def _new_thread(state: ServerState, body: dict[str, Any]) -> dict[str, Any]:
    thread: dict[str, Any] = {
        "id": state.new_id("thread_"),
        "object": "thread",
        "created_at": state.now(),
        "tool_resources": body.get("tool_resources"),
        "metadata": _metadata(body),
    }
    state.objects("thread")[thread["id"]] = thread
    messages = body.get("messages") or []
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise APIError(400, "'messages' must be a list of objects.", param="messages", code="invalid_type")
    for message in messages:
        _add_message(state, thread["id"], message)
    return thread


def _thread(request: web.Request) -> dict[str, Any]:
    return lookup(get_state(request), "thread", request.match_info["thread_id"], "thread_id")


def _messages(state: ServerState, thread_id: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = state.objects("thread.messages").setdefault(thread_id, [])
    return messages


def _content(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        return [{"type": "text", "text": {"value": value, "annotations": []}}]
    if not isinstance(value, list):
        raise APIError(400, "'content' must be a string or a list of parts.", param="content", code="invalid_type")
    parts = []
    for part in value:
        if isinstance(part, dict) and part.get("type") == "text":
            parts.append({"type": "text", "text": {"value": str(part.get("text", "")), "annotations": []}})
        elif isinstance(part, dict):
            parts.append(part)
    return parts


def _message(
    state: ServerState, thread_id: str, role: str, content: list[dict[str, Any]], **fields: Any
) -> dict[str, Any]:
    return {
        "id": state.new_id("msg_"),
        "object": "thread.message",
        "created_at": state.now(),
        "thread_id": thread_id,
        "status": "completed",
        "incomplete_details": None,
        "completed_at": None,
        "incomplete_at": None,
        "role": role,
        "content": content,
        "assistant_id": None,
        "run_id": None,
        "attachments": [],
        "metadata": {},
        **fields,
    }


def _add_message(state: ServerState, thread_id: str, body: dict[str, Any]) -> dict[str, Any]:
    role = require(body, "role", str)
    if role not in ("user", "assistant"):
        raise APIError(400, f"Invalid value for 'role': {role!r}.", param="role", code="invalid_value")
    if "content" not in body:
        raise APIError(
            400, "Missing required parameter: 'content'.", param="content", code="missing_required_parameter"
        )
    message = _message(
        state,
        thread_id,
        role,
        _content(body["content"]),
        attachments=body.get("attachments") or [],
        metadata=_metadata(body),
    )
    _messages(state, thread_id).append(message)
    return message


@routes.post("/v1/threads")
async def create_thread(request: web.Request) -> web.Response:
    """Create a thread, with its first ``messages`` if given."""
    return web.json_response(_new_thread(get_state(request), await read_json(request)))


@routes.get("/v1/threads/{thread_id}")
async def retrieve_thread(request: web.Request) -> web.Response:
    """Retrieve a thread."""
    return web.json_response(_thread(request))


@routes.post("/v1/threads/{thread_id}")
async def update_thread(request: web.Request) -> web.Response:
    """Change a thread's metadata or tool resources."""
    thread = _thread(request)
    body = await read_json(request)
    for name in ("metadata", "tool_resources"):
        if name in body:
            thread[name] = body[name]
    return web.json_response(thread)


@routes.delete("/v1/threads/{thread_id}")
async def delete_thread(request: web.Request) -> web.Response:
    """Delete a thread with its messages and runs."""
    thread = _thread(request)
    state = get_state(request)
    for kind in ("thread", "thread.messages", "thread.runs"):
        state.objects(kind).pop(thread["id"], None)
    return deleted(thread["id"], "thread")


@routes.post("/v1/threads/{thread_id}/messages")
async def create_message(request: web.Request) -> web.Response:
    """Add a message to a thread."""
    thread = _thread(request)
    return web.json_response(_add_message(get_state(request), thread["id"], await read_json(request)))


@routes.get("/v1/threads/{thread_id}/messages")
async def list_messages(request: web.Request) -> web.Response:
    """A thread's messages, newest first, optionally those of one ``run_id``."""
    thread = _thread(request)
    messages = _messages(get_state(request), thread["id"])
    run_id = request.query.get("run_id")
    return list_page(request, [m for m in messages if run_id is None or m["run_id"] == run_id])


def _find_message(request: web.Request) -> dict[str, Any]:
    thread = _thread(request)
    message_id = request.match_info["message_id"]
    for message in _messages(get_state(request), thread["id"]):
        if message["id"] == message_id:
            return message
    raise APIError(404, f"No message found with id '{message_id}'.", param="message_id", code="not_found")


@routes.get("/v1/threads/{thread_id}/messages/{message_id}")
async def retrieve_message(request: web.Request) -> web.Response:
    """Retrieve a message."""
    return web.json_response(_find_message(request))


@routes.post("/v1/threads/{thread_id}/messages/{message_id}")
async def update_message(request: web.Request) -> web.Response:
    """Change a message's metadata."""
    message = _find_message(request)
    message["metadata"] = _metadata(await read_json(request))
    return web.json_response(message)


@routes.delete("/v1/threads/{thread_id}/messages/{message_id}")
async def delete_message(request: web.Request) -> web.Response:
    """Delete a message."""
    message = _find_message(request)
    _messages(get_state(request), message["thread_id"]).remove(message)
    return deleted(message["id"], "thread.message")


# -- runs ----------------------------------------------------------------


def _runs(state: ServerState, thread_id: str) -> dict[str, dict[str, Any]]:
    runs: dict[str, dict[str, Any]] = state.objects("thread.runs").setdefault(thread_id, {})
    return runs


def _functions(tools: Any) -> list[tuple[str, Any]]:
    return [
        (str(tool["function"].get("name")), tool["function"].get("parameters"))
        for tool in (tools if isinstance(tools, list) else [])
        if isinstance(tool, dict) and tool.get("type") == "function" and isinstance(tool.get("function"), dict)
    ]


def _new_run(state: ServerState, thread_id: str, assistant: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    for message in body.get("additional_messages") or []:
        if isinstance(message, dict):
            _add_message(state, thread_id, message)
    tools = body.get("tools") if body.get("tools") is not None else assistant["tools"]
    run: dict[str, Any] = {
        "id": state.new_id("run_"),
        "object": "thread.run",
        "created_at": state.now(),
        "thread_id": thread_id,
        "assistant_id": assistant["id"],
        "status": "queued",
        "required_action": None,
        "last_error": None,
        "expires_at": None,
        "started_at": None,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": None,
        "model": body.get("model") or assistant["model"],
        "instructions": body.get("instructions") or assistant["instructions"] or "",
        "tools": tools,
        "metadata": _metadata(body),
        "usage": None,
        "incomplete_details": None,
        "max_prompt_tokens": body.get("max_prompt_tokens"),
        "max_completion_tokens": body.get("max_completion_tokens"),
        "truncation_strategy": body.get("truncation_strategy") or {"type": "auto", "last_messages": None},
        "tool_choice": body.get("tool_choice") or "auto",
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "response_format": body.get("response_format") or "auto",
        "temperature": body.get("temperature", 1.0),
        "top_p": body.get("top_p", 1.0),
        "_outputs": None,
    }
    _runs(state, thread_id)[run["id"]] = run
    return run


def _public(run: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in run.items() if not k.startswith("_")}


def _step(state: ServerState, run: dict[str, Any], kind: str, details: dict[str, Any]) -> dict[str, Any]:
    step = {
        "id": state.new_id("step_"),
        "object": "thread.run.step",
        "created_at": state.now(),
        "assistant_id": run["assistant_id"],
        "thread_id": run["thread_id"],
        "run_id": run["id"],
        "type": kind,
        "status": "completed",
        "step_details": {"type": kind, kind: details},
        "last_error": None,
        "expired_at": None,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": state.now(),
        "metadata": {},
        "usage": None,
    }
    state.objects("thread.run.steps").setdefault(run["id"], []).append(step)
    return step


def _finish(state: ServerState, run: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Move a started run to its end: an assistant message, or ``requires_action``.
    Returns the run step and the message (``None`` when tools are to be called)."""
    messages = _messages(state, run["thread_id"])
    calls = (
        []
        if run["_outputs"] is not None
        else pick_tools(_functions(run["tools"]), run["tool_choice"], run["parallel_tool_calls"])
    )
    if calls:
        tool_calls = [
            {
                "id": state.new_id("call_"),
                "type": "function",
                "function": {"name": name, "arguments": example_arguments(parameters)},
            }
            for name, parameters in calls
        ]
        run.update(
            status="requires_action",
            required_action={"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": tool_calls}},
        )
        return _step(state, run, "tool_calls", {"tool_calls": tool_calls}), None
    if run["_outputs"]:
        source = str(run["_outputs"][-1].get("output", ""))
    else:
        source = next((text_of_message(m) for m in reversed(messages) if m["role"] == "user"), "")
    text = "Echo: " + source
    reply = _message(
        state,
        run["thread_id"],
        "assistant",
        _content(text),
        assistant_id=run["assistant_id"],
        run_id=run["id"],
        completed_at=state.now(),
    )
    messages.append(reply)
    prompt = sum(word_count(text_of_message(m)) for m in messages[:-1])
    completion = word_count(text)
    run.update(
        status="completed",
        required_action=None,
        completed_at=state.now(),
        usage={"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
    )
    state.add_tokens(prompt + completion)
    return _step(state, run, "message_creation", {"message_id": reply["id"]}), reply


def text_of_message(message: dict[str, Any]) -> str:
    """The text of a thread message's text parts."""
    return " ".join(
        part["text"]["value"] for part in message["content"] if part.get("type") == "text" and "text" in part
    )


def _advance(state: ServerState, run: dict[str, Any]) -> None:
    """One retrieval: a queued run starts, a started one finishes."""
    if run["status"] == "queued":
        run.update(status="in_progress", started_at=state.now())
    elif run["status"] == "in_progress":
        _finish(state, run)
    elif run["status"] == "cancelling":
        run.update(status="cancelled", cancelled_at=state.now())


def _stream_error(fault: StreamError, index: int) -> bytes:
    return sse({"message": fault.message, "code": fault.code}, event="error")


def _run_events(state: ServerState, run: dict[str, Any], *, created: bool) -> list[bytes]:
    """The events of a run streamed from its creation (or its tool outputs) to its end."""
    events: list[bytes] = []
    if created:
        events += [sse(_public(run), event="thread.run.created"), sse(_public(run), event="thread.run.queued")]
    run.update(status="in_progress", started_at=run["started_at"] or state.now())
    events.append(sse(_public(run), event="thread.run.in_progress"))
    step, reply = _finish(state, run)
    if reply is None:
        events += [
            sse({**step, "status": "in_progress", "completed_at": None}, event="thread.run.step.created"),
            sse(_public(run), event="thread.run.requires_action"),
        ]
        return events
    pending_step = {**step, "status": "in_progress", "completed_at": None}
    pending = {**reply, "status": "in_progress", "content": [], "completed_at": None}
    text = text_of_message(reply)
    deltas = [
        sse(
            {
                "id": reply["id"],
                "object": "thread.message.delta",
                "delta": {"content": [{"index": 0, "type": "text", "text": {"value": word, "annotations": []}}]},
            },
            event="thread.message.delta",
        )
        for word in split_words(text)
    ]
    events += [
        sse(pending_step, event="thread.run.step.created"),
        sse(pending_step, event="thread.run.step.in_progress"),
        sse(pending, event="thread.message.created"),
        sse(pending, event="thread.message.in_progress"),
        *deltas,
        sse(reply, event="thread.message.completed"),
        sse(step, event="thread.run.step.completed"),
        sse(_public(run), event="thread.run.completed"),
    ]
    return events


async def _answer(request: web.Request, run: dict[str, Any], stream: bool, *, created: bool) -> web.StreamResponse:
    state = get_state(request)
    if not stream:
        return pollable(state, _public(run))
    events = _run_events(state, run, created=created)
    return await send_events(request, events, terminator=sse("[DONE]", event="done"), error_event=_stream_error)


@routes.post("/v1/threads/{thread_id}/runs")
async def create_run(request: web.Request) -> web.StreamResponse:
    """Start a run of an assistant on a thread (``stream: true`` streams it)."""
    state = get_state(request)
    thread = _thread(request)
    body = await read_json(request)
    assistant = _assistant(request, require(body, "assistant_id", str))
    run = _new_run(state, thread["id"], assistant, body)
    return await _answer(request, run, body.get("stream") is True, created=True)


@routes.post("/v1/threads/runs")
async def create_thread_and_run(request: web.Request) -> web.StreamResponse:
    """Create a thread (from ``thread``) and start a run on it."""
    state = get_state(request)
    body = await read_json(request)
    assistant = _assistant(request, require(body, "assistant_id", str))
    thread_body = body.get("thread")
    thread = _new_thread(state, thread_body if isinstance(thread_body, dict) else {})
    run = _new_run(state, thread["id"], assistant, body)
    return await _answer(request, run, body.get("stream") is True, created=True)


def _run(request: web.Request) -> dict[str, Any]:
    thread = _thread(request)
    run_id = request.match_info["run_id"]
    run = _runs(get_state(request), thread["id"]).get(run_id)
    if run is None:
        raise APIError(404, f"No run found with id '{run_id}'.", param="run_id", code="not_found")
    return run


@routes.get("/v1/threads/{thread_id}/runs")
async def list_runs(request: web.Request) -> web.Response:
    """A thread's runs, newest first."""
    thread = _thread(request)
    return list_page(request, [_public(r) for r in _runs(get_state(request), thread["id"]).values()])


@routes.get("/v1/threads/{thread_id}/runs/{run_id}")
async def retrieve_run(request: web.Request) -> web.Response:
    """Retrieve a run, moving it one step along."""
    state = get_state(request)
    run = _run(request)
    _advance(state, run)
    return pollable(state, _public(run))


@routes.post("/v1/threads/{thread_id}/runs/{run_id}")
async def update_run(request: web.Request) -> web.Response:
    """Change a run's metadata."""
    run = _run(request)
    run["metadata"] = _metadata(await read_json(request))
    return web.json_response(_public(run))


@routes.post("/v1/threads/{thread_id}/runs/{run_id}/cancel")
async def cancel_run(request: web.Request) -> web.Response:
    """Cancel a run that has not finished: ``cancelling``, then ``cancelled``."""
    run = _run(request)
    if run["status"] not in ("queued", "in_progress", "requires_action"):
        raise APIError(400, f"Cannot cancel run with status '{run['status']}'.", param="run_id")
    run["status"] = "cancelling"
    return web.json_response(_public(run))


@routes.post("/v1/threads/{thread_id}/runs/{run_id}/submit_tool_outputs")
async def submit_tool_outputs(request: web.Request) -> web.StreamResponse:
    """Answer a run's tool calls; it goes on to its reply."""
    run = _run(request)
    body = await read_json(request)
    outputs = require(body, "tool_outputs", list)
    if run["status"] != "requires_action":
        raise APIError(400, f"Runs in status '{run['status']}' do not accept tool outputs.", param="run_id")
    expected = {call["id"] for call in run["required_action"]["submit_tool_outputs"]["tool_calls"]}
    given = {o.get("tool_call_id") for o in outputs if isinstance(o, dict)}
    if given != expected:
        raise APIError(400, f"Expected tool outputs for call ids {sorted(expected)}.", param="tool_outputs")
    run.update(_outputs=outputs, required_action=None, status="in_progress")
    stream = body.get("stream") is True
    if stream:
        return await _answer(request, run, stream, created=False)
    return pollable(get_state(request), _public(run))


@routes.get("/v1/threads/{thread_id}/runs/{run_id}/steps")
async def list_run_steps(request: web.Request) -> web.Response:
    """A run's steps, newest first."""
    run = _run(request)
    return list_page(request, get_state(request).objects("thread.run.steps").get(run["id"], []))


@routes.get("/v1/threads/{thread_id}/runs/{run_id}/steps/{step_id}")
async def retrieve_run_step(request: web.Request) -> web.Response:
    """One step of a run."""
    run = _run(request)
    for step in get_state(request).objects("thread.run.steps").get(run["id"], []):
        if step["id"] == request.match_info["step_id"]:
            return web.json_response(step)
    raise APIError(404, "No such run step.", param="step_id", code="not_found")
