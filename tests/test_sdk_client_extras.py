"""SDK conveniences the everyday snippets rely on, on both clients: ``organization``,
``is_closed()``, the HTTP-verb methods, the request and cause of a connection error, and
the ``{}`` body of a call that gives no fields."""

from __future__ import annotations

import json
import socket

import pytest
from conftest import Api, close_client, make_client

from openai_core import APIConnectionError
from openai_core.testing import LocalServer


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_organization_and_is_closed(kind: str, server: LocalServer) -> None:
    client = make_client(kind, base_url=server.url, organization="org-1", project="proj-1")
    assert (client.organization, client.project) == ("org-1", "proj-1")
    assert client.copy(organization="org-2").organization == "org-2"
    assert client.is_closed() is False
    copy = client.with_options(max_retries=0)
    await close_client(client)
    assert client.is_closed() is True
    assert copy.is_closed() is True  # a copy shares its client's connections


async def test_verbs_send_options_and_answer_raw_json(api: Api, server: LocalServer) -> None:
    page = await api.run(api.client.get("/models", cast_to=object, options={"params": {"x": "1"}}))
    assert page["object"] == "list"
    assert server.requests[-1].query == {"x": "1"}
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
    options = {"headers": {"X-Extra": "yes"}, "extra_json": {"user": "u-1"}, "max_retries": 0}
    answer = await api.run(api.client.post("/chat/completions", cast_to=object, body=body, options=options))
    assert answer["choices"][0]["message"]["content"] == "Echo: hi"
    sent = server.requests[-1]
    assert sent.headers["x-extra"] == "yes"
    assert json.loads(sent.body)["user"] == "u-1"
    server.state.models[f"ft-{api.kind}"] = 1
    deleted = await api.run(api.client.delete(f"/models/ft-{api.kind}", cast_to=object))
    assert deleted == {"id": f"ft-{api.kind}", "object": "model", "deleted": True}
    assert [r.method for r in server.requests] == ["GET", "POST", "DELETE"]


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
async def test_verbs_refuse_unknown_options(api: Api, method: str) -> None:
    with pytest.raises(TypeError, match="idempotency_key"):
        await api.run(getattr(api.client, method)("/models", cast_to=object, options={"idempotency_key": "k"}))


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_connection_error_carries_request_and_cause(kind: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(kind, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0)
    with pytest.raises(APIConnectionError) as caught:
        await Api.run(client.models.list())
    await close_client(client)
    error = caught.value
    assert error.request.method == "GET"
    assert error.request.url == f"http://127.0.0.1:{port}/v1/models"
    assert isinstance(error.__cause__, Exception)
    assert not isinstance(error.__cause__, APIConnectionError)


async def test_a_call_without_fields_sends_an_empty_json_object(api: Api, server: LocalServer) -> None:
    conversation = await api.run(api.client.conversations.create())
    sent = server.requests[-1]
    assert sent.body == b"{}"
    assert sent.headers["content-type"] == "application/json"
    assert conversation.id.startswith("conv_")
