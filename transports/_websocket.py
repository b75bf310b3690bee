"""WebSocket adapters for Realtime sessions: websocket-client (sync) and aiohttp (async)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openai_core import APIConnectionError, OpenAIError

__all__ = ["AiohttpWebSocket", "SyncWebSocketClient"]


class SyncWebSocketClient:
    """A blocking WebSocket on the optional ``websocket-client`` package."""

    def __init__(self, url: str, headers: Mapping[str, str], timeout: float | None) -> None:
        try:
            import websocket
        except ImportError:
            raise OpenAIError(
                "sync Realtime sessions need websocket-client: pip install 'openai-core[realtime]'"
            ) from None
        self._closed_error = websocket.WebSocketConnectionClosedException
        try:
            self._ws = websocket.create_connection(
                url, header=[f"{k}: {v}" for k, v in headers.items()], timeout=timeout
            )
        except (OSError, websocket.WebSocketException) as exc:
            raise APIConnectionError(f"Realtime connection failed ({type(exc).__name__}: {exc})") from exc

    def send_text(self, text: str) -> None:
        """Send one text message."""
        try:
            self._ws.send(text)
        except (OSError, self._closed_error) as exc:
            raise APIConnectionError(f"Realtime connection lost ({type(exc).__name__})") from exc

    def recv_text(self) -> str | None:
        """The next text message, or ``None`` once the server closed the session."""
        try:
            message: Any = self._ws.recv()
        except self._closed_error:
            return None
        except OSError as exc:
            raise APIConnectionError(f"Realtime connection lost ({type(exc).__name__})") from exc
        if not message:
            return None
        return message.decode() if isinstance(message, bytes) else str(message)

    def close(self) -> None:
        """Close the socket."""
        self._ws.close()


class AiohttpWebSocket:
    """An async WebSocket on an ``aiohttp.ClientSession``."""

    def __init__(self, ws: Any) -> None:
        self._ws = ws

    @classmethod
    async def connect(
        cls, session: Any, url: str, headers: Mapping[str, str], timeout: float | None
    ) -> AiohttpWebSocket:
        """Open the socket on ``session``."""
        import aiohttp

        try:
            ws = await session.ws_connect(
                url, headers=dict(headers), timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=timeout or 10.0)
            )
        except (aiohttp.ClientError, OSError) as exc:
            raise APIConnectionError(f"Realtime connection failed ({type(exc).__name__}: {exc})") from exc
        return cls(ws)

    async def send_text(self, text: str) -> None:
        """Send one text message."""
        import aiohttp

        try:
            await self._ws.send_str(text)
        except (aiohttp.ClientError, ConnectionError) as exc:
            raise APIConnectionError(f"Realtime connection lost ({type(exc).__name__})") from exc

    async def recv_text(self) -> str | None:
        """The next text message, or ``None`` once the session is closed."""
        import aiohttp

        message = await self._ws.receive()
        if message.type == aiohttp.WSMsgType.TEXT:
            return str(message.data)
        if message.type == aiohttp.WSMsgType.BINARY:
            return bytes(message.data).decode()
        if message.type == aiohttp.WSMsgType.ERROR:
            raise APIConnectionError(f"Realtime connection lost ({message.data!r})")
        return None

    async def close(self) -> None:
        """Close the socket."""
        await self._ws.close()
