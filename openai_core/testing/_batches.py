"""``/v1/batches``: run a JSONL file of requests against this server's own endpoints.

A batch moves one step each time it is retrieved (``GET /v1/batches/{id}``), so that a
client's polling drives it deterministically: ``validating`` -> ``in_progress`` (its
requests run over ``state.poll_steps`` retrievals, ``request_counts`` growing) ->
``finalizing`` -> ``completed``, with an output file for the requests that succeeded and an
error file for those that failed. An input that does not validate ends ``failed`` with
``errors``; ``POST .../cancel`` leads through ``cancelling`` to ``cancelled``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from ._chat import chat_completion
from ._common import get_state, pollable, read_json, require
from ._embeddings import embeddings_response
from ._errors import APIError, error_body
from ._responses import response_object
from ._state import ServerState

routes = web.RouteTableDef()

Executor = Callable[[ServerState, dict[str, Any]], dict[str, Any]]
EXECUTORS: dict[str, Executor] = {
    "/v1/chat/completions": chat_completion,
    "/v1/embeddings": embeddings_response,
    "/v1/responses": response_object,
}
MAX_REQUESTS = 50_000
WINDOW = 24 * 3600


@dataclass
class _Batch:
    data: dict[str, Any]
    """The ``batch`` object as the API returns it."""
    requests: list[dict[str, Any]] = field(default_factory=list)
    """The validated input lines, in order."""
    outputs: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _batch_object(state: ServerState, body: dict[str, Any], endpoint: str, file_id: str) -> dict[str, Any]:
    created = state.now()
    return {
        "id": state.new_id("batch_"),
        "object": "batch",
        "endpoint": endpoint,
        "model": None,
        "errors": None,
        "input_file_id": file_id,
        "completion_window": "24h",
        "status": "validating",
        "output_file_id": None,
        "error_file_id": None,
        "created_at": created,
        "in_progress_at": None,
        "expires_at": created + WINDOW,
        "finalizing_at": None,
        "completed_at": None,
        "failed_at": None,
        "expired_at": None,
        "cancelling_at": None,
        "cancelled_at": None,
        "request_counts": {"total": 0, "completed": 0, "failed": 0},
        "usage": {
            "input_tokens": 0,
            "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
            "output_tokens": 0,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 0,
        },
        "metadata": body.get("metadata"),
    }


@routes.post("/v1/batches")
async def create_batch(request: web.Request) -> web.Response:
    """Create a batch from an uploaded ``batch`` file; it starts ``validating``."""
    state = get_state(request)
    body = await read_json(request)
    file_id = require(body, "input_file_id", str)
    endpoint = require(body, "endpoint", str)
    window = require(body, "completion_window", str)
    if window != "24h":
        raise APIError(400, "'completion_window' must be '24h'.", param="completion_window", code="invalid_value")
    if endpoint not in EXECUTORS:
        supported = ", ".join(EXECUTORS)
        message = f"This server runs batches for {supported}, not {endpoint!r}."
        raise APIError(400, message, param="endpoint", code="invalid_value")
    stored = state.files.get(file_id)
    if stored is None:
        raise APIError(404, f"No such File object: {file_id}", param="input_file_id")
    if stored.purpose != "batch":
        message = f"File {file_id} has purpose {stored.purpose!r}; a batch input needs purpose 'batch'."
        raise APIError(400, message, param="input_file_id", code="invalid_value")
    batch = _Batch(_batch_object(state, body, endpoint, file_id))
    state.objects("batch")[batch.data["id"]] = batch
    return pollable(state, batch.data)


# ---- validation -------------------------------------------------------------------------------


def _line_error(code: str, message: str, line: int, param: str | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "param": param, "line": line}


def _check_line(text: str, number: int, endpoint: str, seen: set[str]) -> dict[str, Any]:
    """One input line as a request, or raise ValueError carrying the batch error."""
    try:
        line = json.loads(text)
    except ValueError:
        raise ValueError(_line_error("invalid_json_line", "This line is not valid JSON.", number)) from None
    if not isinstance(line, dict):
        raise ValueError(_line_error("invalid_json_line", "Each line must be a JSON object.", number))
    custom_id = line.get("custom_id")
    if not isinstance(custom_id, str) or not custom_id:
        raise ValueError(_line_error("missing_required_parameter", "'custom_id' is required.", number, "custom_id"))
    if custom_id in seen:
        message = f"The custom_id {custom_id!r} is used more than once; each must be unique."
        raise ValueError(_line_error("duplicate_custom_id", message, number, "custom_id"))
    seen.add(custom_id)
    if line.get("method") != "POST":
        raise ValueError(_line_error("invalid_method", "'method' must be 'POST'.", number, "method"))
    if line.get("url") != endpoint:
        message = f"The url {line.get('url')!r} does not match the batch's endpoint {endpoint!r}."
        raise ValueError(_line_error("mismatched_url", message, number, "url"))
    if not isinstance(line.get("body"), dict):
        raise ValueError(_line_error("invalid_body", "'body' must be a JSON object.", number, "body"))
    return line


def _validate(state: ServerState, batch: _Batch) -> list[dict[str, Any]]:
    """Read the input file into ``batch.requests``; the errors found (empty when valid)."""
    stored = state.files.get(batch.data["input_file_id"])
    if stored is None:
        return [_line_error("file_not_found", "The input file no longer exists.", 0, "input_file_id")]
    seen: set[str] = set()
    errors: list[dict[str, Any]] = []
    for number, text in enumerate(stored.data.decode("utf-8", "replace").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            batch.requests.append(_check_line(text, number, batch.data["endpoint"], seen))
        except ValueError as exc:
            errors.append(exc.args[0])
    if not batch.requests and not errors:
        errors.append(_line_error("empty_file", "The input file holds no requests.", 0))
    if len(batch.requests) > MAX_REQUESTS:
        errors.append(_line_error("too_many_requests", f"A batch holds at most {MAX_REQUESTS} requests.", 0))
    return errors


# ---- running ----------------------------------------------------------------------------------


def _add_usage(total: dict[str, Any], usage: Any) -> None:
    if not isinstance(usage, dict):
        return
    prompt: int = usage.get("input_tokens") or usage.get("prompt_tokens") or 0
    output: int = usage.get("output_tokens") or usage.get("completion_tokens") or 0
    total["input_tokens"] += prompt
    total["output_tokens"] += output
    total["total_tokens"] += prompt + output


def _run(state: ServerState, batch: _Batch, line: dict[str, Any]) -> None:
    """Execute one request and file its result as an output or an error line."""
    body = line["body"]
    try:
        if body.get("stream"):
            raise APIError(400, "Batch requests cannot be streamed.", param="stream")
        answer, status = EXECUTORS[batch.data["endpoint"]](state, body), 200
    except APIError as error:
        answer = error_body(error.message, type=error.type, param=error.param, code=error.code)
        status = error.status
    line_id = state.new_id("batch_req_")
    response = {"status_code": status, "request_id": f"req_{line_id[10:]}", "body": answer}
    entry = {"id": line_id, "custom_id": line["custom_id"], "response": response, "error": None}
    counts = batch.data["request_counts"]
    if status == 200:
        batch.outputs.append(entry)
        counts["completed"] += 1
        batch.data["model"] = batch.data["model"] or answer.get("model")
        _add_usage(batch.data["usage"], answer.get("usage"))
    else:
        batch.errors.append(entry)
        counts["failed"] += 1


_encode = json.JSONEncoder(separators=(",", ":")).encode


def _write_files(state: ServerState, batch: _Batch) -> None:
    """Store the output and error files, and forget the lines (a batch may hold 50,000)."""

    def jsonl(entries: list[dict[str, Any]]) -> bytes:
        return "".join([_encode(e) + "\n" for e in entries]).encode()

    if batch.outputs:
        name = f"{batch.data['id']}_output.jsonl"
        batch.data["output_file_id"] = state.add_file(name, jsonl(batch.outputs), "batch_output").id
    if batch.errors:
        name = f"{batch.data['id']}_error.jsonl"
        batch.data["error_file_id"] = state.add_file(name, jsonl(batch.errors), "batch_output").id
    batch.requests, batch.outputs, batch.errors = [], [], []


def _advance(state: ServerState, batch: _Batch) -> None:
    """Move ``batch`` one step along its life."""
    data = batch.data
    status = data["status"]
    if status == "validating":
        errors = _validate(state, batch)
        if errors:
            data.update(status="failed", failed_at=state.now(), errors={"object": "list", "data": errors})
        else:
            data["request_counts"]["total"] = len(batch.requests)
            data.update(status="in_progress", in_progress_at=state.now())
    elif status == "in_progress":
        done = len(batch.outputs) + len(batch.errors)
        step = -(-len(batch.requests) // max(state.poll_steps, 1))
        for line in batch.requests[done : done + step]:
            _run(state, batch, line)
        if done + step >= len(batch.requests):
            data.update(status="finalizing", finalizing_at=state.now())
    elif status in ("finalizing", "cancelling"):
        _write_files(state, batch)
        final = "completed" if status == "finalizing" else "cancelled"
        data.update({"status": final, f"{final}_at": state.now()})


def _lookup(request: web.Request) -> _Batch:
    batch_id = request.match_info["batch_id"]
    batch: _Batch | None = get_state(request).objects("batch").get(batch_id)
    if batch is None:
        raise APIError(404, f"No such Batch object: {batch_id}", param="batch_id")
    return batch


@routes.get("/v1/batches/{batch_id}")
async def retrieve_batch(request: web.Request) -> web.Response:
    """Retrieve a batch, moving it one step along."""
    state = get_state(request)
    batch = _lookup(request)
    _advance(state, batch)
    return pollable(state, batch.data)


@routes.post("/v1/batches/{batch_id}/cancel")
async def cancel_batch(request: web.Request) -> web.Response:
    """Cancel a batch that has not finished; it is ``cancelled`` on its next retrieval."""
    state = get_state(request)
    batch = _lookup(request)
    status = batch.data["status"]
    if status not in ("validating", "in_progress", "finalizing"):
        raise APIError(400, f"Cannot cancel a batch with status {status!r}.", param="batch_id")
    batch.data.update(status="cancelling", cancelling_at=state.now())
    return pollable(state, batch.data)


@routes.get("/v1/batches")
async def list_batches(request: web.Request) -> web.Response:
    """List batches, newest first, with ``after``/``limit`` paging."""
    try:
        limit = int(request.query.get("limit", "20"))
    except ValueError:
        limit = 0
    if not 1 <= limit <= 100:
        raise APIError(400, "'limit' must be between 1 and 100.", param="limit")
    batches = [b.data for b in get_state(request).objects("batch").values()][::-1]
    after = request.query.get("after")
    if after is not None:
        ids = [b["id"] for b in batches]
        batches = batches[ids.index(after) + 1 :] if after in ids else []
    page = batches[:limit]
    return web.json_response(
        {
            "object": "list",
            "data": page,
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
            "has_more": len(batches) > limit,
        }
    )
