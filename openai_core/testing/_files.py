"""``/v1/files``: upload, list (cursor pagination), retrieve, download, delete."""

from __future__ import annotations

from aiohttp import web

from ._common import get_state, read_form
from ._errors import APIError
from ._state import StoredFile

routes = web.RouteTableDef()

PURPOSES = frozenset({"assistants", "batch", "fine-tune", "vision", "user_data", "evals", "user-data"})


async def _form(request: web.Request) -> dict[str, tuple[str | None, bytes]]:
    """Parse the (already recorded) multipart body: name -> (filename, data)."""
    return await read_form(request, "file")


def _lookup(request: web.Request) -> StoredFile:
    file_id = request.match_info["file_id"]
    stored = get_state(request).files.get(file_id)
    if stored is None:
        raise APIError(404, f"No such File object: {file_id}", param="id")
    return stored


@routes.post("/v1/files")
async def upload_file(request: web.Request) -> web.Response:
    """Store an uploaded file."""
    fields = await _form(request)
    if "file" not in fields:
        raise APIError(
            400,
            "Missing required parameter: 'file'.",
            param="file",
            code="missing_required_parameter",
        )
    if "purpose" not in fields:
        raise APIError(
            400,
            "Missing required parameter: 'purpose'.",
            param="purpose",
            code="missing_required_parameter",
        )
    purpose = fields["purpose"][1].decode()
    if purpose not in PURPOSES:
        raise APIError(400, f"Invalid value for 'purpose': {purpose!r}.", param="purpose")
    filename, data = fields["file"]
    stored = get_state(request).add_file(filename or "file", data, purpose)
    return web.json_response(stored.to_json())


@routes.get("/v1/files")
async def list_files(request: web.Request) -> web.Response:
    """List files, newest first by default, with ``after``/``limit`` paging."""
    query = request.query
    order = query.get("order", "desc")
    if order not in ("asc", "desc"):
        raise APIError(400, "'order' must be 'asc' or 'desc'.", param="order")
    try:
        limit = int(query.get("limit", "10000"))
    except ValueError:
        limit = 0
    if not 1 <= limit <= 10000:
        raise APIError(400, "'limit' must be between 1 and 10000.", param="limit")
    files = get_state(request).list_files()  # in creation order
    if order == "desc":
        files.reverse()
    if "purpose" in query:
        files = [f for f in files if f.purpose == query["purpose"]]
    if "after" in query:
        ids = [f.id for f in files]
        files = files[ids.index(query["after"]) + 1 :] if query["after"] in ids else []
    page = files[:limit]
    return web.json_response(
        {
            "object": "list",
            "data": [f.to_json() for f in page],
            "first_id": page[0].id if page else None,
            "last_id": page[-1].id if page else None,
            "has_more": len(files) > limit,
        }
    )


@routes.get("/v1/files/{file_id}")
async def retrieve_file(request: web.Request) -> web.Response:
    """Return a file's metadata."""
    return web.json_response(_lookup(request).to_json())


@routes.get("/v1/files/{file_id}/content")
async def download_file(request: web.Request) -> web.Response:
    """Return a file's raw bytes."""
    return web.Response(body=_lookup(request).data, content_type="application/octet-stream")


@routes.delete("/v1/files/{file_id}")
async def delete_file(request: web.Request) -> web.Response:
    """Delete a file."""
    stored = _lookup(request)
    get_state(request).remove_file(stored.id)
    return web.json_response({"id": stored.id, "object": "file", "deleted": True})
