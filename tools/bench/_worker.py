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
    session = requests.Session()
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


def _sse_data(resp: requests.Response) -> Iterator[bytes]:
    """The minimal raw splitter: blank-line separated events, the ``data: `` payload of each."""
    buf = b""
    for piece in resp.iter_content(None):
        buf += piece
        events = buf.split(b"\n\n")
        buf = events.pop()
        for event in events:
            at = event.find(b"data: ")
            if at >= 0:
                yield event[at + 6 :]


@contextlib.contextmanager
def _chat_stream(mode: str, base: str) -> Iterator[Callable[[int], int]]:
    """A function reading a chat stream of ``count`` chunks; returns the total content length."""
    if mode == "raw":
        session, url = _session(), base + "/chat/completions"

        def raw(count: int) -> int:
            payload = {**CHAT, "stream": True, "stream_options": {"include_usage": True}}
            payload["max_completion_tokens"] = count
            total = 0
            with _post(session, url, payload, stream=True) as resp:
                for data in _sse_data(resp):
                    if data == b"[DONE]":
                        break
                    choices = json.loads(data)["choices"]
                    if choices:
                        total += len(choices[0]["delta"].get("content") or "")
            return total

        with session:
            yield raw
        return
    client = _sdk(mode)[0](api_key="k", base_url=base, max_retries=0)

    def sdk(count: int) -> int:
        total = 0
        stream = client.chat.completions.create(
            model=MODEL,
            messages=MESSAGES,
            stream=True,
            stream_options={"include_usage": True},
            max_completion_tokens=count,
        )
        for chunk in stream:
            if chunk.choices:
                total += len(chunk.choices[0].delta.content or "")
        return total

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
            total = 0
            payload = {"model": MODEL, "input": "hi", "stream": True, "max_output_tokens": count}
            with _post(session, url, payload, stream=True) as resp:
                for data in _sse_data(resp):
                    event = json.loads(data)
                    if event["type"] == "response.output_text.delta":
                        total += len(event["delta"])
            return total

        with session:
            read(STREAM_WARMUP)
            with _timed(result):
                result["check"] = read(n)
        return result
    client = _sdk(mode)[0](api_key="k", base_url=base, max_retries=0)

    def sdk(count: int) -> int:
        total = 0
        for event in client.responses.create(model=MODEL, input="hi", stream=True, max_output_tokens=count):
            if event.type == "response.output_text.delta":
                total += len(event.delta)
        return total

    try:
        sdk(STREAM_WARMUP)
        with _timed(result):
            result["check"] = sdk(n)
    finally:
        client.close()
    return result


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
    "embeddings": embeddings,
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
