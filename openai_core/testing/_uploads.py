"""``/v1/uploads``: a large file sent in parts, then assembled into a stored File.

Create the Upload (its name, purpose, size and MIME type), add parts of at most 64 MB
(multipart field ``data``), then complete it with the part ids in order; or cancel it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from ._common import get_state, read_form, read_json, require
from ._errors import APIError

routes = web.RouteTableDef()

MAX_UPLOAD_BYTES = 8 * 1024**3
MAX_PART_BYTES = 64 * 1024**2
PURPOSES = frozenset({"assistants", "batch", "fine-tune", "vision"})
LIFETIME = 3600  # an Upload expires an hour after it is created


@dataclass
class _Upload:
    data: dict[str, Any]
    """The ``upload`` object as the API returns it."""
    parts: dict[str, bytes] = field(default_factory=dict)
    """Part id -> the bytes it holds, in the order received."""


def _lookup(request: web.Request) -> _Upload:
    upload_id = request.match_info["upload_id"]
    upload: _Upload | None = get_state(request).objects("upload").get(upload_id)
    if upload is None:
        raise APIError(404, f"No such Upload object: {upload_id}", param="upload_id")
    return upload


def _pending(request: web.Request) -> _Upload:
    upload = _lookup(request)
    status = upload.data["status"]
    if status != "pending":
        raise APIError(400, f"Upload {upload.data['id']} is already {status}.", param="upload_id")
    return upload


@routes.post("/v1/uploads")
async def create_upload(request: web.Request) -> web.Response:
    """Start an Upload (``status: pending``) for ``bytes`` bytes."""
    state = get_state(request)
    body = await read_json(request)
    filename = require(body, "filename", str)
    purpose = require(body, "purpose", str)
    size = require(body, "bytes", int)
    mime_type = require(body, "mime_type", str)
    if purpose not in PURPOSES:
        raise APIError(400, f"Invalid value for 'purpose': {purpose!r}.", param="purpose", code="invalid_value")
    if not 0 <= size <= MAX_UPLOAD_BYTES:
        raise APIError(400, f"'bytes' must be between 0 and {MAX_UPLOAD_BYTES}.", param="bytes", code="invalid_value")
    if not mime_type:
        raise APIError(400, "'mime_type' must not be empty.", param="mime_type", code="invalid_value")
    created = state.now()
    data = {
        "id": state.new_id("upload_"),
        "object": "upload",
        "bytes": size,
        "created_at": created,
        "filename": filename,
        "purpose": purpose,
        "status": "pending",
        "expires_at": created + LIFETIME,
        "file": None,
    }
    state.objects("upload")[data["id"]] = _Upload(data)
    return web.json_response(data)


@routes.post("/v1/uploads/{upload_id}/parts")
async def add_upload_part(request: web.Request) -> web.Response:
    """Store one part (multipart field ``data``, at most 64 MB)."""
    state = get_state(request)
    upload = _pending(request)
    status = state.take_part_fault()
    if status is not None:
        raise APIError(status, "Injected failure of an upload part.")
    fields = await read_form(request, "data")
    if "data" not in fields:
        raise APIError(400, "Missing required parameter: 'data'.", param="data", code="missing_required_parameter")
    chunk = fields["data"][1]
    if len(chunk) > MAX_PART_BYTES:
        raise APIError(400, f"A part may hold at most {MAX_PART_BYTES} bytes.", param="data", code="invalid_value")
    part = {
        "id": state.new_id("part_"),
        "object": "upload.part",
        "created_at": state.now(),
        "upload_id": upload.data["id"],
    }
    upload.parts[part["id"]] = chunk
    return web.json_response(part)


def _assemble(upload: _Upload, part_ids: list[Any]) -> bytes:
    """The file's bytes: the parts joined in the order given."""
    if len(set(map(str, part_ids))) != len(part_ids):
        raise APIError(400, "'part_ids' lists a part twice.", param="part_ids", code="invalid_value")
    for part_id in part_ids:
        if not isinstance(part_id, str) or part_id not in upload.parts:
            message = f"Part {part_id!r} does not belong to upload {upload.data['id']}."
            raise APIError(400, message, param="part_ids", code="invalid_value")
    data = b"".join(upload.parts[part_id] for part_id in part_ids)
    if len(data) != upload.data["bytes"]:
        message = f"The upload was created for {upload.data['bytes']} bytes, but its parts hold {len(data)}."
        raise APIError(400, message, param="part_ids", code="invalid_value")
    return data


@routes.post("/v1/uploads/{upload_id}/complete")
async def complete_upload(request: web.Request) -> web.Response:
    """Join the parts (in the order of ``part_ids``) into a File; ``md5`` is checked if sent."""
    state = get_state(request)
    upload = _pending(request)
    body = await read_json(request)
    data = _assemble(upload, require(body, "part_ids", list))
    md5 = body.get("md5")
    if md5 is not None and md5 != hashlib.md5(data).hexdigest():
        raise APIError(400, "The md5 checksum does not match the uploaded bytes.", param="md5", code="invalid_value")
    stored = state.add_file(upload.data["filename"], data, upload.data["purpose"])
    upload.data.update(status="completed", file=stored.to_json())
    upload.parts.clear()
    return web.json_response(upload.data)


@routes.post("/v1/uploads/{upload_id}/cancel")
async def cancel_upload(request: web.Request) -> web.Response:
    """Cancel a pending Upload; its parts are dropped."""
    upload = _pending(request)
    upload.data["status"] = "cancelled"
    upload.parts.clear()
    return web.json_response(upload.data)
