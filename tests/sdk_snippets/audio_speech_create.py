from pathlib import Path

from openai_core import OpenAI

client = OpenAI()
response = client.audio.speech.create(model="tts-1", voice="alloy", input="Hello world", response_format="wav")
data = response.read()
assert data[:4] == b"RIFF"
assert response.content == data
target = Path("hello.wav")
response.write_to_file(target)
assert target.read_bytes() == data
