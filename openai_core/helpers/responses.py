"""``client.responses.parse()``, ``.stream()`` and ``.run_tools()``.

As for chat: the logic is pure, and the two mixins at the bottom only call ``self.create(...)``
with or without ``await``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

import attrs

from .._models import output_text, to_json_value
from .._raw_response import map_result
from .._types import NotGiven
from ._errors import ContentFilterFinishReasonError, LengthFinishReasonError, OutputValidationError, RefusalError
from ._parsed import Delegate, decode
from ._schema import schema_name, strict_schema
from .tools import (
    Creates,
    FunctionTool,
    ToolCall,
    ToolLoop,
    as_dict,
    field,
    parse_arguments,
    reject_stream,
    run_concurrently,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .._realtime import AsyncConnecting, AsyncResponsesConnection, OnReconnecting, ResponsesConnection
    from ..resources.responses import ResponsesCreateKwargs
    from ..types.responses import Response
    from .streams import AsyncResponseStreamManager, ResponseStreamManager

    _ResponseBase = Response  # checkers see the wrapped response's fields
else:
    _ResponseBase = Delegate

__all__ = [
    "AsyncResponsesHelpers",
    "ParsedResponse",
    "ParsedResponseFunctionToolCall",
    "ParsedResponseOutputMessage",
    "ParsedResponseOutputText",
    "ResponsesHelpers",
    "ResponsesToolLoop",
    "ResponsesToolRun",
    "output_text",
    "parse_request",
    "parse_response",
    "text_format_for",
]

T = TypeVar("T")


# ---- structured outputs ----------------------------------------------------------------------


def text_format_for(cls: type) -> dict[str, Any]:
    """The ``text.format`` that asks for JSON following ``cls``'s strict schema."""
    schema = strict_schema(cls)
    return {"type": "json_schema", "name": schema_name(cls.__name__), "schema": schema, "strict": True}


def _tools_for_responses(tools: Any) -> Any:
    if isinstance(tools, Sequence) and not isinstance(tools, str):
        return [t.for_responses() if isinstance(t, FunctionTool) else t for t in tools]
    return tools


