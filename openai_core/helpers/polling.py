"""Waiting for long-running objects: runs, vector store files, batches, fine-tuning jobs, videos.

The decisions are pure and live in :class:`Poller`: is the object finished (its ``status`` is
one of its kind's terminal states), and if not, how long to wait before asking again (the
interval given, else the server's ``openai-poll-after-ms`` hint, else one second), within an
optional bound on the whole wait. :func:`poll_sync` and :func:`poll_async` are the two loops
around it; they differ only in ``time.sleep`` and ``await asyncio.sleep``. The mixins at the
bottom give the runs, ``client.fine_tuning.jobs`` and ``client.videos`` their ``poll()`` /
``create_and_poll()``.

The helpers take the official SDK's keywords: ``poll_interval_ms`` (milliseconds between
retrievals) and ``timeout`` (the HTTP timeout of each request, as everywhere else). Our
``max_wait_seconds`` bounds the whole wait (:class:`PollTimeoutError`); by default a poll
waits as long as the object takes.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

import attrs

from .._errors import OpenAIError
from .._types import NOT_GIVEN, NotGiven, TimeoutInput
from .tools import field

if TYPE_CHECKING:
    from ..types.assistants import Run
    from ..types.files import FileObject
    from ..types.fine_tuning import FineTuningJob
    from ..types.videos import Video

__all__ = [
    "BATCH",
    "DEFAULT_POLL_INTERVAL",
    "FILE",
    "FINE_TUNING_JOB",
    "POLL_AFTER_HEADER",
    "RUN",
    "VECTOR_STORE_FILE",
    "VECTOR_STORE_FILE_BATCH",
    "VIDEO",
    "AsyncFilesHelpers",
    "AsyncJobsHelpers",
    "AsyncRunsHelpers",
    "AsyncThreadsHelpers",
    "AsyncVideosHelpers",
    "FilesHelpers",
    "JobsHelpers",
    "PollKind",
    "PollTimeoutError",
    "Poller",
    "RunsHelpers",
    "ThreadsHelpers",
    "VideosHelpers",
    "poll_async",
    "poll_sync",
    "poller",
    "server_poll_interval",
]

T = TypeVar("T")

POLL_AFTER_HEADER = "openai-poll-after-ms"
DEFAULT_POLL_INTERVAL = 1.0


@attrs.frozen
class PollKind:
    """A kind of object that is polled: its name (for messages) and its terminal statuses."""

    name: str
    terminal: frozenset[str]


RUN = PollKind("run", frozenset({"completed", "failed", "cancelled", "expired", "requires_action", "incomplete"}))
VECTOR_STORE_FILE = PollKind("vector store file", frozenset({"completed", "failed", "cancelled"}))
VECTOR_STORE_FILE_BATCH = PollKind("vector store file batch", frozenset({"completed", "failed", "cancelled"}))
BATCH = PollKind("batch", frozenset({"completed", "failed", "expired", "cancelled"}))
FINE_TUNING_JOB = PollKind("fine-tuning job", frozenset({"succeeded", "failed", "cancelled"}))
VIDEO = PollKind("video", frozenset({"completed", "failed"}))
FILE = PollKind("file", frozenset({"processed", "error", "deleted"}))


class PollTimeoutError(OpenAIError):
    """A poll's ``max_wait_seconds`` passed before the object reached a terminal status.

    ``last`` is the object as last retrieved (its ``status`` still not terminal); the work
    goes on on the server, and ``poll()`` may be called again to keep waiting.
    """

    def __init__(self, kind: PollKind, last: Any, timeout: float, polls: int) -> None:
        status = field(last, "status")
        ident = field(last, "id")
        super().__init__(
            f"Timed out waiting for {kind.name} {ident!r}: still {status!r} after {timeout:g} s ({polls} retrievals)."
        )
        self.kind = kind
        self.last = last
        self.timeout = timeout
        self.polls = polls


def server_poll_interval(obj: Any) -> float | None:
    """The ``openai-poll-after-ms`` hint of the response ``obj`` came in, in seconds."""
    info = getattr(obj, "_response", None)
    headers = getattr(info, "headers", None)
    raw = headers.get(POLL_AFTER_HEADER) if headers is not None else None
    try:
        value = float(raw) / 1000.0 if raw is not None else None
    except ValueError:
        return None
    return value if value is not None and value >= 0 else None


class Poller:
    """The decisions of one poll: finished yet? if not, how long to wait?

    ``poll_interval`` (seconds) overrides the server's hint; ``timeout`` (seconds) bounds the
    whole poll; ``on_update`` sees every object retrieved, the final one included.
    """

    def __init__(
        self,
        kind: PollKind,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
        on_update: Callable[[Any], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if poll_interval is not None and poll_interval < 0:
            raise ValueError("poll_interval must be 0 or more seconds")
        if timeout is not None and timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        self.kind = kind
        self.poll_interval = poll_interval
        self.timeout = timeout
        self.on_update = on_update
        self.clock = clock
        self.deadline = None if timeout is None else clock() + timeout
        self.polls = 0

    def is_done(self, obj: Any) -> bool:
        return field(obj, "status") in self.kind.terminal

    def interval(self, obj: Any) -> float:
        """Seconds to wait after ``obj``: ``poll_interval``, else the server's hint, else 1 s."""
        if self.poll_interval is not None:
            return self.poll_interval
        hint = server_poll_interval(obj)
        return DEFAULT_POLL_INTERVAL if hint is None else hint

    def next_wait(self, obj: Any) -> float | None:
        """After retrieving ``obj``: ``None`` when it is finished, else the seconds to wait
        before the next retrieval. Raises :class:`PollTimeoutError` once the deadline passed."""
        if self.on_update is not None:
            self.on_update(obj)
        if self.is_done(obj):
            return None
        wait = self.interval(obj)
        if self.deadline is not None:
            left = self.deadline - self.clock()
            if left <= 0:
                assert self.timeout is not None
                raise PollTimeoutError(self.kind, obj, self.timeout, self.polls)
            wait = min(wait, left)
        self.polls += 1
        return wait


