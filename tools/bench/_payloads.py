"""Response bodies in the shapes the OpenAI API sends, built once and reused by the server."""

from __future__ import annotations

import base64
import json
import random
import struct
from collections.abc import Iterator
from typing import Any

__all__ = [
    "EMBEDDING_DIM",
    "chat_completion",
    "chat_stream",
    "embedding_base64",
    "embedding_floats",
    "embedding_vector",
    "responses_stream",
]

MODEL = "gpt-4o-mini-2024-07-18"
FINGERPRINT = "fp_06737a9306"
CREATED = 1_741_569_952
CHAT_ID = "chatcmpl-BEnCHm4rK0ffl1ne5erVer0000001"
RESP_ID = "resp_68b1f0c2a1e48190a3c1d9e0b7f1c2d30b6f0e1a2b3c4d5e"
MSG_ID = "msg_68b1f0c3b5d08190b1a2c3d4e5f60718293a4b5c6d7e8f90"
EMBEDDING_DIM = 1536

REPLY = (
    "Sure! Here is a short overview. Python's asyncio runs many I/O-bound tasks on one thread: "
    "each task awaits a future, and the event loop resumes it when the socket is ready. For "
    "CPU-bound work, use a process pool instead, since the GIL lets one thread run at a time."
)
# Token-like pieces, as a tokenizer would cut the reply (leading spaces kept).
TOKENS = [w if i == 0 else " " + w for i, w in enumerate(REPLY.split(" "))]
_OBF = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def _obfuscation(rng: random.Random, token: str) -> str:
    """Padding the API adds to stream events so that sizes leak nothing about the content."""
    return "".join(rng.choice(_OBF) for _ in range(max(1, 16 - len(token))))


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


def chat_completion() -> bytes:
    """A ``chat.completion`` object with a paragraph-long reply."""
    body = {
        "id": CHAT_ID,
        "object": "chat.completion",
        "created": CREATED,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": REPLY, "refusal": None, "annotations": []},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": _usage(8, len(TOKENS)),
        "service_tier": "default",
        "system_fingerprint": FINGERPRINT,
    }
    return _dumps(body).encode()


def _chunk(delta: dict[str, Any], finish: str | None, obfuscation: str) -> bytes:
    body = {
        "id": CHAT_ID,
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": MODEL,
        "service_tier": "default",
        "system_fingerprint": FINGERPRINT,
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        "obfuscation": obfuscation,
    }
    return b"data: " + _dumps(body).encode() + b"\n\n"


def _chat_block() -> bytes:
    rng = random.Random(1)
    return b"".join(_chunk({"content": t}, None, _obfuscation(rng, t)) for t in TOKENS)


_BLOCK = _chat_block()


def chat_stream(count: int, include_usage: bool) -> Iterator[bytes]:
    """The SSE body of a streamed chat completion with ``count`` content chunks.

    Pieces are yielded lazily (a block of distinct chunks repeated), so a stream of a million
    chunks costs the server no memory.
    """
    rng = random.Random(2)
    yield _chunk({"role": "assistant", "content": "", "refusal": None}, None, _obfuscation(rng, ""))
    full, rest = divmod(count, len(TOKENS))
    for _ in range(full):
        yield _BLOCK
    if rest:
        yield b"".join(_chunk({"content": t}, None, _obfuscation(rng, t)) for t in TOKENS[:rest])
    yield _chunk({}, "stop", _obfuscation(rng, ""))
    if include_usage:
        usage = {
            "id": CHAT_ID,
            "object": "chat.completion.chunk",
            "created": CREATED,
            "model": MODEL,
            "service_tier": "default",
            "system_fingerprint": FINGERPRINT,
            "choices": [],
            "usage": _usage(8, count),
            "obfuscation": _obfuscation(rng, ""),
        }
        yield b"data: " + _dumps(usage).encode() + b"\n\n"
    yield b"data: [DONE]\n\n"


