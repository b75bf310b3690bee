"""``client.batches.run()``: many requests through the Batch API, results matched back.

``run(requests)`` writes the requests as JSONL, uploads it (purpose ``batch``), creates the
batch, polls it (``progress`` sees ``request_counts``), downloads the output and error files,
and returns a :class:`BatchResults`: each answer under its ``custom_id`` (parsed into the
endpoint's response type), each failed request's :class:`BatchRequestError` apart.
``run(resume="batch_...")`` (or ``results("batch_...")``) picks up an existing batch:
no upload, no creation, just the polling and the downloads.

Building the JSONL, reading the result files and matching them are pure
(:class:`BatchRun`); the mixins only make the calls, with ``await`` or without.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Union, cast, overload

import attrs

from .._errors import APIDecodeError, OpenAIError
from .._models import Model, parse, to_json_value
from .._operation import resolve_type
from .._types import NOT_GIVEN, NotGiven
from .polling import BATCH, Poller, _Resource, poll_async, poll_sync
from .progress import ProgressCallback, ProgressInput, reporting
from .tools import field

if TYPE_CHECKING:
    from ..types.batches import Batch
    from ..types.shared import Metadata
    from .batch_jobs import BatchJob, BatchJobResults, StrPath

__all__ = [
    "AsyncBatchesHelpers",
    "BatchFailedError",
    "BatchRequestError",
    "BatchResults",
    "BatchRun",
    "BatchesHelpers",
    "BatchRequestInput",
    "decode_jsonl",
    "encode_jsonl",
    "request_line",
    "request_lines",
]

DEFAULT_MAX_REQUESTS = 50_000
"""The Batch API's limit on the requests of one batch."""
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
"""The Batch API's limit on the size of one batch's input file."""

BatchRequestInput = Union[tuple[str, Mapping[str, Any]], Mapping[str, Any]]
"""A ``(custom_id, body)`` pair, or a dict with ``custom_id`` and ``body`` (and optionally
``method`` and ``url``, as in a batch input line)."""


class BatchFailedError(OpenAIError):
    """The batch ended ``failed``: its input did not validate. ``errors`` are the API's
    ``BatchError`` objects (``code``, ``message``, ``line``, ``param``); ``batch`` the batch."""

    def __init__(self, batch: Any) -> None:
        errors = list(field(field(batch, "errors"), "data") or [])
        shown = "; ".join(_describe_error(e) for e in errors[:3]) or "no details given"
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(f"Batch {field(batch, 'id')} failed: {shown}{more}")
        self.batch = batch
        self.errors = errors


def _describe_error(error: Any) -> str:
    line = field(error, "line")
    where = f"line {line}: " if line else ""
    return f"{where}{field(error, 'code') or 'error'}: {field(error, 'message') or ''}".rstrip(": ")


@attrs.frozen
class BatchRequestError:
    """Why one request of a batch failed.

    ``status_code`` is the HTTP status the request got (``None`` when it never ran, e.g. the
    batch expired), ``code`` and ``message`` come from its error object, ``body`` is the raw
    response body (or error object) and ``request_id`` the request's id when it ran.
    """

    custom_id: str
    status_code: int | None
    code: str | None
    message: str
    body: Any = attrs.field(repr=False)
    request_id: str | None = None


@attrs.frozen
class BatchResults:
    """What a batch produced, by ``custom_id``.

    ``results`` holds each successful answer (the endpoint's response type, e.g. a chat
    completion; a raw dict for endpoints without one), in the order the requests were given;
    ``errors`` each failed request's :class:`BatchRequestError`; ``missing`` the requests
    with neither (a cancelled or expired batch; empty when resumed, as the requests are not
    known then); ``batch`` the final batch object.
    """

    batch: Batch
    results: dict[str, Any]
    errors: dict[str, BatchRequestError]
    missing: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return str(self.batch.id)

    def __repr__(self) -> str:
        return (
            f"BatchResults(id={self.id!r}, status={self.batch.status!r}, results={len(self.results)}, "
            f"errors={len(self.errors)}, missing={len(self.missing)})"
        )


# ---- JSONL -----------------------------------------------------------------------------------


