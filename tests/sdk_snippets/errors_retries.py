from openai_core import OpenAI
from openai_core.testing import LocalServer

with LocalServer() as server:
    client = OpenAI(base_url=server.url, api_key="sk-test", max_retries=3)
    server.fail_next(500, headers={"retry-after-ms": "1"})
    server.fail_next(503, headers={"retry-after-ms": "1"})
    models = client.models.list()
    assert models.data
    assert len(server.requests) == 3

    server.reset()
    server.fail_next(500, headers={"retry-after-ms": "1"})
    try:
        client.with_options(max_retries=0).models.list()
    except Exception as e:
        assert type(e).__name__ == "InternalServerError"
        assert e.status_code == 500
    else:
        raise AssertionError("expected InternalServerError")
    assert len(server.requests) == 1
