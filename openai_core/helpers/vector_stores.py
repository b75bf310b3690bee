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
    """``poll()`` of ``client.vector_stores.files``, and the logic of ``create_and_poll()``,
    ``upload()`` and ``upload_and_poll()`` (their signatures are generated on the resource)."""

    def _create_and_poll(
        self: _Resource, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> VectorStoreFile:
        created = self.create(**args)
        vector_store_id, timeout = args["vector_store_id"], args.get("timeout", NOT_GIVEN)
        waiting = poller(VECTOR_STORE_FILE, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(file_id=created.id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFile", poll_sync(waiting, retrieve, created))

    def _upload(self: _Resource, args: dict[str, Any], *, file: FileInput) -> VectorStoreFile:
        timeout = args.get("timeout", NOT_GIVEN)
        uploaded = self._client.files.create(file=file, purpose=UPLOAD_PURPOSE, timeout=timeout)
        return cast("VectorStoreFile", self.create(file_id=uploaded.id, **args))

    def _upload_and_poll(
        self: _Resource,
        args: dict[str, Any],
        *,
        file: FileInput,
        poll_interval_ms: float | NotGiven,
        max_wait_seconds: float | None,
    ) -> VectorStoreFile:
        timeout = args.get("timeout", NOT_GIVEN)
        uploaded = self._client.files.create(file=file, purpose=UPLOAD_PURPOSE, timeout=timeout)
        return VectorStoreFilesHelpers._create_and_poll(
            self, {**args, "file_id": uploaded.id}, poll_interval_ms=poll_interval_ms, max_wait_seconds=max_wait_seconds
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


class AsyncVectorStoreFilesHelpers:
    """The async twins of :class:`VectorStoreFilesHelpers`."""

    async def _create_and_poll(
        self: _Resource, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> VectorStoreFile:
        created = await self.create(**args)
        vector_store_id, timeout = args["vector_store_id"], args.get("timeout", NOT_GIVEN)
        waiting = poller(VECTOR_STORE_FILE, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(file_id=created.id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFile", await poll_async(waiting, retrieve, created))

    async def _upload(self: _Resource, args: dict[str, Any], *, file: FileInput) -> VectorStoreFile:
        timeout = args.get("timeout", NOT_GIVEN)
        uploaded = await self._client.files.create(file=file, purpose=UPLOAD_PURPOSE, timeout=timeout)
        return cast("VectorStoreFile", await self.create(file_id=uploaded.id, **args))

    async def _upload_and_poll(
        self: _Resource,
        args: dict[str, Any],
        *,
        file: FileInput,
        poll_interval_ms: float | NotGiven,
        max_wait_seconds: float | None,
    ) -> VectorStoreFile:
        timeout = args.get("timeout", NOT_GIVEN)
        uploaded = await self._client.files.create(file=file, purpose=UPLOAD_PURPOSE, timeout=timeout)
        return await AsyncVectorStoreFilesHelpers._create_and_poll(
            self, {**args, "file_id": uploaded.id}, poll_interval_ms=poll_interval_ms, max_wait_seconds=max_wait_seconds
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


class FileBatchesHelpers:
    """``poll()`` of ``client.vector_stores.file_batches``, and the logic of ``create_and_poll()``
    and ``upload_and_poll()`` (their signatures are generated on the resource)."""

    def _create_and_poll(
        self: _Resource, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> VectorStoreFileBatch:
        created = self.create(**args)
        vector_store_id, timeout = args["vector_store_id"], args.get("timeout", NOT_GIVEN)
        waiting = poller(VECTOR_STORE_FILE_BATCH, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(batch_id=created.id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFileBatch", poll_sync(waiting, retrieve, created))

    def _upload_and_poll(
        self: _Resource,
        args: dict[str, Any],
        *,
        files: Iterable[FileInput],
        max_concurrency: int,
        file_ids: Sequence[str],
        poll_interval_ms: float | NotGiven,
        max_wait_seconds: float | None,
    ) -> VectorStoreFileBatch:
        from concurrent.futures import ThreadPoolExecutor

        timeout = args.get("timeout", NOT_GIVEN)

        def upload(file: FileInput) -> Any:
            return self._client.files.create(file=file, purpose=UPLOAD_PURPOSE, timeout=timeout)

        with ThreadPoolExecutor(_workers(max_concurrency)) as pool:
            uploaded = list(pool.map(upload, files))
        return FileBatchesHelpers._create_and_poll(
            self,
            {**args, "file_ids": _batch_file_ids(uploaded, file_ids)},
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
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
    """The async twins of :class:`FileBatchesHelpers` (the uploads run as tasks)."""

    async def _create_and_poll(
        self: _Resource, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> VectorStoreFileBatch:
        created = await self.create(**args)
        vector_store_id, timeout = args["vector_store_id"], args.get("timeout", NOT_GIVEN)
        waiting = poller(VECTOR_STORE_FILE_BATCH, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(batch_id=created.id, vector_store_id=vector_store_id, timeout=timeout)

        return cast("VectorStoreFileBatch", await poll_async(waiting, retrieve, created))

    async def _upload_and_poll(
        self: _Resource,
        args: dict[str, Any],
        *,
        files: Iterable[FileInput],
        max_concurrency: int,
        file_ids: Sequence[str],
        poll_interval_ms: float | NotGiven,
        max_wait_seconds: float | None,
    ) -> VectorStoreFileBatch:
        from ._aio import map_bounded

        timeout = args.get("timeout", NOT_GIVEN)

        async def upload(file: FileInput) -> Any:
            return await self._client.files.create(file=file, purpose=UPLOAD_PURPOSE, timeout=timeout)

        uploaded = await map_bounded(upload, list(files), _workers(max_concurrency))
        return await AsyncFileBatchesHelpers._create_and_poll(
            self,
            {**args, "file_ids": _batch_file_ids(uploaded, file_ids)},
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
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
