"""Vector stores: upload files and wait until they are indexed.

`upload_and_poll()` uploads, adds the file(s) to the store and polls until indexing is done,
waiting as long as the server's `openai-poll-after-ms` hint says (or `poll_interval_ms=`);
`max_wait_seconds=` bounds the whole wait (`timeout=` is each request's, as everywhere). A
batch's files are uploaded several at once (`max_concurrency=`).

Run: python examples/vector_store_poll.py
"""

from __future__ import annotations

import asyncio

from _local import api

from openai_core import AsyncClient, Client, PollTimeoutError

NOTES = [("notes-1.txt", b"Sans-IO cores do no I/O."), ("notes-2.txt", b"Transports only move bytes.")]


async def with_async_client(base_url: str, api_key: str, store_id: str) -> None:
    async with AsyncClient(api_key=api_key, base_url=base_url) as client:
        batch = await client.vector_stores.file_batches.upload_and_poll(store_id, files=NOTES, max_concurrency=2)
        print(f"async file batch: {batch.status}, {batch.file_counts.completed}/{batch.file_counts.total} indexed")


with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    store = client.vector_stores.create(name="notes")
    indexed = client.vector_stores.files.upload_and_poll(
        vector_store_id=store.id, file=("readme.txt", b"openai-core polls for you.")
    )
    print(f"file {indexed.id}: {indexed.status} ({indexed.usage_bytes} bytes)")

    batch = client.vector_stores.file_batches.upload_and_poll(store.id, files=[*NOTES, ("empty.txt", b"")])
    counts = batch.file_counts
    print(f"file batch {batch.id}: {batch.status}, {counts.completed} completed, {counts.failed} failed")

    asyncio.run(with_async_client(base_url, api_key, store.id))

    try:  # a wait that is too short raises, and the work goes on on the server
        client.vector_stores.files.create_and_poll(
            indexed.id, vector_store_id=store.id, poll_interval_ms=50, max_wait_seconds=0.01
        )
    except PollTimeoutError as exc:
        print(f"timed out as asked: still {exc.last.status!r}")
