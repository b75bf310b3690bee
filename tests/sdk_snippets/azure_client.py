import asyncio

from openai_core import AsyncAzureOpenAI, AzureOpenAI
from openai_core.testing import LocalServer

with LocalServer() as server:  # the embedded server answers Azure's paths too
    endpoint = server.url.removesuffix("/v1")
    client = AzureOpenAI(api_key="azure-key", api_version="2024-10-21", azure_endpoint=endpoint)
    completion = client.chat.completions.create(model="my-deployment", messages=[{"role": "user", "content": "hi"}])
    assert completion.choices[0].message.content
    sent = server.requests[-1]
    assert sent.path == "/openai/deployments/my-deployment/chat/completions"
    assert sent.query["api-version"] == "2024-10-21"
    assert sent.headers["api-key"] == "azure-key"

    async def main() -> None:
        aclient = AsyncAzureOpenAI(
            azure_endpoint=endpoint,
            api_version="2024-10-21",
            azure_ad_token_provider=lambda: "entra-token",
        )
        result = await aclient.embeddings.create(model="embedding-deployment", input="hello")
        assert result.data[0].embedding
        assert server.requests[-1].headers["authorization"] == "Bearer entra-token"
        assert server.requests[-1].path == "/openai/deployments/embedding-deployment/embeddings"
        await aclient.close()

    asyncio.run(main())
