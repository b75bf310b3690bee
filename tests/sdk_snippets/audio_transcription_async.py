import asyncio
from pathlib import Path

from openai_core import AsyncOpenAI


async def main() -> None:
    Path("meeting.wav").write_bytes(b"RIFF" + b"\x00" * 100)
    client = AsyncOpenAI()
    transcription = await client.audio.transcriptions.create(
        model="whisper-1", file=Path("meeting.wav"), response_format="json", language="en"
    )
    assert transcription.text
    text = await client.audio.transcriptions.create(model="whisper-1", file=Path("meeting.wav"), response_format="text")
    assert isinstance(text, str) and text
    await client.close()


asyncio.run(main())
