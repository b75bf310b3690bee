"""``client.uploads.upload_file()``: a large file through the Uploads API, part by part.

The Upload is created for the file's size; then each part (at most 64 MiB) is read from the
file when it is sent, never the whole file at once; then the Upload is completed with the
part ids in file order, and the File it became is returned. The async client sends up to
``max_concurrency`` parts at a time. A part that fails with a retryable error (a connection
error, 408, 409, 429 or 5xx, after the client's own retries) is sent again on its own, up to
``part_retries`` times, waiting as the client's retry policy says; the parts already sent
stay. If the upload cannot finish, it is cancelled (best effort) and the error is raised.

The plan, the progress and the retry decisions are pure (:class:`PartUpload`); the two
mixins only send, with ``await`` or without.
"""

from __future__ import annotations

import contextlib
import io
import mimetypes
import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, Protocol, Union, cast

import attrs

from .._errors import APIConnectionError, APIStatusError, OpenAIError
from .._retry import RetryPolicy
from .._types import NOT_GIVEN, NotGiven
from .progress import ProgressCallback, ProgressInput, reporting

if TYPE_CHECKING:
    from ..types.files import FileExpirationAfter, FileObject, Upload

__all__ = [
    "DEFAULT_CONCURRENCY",
    "MAX_PART_SIZE",
    "AsyncUploadsHelpers",
    "FileSource",
    "Part",
    "PartUpload",
    "UploadSource",
    "UploadsHelpers",
    "guess_mime_type",
    "plan_parts",
]

MAX_PART_SIZE = 64 * 1024 * 1024
DEFAULT_CONCURRENCY = 4
DEFAULT_PART_RETRIES = 3

UploadSource = Union[str, "os.PathLike[str]", IO[bytes], bytes]
"""A path, a binary file object open for reading (seekable; read from where it stands), or
bytes."""


class _Resource(Protocol):
    """What the upload helpers use of ``client.uploads`` (``self``): it has no ``retrieve()``."""

    _client: Any

    def create(self, *args: Any, **kwargs: Any) -> Any: ...


# Types the Uploads API expects that ``mimetypes`` does not know everywhere.
_MIME_TYPES = {".jsonl": "application/jsonl", ".md": "text/markdown", ".json": "application/json"}


def guess_mime_type(filename: str) -> str:
    """The MIME type for ``filename``'s extension (``application/octet-stream`` if unknown)."""
    ext = os.path.splitext(filename)[1].lower()
    return _MIME_TYPES.get(ext) or mimetypes.guess_type(filename)[0] or "application/octet-stream"


@attrs.frozen
class Part:
    """Part ``index`` (0-based): ``size`` bytes from ``offset``."""

    index: int
    offset: int
    size: int


def plan_parts(total: int, part_size: int) -> list[Part]:
    """Cut ``total`` bytes into parts of ``part_size`` (the last one shorter); an empty file
    is one empty part."""
    if not 0 < part_size <= MAX_PART_SIZE:
        raise ValueError(f"part_size must be between 1 and {MAX_PART_SIZE} bytes (64 MiB), not {part_size}")
    if total == 0:
        return [Part(0, 0, 0)]
    return [Part(i, offset, min(part_size, total - offset)) for i, offset in enumerate(range(0, total, part_size))]


class FileSource:
    """Where the parts are read from; :meth:`read` is safe from several threads."""

    def __init__(self, file: UploadSource, *, filename: str | None, mime_type: str | None) -> None:
        self._owned = isinstance(file, (str, os.PathLike))
        name: Any
        if isinstance(file, (str, os.PathLike)):
            path = os.fspath(file)
            self._fh: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed by close()
            name = path
        elif isinstance(file, (bytes, bytearray, memoryview)):
            self._fh = io.BytesIO(bytes(file))
            name = None
        elif hasattr(file, "read") and hasattr(file, "seek"):
            self._fh = file
            name = getattr(file, "name", None)
        else:
            raise TypeError(f"upload_file() takes a path, a binary file object or bytes, not {type(file).__name__}")
        try:
            self._start = self._fh.tell()
            self.size = self._fh.seek(0, os.SEEK_END) - self._start
        except (OSError, ValueError) as exc:
            self.close()
            raise TypeError(f"upload_file() needs a seekable file ({exc})") from None
        self.filename = filename or (os.path.basename(name) if isinstance(name, str) else "")
        if not self.filename:
            self.close()
            raise ValueError("upload_file(): pass filename= (the file has no name to take it from)")
        self.mime_type = mime_type or guess_mime_type(self.filename)
        self._lock = threading.Lock()

    def read(self, part: Part) -> bytes:
        """The bytes of ``part``, read now."""
        with self._lock:
            self._fh.seek(self._start + part.offset)
            data = self._fh.read(part.size)
        if len(data) != part.size:
            raise OpenAIError(f"upload_file(): the file is shorter than when the upload started ({self.filename})")
        return data

    def close(self) -> None:
        if self._owned:
            self._fh.close()


