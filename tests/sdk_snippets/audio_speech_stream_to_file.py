import warnings
from pathlib import Path

from openai_core import OpenAI

client = OpenAI()
response = client.audio.speech.create(model="tts-1", voice="alloy", input="The quick brown fox jumped.")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    response.stream_to_file(Path("fox.mp3"))
assert Path("fox.mp3").read_bytes() == response.content
assert response.content.startswith(b"ID3")
