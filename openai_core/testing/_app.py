"""The aiohttp application: routes, request recording, faults, auth, headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from multidict import CIMultiDict

from . import (
    _assistants,
    _batches,
    _catalog,
    _chat,
    _containers,
    _conversations,
    _embeddings,
    _files,
    _fine_tuning,
    _media,
    _realtime,
    _responses,
    _uploads,
    _vector_stores,
    _videos,
)
from ._common import STATE_KEY, get_state
from ._errors import APIError
from ._state import RecordedRequest, ServerState

__all__ = ["create_app"]

_REQUEST_NUMBER = web.RequestKey("openai_core_request_number", int)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def create_app(state: ServerState | None = None) -> web.Application:
    """Build the fake OpenAI API application; all routes live under ``/v1``, and again under
    Azure's paths (where an ``api-key`` header authenticates too)."""
    app = web.Application(middlewares=[_middleware], client_max_size=512 * 1024**2)
    app[STATE_KEY] = ServerState() if state is None else state
    routes = (
        _chat,
        _responses,
        _embeddings,
        _catalog,
        _files,
        _uploads,
        _batches,
        _vector_stores,
        _realtime,
        _media,
        _fine_tuning,
        _conversations,
        _containers,
        _assistants,
        _videos,
    )
    for module in routes:
        app.router.add_routes(module.routes)
        app.router.add_routes(_azure_routes(module.routes))
    app.on_response_prepare.append(_add_headers)
    return app


def _azure_routes(table: web.RouteTableDef) -> list[web.RouteDef]:
    """Each ``/v1/...`` route again under Azure's paths: ``/openai/...`` and
    ``/openai/deployments/{deployment}/...`` (the deployment stands for the model)."""
    defs = [route for route in table if isinstance(route, web.RouteDef) and route.path.startswith("/v1/")]
    return [
        web.route(route.method, prefix + route.path[3:], route.handler, **route.kwargs)
        for route in defs
        for prefix in ("/openai", "/openai/deployments/{deployment}")
    ]


@web.middleware
async def _middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Record the request, then apply a queued fault, auth, and error mapping."""
    state = get_state(request)
    number = state.next_number("request")
    request[_REQUEST_NUMBER] = number
    too_large = False
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        body, too_large = b"", True
    headers = {name.lower(): value for name, value in request.headers.items()}
    state.record(
        RecordedRequest(
            request.method,
            request.path,
            dict(request.query),
            headers,
            body,
            f"req_{number}",
        )
    )
    fault = state.take_fault()
    if fault is not None:
        fault_headers = CIMultiDict({"Content-Type": fault.content_type})
        fault_headers.update(fault.headers)
        return web.Response(status=fault.status, body=fault.body, headers=fault_headers)
    try:
        _check_auth(request)
        if too_large:
            raise APIError(413, "Request body too large.")
        exhausted = state.admit_rate_limited(request.method, request.path)
        if exhausted is not None:
            message = f"Rate limit reached for {exhausted} per minute (embedded server's rate-limit mode)."
            raise APIError(429, message, code="rate_limit_exceeded", type=exhausted)
        return await handler(request)
    except APIError as error:
        return error.to_response()
    except web.HTTPNotFound:
        return APIError(404, f"Invalid URL ({request.method} {request.path})").to_response()
    except web.HTTPMethodNotAllowed:
        message = f"Invalid method for URL ({request.method} {request.path})"
        return APIError(405, message).to_response()


def _check_auth(request: web.Request) -> None:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    azure = request.path.startswith("/openai/") and request.headers.get("api-key", "").strip()
    if not azure and (scheme.lower() != "bearer" or not key.strip()):
        raise APIError(
            401,
            "You didn't provide an API key. You need to provide your API key in an "
            "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            code="invalid_api_key",
        )


async def _add_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Add request-id and rate-limit headers unless a fault already set them."""
    state = get_state(request)
    number = request.get(_REQUEST_NUMBER) or state.next_number("request")
    defaults = {
        "x-request-id": f"req_{number}",
        "openai-processing-ms": "1",
        "x-ratelimit-limit-requests": str(state.request_limit),
        "x-ratelimit-remaining-requests": str(max(state.request_limit - number, 0)),
        "x-ratelimit-reset-requests": "1s",
        "x-ratelimit-limit-tokens": str(state.token_limit),
        "x-ratelimit-remaining-tokens": str(max(state.token_limit - state.tokens_used, 0)),
        "x-ratelimit-reset-tokens": "1s",
    }
    defaults.update(state.rate_limit_headers() or {})
    for name, value in defaults.items():
        response.headers.setdefault(name, value)
