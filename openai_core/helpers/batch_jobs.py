"""Batch jobs of any size: ``client.batches.run(requests, manifest="job.json")``.

A job is split into as many Batch API batches ("shards") as the per-batch limits need
(``max_requests_per_batch``, ``max_bytes_per_batch``). The shards' input files are written
to disk next to the manifest (``job.json.d/``), then uploaded and run, at most
``max_concurrency`` at a time (one upload at a time, so that memory holds one shard's input
file at most). The manifest (the job id, the shards with their file ids,
batch ids and states, and how far the result files are written) is rewritten atomically
(write, fsync, rename) at every change, so a job survives a crash or a ``kill -9``:
``run(resume="job.json")`` picks it up.

- A shard whose batch was finished and collected is never submitted again.
- Each batch carries the job id and the shard number in its ``metadata``. A shard uploaded
  but without a recorded batch (killed between "batch created" and "manifest written") looks
  its batch up by that metadata before creating one.
- Each shard's answers are appended to the ``output`` JSONL file (the Batch API's own output
  lines) as soon as its batch ends; its failed or never-run requests go to the ``failed``
  file, with their body and an ``error``, ready to be run again as a new job. The manifest
  records the size of both files after each shard, and a resumed job cuts them back to that
  size, so that no answer is written twice.

:class:`BatchJob` holds all decisions and file work; each shard's life is a generator of
steps (upload, create, retrieve, sleep, download) that the sync and async surfaces perform.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Union

import attrs

from .._errors import OpenAIError
from .batches import (
    BatchFailedError,
    BatchRequestInput,
    _parser_for,
    _request_error,
    positive_int,
    request_line,
)
from .polling import BATCH, Poller
from .progress import ProgressCallback
from .tools import field

__all__ = [
    "BatchJob",
    "BatchJobResults",
    "Shard",
    "read_jsonl",
]

JOB_KEY = "openai_core_job"
SHARD_KEY = "openai_core_shard"
StrPath = Union[str, "os.PathLike[str]"]


class JobStopped(OpenAIError):
    """Another shard of the job failed; this one stops where it is (the manifest keeps it)."""


@attrs.define(kw_only=True)
class Shard:
    """One batch of the job. ``state`` goes ``split`` (input file written) -> ``uploaded``
    -> ``submitted`` (batch created) -> ``collected`` (results written)."""

    index: int
    requests: int
    bytes: int
    state: str = "split"
    file_id: str | None = None
    file_created_at: int = 0
    batch_id: str | None = None
    status: str | None = None
    finished: int = 0
    completed: int = 0
    failed: int = 0


# ---- the steps a shard asks its surface to perform ------------------------------------------


@attrs.frozen
class Upload:
    path: Path
    filename: str


@attrs.frozen
class FindBatch:
    """The batch of ``shard`` of ``job``, if one was created (``None`` when not): batches are
    listed newest first, until one created before ``since`` (unix seconds, server's clock)."""

    job: str
    shard: int
    since: int

    def matches(self, batch: Any) -> bool:
        metadata = field(batch, "metadata") or {}
        return bool(metadata.get(JOB_KEY) == self.job and metadata.get(SHARD_KEY) == str(self.shard))

    def past(self, batch: Any) -> bool:
        return int(field(batch, "created_at") or 0) < self.since


@attrs.frozen
class CreateBatch:
    input_file_id: str
    endpoint: str
    completion_window: str
    metadata: dict[str, str]


@attrs.frozen
class RetrieveBatch:
    batch_id: str


@attrs.frozen
class Sleep:
    seconds: float


@attrs.frozen
class Download:
    file_id: str
    path: Path


Step = Union[Upload, FindBatch, CreateBatch, RetrieveBatch, Sleep, Download]


# ---- results ---------------------------------------------------------------------------------


def read_jsonl(path: StrPath) -> Iterator[Any]:
    """The JSON documents of a JSONL file, one at a time (blank lines skipped)."""
    for line in _lines([Path(path)]):
        yield json.loads(line)


@attrs.frozen
class BatchJobResults:
    """What a finished job produced. ``completed`` answers are in the ``output`` JSONL file,
    ``failed`` requests (with their ``error``) in the ``failed`` one; ``batch_ids`` are the
    job's batches, shard by shard."""

    manifest: Path
    output: Path
    failed_file: Path
    endpoint: str
    total: int
    completed: int
    failed: int
    batch_ids: tuple[str, ...]

    def iter_results(self) -> Iterator[tuple[str, Any]]:
        """``(custom_id, answer)`` for each answer, read from ``output`` as iterated, each
        answer parsed into the endpoint's response type."""
        parse_answer = _parser_for(self.endpoint)
        for line in read_jsonl(self.output):
            yield str(line["custom_id"]), parse_answer(line["response"]["body"])

    def iter_failed(self) -> Iterator[dict[str, Any]]:
        """Each failed request: ``custom_id``, ``method``, ``url``, ``body`` and ``error``
        (``status_code``, ``code``, ``message``, ``request_id``). They are valid input for a
        new ``batches.run()``."""
        yield from read_jsonl(self.failed_file)


# ---- the job ---------------------------------------------------------------------------------


def _check_path(name: str, value: Any) -> Path:
    if not isinstance(value, (str, os.PathLike)) or not os.fspath(value):
        raise TypeError(f"{name} must be a file path, not {value!r}")
    return Path(os.fspath(value))


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data``: write a temporary file, fsync it, rename it over."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _lines(paths: Iterable[Path]) -> Iterator[bytes]:
    """The non-blank lines of the files at ``paths``, one at a time."""
    for path in paths:
        with open(path, "rb") as fh:
            for line in fh:
                if line.strip():
                    yield line


def _error_of(line: Mapping[str, Any]) -> dict[str, Any] | None:
    error = _request_error(line)
    if error is None:
        return None
    return {
        "status_code": error.status_code,
        "code": error.code,
        "message": error.message,
        "request_id": error.request_id,
    }


class BatchJob:
    """One job: its manifest, its shards' files, and the life of each shard."""

    def __init__(
        self,
        *,
        manifest: StrPath,
        resume: bool,
        output: StrPath | None,
        failed: StrPath | None,
        endpoint: str,
        completion_window: str,
        metadata: Mapping[str, str] | None,
        max_requests_per_batch: int,
        max_bytes_per_batch: int,
        max_concurrency: int,
        poll_interval: float | None,
        timeout: float | None,
        on_update: Callable[[Any], None] | None,
    ) -> None:
        self.path = _check_path("manifest", manifest)
        if resume and not self.path.is_file():
            raise FileNotFoundError(f"no batch job manifest at {str(self.path)!r} to resume")
        if not resume and self.path.exists():
            raise FileExistsError(f"{str(self.path)!r} exists; pass resume={str(self.path)!r} to continue that job")
        if not isinstance(endpoint, str) or not endpoint.startswith("/v1/"):
            raise ValueError(f"endpoint must be an API path such as '/v1/chat/completions', not {endpoint!r}")
        if metadata is not None and (
            not isinstance(metadata, Mapping)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items())
        ):
            raise TypeError("metadata must map strings to strings")
        if metadata and len(metadata) > 14:
            raise ValueError("metadata may hold at most 14 keys here (the job uses 2 of the API's 16)")
        positive_int("max_requests_per_batch", max_requests_per_batch)
        positive_int("max_bytes_per_batch", max_bytes_per_batch)
        self.max_concurrency = positive_int("max_concurrency", max_concurrency)
        Poller(BATCH, poll_interval=poll_interval, timeout=timeout)  # checks both
        self.poll_interval = poll_interval
        self.timeout = timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.on_update = on_update
        self.progress: ProgressCallback | None = None
        self.workdir = self.path.with_name(self.path.name + ".d")
        self._lock = threading.RLock()
        self._stopped = False
        self._reported = (-1, -1)
        self.state: dict[str, Any]
        if resume:
            self.state = json.loads(self.path.read_bytes())
            if self.state.get("version") != 1 or not isinstance(self.state.get("shards"), list):
                raise ValueError(f"{str(self.path)!r} is not a batch job manifest")
        else:
            out = _check_path("output", output) if output is not None else self.path.with_suffix(".results.jsonl")
            bad = _check_path("failed", failed) if failed is not None else self.path.with_suffix(".failed.jsonl")
            self.state = {
                "version": 1,
                "job": uuid.uuid4().hex,
                "created_at": int(time.time()),
                "endpoint": endpoint,
                "completion_window": completion_window,
                "metadata": dict(metadata or {}),
                "output": str(out.absolute()),
                "failed": str(bad.absolute()),
                "output_size": 0,
                "failed_size": 0,
                "max_requests_per_batch": max_requests_per_batch,
                "max_bytes_per_batch": max_bytes_per_batch,
                "split": False,
                "shards": [],
            }
        self.shards = [Shard(**s) for s in self.state["shards"]]
        # the job's own limits, also when a resume splits the requests again
        self.max_requests = int(self.state["max_requests_per_batch"])
        self.max_bytes = int(self.state["max_bytes_per_batch"])

    # -- the manifest ----------------------------------------------------------------------

    @property
    def job_id(self) -> str:
        return str(self.state["job"])

    @property
    def endpoint(self) -> str:
        return str(self.state["endpoint"])

    @property
    def total(self) -> int:
        return sum(s.requests for s in self.shards)

    def save(self) -> None:
        with self._lock:
            self.state["shards"] = [attrs.asdict(s) for s in self.shards]
            _write_atomically(self.path, json.dumps(self.state, indent=1).encode())

    def shard_path(self, index: int) -> Path:
        return self.workdir / f"shard-{index:05d}.jsonl"

    # -- splitting -------------------------------------------------------------------------

    def prepare(self, requests: Iterable[BatchRequestInput] | None) -> None:
        """Split ``requests`` into shard files unless the manifest holds them already; then
        cut the result files back to what the manifest says was written."""
        if not self.state["split"]:
            if requests is None:
                raise TypeError("this job was interrupted while its requests were being split; pass them again")
            self._split(requests)
        for key, size_key in (("output", "output_size"), ("failed", "failed_size")):
            with open(self.state[key], "ab") as fh:
                fh.truncate(int(self.state[size_key]))

    def _split(self, requests: Iterable[BatchRequestInput]) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.shards = []
        self.save()
        fh: IO[bytes] | None = None
        count = size = 0
        seen: set[str] = set()

        def close(fh: IO[bytes]) -> None:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            self.shards.append(Shard(index=len(self.shards), requests=count, bytes=size))

        try:
            for item in requests:
                line = request_line(item, self.endpoint)
                data = json.dumps(line, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"
                if len(data) > self.max_bytes:
                    raise ValueError(f"request {line['custom_id']!r} alone exceeds max_bytes_per_batch")
                if fh is None or count >= self.max_requests or size + len(data) > self.max_bytes:
                    if fh is not None:
                        close(fh)
                    fh = open(self.shard_path(len(self.shards)), "wb")  # noqa: SIM115 - closed by close()
                    count = size = 0
                    seen = set()
                if line["custom_id"] in seen:
                    raise ValueError(f"custom_id {line['custom_id']!r} is used twice; each request needs its own")
                seen.add(line["custom_id"])
                fh.write(data)
                count += 1
                size += len(data)
            if fh is None:
                raise ValueError("a batch needs at least one request")
            close(fh)
        finally:
            if fh is not None and not fh.closed:
                fh.close()
        self.state["split"] = True
        self.save()

    # -- running ---------------------------------------------------------------------------

    def pending(self) -> list[Shard]:
        return [s for s in self.shards if s.state != "collected"]

    def stop(self) -> None:
        self._stopped = True

    def check(self) -> None:
        """Raise :class:`JobStopped` once another shard failed."""
        if self._stopped:
            raise JobStopped("the batch job stopped: another of its batches failed")

    @contextlib.contextmanager
    def stopping_on_failure(self) -> Iterator[None]:
        """Stop the job as soon as the block, one shard's run, fails: before its worker (or
        concurrency slot) can start another shard, not once the caller has heard of it."""
        try:
            yield
        except BaseException:
            self.stop()
            raise

    def _update(self, shard: Shard, **changes: Any) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(shard, name, value)
            self.save()

    def _seen(self, shard: Shard, batch: Any) -> None:
        """Each batch retrieved: the caller's ``on_update``, then the job's progress."""
        counts = field(batch, "request_counts")
        with self._lock:
            shard.status = field(batch, "status")
            shard.finished = (field(counts, "completed") or 0) + (field(counts, "failed") or 0)
            if self.on_update is not None:
                self.on_update(batch)
            self._report()

    def _report(self) -> None:
        done = sum(s.requests if s.state == "collected" else s.finished for s in self.shards)
        if self.progress is not None and (done, self.total) != self._reported:
            self._reported = (done, self.total)
            self.progress(done, self.total)

    def _poller(self, shard: Shard) -> Poller:
        timeout = None
        if self.deadline is not None:
            timeout = max(self.deadline - time.monotonic(), 1e-3)
        return Poller(
            BATCH, poll_interval=self.poll_interval, timeout=timeout, on_update=lambda b: self._seen(shard, b)
        )

    def steps(self, shard: Shard) -> Generator[Step, Any, None]:
        """The rest of ``shard``'s life, from the state the manifest has it in."""
        batch: Any = None
        if shard.state == "split":
            uploaded = yield Upload(self.shard_path(shard.index), f"{self.job_id}-{shard.index:05d}.jsonl")
            created_at = int(field(uploaded, "created_at") or 0)
            self._update(shard, state="uploaded", file_id=str(field(uploaded, "id")), file_created_at=created_at)
        elif shard.state == "uploaded":  # the batch may have been created before a crash
            # it was created after its input file (by the server's clock; a margin for skew)
            batch = yield FindBatch(self.job_id, shard.index, shard.file_created_at - 300)
        if shard.state == "uploaded":
            if batch is None:
                metadata = {**self.state["metadata"], JOB_KEY: self.job_id, SHARD_KEY: str(shard.index)}
                assert shard.file_id is not None
                batch = yield CreateBatch(shard.file_id, self.endpoint, self.state["completion_window"], metadata)
            self._update(shard, state="submitted", batch_id=str(field(batch, "id")), status=field(batch, "status"))
        else:
            assert shard.batch_id is not None
            batch = yield RetrieveBatch(shard.batch_id)
        assert shard.batch_id is not None
        poller = self._poller(shard)
        while (wait := poller.next_wait(batch)) is not None:
            yield Sleep(wait)
            batch = yield RetrieveBatch(shard.batch_id)
        downloads = []
        for kind in ("output", "error"):
            file_id = field(batch, f"{kind}_file_id")
            if file_id:
                dest = self.workdir / f"shard-{shard.index:05d}.{kind}.jsonl"
                yield Download(str(file_id), dest)
                downloads.append(dest)
        self._collect(shard, batch, downloads)

    def _collect(self, shard: Shard, batch: Any, downloads: list[Path]) -> None:
        """Append the shard's answers to ``output`` and its failures to ``failed``; record
        the new sizes and the shard as collected in one manifest write."""
        status = field(batch, "status")
        if status == "failed":
            not_run = {"status_code": None, "code": "batch_failed", "message": str(BatchFailedError(batch))}
        else:
            message = f"batch {field(batch, 'id')} ended {status!r} before this request ran"
            not_run = {"status_code": None, "code": f"batch_{status}", "message": message}
        with self._lock:
            answered: set[str] = set()
            errors: dict[str, dict[str, Any]] = {}
            completed = failed = 0
            with open(self.state["output"], "r+b") as out:
                out.seek(int(self.state["output_size"]))
                out.truncate()
                for raw in _lines(downloads):
                    line = json.loads(raw)
                    custom_id = str(line.get("custom_id"))
                    if custom_id in answered or custom_id in errors:
                        continue
                    error = _error_of(line)
                    if error is None:
                        answered.add(custom_id)
                        out.write(raw if raw.endswith(b"\n") else raw + b"\n")
                        completed += 1
                    else:
                        errors[custom_id] = error
                out.flush()
                os.fsync(out.fileno())
                output_size = out.tell()
            with open(self.state["failed"], "r+b") as bad:
                bad.seek(int(self.state["failed_size"]))
                bad.truncate()
                for line in read_jsonl(self.shard_path(shard.index)):
                    custom_id = line["custom_id"]
                    if custom_id not in answered:
                        line["error"] = errors.get(custom_id, not_run)
                        bad.write(json.dumps(line, separators=(",", ":"), ensure_ascii=False).encode() + b"\n")
                        failed += 1
                bad.flush()
                os.fsync(bad.fileno())
                failed_size = bad.tell()
            self.state["output_size"], self.state["failed_size"] = output_size, failed_size
            self._update(shard, state="collected", status=status, completed=completed, failed=failed)
            self._report()
        for path in [*downloads, self.shard_path(shard.index)]:
            path.unlink(missing_ok=True)

    def results(self) -> BatchJobResults:
        return BatchJobResults(
            manifest=self.path,
            output=Path(self.state["output"]),
            failed_file=Path(self.state["failed"]),
            endpoint=self.endpoint,
            total=self.total,
            completed=sum(s.completed for s in self.shards),
            failed=sum(s.failed for s in self.shards),
            batch_ids=tuple(s.batch_id or "" for s in self.shards),
        )


# ---- performing the steps --------------------------------------------------------------------


def perform_sync(client: Any, step: Step) -> Any:
    """Perform one step with a :class:`~openai_core.Client`."""
    if isinstance(step, Upload):
        return client.files.create(file=(step.filename, step.path, "application/jsonl"), purpose="batch")
    if isinstance(step, FindBatch):
        for batch in client.batches.list(limit=100):
            if step.matches(batch):
                return batch
            if step.past(batch):
                break
        return None
    if isinstance(step, CreateBatch):
        return client.batches.create(**attrs.asdict(step))
    if isinstance(step, RetrieveBatch):
        return client.batches.retrieve(step.batch_id)
    if isinstance(step, Sleep):
        time.sleep(step.seconds)
        return None
    with client.files.with_options(stream_binary=True).content(step.file_id) as body:
        body.write_to_file(step.path)
    return None


async def perform_async(client: Any, step: Step) -> Any:
    """:func:`perform_sync` with an :class:`~openai_core.AsyncClient`."""
    import asyncio

    if isinstance(step, Upload):
        return await client.files.create(file=(step.filename, step.path, "application/jsonl"), purpose="batch")
    if isinstance(step, FindBatch):
        async for batch in client.batches.list(limit=100):
            if step.matches(batch):
                return batch
            if step.past(batch):
                break
        return None
    if isinstance(step, CreateBatch):
        return await client.batches.create(**attrs.asdict(step))
    if isinstance(step, RetrieveBatch):
        return await client.batches.retrieve(step.batch_id)
    if isinstance(step, Sleep):
        await asyncio.sleep(step.seconds)
        return None
    body = await client.files.with_options(stream_binary=True).content(step.file_id)
    try:
        await body.write_to_file(step.path)
    finally:
        await body.aclose()
    return None


def run_job_sync(client: Any, job: BatchJob) -> BatchJobResults:
    """Run the job's unfinished shards, ``max_concurrency`` at a time, in threads."""
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    uploading = threading.Lock()  # one shard file in memory at a time

    def drive(shard: Shard) -> None:
        steps = job.steps(shard)
        value = None
        with job.stopping_on_failure():
            while True:
                job.check()
                try:
                    step = steps.send(value)
                except StopIteration:
                    return
                if isinstance(step, Upload):
                    with uploading:
                        value = perform_sync(client, step)
                else:
                    value = perform_sync(client, step)

    with ThreadPoolExecutor(job.max_concurrency, thread_name_prefix="openai-core-batch") as pool:
        futures = [pool.submit(drive, shard) for shard in job.pending()]
        try:
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            errors = [f.exception() for f in done if f.exception() is not None]
            if errors:  # the failure itself, not the other shards' JobStopped
                raise next((e for e in errors if not isinstance(e, JobStopped)), errors[0])  # type: ignore[misc]
        except BaseException:  # an error, or Ctrl-C here: the other shards stop too
            job.stop()
            for future in futures:
                future.cancel()
            raise
    return job.results()


async def run_job_async(client: Any, job: BatchJob) -> BatchJobResults:
    """:func:`run_job_sync` with asyncio tasks."""
    import asyncio

    slots = asyncio.Semaphore(job.max_concurrency)
    uploading = asyncio.Lock()  # one shard file in memory at a time

    async def drive(shard: Shard) -> None:
        async with slots:
            steps = job.steps(shard)
            value = None
            with job.stopping_on_failure():
                while True:
                    job.check()
                    try:
                        step = steps.send(value)
                    except StopIteration:
                        return
                    if isinstance(step, Upload):
                        async with uploading:
                            value = await perform_async(client, step)
                    else:
                        value = await perform_async(client, step)

    tasks = [asyncio.ensure_future(drive(shard)) for shard in job.pending()]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        job.stop()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return job.results()
