"""Polling helpers of ``client.vector_stores.files`` and ``client.vector_stores.file_batches``.

``create_and_poll()`` adds files and waits until they are indexed (``completed``,
``failed`` or ``cancelled``); ``upload_and_poll()`` uploads them first (purpose
``assistants``; several at once, up to ``max_concurrency``); ``poll()`` waits for files added
earlier. They take the official SDK's arguments, in its order; the waiting, with
``poll_interval_ms`` and ``max_wait_seconds``, is :mod:`openai_core.helpers.polling`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from .._types import NOT_GIVEN, FileInput, NotGiven, TimeoutInput
from .polling import VECTOR_STORE_FILE, VECTOR_STORE_FILE_BATCH, _Resource, poll_async, poll_sync, poller

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..resources.vector_stores import FileBatchesCreateKwargs, FileBatchesUploadKwargs, FilesCreateKwargs
    from ..types.vector_stores import VectorStoreFile, VectorStoreFileBatch

__all__ = [
    "AsyncFileBatchesHelpers",
    "AsyncVectorStoreFilesHelpers",
    "FileBatchesHelpers",
    "VectorStoreFilesHelpers",
]

UPLOAD_PURPOSE = "assistants"
DEFAULT_UPLOADS = 5  # files uploaded at once by ``file_batches.upload_and_poll``


def _batch_file_ids(uploaded: Sequence[Any], file_ids: Sequence[str]) -> list[str]:
    """The files of a batch: those given by id, then those just uploaded."""
    return [*file_ids, *(f.id for f in uploaded)]


class VectorStoreFilesHelpers:
    """``create_and_poll()``, ``upload_and_poll()`` and ``poll()`` of ``client.vector_stores.files``."""

    def create_and_poll(
        self: _Resource,
        file_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        **kwargs: Unpack[FilesCreateKwargs],
    ) -> VectorStoreFile:
        """Add file ``file_id`` to the vector store and wait until it is indexed (or failed).

        Takes the keyword arguments of ``create()`` (``attributes``, ``chunking_strategy``);
        ``max_wait_seconds`` bounds the whole wait (:class:`~openai_core.PollTimeoutError`),
        ``timeout`` each request."""
        created = self.create(vector_store_id=vector_store_id, file_id=file_id, timeout=timeout, **kwargs)
        waiting = poller(VECTOR_STORE_FILE, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(file_id=created.id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFile", poll_sync(waiting, retrieve, created))

    def upload_and_poll(
        self: _Resource,
        *,
        vector_store_id: str,
        file: FileInput,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        **kwargs: Unpack[FilesCreateKwargs],
    ) -> VectorStoreFile:
        """Upload ``file`` (purpose ``assistants``), add it to the vector store and wait
        until it is indexed."""
        uploaded = self._client.files.create(file=file, purpose=UPLOAD_PURPOSE, timeout=timeout)
        return VectorStoreFilesHelpers.create_and_poll(
            self,
            uploaded.id,
            vector_store_id=vector_store_id,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            timeout=timeout,
            **kwargs,
        )

    def poll(
        self: _Resource,
        file_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
    ) -> VectorStoreFile:
        """Wait until file ``file_id`` of the vector store is ``completed``, ``failed`` or
        ``cancelled``."""
        waiting = poller(VECTOR_STORE_FILE, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(file_id=file_id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFile", poll_sync(waiting, retrieve, retrieve()))

    def upload(
        self: _Resource, *, vector_store_id: str, file: FileInput, chunking_strategy: Any = NOT_GIVEN
    ) -> VectorStoreFile:
        """Upload ``file`` (purpose ``assistants``) and add it to the vector store, without
        waiting for it to be indexed."""
        uploaded = self._client.files.create(file=file, purpose=UPLOAD_PURPOSE)
        created = self.create(vector_store_id=vector_store_id, file_id=uploaded.id, chunking_strategy=chunking_strategy)
        return cast("VectorStoreFile", created)


class AsyncVectorStoreFilesHelpers:
    """``create_and_poll()``, ``upload_and_poll()`` and ``poll()`` of ``AsyncClient.vector_stores.files``."""

    async def create_and_poll(
        self: _Resource,
        file_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        **kwargs: Unpack[FilesCreateKwargs],
    ) -> VectorStoreFile:
        """See :meth:`VectorStoreFilesHelpers.create_and_poll`."""
        created = await self.create(vector_store_id=vector_store_id, file_id=file_id, timeout=timeout, **kwargs)
        waiting = poller(VECTOR_STORE_FILE, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(file_id=created.id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFile", await poll_async(waiting, retrieve, created))

    async def upload_and_poll(
        self: _Resource,
        *,
        vector_store_id: str,
        file: FileInput,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        **kwargs: Unpack[FilesCreateKwargs],
    ) -> VectorStoreFile:
        """See :meth:`VectorStoreFilesHelpers.upload_and_poll`."""
        uploaded = await self._client.files.create(file=file, purpose=UPLOAD_PURPOSE, timeout=timeout)
        return await AsyncVectorStoreFilesHelpers.create_and_poll(
            self,
            uploaded.id,
            vector_store_id=vector_store_id,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            timeout=timeout,
            **kwargs,
        )

    async def poll(
        self: _Resource,
        file_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
    ) -> VectorStoreFile:
        """See :meth:`VectorStoreFilesHelpers.poll`."""
        waiting = poller(VECTOR_STORE_FILE, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(file_id=file_id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFile", await poll_async(waiting, retrieve, await retrieve()))

    async def upload(
        self: _Resource, *, vector_store_id: str, file: FileInput, chunking_strategy: Any = NOT_GIVEN
    ) -> VectorStoreFile:
        """See :meth:`VectorStoreFilesHelpers.upload`."""
        uploaded = await self._client.files.create(file=file, purpose=UPLOAD_PURPOSE)
        created = await self.create(
            vector_store_id=vector_store_id, file_id=uploaded.id, chunking_strategy=chunking_strategy
        )
        return cast("VectorStoreFile", created)


class FileBatchesHelpers:
    """``create_and_poll()``, ``upload_and_poll()`` and ``poll()`` of ``client.vector_stores.file_batches``."""

    def create_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        **kwargs: Unpack[FileBatchesCreateKwargs],
    ) -> VectorStoreFileBatch:
        """Add a batch of files (``file_ids=`` or ``files=``, as for ``create()``) and wait
        until none is in progress; ``max_wait_seconds`` bounds the whole wait."""
        created = self.create(vector_store_id=vector_store_id, timeout=timeout, **kwargs)
        waiting = poller(VECTOR_STORE_FILE_BATCH, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(batch_id=created.id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFileBatch", poll_sync(waiting, retrieve, created))

    def upload_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        files: Iterable[FileInput],
        max_concurrency: int = DEFAULT_UPLOADS,
        file_ids: Sequence[str] = (),
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        **kwargs: Unpack[FileBatchesUploadKwargs],
    ) -> VectorStoreFileBatch:
        """Upload ``files`` (purpose ``assistants``; up to ``max_concurrency`` at once, in
        threads), add them and the files ``file_ids`` as one batch, and wait until it is done."""
        from concurrent.futures import ThreadPoolExecutor

        def upload(file: FileInput) -> Any:
            return self._client.files.create(file=file, purpose=UPLOAD_PURPOSE, timeout=timeout)

        with ThreadPoolExecutor(_workers(max_concurrency)) as pool:
            uploaded = list(pool.map(upload, files))
        return FileBatchesHelpers.create_and_poll(
            self,
            vector_store_id,
            file_ids=_batch_file_ids(uploaded, file_ids),
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            timeout=timeout,
            **kwargs,
        )

    def poll(
        self: _Resource,
        batch_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
    ) -> VectorStoreFileBatch:
        """Wait until file batch ``batch_id`` is ``completed``, ``failed`` or ``cancelled``."""
        waiting = poller(VECTOR_STORE_FILE_BATCH, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(batch_id=batch_id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFileBatch", poll_sync(waiting, retrieve, retrieve()))


class AsyncFileBatchesHelpers:
    """``create_and_poll()``, ``upload_and_poll()`` and ``poll()`` of ``AsyncClient.vector_stores.file_batches``."""

    async def create_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        **kwargs: Unpack[FileBatchesCreateKwargs],
    ) -> VectorStoreFileBatch:
        """See :meth:`FileBatchesHelpers.create_and_poll`."""
        created = await self.create(vector_store_id=vector_store_id, timeout=timeout, **kwargs)
        waiting = poller(VECTOR_STORE_FILE_BATCH, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(batch_id=created.id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFileBatch", await poll_async(waiting, retrieve, created))

    async def upload_and_poll(
        self: _Resource,
        vector_store_id: str,
        *,
        files: Iterable[FileInput],
        max_concurrency: int = DEFAULT_UPLOADS,
        file_ids: Sequence[str] = (),
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        **kwargs: Unpack[FileBatchesUploadKwargs],
    ) -> VectorStoreFileBatch:
        """See :meth:`FileBatchesHelpers.upload_and_poll`; the uploads run as tasks."""
        from ._aio import map_bounded

        async def upload(file: FileInput) -> Any:
            return await self._client.files.create(file=file, purpose=UPLOAD_PURPOSE, timeout=timeout)

        uploaded = await map_bounded(upload, list(files), _workers(max_concurrency))
        return await AsyncFileBatchesHelpers.create_and_poll(
            self,
            vector_store_id,
            file_ids=_batch_file_ids(uploaded, file_ids),
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            timeout=timeout,
            **kwargs,
        )

    async def poll(
        self: _Resource,
        batch_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
    ) -> VectorStoreFileBatch:
        """See :meth:`FileBatchesHelpers.poll`."""
        waiting = poller(VECTOR_STORE_FILE_BATCH, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(batch_id=batch_id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFileBatch", await poll_async(waiting, retrieve, await retrieve()))


def _workers(max_concurrency: int) -> int:
    if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int) or max_concurrency < 1:
        raise ValueError(f"max_concurrency must be a positive int, not {max_concurrency!r}")
    return max_concurrency