def positive_int(name: str, value: Any) -> int:
    """``value``, or ``ValueError`` naming ``name`` when it is not a positive int."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, not {value!r}")
    return value


def request_line(item: BatchRequestInput, endpoint: str) -> dict[str, Any]:
    """One request as a batch input line; raises ``ValueError`` for an empty ``custom_id``
    or a ``url`` other than ``endpoint``, ``TypeError`` for a malformed item."""
    if isinstance(item, Mapping):
        custom_id, body = item.get("custom_id"), item.get("body")
        method, url = item.get("method", "POST"), item.get("url", endpoint)
    elif isinstance(item, (tuple, list)) and len(item) == 2:
        (custom_id, body), method, url = item, "POST", endpoint
    else:
        raise TypeError(f"a batch request is a (custom_id, body) pair or a dict, not {item!r:.80}")
    if not isinstance(custom_id, str) or not custom_id:
        raise ValueError(f"each batch request needs a non-empty string custom_id, not {custom_id!r}")
    if url != endpoint:
        raise ValueError(f"request {custom_id!r} is for {url!r}, but the batch runs {endpoint!r}")
    if not isinstance(body, (Mapping, Model)):
        raise TypeError(f"the body of request {custom_id!r} must be a dict")
    return {"custom_id": custom_id, "method": method, "url": url, "body": to_json_value(body)}


def request_lines(requests: Iterable[BatchRequestInput], endpoint: str) -> list[dict[str, Any]]:
    """The batch input lines for ``requests`` (see :func:`request_line`); raises
    ``ValueError`` for a duplicate ``custom_id`` or no request at all."""
    lines: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in requests:
        line = request_line(item, endpoint)
        if line["custom_id"] in seen:
            raise ValueError(f"custom_id {line['custom_id']!r} is used twice; each request needs its own")
        seen.add(line["custom_id"])
        lines.append(line)
    if not lines:
        raise ValueError("a batch needs at least one request")
    return lines


def encode_jsonl(lines: Iterable[Any]) -> bytes:
    """One compact JSON document per line."""
    return b"".join(json.dumps(line, separators=(",", ":"), ensure_ascii=False).encode() + b"\n" for line in lines)


def decode_jsonl(data: bytes) -> list[Any]:
    """The JSON documents of a JSONL body (blank lines skipped)."""
    out = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except ValueError as exc:
            raise APIDecodeError(
                f"line {number} of a batch file is not JSON ({exc})", status_code=200, body=line
            ) from None
    return out


# ---- matching results ------------------------------------------------------------------------


def _parser_for(endpoint: str) -> Callable[[Any], Any]:
    """How to type an answer of ``endpoint``: its operation's response type, if it has one."""
    from ..operations import OPERATIONS

    path = endpoint[3:] if endpoint.startswith("/v1/") else endpoint
    for op in OPERATIONS.values():
        if op.method == "POST" and op.path == path and op.response and op.response_kind == "json":
            tp = resolve_type(op.response)
            return lambda data: parse(data, tp)
    return lambda data: data


def _request_error(line: Mapping[str, Any]) -> BatchRequestError | None:
    """The error of an output/error line, or ``None`` when it holds a successful answer."""
    response = line.get("response") or {}
    status = response.get("status_code")
    body = response.get("body")
    error = line.get("error")
    if not error and isinstance(status, int) and 200 <= status < 300:
        return None
    detail = error or (body.get("error") if isinstance(body, Mapping) else None) or {}
    return BatchRequestError(
        custom_id=str(line.get("custom_id")),
        status_code=status if isinstance(status, int) else None,
        code=detail.get("code"),
        message=detail.get("message") or (f"HTTP {status}" if status else "the request failed"),
        body=body if body is not None else error,
        request_id=response.get("request_id"),
    )


