"""Every streaming operation yields typed events of its own kind, on both clients."""

from __future__ import annotations

import json
from typing import Any

import pytest

import openai_core
from openai_core import UnknownObject
from openai_core.operations import OPERATIONS
from tests.conftest import Api
from transports import AsyncMockTransport, MockResponse, MockTransport

RUN = {
    "id": "run_1",
    "object": "thread.run",
    "created_at": 1,
    "thread_id": "th_1",
    "assistant_id": "a",
    "status": "queued",
    "model": "m",
    "instructions": "",
    "tools": [],
    "metadata": {},
}
STEP = {
    "id": "step_1",
    "object": "thread.run.step",
    "created_at": 1,
    "run_id": "run_1",
    "assistant_id": "a",
    "thread_id": "th_1",
    "type": "message_creation",
    "status": "in_progress",
    "step_details": {"type": "message_creation", "message_creation": {"message_id": "msg_1"}},
}

# operation -> (keyword arguments that ask for a stream, SSE body, the event class names expected)
CASES: dict[str, tuple[dict[str, Any], bytes, list[str]]] = {
    "createCompletion": (
        {"model": "m", "prompt": "x", "stream": True},
        b'data: {"id":"c","object":"text_completion","created":1,"model":"m","choices":[{"index":0,'
        b'"text":"hi","logprobs":null,"finish_reason":null}]}\n\ndata: [DONE]\n\n',
        ["Completion"],
    ),
    "createTranscription": (
        {"file": ("a.mp3", b"ID3"), "model": "gpt-4o-transcribe", "stream": True},
        b'data: {"type":"transcript.text.delta","delta":"he"}\n\n'
        b'data: {"type":"transcript.text.done","text":"hello"}\n\n',
        ["TranscriptionTextDeltaEvent", "TranscriptionTextDoneEvent"],
    ),
    "createImage": (
        {"prompt": "cat", "stream": True, "partial_images": 1},
        b'event: image_generation.partial_image\ndata: {"type":"image_generation.partial_image","b64_json":"AA==",'
        b'"created_at":1,"size":"1024x1024","quality":"low","background":"opaque","output_format":"png",'
        b'"partial_image_index":0}\n\n'
        b'event: image_generation.completed\ndata: {"type":"image_generation.completed","b64_json":"AA==",'
        b'"created_at":1,"size":"1024x1024","quality":"low","background":"opaque","output_format":"png",'
        b'"usage":{"total_tokens":1,"input_tokens":1,"output_tokens":0,"input_tokens_details":'
        b'{"text_tokens":1,"image_tokens":0}}}\n\n',
        ["ImageGenPartialImageEvent", "ImageGenCompletedEvent"],
    ),
    "createRun": (
        {"assistant_id": "a", "stream": True},
        b"event: thread.run.created\ndata: " + json.dumps(RUN).encode() + b"\n\n"
        b"event: thread.run.step.created\ndata: " + json.dumps(STEP).encode() + b"\n\n"
        b"event: done\ndata: [DONE]\n\n",
        ["RunStreamEventThreadRunCreated", "RunStepStreamEventThreadRunStepCreated"],
    ),
}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("op_id", sorted(CASES))
async def test_stream_events_are_typed(kind: str, op_id: str) -> None:
    kwargs, body, expected = CASES[op_id]
    answer = MockResponse(headers={"content-type": "text/event-stream"}, body=[body])
    transport: Any = MockTransport(lambda r: answer) if kind == "sync" else AsyncMockTransport(lambda r: answer)
    client: Any = (openai_core.Client if kind == "sync" else openai_core.AsyncClient)(api_key="k", transport=transport)
    op = OPERATIONS[op_id]
    method: Any = client
    for part in op.call.split("."):
        method = getattr(method, part)
    args = ["th_1"] * len(op.path_params)
    events = await Api.collect(await Api.run(method(*args, **kwargs)))
    # The SDK's Accept, stream or not: the API streams SSE whatever Accept says.
    assert transport.requests[0].headers["Accept"] == op.accept
    assert transport.requests[0].stream is True
    assert not any(isinstance(e, UnknownObject) for e in events)
    names = [type(e).__name__ for e in events]
    assert names[: len(expected)] == expected, names
