"""Realtime sessions and the Responses API over WebSocket: typed senders and server events,
sync and async.

The protocol lives here (URL, auth, encoding and decoding events, the senders such as
``conn.session.update(...)``); the socket itself comes from the client's transport
(``connect_websocket``), so the core does no I/O. The senders are written once: each calls
the connection's ``send``, which returns ``None`` on a sync connection and an awaitable on an
async one.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast
from urllib.parse import urlencode, urlsplit, urlunsplit

from ._config import ready_headers
from ._errors import APIConnectionError, APIDecodeError, OpenAIError, WebSocketConnectionClosedError
from ._models import parse, to_json_value
from ._reconnect import (
    ABNORMAL_CLOSURE,
    NORMAL_CLOSURE,
    ReconnectingEvent,
    ReconnectingOverrides,
    Reconnection,
    SendQueue,
    reconnect_steps,
)
from ._types import NOT_GIVEN, NotGiven

if TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._client import Client
    from .types.realtime import RealtimeServerEvent
    from .types.responses import ResponsesServerEvent

R = TypeVar("R")
C = TypeVar("C")


__all__ = [
    "AsyncRealtimeConnection",
    "AsyncRealtimeHelpers",
    "AsyncResponsesConnection",
    "AsyncWebSocket",
    "RealtimeConnection",
    "RealtimeHelpers",
    "ResponsesConnection",
    "SyncWebSocket",
    "realtime_url",
    "websocket_url",
]


class SyncWebSocket(Protocol):
    """A connected WebSocket, as a sync transport's ``connect_websocket`` returns it. It may also
    have a ``close_code`` (the RFC 6455 code the socket closed with, once ``recv_text`` returned
    ``None``; 1006 when it dropped): a recoverable one lets the connection reconnect."""

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
    """A connected WebSocket, as an async transport's ``connect_websocket`` returns it (and its
    ``close_code``, as :class:`SyncWebSocket`'s)."""

    async def send_text(self, text: str) -> None:
        """Send one text message."""
        ...

    async def recv_text(self) -> str | None:
        """The next text message, or ``None`` once the socket is closed."""
        ...

    async def close(self) -> None:
        """Close the socket."""
        ...


def websocket_url(base_url: str, path: str, query: Mapping[str, Any]) -> str:
    """``https://host/v1`` + ``/realtime`` -> ``wss://host/v1/realtime?...`` (``http`` -> ``ws``)."""
    parts = urlsplit(base_url)
    scheme = {"https": "wss", "http": "ws"}.get(parts.scheme, parts.scheme)
    params = urlencode({k: v for k, v in query.items() if v is not None})
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + path, params, ""))


def realtime_url(base_url: str, query: Mapping[str, Any]) -> str:
    """The URL of a Realtime session: ``wss://host/v1/realtime?model=...``."""
    return websocket_url(base_url, "/realtime", query)


def encode_event(event: Any) -> str:
    """A client event (an attrs object or a dict) as the JSON text to send."""
    data = to_json_value(event)
    if not isinstance(data, dict) or "type" not in data:
        raise TypeError("a client event is an object with a 'type', e.g. {'type': 'response.create'}")
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise APIDecodeError("A WebSocket event is not valid JSON", status_code=101, body=text.encode()) from None


def decode_event(text: str) -> RealtimeServerEvent:
    """A Realtime server event from its JSON text; an unknown ``type`` arrives as ``UnknownObject``."""
    from .types.realtime import RealtimeServerEvent

    return cast("RealtimeServerEvent", parse(_loads(text), RealtimeServerEvent))


def decode_responses_event(text: str) -> ResponsesServerEvent:
    """A Responses WebSocket server event from its JSON text (unknown types as ``UnknownObject``)."""
    from .types.responses import ResponsesServerEvent

    return cast("ResponsesServerEvent", parse(_loads(text), ResponsesServerEvent))


def _socket_opener(transport: Any) -> Any:
    opener = getattr(transport, "connect_websocket", None)
    if opener is None:
        raise OpenAIError(f"{type(transport).__name__} cannot open WebSockets: it has no connect_websocket()")
    return opener


