import asyncio

from openai_core import AsyncOpenAI, OpenAI

client = OpenAI()
data = b"line\n" * 1000
upload = client.uploads.create(purpose="assistants", filename="lines.txt", bytes=len(data), mime_type="text/plain")
assert upload.status == "pending"
part_ids = []
for start in range(0, len(data), 2048):
    part = client.uploads.parts.create(upload_id=upload.id, data=data[start : start + 2048])
    part_ids.append(part.id)
done = client.uploads.complete(upload_id=upload.id, part_ids=part_ids)
assert done.status == "completed"
assert done.file.filename == "lines.txt"


async def main() -> None:
    aclient = AsyncOpenAI()
    up = await aclient.uploads.create(purpose="batch", filename="a.jsonl", bytes=3, mime_type="application/jsonl")
    cancelled = await aclient.uploads.cancel(up.id)
    assert cancelled.status == "cancelled"
    await aclient.close()


asyncio.run(main())
