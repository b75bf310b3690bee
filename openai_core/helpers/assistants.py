"""Assistants run streams with event handlers, as the official SDK offers them.

``client.threads.runs.stream(...)``, ``.submit_tool_outputs_stream(...)`` and
``client.threads.create_and_run_stream(...)`` return a manager; ``with ... as stream:`` gives
the event handler (an :class:`AssistantEventHandler`, or the subclass instance passed as
``event_handler=``), whose ``on_*`` methods are called as the events arrive:
``stream.until_done()``, ``stream.get_final_run()``, ``get_final_messages()``,
``get_final_run_steps()``, ``text_deltas``, or iterate the events yourself.

Which callbacks an event causes is decided once, by the pure :class:`AssistantStreamState`
(it also keeps the run, message and run-step snapshots); the sync and async handlers only
call (or await) them.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, Protocol, TypeVar

from .._accumulate import _Joined, _merge
from .._errors import APITimeoutError
from .._models import parse
from .._operation import resolve_type
from .polling import AsyncRunsHelpers, AsyncThreadsHelpers, RunsHelpers, ThreadsHelpers
from .tools import Creates, field

__all__ = [
    "AssistantEventHandler",
    "AssistantStreamManager",
    "AssistantStreamState",
    "AsyncAssistantEventHandler",
    "AsyncAssistantStreamManager",
    "AsyncRunStreamHelpers",
    "AsyncThreadStreamHelpers",
    "RunStreamHelpers",
    "ThreadStreamHelpers",
]

AssistantEventHandlerT = TypeVar("AssistantEventHandlerT", bound="AssistantEventHandler")
"""The event handler class a run stream feeds."""
AsyncAssistantEventHandlerT = TypeVar("AsyncAssistantEventHandlerT", bound="AsyncAssistantEventHandler")

_RUN_SETTLED = frozenset(
    {
        "thread.run.completed",
        "thread.run.cancelled",
        "thread.run.expired",
        "thread.run.failed",
        "thread.run.requires_action",
        "thread.run.incomplete",
    }
)
_RUN_MOVING = frozenset({"thread.run.created", "thread.run.queued", "thread.run.in_progress", "thread.run.cancelling"})
_STEP_SETTLED = frozenset(
    {"thread.run.step.completed", "thread.run.step.cancelled", "thread.run.step.expired", "thread.run.step.failed"}
)

Call = tuple[str, tuple[Any, ...]]


def _slot(items: list[Any], index: int) -> tuple[dict[str, Any], bool]:
    """``items[index]`` (grown with empty entries as needed), and whether it is new."""
    while len(items) <= index:
        items.append({})
    new = not items[index]
    return items[index], new


def _compact(value: Any) -> Any:
    """Join the text pieces of a snapshot in place, so that the next join starts from one
    string (a snapshot read after every delta stays linear in the number of pieces)."""
    if isinstance(value, _Joined):
        return "".join(value)
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = _compact(item)
    elif isinstance(value, list):
        value[:] = [_compact(item) for item in value]
    return value


def _typed(data: dict[str, Any], ref: str) -> Any:
    return parse(_compact(data), resolve_type(ref))


class AssistantStreamState:
    """Folds Assistants stream events into snapshots and says which callbacks each calls; pure.

    :meth:`handle` returns ``(method name, arguments)`` pairs, in order.
    """

    def __init__(self) -> None:
        self.current_event: Any = None
        self.run: Any = None
        self.messages: dict[str, dict[str, Any]] = {}
        self.steps: dict[str, dict[str, Any]] = {}
        self.message_id: str | None = None
        self.step_id: str | None = None
        self._content_index: int | None = None
        self._content: Any = None
        self._tool_index: int | None = None
        self._tool_call: Any = None

    @property
    def message_snapshot(self) -> Any:
        """The message being streamed (typed), or ``None``."""
        data = self.messages.get(self.message_id or "")
        return None if data is None else _typed(data, "openai_core.types.assistants:MessageObject")

    @property
    def step_snapshot(self) -> Any:
        """The run step being streamed (typed), or ``None``."""
        data = self.steps.get(self.step_id or "")
        return None if data is None else _typed(_without_index(data), "openai_core.types.assistants:RunStep")

    def final_messages(self) -> list[Any]:
        return [_typed(m, "openai_core.types.assistants:MessageObject") for m in self.messages.values()]

    def final_steps(self) -> list[Any]:
        return [_typed(_without_index(s), "openai_core.types.assistants:RunStep") for s in self.steps.values()]

    def handle(self, event: Any) -> list[Call]:
        """Fold ``event`` in; the callbacks it causes."""
        calls: list[Call] = [("on_event", (event,))]
        kind = field(event, "event")
        data = field(event, "data")
        if kind in _RUN_SETTLED:
            self.run = data
            calls.extend(self._tool_done())
        elif kind in _RUN_MOVING:
            self.run = data
        elif kind == "thread.message.created":
            self.messages[data.id] = data.to_dict()
            self.message_id = data.id
            self._content_index, self._content = None, None
            calls.append(("on_message_created", (data,)))
        elif kind == "thread.message.delta":
            calls.extend(self._message_delta(data))
        elif kind in ("thread.message.completed", "thread.message.incomplete"):
            self.messages[data.id] = data.to_dict()
            self.message_id = data.id
            content = data.content or []
            if self._content_index is not None and self._content_index < len(content):
                calls.extend(self._content_done(content[self._content_index]))
            self._content_index, self._content = None, None
            calls.append(("on_message_done", (data,)))
        elif kind == "thread.run.step.created":
            self.steps[data.id] = data.to_dict()
            self.step_id = data.id
            calls.append(("on_run_step_created", (data,)))
        elif kind == "thread.run.step.in_progress":
            self.step_id = data.id
        elif kind == "thread.run.step.delta":
            calls.extend(self._step_delta(data))
        elif kind in _STEP_SETTLED:
            self.steps[data.id] = data.to_dict()
            calls.extend(self._tool_done())
            calls.append(("on_run_step_done", (data,)))
            self.step_id = None
        return calls

    def _content_done(self, block: Any) -> list[Call]:
        kind = field(block, "type")
        if kind == "text":
            return [("on_text_done", (block.text,))]
        if kind == "image_file":
            return [("on_image_file_done", (block.image_file,))]
        return []

    def _message_delta(self, data: Any) -> list[Call]:
        snapshot_data = self.messages.setdefault(data.id, {"id": data.id, "content": []})
        self.message_id = data.id
        blocks = snapshot_data.setdefault("content", [])
        created: list[int] = []
        for piece in data.delta.to_dict().get("content") or []:
            index = piece.get("index", 0)
            block, new = _slot(blocks, index)
            _merge(block, {k: v for k, v in piece.items() if k != "index"})
            if new:
                created.append(index)
        snapshot = _typed(snapshot_data, "openai_core.types.assistants:MessageObject")
        calls: list[Call] = []
        for index in created:
            block = snapshot.content[index]
            if field(block, "type") == "text":
                calls.append(("on_text_created", (block.text,)))
        for piece in data.delta.content or []:
            block = snapshot.content[piece.index]
            if field(piece, "type") == "text" and field(piece, "text") is not None:
                calls.append(("on_text_delta", (piece.text, block.text)))
            if piece.index != self._content_index:
                if self._content is not None:
                    calls.extend(self._content_done(self._content))
                self._content_index = piece.index
            self._content = block
        calls.append(("on_message_delta", (data.delta, snapshot)))
        return calls

    def _step_delta(self, data: Any) -> list[Call]:
        snapshot_data = self.steps.setdefault(data.id, {"id": data.id})
        self.step_id = data.id
        details = data.delta.to_dict().get("step_details") or {}
        positions: dict[int, int] = {}
        if details.get("type") == "tool_calls":
            target = snapshot_data.setdefault("step_details", {"type": "tool_calls", "tool_calls": []})
            calls_data = target.setdefault("tool_calls", [])
            for piece in details.get("tool_calls") or []:
                index = piece.get("index", 0)
                position = next((i for i, c in enumerate(calls_data) if c.get("_index") == index), None)
                if position is None:
                    position = len(calls_data)
                    calls_data.append({"_index": index})
                _merge(calls_data[position], {k: v for k, v in piece.items() if k != "index"})
                positions[index] = position
        step = _typed(_without_index(snapshot_data), "openai_core.types.assistants:RunStep")
        calls: list[Call] = []
        tool_deltas = field(field(data.delta, "step_details"), "tool_calls") or []
        for piece in tool_deltas:
            tool_call = step.step_details.tool_calls[positions[piece.index]]
            if piece.index == self._tool_index:
                calls.append(("on_tool_call_delta", (piece, tool_call)))
            else:
                calls.extend(self._tool_done())
                self._tool_index = piece.index
                calls.append(("on_tool_call_created", (tool_call,)))
            self._tool_call = tool_call
        calls.append(("on_run_step_delta", (data.delta, step)))
        return calls

    def _tool_done(self) -> list[Call]:
        if self._tool_call is None:
            return []
        done = self._tool_call
        self._tool_call, self._tool_index = None, None
        return [("on_tool_call_done", (done,))]


def _without_index(step: dict[str, Any]) -> dict[str, Any]:
    """A step snapshot without the bookkeeping ``_index`` of its tool calls."""
    details = step.get("step_details")
    if not isinstance(details, dict) or not isinstance(details.get("tool_calls"), list):
        return step
    calls = [{k: v for k, v in c.items() if k != "_index"} for c in details["tool_calls"]]
    return {**step, "step_details": {**details, "tool_calls": calls}}


class _HandlerBase:
    """What both handlers share: the state, the snapshots and the final objects."""

    def __init__(self) -> None:
        self._state = AssistantStreamState()
        self._stream: Any = None

    def _init(self, stream: Any) -> None:
        if self._stream is not None:
            raise RuntimeError("an event handler serves one stream: create a new one for each")
        self._stream = stream

    @property
    def current_event(self) -> Any:
        """The event whose callbacks are running."""
        return self._state.current_event

    @property
    def current_run(self) -> Any:
        """The run as of the last run event."""
        return self._state.run

    @property
    def current_run_step_snapshot(self) -> Any:
        """The run step being streamed, built from its deltas."""
        return self._state.step_snapshot

    @property
    def current_message_snapshot(self) -> Any:
        """The message being streamed, built from its deltas."""
        return self._state.message_snapshot

    def _final_run(self) -> Any:
        if self._state.run is None:
            raise RuntimeError("the stream carried no run")
        return self._state.run

    def _final_steps(self) -> list[Any]:
        if not self._state.steps:
            raise RuntimeError("the stream carried no run steps")
        return self._state.final_steps()

    def _final_messages(self) -> list[Any]:
        if not self._state.messages:
            raise RuntimeError("the stream carried no messages")
        return self._state.final_messages()


def _text_of(event: Any) -> Iterator[str]:
    if field(event, "event") == "thread.message.delta":
        for piece in field(field(event, "data").delta, "content") or []:
            value = field(field(piece, "text"), "value")
            if field(piece, "type") == "text" and value:
                yield value


class AssistantEventHandler(_HandlerBase):
    """Subclass it and override the ``on_*`` methods you need; pass an instance as
    ``event_handler=``. Each instance serves one stream."""

    def __init__(self) -> None:
        super().__init__()
        self._iterator = self._events()
        self.text_deltas: Iterator[str] = self._text_deltas()

    def _events(self) -> Iterator[Any]:
        if self._stream is None:
            raise RuntimeError("the stream has not been started: enter its manager with `with`")
        try:
            for event in self._stream:
                self._state.current_event = event
                for name, args in self._state.handle(event):
                    getattr(self, name)(*args)
                self._state.current_event = None
                yield event
        except APITimeoutError as exc:
            self.on_timeout()
            self.on_exception(exc)
            raise
        except Exception as exc:
            self.on_exception(exc)
            raise
        finally:
            self.on_end()

    def _text_deltas(self) -> Iterator[str]:
        for event in self:
            yield from _text_of(event)

    def __iter__(self) -> Iterator[Any]:
        return self._iterator

    def __next__(self) -> Any:
        return next(self._iterator)

    def until_done(self) -> None:
        """Read the stream to its end (calling the callbacks)."""
        for _ in self._iterator:
            pass

    def get_final_run(self) -> Any:
        """Read the rest; the run as the stream left it."""
        self.until_done()
        return self._final_run()

    def get_final_run_steps(self) -> list[Any]:
        """Read the rest; the run steps of the stream."""
        self.until_done()
        return self._final_steps()

    def get_final_messages(self) -> list[Any]:
        """Read the rest; the messages of the stream."""
        self.until_done()
        return self._final_messages()

    def close(self) -> None:
        """Release the connection."""
        if self._stream is not None:
            self._stream.close()

    def on_event(self, event: Any) -> None:
        """Every event, before the more specific callbacks."""

    def on_run_step_created(self, run_step: Any) -> None:
        """A run step began."""

    def on_run_step_delta(self, delta: Any, snapshot: Any) -> None:
        """A run step changed (``snapshot``: the step so far)."""

    def on_run_step_done(self, run_step: Any) -> None:
        """A run step ended (completed, failed, cancelled or expired)."""

    def on_tool_call_created(self, tool_call: Any) -> None:
        """A tool call began."""

    def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
        """A tool call changed (``snapshot``: the call so far)."""

    def on_tool_call_done(self, tool_call: Any) -> None:
        """A tool call ended."""

    def on_message_created(self, message: Any) -> None:
        """A message began."""

    def on_message_delta(self, delta: Any, snapshot: Any) -> None:
        """A message changed (``snapshot``: the message so far)."""

    def on_message_done(self, message: Any) -> None:
        """A message ended."""

    def on_text_created(self, text: Any) -> None:
        """A text part of a message began."""

    def on_text_delta(self, delta: Any, snapshot: Any) -> None:
        """Text arrived (``snapshot``: the text part so far)."""

    def on_text_done(self, text: Any) -> None:
        """A text part ended."""

    def on_image_file_done(self, image_file: Any) -> None:
        """An image file part ended."""

    def on_exception(self, exception: Exception) -> None:
        """Reading the stream failed (the exception is raised after this)."""

    def on_timeout(self) -> None:
        """Reading the stream timed out."""

    def on_end(self) -> None:
        """The stream ended (read to its end, or failed)."""


class AsyncAssistantEventHandler(_HandlerBase):
    """The async twin of :class:`AssistantEventHandler`: its ``on_*`` methods are ``async def``."""

    def __init__(self) -> None:
        super().__init__()
        self._iterator = self._events()
        self.text_deltas: AsyncIterator[str] = self._text_deltas()

    async def _events(self) -> AsyncIterator[Any]:
        if self._stream is None:
            raise RuntimeError("the stream has not been started: enter its manager with `async with`")
        try:
            async for event in self._stream:
                self._state.current_event = event
                for name, args in self._state.handle(event):
                    await getattr(self, name)(*args)
                self._state.current_event = None
                yield event
        except APITimeoutError as exc:
            await self.on_timeout()
            await self.on_exception(exc)
            raise
        except Exception as exc:
            await self.on_exception(exc)
            raise
        finally:
            await self.on_end()

    async def _text_deltas(self) -> AsyncIterator[str]:
        async for event in self:
            for piece in _text_of(event):
                yield piece

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._iterator

    async def __anext__(self) -> Any:
        return await self._iterator.__anext__()

    async def until_done(self) -> None:
        """Read the stream to its end (awaiting the callbacks)."""
        async for _ in self._iterator:
            pass

    async def get_final_run(self) -> Any:
        """Read the rest; the run as the stream left it."""
        await self.until_done()
        return self._final_run()

    async def get_final_run_steps(self) -> list[Any]:
        """Read the rest; the run steps of the stream."""
        await self.until_done()
        return self._final_steps()

    async def get_final_messages(self) -> list[Any]:
        """Read the rest; the messages of the stream."""
        await self.until_done()
        return self._final_messages()

    async def close(self) -> None:
        """Release the connection."""
        if self._stream is not None:
            await self._stream.aclose()

    async def on_event(self, event: Any) -> None:
        """See :meth:`AssistantEventHandler.on_event`."""

    async def on_run_step_created(self, run_step: Any) -> None:
        """See :meth:`AssistantEventHandler.on_run_step_created`."""

    async def on_run_step_delta(self, delta: Any, snapshot: Any) -> None:
        """See :meth:`AssistantEventHandler.on_run_step_delta`."""

    async def on_run_step_done(self, run_step: Any) -> None:
        """See :meth:`AssistantEventHandler.on_run_step_done`."""

    async def on_tool_call_created(self, tool_call: Any) -> None:
        """See :meth:`AssistantEventHandler.on_tool_call_created`."""

    async def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
        """See :meth:`AssistantEventHandler.on_tool_call_delta`."""

    async def on_tool_call_done(self, tool_call: Any) -> None:
        """See :meth:`AssistantEventHandler.on_tool_call_done`."""

    async def on_message_created(self, message: Any) -> None:
        """See :meth:`AssistantEventHandler.on_message_created`."""

    async def on_message_delta(self, delta: Any, snapshot: Any) -> None:
        """See :meth:`AssistantEventHandler.on_message_delta`."""

    async def on_message_done(self, message: Any) -> None:
        """See :meth:`AssistantEventHandler.on_message_done`."""

    async def on_text_created(self, text: Any) -> None:
        """See :meth:`AssistantEventHandler.on_text_created`."""

    async def on_text_delta(self, delta: Any, snapshot: Any) -> None:
        """See :meth:`AssistantEventHandler.on_text_delta`."""

    async def on_text_done(self, text: Any) -> None:
        """See :meth:`AssistantEventHandler.on_text_done`."""

    async def on_image_file_done(self, image_file: Any) -> None:
        """See :meth:`AssistantEventHandler.on_image_file_done`."""

    async def on_exception(self, exception: Exception) -> None:
        """See :meth:`AssistantEventHandler.on_exception`."""

    async def on_timeout(self) -> None:
        """See :meth:`AssistantEventHandler.on_timeout`."""

    async def on_end(self) -> None:
        """See :meth:`AssistantEventHandler.on_end`."""


class AssistantStreamManager(Generic[AssistantEventHandlerT]):
    """Sends the request on ``with`` and gives the event handler; closes the stream after."""

    def __init__(self, open_stream: Callable[[], Any], handler: AssistantEventHandlerT) -> None:
        self._open = open_stream
        self._handler = handler

    def __enter__(self) -> AssistantEventHandlerT:
        self._handler._init(self._open())
        return self._handler

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._handler.close()


class AsyncAssistantStreamManager(Generic[AsyncAssistantEventHandlerT]):
    """Sends the request on ``async with`` and gives the event handler; closes the stream after."""

    def __init__(self, open_stream: Callable[[], Awaitable[Any]], handler: AsyncAssistantEventHandlerT) -> None:
        self._open = open_stream
        self._handler = handler

    async def __aenter__(self) -> AsyncAssistantEventHandlerT:
        self._handler._init(await self._open())
        return self._handler

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._handler.close()


def _streaming(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {**kwargs, "stream": True}


class _Runs(Creates, Protocol):
    def submit_tool_outputs(self, *args: Any, **kwargs: Any) -> Any: ...


class _Threads(Creates, Protocol):
    def create_and_run(self, *args: Any, **kwargs: Any) -> Any: ...


class RunStreamHelpers(RunsHelpers):
    """The logic of ``stream()``, ``create_and_stream()`` and ``submit_tool_outputs_stream()`` of
    ``client.beta.threads.runs`` (plus the polling helpers); their signatures are generated."""

    def _stream(self: _Runs, args: dict[str, Any], *, event_handler: Any) -> AssistantStreamManager[Any]:
        request = _streaming(args)
        handler = event_handler if event_handler is not None else AssistantEventHandler()
        return AssistantStreamManager(lambda: self.create(**request), handler)

    def _create_and_stream(self: _Runs, args: dict[str, Any], *, event_handler: Any) -> AssistantStreamManager[Any]:
        warnings.warn("use stream() instead", DeprecationWarning, stacklevel=3)
        return RunStreamHelpers._stream(self, args, event_handler=event_handler)

    def _submit_tool_outputs_stream(
        self: _Runs, args: dict[str, Any], *, event_handler: Any
    ) -> AssistantStreamManager[Any]:
        request = _streaming(args)
        handler = event_handler if event_handler is not None else AssistantEventHandler()
        return AssistantStreamManager(lambda: self.submit_tool_outputs(**request), handler)


class AsyncRunStreamHelpers(AsyncRunsHelpers):
    """The async twins of :class:`RunStreamHelpers` (``async with``; async handlers)."""

    def _stream(self: _Runs, args: dict[str, Any], *, event_handler: Any) -> AsyncAssistantStreamManager[Any]:
        request = _streaming(args)
        handler = event_handler if event_handler is not None else AsyncAssistantEventHandler()
        return AsyncAssistantStreamManager(lambda: self.create(**request), handler)

    def _create_and_stream(
        self: _Runs, args: dict[str, Any], *, event_handler: Any
    ) -> AsyncAssistantStreamManager[Any]:
        warnings.warn("use stream() instead", DeprecationWarning, stacklevel=3)
        return AsyncRunStreamHelpers._stream(self, args, event_handler=event_handler)

    def _submit_tool_outputs_stream(
        self: _Runs, args: dict[str, Any], *, event_handler: Any
    ) -> AsyncAssistantStreamManager[Any]:
        request = _streaming(args)
        handler = event_handler if event_handler is not None else AsyncAssistantEventHandler()
        return AsyncAssistantStreamManager(lambda: self.submit_tool_outputs(**request), handler)


class ThreadStreamHelpers(ThreadsHelpers):
    """The logic of ``create_and_run_stream()`` of ``client.beta.threads`` (plus the polling helper)."""

    def _create_and_run_stream(
        self: _Threads, args: dict[str, Any], *, event_handler: Any
    ) -> AssistantStreamManager[Any]:
        request = _streaming(args)
        handler = event_handler if event_handler is not None else AssistantEventHandler()
        return AssistantStreamManager(lambda: self.create_and_run(**request), handler)


class AsyncThreadStreamHelpers(AsyncThreadsHelpers):
    """The logic of ``create_and_run_stream()`` of ``AsyncClient.beta.threads``."""

    def _create_and_run_stream(
        self: _Threads, args: dict[str, Any], *, event_handler: Any
    ) -> AsyncAssistantStreamManager[Any]:
        request = _streaming(args)
        handler = event_handler if event_handler is not None else AsyncAssistantEventHandler()
        return AsyncAssistantStreamManager(lambda: self.create_and_run(**request), handler)
