"""Text to speech, saved to a file; then the same audio streamed in pieces.

Run: python examples/speech_to_file.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _local import api

from openai_core import Client

with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    target = Path(tempfile.gettempdir()) / "hello.mp3"
    audio = client.audio.speech.create(model="gpt-4o-mini-tts", voice="alloy", input="Hello from openai-core")
    audio.write_to_file(target)
    print(f"wrote {target.stat().st_size} bytes to {target}")

    streamed = client.audio.speech.with_options(stream_binary=True).create(
        model="gpt-4o-mini-tts", voice="alloy", input="Hello again"
    )
    with streamed:
        size = sum(len(chunk) for chunk in streamed.iter_bytes())
    print(f"streamed {size} bytes without holding them all")
