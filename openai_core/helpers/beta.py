"""``client.beta.chat``: the chat resource under ``beta``, as the official SDK also offers it
(``client.beta.chat.completions.parse(...)`` / ``.stream(...)`` are those of
``client.chat.completions``)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..resources.chat import AsyncChat, Chat

__all__ = ["AsyncBetaHelpers", "BetaHelpers"]


class BetaHelpers:
    """``client.beta.chat``."""

    _client: Any

    @cached_property
    def chat(self) -> Chat:
        from ..resources.chat import Chat

        return Chat(self._client)


class AsyncBetaHelpers:
    """``AsyncClient.beta.chat``."""

    _client: Any

    @cached_property
    def chat(self) -> AsyncChat:
        from ..resources.chat import AsyncChat

        return AsyncChat(self._client)
