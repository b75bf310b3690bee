import os

from openai_core import OpenAI
from openai_core.testing import LocalServer

with LocalServer() as server:
    os.environ["OPENAI_BASE_URL"] = server.url
    client = OpenAI()
    assert str(client.base_url).rstrip("/") == server.url
    client.models.list()
    assert server.requests[-1].path == "/v1/models"
    assert server.requests[-1].headers["authorization"] == f"Bearer {os.environ['OPENAI_API_KEY']}"
