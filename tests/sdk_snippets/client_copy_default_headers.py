from openai_core import OpenAI
from openai_core.testing import LocalServer

with LocalServer() as server:
    client = OpenAI(
        base_url=server.url,
        api_key="sk-one",
        organization="org-123",
        project="proj_abc",
        default_headers={"X-Team": "search"},
        default_query={"trace": "1"},
    )
    client.models.list()
    sent = server.requests[-1]
    assert sent.headers["authorization"] == "Bearer sk-one"
    assert sent.headers["openai-organization"] == "org-123"
    assert sent.headers["openai-project"] == "proj_abc"
    assert sent.headers["x-team"] == "search"
    assert sent.query["trace"] == "1"

    other = client.copy(api_key="sk-two", default_headers={"X-Other": "1"})
    other.models.list()
    sent = server.requests[-1]
    assert sent.headers["authorization"] == "Bearer sk-two"
    assert sent.headers["x-other"] == "1"
    assert other.organization == "org-123"
    assert client.api_key == "sk-one"
