"""``chat.completions.stream()`` and ``responses.stream()``: streams with derived events.

The events are derived by two pure state machines (:class:`ChatCompletionStreamState`,
:class:`ResponseStreamState`): fed the typed events of a plain stream one by one, they fold
them into the accumulators of ``_accumulate`` and return the events to hand on. The stream
classes below only drive them over a :class:`~openai_core.Stream` (sync) or an
:class:`~openai_core.AsyncStream` (async); the managers open the request on ``with`` /
``async with`` and close it on the way out.

Chat events (each with a ``type``): ``chunk`` (``chunk``, ``snapshot``), ``content.delta``
(``delta``, ``snapshot``, ``parsed``), ``content.done`` (``content``, ``parsed``),
``refusal.delta`` / ``refusal.done``, ``tool_calls.function.arguments.delta`` / ``.done``
(``name``, ``index``, ``arguments``, ``parsed_arguments``), ``logprobs.content.delta`` /
``.done`` and ``logprobs.refusal.delta`` / ``.done``. Responses events are the API's, with
``snapshot`` on ``response.output_text.delta`` and ``response.function_call_arguments.delta``,
``parsed`` on ``response.output_text.done`` and a parsed ``response`` on ``response.completed``.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterator
from types import TracebackType
from typing import Any, Generic, Literal, TypeVar

import attrs
from typing_extensions import Self

from .._accumulate import ChatCompletionAccumulator, ResponseAccumulator
from ._errors import ContentFilterFinishReasonError, LengthFinishReasonError, OutputValidationError
from ._parsed import Delegate, decode
from .chat import ParsedChatCompletion, parse_completion
from .responses import ParsedResponse, parse_response
from .tools import field, has_strict, is_strict, parse_arguments

__all__ = [
    "AsyncChatCompletionStream",
    "AsyncChatCompletionStreamManager",
    "AsyncResponseStream",
    "AsyncResponseStreamManager",
    "ChatCompletionStream",
    "ChatCompletionStreamManager",
    "ChatCompletionStreamState",
    "ChunkEvent",
    "ContentDeltaEvent",
    "ContentDoneEvent",
    "FunctionToolCallArgumentsDeltaEvent",
    "FunctionToolCallArgumentsDoneEvent",
    "LogprobsContentDeltaEvent",
    "LogprobsContentDoneEvent",
    "LogprobsRefusalDeltaEvent",
    "LogprobsRefusalDoneEvent",
    "PartialJSON",
    "RefusalDeltaEvent",
    "RefusalDoneEvent",
    "ResponseCompletedEvent",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseStream",
    "ResponseStreamManager",
    "ResponseStreamState",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
]

T = TypeVar("T")
E = TypeVar("E")
S = TypeVar("S")


_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_STRING_BODY = re.compile(r'(?:[^"\\]|\\.)*', re.DOTALL)
_TOKEN = re.compile(r"[-+.0-9a-zA-Z]*")
_LITERALS = frozenset({"true", "false", "null"})


class PartialJSON:
    """JSON arriving in pieces, decoded as far as it goes after each piece.

    :meth:`feed` scans only the new text (linear over the whole stream); it remembers the last
    place where the text can be cut and closed into valid JSON: its open objects and arrays are
    closed, and a string, number or literal still arriving (or a key without its value) is
    left out. :attr:`value` decodes that cut with ``json.loads``.
    """

    __slots__ = ("_closers", "_cut", "_key", "_pos", "_stack", "_string", "_text", "_token")

    def __init__(self) -> None:
        self._text = ""
        self._pos = 0
        self._stack: list[list[str]] = []  # [bracket, what comes next: key/colon/value/comma]
        self._string = False  # inside a string
        self._key = False  # ... which is an object key
        self._token: int | None = None  # start of a number or literal being read
        self._cut = 0
        self._closers = ""

    def _close_all(self) -> str:
        return "".join("}" if bracket == "{" else "]" for bracket, _ in reversed(self._stack))

    def _value_done(self, end: int) -> None:
        if self._stack:
            self._stack[-1][1] = "comma"
        self._cut, self._closers = end, self._close_all()

    def feed(self, piece: str) -> None:
        """Add the next piece of text."""
        self._text += piece
        text, n, i = self._text, len(self._text), self._pos
        while i < n:
            if self._string:
                end = _STRING_BODY.match(text, i).end()  # type: ignore[union-attr]
                if end >= n or text[end] != '"':
                    i = end
                    break
                self._string = False
                if self._key:
                    self._stack[-1][1] = "colon"
                else:
                    self._value_done(end + 1)
                i = end + 1
            elif self._token is not None:
                end = _TOKEN.match(text, i).end()  # type: ignore[union-attr]
                if end >= n:
                    i = end
                    break
                self._value_done(end)
                self._token = None
                i = end
            else:
                c = text[i]
                if c in "{[":
                    self._stack.append([c, "key" if c == "{" else "value"])
                    self._cut, self._closers = i + 1, self._close_all()
                elif c in "}]":
                    if self._stack:
                        self._stack.pop()
                    self._value_done(i + 1)
                elif c == ",":
                    if self._stack:
                        self._stack[-1][1] = "key" if self._stack[-1][0] == "{" else "value"
                elif c == ":":
                    if self._stack:
                        self._stack[-1][1] = "value"
                elif c == '"':
                    self._string = True
                    self._key = bool(self._stack) and self._stack[-1][1] == "key"
                elif c not in " \t\r\n":
                    self._token = i
                    continue
                i += 1
        self._pos = i

    @property
    def value(self) -> Any:
        """The text so far as JSON, as far as it goes; ``None`` when nothing is usable yet."""
        text, cut, closers = self._text, self._cut, self._closers
        if self._token is not None and not self._string:
            token = text[self._token :]
            if token in _LITERALS or _NUMBER.fullmatch(token):
                cut, closers = len(text), self._close_all()
        if cut == 0:
            return None
        try:
            return json.loads(text[:cut] + closers)
        except ValueError:
            return None


# ---- chat events -----------------------------------------------------------------------------


class ChunkEvent:
    """``chunk``: one chunk as it came, and ``snapshot``, the completion built so far (computed
    when read)."""

    __slots__ = ("_state", "chunk")
    type: Literal["chunk"] = "chunk"

    def __init__(self, chunk: Any, state: ChatCompletionStreamState[Any]) -> None:
        self.chunk = chunk
        self._state = state

    @property
    def snapshot(self) -> Any:
        return self._state.current_completion_snapshot

    def __repr__(self) -> str:
        return f"ChunkEvent(chunk={self.chunk!r})"


@attrs.frozen(kw_only=True)
class ContentDeltaEvent:
    """``content.delta``: a piece of the answer, the text so far, and ``parsed``: the JSON so far,
    decoded as far as it goes (with a ``response_format``; else ``None``)."""

    delta: str
    snapshot: str
    parsed: Any = None
    type: Literal["content.delta"] = "content.delta"


@attrs.frozen(kw_only=True)
class ContentDoneEvent(Generic[T]):
    """``content.done``: the whole answer, and ``parsed`` (an instance of the
    ``response_format`` class, or ``None`` without one)."""

    content: str
    parsed: T | None = None
    type: Literal["content.done"] = "content.done"


@attrs.frozen(kw_only=True)
class RefusalDeltaEvent:
    """``refusal.delta``: a piece of a refusal and the refusal so far."""

    delta: str
    snapshot: str
    type: Literal["refusal.delta"] = "refusal.delta"


@attrs.frozen(kw_only=True)
class RefusalDoneEvent:
    """``refusal.done``: the whole refusal."""

    refusal: str
    type: Literal["refusal.done"] = "refusal.done"


@attrs.frozen(kw_only=True)
class FunctionToolCallArgumentsDeltaEvent:
    """``tool_calls.function.arguments.delta``: a piece of a function call's arguments
    (``arguments_delta``), the arguments so far, and them decoded as far as they go."""

    name: str
    index: int
    arguments: str
    parsed_arguments: Any
    arguments_delta: str
    type: Literal["tool_calls.function.arguments.delta"] = "tool_calls.function.arguments.delta"


@attrs.frozen(kw_only=True)
class FunctionToolCallArgumentsDoneEvent:
    """``tool_calls.function.arguments.done``: a function call's whole arguments and
    ``parsed_arguments`` (see :class:`~openai_core.helpers.chat.ParsedFunction`)."""

    name: str
    index: int
    arguments: str
    parsed_arguments: Any
    type: Literal["tool_calls.function.arguments.done"] = "tool_calls.function.arguments.done"


@attrs.frozen(kw_only=True)
class LogprobsContentDeltaEvent:
    """``logprobs.content.delta``: the log probabilities of a chunk's content, and all so far."""

    content: list[Any]
    snapshot: list[Any]
    type: Literal["logprobs.content.delta"] = "logprobs.content.delta"


