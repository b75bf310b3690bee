from pathlib import Path

from openai_core import OpenAI

client = OpenAI()
Path("speech.mp3").write_bytes(b"ID3" + b"\x00" * 200)

with open("speech.mp3", "rb") as audio_file:
    transcription = client.audio.transcriptions.create(model="gpt-4o-transcribe", file=audio_file)
assert isinstance(transcription.text, str) and transcription.text

from_path = client.audio.transcriptions.create(model="whisper-1", file=Path("speech.mp3"))
assert from_path.text

from_tuple = client.audio.transcriptions.create(
    model="whisper-1", file=("clip.mp3", Path("speech.mp3").read_bytes(), "audio/mpeg")
)
assert from_tuple.text
