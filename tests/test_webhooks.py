"""Webhook verification (Standard Webhooks: HMAC-SHA256 over id.timestamp.body) and typed events."""

from __future__ import annotations

import base64
import json
import time

import pytest

from openai_core import Client, InvalidWebhookSignatureError, UnknownObject
from openai_core._webhooks import sign, verify_signature

SECRET = "whsec_" + base64.b64encode(b"a-very-secret-key-of-32-bytes!!!").decode()
BODY = json.dumps(
    {
        "id": "evt_1",
        "object": "event",
        "type": "response.completed",
        "created_at": 1,
        "data": {"id": "resp_1"},
    }
).encode()


def headers_for(
    body: bytes, *, secret: str = SECRET, at: int | None = None, webhook_id: str = "wh_1"
) -> dict[str, str]:
    timestamp = int(time.time()) if at is None else at
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, webhook_id, timestamp, body),
    }


def test_known_signature_value() -> None:
    # HMAC-SHA256(key, "msg_1.1700000000.{}") computed independently with hmac/hashlib.
    import hashlib
    import hmac

    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, b"msg_1.1700000000.{}", hashlib.sha256).digest()).decode()
    assert sign(SECRET, "msg_1", 1700000000, b"{}") == "v1," + expected


def test_unwrap_returns_typed_event() -> None:
    client = Client(api_key="k", webhook_secret=SECRET)
    event = client.webhooks.unwrap(BODY, headers_for(BODY))
    assert type(event).__name__ == "ResponseCompletedWebhookEvent"
    assert event.type == "response.completed" and event.data.id == "resp_1"


def test_unknown_event_type_is_kept() -> None:
    body = json.dumps({"id": "evt_2", "object": "event", "type": "brand.new", "created_at": 1, "data": {}}).encode()
    event = Client(api_key="k", webhook_secret=SECRET).webhooks.unwrap(body, headers_for(body))
    assert isinstance(event, UnknownObject) and event.type == "brand.new"


def test_one_of_several_signatures_may_match() -> None:
    headers = headers_for(BODY)
    headers["webhook-signature"] = "v1,bm90LXRoaXMtb25l " + headers["webhook-signature"]
    verify_signature(BODY, headers, secret=SECRET)


def test_tampered_body_is_refused() -> None:
    with pytest.raises(InvalidWebhookSignatureError):
        verify_signature(BODY + b" ", headers_for(BODY), secret=SECRET)


def test_wrong_secret_is_refused() -> None:
    other = "whsec_" + base64.b64encode(b"another-key").decode()
    with pytest.raises(InvalidWebhookSignatureError):
        verify_signature(BODY, headers_for(BODY, secret=other), secret=SECRET)


@pytest.mark.parametrize("offset", [-301, 301])
def test_stale_or_future_timestamp_is_refused(offset: int) -> None:
    now = 1_700_000_000
    with pytest.raises(InvalidWebhookSignatureError):
        verify_signature(BODY, headers_for(BODY, at=now + offset), secret=SECRET, now=now)
    verify_signature(BODY, headers_for(BODY, at=now + offset // 2), secret=SECRET, now=now)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_header_is_named(missing: str) -> None:
    headers = headers_for(BODY)
    del headers[missing]
    with pytest.raises(ValueError, match=missing):
        verify_signature(BODY, headers, secret=SECRET)


def test_secret_never_in_messages() -> None:
    with pytest.raises(InvalidWebhookSignatureError) as info:
        verify_signature(BODY + b"x", headers_for(BODY), secret=SECRET)
    assert SECRET not in str(info.value) and SECRET[6:] not in repr(info.value)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_messages_and_cases_are_the_sdks(kind: str) -> None:
    from openai_core import AsyncClient

    client = (Client if kind == "sync" else AsyncClient)(api_key="k")
    now = int(time.time())
    with pytest.raises(ValueError, match=r"^The webhook secret must either be set using the env var, "):
        client.webhooks.verify_signature(BODY, headers_for(BODY))
    for missing in ("webhook-signature", "webhook-timestamp", "webhook-id"):
        headers = {k: v for k, v in headers_for(BODY).items() if k != missing}
        with pytest.raises(ValueError, match=f"^Could not find {missing} header$") as missed:
            client.webhooks.verify_signature(BODY, headers, secret=SECRET)
        assert type(missed.value) is ValueError  # as the SDK: not a signature error
    with pytest.raises(InvalidWebhookSignatureError, match=r"^Webhook timestamp is too old$"):
        client.webhooks.verify_signature(BODY, headers_for(BODY, at=now - 400), secret=SECRET)
    with pytest.raises(InvalidWebhookSignatureError, match=r"^Webhook timestamp is too new$"):
        client.webhooks.verify_signature(BODY, headers_for(BODY, at=now + 400), secret=SECRET)
    with pytest.raises(InvalidWebhookSignatureError, match=r"^Invalid webhook timestamp format$"):
        client.webhooks.verify_signature(BODY, {**headers_for(BODY), "webhook-timestamp": "soon"}, secret=SECRET)
    with pytest.raises(InvalidWebhookSignatureError, match="The given webhook signature does not match"):
        client.webhooks.verify_signature(BODY, headers_for(BODY), secret="not base64 and no prefix")
    # A secret without the whsec_ prefix is its own bytes; a bare signature (no "v1,") counts too.
    plain = headers_for(BODY, secret="raw-secret")
    client.webhooks.verify_signature(BODY, plain, secret="raw-secret")
    bare = {**plain, "webhook-signature": plain["webhook-signature"].removeprefix("v1,")}
    client.webhooks.verify_signature(BODY, bare, secret="raw-secret")
