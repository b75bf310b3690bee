"""``/v1/containers`` with their files, and ``/v1/evals`` with their runs (which complete
at once, every item passing)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ._common import deleted, get_state, list_page, lookup, read_form, read_json, require
from ._errors import APIError

routes = web.RouteTableDef()


def _container(request: web.Request) -> dict[str, Any]:
    return lookup(get_state(request), "container", request.match_info["container_id"], "container_id")


@routes.post("/v1/containers")
async def create_container(request: web.Request) -> web.Response:
    """Create a running container."""
    state = get_state(request)
    body = await read_json(request)
    container = {
        "id": state.new_id("cntr_"),
        "object": "container",
        "name": require(body, "name", str),
        "created_at": state.now(),
        "status": "running",
        "expires_after": body.get("expires_after") or {"anchor": "last_active_at", "minutes": 20},
        "last_active_at": state.now(),
        "memory_limit": body.get("memory_limit") or "1g",
    }
    state.objects("container")[container["id"]] = container
    for file_id in body.get("file_ids") or []:
        stored = state.files.get(file_id)
        if stored is None:
            raise APIError(404, f"No such File object: {file_id}", param="file_ids")
        _add_file(request, container, stored.filename, stored.data, "user")
    return web.json_response(container)


@routes.get("/v1/containers")
async def list_containers(request: web.Request) -> web.Response:
    """List containers, newest first."""
    return list_page(request, list(get_state(request).objects("container").values()))


@routes.get("/v1/containers/{container_id}")
async def retrieve_container(request: web.Request) -> web.Response:
    """Retrieve a container."""
    return web.json_response(_container(request))


@routes.delete("/v1/containers/{container_id}")
async def delete_container(request: web.Request) -> web.Response:
    """Delete a container and its files."""
    container = _container(request)
    state = get_state(request)
    state.objects("container").pop(container["id"])
    state.objects("container.file").pop(container["id"], None)
    return deleted(container["id"], "container")


def _files(request: web.Request, container: dict[str, Any]) -> dict[str, tuple[dict[str, Any], bytes]]:
    table: dict[str, tuple[dict[str, Any], bytes]] = (
        get_state(request).objects("container.file").setdefault(container["id"], {})
    )
    return table


def _add_file(request: web.Request, container: dict[str, Any], name: str, data: bytes, source: str) -> dict[str, Any]:
    state = get_state(request)
    file = {
        "id": state.new_id("cfile_"),
        "object": "container.file",
        "created_at": state.now(),
        "bytes": len(data),
        "container_id": container["id"],
        "path": f"/mnt/data/{name}",
        "source": source,
    }
    _files(request, container)[file["id"]] = (file, data)
    return file


@routes.post("/v1/containers/{container_id}/files")
async def create_container_file(request: web.Request) -> web.Response:
    """Upload a file (multipart ``file``) or copy one (JSON ``file_id``) into a container."""
    container = _container(request)
    if request.content_type == "multipart/form-data":
        fields = await read_form(request, "file")
        if "file" not in fields:
            raise APIError(400, "Missing required parameter: 'file'.", param="file", code="missing_required_parameter")
        filename, data = fields["file"]
        return web.json_response(_add_file(request, container, filename or "file", data, "user"))
    body = await read_json(request)
    file_id = require(body, "file_id", str)
    stored = get_state(request).files.get(file_id)
    if stored is None:
        raise APIError(404, f"No such File object: {file_id}", param="file_id")
    return web.json_response(_add_file(request, container, stored.filename, stored.data, "user"))


def _file(request: web.Request) -> tuple[dict[str, Any], bytes]:
    file_id = request.match_info["file_id"]
    found = _files(request, _container(request)).get(file_id)
    if found is None:
        raise APIError(404, f"No container file found with id '{file_id}'.", param="file_id", code="not_found")
    return found


@routes.get("/v1/containers/{container_id}/files")
async def list_container_files(request: web.Request) -> web.Response:
    """A container's files, newest first."""
    files = [file for file, _ in _files(request, _container(request)).values()]
    return list_page(request, files)


@routes.get("/v1/containers/{container_id}/files/{file_id}")
async def retrieve_container_file(request: web.Request) -> web.Response:
    """A container file's metadata."""
    return web.json_response(_file(request)[0])


@routes.get("/v1/containers/{container_id}/files/{file_id}/content")
async def container_file_content(request: web.Request) -> web.Response:
    """A container file's bytes."""
    return web.Response(body=_file(request)[1], content_type="application/octet-stream")


