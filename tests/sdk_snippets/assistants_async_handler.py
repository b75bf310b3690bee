import asyncio

from typing_extensions import override

from openai_core import AsyncAssistantEventHandler, AsyncOpenAI


class Printer(AsyncAssistantEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.done = False

    @override
    async def on_text_delta(self, delta, snapshot) -> None:
        self.text += delta.value

    @override
    async def on_end(self) -> None:
        self.done = True


async def main() -> None:
    client = AsyncOpenAI()
    assistant = await client.beta.assistants.create(model="gpt-4o")
    thread = await client.beta.threads.create(messages=[{"role": "user", "content": "async handler"}])
    handler = Printer()
    async with client.beta.threads.runs.stream(
        thread_id=thread.id, assistant_id=assistant.id, event_handler=handler
    ) as stream:
        await stream.until_done()
    assert handler.done
    assert handler.text == "Echo: async handler"
    await client.close()


asyncio.run(main())
