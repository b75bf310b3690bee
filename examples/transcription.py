"""Transcribe an audio file, whole and as a stream of text deltas.

Run: python examples/transcription.py
"""

from __future__ import annotations

from _local import api

from openai_core import Client

AUDIO = ("meeting.mp3", b"ID3" + bytes(2048), "audio/mpeg")  # a file path or an open file works too

with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    result = client.audio.transcriptions.create(model="gpt-4o-transcribe", file=AUDIO)
    print("text:", result.text)
    stream = client.audio.transcriptions.create(model="gpt-4o-transcribe", file=AUDIO, stream=True)
    pieces = [event.delta for event in stream if event.type == "transcript.text.delta"]
    print("streamed in", len(pieces), "pieces")
