from openai_core import OpenAI

client = OpenAI()
assistant = client.beta.assistants.create(
    name="Math Tutor",
    instructions="You are a personal math tutor.",
    tools=[{"type": "code_interpreter"}],
    model="gpt-4o",
)
assert assistant.id.startswith("asst_")
assert assistant.name == "Math Tutor"
thread = client.beta.threads.create()
message = client.beta.threads.messages.create(
    thread_id=thread.id, role="user", content="I need to solve the equation `3x + 11 = 14`. Can you help me?"
)
assert message.role == "user"
assert message.content[0].text.value.startswith("I need to solve")

run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
assert run.status == "completed"
messages = client.beta.threads.messages.list(thread_id=thread.id)
roles = [m.role for m in messages]
assert roles == ["assistant", "user"]
reply = messages.data[0].content[0].text.value
assert reply
