"""Azure OpenAI: the same client, configured for a resource's endpoint and deployments.

Run: python examples/azure.py   (it shows what an Azure request looks like, offline)
"""

from __future__ import annotations

from openai_core import AzureConfig, Client
from transports import MockResponse, MockTransport

config = AzureConfig(
    endpoint="https://my-resource.openai.azure.com",
    api_version="2024-10-21",
    deployment="gpt-4o-prod",
    azure_ad_token_provider=lambda: "entra-token",  # called before each request; or api_key=...
)
# With real credentials: Client(config=AzureConfig.from_env()) reads AZURE_OPENAI_ENDPOINT,
# AZURE_OPENAI_API_KEY (or AZURE_OPENAI_AD_TOKEN), AZURE_OPENAI_DEPLOYMENT and OPENAI_API_VERSION.
REPLY = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 0,
    "model": "gpt-4o",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hi from Azure"}}],
}
transport = MockTransport(lambda request: MockResponse.json(REPLY))
client = Client(config=config, transport=transport)
reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])
sent = transport.requests[0]
print("url:   ", sent.url)
print("auth:  ", sent.headers["Authorization"].split()[0], "<token>")
print("answer:", reply.choices[0].message.content)