@attrs.frozen(kw_only=True)
class LogprobsContentDoneEvent:
    """``logprobs.content.done``: every log probability of the content."""

    content: list[Any]
    type: Literal["logprobs.content.done"] = "logprobs.content.done"


@attrs.frozen(kw_only=True)
class LogprobsRefusalDeltaEvent:
    """``logprobs.refusal.delta``: the log probabilities of a chunk's refusal, and all so far."""

    refusal: list[Any]
    snapshot: list[Any]
    type: Literal["logprobs.refusal.delta"] = "logprobs.refusal.delta"


@attrs.frozen(kw_only=True)
class LogprobsRefusalDoneEvent:
    """``logprobs.refusal.done``: every log probability of the refusal."""

    refusal: list[Any]
    type: Literal["logprobs.refusal.done"] = "logprobs.refusal.done"


class _Choice:
    """What one choice has announced so far."""

    __slots__ = ("content_done", "done_tools", "json", "logprobs", "refusal_done", "text", "tool", "tools")

    def __init__(self) -> None:
        self.json: dict[Any, PartialJSON] = {}  # "content", or a tool call index -> its JSON so far
        # The text so far, one string each: a snapshot per delta costs one copy, not a join.
        self.text: dict[str, str] = {}
        self.tools: dict[int, tuple[str, str]] = {}  # tool call index -> (name, arguments)
        self.content_done = False
        self.refusal_done = False
        self.done_tools: set[int] = set()
        self.tool: int | None = None  # the tool call being streamed
        self.logprobs: dict[str, list[Any] | None] = {"content": None, "refusal": None}


