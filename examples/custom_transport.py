"""Your own transport: a logging one wrapped around RequestsTransport, and MockTransport
answering from a function with no server at all.

Run: python examples/custom_transport.py
"""

from __future__ import annotations

import json
import time

from _local import MODEL, api

from openai_core import Client, RawResponse, Request
from transports import MockResponse, MockTransport, RequestsTransport


class LoggingTransport:
    """A transport is two methods, send() and close(); retries, streams and errors stay the client's."""

    def __init__(self, inner: RequestsTransport) -> None:
        self.inner = inner

    def send(self, request: Request) -> RawResponse:
        started = time.perf_counter()
        response = self.inner.send(request)
        elapsed = (time.perf_counter() - started) * 1000
        print(
            f"  [log] {request.method} {request.url} -> {response.status} in {elapsed:.1f} ms"
            f" (request id {response.headers.get('x-request-id')})"
        )
        return response

    def close(self) -> None:
        self.inner.close()


print("1. LoggingTransport around RequestsTransport")
with api() as (base_url, api_key):
    transport = LoggingTransport(RequestsTransport())
    client = Client(api_key=api_key, base_url=base_url, transport=transport)
    reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Hi there"}])
    print("  chat:", reply.choices[0].message.content)
    print("  models:", len(list(client.models.list())))
    transport.close()  # a transport you pass in stays yours to close


print("2. MockTransport: a function answers every request")


def handler(request: Request) -> MockResponse:
    sent = json.loads(request.body or b"{}")
    return MockResponse.json(
        {
            "id": "chatcmpl-mock",
            "object": "chat.completion",
            "created": 0,
            "model": sent["model"],
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": f"Mocked reply to {sent['messages'][-1]['content']!r}"},
                }
            ],
        },
        headers={"x-request-id": "req_mock"},
    )


mock = MockTransport(handler)
with Client(api_key="sk-test", transport=mock) as client:
    reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "ping"}])
    print("  chat:", reply.choices[0].message.content, f"(request id {reply._request_id})")
    print("  recorded:", mock.requests[0])
