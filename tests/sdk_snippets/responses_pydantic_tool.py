from pydantic import BaseModel

import openai_core
from openai_core import OpenAI


class Lookup(BaseModel):
    symbol: str
    exchange: str


client = OpenAI()
response = client.responses.parse(
    model="gpt-4o",
    input="What's the price of AAPL on NASDAQ?",
    tools=[openai_core.pydantic_function_tool(Lookup)],
)
call = response.output[0]
assert call.type == "function_call"
assert call.name == "Lookup"
assert isinstance(call.parsed_arguments, Lookup)
