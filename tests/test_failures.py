"""Error statuses, retries, broken bodies and broken streams, on both clients."""

from __future__ import annotations

import pytest

import openai_core
from openai_core.testing import LocalServer
from tests.conftest import Api

pytestmark = pytest.mark.timeout(30)

USER = [{"role": "user", "content": "Hi"}]


def chat(api: Api, **kwargs: object) -> object:
    return api.client.chat.completions.create(model="m", messages=USER, **kwargs)


async def test_401_is_typed_and_not_retried(api: Api, server: LocalServer) -> None:
    server.fail_next(
        401,
        body={
            "error": {
                "message": "Incorrect API key",
                "type": "invalid_request_error",
                "code": "invalid_api_key",
                "param": None,
            }
        },
        headers={"x-request-id": "req_401"},
    )
    with pytest.raises(openai_core.AuthenticationError) as info:
        await api.run(chat(api))
    err = info.value
    assert (err.status_code, err.code, err.type, err.request_id) == (
        401,
        "invalid_api_key",
        "invalid_request_error",
        "req_401",
    )
    assert err.message == "Incorrect API key"
    assert "sk-test" not in str(err) and "sk-test" not in repr(err)
    assert len(server.requests) == 1


async def test_429_then_200_is_retried(api: Api, server: LocalServer) -> None:
    server.fail_next(429, body={"error": {"message": "slow down", "type": "requests"}}, headers={"retry-after-ms": "5"})
    reply = await api.run(chat(api))
    assert reply.choices[0].message.content == "Echo: Hi"
    assert len(server.requests) == 2


async def test_503_then_200_is_retried(api: Api, server: LocalServer) -> None:
    server.fail_next(503, body={"error": {"message": "overloaded"}})
    reply = await api.run(chat(api))
    assert reply.choices[0].message.content == "Echo: Hi"
    assert len(server.requests) == 2


async def test_insufficient_quota_is_not_retried(api: Api, server: LocalServer) -> None:
    server.fail_next(
        429,
        body={
            "error": {
                "message": "You exceeded your current quota",
                "type": "insufficient_quota",
                "code": "insufficient_quota",
            }
        },
    )
    with pytest.raises(openai_core.RateLimitError) as info:
        await api.run(chat(api))
    assert info.value.code == "insufficient_quota"
    assert len(server.requests) == 1


async def test_502_html_page_after_retries(api: Api, server: LocalServer) -> None:
    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    for _ in range(3):
        server.fail_next(502, body=page, content_type="text/html")
    with pytest.raises(openai_core.InternalServerError) as info:
        await api.run(chat(api))
    assert info.value.status_code == 502
    assert "HTML" in info.value.message and "502 Bad Gateway" in info.value.message
    assert len(server.requests) == 3  # the first try and two retries


async def test_max_retries_per_call(api: Api, server: LocalServer) -> None:
    server.fail_next(500, body={"error": {"message": "boom"}})
    with pytest.raises(openai_core.InternalServerError):
        await api.run(chat(api, max_retries=0))
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("body", "what"),
    [(b"not json at all", "not valid JSON"), (b"", "empty"), (b'{"id": "\xff\xfe"}', "UTF-8")],
)
async def test_undecodable_success_body(api: Api, server: LocalServer, body: bytes, what: str) -> None:
    server.fail_next(200, body=body, content_type="application/json")
    with pytest.raises(openai_core.APIDecodeError) as info:
        await api.run(chat(api))
    assert what in str(info.value) and info.value.status_code == 200
    assert info.value.body == body


async def test_unknown_fields_and_enum_values_pass_through(api: Api, server: LocalServer) -> None:
    server.fail_next(
        200,
        body={
            "id": "chatcmpl-x",
            "object": "chat.completion",
            "created": 1,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "brand_new_reason",
                    "logprobs": None,
                    "message": {"role": "assistant", "content": "hi", "refusal": None, "sparkle": 3},
                }
            ],
            "service_tier": "hyperspeed",
            "brand_new_field": {"nested": [1, 2]},
        },
    )
    reply = await api.run(chat(api))
    assert reply.choices[0].finish_reason == "brand_new_reason"
    assert reply.service_tier == "hyperspeed"
    assert reply.brand_new_field == {"nested": [1, 2]}
    assert reply.choices[0].message.sparkle == 3
    assert reply.to_dict()["brand_new_field"] == {"nested": [1, 2]}


async def test_stream_cut_before_done_raises_and_is_not_resent(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_cut(after_events=2)
    stream = await api.run(chat(api, stream=True))
    with pytest.raises(openai_core.StreamTruncatedError):
        await api.collect(stream)
    assert len(server.requests) == 1


async def test_error_event_mid_stream_raises(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_error(after_events=2, message="model overloaded", code="overloaded")
    stream = await api.run(chat(api, stream=True))
    got = []
    with pytest.raises(openai_core.StreamError) as info:
        if hasattr(stream, "__aiter__"):
            async for chunk in stream:
                got.append(chunk)
        else:
            for chunk in stream:
                got.append(chunk)
    assert info.value.message == "model overloaded" and info.value.code == "overloaded"
    assert len(got) == 2
    assert not isinstance(info.value, openai_core.StreamTruncatedError)
    assert len(server.requests) == 1


async def test_responses_error_event_mid_stream(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_error(after_events=3, message="boom", code="server_error")
    stream = await api.run(api.client.responses.create(model="m", input="x", stream=True))
    with pytest.raises(openai_core.StreamError) as info:
        await api.collect(stream)
    assert info.value.code == "server_error" and info.value.message == "boom"


async def test_streamed_request_failing_with_status_is_retried_before_any_body(api: Api, server: LocalServer) -> None:
    server.fail_next(503, body={"error": {"message": "busy"}})
    stream = await api.run(chat(api, stream=True))
    chunks = await api.collect(stream)
    assert chunks and len(server.requests) == 2


async def test_connection_refused_is_typed_and_retried(api: Api) -> None:
    from tests.conftest import close_client, make_client

    client = make_client(api.kind, base_url="http://127.0.0.1:9/v1", max_retries=1, timeout=2.0)
    try:
        with pytest.raises(openai_core.APIConnectionError):
            await Api.run(client.models.list())
    finally:
        await close_client(client)


async def test_events_before_an_instant_cut_are_all_delivered(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_cut(after_events=3)  # no pause before the drop
    stream = await api.run(chat(api, stream=True))
    got = []
    with pytest.raises(openai_core.StreamTruncatedError):
        if hasattr(stream, "__aiter__"):
            async for chunk in stream:
                got.append(chunk)
        else:
            for chunk in stream:
                got.append(chunk)
    assert len(got) == 3
