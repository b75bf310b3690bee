from enum import Enum
from typing import Literal

from pydantic import BaseModel, Field

from openai_core import OpenAI


class Priority(str, Enum):
    low = "low"
    high = "high"


class Ticket(BaseModel):
    summary: str = Field(description="One line summary")
    priority: Priority
    kind: Literal["bug", "feature"]
    assignee: str | None
    tags: list[str]


client = OpenAI()
completion = client.chat.completions.parse(
    model="gpt-4o",
    messages=[{"role": "user", "content": "The app crashes on login"}],
    response_format=Ticket,
)
ticket = completion.choices[0].message.parsed
assert isinstance(ticket, Ticket)
assert isinstance(ticket.priority, Priority)
assert ticket.kind in ("bug", "feature")
