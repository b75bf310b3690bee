import openai_core as openai
from openai_core.testing import LocalServer

with LocalServer() as server:
    openai.api_key = "sk-module"
    openai.base_url = server.url + "/"
    messages = [{"role": "user", "content": "hi"}]
    completion = openai.chat.completions.create(model="gpt-4o-mini", messages=messages)
    assert completion.choices[0].message.content == "Echo: hi"
    assert server.requests[-1].headers["authorization"] == "Bearer sk-module"

    stream = openai.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True)
    assert "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices) == "Echo: hi"

    raw = openai.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=messages)
    assert raw.parse().choices[0].message.content == "Echo: hi"

    openai.api_key = "sk-rotated"
    assert any(model.id for model in openai.models.list())
    assert server.requests[-1].headers["authorization"] == "Bearer sk-rotated"