def poller(
    kind: PollKind,
    poll_interval_ms: float | NotGiven | None,
    max_wait_seconds: float | None,
    on_update: Callable[[Any], None] | None = None,
) -> Poller:
    """The :class:`Poller` of the helpers' keywords: ``poll_interval_ms`` (milliseconds; unset:
    the server's hint) and ``max_wait_seconds`` (a bound on the whole wait; ``None``: none)."""
    if isinstance(poll_interval_ms, bool) or not isinstance(poll_interval_ms, (int, float)):
        if poll_interval_ms:  # ``None``, NOT_GIVEN and the SDK's omit are all false
            raise TypeError(f"poll_interval_ms must be a number of milliseconds, not {poll_interval_ms!r}")
        interval = None
    else:
        interval = poll_interval_ms / 1000.0
    return Poller(kind, poll_interval=interval, timeout=max_wait_seconds, on_update=on_update)


def poll_sync(poller: Poller, retrieve: Callable[[], T], current: T) -> T:
    """Retrieve until ``poller`` says ``current`` is finished; return it."""
    while (wait := poller.next_wait(current)) is not None:
        time.sleep(wait)
        current = retrieve()
    return current


async def poll_async(poller: Poller, retrieve: Callable[[], Awaitable[T]], current: T) -> T:
    """:func:`poll_sync`, awaiting."""
    import asyncio  # here: the sync client never needs it

    while (wait := poller.next_wait(current)) is not None:
        await asyncio.sleep(wait)
        current = await retrieve()
    return current


# ---- the mixins ------------------------------------------------------------------------------


class _Resource(Protocol):
    """What a helper uses of its generated resource (``self``)."""

    _client: Any

    def create(self, *args: Any, **kwargs: Any) -> Any: ...

    def retrieve(self, *args: Any, **kwargs: Any) -> Any: ...


