"""A large file through the Uploads API: sent in parts, each read from disk when it is sent.

`client.uploads.upload_file()` creates the Upload, sends the parts (in parallel on the async
client), retries a failed part on its own, completes the Upload with the part ids in order
and returns the File. `progress=True` draws a bar (tqdm when installed, else a plain line).

Run: python examples/large_upload.py
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import pathlib
import tempfile

from _local import api

from openai_core import AsyncClient, Client

PART = 256 * 1024  # small parts, to show several; the default is the API's maximum (64 MiB)


def report(done: int, total: int) -> None:
    print(f"  sent {done:>8}/{total} bytes")


async def upload_async(base_url: str, api_key: str, path: pathlib.Path) -> str:
    async with AsyncClient(api_key=api_key, base_url=base_url) as client:
        uploaded = await client.uploads.upload_file(path, purpose="assistants", part_size=PART, max_concurrency=4)
        return uploaded.id


with (
    api() as (base_url, api_key),
    Client(api_key=api_key, base_url=base_url) as client,
    tempfile.TemporaryDirectory() as tmp,
):
    path = pathlib.Path(tmp, "dataset.bin")
    path.write_bytes(os.urandom(1024 * 1024 + 12345))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    uploaded = client.uploads.upload_file(path, purpose="assistants", part_size=PART, progress=report)
    print(f"uploaded: {uploaded.id} {uploaded.filename} ({uploaded.bytes} bytes)")
    copy = client.files.content(uploaded.id).content
    print(f"identical: {hashlib.sha256(copy).hexdigest() == digest}")

    file_id = asyncio.run(upload_async(base_url, api_key, path))
    print(f"async upload (4 parts at a time): {file_id}, identical: {client.files.content(file_id).content == copy}")
