import asyncio
from pathlib import Path

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
video = client.videos.create_and_poll(model="sora-2", prompt="A calico cat playing a piano on stage")
assert video.status == "completed"
assert video.progress == 100
content = client.videos.download_content(video.id, variant="video")
content.write_to_file("video.mp4")
assert Path("video.mp4").read_bytes()[4:8] == b"ftyp"
assert video.id in [v.id for v in client.videos.list()]


async def main() -> None:
    aclient = AsyncOpenAI()
    queued = await aclient.videos.create(model="sora-2", prompt="waves", seconds="8")
    assert queued.status == "queued"
    done = await aclient.videos.poll(queued.id)
    assert done.status == "completed" and done.seconds == "8"
    deleted = await aclient.videos.delete(done.id)
    assert deleted.deleted
    await aclient.close()


asyncio.run(main())
