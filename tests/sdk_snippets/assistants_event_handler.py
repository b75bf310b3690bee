from typing_extensions import override

from openai_core import AssistantEventHandler, OpenAI

client = OpenAI()


class EventHandler(AssistantEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.created = 0
        self.deltas: list[str] = []

    @override
    def on_text_created(self, text) -> None:
        self.created += 1

    @override
    def on_text_delta(self, delta, snapshot) -> None:
        self.deltas.append(delta.value)


assistant = client.beta.assistants.create(model="gpt-4o", instructions="Be brief.")
thread = client.beta.threads.create(messages=[{"role": "user", "content": "Tell me a fun fact"}])
handler = EventHandler()
with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id, event_handler=handler) as stream:
    stream.until_done()
assert handler.created == 1
assert "".join(handler.deltas)
final_messages = stream.get_final_messages()
assert final_messages[0].content[0].text.value == "".join(handler.deltas)
assert stream.current_run.status == "completed"