class ChatCompletionStreamState(Generic[T]):
    """Derives the helper events from chat completion chunks; pure.

    ``handle_chunk(chunk)`` returns the events of one chunk; :attr:`current_completion_snapshot`
    is the completion built so far; :meth:`get_final_completion` parses it (``response_format``
    a class to parse the content into, ``input_tools`` the tools sent, for
    ``parsed_arguments``).
    """

    def __init__(self, *, response_format: Any = None, input_tools: Any = None) -> None:
        self._accumulator = ChatCompletionAccumulator()
        self._cls: type[T] | None = response_format if isinstance(response_format, type) else None
        self._tools = input_tools
        self._choices: dict[int, _Choice] = {}

    @property
    def current_completion_snapshot(self) -> Any:
        """The ``ChatCompletion`` built from the chunks so far (``None`` before)."""
        return self._accumulator.current

    def get_final_completion(self) -> ParsedChatCompletion[T]:
        """The completion of every chunk handled, parsed (see ``chat.completions.parse``)."""
        completion = self._accumulator.current
        if completion is None:
            raise RuntimeError("the stream ended before its first chunk")
        return parse_completion(completion, self._cls, self._tools)

    def handle_chunk(self, chunk: Any) -> list[Any]:
        """Fold ``chunk`` in; the events it gives, in order."""
        self._accumulator.add(chunk)
        events: list[Any] = [ChunkEvent(chunk, self)]
        for choice in field(chunk, "choices") or ():
            index = field(choice, "index") or 0
            state = self._choices.setdefault(index, _Choice())
            delta = field(choice, "delta")
            tool_deltas = field(delta, "tool_calls") or []
            content = field(delta, "content")
            if isinstance(content, str):
                snapshot = state.text["content"] = state.text.get("content", "") + content
                parsed = None
                if self._cls is not None:
                    partial = state.json.setdefault("content", PartialJSON())
                    partial.feed(content)
                    parsed = partial.value
                events.append(ContentDeltaEvent(delta=content, snapshot=snapshot, parsed=parsed))
            refusal = field(delta, "refusal")
            if isinstance(refusal, str):
                snapshot = state.text["refusal"] = state.text.get("refusal", "") + refusal
                events.append(RefusalDeltaEvent(delta=refusal, snapshot=snapshot))
            for tool_delta in tool_deltas:
                tool_index = field(tool_delta, "index")
                name, arguments = state.tools.get(tool_index, ("", ""))
                function = field(tool_delta, "function")
                name = field(function, "name") or name
                piece = field(function, "arguments") or ""
                arguments += piece
                state.tools[tool_index] = (name, arguments)
                partial = state.json.setdefault(tool_index, PartialJSON())
                partial.feed(piece)
                if field(tool_delta, "type") in (None, "function") and name:
                    events.append(
                        FunctionToolCallArgumentsDeltaEvent(
                            name=name,
                            index=tool_index,
                            arguments=arguments,
                            parsed_arguments=partial.value if is_strict(self._tools, name) else None,
                            arguments_delta=piece,
                        )
                    )
            logprobs = field(choice, "logprobs")
            pieces = self._logprobs(state, "content", field(logprobs, "content"))
            if pieces:
                events.append(LogprobsContentDeltaEvent(content=pieces, snapshot=list(state.logprobs["content"] or [])))
            pieces = self._logprobs(state, "refusal", field(logprobs, "refusal"))
            if pieces:
                events.append(LogprobsRefusalDeltaEvent(refusal=pieces, snapshot=list(state.logprobs["refusal"] or [])))
            reason = field(choice, "finish_reason")
            if reason in ("length", "content_filter") and (self._cls is not None or has_strict(self._tools)):
                self._stop(reason)
            if reason:
                events.extend(self._content_done(index, state))
                if state.tool is not None:
                    events.extend(self._tool_done(index, state, state.tool))
            for tool_delta in tool_deltas:
                tool_index = field(tool_delta, "index")
                if state.tool != tool_index:
                    events.extend(self._content_done(index, state))
                    if state.tool is not None:
                        events.extend(self._tool_done(index, state, state.tool))
                state.tool = tool_index
        return events

    def _stop(self, reason: str) -> None:
        """A structured answer cut by the token limit or the content filter cannot be parsed."""
        completion = self._accumulator.current
        if reason == "length":
            raise LengthFinishReasonError(
                "The answer was cut by the token limit (finish_reason 'length'); its JSON is incomplete.", completion
            )
        raise ContentFilterFinishReasonError(
            "The content filter stopped the answer (finish_reason 'content_filter').", completion
        )

    @staticmethod
    def _logprobs(state: _Choice, key: str, pieces: Any) -> list[Any]:
        """Record a chunk's log probabilities of ``key``; the new ones."""
        if pieces is None:
            return []
        new = list(pieces)
        seen = state.logprobs[key]
        if seen is None:
            state.logprobs[key] = seen = []
        seen.extend(new)
        return new

    def _content_done(self, index: int, state: _Choice) -> list[Any]:
        events: list[Any] = []
        content = state.text.get("content")
        if content and not state.content_done:
            state.content_done = True
            parsed = None
            if self._cls is not None:
                parsed = decode(self._cls, content, self._accumulator.current)
            events.append(ContentDoneEvent(content=content, parsed=parsed))
        refusal = state.text.get("refusal")
        if refusal is not None and not state.refusal_done:
            state.refusal_done = True
            events.append(RefusalDoneEvent(refusal=refusal))
        content_logprobs = state.logprobs["content"]
        if content_logprobs is not None:
            state.logprobs["content"] = None
            events.append(LogprobsContentDoneEvent(content=content_logprobs))
        refusal_logprobs = state.logprobs["refusal"]
        if refusal_logprobs is not None:
            state.logprobs["refusal"] = None
            events.append(LogprobsRefusalDoneEvent(refusal=refusal_logprobs))
        return events

    def _tool_done(self, index: int, state: _Choice, tool_index: int) -> list[Any]:
        if tool_index in state.done_tools:
            return []
        state.done_tools.add(tool_index)
        name, arguments = state.tools.get(tool_index, ("", ""))
        if not name:
            return []
        try:
            parsed = parse_arguments(self._tools, name, arguments)
        except ValueError as exc:
            message = f"The arguments of the call to {name!r} do not fit: {exc}"
            raise OutputValidationError(message, self._accumulator.current) from None
        return [
            FunctionToolCallArgumentsDoneEvent(
                name=name, index=tool_index, arguments=arguments, parsed_arguments=parsed
            )
        ]


