"""In-memory state shared by the fake server's handlers and its controller."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._errors import error_body, error_type_for
from ._ratelimit import LIMITED_PATHS, Bucket, RateLimitMode

__all__ = [
    "RecordedRequest",
    "ResponseFault",
    "ServerState",
    "StoredFile",
    "StreamCut",
    "StreamError",
    "StreamFault",
]

DEFAULT_MODELS: tuple[str, ...] = (
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-4.1",
    "gpt-4.1-mini",
    "o3-mini",
    "text-embedding-3-small",
    "text-embedding-3-large",
    "text-embedding-ada-002",
)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received by the server."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    """Request headers with lower-case names."""
    body: bytes
    request_id: str

    def json(self) -> Any:
        """Decode the body as JSON."""
        return json.loads(self.body)


@dataclass(frozen=True)
class StoredFile:
    """A file uploaded to (or seeded into) the server."""

    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int

    def to_json(self) -> dict[str, Any]:
        """Render as an OpenAI ``file`` object."""
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.data),
            "created_at": self.created_at,
            "expires_at": None,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
            "status_details": None,
        }


@dataclass(frozen=True)
class ResponseFault:
    """A canned response returned instead of handling the next request."""

    status: int
    body: bytes
    headers: Mapping[str, str]
    content_type: str


@dataclass(frozen=True)
class StreamCut:
    """Drop the connection after ``after_events`` SSE events, ``delay`` seconds after
    the last one was written (time for the client to read them, as in a real drop)."""

    after_events: int
    delay: float = 0.0


@dataclass(frozen=True)
class StreamError:
    """Send an error event after ``after_events`` SSE events, then end."""

    after_events: int
    message: str
    code: str | None


StreamFault = StreamCut | StreamError


@dataclass
class ServerState:
    """Everything the fake server remembers; safe to use from any thread.

    The clock is deterministic: each call to :meth:`now` returns the previous
    value plus one second, starting at ``start_time``.
    """

    start_time: int = 1_700_000_000
    request_limit: int = 10_000
    token_limit: int = 1_000_000
    event_interval: float = 0.0
    """Seconds between two events of every stream (0: as fast as possible); reset to 0 by
    :meth:`reset`. A slow stream keeps its connection busy until the client leaves it."""
    poll_after_ms: int | None = 10
    """The ``openai-poll-after-ms`` header sent with objects that clients poll (batches,
    vector store files and file batches); ``None`` sends none. Restored by :meth:`reset`."""
    poll_steps: int = 2
    """How many retrievals a vector store file or file batch stays ``in_progress``, and in how
    many retrievals a batch runs its requests. Restored by :meth:`reset`."""
    models: dict[str, int] = field(default_factory=lambda: {m: 1_686_935_002 for m in DEFAULT_MODELS})
    """Model id -> ``created`` timestamp."""
    files: dict[str, StoredFile] = field(default_factory=dict, init=False, repr=False)
    """Stored files by id, in creation order; add them with :meth:`add_file`."""
    requests: list[RecordedRequest] = field(default_factory=list, init=False, repr=False)
    responses: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, repr=False)
    """Responses API objects by id, as created (for ``GET /v1/responses/{id}``)."""
    _response_events: dict[str, list[tuple[int, bytes]]] = field(default_factory=dict, init=False, repr=False)
    tokens_used: int = field(default=0, init=False)
    _ticks: int = field(default=0, init=False, repr=False)
    _counters: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    _objects: dict[str, dict[Any, Any]] = field(default_factory=dict, init=False, repr=False)
    _faults: deque[ResponseFault] = field(default_factory=deque, init=False, repr=False)
    _part_faults: deque[tuple[int, int]] = field(default_factory=deque, init=False, repr=False)
    _initial: tuple[int | None, int] = field(default=(10, 2), init=False, repr=False)
    _stream_faults: deque[StreamFault] = field(default_factory=deque, init=False, repr=False)
    _rate_limit: RateLimitMode | None = field(default=None, init=False, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._initial = (self.poll_after_ms, self.poll_steps)

    # -- deterministic clock and ids -------------------------------------

    def now(self) -> int:
        """Return the next tick of the deterministic clock."""
        with self._lock:
            self._ticks += 1
            return self.start_time + self._ticks

    def next_number(self, kind: str) -> int:
        """Return 1, 2, 3, ... for each ``kind``."""
        with self._lock:
            n = self._counters.get(kind, 0) + 1
            self._counters[kind] = n
            return n

    def new_id(self, prefix: str) -> str:
        """Return a fresh id such as ``chatcmpl-000001``."""
        return f"{prefix}{self.next_number(prefix):06d}"

    def add_tokens(self, count: int) -> None:
        """Account ``count`` tokens against the rate-limit headers."""
        with self._lock:
            self.tokens_used += count
            if self._rate_limit is not None:
                self._rate_limit.spend(count)

    # -- rate-limit mode -------------------------------------------------

    def rate_limit(self, *, rpm: int | None = None, tpm: int | None = None, burst: float = 60.0) -> None:
        """Enforce ``rpm`` requests and ``tpm`` tokens per minute on model requests (429 when
        exceeded), each bucket holding ``burst`` seconds of its limit (60: a whole minute), with
        real ``x-ratelimit-*`` headers; both ``None`` turns the mode off (so does :meth:`reset`)."""
        for name, value in (("rpm", rpm), ("tpm", tpm)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise ValueError(f"{name} must be a positive int or None, not {value!r}")
        if not 0 < burst <= 60:
            raise ValueError("burst must be more than 0 and at most 60 seconds")
        with self._lock:
            if rpm is None and tpm is None:
                self._rate_limit = None
            else:
                requests = Bucket(rpm, burst) if rpm is not None else None
                tokens = Bucket(tpm, burst) if tpm is not None else None
                self._rate_limit = RateLimitMode(requests, tokens)

    @property
    def rate_limited(self) -> int:
        """How many requests the rate-limit mode refused (429) since it was turned on."""
        with self._lock:
            return self._rate_limit.rejected if self._rate_limit is not None else 0

    def admit_rate_limited(self, method: str, path: str) -> str | None:
        """In rate-limit mode, take a model request from the budget: ``None`` when it may go,
        else ``"requests"`` or ``"tokens"``, the budget that ran out."""
        with self._lock:
            mode = self._rate_limit
            if mode is None or method != "POST" or not path.startswith(LIMITED_PATHS):
                return None
            return mode.admit()

    def rate_limit_headers(self) -> dict[str, str] | None:
        """The ``x-ratelimit-*`` headers of the rate-limit mode (``None`` when it is off)."""
        with self._lock:
            return self._rate_limit.headers() if self._rate_limit is not None else None

    # -- recording -------------------------------------------------------

    def record(self, request: RecordedRequest) -> None:
        """Append a received request."""
        with self._lock:
            self.requests.append(request)

    def reset(self) -> None:
        """Forget recorded requests, pending faults, the event interval and the rate-limit
        mode, and restore ``poll_after_ms`` and ``poll_steps`` (files, uploads, batches... are
        kept)."""
        with self._lock:
            self.requests.clear()
            self._faults.clear()
            self._stream_faults.clear()
            self._part_faults.clear()
            self.event_interval = 0.0
            self.poll_after_ms, self.poll_steps = self._initial
            self._rate_limit = None

    # -- fault injection -------------------------------------------------

    def fail_next(
        self,
        status: int,
        *,
        body: bytes | Mapping[str, Any] | str | None = None,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
    ) -> None:
        """Queue a canned response for the next request (FIFO, used once).

        ``body`` defaults to an OpenAI-shaped error; ``content_type`` is
        inferred from the body type when omitted.
        """
        if body is None:
            body = error_body(
                f"Injected failure (HTTP {status}).",
                type=error_type_for(status),
                code="rate_limit_exceeded" if status == 429 else None,
            )
        raw: bytes
        if isinstance(body, bytes):
            raw, inferred = body, "application/octet-stream"
        elif isinstance(body, str):
            raw, inferred = body.encode(), "text/plain"
        else:
            raw, inferred = json.dumps(body).encode(), "application/json"
        fault = ResponseFault(status, raw, dict(headers or {}), content_type or inferred)
        with self._lock:
            self._faults.append(fault)

    def fail_next_stream_cut(self, after_events: int, *, delay: float = 0.0) -> None:
        """Make the next streamed request drop the connection mid-stream
        (``delay`` seconds after writing its ``after_events`` events)."""
        with self._lock:
            self._stream_faults.append(StreamCut(after_events, delay))

    def fail_next_stream_error(
        self,
        after_events: int,
        message: str = "The server had an error while processing your request.",
        code: str | None = "server_error",
    ) -> None:
        """Make the next streamed request emit an error event mid-stream."""
        with self._lock:
            self._stream_faults.append(StreamError(after_events, message, code))

    def fail_upload_part(self, status: int = 500, *, after: int = 0) -> None:
        """Make one upload part fail once with ``status``: the part request that comes after
        ``after`` others (counted from now) is answered with an error instead of stored."""
        with self._lock:
            self._part_faults.append((after, status))

    def take_part_fault(self) -> int | None:
        """For a part request: the status to fail it with, or ``None`` to store it."""
        with self._lock:
            if not self._part_faults:
                return None
            after, status = self._part_faults[0]
            if after > 0:
                self._part_faults[0] = (after - 1, status)
                return None
            self._part_faults.popleft()
            return status

    def take_fault(self) -> ResponseFault | None:
        """Pop the oldest queued response fault, if any."""
        with self._lock:
            return self._faults.popleft() if self._faults else None

    def take_stream_fault(self) -> StreamFault | None:
        """Pop the oldest queued stream fault, if any."""
        with self._lock:
            return self._stream_faults.popleft() if self._stream_faults else None

    # -- responses -------------------------------------------------------

    def store_response(
        self,
        response: dict[str, Any],
        events: list[tuple[int, bytes]] | None = None,
    ) -> None:
        """Keep a created response and, for a background one, its numbered SSE events."""
        with self._lock:
            self.responses[response["id"]] = response
            if events is not None:
                self._response_events[response["id"]] = list(events)

    def response_events(self, response_id: str) -> list[tuple[int, bytes]] | None:
        """The ``(sequence_number, event)`` pairs of a background response, if any."""
        with self._lock:
            events = self._response_events.get(response_id)
            return None if events is None else list(events)

    # -- other objects ---------------------------------------------------

    def objects(self, kind: str) -> dict[Any, Any]:
        """The live table of one kind of object (``"upload"``, ``"batch"``,
        ``"vector_store"``, ...) by id, in creation order; its handlers own the values."""
        with self._lock:
            return self._objects.setdefault(kind, {})

    # -- files -----------------------------------------------------------

    def add_file(self, filename: str, data: bytes, purpose: str = "assistants") -> StoredFile:
        """Store a file and return it (usable to pre-seed the server)."""
        stored = StoredFile(
            id=self.new_id("file-"),
            filename=filename,
            purpose=purpose,
            data=data,
            created_at=self.now(),
        )
        with self._lock:
            self.files[stored.id] = stored
        return stored

    def remove_file(self, file_id: str) -> StoredFile | None:
        """Delete a file, returning it if it existed."""
        with self._lock:
            return self.files.pop(file_id, None)

    def list_files(self) -> list[StoredFile]:
        """Return a snapshot of all files in creation order."""
        with self._lock:
            return list(self.files.values())
