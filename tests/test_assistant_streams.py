"""Assistants run streams with SDK-style event handlers, on both clients."""

from __future__ import annotations

import json
from typing import Any

import pytest

import openai_core
from openai_core.helpers.assistants import AssistantEventHandler, AsyncAssistantEventHandler
from transports import AsyncMockTransport, MockResponse, MockTransport

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

RUN = {
    "id": "run_1",
    "object": "thread.run",
    "created_at": 1,
    "thread_id": "th_1",
    "assistant_id": "asst_1",
    "status": "queued",
    "model": "m",
    "instructions": "",
    "tools": [],
    "metadata": {},
}
TOOL_STEP = {
    "id": "step_1",
    "object": "thread.run.step",
    "created_at": 1,
    "run_id": "run_1",
    "assistant_id": "asst_1",
    "thread_id": "th_1",
    "type": "tool_calls",
    "status": "in_progress",
    "step_details": {"type": "tool_calls", "tool_calls": []},
}
FULL_CALL = {
    "id": "call_1",
    "type": "function",
    "function": {"name": "lookup", "arguments": '{"a": 1}', "output": None},
}
MESSAGE_STEP = {
    **TOOL_STEP,
    "id": "step_2",
    "type": "message_creation",
    "step_details": {"type": "message_creation", "message_creation": {"message_id": "msg_1"}},
}
MESSAGE = {
    "id": "msg_1",
    "object": "thread.message",
    "created_at": 1,
    "thread_id": "th_1",
    "role": "assistant",
    "status": "in_progress",
    "content": [],
    "assistant_id": "asst_1",
    "run_id": "run_1",
    "attachments": [],
    "metadata": {},
}


def _step_delta(arguments: str, first: bool) -> dict[str, Any]:
    call: dict[str, Any] = {"index": 0, "type": "function", "function": {"arguments": arguments}}
    if first:
        call["id"] = "call_1"
        call["function"]["name"] = "lookup"
    delta = {"step_details": {"type": "tool_calls", "tool_calls": [call]}}
    return {"id": "step_1", "object": "thread.run.step.delta", "delta": delta}


def _message_delta(value: str) -> dict[str, Any]:
    content = [{"index": 0, "type": "text", "text": {"value": value, "annotations": []}}]
    return {"id": "msg_1", "object": "thread.message.delta", "delta": {"content": content}}


def _text(value: str) -> dict[str, Any]:
    return {"type": "text", "text": {"value": value, "annotations": []}}


EVENTS: list[tuple[str, Any]] = [
    ("thread.run.created", RUN),
    ("thread.run.in_progress", {**RUN, "status": "in_progress"}),
    ("thread.run.step.created", TOOL_STEP),
    ("thread.run.step.delta", _step_delta('{"a"', first=True)),
    ("thread.run.step.delta", _step_delta(": 1}", first=False)),
    (
        "thread.run.step.completed",
        {**TOOL_STEP, "status": "completed", "step_details": {"type": "tool_calls", "tool_calls": [FULL_CALL]}},
    ),
    ("thread.run.step.created", MESSAGE_STEP),
    ("thread.message.created", MESSAGE),
    ("thread.message.delta", _message_delta("Hel")),
    ("thread.message.delta", _message_delta("lo")),
    ("thread.message.completed", {**MESSAGE, "status": "completed", "content": [_text("Hello")]}),
    ("thread.run.step.completed", {**MESSAGE_STEP, "status": "completed"}),
    ("thread.run.completed", {**RUN, "status": "completed"}),
]
BODY = b"".join(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode() for name, data in EVENTS)
BODY += b"event: done\ndata: [DONE]\n\n"

EXPECTED = [
    "on_event thread.run.created",
    "on_event thread.run.in_progress",
    "on_event thread.run.step.created",
    "on_run_step_created step_1",
    "on_event thread.run.step.delta",
    'on_tool_call_created {"a"',
    'on_run_step_delta {"a"',
    "on_event thread.run.step.delta",
    'on_tool_call_delta : 1} -> {"a": 1}',
    'on_run_step_delta {"a": 1}',
    "on_event thread.run.step.completed",
    'on_tool_call_done {"a": 1}',
    "on_run_step_done step_1",
    "on_event thread.run.step.created",
    "on_run_step_created step_2",
    "on_event thread.message.created",
    "on_message_created msg_1",
    "on_event thread.message.delta",
    "on_text_created Hel",
    "on_text_delta Hel -> Hel",
    "on_message_delta Hel",
    "on_event thread.message.delta",
    "on_text_delta lo -> Hello",
    "on_message_delta Hello",
    "on_event thread.message.completed",
    "on_text_done Hello",
    "on_message_done msg_1",
    "on_event thread.run.step.completed",
    "on_run_step_done step_2",
    "on_event thread.run.completed",
    "on_end",
]