# ---- responses events ------------------------------------------------------------------------


class _Derived(Delegate):
    """An API event with fields added; its own fields are read from ``event``."""

    __slots__ = ("event",)
    _wrapped_attr = "event"

    def __init__(self, event: Any) -> None:
        self.event = event


class ResponseTextDeltaEvent(_Derived):
    """``response.output_text.delta`` with ``snapshot``: the text of its content part so far."""

    __slots__ = ("snapshot",)

    def __init__(self, event: Any, snapshot: str) -> None:
        super().__init__(event)
        self.snapshot = snapshot

    def __repr__(self) -> str:
        return f"ResponseTextDeltaEvent(delta={field(self.event, 'delta')!r}, snapshot={self.snapshot!r})"


class ResponseTextDoneEvent(_Derived, Generic[T]):
    """``response.output_text.done`` with ``parsed``: the text as an instance of the
    ``text_format`` class (``None`` without one)."""

    __slots__ = ("parsed",)

    def __init__(self, event: Any, parsed: T | None) -> None:
        super().__init__(event)
        self.parsed = parsed

    def __repr__(self) -> str:
        return f"ResponseTextDoneEvent(text={field(self.event, 'text')!r}, parsed={self.parsed!r})"


class ResponseFunctionCallArgumentsDeltaEvent(_Derived):
    """``response.function_call_arguments.delta`` with ``snapshot``: the arguments so far."""

    __slots__ = ("snapshot",)

    def __init__(self, event: Any, snapshot: str) -> None:
        super().__init__(event)
        self.snapshot = snapshot

    def __repr__(self) -> str:
        return f"ResponseFunctionCallArgumentsDeltaEvent(delta={field(self.event, 'delta')!r})"


