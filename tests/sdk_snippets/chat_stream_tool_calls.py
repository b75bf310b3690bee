from openai_core import OpenAI

client = OpenAI()
tools = [
    {
        "type": "function",
        "function": {
            "name": "search",
            "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
        },
    }
]
with client.chat.completions.stream(
    model="gpt-4o",
    messages=[{"role": "user", "content": "Search the web for kittens"}],
    tools=tools,
) as stream:
    names = []
    for event in stream:
        if event.type == "tool_calls.function.arguments.done":
            names.append(event.name)
    completion = stream.get_final_completion()

assert names == ["search"]
call = completion.choices[0].message.tool_calls[0]
assert call.function.name == "search"
assert '"query"' in call.function.arguments
