import base64
import hashlib
import hmac
import json
import os
import time

from openai_core import InvalidWebhookSignatureError, OpenAI

key = b"another-secret"
os.environ["OPENAI_WEBHOOK_SECRET"] = "whsec_" + base64.b64encode(key).decode()
client = OpenAI()
body = json.dumps(
    {"id": "evt_1", "object": "event", "type": "batch.completed", "created_at": 1, "data": {"id": "batch_1"}}
)
ts = str(int(time.time()))
sig = base64.b64encode(hmac.new(key, f"wh_1.{ts}.{body}".encode(), hashlib.sha256).digest()).decode()
event = client.webhooks.unwrap(body, {"webhook-id": "wh_1", "webhook-timestamp": ts, "webhook-signature": "v1," + sig})
assert event.type == "batch.completed"
old = str(int(time.time()) - 3600)
old_sig = base64.b64encode(hmac.new(key, f"wh_1.{old}.{body}".encode(), hashlib.sha256).digest()).decode()
try:
    client.webhooks.verify_signature(
        body, {"webhook-id": "wh_1", "webhook-timestamp": old, "webhook-signature": "v1," + old_sig}
    )
except InvalidWebhookSignatureError as e:
    assert "timestamp" in str(e).lower() or "old" in str(e).lower()
else:
    raise AssertionError("an old timestamp must be refused")
del os.environ["OPENAI_WEBHOOK_SECRET"]
