"""``/v1/models``: list, retrieve and delete models."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ._common import get_state
from ._errors import APIError

routes = web.RouteTableDef()


def _model(model_id: str, created: int) -> dict[str, Any]:
    owner = "openai" if model_id.startswith(("gpt-", "o")) else "system"
    return {"id": model_id, "object": "model", "created": created, "owned_by": owner}


def _lookup(request: web.Request) -> tuple[str, int]:
    model_id = request.match_info["model"]
    created = get_state(request).models.get(model_id)
    if created is None:
        raise APIError(
            404,
            f"The model '{model_id}' does not exist or you do not have access to it.",
            param="model",
            code="model_not_found",
        )
    return model_id, created


@routes.get("/v1/models")
async def list_models(request: web.Request) -> web.Response:
    """List the available models."""
    models = dict(get_state(request).models)
    data = [_model(model_id, created) for model_id, created in models.items()]
    return web.json_response({"object": "list", "data": data})


@routes.get("/v1/models/{model:.+}")
async def retrieve_model(request: web.Request) -> web.Response:
    """Retrieve one model."""
    return web.json_response(_model(*_lookup(request)))


@routes.delete("/v1/models/{model:.+}")
async def delete_model(request: web.Request) -> web.Response:
    """Delete a model (it disappears from this server's catalogue)."""
    model_id, _ = _lookup(request)
    get_state(request).models.pop(model_id, None)
    return web.json_response({"id": model_id, "object": "model", "deleted": True})