def _url(client: Client | AsyncClient, path: str, query: Mapping[str, Any], extra_query: Any) -> str:
    base = client.websocket_base_url or client.base_url
    return websocket_url(base, path, {**client.config.query(), **query, **dict(extra_query or {})})


def _session_url(client: Client | AsyncClient, model: str | None, call_id: str | None, extra_query: Any) -> str:
    if (model is None) == (call_id is None):
        raise TypeError("connect() takes exactly one of model=... or call_id=...")
    return _url(client, "/realtime", {"model": model, "call_id": call_id}, extra_query)


def _headers(config_headers: Mapping[str, str], extra_headers: Any) -> dict[str, str]:
    """The configuration's headers with ``extra_headers`` (``None`` values dropped)."""
    return {**config_headers, **{k: v for k, v in dict(extra_headers or {}).items() if v is not None}}


def _event(kind: str, **fields: Any) -> dict[str, Any]:
    """A client event: its ``type`` and the fields given (``NOT_GIVEN`` ones left out)."""
    return {"type": kind, **{k: v for k, v in fields.items() if not isinstance(v, NotGiven)}}


# ---- the senders (written once: ``send`` returns None, or an awaitable) -------------------------


class _Sender(Generic[R]):
    def __init__(self, send: Callable[[Any], R]) -> None:
        self._send = send


class SessionSender(_Sender[R]):
    """``conn.session``."""

    def update(self, *, session: Any, event_id: str | NotGiven = NOT_GIVEN) -> R:
        """Send ``session.update``: change the session's settings."""
        return self._send(_event("session.update", session=session, event_id=event_id))


class ResponseSender(_Sender[R]):
    """``conn.response``."""

    def create(self, *, response: Any = NOT_GIVEN, event_id: str | NotGiven = NOT_GIVEN) -> R:
        """Send ``response.create``: ask the model to respond (``response`` overrides settings)."""
        return self._send(_event("response.create", response=response, event_id=event_id))

    def cancel(self, *, response_id: str | NotGiven = NOT_GIVEN, event_id: str | NotGiven = NOT_GIVEN) -> R:
        """Send ``response.cancel``: stop the response in progress (or ``response_id``)."""
        return self._send(_event("response.cancel", response_id=response_id, event_id=event_id))


class InputAudioBufferSender(_Sender[R]):
    """``conn.input_audio_buffer``."""

    def append(self, *, audio: str, event_id: str | NotGiven = NOT_GIVEN) -> R:
        """Send ``input_audio_buffer.append`` with base64-encoded ``audio``."""
        return self._send(_event("input_audio_buffer.append", audio=audio, event_id=event_id))

    def commit(self, *, event_id: str | NotGiven = NOT_GIVEN) -> R:
        """Send ``input_audio_buffer.commit``: the buffered audio becomes a user message."""
        return self._send(_event("input_audio_buffer.commit", event_id=event_id))

    def clear(self, *, event_id: str | NotGiven = NOT_GIVEN) -> R:
        """Send ``input_audio_buffer.clear``."""
        return self._send(_event("input_audio_buffer.clear", event_id=event_id))


class OutputAudioBufferSender(_Sender[R]):
    """``conn.output_audio_buffer``."""

    def clear(self, *, event_id: str | NotGiven = NOT_GIVEN) -> R:
        """Send ``output_audio_buffer.clear``: stop the audio being played (WebRTC/SIP)."""
        return self._send(_event("output_audio_buffer.clear", event_id=event_id))


