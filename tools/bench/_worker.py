"""One benchmark run, in a fresh process: ``python -m tools.bench._worker SCENARIO MODE --n N --port P``.

``MODE`` is ``raw`` (requests/aiohttp + ``json.loads``), ``ours`` (openai-core) or ``openai``
(the official SDK). The run warms up, then times its loop with ``time.process_time()`` (client
CPU, all threads) and ``time.perf_counter()`` (wall), and prints one JSON line::

    {"cpu": 1.23, "wall": 2.34, "n": 2000, "check": 512000, ...}   or   {"error": "..."}

The SDKs are imported by name so this module runs (and type-checks) without them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import os
import resource
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import aiohttp
import requests
import requests.adapters

__all__ = ["SCENARIOS", "main"]

Result = dict[str, Any]
HEADERS = {"Authorization": "Bearer k", "Content-Type": "application/json"}
MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "hi"}]
CHAT = {"model": MODEL, "messages": MESSAGES}
EMBED = {"model": "text-embedding-3-small", "input": "hi"}
THREADS = 16
CONCURRENCY = 64
STREAM_WARMUP = 500


def _sdk(mode: str) -> tuple[Any, Any]:
    """The (sync, async) client classes of an SDK mode."""
    if mode == "ours":
        module = importlib.import_module("openai_core")
        return module.Client, module.AsyncClient
    if mode == "openai":
        module = importlib.import_module("openai")
        return module.OpenAI, module.AsyncOpenAI
    raise ValueError(f"not an SDK mode: {mode!r}")


def _warmup(n: int) -> int:
    return max(5, n // 50)


@contextlib.contextmanager
def _timed(result: Result) -> Iterator[None]:
    """Record the CPU and wall seconds of the block into ``result``."""
    cpu, wall = time.process_time(), time.perf_counter()
    yield
    result["wall"] = time.perf_counter() - wall
    result["cpu"] = time.process_time() - cpu


def _session() -> requests.Session:
    """The floor: a session that does not scan the environment for proxies on every request."""
    session = requests.Session()
    session.trust_env = False
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32, max_retries=0)
    session.mount("http://", adapter)
    return session


def _post(session: requests.Session, url: str, payload: dict[str, Any], stream: bool = False) -> requests.Response:
    resp = session.post(url, data=json.dumps(payload), headers=HEADERS, stream=stream)
    if resp.status_code != 200:
        raise RuntimeError(f"HTTP {resp.status_code}: {resp.text[:200]}")
    return resp


# --- sync calls ----------------------------------------------------------------------------


@contextlib.contextmanager
def _sync_chat(mode: str, base: str) -> Iterator[Callable[[], str]]:
    """A function making one chat completion call and returning the reply text."""
    if mode == "raw":
        session, url = _session(), base + "/chat/completions"

        def raw() -> str:
            content: str = json.loads(_post(session, url, CHAT).content)["choices"][0]["message"]["content"]
            return content

        with session:
            yield raw
        return
    client = _sdk(mode)[0](api_key="k", base_url=base, max_retries=0)

    def sdk() -> str:
        content: str = client.chat.completions.create(model=MODEL, messages=MESSAGES).choices[0].message.content
        return content

    try:
        yield sdk
    finally:
        client.close()


def seq_sync(mode: str, n: int, base: str) -> Result:
    """``n`` sequential chat completions on the sync client."""
    result: Result = {"n": n}
    with _sync_chat(mode, base) as call:
        for _ in range(_warmup(n)):
            call()
        with _timed(result):
            result["check"] = sum(len(call()) for _ in range(n))
    return result


def threads_sync(mode: str, n: int, base: str) -> Result:
    """``n`` chat completions over 16 threads sharing one sync client (or session)."""
    result: Result = {"n": n}
    errors: list[BaseException] = []
    totals = [0] * THREADS

    def run(calls: int) -> None:
        threads = [threading.Thread(target=loop, args=(i, calls)) for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]

    def loop(index: int, calls: int) -> None:
        try:
            for _ in range(calls):
                totals[index] += len(call())
        except Exception as exc:  # noqa: BLE001 - re-raised by run()
            errors.append(exc)

    with _sync_chat(mode, base) as call:
        run(2)
        totals[:] = [0] * THREADS
        with _timed(result):
            run(n // THREADS)
    result["n"] = n // THREADS * THREADS
    result["check"] = sum(totals)
    return result


# --- async calls ---------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def _async_chat(mode: str, base: str) -> AsyncIterator[Callable[[], Awaitable[str]]]:
    """A coroutine function making one chat completion call and returning the reply text."""
    if mode == "raw":
        url = base + "/chat/completions"
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as session:

            async def raw() -> str:
                async with session.post(url, data=json.dumps(CHAT), headers=HEADERS) as resp:
                    body = await resp.read()
                    if resp.status != 200:
                        raise RuntimeError(f"HTTP {resp.status}: {body[:200]!r}")
                content: str = json.loads(body)["choices"][0]["message"]["content"]
                return content

            yield raw
        return
    async with _sdk(mode)[1](api_key="k", base_url=base, max_retries=0) as client:

        async def sdk() -> str:
            reply = await client.chat.completions.create(model=MODEL, messages=MESSAGES)
            content: str = reply.choices[0].message.content
            return content

        yield sdk


def seq_async(mode: str, n: int, base: str) -> Result:
    """``n`` sequential chat completions on the async client."""
    result: Result = {"n": n}

    async def main() -> None:
        async with _async_chat(mode, base) as call:
            for _ in range(_warmup(n)):
                await call()
            total = 0
            with _timed(result):
                for _ in range(n):
                    total += len(await call())
            result["check"] = total

    asyncio.run(main())
    return result


def conc_async(mode: str, n: int, base: str) -> Result:
    """``n`` chat completions, 64 at a time (``asyncio.gather`` and a semaphore)."""
    result: Result = {"n": n}

    async def main() -> None:
        async with _async_chat(mode, base) as call:
            gate = asyncio.Semaphore(CONCURRENCY)

            async def one() -> int:
                async with gate:
                    return len(await call())

            await asyncio.gather(*(one() for _ in range(CONCURRENCY)))
            with _timed(result):
                lengths = await asyncio.gather(*(one() for _ in range(n)))
            result["check"] = sum(lengths)

    asyncio.run(main())
    return result


# --- streams -------------------------------------------------------------------------------


def _split(buf: bytes, piece: bytes) -> tuple[list[bytes], bytes]:
    """The minimal raw splitter: the ``data: `` payloads of the blank-line separated events that
    ``piece`` completes, and the bytes left over."""
    events = (buf + piece).split(b"\n\n")
    rest = events.pop()
    out = []
    for event in events:
        at = event.find(b"data: ")
        if at >= 0:
            out.append(event[at + 6 :])
    return out, rest


def _sse_data(resp: requests.Response) -> Iterator[bytes]:
    """The ``data`` payloads of a raw sync stream."""
    buf = b""
    for piece in resp.iter_content(None):
        events, buf = _split(buf, piece)
        yield from events


async def _async_sse_data(resp: aiohttp.ClientResponse) -> AsyncIterator[bytes]:
    """The ``data`` payloads of a raw async stream."""
    buf = b""
    async for piece in resp.content.iter_any():
        events, buf = _split(buf, piece)
        for event in events:
            yield event


def _chat_delta_length(data: bytes) -> int:
    """Raw chat chunk consumption: the length of its delta text (0 for the usage chunk)."""
    choices = json.loads(data)["choices"]
    return len(choices[0]["delta"].get("content") or "") if choices else 0


def _text_delta_length(data: bytes) -> int:
    """Raw Responses event consumption: the length of an ``output_text.delta`` (0 for others)."""
    event = json.loads(data)
    return len(event["delta"]) if event["type"] == "response.output_text.delta" else 0


def _chat_stream_args(count: int) -> dict[str, Any]:
    return {**CHAT, "stream": True, "stream_options": {"include_usage": True}, "max_completion_tokens": count}


def _responses_args(count: int) -> dict[str, Any]:
    return {"model": MODEL, "input": "hi", "stream": True, "max_output_tokens": count}


def _chunk_length(chunk: Any) -> int:
    return len(chunk.choices[0].delta.content or "") if chunk.choices else 0


def _event_length(event: Any) -> int:
    return len(event.delta) if event.type == "response.output_text.delta" else 0


@contextlib.contextmanager
def _chat_stream(mode: str, base: str) -> Iterator[Callable[[int], int]]:
    """A function reading a chat stream of ``count`` chunks; returns the total content length."""
    if mode == "raw":
        session, url = _session(), base + "/chat/completions"

        def raw(count: int) -> int:
            total = 0
            with _post(session, url, _chat_stream_args(count), stream=True) as resp:
                for data in _sse_data(resp):
                    if data == b"[DONE]":
                        break
                    total += _chat_delta_length(data)
            return total

        with session:
            yield raw
        return
    client = _sdk(mode)[0](api_key="k", base_url=base, max_retries=0)

    def sdk(count: int) -> int:
        return sum(_chunk_length(chunk) for chunk in client.chat.completions.create(**_chat_stream_args(count)))

    try:
        yield sdk
    finally:
        client.close()


def stream_chat(mode: str, n: int, base: str) -> Result:
    """One chat stream of ``n`` chunks, consumed as typed chunks (sum of delta lengths)."""
    result: Result = {"n": n}
    with _chat_stream(mode, base) as read:
        read(STREAM_WARMUP)
        with _timed(result):
            result["check"] = read(n)
    return result


def _peak_rss_kib() -> int:
    """Peak resident set size of this process so far (VmHWM), in KiB."""
    with contextlib.suppress(OSError), open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(b"VmHWM:"):
                return int(line.split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def rss_stream(mode: str, n: int, base: str) -> Result:
    """Peak RSS growth while reading a chat stream of ``n`` chunks."""
    result: Result = {"n": n}
    with _chat_stream(mode, base) as read:
        read(STREAM_WARMUP * 4)
        before = _peak_rss_kib()
        with _timed(result):
            result["check"] = read(n)
        result["rss_mb"] = (_peak_rss_kib() - before) / 1024
    return result


def stream_responses(mode: str, n: int, base: str) -> Result:
    """One Responses API stream of ``n`` ``response.output_text.delta`` events."""
    result: Result = {"n": n}
    if mode == "raw":
        session, url = _session(), base + "/responses"

        def read(count: int) -> int:
            with _post(session, url, _responses_args(count), stream=True) as resp:
                return sum(_text_delta_length(data) for data in _sse_data(resp))

        with session:
            read(STREAM_WARMUP)
            with _timed(result):
                result["check"] = read(n)
        return result
    client = _sdk(mode)[0](api_key="k", base_url=base, max_retries=0)

    def sdk(count: int) -> int:
        return sum(_event_length(event) for event in client.responses.create(**_responses_args(count)))

    try:
        sdk(STREAM_WARMUP)
        with _timed(result):
            result["check"] = sdk(n)
    finally:
        client.close()
    return result


async def _async_raw_stream(
    session: aiohttp.ClientSession, url: str, payload: dict[str, Any], length: Callable[[bytes], int]
) -> int:
    total = 0
    async with session.post(url, data=json.dumps(payload), headers=HEADERS) as resp:
        if resp.status != 200:
            raise RuntimeError(f"HTTP {resp.status}: {(await resp.read())[:200]!r}")
        async for data in _async_sse_data(resp):
            if data != b"[DONE]":
                total += length(data)
    return total


def _async_stream(mode: str, n: int, base: str, responses: bool) -> Result:
    """One stream of ``n`` chat chunks or Responses events on the async client."""
    result: Result = {"n": n}
    path, args = ("/responses", _responses_args) if responses else ("/chat/completions", _chat_stream_args)
    length = _text_delta_length if responses else _chat_delta_length

    async def main() -> None:
        read: Callable[[int], Awaitable[int]]
        if mode == "raw":
            session = aiohttp.ClientSession()

            async def read(count: int) -> int:
                return await _async_raw_stream(session, base + path, args(count), length)

            close: Callable[[], Awaitable[None]] = session.close
        else:
            client = _sdk(mode)[1](api_key="k", base_url=base, max_retries=0)
            create = client.responses.create if responses else client.chat.completions.create
            item_length = _event_length if responses else _chunk_length

            async def read(count: int) -> int:
                return sum([item_length(item) async for item in await create(**args(count))])

            close = client.close
        try:
            await read(STREAM_WARMUP)
            with _timed(result):
                result["check"] = await read(n)
        finally:
            await close()

    asyncio.run(main())
    return result


def stream_chat_async(mode: str, n: int, base: str) -> Result:
    """One chat stream of ``n`` chunks on the async client, consumed as typed chunks."""
    return _async_stream(mode, n, base, responses=False)


def stream_responses_async(mode: str, n: int, base: str) -> Result:
    """One Responses API stream of ``n`` text deltas on the async client."""
    return _async_stream(mode, n, base, responses=True)


# --- embeddings and construction -----------------------------------------------------------


def embeddings(mode: str, n: int, base: str) -> Result:
    """``n`` embeddings calls, one 1,536-dim vector each."""
    result: Result = {"n": n}
    if mode == "raw":
        session, url = _session(), base + "/embeddings"

        def call() -> int:
            vector: list[float] = json.loads(_post(session, url, EMBED).content)["data"][0]["embedding"]
            return len(vector)

        with session:
            for _ in range(_warmup(n)):
                call()
            with _timed(result):
                result["check"] = sum(call() for _ in range(n))
        return result
    client = _sdk(mode)[0](api_key="k", base_url=base, max_retries=0)
    try:
        for _ in range(_warmup(n)):
            client.embeddings.create(**EMBED)
        with _timed(result):
            result["check"] = sum(len(client.embeddings.create(**EMBED).data[0].embedding) for _ in range(n))
    finally:
        client.close()
    return result


def embeddings_async(mode: str, n: int, base: str) -> Result:
    """``n`` embeddings calls on the async client, one 1,536-dim vector each."""
    result: Result = {"n": n}

    async def main() -> None:
        if mode == "raw":
            url = base + "/embeddings"
            async with aiohttp.ClientSession() as session:

                async def raw() -> int:
                    async with session.post(url, data=json.dumps(EMBED), headers=HEADERS) as resp:
                        body = await resp.read()
                    return len(json.loads(body)["data"][0]["embedding"])

                for _ in range(_warmup(n)):
                    await raw()
                with _timed(result):
                    result["check"] = sum([await raw() for _ in range(n)])
            return
        async with _sdk(mode)[1](api_key="k", base_url=base, max_retries=0) as client:

            async def sdk() -> int:
                return len((await client.embeddings.create(**EMBED)).data[0].embedding)

            for _ in range(_warmup(n)):
                await sdk()
            with _timed(result):
                result["check"] = sum([await sdk() for _ in range(n)])

    asyncio.run(main())
    return result


def client_init(mode: str, n: int, base: str) -> Result:
    """Construction time of ``n`` clients (``requests.Session()`` for raw), each timed alone."""
    factory: Callable[[], Any]
    if mode == "raw":
        factory = requests.Session
    else:
        cls = _sdk(mode)[0]

        def factory() -> Any:
            return cls(api_key="k", base_url=base, max_retries=0)

    made: list[Any] = []
    times: list[int] = []
    result: Result = {"n": n}
    with _timed(result):
        for _ in range(n + 1):
            start = time.perf_counter_ns()
            made.append(factory())
            times.append(time.perf_counter_ns() - start)
    for obj in made:
        obj.close()
    first, rest = times[0], sorted(times[1:])
    result["first_us"] = first / 1000
    result["median_us"] = rest[len(rest) // 2] / 1000
    return result


SCENARIOS: dict[str, Callable[[str, int, str], Result]] = {
    "seq_sync": seq_sync,
    "seq_async": seq_async,
    "conc_async": conc_async,
    "threads_sync": threads_sync,
    "stream_chat": stream_chat,
    "stream_responses": stream_responses,
    "stream_chat_async": stream_chat_async,
    "stream_responses_async": stream_responses_async,
    "embeddings": embeddings,
    "embeddings_async": embeddings_async,
    "rss_stream": rss_stream,
    "client_init": client_init,
}


def main(argv: list[str] | None = None) -> int:
    """Run one scenario in one mode and print its result as a JSON line."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench._worker")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("mode", choices=["raw", "ours", "openai"])
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cpu", type=int, default=None, help="pin this process to one core")
    args = parser.parse_args(argv)
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    base = f"http://127.0.0.1:{args.port}/v1"
    try:
        result = SCENARIOS[args.scenario](args.mode, args.n, base)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which carries on
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"[:500]}))
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