class RunsHelpers:
    """``create_and_poll()`` and ``poll()`` of the runs of a thread."""

    def _create_and_poll(
        self: _Resource, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> Run:
        run = self.create(**args)
        thread_id, timeout = args["thread_id"], args.get("timeout", NOT_GIVEN)
        waiting = poller(RUN, poll_interval_ms, max_wait_seconds)
        return cast(
            "Run",
            poll_sync(waiting, lambda: self.retrieve(run_id=run.id, thread_id=thread_id, timeout=timeout), run),
        )

    def poll(
        self: _Resource,
        run_id: str,
        thread_id: str,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        *,
        max_wait_seconds: float | None = None,
    ) -> Run:
        """Wait until run ``run_id`` of thread ``thread_id`` reaches a terminal status."""
        waiting = poller(RUN, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(
                run_id=run_id,
                thread_id=thread_id,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            )

        return cast("Run", poll_sync(waiting, retrieve, retrieve()))

    def _submit_tool_outputs_and_poll(
        self: _Runs, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> Run:
        run = self.submit_tool_outputs(**args)
        thread_id, timeout = args["thread_id"], args.get("timeout", NOT_GIVEN)
        waiting = poller(RUN, poll_interval_ms, max_wait_seconds)
        return cast(
            "Run",
            poll_sync(waiting, lambda: self.retrieve(run_id=run.id, thread_id=thread_id, timeout=timeout), run),
        )


class AsyncRunsHelpers:
    """``create_and_poll()`` and ``poll()`` of the runs of a thread, on ``AsyncClient``."""

    async def _create_and_poll(
        self: _Resource, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> Run:
        run = await self.create(**args)
        thread_id, timeout = args["thread_id"], args.get("timeout", NOT_GIVEN)
        waiting = poller(RUN, poll_interval_ms, max_wait_seconds)
        return cast(
            "Run",
            await poll_async(waiting, lambda: self.retrieve(run_id=run.id, thread_id=thread_id, timeout=timeout), run),
        )

    async def poll(
        self: _Resource,
        run_id: str,
        thread_id: str,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        *,
        max_wait_seconds: float | None = None,
    ) -> Run:
        """See :meth:`RunsHelpers.poll`."""
        waiting = poller(RUN, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(
                run_id=run_id,
                thread_id=thread_id,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            )

        return cast("Run", await poll_async(waiting, retrieve, await retrieve()))

    async def _submit_tool_outputs_and_poll(
        self: _Runs, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> Run:
        run = await self.submit_tool_outputs(**args)
        thread_id, timeout = args["thread_id"], args.get("timeout", NOT_GIVEN)
        waiting = poller(RUN, poll_interval_ms, max_wait_seconds)
        return cast(
            "Run",
            await poll_async(waiting, lambda: self.retrieve(run_id=run.id, thread_id=thread_id, timeout=timeout), run),
        )


class _Runs(_Resource, Protocol):
    def submit_tool_outputs(self, *args: Any, **kwargs: Any) -> Any: ...


class _Threads(Protocol):
    @property
    def runs(self) -> Any: ...

    def create_and_run(self, *args: Any, **kwargs: Any) -> Any: ...


class ThreadsHelpers:
    """``create_and_run_poll()`` of ``client.beta.threads``."""

    def _create_and_run_poll(
        self: _Threads, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> Run:
        run = self.create_and_run(**args)
        timeout = args.get("timeout", NOT_GIVEN)
        waiting = poller(RUN, poll_interval_ms, max_wait_seconds)
        retrieve = lambda: self.runs.retrieve(run_id=run.id, thread_id=run.thread_id, timeout=timeout)  # noqa: E731
        return cast("Run", poll_sync(waiting, retrieve, run))


class AsyncThreadsHelpers:
    """``create_and_run_poll()`` of ``AsyncClient.beta.threads``."""

    async def _create_and_run_poll(
        self: _Threads, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> Run:
        run = await self.create_and_run(**args)
        timeout = args.get("timeout", NOT_GIVEN)
        waiting = poller(RUN, poll_interval_ms, max_wait_seconds)
        retrieve = lambda: self.runs.retrieve(run_id=run.id, thread_id=run.thread_id, timeout=timeout)  # noqa: E731
        return cast("Run", await poll_async(waiting, retrieve, run))


class FilesHelpers:
    """``wait_for_processing()`` of ``client.files``."""

    def wait_for_processing(
        self: _Resource, id: str, *, poll_interval: float = 5.0, max_wait_seconds: float = 1800
    ) -> FileObject:
        """Wait until file ``id`` is ``processed`` (or ``error``); ``poll_interval`` and
        ``max_wait_seconds`` are seconds, as in the official SDK (:class:`PollTimeoutError`
        after the latter)."""
        waiting = Poller(FILE, poll_interval=poll_interval, timeout=max_wait_seconds)
        return cast("FileObject", poll_sync(waiting, lambda: self.retrieve(id), self.retrieve(id)))


class AsyncFilesHelpers:
    """``wait_for_processing()`` of ``AsyncClient.files``."""

    async def wait_for_processing(
        self: _Resource, id: str, *, poll_interval: float = 5.0, max_wait_seconds: float = 1800
    ) -> FileObject:
        """See :meth:`FilesHelpers.wait_for_processing`."""
        waiting = Poller(FILE, poll_interval=poll_interval, timeout=max_wait_seconds)
        return cast("FileObject", await poll_async(waiting, lambda: self.retrieve(id), await self.retrieve(id)))


class JobsHelpers:
    """``poll()`` of ``client.fine_tuning.jobs``."""

    def poll(
        self: _Resource,
        fine_tuning_job_id: str,
        *,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
    ) -> FineTuningJob:
        """Wait until the job has ``succeeded``, ``failed`` or been ``cancelled``."""
        waiting = poller(FINE_TUNING_JOB, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(fine_tuning_job_id=fine_tuning_job_id, timeout=timeout)

        return cast("FineTuningJob", poll_sync(waiting, retrieve, retrieve()))


class AsyncJobsHelpers:
    """``poll()`` of ``AsyncClient.fine_tuning.jobs``."""

    async def poll(
        self: _Resource,
        fine_tuning_job_id: str,
        *,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
    ) -> FineTuningJob:
        """See :meth:`JobsHelpers.poll`."""
        waiting = poller(FINE_TUNING_JOB, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(fine_tuning_job_id=fine_tuning_job_id, timeout=timeout)

        return cast("FineTuningJob", await poll_async(waiting, retrieve, await retrieve()))


class VideosHelpers:
    """``create_and_poll()`` and ``poll()`` of ``client.videos``."""

    def _create_and_poll(
        self: _Resource, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> Video:
        video = self.create(**args)
        timeout = args.get("timeout", NOT_GIVEN)
        waiting = poller(VIDEO, poll_interval_ms, max_wait_seconds)
        return cast("Video", poll_sync(waiting, lambda: self.retrieve(video_id=video.id, timeout=timeout), video))

    def poll(
        self: _Resource,
        video_id: str,
        *,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
    ) -> Video:
        """Wait until the video is ``completed`` or ``failed``."""
        waiting = poller(VIDEO, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(video_id=video_id, timeout=timeout)

        return cast("Video", poll_sync(waiting, retrieve, retrieve()))


class AsyncVideosHelpers:
    """``create_and_poll()`` and ``poll()`` of ``AsyncClient.videos``."""

    async def _create_and_poll(
        self: _Resource, args: dict[str, Any], *, poll_interval_ms: float | NotGiven, max_wait_seconds: float | None
    ) -> Video:
        video = await self.create(**args)
        timeout = args.get("timeout", NOT_GIVEN)
        waiting = poller(VIDEO, poll_interval_ms, max_wait_seconds)
        return cast(
            "Video",
            await poll_async(waiting, lambda: self.retrieve(video_id=video.id, timeout=timeout), video),
        )

    async def poll(
        self: _Resource,
        video_id: str,
        *,
        poll_interval_ms: float | NotGiven = NOT_GIVEN,
        max_wait_seconds: float | None = None,
        timeout: TimeoutInput | NotGiven = NOT_GIVEN,
    ) -> Video:
        """See :meth:`VideosHelpers.poll`."""
        waiting = poller(VIDEO, poll_interval_ms, max_wait_seconds)

        def retrieve() -> Any:
            return self.retrieve(video_id=video_id, timeout=timeout)

        return cast("Video", await poll_async(waiting, retrieve, await retrieve()))