def _response(status: str, output: list[dict[str, Any]], usage: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": RESP_ID,
        "object": "response",
        "created_at": CREATED,
        "status": status,
        "background": False,
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "max_output_tokens": None,
        "max_tool_calls": None,
        "model": MODEL,
        "output": output,
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "prompt_cache_key": None,
        "reasoning": {"effort": None, "summary": None},
        "safety_identifier": None,
        "service_tier": "default",
        "store": True,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": "auto",
        "tools": [],
        "top_logprobs": 0,
        "top_p": 1.0,
        "truncation": "disabled",
        "usage": usage,
        "user": None,
        "metadata": {},
    }


def _event(kind: str, body: dict[str, Any]) -> bytes:
    return b"event: " + kind.encode() + b"\ndata: " + _dumps({"type": kind, **body}).encode() + b"\n\n"


def responses_stream(count: int) -> bytes:
    """The SSE body of a streamed Responses API call with ``count`` ``output_text.delta`` events."""
    rng = random.Random(3)
    deltas = [TOKENS[i % len(TOKENS)] for i in range(count)]
    text = "".join(deltas)
    where = {"item_id": MSG_ID, "output_index": 0}
    part = {"type": "output_text", "annotations": [], "logprobs": [], "text": text}
    item = {"id": MSG_ID, "type": "message", "status": "completed", "content": [part], "role": "assistant"}
    usage = {
        "input_tokens": 8,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": count,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 8 + count,
    }
    seq = iter(range(count + 10))
    out = [
        _event("response.created", {"sequence_number": next(seq), "response": _response("in_progress", [], None)}),
        _event("response.in_progress", {"sequence_number": next(seq), "response": _response("in_progress", [], None)}),
        _event(
            "response.output_item.added",
            {
                "sequence_number": next(seq),
                "output_index": 0,
                "item": {**item, "status": "in_progress", "content": []},
            },
        ),
        _event(
            "response.content_part.added",
            {"sequence_number": next(seq), **where, "content_index": 0, "part": {**part, "text": ""}},
        ),
    ]
    # The per-delta events dominate: format them directly rather than through json.dumps.
    head = b'{"type":"response.output_text.delta","sequence_number":'
    tail = f',"item_id":"{MSG_ID}","output_index":0,"content_index":0,"delta":'.encode()
    for delta in deltas:
        out.append(
            b"event: response.output_text.delta\ndata: "
            + head
            + str(next(seq)).encode()
            + tail
            + _dumps(delta).encode()
            + b',"logprobs":[],"obfuscation":"'
            + _obfuscation(rng, delta).encode()
            + b'"}\n\n'
        )
    out += [
        _event(
            "response.output_text.done",
            {"sequence_number": next(seq), **where, "content_index": 0, "text": text, "logprobs": []},
        ),
        _event("response.content_part.done", {"sequence_number": next(seq), **where, "content_index": 0, "part": part}),
        _event("response.output_item.done", {"sequence_number": next(seq), "output_index": 0, "item": item}),
        _event("response.completed", {"sequence_number": next(seq), "response": _response("completed", [item], usage)}),
    ]
    return b"".join(out)


def embedding_vector() -> list[float]:
    """A deterministic unit-scale 1,536-dim vector, rounded to float32 as the API's are."""
    rng = random.Random(4)
    raw = [rng.gauss(0.0, 0.025) for _ in range(EMBEDDING_DIM)]
    packed = struct.pack(f"<{EMBEDDING_DIM}f", *raw)
    return list(struct.unpack(f"<{EMBEDDING_DIM}f", packed))


def _embedding(value: str) -> bytes:
    body = (
        '{"object":"list","data":[{"object":"embedding","index":0,"embedding":'
        + value
        + '}],"model":"text-embedding-3-small","usage":{"prompt_tokens":1,"total_tokens":1}}'
    )
    return body.encode()


def embedding_floats() -> bytes:
    """An ``embeddings`` list with the vector as JSON floats (``encoding_format: "float"``)."""
    return _embedding("[" + ",".join(format(x, ".9g") for x in embedding_vector()) + "]")


def embedding_base64() -> bytes:
    """The same vector as base64 of little-endian float32 (``encoding_format: "base64"``)."""
    packed = struct.pack(f"<{EMBEDDING_DIM}f", *embedding_vector())
    return _embedding('"' + base64.b64encode(packed).decode() + '"')
