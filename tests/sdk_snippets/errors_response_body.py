import openai_core
from openai_core import OpenAI

client = OpenAI()
try:
    client.embeddings.create(model="text-embedding-3-small", input="x", encoding_format="bogus")
except openai_core.APIStatusError as e:
    assert e.status_code == 400
    assert e.response.json()["error"]["param"] == "encoding_format"
    assert "encoding_format" in e.response.text
    assert e.response.headers["x-request-id"] == e.request_id
    assert str(e).startswith("Error code: 400")
else:
    raise AssertionError("expected a 400")
