"""One chat completion, with the details that come back with it.

Run: python examples/chat.py
"""

from __future__ import annotations

from _local import MODEL, api

from openai_core import Client

with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    reply = client.chat.completions.create(
        model=MODEL,
        messages=[
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Say hello in three words."},
        ],
    )
    print("answer:    ", reply.choices[0].message.content)
    print("finish:    ", reply.choices[0].finish_reason)
    if reply.usage:
        print("tokens:    ", reply.usage.prompt_tokens, "in,", reply.usage.completion_tokens, "out")
    print("request id:", reply._request_id)
    print("remaining: ", reply._response.rate_limits.remaining_requests, "requests this window")
