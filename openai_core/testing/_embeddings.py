"""``POST /v1/embeddings``: deterministic unit vectors derived from SHA-256."""

from __future__ import annotations

import base64
import hashlib
import math
import struct
from typing import Any

from aiohttp import web

from ._common import get_state, optional_int, read_json, require, word_count
from ._errors import APIError
from ._state import ServerState

routes = web.RouteTableDef()

DEFAULT_DIMENSIONS = 1536


def embed(text: str, dimensions: int = DEFAULT_DIMENSIONS) -> list[float]:
    """Return a deterministic unit-length vector whose values are exact float32.

    Shorter vectors are prefixes of longer ones, renormalised, as with the
    real ``dimensions`` parameter.
    """
    raw: list[float] = []
    block = 0
    while len(raw) < dimensions:
        digest = hashlib.sha256(f"{block}:{text}".encode()).digest()
        raw.extend(value / 32767.5 - 1.0 for value in struct.unpack("<16H", digest))
        block += 1
    raw = raw[:dimensions]
    norm = math.sqrt(sum(v * v for v in raw)) or 1.0
    packed = struct.pack(f"<{dimensions}f", *(v / norm for v in raw))
    return list(struct.unpack(f"<{dimensions}f", packed))


def _inputs(body: dict[str, Any]) -> list[tuple[str, int]]:
    """Normalise ``input`` to ``(text to hash, token count)`` pairs."""
    value = require(body, "input", (str, list))
    if isinstance(value, str) or (value and all(isinstance(v, int) for v in value)):
        value = [value]
    inputs: list[tuple[str, int]] = []
    for item in value:
        if isinstance(item, str) and item:
            inputs.append((item, word_count(item)))
        elif isinstance(item, list) and item and all(isinstance(t, int) for t in item):
            inputs.append((" ".join(map(str, item)), len(item)))
        else:
            raise APIError(400, "'input' must be non-empty strings or token arrays.", param="input")
    if not inputs:
        raise APIError(400, "'input' must not be empty.", param="input")
    return inputs


def embeddings_response(state: ServerState, body: dict[str, Any]) -> dict[str, Any]:
    """The embeddings ``list`` answering ``body``; raises :class:`APIError` for an invalid
    request. The batch runner calls it for each of its lines."""
    model = require(body, "model", str)
    inputs = _inputs(body)
    dimensions = optional_int(body, "dimensions") or DEFAULT_DIMENSIONS
    encoding = body.get("encoding_format") or "float"
    if encoding not in ("float", "base64"):
        raise APIError(
            400,
            "'encoding_format' must be 'float' or 'base64'.",
            param="encoding_format",
        )
    data = []
    for index, (text, _) in enumerate(inputs):
        vector = embed(text, dimensions)
        embedding: list[float] | str = vector
        if encoding == "base64":
            embedding = base64.b64encode(struct.pack(f"<{dimensions}f", *vector)).decode()
        data.append({"object": "embedding", "index": index, "embedding": embedding})
    tokens = sum(count for _, count in inputs)
    state.add_tokens(tokens)
    return {
        "object": "list",
        "data": data,
        "model": model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


@routes.post("/v1/embeddings")
async def create_embeddings(request: web.Request) -> web.Response:
    """Embed one or more inputs."""
    body = await read_json(request)
    return web.json_response(embeddings_response(get_state(request), body))