class Recorder:
    """The callbacks of both handlers write the same lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def event(self, event: Any) -> None:
        self.lines.append(f"on_event {event.event}")

    def add(self, name: str, *args: Any) -> None:
        self.lines.append(" ".join([name, *args]))


def _step_args(step: Any) -> str:
    return str(step.step_details.tool_calls[0].function.arguments)


class Handler(AssistantEventHandler):
    def __init__(self, rec: Recorder) -> None:
        super().__init__()
        self.rec = rec

    def on_event(self, event: Any) -> None:
        self.rec.event(event)

    def on_run_step_created(self, run_step: Any) -> None:
        self.rec.add("on_run_step_created", run_step.id)

    def on_run_step_delta(self, delta: Any, snapshot: Any) -> None:
        self.rec.add("on_run_step_delta", _step_args(snapshot))

    def on_run_step_done(self, run_step: Any) -> None:
        self.rec.add("on_run_step_done", run_step.id)

    def on_tool_call_created(self, tool_call: Any) -> None:
        self.rec.add("on_tool_call_created", tool_call.function.arguments)

    def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
        self.rec.add("on_tool_call_delta", delta.function.arguments, "->", snapshot.function.arguments)

    def on_tool_call_done(self, tool_call: Any) -> None:
        self.rec.add("on_tool_call_done", tool_call.function.arguments)

    def on_message_created(self, message: Any) -> None:
        self.rec.add("on_message_created", message.id)

    def on_message_delta(self, delta: Any, snapshot: Any) -> None:
        self.rec.add("on_message_delta", snapshot.content[0].text.value)

    def on_message_done(self, message: Any) -> None:
        self.rec.add("on_message_done", message.id)

    def on_text_created(self, text: Any) -> None:
        self.rec.add("on_text_created", text.value)

    def on_text_delta(self, delta: Any, snapshot: Any) -> None:
        self.rec.add("on_text_delta", delta.value, "->", snapshot.value)

    def on_text_done(self, text: Any) -> None:
        self.rec.add("on_text_done", text.value)

    def on_end(self) -> None:
        self.rec.add("on_end")


class AsyncHandler(AsyncAssistantEventHandler):
    def __init__(self, rec: Recorder) -> None:
        super().__init__()
        self.sync = Handler(rec)

    async def on_event(self, event: Any) -> None:
        self.sync.on_event(event)

    async def on_run_step_created(self, run_step: Any) -> None:
        self.sync.on_run_step_created(run_step)

    async def on_run_step_delta(self, delta: Any, snapshot: Any) -> None:
        self.sync.on_run_step_delta(delta, snapshot)

    async def on_run_step_done(self, run_step: Any) -> None:
        self.sync.on_run_step_done(run_step)

    async def on_tool_call_created(self, tool_call: Any) -> None:
        self.sync.on_tool_call_created(tool_call)

    async def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
        self.sync.on_tool_call_delta(delta, snapshot)

    async def on_tool_call_done(self, tool_call: Any) -> None:
        self.sync.on_tool_call_done(tool_call)

    async def on_message_created(self, message: Any) -> None:
        self.sync.on_message_created(message)

    async def on_message_delta(self, delta: Any, snapshot: Any) -> None:
        self.sync.on_message_delta(delta, snapshot)

    async def on_message_done(self, message: Any) -> None:
        self.sync.on_message_done(message)

    async def on_text_created(self, text: Any) -> None:
        self.sync.on_text_created(text)

    async def on_text_delta(self, delta: Any, snapshot: Any) -> None:
        self.sync.on_text_delta(delta, snapshot)

    async def on_text_done(self, text: Any) -> None:
        self.sync.on_text_done(text)

    async def on_end(self) -> None:
        self.sync.on_end()


def _client(kind: str, body: bytes = BODY) -> tuple[Any, Any]:
    def answer(request: Any) -> MockResponse:
        return MockResponse(headers={"content-type": "text/event-stream"}, body=[body])

    transport: Any = MockTransport(answer) if kind == "sync" else AsyncMockTransport(answer)
    client = (openai_core.Client if kind == "sync" else openai_core.AsyncClient)(api_key="k", transport=transport)
    return client, transport


def _managers(client: Any, handler: Any) -> dict[str, Any]:
    return {
        "stream": client.beta.threads.runs.stream(
            thread_id="th_1", assistant_id="asst_1", event_handler=handler, instructions="be brief"
        ),
        "submit": client.beta.threads.runs.submit_tool_outputs_stream(
            thread_id="th_1",
            run_id="run_1",
            tool_outputs=[{"tool_call_id": "call_1", "output": "1"}],
            event_handler=handler,
        ),
        "create_and_run": client.beta.threads.create_and_run_stream(assistant_id="asst_1", event_handler=handler),
    }


PATHS = {
    "stream": "/v1/threads/th_1/runs",
    "submit": "/v1/threads/th_1/runs/run_1/submit_tool_outputs",
    "create_and_run": "/v1/threads/runs",
}


@pytest.mark.parametrize("method", sorted(PATHS))
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_handler_callbacks_in_order(kind: str, method: str) -> None:
    client, transport = _client(kind)
    rec = Recorder()
    handler = Handler(rec) if kind == "sync" else AsyncHandler(rec)
    manager = _managers(client, handler)[method]
    assert transport.requests == []  # sent on `with`
    if kind == "sync":
        with manager as stream:
            assert stream is handler
            run = stream.get_final_run()
            messages = stream.get_final_messages()
            steps = stream.get_final_run_steps()
    else:
        async with manager as stream:
            assert stream is handler
            run = await stream.get_final_run()
            messages = await stream.get_final_messages()
            steps = await stream.get_final_run_steps()
    assert rec.lines == EXPECTED
    assert run.status == "completed" and run.id == "run_1"
    assert [m.content[0].text.value for m in messages] == ["Hello"]
    assert [s.id for s in steps] == ["step_1", "step_2"]
    assert steps[0].step_details.tool_calls[0].function.arguments == '{"a": 1}'
    (request,) = transport.requests
    assert request.url.endswith(PATHS[method])
    sent = json.loads(request.body)
    assert sent["stream"] is True
    if method == "stream":
        assert sent == {"assistant_id": "asst_1", "instructions": "be brief", "stream": True}


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_default_handler_iteration_text_deltas_and_snapshots(kind: str) -> None:
    client, _ = _client(kind)
    manager = client.beta.threads.runs.stream(thread_id="th_1", assistant_id="asst_1")
    if kind == "sync":
        with manager as stream:
            assert isinstance(stream, AssistantEventHandler)
            pieces = list(stream.text_deltas)
            snapshot = stream.current_message_snapshot
            run = stream.current_run
    else:
        async with manager as stream:
            assert isinstance(stream, AsyncAssistantEventHandler)
            pieces = [p async for p in stream.text_deltas]
            snapshot = stream.current_message_snapshot
            run = stream.current_run
    assert pieces == ["Hel", "lo"]
    assert snapshot.content[0].text.value == "Hello" and run.status == "completed"
    client2, _ = _client(kind)
    manager = client2.beta.threads.runs.stream(thread_id="th_1", assistant_id="asst_1")
    if kind == "sync":
        with manager as stream:
            kinds = [event.event for event in stream]
    else:
        async with manager as stream:
            kinds = [event.event async for event in stream]
    assert kinds == [name for name, _ in EVENTS]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_errors_reach_on_exception_then_raise(kind: str) -> None:
    body = b"event: thread.run.created\ndata: " + json.dumps(RUN).encode() + b"\n\n"
    body += b'event: error\ndata: {"message": "boom", "type": "server_error"}\n\n'
    client, _ = _client(kind, body)
    seen: list[str] = []

    class Sync(AssistantEventHandler):
        def on_exception(self, exception: Exception) -> None:
            seen.append(type(exception).__name__)

        def on_end(self) -> None:
            seen.append("end")

    class Async(AsyncAssistantEventHandler):
        async def on_exception(self, exception: Exception) -> None:
            seen.append(type(exception).__name__)

        async def on_end(self) -> None:
            seen.append("end")

    handler = Sync() if kind == "sync" else Async()
    manager = client.beta.threads.runs.stream(thread_id="th_1", assistant_id="a", event_handler=handler)
    with pytest.raises(openai_core.APIError, match="boom"):
        if kind == "sync":
            with manager as stream:
                stream.until_done()
        else:
            async with manager as stream:
                await stream.until_done()
    assert seen[-1] == "end" and len(seen) == 2 and "Error" in seen[0]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_handler_serves_one_stream_and_stream_is_refused(kind: str) -> None:
    client, _ = _client(kind)
    handler = AssistantEventHandler() if kind == "sync" else AsyncAssistantEventHandler()
    first = client.beta.threads.runs.stream(thread_id="th_1", assistant_id="a", event_handler=handler)
    again = client.beta.threads.runs.stream(thread_id="th_1", assistant_id="a", event_handler=handler)
    if kind == "sync":
        with first as stream:
            stream.until_done()
        with pytest.raises(RuntimeError, match="one stream"), again:
            pass
    else:
        async with first as stream:
            await stream.until_done()
        with pytest.raises(RuntimeError, match="one stream"):
            async with again:
                pass
    with pytest.raises(TypeError, match="unexpected keyword argument 'stream'"):
        client.beta.threads.runs.stream(thread_id="th_1", assistant_id="a", stream=True)
    assert openai_core.AssistantEventHandler is AssistantEventHandler
    with pytest.warns(DeprecationWarning, match="stream"):
        client.beta.threads.runs.create_and_stream(thread_id="th_1", assistant_id="a")
