"""A multi-turn conversation with the Responses API, keeping the history ourselves:
each turn sends every earlier input and output item back as input.

Run: python examples/conversation.py
"""

from __future__ import annotations

from typing import Any

from _local import MODEL, api

from openai_core import Client

QUESTIONS = ["My name is Ada.", "What is my name?", "Spell it backwards."]

with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    history: list[dict[str, Any]] = []
    for turn, question in enumerate(QUESTIONS, 1):
        history.append({"role": "user", "content": question})
        response = client.responses.create(model=MODEL, input=history)
        history.extend(item.to_dict() for item in response.output)  # the model's items, as sent
        answer = "".join(part.text for item in response.output if item.type == "message" for part in item.content)
        print(f"turn {turn}: user:      {question}")
        print(f"        assistant: {answer}")
    print(f"history: {len(history)} items sent back on the last turn")
