"""``/v1/fine_tuning/jobs``: jobs that advance one step per retrieval, with events and
checkpoints, and ``/v1/moderations``."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ._common import get_state, list_page, lookup, read_json, require, text_of
from ._errors import APIError
from ._state import ServerState

routes = web.RouteTableDef()

_STEPS = ("validating_files", "queued", "running", "succeeded")
_FINAL = frozenset({"succeeded", "failed", "cancelled"})


def _event(state: ServerState, job: dict[str, Any], message: str, level: str = "info") -> None:
    event = {
        "id": state.new_id("ftevent-"),
        "object": "fine_tuning.job.event",
        "created_at": state.now(),
        "level": level,
        "message": message,
        "data": {},
        "type": "message",
    }
    state.objects("fine_tuning.event").setdefault(job["id"], []).append(event)


def _advance(state: ServerState, job: dict[str, Any]) -> None:
    """One retrieval: the job moves one status closer to ``succeeded``."""
    if job["status"] in _FINAL:
        return
    status = _STEPS[_STEPS.index(job["status"]) + 1]
    job["status"] = status
    _event(state, job, f"Fine-tuning job {status.replace('_', ' ')}")
    if status == "succeeded":
        suffix = job.get("user_provided_suffix") or "custom"
        job.update(
            fine_tuned_model=f"ft:{job['model']}:org:{suffix}:{job['id'][-6:]}",
            finished_at=state.now(),
            trained_tokens=1000,
            result_files=[],
        )
        checkpoint = {
            "id": state.new_id("ftckpt_"),
            "object": "fine_tuning.job.checkpoint",
            "created_at": state.now(),
            "fine_tuning_job_id": job["id"],
            "fine_tuned_model_checkpoint": f"{job['fine_tuned_model']}:ckpt-step-10",
            "step_number": 10,
            "metrics": {"step": 10, "train_loss": 0.5, "train_mean_token_accuracy": 0.9},
        }
        state.objects("fine_tuning.checkpoint")[job["id"]] = [checkpoint]


def _job(request: web.Request) -> dict[str, Any]:
    return lookup(get_state(request), "fine_tuning.job", request.match_info["job_id"], "fine_tuning_job_id")


@routes.post("/v1/fine_tuning/jobs")
async def create_job(request: web.Request) -> web.Response:
    """Create a fine-tuning job on an uploaded training file."""
    state = get_state(request)
    body = await read_json(request)
    model = require(body, "model", str)
    training_file = require(body, "training_file", str)
    if training_file not in state.files:
        raise APIError(400, f"Invalid file ID: {training_file}", param="training_file", code="invalid_file")
    method = body.get("method") or {"type": "supervised", "supervised": {"hyperparameters": {}}}
    job = {
        "id": state.new_id("ftjob-"),
        "object": "fine_tuning.job",
        "created_at": state.now(),
        "error": None,
        "fine_tuned_model": None,
        "finished_at": None,
        "hyperparameters": body.get("hyperparameters") or {"n_epochs": "auto", "batch_size": "auto"},
        "model": model,
        "organization_id": "org-embedded",
        "result_files": [],
        "status": "validating_files",
        "trained_tokens": None,
        "training_file": training_file,
        "validation_file": body.get("validation_file"),
        "seed": body.get("seed") if isinstance(body.get("seed"), int) else 42,
        "integrations": body.get("integrations"),
        "estimated_finish": None,
        "method": method,
        "metadata": body.get("metadata"),
        "user_provided_suffix": body.get("suffix"),
    }
    state.objects("fine_tuning.job")[job["id"]] = job
    _event(state, job, f"Created fine-tuning job: {job['id']}")
    return web.json_response(job)


@routes.get("/v1/fine_tuning/jobs")
async def list_jobs(request: web.Request) -> web.Response:
    """List jobs, newest first."""
    jobs = list(get_state(request).objects("fine_tuning.job").values())
    return list_page(request, jobs)


@routes.get("/v1/fine_tuning/jobs/{job_id}")
async def retrieve_job(request: web.Request) -> web.Response:
    """Retrieve a job, moving it one step along."""
    job = _job(request)
    _advance(get_state(request), job)
    return web.json_response(job)


@routes.post("/v1/fine_tuning/jobs/{job_id}/cancel")
async def cancel_job(request: web.Request) -> web.Response:
    """Cancel a job that has not finished."""
    state = get_state(request)
    job = _job(request)
    if job["status"] in _FINAL:
        raise APIError(400, f"Cannot cancel a job with status {job['status']!r}.", param="fine_tuning_job_id")
    job["status"] = "cancelled"
    _event(state, job, "Fine-tuning job cancelled")
    return web.json_response(job)


@routes.get("/v1/fine_tuning/jobs/{job_id}/events")
async def list_events(request: web.Request) -> web.Response:
    """A job's events, newest first."""
    job = _job(request)
    return list_page(request, get_state(request).objects("fine_tuning.event").get(job["id"], []))


@routes.get("/v1/fine_tuning/jobs/{job_id}/checkpoints")
async def list_checkpoints(request: web.Request) -> web.Response:
    """A succeeded job's checkpoints."""
    job = _job(request)
    return list_page(request, get_state(request).objects("fine_tuning.checkpoint").get(job["id"], []))


_CATEGORIES = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)
_TRIGGERS = {"violence": ("kill", "attack", "hurt"), "harassment": ("idiot", "stupid"), "hate": ("hate",)}


def _moderate(text: str) -> dict[str, Any]:
    words = text.lower()
    flags = {name: any(w in words for w in _TRIGGERS.get(name, ())) for name in _CATEGORIES}
    return {
        "flagged": any(flags.values()),
        "categories": flags,
        "category_scores": {name: 0.9 if flag else 0.001 for name, flag in flags.items()},
        "category_applied_input_types": {name: ["text"] for name in _CATEGORIES},
    }


@routes.post("/v1/moderations")
async def moderate(request: web.Request) -> web.Response:
    """Flag inputs holding a few trigger words (``kill``, ``hate``, ``idiot``...)."""
    state = get_state(request)
    body = await read_json(request)
    value = require(body, "input", (str, list))
    if isinstance(value, str):
        texts = [value]
    elif all(isinstance(v, str) for v in value):
        texts = list(value)
    else:
        texts = [text_of(value)]
    return web.json_response(
        {
            "id": state.new_id("modr-"),
            "model": body.get("model") or "omni-moderation-latest",
            "results": [_moderate(text) for text in texts],
        }
    )