class ConversationItemSender(_Sender[R]):
    """``conn.conversation.item``."""

    def create(
        self, *, item: Any, previous_item_id: str | NotGiven = NOT_GIVEN, event_id: str | NotGiven = NOT_GIVEN
    ) -> R:
        """Send ``conversation.item.create``: add a message, function call or call output."""
        return self._send(
            _event("conversation.item.create", item=item, previous_item_id=previous_item_id, event_id=event_id)
        )

    def delete(self, *, item_id: str, event_id: str | NotGiven = NOT_GIVEN) -> R:
        """Send ``conversation.item.delete``."""
        return self._send(_event("conversation.item.delete", item_id=item_id, event_id=event_id))

    def retrieve(self, *, item_id: str, event_id: str | NotGiven = NOT_GIVEN) -> R:
        """Send ``conversation.item.retrieve``: the server answers with the item."""
        return self._send(_event("conversation.item.retrieve", item_id=item_id, event_id=event_id))

    def truncate(
        self, *, item_id: str, content_index: int, audio_end_ms: int, event_id: str | NotGiven = NOT_GIVEN
    ) -> R:
        """Send ``conversation.item.truncate``: cut an assistant audio message at ``audio_end_ms``."""
        return self._send(
            _event(
                "conversation.item.truncate",
                item_id=item_id,
                content_index=content_index,
                audio_end_ms=audio_end_ms,
                event_id=event_id,
            )
        )


class ConversationSender(_Sender[R]):
    """``conn.conversation``."""

    def __init__(self, send: Callable[[Any], R]) -> None:
        super().__init__(send)
        self.item = ConversationItemSender(send)


class ResponsesResponseSender(_Sender[R]):
    """``conn.response`` of a Responses WebSocket."""

    def create(self, **params: Any) -> R:
        """Send ``response.create`` with the fields of ``responses.create()`` (``model``,
        ``input``, ``tools``, ``previous_response_id``, ``stream_id``, ...)."""
        return self._send(_event("response.create", **params))


# ---- the connections ---------------------------------------------------------------------------

SyncOpener = Callable[[Mapping[str, Any], Mapping[str, "str | None"]], SyncWebSocket]
"""Opens the socket again with the given extra query and headers (on reconnection)."""
AsyncOpener = Callable[[Mapping[str, Any], Mapping[str, "str | None"]], Awaitable[AsyncWebSocket]]


def _close_code(socket: SyncWebSocket | AsyncWebSocket) -> int:
    """How the socket closed; a socket that does not tell closed normally."""
    code = getattr(socket, "close_code", None)
    return NORMAL_CLOSURE if code is None else int(code)


def _unsent(reconnection: Reconnection) -> WebSocketConnectionClosedError | None:
    """The error to raise when the connection is gone for good with messages still queued."""
    unsent = reconnection.queue.drain()
    if not unsent:
        return None
    return WebSocketConnectionClosedError("WebSocket connection closed with unsent messages", unsent_messages=unsent)


