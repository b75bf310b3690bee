"""Pages of list operations that fetch the next page as iteration needs it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from typing import Any, Generic, TypeVar

from . import _record
from ._operation import Operation

__all__ = ["AsyncPage", "AsyncPager", "PageInfo", "SyncPage", "next_page_query"]

T = TypeVar("T")


def _get(obj: Any, name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def page_items(result: Any) -> list[Any]:
    """The items of a list response (its ``data``)."""
    data = _get(result, "data")
    return list(data) if isinstance(data, list) else []


def next_page_query(op: Operation, result: Any, items: list[Any]) -> dict[str, Any] | None:
    """The query update that fetches the page after ``result``, or ``None`` at the end."""
    pagination = op.pagination
    if pagination is None or not _get(result, "has_more"):
        return None
    cursor = _get(result, pagination.field) if pagination.field else None
    if cursor is None and pagination.param == "after" and items:
        cursor = _get(items[-1], "id")
    if cursor is None:
        return None
    return {pagination.param: cursor}


@_record.frozen
class PageInfo:
    """What fetches the next page: the query parameters to send (e.g. ``{"after": "id"}``)."""

    params: Mapping[str, Any]


_NO_NEXT = "there is no next page: check has_next_page() before get_next_page()"


class _PageBase(Generic[T]):
    def __init__(self, result: Any, items: list[T], next_query: dict[str, Any] | None) -> None:
        self.result = result
        self.data = items
        self._next_query = next_query

    @property
    def has_more(self) -> bool:
        """Whether the API has more items after this page."""
        return bool(_get(self.result, "has_more"))

    @property
    def _request_id(self) -> str | None:
        return getattr(self.result, "_request_id", None)

    def has_next_page(self) -> bool:
        """Whether a page follows this one."""
        return self._next_query is not None

    def next_page_info(self) -> PageInfo | None:
        """The query of the next page, or ``None`` when this is the last."""
        return None if self._next_query is None else PageInfo(self._next_query)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.result, name)

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self.data)} items, has_more={self.has_more}>"


class SyncPage(_PageBase[T]):
    """One page of a list; iterating it yields every item of this page and all later pages."""

    def __init__(
        self,
        result: Any,
        items: list[T],
        fetch: Callable[[dict[str, Any]], SyncPage[T]],
        next_query: dict[str, Any] | None,
    ) -> None:
        super().__init__(result, items, next_query)
        self._fetch = fetch

    def get_next_page(self) -> SyncPage[T]:
        """Fetch the following page (``RuntimeError`` when this is the last)."""
        if self._next_query is None:
            raise RuntimeError(_NO_NEXT)
        return self._fetch(self._next_query)

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page and each following one, fetched as the iteration reaches it."""
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_PageBase[T]):
    """One page of a list (async); ``async for`` yields every item from here to the end."""

    def __init__(
        self,
        result: Any,
        items: list[T],
        fetch: Callable[[dict[str, Any]], Awaitable[AsyncPage[T]]],
        next_query: dict[str, Any] | None,
    ) -> None:
        super().__init__(result, items, next_query)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncPage[T]:
        """Fetch the following page (``RuntimeError`` when this is the last)."""
        if self._next_query is None:
            raise RuntimeError(_NO_NEXT)
        return await self._fetch(self._next_query)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and each following one, fetched as the iteration reaches it."""
        page = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPager(Generic[T]):
    """What an async list method returns: ``await`` it for the first page, or ``async for``
    over it for every item of every page."""

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """Every page, fetched as the iteration reaches it."""
        page = await self._first()
        async for each in page.iter_pages():
            yield each

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item
