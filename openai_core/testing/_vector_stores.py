"""``/v1/vector_stores``: stores, their files and file batches, indexed as clients poll.

A vector store file is ``in_progress`` when added and finishes after ``state.poll_steps``
retrievals (of the file, or of the file batch holding it): ``completed``, or ``failed`` with
``last_error`` for an empty file. A file batch is ``completed`` once none of its files is
still in progress. Search ranks a store's files by how many query words each one holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from ._common import deleted, get_state, list_page, pollable, read_json, require
from ._errors import APIError
from ._state import ServerState

routes = web.RouteTableDef()

STATIC_CHUNKING = {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}


@dataclass
class _File:
    data: dict[str, Any]
    """The ``vector_store.file`` object as the API returns it."""
    steps_left: int


def _file_counts(files: list[_File]) -> dict[str, int]:
    counts = {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0, "total": len(files)}
    for f in files:
        counts[f.data["status"]] += 1
    return counts


def _files_of(state: ServerState, vector_store_id: str) -> list[_File]:
    return [f for (store, _), f in state.objects("vector_store.file").items() if store == vector_store_id]


def _store_object(state: ServerState, store: dict[str, Any]) -> dict[str, Any]:
    files = _files_of(state, store["id"])
    busy = any(f.data["status"] == "in_progress" for f in files)
    usage = sum(f.data["usage_bytes"] for f in files)
    return {
        **store,
        "file_counts": _file_counts(files),
        "status": "in_progress" if busy else "completed",
        "usage_bytes": usage,
    }


def _store(request: web.Request) -> dict[str, Any]:
    store_id = request.match_info["vector_store_id"]
    store: dict[str, Any] | None = get_state(request).objects("vector_store").get(store_id)
    if store is None:
        raise APIError(404, f"No such vector store: {store_id}", param="vector_store_id")
    return store


def _add_file(state: ServerState, store_id: str, spec: dict[str, Any], defaults: dict[str, Any]) -> _File:
    """Add one file (``{"file_id", "attributes"?, "chunking_strategy"?}``) to a store."""
    file_id = spec.get("file_id")
    if not isinstance(file_id, str) or file_id not in state.files:
        raise APIError(404, f"No such File object: {file_id}", param="file_id")
    data = {
        "id": file_id,
        "object": "vector_store.file",
        "usage_bytes": 0,
        "created_at": state.now(),
        "vector_store_id": store_id,
        "status": "in_progress",
        "last_error": None,
        "chunking_strategy": STATIC_CHUNKING,
        "attributes": spec.get("attributes", defaults.get("attributes")) or {},
    }
    entry = _File(data, max(state.poll_steps, 1))
    state.objects("vector_store.file")[(store_id, file_id)] = entry
    return entry


def _step(state: ServerState, entry: _File) -> None:
    """One retrieval: an in-progress file comes closer to done."""
    if entry.data["status"] != "in_progress":
        return
    entry.steps_left -= 1
    if entry.steps_left > 0:
        return
    stored = state.files.get(entry.data["id"])
    if stored is None or not stored.data:
        error = {"code": "invalid_file", "message": "The file is empty or missing and cannot be indexed."}
        entry.data.update(status="failed", last_error=error)
    else:
        entry.data.update(status="completed", usage_bytes=len(stored.data))


@routes.post("/v1/vector_stores")
async def create_vector_store(request: web.Request) -> web.Response:
    """Create a vector store, adding ``file_ids`` if given."""
    state = get_state(request)
    body = await read_json(request)
    file_ids = body.get("file_ids") or []
    if not isinstance(file_ids, list):
        raise APIError(400, "'file_ids' must be a list.", param="file_ids", code="invalid_type")
    store: dict[str, Any] = {
        "id": state.new_id("vs_"),
        "object": "vector_store",
        "created_at": state.now(),
        "name": body.get("name") or "",
        "usage_bytes": 0,
        "file_counts": {},
        "status": "completed",
        "expires_after": body.get("expires_after"),
        "expires_at": None,
        "last_active_at": None,
        "metadata": body.get("metadata") or {},
    }
    state.objects("vector_store")[store["id"]] = store
    for file_id in file_ids:
        _add_file(state, store["id"], {"file_id": file_id}, body)
    return pollable(state, _store_object(state, store))


@routes.get("/v1/vector_stores/{vector_store_id}")
async def retrieve_vector_store(request: web.Request) -> web.Response:
    """Retrieve a vector store with its file counts."""
    state = get_state(request)
    return pollable(state, _store_object(state, _store(request)))


@routes.post("/v1/vector_stores/{vector_store_id}/files")
async def create_vector_store_file(request: web.Request) -> web.Response:
    """Add a file to a vector store; it starts ``in_progress``."""
    state = get_state(request)
    store = _store(request)
    body = await read_json(request)
    require(body, "file_id", str)
    return pollable(state, _add_file(state, store["id"], body, {}).data)


@routes.get("/v1/vector_stores/{vector_store_id}/files/{file_id}")
async def retrieve_vector_store_file(request: web.Request) -> web.Response:
    """Retrieve a vector store file, moving its indexing one step along."""
    state = get_state(request)
    store = _store(request)
    file_id = request.match_info["file_id"]
    entry: _File | None = state.objects("vector_store.file").get((store["id"], file_id))
    if entry is None:
        raise APIError(404, f"No such vector store file: {file_id}", param="file_id")
    _step(state, entry)
    return pollable(state, entry.data)


def _batch_object(state: ServerState, batch: dict[str, Any]) -> dict[str, Any]:
    table = state.objects("vector_store.file")
    files = [table[(batch["vector_store_id"], file_id)] for file_id in batch["_file_ids"]]
    counts = _file_counts(files)
    status = "in_progress" if counts["in_progress"] else batch["status"]
    return {k: v for k, v in batch.items() if not k.startswith("_")} | {"status": status, "file_counts": counts}


@routes.post("/v1/vector_stores/{vector_store_id}/file_batches")
async def create_file_batch(request: web.Request) -> web.Response:
    """Add several files at once (``file_ids``, or ``files`` with per-file attributes)."""
    state = get_state(request)
    store = _store(request)
    body = await read_json(request)
    specs = [{"file_id": f} for f in body.get("file_ids") or []] + list(body.get("files") or [])
    if not specs or not all(isinstance(s, dict) for s in specs):
        raise APIError(400, "Give 'file_ids' or 'files' (at least one file).", param="file_ids")
    entries = [_add_file(state, store["id"], spec, body) for spec in specs]
    batch = {
        "id": state.new_id("vsfb_"),
        "object": "vector_store.files_batch",
        "created_at": state.now(),
        "vector_store_id": store["id"],
        "status": "completed",
        "_file_ids": [e.data["id"] for e in entries],
    }
    state.objects("vector_store.file_batch")[batch["id"]] = batch
    return pollable(state, _batch_object(state, batch))


@routes.get("/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}")
async def retrieve_file_batch(request: web.Request) -> web.Response:
    """Retrieve a file batch, moving each of its files one step along."""
    state = get_state(request)
    store = _store(request)
    batch_id = request.match_info["batch_id"]
    batch: dict[str, Any] | None = state.objects("vector_store.file_batch").get(batch_id)
    if batch is None or batch["vector_store_id"] != store["id"]:
        raise APIError(404, f"No such vector store file batch: {batch_id}", param="batch_id")
    table = state.objects("vector_store.file")
    for file_id in batch["_file_ids"]:
        _step(state, table[(store["id"], file_id)])
    return pollable(state, _batch_object(state, batch))


@routes.get("/v1/vector_stores")
async def list_vector_stores(request: web.Request) -> web.Response:
    """List vector stores, newest first."""
    state = get_state(request)
    return list_page(request, [_store_object(state, s) for s in state.objects("vector_store").values()])


@routes.post("/v1/vector_stores/{vector_store_id}")
async def update_vector_store(request: web.Request) -> web.Response:
    """Change a vector store's name, metadata or expiry."""
    state = get_state(request)
    store = _store(request)
    body = await read_json(request)
    for name in ("name", "metadata", "expires_after"):
        if name in body:
            store[name] = body[name]
    return pollable(state, _store_object(state, store))