@contextmanager
def _open(file: UploadSource, filename: str | None, mime_type: str | None, size: int | None) -> Iterator[FileSource]:
    source = FileSource(file, filename=filename, mime_type=mime_type)
    try:
        if size is not None and size != source.size:
            raise ValueError(f"upload: bytes={size}, but the file has {source.size} bytes")
        yield source
    finally:
        source.close()


class PartUpload:
    """The state of one upload: its parts, their ids as they come back, the progress, and
    whether a failed part is worth sending again."""

    def __init__(
        self,
        total: int,
        part_size: int,
        *,
        progress: ProgressCallback | None = None,
        policy: RetryPolicy | None = None,
        part_retries: int = DEFAULT_PART_RETRIES,
    ) -> None:
        if part_retries < 0:
            raise ValueError("part_retries must be 0 or more")
        self.total = total
        self.parts = plan_parts(total, part_size)
        self.progress = progress
        self.policy = policy or RetryPolicy()
        self.part_retries = part_retries
        self.sent = 0
        self._ids: list[str | None] = [None] * len(self.parts)

    def finished(self, part: Part, part_id: str) -> None:
        """``part`` is stored on the server as ``part_id``."""
        self._ids[part.index] = part_id
        self.sent += part.size
        if self.progress is not None:
            self.progress(self.sent, self.total)

    def retry_wait(self, error: BaseException, retries: int) -> float | None:
        """Seconds to wait before sending a part again after ``error`` (``retries`` made so
        far for that part), or ``None`` to give up."""
        if retries >= self.part_retries:
            return None
        if isinstance(error, APIStatusError):
            if not self.policy.should_retry_status(error.status_code, error.headers, error.response.content):
                return None
            return self.policy.delay(retries, error.headers)
        if isinstance(error, APIConnectionError):
            return self.policy.delay(retries)
        return None

    def part_ids(self) -> list[str]:
        """The ids of all parts, in file order."""
        missing = [i for i, part_id in enumerate(self._ids) if part_id is None]
        if missing:
            raise OpenAIError(f"upload_file(): parts {missing} were not sent")
        return [part_id for part_id in self._ids if part_id is not None]


def _policy(resource: _Resource) -> RetryPolicy:
    policy = getattr(resource._client, "_policy", None)
    return policy if isinstance(policy, RetryPolicy) else RetryPolicy()


def _create_args(
    source: FileSource, purpose: str, expires_after: FileExpirationAfter | Mapping[str, Any] | NotGiven
) -> dict[str, Any]:
    return {
        "filename": source.filename,
        "purpose": purpose,
        "bytes": source.size,
        "mime_type": source.mime_type,
        "expires_after": expires_after,
    }


def _part_data(source: FileSource, data: bytes) -> tuple[str, bytes, str]:
    return (source.filename, data, "application/octet-stream")


class UploadsHelpers:
    """``upload_file()`` and ``upload_file_chunked()`` of ``client.uploads``."""

    def upload_file(
        self: _Resource,
        file: UploadSource,
        *,
        purpose: str,
        mime_type: str | None = None,
        filename: str | None = None,
        part_size: int = MAX_PART_SIZE,
        progress: ProgressInput = None,
        part_retries: int = DEFAULT_PART_RETRIES,
        expires_after: FileExpirationAfter | Mapping[str, Any] | NotGiven = NOT_GIVEN,
    ) -> FileObject:
        """Upload ``file`` (a path, a binary file object or bytes) in parts of ``part_size``
        bytes (at most 64 MiB) and return the File it becomes.

        ``filename`` and ``mime_type`` default to the file's name and the type its extension
        suggests. ``progress`` is a ``callback(bytes_sent, total)``, or ``True`` for a bar on
        stderr (tqdm when installed). A part failing with a retryable error is sent again
        alone, up to ``part_retries`` times.
        """
        upload = UploadsHelpers._upload(
            self,
            file,
            purpose,
            mime_type,
            filename,
            expires_after,
            part_size=part_size,
            progress=progress,
            part_retries=part_retries,
        )
        return _file_of(upload)

    def upload_file_chunked(
        self: _Resource,
        *,
        file: UploadSource,
        mime_type: str,
        purpose: str,
        filename: str | None = None,
        bytes: int | None = None,
        part_size: int | None = None,
        md5: str | NotGiven = NOT_GIVEN,
    ) -> Upload:
        """:meth:`upload_file` with the official SDK's keywords; returns the completed Upload.
        ``bytes``, when given, must be the file's size; ``md5`` is checked by the server."""
        size = part_size or MAX_PART_SIZE
        return UploadsHelpers._upload(self, file, purpose, mime_type, filename, size=bytes, part_size=size, md5=md5)

    def _upload(
        self: _Resource,
        file: UploadSource,
        purpose: str,
        mime_type: str | None,
        filename: str | None,
        expires_after: FileExpirationAfter | Mapping[str, Any] | NotGiven = NOT_GIVEN,
        *,
        part_size: int,
        progress: ProgressInput = None,
        part_retries: int = DEFAULT_PART_RETRIES,
        size: int | None = None,
        md5: str | NotGiven = NOT_GIVEN,
    ) -> Upload:
        with _open(file, filename, mime_type, size) as source, reporting(progress, source.filename, "B") as report:
            job = PartUpload(source.size, part_size, progress=report, policy=_policy(self), part_retries=part_retries)
            upload = self.create(**_create_args(source, purpose, expires_after))
            parts = self._client.uploads.parts
            try:
                for part in job.parts:
                    retries = 0
                    while True:
                        try:
                            sent = parts.create(upload.id, data=_part_data(source, source.read(part)))
                            break
                        except OpenAIError as error:
                            wait = job.retry_wait(error, retries)
                            if wait is None:
                                raise
                            retries += 1
                            time.sleep(wait)
                    job.finished(part, sent.id)
                done = self._client.uploads.complete(upload.id, part_ids=job.part_ids(), md5=md5)
            except BaseException:
                with contextlib.suppress(Exception):  # the first error is the one to raise
                    self._client.uploads.cancel(upload.id)
                raise
        return cast("Upload", done)


