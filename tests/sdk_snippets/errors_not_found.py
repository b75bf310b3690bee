import openai_core
from openai_core import OpenAI

client = OpenAI()
try:
    client.models.retrieve("gpt-does-not-exist")
except openai_core.NotFoundError as e:
    assert e.status_code == 404
    assert e.request_id and e.request_id.startswith("req_")
    assert e.code == "model_not_found"
    assert e.body["code"] == "model_not_found"
    assert e.response.status_code == 404
    assert "does not exist" in e.message
else:
    raise AssertionError("expected NotFoundError")

try:
    client.files.retrieve("file-missing")
except openai_core.APIStatusError as e:
    assert e.status_code == 404
    assert isinstance(e, openai_core.APIError)
    assert e.response.headers["x-request-id"] == e.request_id