@routes.delete("/v1/vector_stores/{vector_store_id}")
async def delete_vector_store(request: web.Request) -> web.Response:
    """Delete a vector store (its files stay in ``/v1/files``)."""
    state = get_state(request)
    store = _store(request)
    state.objects("vector_store").pop(store["id"])
    table = state.objects("vector_store.file")
    for key in [key for key in table if key[0] == store["id"]]:
        del table[key]
    return deleted(store["id"], "vector_store")


@routes.get("/v1/vector_stores/{vector_store_id}/files")
async def list_vector_store_files(request: web.Request) -> web.Response:
    """A store's files, newest first, optionally by ``filter`` (status)."""
    state = get_state(request)
    files = [f.data for f in _files_of(state, _store(request)["id"])]
    wanted = request.query.get("filter")
    return list_page(request, [f for f in files if wanted is None or f["status"] == wanted])


@routes.delete("/v1/vector_stores/{vector_store_id}/files/{file_id}")
async def delete_vector_store_file(request: web.Request) -> web.Response:
    """Remove a file from a store (the file itself stays)."""
    state = get_state(request)
    store = _store(request)
    file_id = request.match_info["file_id"]
    if state.objects("vector_store.file").pop((store["id"], file_id), None) is None:
        raise APIError(404, f"No such vector store file: {file_id}", param="file_id")
    return deleted(file_id, "vector_store.file")


