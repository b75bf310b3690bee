import asyncio
from pathlib import Path

from openai_core import AsyncOpenAI, OpenAI

Path("note.mp3").write_bytes(b"ID3" + b"\x02" * 50)
client = OpenAI()
stream = client.audio.transcriptions.create(model="gpt-4o-mini-transcribe", file=Path("note.mp3"), stream=True)
deltas = []
for event in stream:
    if event.type == "transcript.text.delta":
        deltas.append(event.delta)
    elif event.type == "transcript.text.done":
        final = event.text
assert "".join(deltas) == final


async def main() -> None:
    aclient = AsyncOpenAI()
    astream = await aclient.audio.transcriptions.create(model="gpt-4o-transcribe", file=Path("note.mp3"), stream=True)
    types = [event.type async for event in astream]
    assert types[-1] == "transcript.text.done"
    await aclient.close()


asyncio.run(main())
