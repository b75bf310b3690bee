"""Errors with the official SDK's names, hierarchy and fields; errors that survive pickling
(process pools, task queues); the SDK's sentinels for arguments left out."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import openai
import pytest

import openai_core
from openai_core import (
    NOT_GIVEN,
    APIConnectionError,
    APIDecodeError,
    APIResponseValidationError,
    APIStatusError,
    AsyncClient,
    Client,
    LegacyAPIResponse,
    NotGiven,
    Omit,
    not_given,
    omit,
)
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from transports import AsyncMockTransport, MockResponse, MockTransport

KEY = "sk-pickle-secret-0123456789"
ERROR = {"message": "Invalid 'model'", "type": "invalid_request_error", "code": "model_not_found", "param": "model"}
BY_STATUS = {
    400: openai_core.BadRequestError,
    401: openai_core.AuthenticationError,
    403: openai_core.PermissionDeniedError,
    404: openai_core.NotFoundError,
    409: openai_core.ConflictError,
    422: openai_core.UnprocessableEntityError,
    429: openai_core.RateLimitError,
    500: openai_core.InternalServerError,
}


def sdk_error_names() -> list[str]:
    return sorted(name for name in openai.__all__ if name.endswith("Error"))


@pytest.mark.parametrize("name", sdk_error_names())
def test_every_sdk_error_exists_with_the_sdks_ancestors(name: str) -> None:
    ours = getattr(openai_core, name)
    theirs = getattr(openai, name)
    assert {c.__name__ for c in theirs.__mro__} <= {c.__name__ for c in ours.__mro__}


def test_old_names_are_gone() -> None:
    for old in ("OutputTruncatedError", "ContentFilterError", "WebhookError", "WebhookSignatureError"):
        assert not hasattr(openai_core, old)
    assert issubclass(APIDecodeError, APIResponseValidationError)


async def test_status_error_fields(api: Api, server: LocalServer) -> None:
    server.fail_next(404, body={"error": ERROR})
    with pytest.raises(openai_core.NotFoundError) as info:
        await api.run(api.client.chat.completions.create(model="nope", messages=[{"role": "user", "content": "x"}]))
    err = info.value
    assert (err.status_code, err.message, err.code, err.param, err.type) == (
        404,
        "Invalid 'model'",
        "model_not_found",
        "model",
        "invalid_request_error",
    )
    assert err.body == ERROR and err.request_id == err.headers["x-request-id"] is not None
    assert isinstance(err.response, LegacyAPIResponse) and err.response.json() == {"error": ERROR}
    assert err.request.method == "POST" and err.request.url.endswith("/v1/chat/completions")
    assert APIConnectionError("down").request is None


async def test_a_body_that_is_not_json_is_the_text(api: Api, server: LocalServer) -> None:
    server.fail_next(400, body="plain words", content_type="text/plain")
    with pytest.raises(openai_core.BadRequestError) as info:
        await api.run(api.client.models.list())
    assert info.value.body == "plain words" and info.value.code is None
    assert info.value.response.text == "plain words"


async def test_connection_errors_have_empty_sdk_fields() -> None:
    for kind in ("sync", "async"):
        client = make_client(kind, base_url="http://127.0.0.1:9", max_retries=0)
        try:
            with pytest.raises(APIConnectionError) as info:
                result = client.models.list()
                await result if kind == "async" else None
            assert (info.value.body, info.value.code, info.value.param, info.value.type) == (None, None, None, None)
        finally:
            await close_client(client)


def _same(a: APIStatusError, b: APIStatusError) -> None:
    assert type(a) is type(b)
    assert (a.status_code, a.message, a.body, a.request_id, a.code, a.param, a.type) == (
        b.status_code,
        b.message,
        b.body,
        b.request_id,
        b.code,
        b.param,
        b.type,
    )
    assert a.headers["x-request-id"] == b.headers["x-request-id"] and a.headers["content-type"].startswith(
        "application/json"
    )
    assert str(a) == str(b)
    assert (a.response.status_code, a.response.content, a.response.request_id) == (
        b.response.status_code,
        b.response.content,
        b.response.request_id,
    )


@pytest.mark.parametrize("status", sorted(BY_STATUS))
async def test_status_errors_round_trip_through_pickle(api: Api, server: LocalServer, status: int) -> None:
    client = make_client(api.kind, base_url=server.url, max_retries=0, api_key=KEY)
    try:
        server.fail_next(status, body={"error": ERROR})
        with pytest.raises(BY_STATUS[status]) as info:
            await api.run(client.models.retrieve("gpt-4o-mini"))
    finally:
        await close_client(client)
    data = pickle.dumps(info.value)
    assert KEY.encode() not in data  # the request headers never travel
    again = pickle.loads(data)
    _same(info.value, again)
    assert again.response.method == "GET" and again.response.url.endswith("/v1/models/gpt-4o-mini")


def _bad_json(request: Any) -> MockResponse:
    return MockResponse(headers={"content-type": "application/json", "x-request-id": "req_bad"}, body=b"{not json")


async def test_decode_errors_round_trip_through_pickle() -> None:
    with pytest.raises(APIDecodeError) as sync_info:
        Client(api_key="k", transport=MockTransport(_bad_json)).models.list()
    with pytest.raises(APIDecodeError) as async_info:
        await AsyncClient(api_key="k", transport=AsyncMockTransport(_bad_json)).models.list()
    for err in (sync_info.value, async_info.value):
        assert err.response.status_code == 200 and err.response.content == b"{not json"
        assert err.response.url.endswith("/v1/models")
        again = pickle.loads(pickle.dumps(err))
        assert again.response.content == b"{not json" and again.response.method == "GET"
        assert type(again) is APIDecodeError
        assert (again.status_code, again.body, again.request_id, str(again)) == (200, b"{not json", "req_bad", str(err))


def _fail_in_worker(status: int) -> None:
    def answer(request: Any) -> MockResponse:
        return MockResponse.json({"error": ERROR}, status=status, headers={"x-request-id": f"req_{status}"})

    Client(api_key="k", transport=MockTransport(answer), max_retries=0).models.list()


def _describe(err: APIStatusError) -> tuple[str, int, Any, str | None, bytes]:
    return type(err).__name__, err.status_code, err.body, err.request_id, err.response.content


async def test_errors_cross_a_process_pool(api: Api, server: LocalServer) -> None:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        with pytest.raises(openai_core.RateLimitError) as info:
            pool.submit(_fail_in_worker, 429).result(timeout=120)
        assert (info.value.status_code, info.value.body, info.value.request_id) == (429, ERROR, "req_429")
        assert info.value.response.json() == {"error": ERROR}

        server.fail_next(403, body={"error": ERROR})
        with pytest.raises(openai_core.PermissionDeniedError) as local:
            await api.run(api.client.models.list())
        described = pool.submit(_describe, local.value).result(timeout=120)
        assert described[:4] == ("PermissionDeniedError", 403, ERROR, local.value.request_id)
        assert described[4] == local.value.response.content


def test_sdk_sentinels_are_ours() -> None:
    assert not_given is NOT_GIVEN and omit is NOT_GIVEN and Omit() is NOT_GIVEN
    assert isinstance(omit, NotGiven) and Omit is NotGiven and not omit


async def test_omitted_arguments_are_not_sent(api: Api, server: LocalServer) -> None:
    await api.run(
        api.client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "Hi"}],
            temperature=omit,
            user=not_given,
            seed=NOT_GIVEN,
            top_p=None,
        )
    )
    sent = server.requests[-1].json()
    assert "temperature" not in sent and "user" not in sent and "seed" not in sent
    assert sent["top_p"] is None  # an explicit None is still sent as null


@pytest.mark.parametrize(
    "err",
    [
        APIConnectionError("Connection error: refused", request_id="r1"),
        openai_core.APITimeoutError("Request timed out: read"),
        openai_core.StreamTruncatedError("cut off", request_id="r2"),
        openai_core.StreamError("bad", code="server_error", type="server", data={"x": 1}),
        openai_core.InvalidWebhookSignatureError("the webhook signature does not match the secret"),
        openai_core.LengthFinishReasonError("cut by the token limit", {"id": "chatcmpl-1"}),
    ],
    ids=lambda err: type(err).__name__,
)
def test_other_errors_round_trip_through_pickle(err: openai_core.OpenAIError) -> None:
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err) and str(again) == str(err) and vars(again) == vars(err)


async def test_omit_removes_a_default_header(api: Api, server: LocalServer) -> None:
    await api.run(api.client.models.list(extra_headers={"X-Stainless-Lang": omit, "X-Extra": "1"}))
    sent = server.requests[-1].headers
    assert "x-stainless-lang" not in sent and sent["x-extra"] == "1"
    await api.run(api.client.models.list())
    assert server.requests[-1].headers["x-stainless-lang"] == "python"
