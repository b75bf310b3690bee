import json

from openai_core import OpenAI

client = OpenAI()
tools = [
    {
        "type": "function",
        "name": "get_horoscope",
        "description": "Get today's horoscope for an astrological sign.",
        "parameters": {
            "type": "object",
            "properties": {"sign": {"type": "string"}},
            "required": ["sign"],
            "additionalProperties": False,
        },
        "strict": True,
    }
]
input_list = [{"role": "user", "content": "What is my horoscope? I am an Aquarius."}]
response = client.responses.create(model="gpt-4o", tools=tools, input=input_list)
calls = [item for item in response.output if item.type == "function_call"]
assert len(calls) == 1 and calls[0].name == "get_horoscope"
assert "sign" in json.loads(calls[0].arguments)

input_list += response.output
input_list.append({"type": "function_call_output", "call_id": calls[0].call_id, "output": "Good luck!"})
follow_up = client.responses.create(model="gpt-4o", tools=tools, tool_choice="none", input=input_list)
assert follow_up.output_text
