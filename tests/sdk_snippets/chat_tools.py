import json

from openai_core import OpenAI

client = OpenAI()
tools = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the current weather in a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
                "required": ["city", "unit"],
            },
        },
    }
]
messages = [{"role": "user", "content": "What's the weather like in Paris today?"}]
completion = client.chat.completions.create(model="gpt-4o", messages=messages, tools=tools)
choice = completion.choices[0]
assert choice.finish_reason == "tool_calls"
tool_call = choice.message.tool_calls[0]
assert tool_call.type == "function"
assert tool_call.function.name == "get_weather"
args = json.loads(tool_call.function.arguments)
assert set(args) == {"city", "unit"}

messages.append(choice.message)
messages.append({"role": "tool", "tool_call_id": tool_call.id, "content": json.dumps({"temperature": 21})})
final = client.chat.completions.create(model="gpt-4o", messages=messages, tools=tools, tool_choice="none")
assert final.choices[0].finish_reason == "stop"
assert final.choices[0].message.content
assert not final.choices[0].message.tool_calls
