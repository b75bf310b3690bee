"""Realtime sessions over WebSocket: typed client and server events, sync and async.

The protocol lives here (URL, auth, encoding and decoding events); the socket itself comes from
the client's transport (``connect_websocket``), so the core does no I/O.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, cast
from urllib.parse import urlencode, urlsplit, urlunsplit

from ._config import ready_headers
from ._errors import APIDecodeError, OpenAIError
from ._models import parse, to_json_value

if TYPE_CHECKING:
    from ._client import AsyncClient, Client
    from .types.realtime import RealtimeServerEvent

__all__ = [
    "AsyncRealtimeConnection",
    "AsyncRealtimeHelpers",
    "AsyncWebSocket",
    "RealtimeConnection",
    "RealtimeHelpers",
    "SyncWebSocket",
    "realtime_url",
]


class SyncWebSocket(Protocol):
    """A connected WebSocket, as a sync transport's ``connect_websocket`` returns it."""

    def send_text(self, text: str) -> None:
        """Send one text message."""
        ...

    def recv_text(self) -> str | None:
        """The next text message, or ``None`` once the socket is closed."""
        ...

    def close(self) -> None:
        """Close the socket."""
        ...


class AsyncWebSocket(Protocol):
    """A connected WebSocket, as an async transport's ``connect_websocket`` returns it."""

    async def send_text(self, text: str) -> None:
        """Send one text message."""
        ...

    async def recv_text(self) -> str | None:
        """The next text message, or ``None`` once the socket is closed."""
        ...

    async def close(self) -> None:
        """Close the socket."""
        ...


def realtime_url(base_url: str, query: Mapping[str, Any]) -> str:
    """``https://host/v1`` -> ``wss://host/v1/realtime?model=...`` (``http`` -> ``ws``)."""
    parts = urlsplit(base_url)
    scheme = {"https": "wss", "http": "ws"}.get(parts.scheme, parts.scheme)
    params = urlencode({k: v for k, v in query.items() if v is not None})
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + "/realtime", params, ""))


def encode_event(event: Any) -> str:
    """A client event (an attrs object or a dict) as the JSON text to send."""
    data = to_json_value(event)
    if not isinstance(data, dict) or "type" not in data:
        raise TypeError("a Realtime client event is an object with a 'type', e.g. {'type': 'response.create'}")
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def decode_event(text: str) -> RealtimeServerEvent:
    """A server event from its JSON text; an unknown ``type`` arrives as ``UnknownObject``."""
    from .types.realtime import RealtimeServerEvent

    try:
        data = json.loads(text)
    except ValueError:
        raise APIDecodeError("A Realtime event is not valid JSON", status_code=101, body=text.encode()) from None
    return cast("RealtimeServerEvent", parse(data, RealtimeServerEvent))


def _socket_opener(transport: Any) -> Any:
    opener = getattr(transport, "connect_websocket", None)
    if opener is None:
        raise OpenAIError(f"{type(transport).__name__} cannot open WebSockets: it has no connect_websocket()")
    return opener


def _session_url(client: Client | AsyncClient, model: str | None, call_id: str | None) -> str:
    if (model is None) == (call_id is None):
        raise TypeError("connect() takes exactly one of model=... or call_id=...")
    base = client.websocket_base_url or client.base_url
    return realtime_url(base, {**client.config.query(), "model": model, "call_id": call_id})


class RealtimeConnection:
    """A live Realtime session: ``send`` client events, iterate typed server events."""

    def __init__(self, socket: SyncWebSocket) -> None:
        self._socket = socket

    def send(self, event: Any) -> None:
        """Send a client event (a dict or an attrs object with a ``type``)."""
        self._socket.send_text(encode_event(event))

    def recv(self) -> RealtimeServerEvent | None:
        """The next server event, or ``None`` when the session has ended."""
        text = self._socket.recv_text()
        return None if text is None else decode_event(text)

    def __iter__(self) -> Iterator[RealtimeServerEvent]:
        while (event := self.recv()) is not None:
            yield event

    def close(self) -> None:
        """End the session."""
        self._socket.close()

    def __enter__(self) -> RealtimeConnection:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncRealtimeConnection:
    """The async twin of :class:`RealtimeConnection`."""

    def __init__(self, socket: AsyncWebSocket) -> None:
        self._socket = socket

    async def send(self, event: Any) -> None:
        """Send a client event (a dict or an attrs object with a ``type``)."""
        await self._socket.send_text(encode_event(event))

    async def recv(self) -> RealtimeServerEvent | None:
        """The next server event, or ``None`` when the session has ended."""
        text = await self._socket.recv_text()
        return None if text is None else decode_event(text)

    async def __aiter__(self) -> AsyncIterator[RealtimeServerEvent]:
        while (event := await self.recv()) is not None:
            yield event

    async def close(self) -> None:
        """End the session."""
        await self._socket.close()

    async def __aenter__(self) -> AsyncRealtimeConnection:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


class RealtimeHelpers:
    """``client.realtime.connect(...)``."""

    _client: Client

    def connect(self, *, model: str | None = None, call_id: str | None = None) -> RealtimeConnection:
        """Open a Realtime session for ``model`` (or join the SIP/WebRTC call ``call_id``)."""
        url = _session_url(self._client, model, call_id)
        headers = dict(ready_headers(self._client.config.headers()))
        socket = _socket_opener(self._client.transport)(url, headers)
        return RealtimeConnection(socket)


class AsyncRealtimeHelpers:
    """``await client.realtime.connect(...)``."""

    _client: AsyncClient

    async def connect(self, *, model: str | None = None, call_id: str | None = None) -> AsyncRealtimeConnection:
        """Open a Realtime session for ``model`` (or join the SIP/WebRTC call ``call_id``)."""
        url = _session_url(self._client, model, call_id)
        headers = dict(await self._client._headers())
        socket = await _socket_opener(self._client.transport)(url, headers)
        return AsyncRealtimeConnection(socket)
