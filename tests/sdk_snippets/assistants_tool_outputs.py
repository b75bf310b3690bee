import json

from openai_core import OpenAI

client = OpenAI()
assistant = client.beta.assistants.create(
    model="gpt-4o",
    tools=[
        {
            "type": "function",
            "function": {
                "name": "get_temperature",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
            },
        }
    ],
)
thread = client.beta.threads.create(messages=[{"role": "user", "content": "How warm is it in Oslo?"}])
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
assert run.status == "requires_action"
calls = run.required_action.submit_tool_outputs.tool_calls
assert calls[0].function.name == "get_temperature"
assert "city" in json.loads(calls[0].function.arguments)
run = client.beta.threads.runs.submit_tool_outputs_and_poll(
    thread_id=thread.id,
    run_id=run.id,
    tool_outputs=[{"tool_call_id": call.id, "output": "12C"} for call in calls],
)
assert run.status == "completed"
reply = client.beta.threads.messages.list(thread_id=thread.id, limit=1).data[0]
assert reply.role == "assistant"
assert "12C" in reply.content[0].text.value
steps = client.beta.threads.runs.steps.list(run.id, thread_id=thread.id)
assert {step.type for step in steps} == {"tool_calls", "message_creation"}
