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
        self._close_opcode = websocket.ABNF.OPCODE_CLOSE
        self.close_code: int | None = None
        """How the server closed the socket (1006: it dropped without a close frame)."""
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
        """The next text message, or ``None`` once the session is closed (see :attr:`close_code`)."""
        try:
            opcode, data = self._ws.recv_data()
        except self._closed_error:
            self.close_code = self.close_code or 1006
            return None
        except OSError as exc:
            raise APIConnectionError(f"Realtime connection lost ({type(exc).__name__})") from exc
        if opcode == self._close_opcode:
            self.close_code = int.from_bytes(data[:2], "big") if len(data) >= 2 else 1005
            return None
        return data.decode() if isinstance(data, bytes) else str(data)

    def close(self) -> None:
        """Close the socket (released even when the connection was already lost)."""
        self._ws.close()
        self._ws.shutdown()  # type: ignore[no-untyped-call]  # close() skips a socket it thinks lost


class AiohttpWebSocket:
    """An async WebSocket on an ``aiohttp.ClientSession``."""

    def __init__(self, ws: Any) -> None:
        self._ws = ws
        self.close_code: int | None = None
        """How the server closed the socket (1006: it dropped without a close frame)."""

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
        code = message.data if message.type == aiohttp.WSMsgType.CLOSE else self._ws.close_code
        self.close_code = int(code) if code is not None else 1006
        return None

    async def close(self) -> None:
        """Close the socket."""
        await self._ws.close()
