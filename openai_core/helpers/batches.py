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
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Union, cast

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
    "request_lines",
]

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


def request_lines(requests: Iterable[BatchRequestInput], endpoint: str) -> list[dict[str, Any]]:
    """The batch input lines for ``requests``; raises ``ValueError`` for a duplicate or empty
    ``custom_id``, or a ``url`` other than ``endpoint``."""
    lines: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in requests:
        if isinstance(item, Mapping):
            custom_id, body = item.get("custom_id"), item.get("body")
            method, url = item.get("method", "POST"), item.get("url", endpoint)
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            (custom_id, body), method, url = item, "POST", endpoint
        else:
            raise TypeError(f"a batch request is a (custom_id, body) pair or a dict, not {item!r:.80}")
        if not isinstance(custom_id, str) or not custom_id:
            raise ValueError(f"each batch request needs a non-empty string custom_id, not {custom_id!r}")
        if custom_id in seen:
            raise ValueError(f"custom_id {custom_id!r} is used twice; each request needs its own")
        if url != endpoint:
            raise ValueError(f"request {custom_id!r} is for {url!r}, but the batch runs {endpoint!r}")
        if not isinstance(body, (Mapping, Model)):
            raise TypeError(f"the body of request {custom_id!r} must be a dict")
        seen.add(custom_id)
        lines.append({"custom_id": custom_id, "method": method, "url": url, "body": to_json_value(body)})
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
    ) -> None:
        if (requests is None) == (resume is None):
            raise TypeError("batches.run() takes the requests, or resume='batch_...' to continue a batch, not both")
        self.lines = request_lines(requests, endpoint) if requests is not None else None
        self.endpoint = endpoint
        self.resume = resume
        self.progress = progress
        self.listener = on_update
        self._reported = (-1, -1)

    def input_file(self) -> tuple[str, bytes, str]:
        """The JSONL upload: ``(filename, content, content type)``."""
        assert self.lines is not None
        return ("batch_input.jsonl", encode_jsonl(self.lines), "application/jsonl")

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
        resume: str | None = None,
        on_update: Callable[[Batch], None] | None = None,
    ) -> BatchResults:
        """Run ``requests`` (``(custom_id, body)`` pairs, or dicts with ``custom_id`` and
        ``body``) as one batch against ``endpoint`` and return their results.

        ``progress`` is a ``callback(finished, total)`` or ``True`` for a bar on stderr;
        ``on_update`` sees each batch object retrieved, from the one just created (its ``id``
        is what ``resume=`` takes); ``timeout`` bounds the wait for the batch (:class:`~openai_core.PollTimeoutError`;
        the batch goes on, and ``run(resume=batch_id)`` continues it). Raises
        :class:`BatchFailedError` when the batch fails validation.
        """
        with reporting(progress, "batch", "req") as report:
            job = BatchRun(requests, endpoint=endpoint, resume=resume, progress=report, on_update=on_update)
            if job.resume is not None:
                batch = self.retrieve(job.resume)
            else:
                uploaded = self._client.files.create(file=job.input_file(), purpose="batch")
                batch = self.create(
                    input_file_id=uploaded.id,
                    endpoint=endpoint,
                    completion_window=completion_window,
                    metadata=metadata,
                )
            poller = Poller(BATCH, poll_interval=poll_interval, timeout=timeout, on_update=job.on_update)
            batch_id = batch.id
            batch = poll_sync(poller, lambda: self.retrieve(batch_id), batch)
        files = _binary(self)
        return job.collect(batch, [files.content(f).content for f in job.files_to_download(batch)])

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
        resume: str | None = None,
        on_update: Callable[[Batch], None] | None = None,
    ) -> BatchResults:
        """See :meth:`BatchesHelpers.run`."""
        with reporting(progress, "batch", "req") as report:
            job = BatchRun(requests, endpoint=endpoint, resume=resume, progress=report, on_update=on_update)
            if job.resume is not None:
                batch = await self.retrieve(job.resume)
            else:
                uploaded = await self._client.files.create(file=job.input_file(), purpose="batch")
                batch = await self.create(
                    input_file_id=uploaded.id,
                    endpoint=endpoint,
                    completion_window=completion_window,
                    metadata=metadata,
                )
            poller = Poller(BATCH, poll_interval=poll_interval, timeout=timeout, on_update=job.on_update)
            batch_id = batch.id
            batch = await poll_async(poller, lambda: self.retrieve(batch_id), batch)
        files = _binary(self)
        return job.collect(batch, [(await files.content(f)).content for f in job.files_to_download(batch)])

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
