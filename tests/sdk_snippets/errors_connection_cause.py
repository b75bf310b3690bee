import socket

import openai_core
from openai_core import OpenAI

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
client = OpenAI(base_url=f"http://127.0.0.1:{port}/v1", max_retries=1)
try:
    client.fine_tuning.jobs.create(model="gpt-4o", training_file="file-abc123")
except openai_core.APIConnectionError as e:
    assert e.__cause__ is not None
    assert "Connection error" in str(e)
else:
    raise AssertionError("expected APIConnectionError")
