import os

import openai_core
from openai_core import OpenAI

saved = os.environ.pop("OPENAI_API_KEY")
try:
    OpenAI()
except openai_core.OpenAIError as e:
    assert "api_key" in str(e)
else:
    raise AssertionError("a client without a key must be refused")
finally:
    os.environ["OPENAI_API_KEY"] = saved
assert OpenAI().api_key == saved
