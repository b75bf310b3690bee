"""The Batch API in one call: many requests in, results matched back by custom_id.

`client.batches.run()` writes the requests as JSONL, uploads it, creates the batch, polls it
(as fast as the server's `openai-poll-after-ms` hint allows) and downloads the output and
error files. A request that fails (here: one without a model) is kept apart in `errors`.
`client.batches.results(batch_id)` picks an existing batch up again, e.g. after a restart.

Run: python examples/batch_run.py
"""

from __future__ import annotations

from _local import MODEL, api

from openai_core import Client

questions = [f"What is {n} squared?" for n in range(1, 21)]
requests = [
    (f"square-{n}", {"model": MODEL, "messages": [{"role": "user", "content": question}]})
    for n, question in enumerate(questions, start=1)
]
requests.append(("broken", {"messages": [{"role": "user", "content": "No model given."}]}))


def show(done: int, total: int) -> None:
    print(f"  progress: {done}/{total} requests")


with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    batch = client.batches.run(requests, endpoint="/v1/chat/completions", progress=show)
    print(f"batch {batch.id}: {batch.batch.status}, {len(batch.results)} results, {len(batch.errors)} errors")
    first = batch.results["square-1"]  # a typed chat completion
    print(f"square-1 -> {first.choices[0].message.content}")
    for custom_id, error in batch.errors.items():
        print(f"{custom_id} -> HTTP {error.status_code} {error.code}: {error.message}")

    # Picking the batch up again by id: no new upload, no new batch, the same results.
    again = client.batches.results(batch.id)
    print(f"resumed {again.id}: {len(again.results)} results, {len(again.errors)} errors")
