import json

from openai_core import NOT_GIVEN, OpenAI, omit
from openai_core.testing import LocalServer

with LocalServer() as server:
    client = OpenAI(base_url=server.url, api_key="sk-test")

    def create(temperature=NOT_GIVEN, max_tokens=omit):
        return client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "hi"}], temperature=temperature, max_tokens=max_tokens
        )

    create()
    body = json.loads(server.requests[-1].body)
    assert "temperature" not in body and "max_tokens" not in body
    create(temperature=0.2, max_tokens=5)
    body = json.loads(server.requests[-1].body)
    assert body["temperature"] == 0.2 and body["max_tokens"] == 5
    create(temperature=None)
    assert json.loads(server.requests[-1].body)["temperature"] is None