def parse_request(cls: type | None, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The ``create()`` arguments of a ``parse()`` call (a ``text`` given is kept and gets the
    ``format``; without a class, the arguments as they are)."""
    reject_stream(kwargs, "parse")
    request = dict(kwargs)
    if cls is not None:
        text = kwargs.get("text")
        base = {} if text is None or isinstance(text, NotGiven) else dict(to_json_value(text))
        if "format" in base:
            raise TypeError("give either text_format= or text={'format': ...}, not both")
        request["text"] = {**base, "format": text_format_for(cls)}
    if "tools" in request:
        request["tools"] = _tools_for_responses(request["tools"])
    return request


def stream_request(cls: type | None, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The ``create()`` arguments of a ``stream()`` call."""
    if "stream" in kwargs:
        raise TypeError("stream() always streams: leave out stream=")
    return {**parse_request(cls, kwargs), "stream": True}


_RETRIEVE_OPTIONS = frozenset(
    {"include", "include_obfuscation", "extra_headers", "extra_query", "extra_body", "timeout"}
)


def retrieve_request(response_id: str | None, starting_after: int | None, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The ``retrieve()`` arguments that stream the response ``response_id`` again."""
    if response_id is None:
        raise TypeError("starting_after= needs response_id=")
    extra = sorted(set(kwargs) - _RETRIEVE_OPTIONS)
    if extra:
        raise TypeError(f"response_id= streams an existing response: {', '.join(extra)} cannot be given with it")
    request = {"response_id": response_id, "stream": True, **kwargs}
    if starting_after is not None:
        request["starting_after"] = starting_after
    return request


class _Responses(Creates, Protocol):
    def retrieve(self, *args: Any, **kwargs: Any) -> Any: ...


class ParsedResponseOutputText(Delegate, Generic[T]):
    """An ``output_text`` part with ``parsed``: its text as an instance of the ``text_format``
    class (``None`` without one)."""

    __slots__ = ("parsed", "part")
    _wrapped_attr = "part"

    def __init__(self, part: Any, parsed: T | None) -> None:
        self.part = part
        self.parsed = parsed

    def __repr__(self) -> str:
        return f"ParsedResponseOutputText(parsed={self.parsed!r})"


class ParsedResponseOutputMessage(Delegate):
    """A ``message`` output item whose ``output_text`` parts are :class:`ParsedResponseOutputText`."""

    __slots__ = ("content", "item")
    _wrapped_attr = "item"

    def __init__(self, item: Any, content: list[Any]) -> None:
        self.item = item
        self.content = content

    def __repr__(self) -> str:
        return f"ParsedResponseOutputMessage(id={field(self.item, 'id')!r}, content={self.content!r})"


class ParsedResponseFunctionToolCall(Delegate):
    """A ``function_call`` output item with ``parsed_arguments`` (see
    :class:`~openai_core.helpers.chat.ParsedFunction`)."""

    __slots__ = ("item", "parsed_arguments")
    _wrapped_attr = "item"

    def __init__(self, item: Any, parsed_arguments: Any) -> None:
        self.item = item
        self.parsed_arguments = parsed_arguments

    def __repr__(self) -> str:
        name = field(self.item, "name")
        return f"ParsedResponseFunctionToolCall(name={name!r}, parsed_arguments={self.parsed_arguments!r})"


class ParsedResponse(_ResponseBase, Generic[T]):
    """The result of ``responses.parse()``: the response with its parsed answer.

    ``output_parsed`` is the instance of the requested class (``None`` when the model answered
    with function calls only); ``output_text`` the JSON it came from; ``output`` the output
    items, messages with ``parsed`` on their ``output_text`` parts and function calls with
    ``parsed_arguments``; ``response`` the response as the API returned it, and every other
    attribute (``id``, ``usage``, ``_request_id``, ...) is read from it.
    """

    __slots__ = ("output", "output_parsed", "response")
    _wrapped_attr = "response"

    def __init__(self, response: Response, output_parsed: T | None, output: list[Any]) -> None:
        self.response = response
        self.output_parsed = output_parsed
        self.output = output

    @property
    def output_text(self) -> str:
        return output_text(self.response)

    def __repr__(self) -> str:
        return f"ParsedResponse(id={field(self.response, 'id')!r}, output_parsed={self.output_parsed!r})"


def _parsed_output(response: Any, cls: type[T] | None, parsed: T | None, tools: Any) -> list[Any]:
    """The output items wrapped: ``parsed`` on text parts (the one parsed answer when there is
    a single text part; each part's own decoding, or ``None``, when there are several), and
    ``parsed_arguments`` on function calls."""
    items = field(response, "output") or []
    texts = sum(
        1
        for item in items
        if field(item, "type") == "message"
        for part in field(item, "content") or []
        if field(part, "type") == "output_text"
    )
    out: list[Any] = []
    for item in items:
        kind = field(item, "type")
        if kind == "function_call":
            name = field(item, "name")
            try:
                arguments = parse_arguments(tools, name, field(item, "arguments"))
            except ValueError as exc:
                message = f"The arguments of the call to {name!r} do not fit: {exc}"
                raise OutputValidationError(message, response) from None
            out.append(ParsedResponseFunctionToolCall(item, arguments))
        elif kind == "message" and not isinstance(item, Mapping):
            content = []
            for part in field(item, "content") or []:
                if field(part, "type") != "output_text":
                    content.append(part)
                    continue
                value = parsed if texts == 1 else None
                if cls is not None and texts > 1:
                    with contextlib.suppress(OutputValidationError):
                        value = decode(cls, field(part, "text") or "", response)
                content.append(ParsedResponseOutputText(part, value))
            out.append(ParsedResponseOutputMessage(item, content))
        else:
            out.append(item)
    return out


def parse_response(response: Response, cls: type[T] | None, tools: Any = None) -> ParsedResponse[T]:
    """Parse the response's output text into ``cls`` (without a class: ``output_parsed`` is
    ``None``), and the arguments of its calls to the strict function ``tools``.

    With a class, raises :class:`LengthFinishReasonError` (incomplete: ``max_output_tokens``),
    :class:`ContentFilterFinishReasonError` (incomplete: ``content_filter``), :class:`RefusalError` (a
    refusal part) or :class:`OutputValidationError` (no JSON, or JSON that does not fit);
    arguments that do not fit their tool raise :class:`OutputValidationError` too.
    """
    parsed: T | None = None
    if cls is not None:
        parsed = _parse_text(response, cls)
    return ParsedResponse(response, parsed, _parsed_output(response, cls, parsed, tools))


def _parse_text(response: Response, cls: type[T]) -> T | None:
    reason = field(field(response, "incomplete_details"), "reason")
    if reason == "content_filter":
        raise ContentFilterFinishReasonError(
            "The content filter stopped the answer (incomplete: content_filter).", response
        )
    if field(response, "status") == "incomplete" or reason is not None:
        raise LengthFinishReasonError(
            f"The answer is incomplete ({reason or 'no reason given'}); its JSON is unfinished.", response
        )
    output = field(response, "output") or []
    for item in output:
        if field(item, "type") == "message":
            for part in field(item, "content") or []:
                if field(part, "type") == "refusal":
                    raise RefusalError(str(field(part, "refusal")), response)
    text = output_text(response)
    if text:
        return decode(cls, text, response)
    if any(field(item, "type") == "function_call" for item in output):
        return None
    raise OutputValidationError("The response has no output text to parse.", response)


# ---- the tool runner -------------------------------------------------------------------------


@attrs.frozen
class ResponsesToolRun:
    """The result of ``responses.run_tools()``.

    ``response`` is the model's final response; ``input`` the whole transcript of items: the
    input given (a string becomes a user message), then each response's output items and the
    ``function_call_output`` items that answered them, as dicts; ``rounds`` the number of
    requests made.
    """

    response: Response
    input: list[Any]
    rounds: int

    @property
    def output_text(self) -> str:
        """The text of the final response."""
        return output_text(self.response)


class ResponsesToolLoop(ToolLoop):
    """Responses: the transcript is ``input``; tool outputs are ``function_call_output`` items."""

    def __init__(
        self,
        *,
        input: str | Sequence[Any] | None,
        tools: Sequence[Any],
        max_rounds: int,
        kwargs: dict[str, Any],
        blocking: bool,
    ) -> None:
        super().__init__(tools=tools, max_rounds=max_rounds, kwargs=kwargs, blocking=blocking)
        if isinstance(input, str):
            self.items: list[Any] = [{"role": "user", "content": input}]
        else:
            self.items = [] if input is None or isinstance(input, NotGiven) else list(input)
        self.tools = _tools_for_responses(tools)

    def request(self) -> dict[str, Any]:
        return {**self.kwargs, "input": list(self.items), "tools": self.tools}

    def record_answer(self, answer: Any) -> list[ToolCall]:
        calls = []
        for item in field(answer, "output") or []:
            self.items.append(as_dict(item))
            kind = field(item, "type")
            if kind == "function_call":
                calls.append(self.call(field(item, "call_id"), field(item, "name"), field(item, "arguments") or ""))
        return calls

    def record_outputs(self, calls: Sequence[ToolCall], outputs: Sequence[str]) -> None:
        for call, output in zip(calls, outputs, strict=True):
            self.items.append({"type": "function_call_output", "call_id": call.id, "output": output})

    def result(self) -> ResponsesToolRun:
        return ResponsesToolRun(response=self.last, input=list(self.items), rounds=self.rounds)


# ---- the mixins ------------------------------------------------------------------------------


class ResponsesHelpers:
    """``parse()``, ``stream()``, ``run_tools()`` and ``connect()`` of ``client.responses``."""

    _client: Any

    def connect(
        self,
        *,
        extra_query: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str | None] | None = None,
        websocket_connection_options: Mapping[str, Any] | None = None,
        on_reconnecting: OnReconnecting | None = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_queue_size: int = 1_048_576,
    ) -> ResponsesConnection:
        """Open the Responses API over a WebSocket: ``with client.responses.connect() as conn:``,
        then ``conn.response.create(model=..., input=...)`` and iterate the typed events. With
        ``on_reconnecting``, a connection that drops is opened again (the SDK's reconnection)."""
        from .._realtime import connect_responses, reconnection

        state = reconnection(
            extra_query,
            extra_headers,
            websocket_connection_options,
            on_reconnecting,
            max_retries,
            initial_delay,
            max_delay,
            max_queue_size,
        )
        return connect_responses(self._client, state)

    @overload
    def parse(self: Creates, *, text_format: type[T], **kwargs: Unpack[ResponsesCreateKwargs]) -> ParsedResponse[T]: ...
    @overload
    def parse(
        self: Creates, *, text_format: None = None, **kwargs: Unpack[ResponsesCreateKwargs]
    ) -> ParsedResponse[None]: ...
    def parse(
        self: Creates, *, text_format: type[T] | None = None, **kwargs: Unpack[ResponsesCreateKwargs]
    ) -> ParsedResponse[T] | ParsedResponse[None]:
        """Ask for JSON that follows ``text_format`` (an attrs class, a dataclass or a pydantic
        model) and parse the answer into it: ``result.output_parsed``; calls to strict function
        ``tools`` come with ``parsed_arguments`` on their output items.

        Takes the keyword arguments of ``create()`` (not ``stream``; a ``text`` given keeps its
        other settings). Raises :class:`~openai_core.RefusalError`,
        :class:`~openai_core.LengthFinishReasonError`, :class:`~openai_core.ContentFilterFinishReasonError` or
        :class:`~openai_core.OutputValidationError`.
        """
        tools = kwargs.get("tools")
        reply = self.create(**parse_request(text_format, dict(kwargs)))
        return map_result(reply, lambda r: parse_response(r, text_format, tools))

    @overload
    def stream(
        self: _Responses,
        *,
        text_format: type[T],
        response_id: str | None = None,
        starting_after: int | None = None,
        **kwargs: Unpack[ResponsesCreateKwargs],
    ) -> ResponseStreamManager[T]: ...
    @overload
    def stream(
        self: _Responses,
        *,
        text_format: None = None,
        response_id: str | None = None,
        starting_after: int | None = None,
        **kwargs: Unpack[ResponsesCreateKwargs],
    ) -> ResponseStreamManager[None]: ...
    def stream(
        self: _Responses,
        *,
        text_format: type[T] | None = None,
        response_id: str | None = None,
        starting_after: int | None = None,
        **kwargs: Unpack[ResponsesCreateKwargs],
    ) -> ResponseStreamManager[T] | ResponseStreamManager[None]:
        """Stream a response with derived events: ``with client.responses.stream(...) as stream:``.

        The events are the API's, with ``snapshot`` on text and argument deltas and ``parsed``
        on ``response.output_text.done`` (see :mod:`openai_core.helpers.streams`);
        ``stream.get_final_response()`` is the final response, parsed into ``text_format`` as by
        :meth:`parse`. Takes the keyword arguments of ``create()``; or ``response_id`` (and
        ``starting_after``) to stream a background response again. The request is sent on
        ``with``.
        """
        from .streams import ResponseStream, ResponseStreamManager, ResponseStreamState

        state: ResponseStreamState[T] = ResponseStreamState(text_format=text_format, input_tools=kwargs.get("tools"))
        if response_id is not None or starting_after is not None:
            retrieve = retrieve_request(response_id, starting_after, dict(kwargs))
            return ResponseStreamManager(lambda: ResponseStream(self.retrieve(**retrieve), state))
        request = stream_request(text_format, dict(kwargs))
        return ResponseStreamManager(lambda: ResponseStream(self.create(**request), state))

    def run_tools(
        self: Creates,
        *,
        max_rounds: int = 10,
        **kwargs: Unpack[ResponsesCreateKwargs],
    ) -> ResponsesToolRun:
        """Call the model, run the function calls it makes, send their outputs back as
        ``function_call_output`` items, and repeat until it answers without function calls (at
        most ``max_rounds`` requests; then :class:`~openai_core.ToolRoundsExceededError`).

        The transcript is sent in full each time (no ``previous_response_id``). See
        ``chat.completions.run_tools`` for the tools and errors.
        """
        loop = _tool_loop(max_rounds, dict(kwargs), blocking=True)
        calls = loop.feed(self.create(**loop.request()))
        while calls:
            loop.record_outputs(calls, [call.run() for call in calls])
            calls = loop.feed(self.create(**loop.request()))
        return loop.result()


class AsyncResponsesHelpers:
    """``parse()``, ``stream()``, ``run_tools()`` and ``connect()`` of ``AsyncClient.responses``."""

    _client: Any

    def connect(
        self,
        *,
        extra_query: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str | None] | None = None,
        websocket_connection_options: Mapping[str, Any] | None = None,
        on_reconnecting: OnReconnecting | None = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_queue_size: int = 1_048_576,
    ) -> AsyncConnecting[AsyncResponsesConnection]:
        """See :meth:`ResponsesHelpers.connect`: ``async with client.responses.connect() as conn:``."""
        from .._realtime import aconnect_responses, reconnection

        state = reconnection(
            extra_query,
            extra_headers,
            websocket_connection_options,
            on_reconnecting,
            max_retries,
            initial_delay,
            max_delay,
            max_queue_size,
        )
        return aconnect_responses(self._client, state)

    @overload
    async def parse(
        self: Creates, *, text_format: type[T], **kwargs: Unpack[ResponsesCreateKwargs]
    ) -> ParsedResponse[T]: ...
    @overload
    async def parse(
        self: Creates, *, text_format: None = None, **kwargs: Unpack[ResponsesCreateKwargs]
    ) -> ParsedResponse[None]: ...
    async def parse(
        self: Creates, *, text_format: type[T] | None = None, **kwargs: Unpack[ResponsesCreateKwargs]
    ) -> ParsedResponse[T] | ParsedResponse[None]:
        """See :meth:`ResponsesHelpers.parse`."""
        tools = kwargs.get("tools")
        reply = await self.create(**parse_request(text_format, dict(kwargs)))
        return map_result(reply, lambda r: parse_response(r, text_format, tools))

    @overload
    def stream(
        self: _Responses,
        *,
        text_format: type[T],
        response_id: str | None = None,
        starting_after: int | None = None,
        **kwargs: Unpack[ResponsesCreateKwargs],
    ) -> AsyncResponseStreamManager[T]: ...
    @overload
    def stream(
        self: _Responses,
        *,
        text_format: None = None,
        response_id: str | None = None,
        starting_after: int | None = None,
        **kwargs: Unpack[ResponsesCreateKwargs],
    ) -> AsyncResponseStreamManager[None]: ...
    def stream(
        self: _Responses,
        *,
        text_format: type[T] | None = None,
        response_id: str | None = None,
        starting_after: int | None = None,
        **kwargs: Unpack[ResponsesCreateKwargs],
    ) -> AsyncResponseStreamManager[T] | AsyncResponseStreamManager[None]:
        """See :meth:`ResponsesHelpers.stream`: ``async with client.responses.stream(...) as stream:``."""
        from .streams import AsyncResponseStream, AsyncResponseStreamManager, ResponseStreamState

        state: ResponseStreamState[T] = ResponseStreamState(text_format=text_format, input_tools=kwargs.get("tools"))
        if response_id is not None or starting_after is not None:
            retrieve = retrieve_request(response_id, starting_after, dict(kwargs))

            async def reopen() -> AsyncResponseStream[T]:
                return AsyncResponseStream(await self.retrieve(**retrieve), state)

            return AsyncResponseStreamManager(reopen)
        request = stream_request(text_format, dict(kwargs))

        async def open_stream() -> AsyncResponseStream[T]:
            return AsyncResponseStream(await self.create(**request), state)

        return AsyncResponseStreamManager(open_stream)

    async def run_tools(
        self: Creates,
        *,
        max_rounds: int = 10,
        **kwargs: Unpack[ResponsesCreateKwargs],
    ) -> ResponsesToolRun:
        """See :meth:`ResponsesHelpers.run_tools`; the calls of one response run concurrently."""
        loop = _tool_loop(max_rounds, dict(kwargs), blocking=False)
        calls = loop.feed(await self.create(**loop.request()))
        while calls:
            loop.record_outputs(calls, await run_concurrently(calls))
            calls = loop.feed(await self.create(**loop.request()))
        return loop.result()


def _tool_loop(max_rounds: int, kwargs: dict[str, Any], *, blocking: bool) -> ResponsesToolLoop:
    """The loop of a ``run_tools()`` call, from its keyword arguments."""
    items, tools = kwargs.pop("input", None), kwargs.pop("tools", ())
    return ResponsesToolLoop(input=items, tools=tools, max_rounds=max_rounds, kwargs=kwargs, blocking=blocking)
