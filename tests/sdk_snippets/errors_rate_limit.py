import openai_core
from openai_core import OpenAI
from openai_core.testing import LocalServer

with LocalServer() as server:
    client = OpenAI(base_url=server.url, api_key="sk-test", max_retries=0)
    server.fail_next(429, headers={"retry-after": "0"})
    try:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    except openai_core.RateLimitError as e:
        assert e.status_code == 429
        assert e.code == "rate_limit_exceeded"
        assert e.response.headers["retry-after"] == "0"
    else:
        raise AssertionError("expected RateLimitError")
    assert len(server.requests) == 1