class ResponseCompletedEvent(_Derived, Generic[T]):
    """``response.completed`` whose ``response`` is a :class:`ParsedResponse`."""

    __slots__ = ("response",)

    def __init__(self, event: Any, response: ParsedResponse[T]) -> None:
        super().__init__(event)
        self.response = response

    def __repr__(self) -> str:
        return f"ResponseCompletedEvent(response={self.response!r})"


class ResponseStreamState(Generic[T]):
    """Derives the helper events from Responses API stream events; pure.

    ``handle_event(event)`` returns the events to hand on (most are the API's own, unchanged);
    :attr:`current_snapshot` is the response built so far; :meth:`get_final_response` the
    final one, parsed into ``text_format`` when it is a class.
    """

    def __init__(self, *, text_format: Any = None, input_tools: Any = None) -> None:
        self._accumulator = ResponseAccumulator()
        self._cls: type[T] | None = text_format if isinstance(text_format, type) else None
        self._tools = input_tools
        self._final: ParsedResponse[T] | None = None
        # The text so far per (output index, content index), one string each (see _Choice.text).
        self._texts: dict[tuple[Any, Any], str] = {}

    @property
    def current_snapshot(self) -> Any:
        """The ``Response`` built from the events so far (``None`` before the first)."""
        return self._accumulator.current

    def get_final_response(self) -> ParsedResponse[T]:
        """The response of the ``response.completed`` event, parsed."""
        if self._final is None:
            raise RuntimeError("the stream ended without a response.completed event")
        return self._final

    def _grow(self, key: tuple[Any, Any], event: Any) -> str:
        text = self._texts[key] = self._texts.get(key, "") + (field(event, "delta") or "")
        return text

    def handle_event(self, event: Any) -> list[Any]:
        """Fold ``event`` in; the events it gives."""
        self._accumulator.add(event)
        kind = field(event, "type")
        if kind == "response.output_text.delta":
            return [
                ResponseTextDeltaEvent(
                    event, self._grow((field(event, "output_index"), field(event, "content_index")), event)
                )
            ]
        if kind == "response.output_text.done":
            text = field(event, "text")
            parsed = decode(self._cls, text, event) if self._cls is not None and text else None
            return [ResponseTextDoneEvent(event, parsed)]
        if kind == "response.function_call_arguments.delta":
            return [
                ResponseFunctionCallArgumentsDeltaEvent(event, self._grow((field(event, "output_index"), None), event))
            ]
        if kind == "response.completed":
            self._final = parse_response(self._accumulator.current, self._cls, self._tools)
            return [ResponseCompletedEvent(event, self._final)]
        return [event]