class _SyncConnection(Generic[C]):
    """A live WebSocket: ``send`` client events, ``recv`` or iterate typed server events. With an
    ``on_reconnecting`` handler, a connection that drops is opened again (see :mod:`._reconnect`)."""

    def __init__(
        self,
        socket: SyncWebSocket,
        decode: Callable[[str], C],
        reopen: SyncOpener | None = None,
        reconnection: Reconnection | None = None,
    ) -> None:
        self._socket = socket
        self._decode = decode
        self._reopen = reopen
        self._reconnection = reconnection or Reconnection()
        self._closed = False

    def send(self, event: Any) -> None:
        """Send a client event (a dict or an attrs object with a ``type``)."""
        self.send_raw(encode_event(event))

    def send_raw(self, data: str) -> None:
        """Send text as it is (queued while reconnecting)."""
        reconnection = self._reconnection
        if reconnection.reconnecting:
            reconnection.queue.enqueue(data)
            return
        try:
            self._socket.send_text(data)
        except APIConnectionError:
            if reconnection.on_reconnecting is not None:
                reconnection.queue.enqueue(data)  # sent on the next connection, if there is one
            raise

    def recv(self) -> C | None:
        """The next server event, or ``None`` when the connection has ended."""
        while True:
            try:
                text = self._socket.recv_text()
            except APIConnectionError as exc:
                if self._reconnect(ABNORMAL_CLOSURE):
                    continue
                unsent = _unsent(self._reconnection)
                if unsent is not None:
                    raise unsent from exc
                raise
            if text is not None:
                return self._decode(text)
            if not self._reconnect(_close_code(self._socket)):
                unsent = _unsent(self._reconnection)
                if unsent is not None:
                    raise unsent
                return None

    def _reconnect(self, close_code: int) -> bool:
        """Open the connection again, as the reconnection policy says; whether it worked."""
        if self._reopen is None:
            return False
        steps = reconnect_steps(self._reconnection, close_code, self._ended)
        try:
            step = next(steps)
            while True:
                step = steps.send(self._perform(*step))
        except StopIteration as done:
            return bool(done.value)

    def _perform(self, kind: str, arg: Any) -> bool:
        """One step of :func:`reconnect_steps`; whether it worked."""
        try:
            if kind == "close":
                with contextlib.suppress(OSError):
                    self._socket.close()  # what is left of the old one
            elif kind == "sleep":
                time.sleep(arg)
            elif kind == "open":
                assert self._reopen is not None
                self._socket = self._reopen(self._reconnection.extra_query, self._reconnection.extra_headers)
            else:
                self._socket.send_text(arg)
        except APIConnectionError:
            return False
        return True

    def __iter__(self) -> Iterator[C]:
        while (event := self.recv()) is not None:
            yield event

    def _ended(self) -> bool:
        return self._closed

    def close(self) -> None:
        """End the connection (no reconnection after this)."""
        self._closed = True
        self._socket.close()

    def __enter__(self) -> Any:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _AsyncConnection(Generic[C]):
    """The async twin of :class:`_SyncConnection`."""

    def __init__(
        self,
        socket: AsyncWebSocket,
        decode: Callable[[str], C],
        reopen: AsyncOpener | None = None,
        reconnection: Reconnection | None = None,
    ) -> None:
        self._socket = socket
        self._decode = decode
        self._reopen = reopen
        self._reconnection = reconnection or Reconnection()
        self._closed = False

    async def send(self, event: Any) -> None:
        """Send a client event (a dict or an attrs object with a ``type``)."""
        await self.send_raw(encode_event(event))

    async def send_raw(self, data: str) -> None:
        """Send text as it is (queued while reconnecting)."""
        reconnection = self._reconnection
        if reconnection.reconnecting:
            reconnection.queue.enqueue(data)
            return
        try:
            await self._socket.send_text(data)
        except APIConnectionError:
            if reconnection.on_reconnecting is not None:
                reconnection.queue.enqueue(data)
            raise

    async def recv(self) -> C | None:
        """The next server event, or ``None`` when the connection has ended."""
        while True:
            try:
                text = await self._socket.recv_text()
            except APIConnectionError as exc:
                if await self._reconnect(ABNORMAL_CLOSURE):
                    continue
                unsent = _unsent(self._reconnection)
                if unsent is not None:
                    raise unsent from exc
                raise
            if text is not None:
                return self._decode(text)
            if not await self._reconnect(_close_code(self._socket)):
                unsent = _unsent(self._reconnection)
                if unsent is not None:
                    raise unsent
                return None

    async def _reconnect(self, close_code: int) -> bool:
        """Open the connection again, as the reconnection policy says; whether it worked."""
        if self._reopen is None:
            return False
        steps = reconnect_steps(self._reconnection, close_code, self._ended)
        try:
            step = next(steps)
            while True:
                step = steps.send(await self._perform(*step))
        except StopIteration as done:
            return bool(done.value)

    async def _perform(self, kind: str, arg: Any) -> bool:
        """One step of :func:`reconnect_steps`; whether it worked."""
        try:
            if kind == "close":
                with contextlib.suppress(OSError):
                    await self._socket.close()
            elif kind == "sleep":
                await asyncio.sleep(arg)
            elif kind == "open":
                assert self._reopen is not None
                self._socket = await self._reopen(self._reconnection.extra_query, self._reconnection.extra_headers)
            else:
                await self._socket.send_text(arg)
        except APIConnectionError:
            return False
        return True

    async def __aiter__(self) -> AsyncIterator[C]:
        while (event := await self.recv()) is not None:
            yield event

    def _ended(self) -> bool:
        return self._closed

    async def close(self) -> None:
        """End the connection (no reconnection after this)."""
        self._closed = True
        await self._socket.close()

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


