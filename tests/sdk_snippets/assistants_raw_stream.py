from openai_core import OpenAI

client = OpenAI()
assistant = client.beta.assistants.create(model="gpt-4o")
thread = client.beta.threads.create(messages=[{"role": "user", "content": "raw events"}])
stream = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id, stream=True)
text = ""
names = []
for event in stream:
    names.append(event.event)
    if event.event == "thread.message.delta":
        text += event.data.delta.content[0].text.value
    if event.event == "thread.run.completed":
        assert event.data.status == "completed"
assert text == "Echo: raw events"
assert names[0] == "thread.run.created" and names[-1] == "thread.run.completed"