class BatchRun:
    """One ``run()``: the requests' lines (none when resuming), the progress, and the
    matching of the result files to the ``custom_id``s."""

    def __init__(
        self,
        requests: Iterable[BatchRequestInput] | None,
        *,
        endpoint: str,
        resume: str | None = None,
        progress: ProgressCallback | None = None,
        on_update: Callable[[Any], None] | None = None,
        max_requests: int | None = None,
        max_bytes: int | None = None,
    ) -> None:
        if (requests is None) == (resume is None):
            raise TypeError("batches.run() takes the requests, or resume='batch_...' to continue a batch, not both")
        self.lines = request_lines(requests, endpoint) if requests is not None else None
        self._input: bytes | None = None
        if max_requests is not None:
            positive_int("max_requests_per_batch", max_requests)
        if max_bytes is not None:
            positive_int("max_bytes_per_batch", max_bytes)
        if self.lines is not None:
            self._input = encode_jsonl(self.lines)
            if (max_requests is not None and len(self.lines) > max_requests) or (
                max_bytes is not None and len(self._input) > max_bytes
            ):
                raise ValueError(
                    f"{len(self.lines)} requests ({len(self._input)} bytes) exceed one batch's limits; "
                    "pass manifest='job.json' to run them as a job of several batches"
                )
        self.endpoint = endpoint
        self.resume = resume
        self.progress = progress
        self.listener = on_update
        self._reported = (-1, -1)

    def input_file(self) -> tuple[str, bytes, str]:
        """The JSONL upload: ``(filename, content, content type)``."""
        assert self._input is not None
        return ("batch_input.jsonl", self._input, "application/jsonl")

    def on_update(self, batch: Any) -> None:
        """Each batch retrieved (the created one first): hand it to the caller's
        ``on_update``, and its ``request_counts`` (completed + failed, of total; once the
        total is known) to the progress callback."""
        if self.listener is not None:
            self.listener(batch)
        counts = field(batch, "request_counts")
        total: int = field(counts, "total") or 0
        finished = (field(counts, "completed") or 0) + (field(counts, "failed") or 0)
        if self.progress is not None and total and (finished, total) != self._reported:  # total 0: validating
            self._reported = (finished, total)
            self.progress(finished, total)

    def files_to_download(self, batch: Any) -> list[str]:
        """The output and error files of the finished ``batch``; raises
        :class:`BatchFailedError` when it failed."""
        if field(batch, "status") == "failed":
            raise BatchFailedError(batch)
        return [f for f in (field(batch, "output_file_id"), field(batch, "error_file_id")) if f]

    def collect(self, batch: Batch, contents: Sequence[bytes]) -> BatchResults:
        """Match the lines of the downloaded files to the requests."""
        parse_answer = _parser_for(field(batch, "endpoint") or self.endpoint)
        answers: dict[str, Any] = {}
        errors: dict[str, BatchRequestError] = {}
        for content in contents:
            for line in decode_jsonl(content):
                if not isinstance(line, Mapping):
                    continue
                error = _request_error(line)
                if error is not None:
                    errors[error.custom_id] = error
                else:
                    answers[str(line.get("custom_id"))] = parse_answer(line["response"].get("body"))
        if self.lines is None:
            return BatchResults(batch=batch, results=answers, errors=errors)
        order = [line["custom_id"] for line in self.lines]
        results = {cid: answers[cid] for cid in order if cid in answers}
        results.update((cid, answer) for cid, answer in answers.items() if cid not in results)
        missing = tuple(cid for cid in order if cid not in answers and cid not in errors)
        return BatchResults(batch=batch, results=results, errors=errors, missing=missing)


# ---- the mixins ------------------------------------------------------------------------------


def _check_run_arguments(
    completion_window: Any, metadata: Any, poll_interval: float | None, timeout: float | None
) -> None:
    """Refuse what would fail only after the upload (``batches.run`` sends nothing before)."""
    if not isinstance(completion_window, str) or not completion_window:
        raise TypeError(f"completion_window must be a string such as '24h', not {completion_window!r}")
    if (
        not isinstance(metadata, NotGiven)
        and metadata is not None
        and (
            not isinstance(metadata, Mapping)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items())
        )
    ):
        raise TypeError("metadata must map strings to strings")
    Poller(BATCH, poll_interval=poll_interval, timeout=timeout)  # raises ValueError for bad values


