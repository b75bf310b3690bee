import openai_core
from openai_core import OpenAI

client = OpenAI()
try:
    client.chat.completions.create(model="gpt-4o", messages=[], extra_body={"messages": None})
except openai_core.BadRequestError as e:
    assert e.status_code == 400
    assert e.param == "messages"
    assert e.type == "invalid_request_error"
    assert isinstance(e.body, dict)
else:
    raise AssertionError("expected BadRequestError")
