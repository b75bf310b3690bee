"""Polling helpers of ``client.vector_stores.files`` and ``client.vector_stores.file_batches``.

``create_and_poll()`` adds files and waits until they are indexed (``completed``,
``failed`` or ``cancelled``); ``upload_and_poll()`` uploads them first (purpose
``assistants``; the async client uploads several at once); ``poll()`` waits for files added
earlier. The waiting is :mod:`openai_core.helpers.polling`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from .._types import NOT_GIVEN, FileInput
from .polling import VECTOR_STORE_FILE, VECTOR_STORE_FILE_BATCH, Poller, _Resource, poll_async, poll_sync
from .uploads import DEFAULT_CONCURRENCY

if TYPE_CHECKING:
    from ..types.vector_stores import VectorStoreFile, VectorStoreFileBatch

__all__ = [
    "AsyncFileBatchesHelpers",
    "AsyncVectorStoreFilesHelpers",
    "FileBatchesHelpers",
    "VectorStoreFilesHelpers",
]

UPLOAD_PURPOSE = "assistants"


def _batch_file_ids(uploaded: Sequence[Any], file_ids: Sequence[str]) -> list[str]:
    """The files of a batch: those given by id, then those just uploaded."""
    return [*file_ids, *(f.id for f in uploaded)]


class VectorStoreFilesHelpers:
    """``create_and_poll()``, ``upload_and_poll()`` and ``poll()`` of ``client.vector_stores.files``."""

    def create_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        file_id: str,
        poll_interval: float | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> VectorStoreFile:
        """Add file ``file_id`` to the vector store and wait until it is indexed (or failed).

        Takes the keyword arguments of ``create()`` (``attributes``, ``chunking_strategy``);
        ``timeout`` bounds the whole wait (:class:`~openai_core.PollTimeoutError`)."""
        created = self.create(vector_store_id, file_id=file_id, **kwargs)
        poller = Poller(VECTOR_STORE_FILE, poll_interval=poll_interval, timeout=timeout)
        return cast(
            "VectorStoreFile",
            poll_sync(poller, lambda: self.retrieve(created.id, vector_store_id=vector_store_id), created),
        )

    def upload_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        file: FileInput,
        poll_interval: float | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> VectorStoreFile:
        """Upload ``file`` (purpose ``assistants``), add it to the vector store and wait
        until it is indexed."""
        uploaded = self._client.files.create(file=file, purpose=UPLOAD_PURPOSE)
        return VectorStoreFilesHelpers.create_and_poll(
            self, vector_store_id, file_id=uploaded.id, poll_interval=poll_interval, timeout=timeout, **kwargs
        )

    def poll(
        self: _Resource,
        vector_store_id: str,
        file_id: str,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
    ) -> VectorStoreFile:
        """Wait until file ``file_id`` of the vector store is ``completed``, ``failed`` or
        ``cancelled``."""
        poller = Poller(VECTOR_STORE_FILE, poll_interval=poll_interval, timeout=timeout)

        def retrieve() -> Any:
            return self.retrieve(file_id, vector_store_id=vector_store_id)

        return cast("VectorStoreFile", poll_sync(poller, retrieve, retrieve()))

    def upload(
        self: _Resource, *, vector_store_id: str, file: FileInput, chunking_strategy: Any = NOT_GIVEN
    ) -> VectorStoreFile:
        """Upload ``file`` (purpose ``assistants``) and add it to the vector store, without
        waiting for it to be indexed."""
        uploaded = self._client.files.create(file=file, purpose=UPLOAD_PURPOSE)
        created = self.create(vector_store_id, file_id=uploaded.id, chunking_strategy=chunking_strategy)
        return cast("VectorStoreFile", created)


class AsyncVectorStoreFilesHelpers:
    """``create_and_poll()``, ``upload_and_poll()`` and ``poll()`` of ``AsyncClient.vector_stores.files``."""

    async def create_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        file_id: str,
        poll_interval: float | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> VectorStoreFile:
        """See :meth:`VectorStoreFilesHelpers.create_and_poll`."""
        created = await self.create(vector_store_id, file_id=file_id, **kwargs)
        poller = Poller(VECTOR_STORE_FILE, poll_interval=poll_interval, timeout=timeout)
        return cast(
            "VectorStoreFile",
            await poll_async(poller, lambda: self.retrieve(created.id, vector_store_id=vector_store_id), created),
        )

    async def upload_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        file: FileInput,
        poll_interval: float | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> VectorStoreFile:
        """See :meth:`VectorStoreFilesHelpers.upload_and_poll`."""
        uploaded = await self._client.files.create(file=file, purpose=UPLOAD_PURPOSE)
        return await AsyncVectorStoreFilesHelpers.create_and_poll(
            self, vector_store_id, file_id=uploaded.id, poll_interval=poll_interval, timeout=timeout, **kwargs
        )

    async def poll(
        self: _Resource,
        vector_store_id: str,
        file_id: str,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
    ) -> VectorStoreFile:
        """See :meth:`VectorStoreFilesHelpers.poll`."""
        poller = Poller(VECTOR_STORE_FILE, poll_interval=poll_interval, timeout=timeout)

        def retrieve() -> Any:
            return self.retrieve(file_id, vector_store_id=vector_store_id)

        return cast("VectorStoreFile", await poll_async(poller, retrieve, await retrieve()))

    async def upload(
        self: _Resource, *, vector_store_id: str, file: FileInput, chunking_strategy: Any = NOT_GIVEN
    ) -> VectorStoreFile:
        """See :meth:`VectorStoreFilesHelpers.upload`."""
        uploaded = await self._client.files.create(file=file, purpose=UPLOAD_PURPOSE)
        created = await self.create(vector_store_id, file_id=uploaded.id, chunking_strategy=chunking_strategy)
        return cast("VectorStoreFile", created)


class FileBatchesHelpers:
    """``create_and_poll()``, ``upload_and_poll()`` and ``poll()`` of ``client.vector_stores.file_batches``."""

    def create_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> VectorStoreFileBatch:
        """Add a batch of files (``file_ids=`` or ``files=``, as for ``create()``) and wait
        until none is in progress; ``timeout`` bounds the whole wait."""
        created = self.create(vector_store_id, **kwargs)
        poller = Poller(VECTOR_STORE_FILE_BATCH, poll_interval=poll_interval, timeout=timeout)
        return cast(
            "VectorStoreFileBatch",
            poll_sync(poller, lambda: self.retrieve(created.id, vector_store_id=vector_store_id), created),
        )

    def upload_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        files: Sequence[FileInput],
        file_ids: Sequence[str] = (),
        poll_interval: float | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> VectorStoreFileBatch:
        """Upload ``files`` (one after another; purpose ``assistants``), add them and the
        files ``file_ids`` as one batch, and wait until it is done."""
        uploaded = [self._client.files.create(file=f, purpose=UPLOAD_PURPOSE) for f in files]
        return FileBatchesHelpers.create_and_poll(
            self,
            vector_store_id,
            file_ids=_batch_file_ids(uploaded, file_ids),
            poll_interval=poll_interval,
            timeout=timeout,
            **kwargs,
        )

    def poll(
        self: _Resource,
        vector_store_id: str,
        batch_id: str,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
    ) -> VectorStoreFileBatch:
        """Wait until file batch ``batch_id`` is ``completed``, ``failed`` or ``cancelled``."""
        poller = Poller(VECTOR_STORE_FILE_BATCH, poll_interval=poll_interval, timeout=timeout)

        def retrieve() -> Any:
            return self.retrieve(batch_id, vector_store_id=vector_store_id)

        return cast("VectorStoreFileBatch", poll_sync(poller, retrieve, retrieve()))


class AsyncFileBatchesHelpers:
    """``create_and_poll()``, ``upload_and_poll()`` and ``poll()`` of ``AsyncClient.vector_stores.file_batches``."""

    async def create_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> VectorStoreFileBatch:
        """See :meth:`FileBatchesHelpers.create_and_poll`."""
        created = await self.create(vector_store_id, **kwargs)
        poller = Poller(VECTOR_STORE_FILE_BATCH, poll_interval=poll_interval, timeout=timeout)
        return cast(
            "VectorStoreFileBatch",
            await poll_async(poller, lambda: self.retrieve(created.id, vector_store_id=vector_store_id), created),
        )

    async def upload_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        files: Sequence[FileInput],
        file_ids: Sequence[str] = (),
        max_concurrency: int = DEFAULT_CONCURRENCY,
        poll_interval: float | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> VectorStoreFileBatch:
        """See :meth:`FileBatchesHelpers.upload_and_poll`; up to ``max_concurrency`` files
        are uploaded at once."""
        from ._aio import map_bounded

        async def upload(file: FileInput) -> Any:
            return await self._client.files.create(file=file, purpose=UPLOAD_PURPOSE)

        uploaded = await map_bounded(upload, list(files), max_concurrency)
        return await AsyncFileBatchesHelpers.create_and_poll(
            self,
            vector_store_id,
            file_ids=_batch_file_ids(uploaded, file_ids),
            poll_interval=poll_interval,
            timeout=timeout,
            **kwargs,
        )

    async def poll(
        self: _Resource,
        vector_store_id: str,
        batch_id: str,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
    ) -> VectorStoreFileBatch:
        """See :meth:`FileBatchesHelpers.poll`."""
        poller = Poller(VECTOR_STORE_FILE_BATCH, poll_interval=poll_interval, timeout=timeout)

        def retrieve() -> Any:
            return self.retrieve(batch_id, vector_store_id=vector_store_id)

        return cast("VectorStoreFileBatch", await poll_async(poller, retrieve, await retrieve()))
