from openai_core import AssistantEventHandler, OpenAI


class Collector(AssistantEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []

    def on_event(self, event) -> None:
        self.events.append(event.event)

    def on_message_done(self, message) -> None:
        self.final_text = message.content[0].text.value


client = OpenAI()
assistant = client.beta.assistants.create(model="gpt-4o-mini")
handler = Collector()
with client.beta.threads.create_and_run_stream(
    assistant_id=assistant.id,
    thread={"messages": [{"role": "user", "content": "stream please"}]},
    event_handler=handler,
) as stream:
    stream.until_done()
assert handler.events[0] == "thread.run.created"
assert handler.events[-1] == "thread.run.completed"
assert handler.final_text.endswith("stream please")