def _job(
    requests: Iterable[BatchRequestInput] | None,
    manifest: StrPath | None,
    resume: StrPath | None,
    options: dict[str, Any],
) -> BatchJob | None:
    """The :class:`BatchJob` of a ``run()`` with ``manifest=`` (a new job) or with ``resume=``
    a manifest (not a ``batch_...`` id); ``None`` for a run of one batch."""
    from .batch_jobs import BatchJob

    is_manifest = resume is not None and (
        isinstance(resume, os.PathLike) or os.path.isfile(resume) or not resume.startswith("batch_")
    )
    if manifest is None and not is_manifest:
        if options["output"] is not None or options["failed"] is not None:
            raise TypeError("output= and failed= belong to jobs: pass manifest='job.json' too")
        return None
    if manifest is not None and resume is not None:
        raise TypeError("pass manifest= to start a job, or resume= (its manifest) to continue one, not both")
    if manifest is not None and requests is None:
        raise TypeError("batches.run(manifest=...) needs the requests")
    metadata = options.pop("metadata")
    _check_run_arguments(options["completion_window"], metadata, options["poll_interval"], options["timeout"])
    return BatchJob(
        manifest=cast("StrPath", manifest if manifest is not None else resume),
        resume=manifest is None,
        metadata=None if isinstance(metadata, NotGiven) else metadata,
        **options,
    )


def _binary(resource: _Resource) -> Any:
    """``client.files``, answering ``content()`` with the whole body (not a stream)."""
    return resource._client.files.with_options(stream_binary=False)


class BatchesHelpers:
    """``poll()``, ``run()`` and ``results()`` of ``client.batches``."""

    def poll(
        self: _Resource,
        batch_id: str,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
        on_update: Callable[[Batch], None] | None = None,
    ) -> Batch:
        """Wait until the batch is ``completed``, ``failed``, ``expired`` or ``cancelled``;
        ``on_update`` sees each retrieved batch (e.g. its ``request_counts``)."""
        poller = Poller(BATCH, poll_interval=poll_interval, timeout=timeout, on_update=on_update)
        return cast("Batch", poll_sync(poller, lambda: self.retrieve(batch_id), self.retrieve(batch_id)))

    @overload
    def run(
        self: _Resource,
        requests: Iterable[BatchRequestInput] | None = None,
        *,
        manifest: StrPath,
        endpoint: str = ...,
        completion_window: str = ...,
        metadata: Metadata | NotGiven = ...,
        poll_interval: float | None = ...,
        timeout: float | None = ...,
        progress: ProgressInput = ...,
        on_update: Callable[[Batch], None] | None = ...,
        max_requests_per_batch: int = ...,
        max_bytes_per_batch: int = ...,
        output: StrPath | None = ...,
        failed: StrPath | None = ...,
        max_concurrency: int = ...,
    ) -> BatchJobResults: ...

    @overload
    def run(
        self: _Resource,
        requests: Iterable[BatchRequestInput] | None = None,
        *,
        resume: os.PathLike[str],
        endpoint: str = ...,
        completion_window: str = ...,
        metadata: Metadata | NotGiven = ...,
        poll_interval: float | None = ...,
        timeout: float | None = ...,
        progress: ProgressInput = ...,
        on_update: Callable[[Batch], None] | None = ...,
        max_requests_per_batch: int = ...,
        max_bytes_per_batch: int = ...,
        output: StrPath | None = ...,
        failed: StrPath | None = ...,
        max_concurrency: int = ...,
    ) -> BatchJobResults: ...

    @overload
    def run(
        self: _Resource,
        requests: Iterable[BatchRequestInput] | None = None,
        *,
        resume: str | None = ...,
        endpoint: str = ...,
        completion_window: str = ...,
        metadata: Metadata | NotGiven = ...,
        poll_interval: float | None = ...,
        timeout: float | None = ...,
        progress: ProgressInput = ...,
        on_update: Callable[[Batch], None] | None = ...,
        max_requests_per_batch: int = ...,
        max_bytes_per_batch: int = ...,
    ) -> BatchResults: ...

    def run(
        self: _Resource,
        requests: Iterable[BatchRequestInput] | None = None,
        *,
        endpoint: str = "/v1/chat/completions",
        completion_window: str = "24h",
        metadata: Metadata | NotGiven = NOT_GIVEN,
        poll_interval: float | None = None,
        timeout: float | None = None,
        progress: ProgressInput = None,
        resume: StrPath | None = None,
        on_update: Callable[[Batch], None] | None = None,
        manifest: StrPath | None = None,
        output: StrPath | None = None,
        failed: StrPath | None = None,
        max_requests_per_batch: int = DEFAULT_MAX_REQUESTS,
        max_bytes_per_batch: int = DEFAULT_MAX_BYTES,
        max_concurrency: int = 4,
    ) -> BatchResults | BatchJobResults:
        """Run ``requests`` (``(custom_id, body)`` pairs, or dicts with ``custom_id`` and
        ``body``) through the Batch API against ``endpoint`` and return their results.

        Without ``manifest``, the requests run as one batch (at most ``max_requests_per_batch``
        requests and ``max_bytes_per_batch`` bytes) and the results come back in memory as
        :class:`BatchResults`; ``resume="batch_..."`` picks up such a batch. With
        ``manifest="job.json"``, any number of requests run as a job of as many batches as the
        limits need, ``max_concurrency`` at a time, their answers written to the ``output``
        JSONL file as each batch ends and the failed requests to ``failed`` (defaults: next
        to the manifest); ``resume="job.json"`` (or a ``Path``) continues such a job after a
        crash. See :mod:`openai_core.helpers.batch_jobs`.

        ``progress`` is a ``callback(finished, total)`` or ``True`` for a bar on stderr;
        ``on_update`` sees each batch object retrieved, from the one just created (its ``id``
        is what ``resume=`` takes); ``timeout`` bounds the wait for the batches
        (:class:`~openai_core.PollTimeoutError`; the batches go on, and ``resume=`` continues).
        Every argument is checked before anything is uploaded. Raises
        :class:`BatchFailedError` when a single batch fails validation (in a job, its requests
        go to the ``failed`` file instead).
        """
        options = {
            "output": output,
            "failed": failed,
            "endpoint": endpoint,
            "completion_window": completion_window,
            "metadata": metadata,
            "max_requests_per_batch": max_requests_per_batch,
            "max_bytes_per_batch": max_bytes_per_batch,
            "max_concurrency": max_concurrency,
            "poll_interval": poll_interval,
            "timeout": timeout,
            "on_update": on_update,
        }
        job = _job(requests, manifest, resume, options)
        if job is not None:
            with reporting(progress, "batch job", "req") as report:
                job.progress = report
                job.prepare(requests)
                from .batch_jobs import run_job_sync

                return run_job_sync(self._client, job)
        _check_run_arguments(completion_window, metadata, poll_interval, timeout)
        with reporting(progress, "batch", "req") as report:
            single = BatchRun(
                requests,
                endpoint=endpoint,
                resume=cast("str | None", resume),
                progress=report,
                on_update=on_update,
                max_requests=max_requests_per_batch,
                max_bytes=max_bytes_per_batch,
            )
            if single.resume is not None:
                batch = self.retrieve(single.resume)
            else:
                uploaded = self._client.files.create(file=single.input_file(), purpose="batch")
                batch = self.create(
                    input_file_id=uploaded.id,
                    endpoint=endpoint,
                    completion_window=completion_window,
                    metadata=metadata,
                )
            poller = Poller(BATCH, poll_interval=poll_interval, timeout=timeout, on_update=single.on_update)
            batch_id = batch.id
            batch = poll_sync(poller, lambda: self.retrieve(batch_id), batch)
        files = _binary(self)
        return single.collect(batch, [files.content(f).content for f in single.files_to_download(batch)])

    def results(
        self: _Resource,
        batch_id: str,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
        progress: ProgressInput = None,
    ) -> BatchResults:
        """The results of an existing batch, waiting for it to finish if need be: the same as
        ``run(resume=batch_id)``."""
        return BatchesHelpers.run(
            self, resume=batch_id, poll_interval=poll_interval, timeout=timeout, progress=progress
        )


