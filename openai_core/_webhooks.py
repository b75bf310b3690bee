"""Webhook verification (the Standard Webhooks scheme) and typed webhook events. Pure."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from ._errors import InvalidWebhookSignatureError

if TYPE_CHECKING:
    from ._models import UnknownObject
    from .types.webhooks import UnwrapWebhookEvent

__all__ = [
    "Webhooks",
    "sign",
    "verify_signature",
]

DEFAULT_TOLERANCE = 300


def _key(secret: str) -> bytes:
    """A ``whsec_`` secret is base64; any other is used as its UTF-8 bytes (as the SDK does)."""
    if not secret.startswith("whsec_"):
        return secret.encode()
    try:
        return base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the webhook secret is not a base64 'whsec_...' secret") from None


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    if not value:
        raise ValueError(f"Could not find {name} header")
    return value


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes | str) -> str:
    """The ``v1,<signature>`` for a payload: HMAC-SHA256 of ``id.timestamp.body``, base64."""
    payload = body.encode() if isinstance(body, str) else body
    message = f"{webhook_id}.{timestamp}.".encode() + payload
    digest = hmac.new(_key(secret), message, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify_signature(
    body: bytes | str,
    headers: Mapping[str, str],
    *,
    secret: str,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Raise :class:`~openai_core.InvalidWebhookSignatureError` unless ``body`` is signed and fresh
    (``ValueError`` when a ``webhook-*`` header is missing); the SDK's messages."""
    signatures = _header(headers, "webhook-signature")
    raw_timestamp = _header(headers, "webhook-timestamp")
    webhook_id = _header(headers, "webhook-id")
    try:
        timestamp = int(raw_timestamp)
    except ValueError:
        raise InvalidWebhookSignatureError("Invalid webhook timestamp format") from None
    current = time.time() if now is None else now
    if timestamp < current - tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too old")
    if timestamp > current + tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too new")
    expected = sign(secret, webhook_id, timestamp, body).removeprefix("v1,").encode()
    for candidate in signatures.split():  # "v1,<base64>" each, or the bare signature
        if hmac.compare_digest(candidate.removeprefix("v1,").encode(), expected):
            return
    raise InvalidWebhookSignatureError("The given webhook signature does not match the expected signature")


class Webhooks:
    """``client.webhooks``: verify a webhook request and parse its typed event."""

    def __init__(self, secret: str | None) -> None:
        self._secret = secret

    def _secret_or(self, secret: str | None) -> str:
        chosen = secret or self._secret
        if not chosen:
            raise ValueError(
                "The webhook secret must either be set using the env var, OPENAI_WEBHOOK_SECRET, on the client "
                "class, OpenAI(webhook_secret='123'), or passed to this function"
            )
        return chosen

    def verify_signature(
        self,
        payload: bytes | str,
        headers: Mapping[str, str],
        *,
        secret: str | None = None,
        tolerance: int = DEFAULT_TOLERANCE,
    ) -> None:
        """Raise a :class:`~openai_core.InvalidWebhookSignatureError` unless the webhook is authentic and fresh."""
        verify_signature(payload, headers, secret=self._secret_or(secret), tolerance=tolerance)

    def unwrap(
        self,
        payload: bytes | str,
        headers: Mapping[str, str],
        *,
        secret: str | None = None,
        tolerance: int = DEFAULT_TOLERANCE,
    ) -> UnwrapWebhookEvent | UnknownObject:
        """Verify the webhook, then return its typed event (unknown event types as
        :class:`~openai_core.UnknownObject`)."""
        self.verify_signature(payload, headers, secret=secret, tolerance=tolerance)
        from ._models import parse
        from .types import webhooks

        return cast("UnwrapWebhookEvent | UnknownObject", parse(json.loads(payload), webhooks.UnwrapWebhookEvent))