@routes.get("/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}/files")
async def list_file_batch_files(request: web.Request) -> web.Response:
    """The files of a file batch."""
    state = get_state(request)
    store = _store(request)
    batch: dict[str, Any] | None = state.objects("vector_store.file_batch").get(request.match_info["batch_id"])
    if batch is None or batch["vector_store_id"] != store["id"]:
        raise APIError(404, "No such vector store file batch.", param="batch_id")
    table = state.objects("vector_store.file")
    return list_page(request, [table[(store["id"], file_id)].data for file_id in batch["_file_ids"]])


def _query_words(query: Any) -> list[str]:
    texts = [query] if isinstance(query, str) else query if isinstance(query, list) else []
    return [word.lower() for text in texts if isinstance(text, str) for word in text.split()]


@routes.post("/v1/vector_stores/{vector_store_id}/search")
async def search_vector_store(request: web.Request) -> web.Response:
    """Rank the store's indexed files by how many of the query's words each holds."""
    state = get_state(request)
    store = _store(request)
    body = await read_json(request)
    query = require(body, "query", (str, list))
    words = _query_words(query)
    limit = body.get("max_num_results") if isinstance(body.get("max_num_results"), int) else 10
    hits = []
    for entry in _files_of(state, store["id"]):
        stored = state.files.get(entry.data["id"])
        if stored is None or entry.data["status"] != "completed":
            continue
        text = stored.data.decode("utf-8", "replace")
        matched = sum(1 for word in words if word in text.lower())
        if matched:
            score = matched / max(len(words), 1)
            hits.append(
                {
                    "file_id": stored.id,
                    "filename": stored.filename,
                    "score": score,
                    "attributes": entry.data["attributes"],
                    "content": [{"type": "text", "text": text}],
                }
            )
    hits.sort(key=lambda hit: -hit["score"])
    return web.json_response(
        {
            "object": "vector_store.search_results.page",
            "search_query": query if isinstance(query, list) else [query],
            "data": hits[:limit],
            "has_more": False,
            "next_page": None,
        }
    )
