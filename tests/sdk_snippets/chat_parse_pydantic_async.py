import asyncio

from pydantic import BaseModel

from openai_core import AsyncOpenAI


class CalendarEvent(BaseModel):
    name: str
    date: str
    participants: list[str]
    location: str | None


async def main() -> None:
    client = AsyncOpenAI()
    completion = await client.chat.completions.parse(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Alice and Bob are going to a science fair on Friday."}],
        response_format=CalendarEvent,
    )
    event = completion.choices[0].message.parsed
    assert isinstance(event, CalendarEvent)
    assert isinstance(event.participants, list)
    assert event.model_dump()["name"] == event.name
    await client.close()


asyncio.run(main())
