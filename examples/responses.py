"""One call to the Responses API.

Run: python examples/responses.py
"""

from __future__ import annotations

from _local import MODEL, api

from openai_core import Client
from openai_core.types.responses import Response


def output_text(response: Response) -> str:
    """The text of the message items in a response's output."""
    return "".join(
        part.text
        for item in response.output
        if item.type == "message"
        for part in item.content
        if part.type == "output_text"
    )


with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    response = client.responses.create(
        model=MODEL,
        instructions="Answer in one sentence.",
        input="What is a sans-IO library?",
    )
    print("id:    ", response.id, f"({response.status})")
    print("output:", output_text(response))
    if response.usage:
        print("tokens:", response.usage.input_tokens, "in,", response.usage.output_tokens, "out")
