"""``/v1/images/*`` (generations, edits, variations), ``/v1/audio/speech``,
``/v1/audio/transcriptions`` and ``/v1/audio/translations``.

Deterministic stand-ins: a 1x1 PNG for every image, the prompt's bytes behind the header of
the requested format (``ID3`` for mp3, ``RIFF`` for wav...) as "audio", and a transcript that
names the uploaded file.
"""

from __future__ import annotations

import base64
from typing import Any

from aiohttp import web

from ._common import get_state, optional_int, read_form, read_json, require, send_events, split_pieces, sse
from ._errors import APIError
from ._files import _form
from ._state import StreamError

__all__ = ["routes"]

routes = web.RouteTableDef()

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PNG_B64 = base64.b64encode(PNG).decode()


def _error_event(fault: StreamError, index: int) -> bytes:
    return sse({"type": "error", "error": {"message": fault.message, "code": fault.code}}, event="error")


def _image_usage(prompt: str) -> dict[str, Any]:
    words = len(prompt.split())
    return {
        "total_tokens": words + 1,
        "input_tokens": words,
        "output_tokens": 1,
        "input_tokens_details": {"text_tokens": words, "image_tokens": 0},
    }


@routes.post("/v1/images/generations")
async def generate_image(request: web.Request) -> web.StreamResponse:
    """One tiny PNG per requested image (``n``), or a stream of partial and final images."""
    body = await read_json(request)
    prompt = require(body, "prompt", str)
    count = optional_int(body, "n") or 1
    created = get_state(request).now()
    if body.get("stream") is True:
        common = {
            "b64_json": PNG_B64,
            "created_at": created,
            "size": "1024x1024",
            "quality": "low",
            "background": "opaque",
            "output_format": "png",
        }
        events = [
            sse(
                {"type": "image_generation.partial_image", "partial_image_index": i, **common},
                event="image_generation.partial_image",
            )
            for i in range(optional_int(body, "partial_images", minimum=0) or 0)
        ]
        events.append(
            sse(
                {"type": "image_generation.completed", "usage": _image_usage(prompt), **common},
                event="image_generation.completed",
            )
        )
        return await send_events(request, events, terminator=b"", error_event=_error_event)
    return _images(count, body.get("response_format"), created, prompt)


def _images(count: int, response_format: Any, created: int, prompt: str) -> web.Response:
    item = (
        {"b64_json": PNG_B64} if response_format in (None, "b64_json") else {"url": "https://example.invalid/image.png"}
    )
    return web.json_response(
        {"created": created, "data": [dict(item) for _ in range(count)], "usage": _image_usage(prompt)}
    )


async def _image_form(request: web.Request) -> dict[str, tuple[str | None, bytes]]:
    fields = await read_form(request, "image")
    if not any(name == "image" or name.startswith("image[") for name in fields):
        raise APIError(400, "Missing required parameter: 'image'.", param="image", code="missing_required_parameter")
    return fields


def _form_int(fields: dict[str, tuple[str | None, bytes]], name: str) -> int:
    raw = fields.get(name, (None, b"1"))[1]
    if not raw.isdigit() or int(raw) < 1:
        raise APIError(400, f"Invalid value for '{name}'.", param=name, code="invalid_value")
    return int(raw)


def _form_text(fields: dict[str, tuple[str | None, bytes]], name: str) -> str | None:
    return fields[name][1].decode() if name in fields else None


@routes.post("/v1/images/edits")
async def edit_image(request: web.Request) -> web.StreamResponse:
    """One tiny PNG per requested edit of the uploaded image(s)."""
    fields = await _image_form(request)
    prompt = _form_text(fields, "prompt")
    if prompt is None:
        raise APIError(400, "Missing required parameter: 'prompt'.", param="prompt", code="missing_required_parameter")
    created = get_state(request).now()
    return _images(_form_int(fields, "n"), _form_text(fields, "response_format"), created, prompt)


@routes.post("/v1/images/variations")
async def vary_image(request: web.Request) -> web.StreamResponse:
    """One tiny PNG per requested variation of the uploaded image."""
    fields = await _image_form(request)
    created = get_state(request).now()
    return _images(_form_int(fields, "n"), _form_text(fields, "response_format"), created, "")


_AUDIO = {
    "mp3": (b"ID3", "audio/mpeg"),
    "wav": (b"RIFF", "audio/wav"),
    "flac": (b"fLaC", "audio/flac"),
    "opus": (b"OggS", "audio/ogg"),
    "aac": (b"\xff\xf1", "audio/aac"),
    "pcm": (b"", "audio/pcm"),
}


@routes.post("/v1/audio/speech")
async def speech(request: web.Request) -> web.StreamResponse:
    """ "Audio" bytes for the input text, or SSE audio deltas with ``stream_format: sse``."""
    body = await read_json(request)
    text = require(body, "input", str)
    require(body, "voice", (str, dict))
    header, content_type = _AUDIO.get(str(body.get("response_format") or "mp3"), _AUDIO["mp3"])
    audio = header + text.encode()
    if body.get("stream_format") == "sse":
        events = [
            sse({"type": "speech.audio.delta", "audio": base64.b64encode(piece.encode()).decode()})
            for piece in split_pieces(text)
        ]
        tokens = len(text.split())
        events.append(
            sse(
                {
                    "type": "speech.audio.done",
                    "usage": {"input_tokens": tokens, "output_tokens": len(audio), "total_tokens": tokens + len(audio)},
                }
            )
        )
        return await send_events(request, events, terminator=b"", error_event=_error_event)
    return web.Response(body=audio, content_type=content_type)


@routes.post("/v1/audio/transcriptions")
async def transcribe(request: web.Request) -> web.StreamResponse:
    """A transcript naming the uploaded file; plain text, JSON, or a stream of deltas."""
    fields = await _form(request)
    filename, data = fields.get("file", (None, b""))
    text = f"Transcript of {filename or 'audio'} ({len(data)} bytes)"
    stream = fields.get("stream", (None, b""))[1] == b"true"
    response_format = fields.get("response_format", (None, b"json"))[1].decode()
    if stream:
        events = [sse({"type": "transcript.text.delta", "delta": piece}) for piece in split_pieces(text)]
        events.append(sse({"type": "transcript.text.done", "text": text}))
        return await send_events(request, events, terminator=b"", error_event=_error_event)
    if response_format == "text":
        return web.Response(text=text, content_type="text/plain")
    return web.json_response({"text": text, "usage": {"type": "duration", "seconds": 1}})


@routes.post("/v1/audio/translations")
async def translate(request: web.Request) -> web.StreamResponse:
    """An English "translation" naming the uploaded file, as text or JSON."""
    fields = await _form(request)
    if "file" not in fields:
        raise APIError(400, "Missing required parameter: 'file'.", param="file", code="missing_required_parameter")
    filename, data = fields["file"]
    text = f"Translation of {filename or 'audio'} ({len(data)} bytes)"
    if fields.get("response_format", (None, b"json"))[1] == b"text":
        return web.Response(text=text, content_type="text/plain")
    return web.json_response({"text": text})