class AsyncUploadsHelpers:
    """``upload_file()`` and ``upload_file_chunked()`` of ``AsyncClient.uploads``."""

    async def upload_file(
        self: _Resource,
        file: UploadSource,
        *,
        purpose: str,
        mime_type: str | None = None,
        filename: str | None = None,
        part_size: int = MAX_PART_SIZE,
        progress: ProgressInput = None,
        part_retries: int = DEFAULT_PART_RETRIES,
        max_concurrency: int = DEFAULT_CONCURRENCY,
        expires_after: FileExpirationAfter | Mapping[str, Any] | NotGiven = NOT_GIVEN,
    ) -> FileObject:
        """See :meth:`UploadsHelpers.upload_file`; up to ``max_concurrency`` parts are sent at
        once (each read from the file, in a thread, when its turn comes)."""
        upload = await AsyncUploadsHelpers._upload(
            self,
            file,
            purpose,
            mime_type,
            filename,
            expires_after,
            part_size=part_size,
            progress=progress,
            part_retries=part_retries,
            max_concurrency=max_concurrency,
        )
        return _file_of(upload)

    async def upload_file_chunked(
        self: _Resource,
        *,
        file: UploadSource,
        mime_type: str,
        purpose: str,
        filename: str | None = None,
        bytes: int | None = None,
        part_size: int | None = None,
        md5: str | NotGiven = NOT_GIVEN,
    ) -> Upload:
        """See :meth:`UploadsHelpers.upload_file_chunked`."""
        size = part_size or MAX_PART_SIZE
        return await AsyncUploadsHelpers._upload(
            self, file, purpose, mime_type, filename, size=bytes, part_size=size, md5=md5
        )

    async def _upload(
        self: _Resource,
        file: UploadSource,
        purpose: str,
        mime_type: str | None,
        filename: str | None,
        expires_after: FileExpirationAfter | Mapping[str, Any] | NotGiven = NOT_GIVEN,
        *,
        part_size: int,
        progress: ProgressInput = None,
        part_retries: int = DEFAULT_PART_RETRIES,
        max_concurrency: int = DEFAULT_CONCURRENCY,
        size: int | None = None,
        md5: str | NotGiven = NOT_GIVEN,
    ) -> Upload:
        import asyncio  # here: the sync client never needs it

        from ._aio import map_bounded

        with _open(file, filename, mime_type, size) as source, reporting(progress, source.filename, "B") as report:
            job = PartUpload(source.size, part_size, progress=report, policy=_policy(self), part_retries=part_retries)
            upload = await self.create(**_create_args(source, purpose, expires_after))
            parts = self._client.uploads.parts

            async def send(part: Any) -> None:
                retries = 0
                while True:
                    data = await asyncio.to_thread(source.read, part)
                    try:
                        sent = await parts.create(upload.id, data=_part_data(source, data))
                        break
                    except OpenAIError as error:
                        wait = job.retry_wait(error, retries)
                        if wait is None:
                            raise
                        retries += 1
                        del data
                        await asyncio.sleep(wait)
                job.finished(part, sent.id)

            try:
                await map_bounded(send, job.parts, max_concurrency)
                done = await self._client.uploads.complete(upload.id, part_ids=job.part_ids(), md5=md5)
            except BaseException:
                with contextlib.suppress(Exception):  # the first error is the one to raise
                    await self._client.uploads.cancel(upload.id)
                raise
        return cast("Upload", done)


def _file_of(upload: Any) -> FileObject:
    file: FileObject | None = getattr(upload, "file", None)
    if file is None:
        raise OpenAIError(f"upload {getattr(upload, 'id', '?')} completed without a file (status {upload.status!r})")
    return file
