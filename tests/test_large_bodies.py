"""Large request bodies: on ``AsyncClient`` they go out in pieces, without aiohttp's "large body"
``ResourceWarning`` and without holding the event loop; multipart files given by path stream
from disk, and ``uploads.upload_file`` keeps about the parts in flight in memory, on both
clients (peak memory measured in a separate client process)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

from openai_core import AsyncClient, Client
from openai_core._request import MultipartBody
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from transports import AsyncMockTransport, MockResponse, MockTransport

pytestmark = pytest.mark.timeout(120)

MIB = 1024 * 1024


def test_sync_large_json_body_arrives_whole(server: LocalServer) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        with Client(api_key="sk-test", base_url=server.url, max_retries=0) as client:
            assert client.embeddings.create(model="m", input="x" * (24 * MIB)).data
    assert len(json.loads(server.requests[-1].body)["input"]) == 24 * MIB


async def test_async_large_json_body_sends_without_warning_or_blocking(server: LocalServer) -> None:
    client = AsyncClient(api_key="sk-test", base_url=server.url, max_retries=0)
    text = "x" * (24 * MIB)
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.monotonic()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    ticking = asyncio.ensure_future(ticker())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ResourceWarning)
            reply = await client.embeddings.create(model="m", input=text)
        assert reply.data
        assert len(json.loads(server.requests[-1].body)["input"]) == 24 * MIB
    finally:
        done.set()
        await ticking
        await client.aclose()
    assert gaps and max(gaps) < 1.0, max(gaps)  # the loop kept running while 24 MiB went out


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_file_given_by_path_streams_from_disk(kind: str, server: LocalServer, tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b'{"a":1}\n' * (300 * 1024))  # 2.3 MiB
    client = make_client(kind, base_url=server.url)
    try:
        stored = await Api.run(client.files.create(file=path, purpose="batch"))
        content = await Api.run(client.files.content(stored.id))
        assert content.content == path.read_bytes()
        assert stored.bytes == path.stat().st_size and stored.filename == "data.jsonl"
    finally:
        await close_client(client)


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_mock_transports_hand_handlers_the_joined_body(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(b"z" * (2 * MIB))
    seen: list[Any] = []

    def handler(request: Any) -> MockResponse:
        seen.append(request.body)
        return MockResponse.json({"id": "file-1", "object": "file", "bytes": 1, "created_at": 1,
                                  "filename": "big.bin", "purpose": "batch", "status": "processed"})  # fmt: skip

    transport: Any = MockTransport(handler) if kind == "sync" else AsyncMockTransport(handler)
    client = make_client(kind, transport=transport)
    await Api.run(client.files.create(file=path, purpose="batch"))
    [body] = seen
    assert isinstance(body, bytes) and b"z" * (2 * MIB) in body


SCRIPT = r"""
import asyncio, os, sys, threading, time
from openai_core import AsyncClient, Client

kind, url, path, what = sys.argv[1:]
PAGE = os.sysconf("SC_PAGE_SIZE")
peak = [0]
def now(): return int(open("/proc/self/statm").read().split()[1]) * PAGE
def sample():
    while True:
        peak[0] = max(peak[0], now())
        time.sleep(0.002)
threading.Thread(target=sample, daemon=True).start()
def rss(): return peak[0]

async def main():
    if kind == "sync":
        client = Client(api_key="k", base_url=url)
        client.models.list()
        time.sleep(0.05)
        base = peak[0] = now()
        if what == "files":
            client.files.create(file=__import__("pathlib").Path(path), purpose="batch")
        else:
            client.uploads.upload_file(path, purpose="batch", part_size=8 * 1024 * 1024)
        client.close()
    else:
        client = AsyncClient(api_key="k", base_url=url)
        await client.models.list()
        time.sleep(0.05)
        base = peak[0] = now()
        if what == "files":
            await client.files.create(file=__import__("pathlib").Path(path), purpose="batch")
        else:
            await client.uploads.upload_file(path, purpose="batch", part_size=8 * 1024 * 1024, max_concurrency=2)
        await client.aclose()
    time.sleep(0.05)
    print(rss() - base)

asyncio.run(main())
"""


def growth(kind: str, server: LocalServer, path: Path, what: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, kind, server.url, str(path), what],
        capture_output=True, text=True, timeout=100, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    with path.open("wb") as fh:
        for _ in range(96):
            fh.write(b"y" * MIB)
    return path


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_files_create_from_a_path_keeps_memory_flat(kind: str, server: LocalServer, big_file: Path) -> None:
    assert growth(kind, server, big_file, "files") < 16 * MIB  # not the 96 MiB file, let alone copies of it


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_upload_file_keeps_about_the_parts_in_flight(kind: str, server: LocalServer, big_file: Path) -> None:
    # The parts being sent, the next one being read, and slack for a loaded machine (where a part
    # waits longer in the socket's buffer): far below the 96 MiB file.
    in_flight = 1 if kind == "sync" else 2
    assert growth(kind, server, big_file, "uploads") < ((in_flight + 1) * 8 + 16) * MIB


def test_a_multipart_body_is_sized_and_can_be_read_again(tmp_path: Path) -> None:
    from openai_core._request import encode_multipart

    path = tmp_path / "f.bin"
    path.write_bytes(b"0123456789")
    body, _ = encode_multipart({"file": path, "purpose": "batch"}, boundary="B")
    assert isinstance(body, MultipartBody)
    first, second = b"".join(body), b"".join(body)
    assert first == second == bytes(body) and len(body) == len(first)
    assert b"0123456789" in first
