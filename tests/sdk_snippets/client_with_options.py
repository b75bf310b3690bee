from openai_core import OpenAI
from openai_core.testing import LocalServer

with LocalServer() as server:
    client = OpenAI(base_url=server.url, api_key="sk-test", max_retries=0, timeout=20.0)
    server.fail_next(500)
    reply = client.with_options(max_retries=2, timeout=5.0).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
    )
    assert reply.choices[0].message.content
    assert len(server.requests) == 2
    assert client.max_retries == 0
    assert client.with_options(max_retries=5).max_retries == 5
