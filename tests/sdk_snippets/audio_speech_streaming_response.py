from pathlib import Path

from openai_core import OpenAI

client = OpenAI()
speech_file_path = Path("speech.mp3")
with client.audio.speech.with_streaming_response.create(
    model="gpt-4o-mini-tts",
    voice="coral",
    input="Today is a wonderful day to build something people love!",
) as response:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("audio/")
    response.stream_to_file(speech_file_path)
assert speech_file_path.stat().st_size > 0
