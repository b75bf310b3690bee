from openai_core import OpenAI
from openai_core.testing import LocalServer

body = {
    "object": "list",
    "data": [{"id": "m1", "object": "model", "created": 1, "owned_by": "me", "brand_new_field": {"a": 1}}],
    "new_top_level": True,
}
with LocalServer() as server:
    client = OpenAI(base_url=server.url, api_key="sk-test")
    server.fail_next(200, body=body)
    page = client.models.list()
    model = page.data[0]
    assert model.id == "m1"
    assert model.brand_new_field == {"a": 1}
    assert model.model_extra == {"brand_new_field": {"a": 1}}
    assert model.to_dict()["brand_new_field"] == {"a": 1}
