import asyncio
from pathlib import Path

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    async with client.audio.speech.with_streaming_response.create(
        model="tts-1", voice="nova", input="Streaming speech", response_format="mp3"
    ) as response:
        total = 0
        async for chunk in response.iter_bytes():
            total += len(chunk)
    assert total > 0
    speech = await client.audio.speech.create(model="tts-1", voice="nova", input="Saved speech")
    speech.write_to_file("saved.mp3")
    assert Path("saved.mp3").stat().st_size > 0
    await client.close()


asyncio.run(main())
