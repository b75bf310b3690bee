"""An in-memory transport for tests: a function of yours answers every request.

```python
def handler(request: Request) -> MockResponse:
    return MockResponse.json({"object": "list", "data": []})

client = Client(api_key="test", transport=MockTransport(handler))
```
"""

from __future__ import annotations

import inspect
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from typing import Any, Union

from openai_core import AsyncRawResponse, RawResponse, Request, _record
from openai_core._request import MultipartBody

from ._checks import check_headers

__all__ = ["AsyncMockTransport", "MockResponse", "MockTransport"]


@_record.define(kw_only=True)
class MockResponse:
    """A canned answer: status, headers and the body, whole or as chunks."""

    status: int = 200
    headers: Mapping[str, str] = _record.field(factory=dict)
    body: bytes | Iterable[bytes] = b""
    raises: BaseException | None = None

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> MockResponse:
        """A JSON answer."""
        return cls(
            status=status,
            headers={"content-type": "application/json", **(headers or {})},
            body=json.dumps(data).encode(),
        )

    @classmethod
    def sse(cls, events: Iterable[Any], *, done: bool = True, headers: Mapping[str, str] | None = None) -> MockResponse:
        """An SSE answer: each event is a dict (sent as JSON data) or a raw string of data;
        ``done`` appends ``data: [DONE]``."""
        chunks = [f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n".encode() for e in events]
        if done:
            chunks.append(b"data: [DONE]\n\n")
        return cls(headers={"content-type": "text/event-stream", **(headers or {})}, body=chunks)

    def _headers(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers.items()}

    def _chunks(self) -> Iterable[bytes]:
        return [self.body] if isinstance(self.body, bytes) else self.body


def _joined(request: Request) -> Request:
    """``request`` checked as a real transport would, with a streamed body joined for handlers."""
    check_headers(request.headers)
    if isinstance(request.body, MultipartBody):
        return _record.evolve(request, body=bytes(request.body))
    return request


Handler = Callable[[Request], Union[MockResponse, Awaitable[MockResponse]]]


class _OpenBody:
    """The body of one streamed mock answer, counted open until it is closed."""

    def __init__(self, owner: _Recorder, chunks: Iterable[bytes]) -> None:
        self._owner = owner
        self._chunks = iter(chunks)
        self.open = True
        owner.open_streams += 1

    def close(self) -> None:
        if self.open:
            self.open = False
            self._owner.open_streams -= 1

    def next_chunk(self) -> bytes | None:
        """The next chunk, or ``None`` at the end or once closed."""
        return next(self._chunks, None) if self.open else None


class _Recorder:
    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self.closed = False
        self.open_streams = 0

    def _check(self, answer: Any) -> MockResponse:
        if not isinstance(answer, MockResponse):
            raise TypeError(f"a {type(self).__name__} handler must return a MockResponse")
        if answer.raises is not None:
            raise answer.raises
        return answer


class MockTransport(_Recorder):
    """A sync transport whose answers come from ``handler(request)``; it keeps ``requests``."""

    def send(self, request: Request) -> RawResponse:
        """Record ``request`` and return the handler's answer; headers no HTTP library could
        send raise :class:`~openai_core.InvalidHeaderError`, as on the real transports."""
        request = _joined(request)
        self.requests.append(request)
        answer = self._check(self.handler(request))
        if not request.stream:
            return RawResponse(status=answer.status, headers=answer._headers(), content=b"".join(answer._chunks()))
        body = _OpenBody(self, answer._chunks())

        def iterate() -> Iterator[bytes]:
            while (chunk := body.next_chunk()) is not None:
                yield chunk

        return RawResponse(status=answer.status, headers=answer._headers(), chunks=iterate(), close=body.close)

    def close(self) -> None:
        """Mark the transport closed."""
        self.closed = True


class AsyncMockTransport(_Recorder):
    """An async transport whose answers come from ``handler(request)`` (sync or async)."""

    async def send(self, request: Request) -> AsyncRawResponse:
        """Record ``request`` and return the handler's answer (headers checked as above)."""
        request = _joined(request)
        self.requests.append(request)
        answer = self.handler(request)
        if inspect.isawaitable(answer):
            answer = await answer
        answer = self._check(answer)
        if not request.stream:
            return AsyncRawResponse(status=answer.status, headers=answer._headers(), content=b"".join(answer._chunks()))
        body = _OpenBody(self, answer._chunks())

        async def iterate() -> AsyncIterator[bytes]:
            while (chunk := body.next_chunk()) is not None:
                yield chunk

        return AsyncRawResponse(status=answer.status, headers=answer._headers(), chunks=iterate(), close=body.close)

    async def aclose(self) -> None:
        """Mark the transport closed."""
        self.closed = True
