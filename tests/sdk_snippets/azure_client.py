from openai_core import AzureOpenAI
from openai_core.testing import LocalServer

with LocalServer() as server:
    endpoint = server.url.removesuffix("/v1")
    client = AzureOpenAI(api_key="azure-key", api_version="2024-10-21", azure_endpoint=endpoint)
    try:
        client.chat.completions.create(model="my-deployment", messages=[{"role": "user", "content": "hi"}])
    except Exception:
        pass
    sent = server.requests[-1]
    assert sent.path == "/openai/deployments/my-deployment/chat/completions"
    assert sent.query["api-version"] == "2024-10-21"
    assert sent.headers["api-key"] == "azure-key"
