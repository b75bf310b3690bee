"""``/v1/videos`` (jobs that advance one step per retrieval, then serve a few bytes of "mp4")
and ``POST /v1/realtime/client_secrets``."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ._common import deleted, get_state, list_page, lookup, pollable, read_form, read_json, require
from ._errors import APIError
from ._state import ServerState

routes = web.RouteTableDef()

_VARIANTS = {"video": (b"\x00\x00\x00\x18ftypmp42", "video/mp4"), "thumbnail": (b"RIFF", "image/webp")}


async def _fields(request: web.Request) -> dict[str, Any]:
    """The body of a video request, JSON or multipart (form values as text)."""
    if request.content_type == "multipart/form-data":
        form = await read_form(request, "input_reference")
        return {
            name: data.decode("utf-8", "replace") if filename is None else data
            for name, (filename, data) in form.items()
        }
    return await read_json(request)


def _video(state: ServerState, body: dict[str, Any], remixed_from: str | None = None) -> dict[str, Any]:
    video = {
        "id": state.new_id("video_"),
        "object": "video",
        "model": body.get("model") or "sora-2",
        "status": "queued",
        "progress": 0,
        "created_at": state.now(),
        "completed_at": None,
        "expires_at": None,
        "prompt": require(body, "prompt", str),
        "size": body.get("size") or "720x1280",
        "seconds": str(body.get("seconds") or "4"),
        "remixed_from_video_id": remixed_from,
        "error": None,
    }
    state.objects("video")[video["id"]] = video
    return video


def _lookup(request: web.Request) -> dict[str, Any]:
    return lookup(get_state(request), "video", request.match_info["video_id"], "video_id")


@routes.post("/v1/videos")
async def create_video(request: web.Request) -> web.Response:
    """Queue a video."""
    state = get_state(request)
    return pollable(state, _video(state, await _fields(request)))


@routes.post("/v1/videos/{video_id}/remix")
async def remix_video(request: web.Request) -> web.Response:
    """Queue a new video made from a finished one."""
    source = _lookup(request)
    body = {**source, "prompt": None, **(await _fields(request))}
    return web.json_response(_video(get_state(request), body, source["id"]))


@routes.get("/v1/videos")
async def list_videos(request: web.Request) -> web.Response:
    """List videos, newest first."""
    return list_page(request, list(get_state(request).objects("video").values()))


@routes.get("/v1/videos/{video_id}")
async def retrieve_video(request: web.Request) -> web.Response:
    """Retrieve a video: queued, then in progress at 50 %, then completed."""
    state = get_state(request)
    video = _lookup(request)
    if video["status"] == "queued":
        video.update(status="in_progress", progress=50)
    elif video["status"] == "in_progress":
        video.update(status="completed", progress=100, completed_at=state.now(), expires_at=state.now() + 3600)
    return pollable(state, video)


@routes.get("/v1/videos/{video_id}/content")
async def video_content(request: web.Request) -> web.Response:
    """The bytes of a completed video (``variant``: ``video`` or ``thumbnail``)."""
    video = _lookup(request)
    if video["status"] != "completed":
        raise APIError(400, "Video is not ready yet.", param="video_id", code="video_not_ready")
    variant = request.query.get("variant", "video")
    if variant not in _VARIANTS:
        raise APIError(400, f"Invalid value for 'variant': {variant!r}.", param="variant", code="invalid_value")
    header, content_type = _VARIANTS[variant]
    return web.Response(body=header + video["prompt"].encode(), content_type=content_type)


@routes.delete("/v1/videos/{video_id}")
async def delete_video(request: web.Request) -> web.Response:
    """Delete a video."""
    video = _lookup(request)
    get_state(request).objects("video").pop(video["id"])
    return deleted(video["id"], "video")


@routes.post("/v1/realtime/client_secrets")
async def create_client_secret(request: web.Request) -> web.Response:
    """An ephemeral key for a browser's Realtime session."""
    state = get_state(request)
    body = await read_json(request)
    given = body.get("session")
    session: dict[str, Any] = given if isinstance(given, dict) else {}
    now = state.now()
    return web.json_response(
        {
            "value": state.new_id("ek_"),
            "expires_at": now + 600,
            "session": {
                "type": "realtime",
                "object": "realtime.session",
                "id": state.new_id("sess_"),
                "model": "gpt-realtime",
                "output_modalities": ["audio"],
                "instructions": "",
                **session,
            },
        }
    )