# ---- the streams -----------------------------------------------------------------------------


class _Derive(Generic[E]):
    """A plain stream's events run through ``handle`` (sync)."""

    def __init__(self, raw: Any, handle: Callable[[Any], list[E]]) -> None:
        self._raw = raw
        self._handle = handle
        self._iterator: Generator[E, None, None] = self._events()

    def _events(self) -> Generator[E, None, None]:
        for item in self._raw:
            yield from self._handle(item)

    def __iter__(self) -> Iterator[E]:
        return self._iterator

    def __next__(self) -> E:
        return next(self._iterator)

    @property
    def response(self) -> Any:
        """The HTTP response's status, headers and request id."""
        return self._raw.response

    @property
    def request_id(self) -> str | None:
        return self._raw.request_id  # type: ignore[no-any-return]

    def until_done(self) -> Self:
        """Read the stream to its end."""
        for _ in self._iterator:
            pass
        return self

    def close(self) -> None:
        """Release the connection; further iteration ends."""
        self._raw.close()
        with contextlib.suppress(ValueError):  # ValueError: closed from inside its own iteration
            self._iterator.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _AsyncDerive(Generic[E]):
    """A plain async stream's events run through ``handle``."""

    def __init__(self, raw: Any, handle: Callable[[Any], list[E]]) -> None:
        self._raw = raw
        self._handle = handle
        self._iterator: AsyncGenerator[E, None] = self._events()

    async def _events(self) -> AsyncGenerator[E, None]:
        async for item in self._raw:
            for event in self._handle(item):
                yield event

    def __aiter__(self) -> AsyncIterator[E]:
        return self._iterator

    async def __anext__(self) -> E:
        return await self._iterator.__anext__()

    @property
    def response(self) -> Any:
        """The HTTP response's status, headers and request id."""
        return self._raw.response

    @property
    def request_id(self) -> str | None:
        return self._raw.request_id  # type: ignore[no-any-return]

    async def until_done(self) -> Self:
        """Read the stream to its end."""
        async for _ in self._iterator:
            pass
        return self

    async def close(self) -> None:
        """Release the connection; further iteration ends."""
        await self._raw.aclose()
        with contextlib.suppress(RuntimeError):  # RuntimeError: being iterated by another task
            await self._iterator.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


def _text_pieces(event: Any) -> str | None:
    kind = field(event, "type")
    if kind in ("content.delta", "response.output_text.delta"):
        delta = field(event, "delta")
        return delta if isinstance(delta, str) else None
    return None


class ChatCompletionStream(_Derive[Any], Generic[T]):
    """``with client.chat.completions.stream(...) as stream``: iterate the events (see the
    module); :meth:`get_final_completion`, :attr:`current_completion_snapshot`,
    :attr:`text_stream`, :meth:`until_done`."""

    def __init__(self, raw: Any, state: ChatCompletionStreamState[T]) -> None:
        super().__init__(raw, state.handle_chunk)
        self._state = state

    @property
    def current_completion_snapshot(self) -> Any:
        """The completion built from the chunks read so far."""
        return self._state.current_completion_snapshot

    @property
    def text_stream(self) -> Iterator[str]:
        """Read the stream, yielding only the pieces of the answer's content."""
        for event in self:
            piece = _text_pieces(event)
            if piece:
                yield piece

    def get_final_completion(self) -> ParsedChatCompletion[T]:
        """Read the rest of the stream; the completion, parsed (``.parsed`` with a
        ``response_format`` class; ``parsed_arguments`` on tool calls)."""
        self.until_done()
        return self._state.get_final_completion()