class RealtimeConnection(_SyncConnection["RealtimeServerEvent"]):
    """A live Realtime session: the senders (``conn.session.update(...)``,
    ``conn.response.create()``, ``conn.conversation.item.create(...)``,
    ``conn.input_audio_buffer.append(...)``, ...) or ``send``; ``recv()`` or iterate the typed
    server events."""

    def __init__(
        self, socket: SyncWebSocket, reopen: SyncOpener | None = None, reconnection: Reconnection | None = None
    ) -> None:
        super().__init__(socket, decode_event, reopen, reconnection)
        self.session = SessionSender(self.send)
        self.response = ResponseSender(self.send)
        self.conversation = ConversationSender(self.send)
        self.input_audio_buffer = InputAudioBufferSender(self.send)
        self.output_audio_buffer = OutputAudioBufferSender(self.send)

    def __enter__(self) -> RealtimeConnection:
        return self


class AsyncRealtimeConnection(_AsyncConnection["RealtimeServerEvent"]):
    """The async twin of :class:`RealtimeConnection` (``await conn.session.update(...)``)."""

    def __init__(
        self, socket: AsyncWebSocket, reopen: AsyncOpener | None = None, reconnection: Reconnection | None = None
    ) -> None:
        super().__init__(socket, decode_event, reopen, reconnection)
        self.session = SessionSender(self.send)
        self.response = ResponseSender(self.send)
        self.conversation = ConversationSender(self.send)
        self.input_audio_buffer = InputAudioBufferSender(self.send)
        self.output_audio_buffer = OutputAudioBufferSender(self.send)

    async def __aenter__(self) -> AsyncRealtimeConnection:
        return self


class ResponsesConnection(_SyncConnection["ResponsesServerEvent"]):
    """A live Responses API WebSocket: ``conn.response.create(model=..., input=...)``, then
    ``recv()`` or iterate the typed stream events of each response."""

    def __init__(
        self, socket: SyncWebSocket, reopen: SyncOpener | None = None, reconnection: Reconnection | None = None
    ) -> None:
        super().__init__(socket, decode_responses_event, reopen, reconnection)
        self.response = ResponsesResponseSender(self.send)

    def __enter__(self) -> ResponsesConnection:
        return self


class AsyncResponsesConnection(_AsyncConnection["ResponsesServerEvent"]):
    """The async twin of :class:`ResponsesConnection` (``await conn.response.create(...)``)."""

    def __init__(
        self, socket: AsyncWebSocket, reopen: AsyncOpener | None = None, reconnection: Reconnection | None = None
    ) -> None:
        super().__init__(socket, decode_responses_event, reopen, reconnection)
        self.response = ResponsesResponseSender(self.send)

    async def __aenter__(self) -> AsyncResponsesConnection:
        return self


class AsyncConnecting(Generic[C]):
    """An async connection being opened: ``async with client...connect(...) as conn`` (closed on
    the way out), or ``conn = await client...connect(...)``."""

    def __init__(self, opening: Callable[[], Awaitable[C]]) -> None:
        self._opening = opening
        self._connection: C | None = None

    def __await__(self) -> Generator[Any, None, C]:
        return self._opening().__await__()

    async def __aenter__(self) -> C:
        self._connection = await self._opening()
        return self._connection

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._connection is not None:
            await self._connection.close()  # type: ignore[attr-defined]


OnReconnecting = Callable[[ReconnectingEvent], "ReconnectingOverrides | None"]


def reconnection(
    extra_query: Mapping[str, Any] | None,
    extra_headers: Mapping[str, str | None] | None,
    websocket_connection_options: Mapping[str, Any] | None,
    on_reconnecting: OnReconnecting | None,
    max_retries: int,
    initial_delay: float,
    max_delay: float,
    max_queue_size: int,
) -> Reconnection:
    """The reconnection state of a new connection, from the SDK's ``connect()`` keywords."""
    if websocket_connection_options:
        raise TypeError(
            "websocket_connection_options is not supported: the WebSocket is opened by the client's "
            f"transport (options given: {', '.join(sorted(websocket_connection_options))})"
        )
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise TypeError(f"max_retries must be a non-negative int, not {max_retries!r}")
    return Reconnection(
        on_reconnecting=on_reconnecting,
        max_retries=max_retries,
        initial_delay=initial_delay,
        max_delay=max_delay,
        extra_query=dict(extra_query or {}),
        extra_headers=dict(extra_headers or {}),
        queue=SendQueue(max_queue_size),
    )