@routes.delete("/v1/containers/{container_id}/files/{file_id}")
async def delete_container_file(request: web.Request) -> web.Response:
    """Delete a container file."""
    file, _ = _file(request)
    _files(request, _container(request)).pop(file["id"])
    return deleted(file["id"], "container.file")


def _eval(request: web.Request) -> dict[str, Any]:
    return lookup(get_state(request), "eval", request.match_info["eval_id"], "eval_id")


@routes.post("/v1/evals")
async def create_eval(request: web.Request) -> web.Response:
    """Create an eval."""
    state = get_state(request)
    body = await read_json(request)
    config = require(body, "data_source_config", dict)
    evaluation = {
        "id": state.new_id("eval_"),
        "object": "eval",
        "name": body.get("name") or "",
        "created_at": state.now(),
        "metadata": body.get("metadata") or {},
        "data_source_config": {**config, "schema": config.get("item_schema", {})},
        "testing_criteria": require(body, "testing_criteria", list),
    }
    state.objects("eval")[evaluation["id"]] = evaluation
    return web.json_response(evaluation)


@routes.get("/v1/evals")
async def list_evals(request: web.Request) -> web.Response:
    """List evals, newest first."""
    return list_page(request, list(get_state(request).objects("eval").values()))


@routes.get("/v1/evals/{eval_id}")
async def retrieve_eval(request: web.Request) -> web.Response:
    """Retrieve an eval."""
    return web.json_response(_eval(request))


@routes.post("/v1/evals/{eval_id}")
async def update_eval(request: web.Request) -> web.Response:
    """Change an eval's name or metadata."""
    evaluation = _eval(request)
    body = await read_json(request)
    for name in ("name", "metadata"):
        if name in body:
            evaluation[name] = body[name]
    return web.json_response(evaluation)


@routes.delete("/v1/evals/{eval_id}")
async def delete_eval(request: web.Request) -> web.Response:
    """Delete an eval and its runs."""
    evaluation = _eval(request)
    state = get_state(request)
    state.objects("eval").pop(evaluation["id"])
    state.objects("eval.run").pop(evaluation["id"], None)
    return web.json_response({"object": "eval.deleted", "deleted": True, "eval_id": evaluation["id"]})


def _runs(request: web.Request) -> dict[str, dict[str, Any]]:
    evaluation = _eval(request)
    runs: dict[str, dict[str, Any]] = get_state(request).objects("eval.run").setdefault(evaluation["id"], {})
    return runs


@routes.post("/v1/evals/{eval_id}/runs")
async def create_eval_run(request: web.Request) -> web.Response:
    """Run an eval: it completes at once, every item and criterion passing."""
    state = get_state(request)
    evaluation = _eval(request)
    body = await read_json(request)
    source = require(body, "data_source", dict)
    content = source.get("source", {}).get("content") if isinstance(source.get("source"), dict) else None
    total = len(content) if isinstance(content, list) else 1
    run = {
        "object": "eval.run",
        "id": state.new_id("evalrun_"),
        "eval_id": evaluation["id"],
        "status": "completed",
        "model": source.get("model") or "gpt-4o-mini",
        "name": body.get("name") or "",
        "created_at": state.now(),
        "report_url": f"https://platform.openai.com/evaluations/{evaluation['id']}",
        "result_counts": {"total": total, "errored": 0, "failed": 0, "passed": total},
        "per_model_usage": [],
        "per_testing_criteria_results": [
            {"testing_criteria": c.get("name", ""), "passed": total, "failed": 0}
            for c in evaluation["testing_criteria"]
            if isinstance(c, dict)
        ],
        "data_source": source,
        "metadata": body.get("metadata") or {},
        "error": None,
    }
    _runs(request)[run["id"]] = run
    return web.json_response(run)


@routes.get("/v1/evals/{eval_id}/runs")
async def list_eval_runs(request: web.Request) -> web.Response:
    """An eval's runs, newest first."""
    return list_page(request, list(_runs(request).values()))


@routes.get("/v1/evals/{eval_id}/runs/{run_id}")
async def retrieve_eval_run(request: web.Request) -> web.Response:
    """One run of an eval."""
    run = _runs(request).get(request.match_info["run_id"])
    if run is None:
        raise APIError(404, "No such eval run.", param="run_id", code="not_found")
    return web.json_response(run)