class AsyncChatCompletionStream(_AsyncDerive[Any], Generic[T]):
    """The async twin of :class:`ChatCompletionStream`."""

    def __init__(self, raw: Any, state: ChatCompletionStreamState[T]) -> None:
        super().__init__(raw, state.handle_chunk)
        self._state = state

    @property
    def current_completion_snapshot(self) -> Any:
        """The completion built from the chunks read so far."""
        return self._state.current_completion_snapshot

    @property
    async def text_stream(self) -> AsyncIterator[str]:
        """Read the stream, yielding only the pieces of the answer's content."""
        async for event in self:
            piece = _text_pieces(event)
            if piece:
                yield piece

    async def get_final_completion(self) -> ParsedChatCompletion[T]:
        """See :meth:`ChatCompletionStream.get_final_completion`."""
        await self.until_done()
        return self._state.get_final_completion()


class ResponseStream(_Derive[Any], Generic[T]):
    """``with client.responses.stream(...) as stream``: iterate the events (see the module);
    :meth:`get_final_response`, :attr:`current_snapshot`, :attr:`text_stream`,
    :meth:`until_done`."""

    def __init__(self, raw: Any, state: ResponseStreamState[T]) -> None:
        super().__init__(raw, state.handle_event)
        self._state = state

    @property
    def current_snapshot(self) -> Any:
        """The response built from the events read so far."""
        return self._state.current_snapshot

    @property
    def text_stream(self) -> Iterator[str]:
        """Read the stream, yielding only the pieces of its output text."""
        for event in self:
            piece = _text_pieces(event)
            if piece:
                yield piece

    def get_final_response(self) -> ParsedResponse[T]:
        """Read the rest of the stream; the final response, parsed (``output_parsed``)."""
        self.until_done()
        return self._state.get_final_response()


class AsyncResponseStream(_AsyncDerive[Any], Generic[T]):
    """The async twin of :class:`ResponseStream`."""

    def __init__(self, raw: Any, state: ResponseStreamState[T]) -> None:
        super().__init__(raw, state.handle_event)
        self._state = state

    @property
    def current_snapshot(self) -> Any:
        """The response built from the events read so far."""
        return self._state.current_snapshot

    @property
    async def text_stream(self) -> AsyncIterator[str]:
        """Read the stream, yielding only the pieces of its output text."""
        async for event in self:
            piece = _text_pieces(event)
            if piece:
                yield piece

    async def get_final_response(self) -> ParsedResponse[T]:
        """See :meth:`ResponseStream.get_final_response`."""
        await self.until_done()
        return self._state.get_final_response()


# ---- the managers ----------------------------------------------------------------------------


class _Manager(Generic[S]):
    """Opens the stream on ``with`` (not before) and closes it on the way out."""

    def __init__(self, open_stream: Callable[[], S]) -> None:
        self._open = open_stream
        self._stream: S | None = None

    def __enter__(self) -> S:
        self._stream = self._open()
        return self._stream

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._stream is not None:
            self._stream.close()  # type: ignore[attr-defined]


class _AsyncManager(Generic[S]):
    """Opens the stream on ``async with`` (not before) and closes it on the way out."""

    def __init__(self, open_stream: Callable[[], Awaitable[S]]) -> None:
        self._open = open_stream
        self._stream: S | None = None

    async def __aenter__(self) -> S:
        self._stream = await self._open()
        return self._stream

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._stream is not None:
            await self._stream.close()  # type: ignore[attr-defined]


class ChatCompletionStreamManager(_Manager[ChatCompletionStream[T]]):
    """What ``client.chat.completions.stream(...)`` returns: use it in ``with``."""


class AsyncChatCompletionStreamManager(_AsyncManager[AsyncChatCompletionStream[T]]):
    """What ``AsyncClient.chat.completions.stream(...)`` returns: use it in ``async with``."""


class ResponseStreamManager(_Manager[ResponseStream[T]]):
    """What ``client.responses.stream(...)`` returns: use it in ``with``."""


class AsyncResponseStreamManager(_AsyncManager[AsyncResponseStream[T]]):
    """What ``AsyncClient.responses.stream(...)`` returns: use it in ``async with``."""
