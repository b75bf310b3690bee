from pathlib import Path

from openai_core import OpenAI

client = OpenAI()
Path("german.mp3").write_bytes(b"ID3" + b"\x01" * 64)
translation = client.audio.translations.create(model="whisper-1", file=Path("german.mp3"))
assert isinstance(translation.text, str) and translation.text
