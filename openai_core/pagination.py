"""The official SDK's page class names (``openai.pagination``). Every kind of list page (offset,
cursor, conversation cursor, ``next`` cursor) is one class here, :class:`SyncPage` on
:class:`~openai_core.Client` and :class:`AsyncPage` on :class:`~openai_core.AsyncClient`; the
SDK's other names are those two classes, so annotations and ``isinstance`` checks written for
the SDK hold."""

from __future__ import annotations

from ._pagination import AsyncPage, SyncPage

__all__ = [
    "AsyncConversationCursorPage",
    "AsyncCursorPage",
    "AsyncNextCursorPage",
    "AsyncPage",
    "SyncConversationCursorPage",
    "SyncCursorPage",
    "SyncNextCursorPage",
    "SyncPage",
]

SyncCursorPage = SyncPage
SyncConversationCursorPage = SyncPage
SyncNextCursorPage = SyncPage
AsyncCursorPage = AsyncPage
AsyncConversationCursorPage = AsyncPage
AsyncNextCursorPage = AsyncPage
