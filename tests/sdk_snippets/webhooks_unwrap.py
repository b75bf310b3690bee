import base64
import hashlib
import hmac
import json
import time

import openai_core
from openai_core import OpenAI

secret_bytes = b"super-secret-webhook-key-000000"
webhook_secret = "whsec_" + base64.b64encode(secret_bytes).decode()
client = OpenAI(webhook_secret=webhook_secret)

payload = json.dumps(
    {
        "id": "evt_123",
        "object": "event",
        "type": "response.completed",
        "created_at": int(time.time()),
        "data": {"id": "resp_123"},
    }
)
msg_id, timestamp = "msg_1", str(int(time.time()))
signature = base64.b64encode(
    hmac.new(secret_bytes, f"{msg_id}.{timestamp}.{payload}".encode(), hashlib.sha256).digest()
).decode()
headers = {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": f"v1,{signature}"}

event = client.webhooks.unwrap(payload, headers)
assert event.type == "response.completed"
assert event.data.id == "resp_123"
client.webhooks.verify_signature(payload, headers)

try:
    client.webhooks.unwrap(payload.replace("resp_123", "resp_999"), headers)
except openai_core.InvalidWebhookSignatureError:
    pass
else:
    raise AssertionError("a tampered payload must be refused")
