"""Request bodies sent in pieces: large byte strings sliced, files of a multipart body read in a
worker thread, so that an async transport lets the event loop run while it writes them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from openai_core._request import MultipartBody

__all__ = ["PIECE", "pieces"]

PIECE = 256 * 1024


async def pieces(value: bytes | MultipartBody) -> AsyncIterator[memoryview | bytes]:
    """``value`` in pieces of at most :data:`PIECE` bytes (a file's own chunks for its parts)."""
    for segment in value.segments if isinstance(value, MultipartBody) else (value,):
        if isinstance(segment, bytes):
            view = memoryview(segment)
            for start in range(0, len(view), PIECE):
                yield view[start : start + PIECE]
        else:
            chunks = segment.chunks()
            while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
                yield chunk