class AsyncBatchesHelpers:
    """``poll()``, ``run()`` and ``results()`` of ``AsyncClient.batches``."""

    async def poll(
        self: _Resource,
        batch_id: str,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
        on_update: Callable[[Batch], None] | None = None,
    ) -> Batch:
        """See :meth:`BatchesHelpers.poll`."""
        poller = Poller(BATCH, poll_interval=poll_interval, timeout=timeout, on_update=on_update)
        return cast("Batch", await poll_async(poller, lambda: self.retrieve(batch_id), await self.retrieve(batch_id)))

    @overload
    async def run(
        self: _Resource,
        requests: Iterable[BatchRequestInput] | None = None,
        *,
        manifest: StrPath,
        endpoint: str = ...,
        completion_window: str = ...,
        metadata: Metadata | NotGiven = ...,
        poll_interval: float | None = ...,
        timeout: float | None = ...,
        progress: ProgressInput = ...,
        on_update: Callable[[Batch], None] | None = ...,
        max_requests_per_batch: int = ...,
        max_bytes_per_batch: int = ...,
        output: StrPath | None = ...,
        failed: StrPath | None = ...,
        max_concurrency: int = ...,
    ) -> BatchJobResults: ...

    @overload
    async def run(
        self: _Resource,
        requests: Iterable[BatchRequestInput] | None = None,
        *,
        resume: os.PathLike[str],
        endpoint: str = ...,
        completion_window: str = ...,
        metadata: Metadata | NotGiven = ...,
        poll_interval: float | None = ...,
        timeout: float | None = ...,
        progress: ProgressInput = ...,
        on_update: Callable[[Batch], None] | None = ...,
        max_requests_per_batch: int = ...,
        max_bytes_per_batch: int = ...,
        output: StrPath | None = ...,
        failed: StrPath | None = ...,
        max_concurrency: int = ...,
    ) -> BatchJobResults: ...

    @overload
    async def run(
        self: _Resource,
        requests: Iterable[BatchRequestInput] | None = None,
        *,
        resume: str | None = ...,
        endpoint: str = ...,
        completion_window: str = ...,
        metadata: Metadata | NotGiven = ...,
        poll_interval: float | None = ...,
        timeout: float | None = ...,
        progress: ProgressInput = ...,
        on_update: Callable[[Batch], None] | None = ...,
        max_requests_per_batch: int = ...,
        max_bytes_per_batch: int = ...,
    ) -> BatchResults: ...

    async def run(
        self: _Resource,
        requests: Iterable[BatchRequestInput] | None = None,
        *,
        endpoint: str = "/v1/chat/completions",
        completion_window: str = "24h",
        metadata: Metadata | NotGiven = NOT_GIVEN,
        poll_interval: float | None = None,
        timeout: float | None = None,
        progress: ProgressInput = None,
        resume: StrPath | None = None,
        on_update: Callable[[Batch], None] | None = None,
        manifest: StrPath | None = None,
        output: StrPath | None = None,
        failed: StrPath | None = None,
        max_requests_per_batch: int = DEFAULT_MAX_REQUESTS,
        max_bytes_per_batch: int = DEFAULT_MAX_BYTES,
        max_concurrency: int = 4,
    ) -> BatchResults | BatchJobResults:
        """See :meth:`BatchesHelpers.run`."""
        options = {
            "output": output,
            "failed": failed,
            "endpoint": endpoint,
            "completion_window": completion_window,
            "metadata": metadata,
            "max_requests_per_batch": max_requests_per_batch,
            "max_bytes_per_batch": max_bytes_per_batch,
            "max_concurrency": max_concurrency,
            "poll_interval": poll_interval,
            "timeout": timeout,
            "on_update": on_update,
        }
        job = _job(requests, manifest, resume, options)
        if job is not None:
            with reporting(progress, "batch job", "req") as report:
                job.progress = report
                job.prepare(requests)
                from .batch_jobs import run_job_async

                return await run_job_async(self._client, job)
        _check_run_arguments(completion_window, metadata, poll_interval, timeout)
        with reporting(progress, "batch", "req") as report:
            single = BatchRun(
                requests,
                endpoint=endpoint,
                resume=cast("str | None", resume),
                progress=report,
                on_update=on_update,
                max_requests=max_requests_per_batch,
                max_bytes=max_bytes_per_batch,
            )
            if single.resume is not None:
                batch = await self.retrieve(single.resume)
            else:
                uploaded = await self._client.files.create(file=single.input_file(), purpose="batch")
                batch = await self.create(
                    input_file_id=uploaded.id,
                    endpoint=endpoint,
                    completion_window=completion_window,
                    metadata=metadata,
                )
            poller = Poller(BATCH, poll_interval=poll_interval, timeout=timeout, on_update=single.on_update)
            batch_id = batch.id
            batch = await poll_async(poller, lambda: self.retrieve(batch_id), batch)
        files = _binary(self)
        return single.collect(batch, [(await files.content(f)).content for f in single.files_to_download(batch)])

    async def results(
        self: _Resource,
        batch_id: str,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
        progress: ProgressInput = None,
    ) -> BatchResults:
        """See :meth:`BatchesHelpers.results`."""
        return await AsyncBatchesHelpers.run(
            self, resume=batch_id, poll_interval=poll_interval, timeout=timeout, progress=progress
        )
