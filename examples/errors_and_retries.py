"""Errors and retries: a 429 retried until it succeeds, and typed errors when it cannot.

On the embedded server the faults are injected with ``server.fail_next``; against a real
endpoint (OPENAI_BASE_URL) only the 401 (a wrong key) and the connection error are shown.

Run: python examples/errors_and_retries.py
"""

from __future__ import annotations

import logging

from _local import MODEL, api

import openai_core
from openai_core import Client

logging.basicConfig(format="  [log] %(message)s")
logging.getLogger("openai_core").setLevel(logging.INFO)  # one line per retry

with api() as endpoint:
    server = endpoint.server
    with Client(api_key=endpoint.api_key, base_url=endpoint.base_url, max_retries=2) as client:
        if server is not None:
            print("1. a 429, then success: retried after the server's retry-after-ms")
            server.fail_next(
                429,
                headers={"retry-after-ms": "50"},
                body={"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}},
            )
            before = len(server.requests)
            reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "retry me"}])
            print(f"  answer: {reply.choices[0].message.content} after {len(server.requests) - before} attempts")

            print("2. a 429 for insufficient quota is never retried")
            server.fail_next(429, body={"error": {"message": "You exceeded your quota", "code": "insufficient_quota"}})
            try:
                client.models.list()
            except openai_core.RateLimitError as err:
                print(f"  RateLimitError: HTTP {err.status_code} code={err.code} request id {err.request_id}")

        print("3. a 401 is typed, and never retried")
        if server is not None:
            server.fail_next(401, body={"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}})
            bad = client
        else:
            bad = Client(api_key="sk-wrong", base_url=endpoint.base_url)
        try:
            bad.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "hi"}])
        except openai_core.AuthenticationError as err:
            print(f"  AuthenticationError: HTTP {err.status_code} {err.message!r} code={err.code}")

print("4. a connection error, once the retries are spent")
with Client(api_key="sk-test", base_url="http://127.0.0.1:9/v1", max_retries=1) as client:
    try:
        client.models.list()
    except openai_core.APIConnectionError as err:
        print(f"  {type(err).__name__}: {err.message[:60]}...")
