import asyncio
import base64

from openai_core import AsyncOpenAI


async def main() -> None:
    client = AsyncOpenAI()
    result = await client.images.generate(model="gpt-image-1", prompt="two cats", n=2)
    assert len(result.data) == 2
    for image in result.data:
        assert base64.b64decode(image.b64_json)[:4] == b"\x89PNG"
    await client.close()


asyncio.run(main())
