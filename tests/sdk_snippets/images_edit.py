import asyncio
import base64
from pathlib import Path

from openai_core import AsyncOpenAI, OpenAI

Path("otter.png").write_bytes(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
)
client = OpenAI()
with open("otter.png", "rb") as image:
    edited = client.images.edit(model="gpt-image-1", image=image, prompt="Add a tiny hat")
assert base64.b64decode(edited.data[0].b64_json).startswith(b"\x89PNG")


async def main() -> None:
    aclient = AsyncOpenAI()
    variation = await aclient.images.create_variation(image=Path("otter.png"), n=2, response_format="b64_json")
    assert len(variation.data) == 2
    await aclient.close()


asyncio.run(main())
