"""``client.responses.parse()``, ``.stream()`` and ``.run_tools()``.

As for chat: the logic is pure, and the two mixins at the bottom only call ``self.create(...)``
with or without ``await``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

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
    from .._realtime import AsyncConnecting, AsyncResponsesConnection, OnReconnecting, ResponsesConnection
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
TextFormatT = TypeVar("TextFormatT")
"""The class a ``parse()`` or ``stream()`` call parses into (its ``text_format``)."""


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
    """``connect()`` of ``client.responses``, and the logic of ``parse()``, ``stream()`` and
    ``run_tools()`` (their signatures, ``create()``'s parameters, are generated on the resource)."""

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

    def _parse(self: Creates, args: dict[str, Any], *, text_format: Any, verbosity: Any) -> ParsedResponse[Any]:
        fmt = _format(text_format)
        tools = args.get("tools")
        reply = self.create(**parse_request(fmt, _with_verbosity(args, verbosity)))
        return map_result(reply, lambda r: parse_response(r, fmt, tools))

    def _stream(
        self: _Responses, args: dict[str, Any], *, response_id: Any, text_format: Any, starting_after: Any
    ) -> ResponseStreamManager[Any]:
        from .streams import ResponseStream, ResponseStreamManager, ResponseStreamState

        fmt = _format(text_format)
        state: ResponseStreamState[Any] = ResponseStreamState(text_format=fmt, input_tools=args.get("tools"))
        if not isinstance(response_id, NotGiven) or not isinstance(starting_after, NotGiven):
            retrieve = retrieve_request(_format(response_id), _format(starting_after), args)
            return ResponseStreamManager(lambda: ResponseStream(self.retrieve(**retrieve), state))
        request = stream_request(fmt, args)
        return ResponseStreamManager(lambda: ResponseStream(self.create(**request), state))

    def _run_tools(self: Creates, args: dict[str, Any], *, max_rounds: int) -> ResponsesToolRun:
        loop = _tool_loop(max_rounds, args, blocking=True)
        calls = loop.feed(self.create(**loop.request()))
        while calls:
            loop.record_outputs(calls, [call.run() for call in calls])
            calls = loop.feed(self.create(**loop.request()))
        return loop.result()


class AsyncResponsesHelpers:
    """``connect()`` of ``AsyncClient.responses``, and the logic of its ``parse()``, ``stream()``
    and ``run_tools()``."""

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

    async def _parse(self: Creates, args: dict[str, Any], *, text_format: Any, verbosity: Any) -> ParsedResponse[Any]:
        fmt = _format(text_format)
        tools = args.get("tools")
        reply = await self.create(**parse_request(fmt, _with_verbosity(args, verbosity)))
        return map_result(reply, lambda r: parse_response(r, fmt, tools))

    def _stream(
        self: _Responses, args: dict[str, Any], *, response_id: Any, text_format: Any, starting_after: Any
    ) -> AsyncResponseStreamManager[Any]:
        from .streams import AsyncResponseStream, AsyncResponseStreamManager, ResponseStreamState

        fmt = _format(text_format)
        state: ResponseStreamState[Any] = ResponseStreamState(text_format=fmt, input_tools=args.get("tools"))
        if not isinstance(response_id, NotGiven) or not isinstance(starting_after, NotGiven):
            retrieve = retrieve_request(_format(response_id), _format(starting_after), args)

            async def reopen() -> AsyncResponseStream[Any]:
                return AsyncResponseStream(await self.retrieve(**retrieve), state)

            return AsyncResponseStreamManager(reopen)
        request = stream_request(fmt, args)

        async def open_stream() -> AsyncResponseStream[Any]:
            return AsyncResponseStream(await self.create(**request), state)

        return AsyncResponseStreamManager(open_stream)

    async def _run_tools(self: Creates, args: dict[str, Any], *, max_rounds: int) -> ResponsesToolRun:
        loop = _tool_loop(max_rounds, args, blocking=False)
        calls = loop.feed(await self.create(**loop.request()))
        while calls:
            loop.record_outputs(calls, await run_concurrently(calls))
            calls = loop.feed(await self.create(**loop.request()))
        return loop.result()


def _with_verbosity(args: dict[str, Any], verbosity: Any) -> dict[str, Any]:
    """``parse()``'s ``verbosity`` (not a ``create()`` parameter) goes in the body as it is."""
    if isinstance(verbosity, NotGiven):
        return args
    return {**args, "extra_body": {"verbosity": verbosity, **(args.get("extra_body") or {})}}


def _format(value: Any) -> Any:
    """``value``, or ``None`` for ``NOT_GIVEN``."""
    return None if isinstance(value, NotGiven) else value


def _tool_loop(max_rounds: int, kwargs: dict[str, Any], *, blocking: bool) -> ResponsesToolLoop:
    """The loop of a ``run_tools()`` call, from its keyword arguments."""
    items, tools = kwargs.pop("input", None), kwargs.pop("tools", ())
    return ResponsesToolLoop(input=items, tools=tools, max_rounds=max_rounds, kwargs=kwargs, blocking=blocking)
