"""A chat completion streamed as it is generated.

Run: python examples/chat_stream.py
"""

from __future__ import annotations

from _local import MODEL, api

from openai_core import Client

with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    finish = None
    # Leaving the `with` block (even by an exception) frees the connection.
    with client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": "Count from one to five, please."}],
        stream=True,
        stream_options={"include_usage": True},
    ) as stream:
        for chunk in stream:
            if chunk.choices:
                print(chunk.choices[0].delta.content or "", end="", flush=True)
                finish = chunk.choices[0].finish_reason or finish
            elif chunk.usage:  # the last chunk, asked for with include_usage
                print(f"\n[{chunk.usage.completion_tokens} tokens]", end="")
    print(f"\n[finish reason: {finish}]")
