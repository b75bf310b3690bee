"""Files: upload one, find it in the list, download it (streamed to disk), delete it.

Run: python examples/file_upload.py
"""

from __future__ import annotations

import json
import pathlib
import tempfile

from _local import MODEL, api

from openai_core import Client

with (
    api() as (base_url, api_key),
    Client(api_key=api_key, base_url=base_url) as client,
    tempfile.TemporaryDirectory() as tmp,
):
    source = pathlib.Path(tmp, "requests.jsonl")
    lines = [
        {
            "custom_id": f"q{i}",
            "method": "POST",
            "url": "/v1/chat/completions",
            "body": {"model": MODEL, "messages": [{"role": "user", "content": f"Question {i}"}]},
        }
        for i in range(3)
    ]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))

    uploaded = client.files.create(file=source, purpose="batch")  # a path, bytes or a binary file
    print(f"uploaded:   {uploaded.id} {uploaded.filename} ({uploaded.bytes} bytes, purpose {uploaded.purpose})")

    listed = [f.id for f in client.files.list(purpose="batch")]  # every page, fetched as needed
    print(f"listed:     {len(listed)} batch file(s), ours included: {uploaded.id in listed}")

    target = pathlib.Path(tmp, "copy.jsonl")
    with client.files.with_options(stream_binary=True).content(uploaded.id) as body:
        written = body.write_to_file(target)  # chunk by chunk, never whole in memory
    print(f"downloaded: {written} bytes, identical: {target.read_bytes() == source.read_bytes()}")

    deleted = client.files.delete(uploaded.id)
    print(f"deleted:    {deleted.id} {deleted.deleted}")
