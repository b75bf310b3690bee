"""A Responses API call streamed as typed events.

Run: python examples/responses_stream.py
"""

from __future__ import annotations

from collections import Counter

from _local import MODEL, api

from openai_core import Client

with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    seen: Counter[str] = Counter()
    with client.responses.create(model=MODEL, input="Stream a short greeting.", stream=True) as stream:
        for event in stream:
            seen[event.type] += 1
            if event.type == "response.output_text.delta":
                print(event.delta, end="", flush=True)
            elif event.type == "response.completed":
                print(f"\n[completed: {event.response.id}]")
    print("events:", ", ".join(f"{name} x{count}" for name, count in seen.items()))
