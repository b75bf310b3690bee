from pydantic import BaseModel

import openai_core
from openai_core import OpenAI


class GetWeather(BaseModel):
    city: str
    country: str


client = OpenAI()
completion = client.chat.completions.parse(
    model="gpt-4o-2024-08-06",
    messages=[{"role": "user", "content": "What's the weather like in San Francisco?"}],
    tools=[openai_core.pydantic_function_tool(GetWeather)],
)
tool_call = completion.choices[0].message.tool_calls[0]
assert tool_call.function.name == "GetWeather"
assert isinstance(tool_call.function.parsed_arguments, GetWeather)
assert tool_call.function.parsed_arguments.city
