"""A batch job of any size: split into batches, crash-safe, results streamed to a file.

`client.batches.run(requests, manifest="job.json")` splits the requests into as many Batch
API batches as the per-batch limits need, runs a few at a time, and appends each batch's
answers to a JSONL file as soon as it ends. Kill it at any point (even `kill -9`) and run
it again with `--resume`: finished batches are not sent again, and each request is answered
exactly once in the output. The requests are generated lazily, never held in memory.

Run: python examples/batch_job.py [--requests 2000] [--per-batch 500] [--manifest job.json] [--resume]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _local import MODEL, api

from openai_core import Client

parser = argparse.ArgumentParser()
parser.add_argument("--requests", type=int, default=2000)
parser.add_argument("--per-batch", type=int, default=500, help="max requests per batch (the API allows 50,000)")
parser.add_argument("--manifest", help="the job's manifest file (default: in a temporary directory)")
parser.add_argument("--resume", action="store_true", help="continue the job of --manifest")
args = parser.parse_args()


def requests(count: int) -> Iterator[tuple[str, dict[str, Any]]]:
    for n in range(count):
        yield f"q-{n}", {"model": MODEL, "messages": [{"role": "user", "content": f"What is {n} plus one?"}]}


def show(done: int, total: int) -> None:
    print(f"\r  {done}/{total} requests", end="", file=sys.stderr, flush=True)


with api() as (base_url, api_key), tempfile.TemporaryDirectory() as scratch:
    manifest = Path(args.manifest or os.path.join(scratch, "job.json"))
    started = time.monotonic()
    with Client(api_key=api_key, base_url=base_url) as client:
        if args.resume:
            job = client.batches.run(requests(args.requests), resume=manifest, poll_interval=0.05, progress=show)
        else:
            job = client.batches.run(
                requests(args.requests),
                manifest=manifest,
                max_requests_per_batch=args.per_batch,
                poll_interval=0.05,
                progress=show,
            )
    print(file=sys.stderr)
    took = time.monotonic() - started
    print(f"{len(job.batch_ids)} batches, {job.completed} answers, {job.failed} failed, in {took:.1f} s")
    first = next(job.iter_results())
    print(f"first answer: {first[0]} -> {first[1].choices[0].message.content}")
    print(f"answers in {job.output} ({job.output.stat().st_size} bytes)")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