class RealtimeHelpers:
    """``client.realtime.connect(...)``."""

    _client: Client

    def connect(
        self,
        *,
        model: str | None = None,
        call_id: str | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str | None] | None = None,
        websocket_connection_options: Mapping[str, Any] | None = None,
        on_reconnecting: OnReconnecting | None = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_queue_size: int = 1_048_576,
    ) -> RealtimeConnection:
        """Open a Realtime session for ``model`` (or join the SIP/WebRTC call ``call_id``):
        ``with client.realtime.connect(model=...) as conn:``. With ``on_reconnecting``, a session
        that drops is opened again, up to ``max_retries`` times (the SDK's reconnection)."""
        client = self._client
        _session_url(client, model, call_id, None)  # exactly one of model / call_id, checked now
        state = reconnection(
            extra_query,
            extra_headers,
            websocket_connection_options,
            on_reconnecting,
            max_retries,
            initial_delay,
            max_delay,
            max_queue_size,
        )

        def opener(query: Mapping[str, Any], headers: Mapping[str, str | None]) -> SyncWebSocket:
            url = _session_url(client, model, call_id, query)
            socket: SyncWebSocket = _socket_opener(client.transport)(
                url, _headers(ready_headers(client.config.headers()), headers)
            )
            return socket

        return RealtimeConnection(opener(state.extra_query, state.extra_headers), opener, state)


class AsyncRealtimeHelpers:
    """``AsyncClient.realtime.connect(...)``."""

    _client: AsyncClient

    def connect(
        self,
        *,
        model: str | None = None,
        call_id: str | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str | None] | None = None,
        websocket_connection_options: Mapping[str, Any] | None = None,
        on_reconnecting: OnReconnecting | None = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_queue_size: int = 1_048_576,
    ) -> AsyncConnecting[AsyncRealtimeConnection]:
        """Open a Realtime session: ``async with client.realtime.connect(model=...) as conn:``
        (or ``await`` it); reconnection as on :class:`~openai_core.Client`."""
        client = self._client
        _session_url(client, model, call_id, None)
        state = reconnection(
            extra_query,
            extra_headers,
            websocket_connection_options,
            on_reconnecting,
            max_retries,
            initial_delay,
            max_delay,
            max_queue_size,
        )

        async def opener(query: Mapping[str, Any], headers: Mapping[str, str | None]) -> AsyncWebSocket:
            url = _session_url(client, model, call_id, query)
            socket: AsyncWebSocket = await _socket_opener(client.transport)(
                url, _headers(await client._headers(), headers)
            )
            return socket

        async def opening() -> AsyncRealtimeConnection:
            return AsyncRealtimeConnection(await opener(state.extra_query, state.extra_headers), opener, state)

        return AsyncConnecting(opening)


def connect_responses(client: Client, state: Reconnection) -> ResponsesConnection:
    """Open the Responses API WebSocket (``wss://.../v1/responses``) on ``client``."""

    def opener(query: Mapping[str, Any], headers: Mapping[str, str | None]) -> SyncWebSocket:
        url = _url(client, "/responses", {}, query)
        socket: SyncWebSocket = _socket_opener(client.transport)(
            url, _headers(ready_headers(client.config.headers()), headers)
        )
        return socket

    return ResponsesConnection(opener(state.extra_query, state.extra_headers), opener, state)


def aconnect_responses(client: AsyncClient, state: Reconnection) -> AsyncConnecting[AsyncResponsesConnection]:
    """The async twin of :func:`connect_responses`."""

    async def opener(query: Mapping[str, Any], headers: Mapping[str, str | None]) -> AsyncWebSocket:
        url = _url(client, "/responses", {}, query)
        socket: AsyncWebSocket = await _socket_opener(client.transport)(url, _headers(await client._headers(), headers))
        return socket

    async def opening() -> AsyncResponsesConnection:
        return AsyncResponsesConnection(await opener(state.extra_query, state.extra_headers), opener, state)

    return AsyncConnecting(opening)
