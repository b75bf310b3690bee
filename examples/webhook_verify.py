"""Webhooks: sign a payload as the API does, then verify and parse it with client.webhooks.unwrap.
Nothing is sent over the network.

Run: python examples/webhook_verify.py
"""

from __future__ import annotations

import base64
import json
import os
import time

from openai_core import Client, InvalidWebhookSignatureError
from openai_core._webhooks import sign

# The secret the dashboard shows for your endpoint (OPENAI_WEBHOOK_SECRET); a random one here.
SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()

body = json.dumps(
    {
        "id": "evt_123",
        "object": "event",
        "type": "response.completed",
        "created_at": int(time.time()),
        "data": {"id": "resp_abc"},
    }
).encode()
timestamp = int(time.time())
headers = {
    "webhook-id": "wh_123",
    "webhook-timestamp": str(timestamp),
    "webhook-signature": sign(SECRET, "wh_123", timestamp, body),
}

client = Client(api_key="sk-unused", webhook_secret=SECRET)  # webhooks need the secret, not the key
event = client.webhooks.unwrap(body, headers)  # raises unless authentic and fresh
print(f"verified: {type(event).__name__} type={event.type} response={event.data.id}")

tampered = body.replace(b"resp_abc", b"resp_evil")
try:
    client.webhooks.unwrap(tampered, headers)
except InvalidWebhookSignatureError as exc:
    print(f"rejected tampered body: {type(exc).__name__}: {exc}")

stale = {**headers, "webhook-timestamp": str(timestamp - 3600)}
try:
    client.webhooks.unwrap(body, stale)
except InvalidWebhookSignatureError as exc:
    print(f"rejected replayed body: {type(exc).__name__}: {exc}")
