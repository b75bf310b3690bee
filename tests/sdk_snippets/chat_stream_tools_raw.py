import json

from openai_core import OpenAI

client = OpenAI()
stream = client.chat.completions.create(
    model="gpt-4o",
    messages=[{"role": "user", "content": "Book a table for two"}],
    tools=[
        {
            "type": "function",
            "function": {
                "name": "book_table",
                "parameters": {
                    "type": "object",
                    "properties": {"people": {"type": "integer"}, "time": {"type": "string"}},
                    "required": ["people", "time"],
                },
            },
        }
    ],
    stream=True,
)
calls: dict[int, dict] = {}
for chunk in stream:
    for tc in chunk.choices[0].delta.tool_calls or []:
        entry = calls.setdefault(tc.index, {"name": "", "arguments": ""})
        if tc.function.name:
            entry["name"] = tc.function.name
        entry["arguments"] += tc.function.arguments or ""
assert calls[0]["name"] == "book_table"
assert set(json.loads(calls[0]["arguments"])) == {"people", "time"}
