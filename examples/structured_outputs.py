"""Structured outputs: the model answers in the shape of your attrs classes.

Run: python examples/structured_outputs.py
"""

from __future__ import annotations

from typing import Literal

import attrs
from _local import MODEL, api

from openai_core import Client, RefusalError


@attrs.define
class Attendee:
    name: str
    role: Literal["host", "guest"]


@attrs.define
class Meeting:
    title: str
    day: Literal["mon", "tue", "wed", "thu", "fri"]
    attendees: list[Attendee]
    notes: str | None = None


with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    try:
        reply = client.chat.completions.parse(
            model=MODEL,
            messages=[{"role": "user", "content": "Ana hosts a planning meeting with Bo on Tuesday."}],
            response_format=Meeting,
        )
    except RefusalError as err:
        print("the model refused:", err.refusal)
    else:
        meeting = reply.parsed
        assert isinstance(meeting, Meeting)
        print("parsed:", type(meeting).__name__, meeting.title, meeting.day)
        for person in meeting.attendees:
            print("  attendee:", person.name, f"({person.role})")
