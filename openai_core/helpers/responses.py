"""``client.responses.parse()`` and ``.run_tools()``.

As for chat: the logic is pure, and the two mixins at the bottom only call ``self.create(...)``
with or without ``await``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from .._models import to_json_value
from .._types import NotGiven
from ._errors import ContentFilterError, OutputTruncatedError, OutputValidationError, RefusalError
from ._parsed import Delegate, decode
from ._schema import schema_name, strict_schema
from .tools import Creates, FunctionTool, ToolCall, ToolLoop, as_dict, field, reject_stream, run_concurrently

if TYPE_CHECKING:
    from ..types.responses import Response

    _ResponseBase = Response  # checkers see the wrapped response's fields
else:
    _ResponseBase = Delegate

__all__ = [
    "AsyncResponsesHelpers",
    "ParsedResponse",
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


def parse_request(cls: type, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The ``create()`` arguments of a ``parse()`` call (a ``text`` given is kept, its
    ``format`` replaced)."""
    reject_stream(kwargs, "parse")
    text = kwargs.get("text")
    base = {} if text is None or isinstance(text, NotGiven) else dict(to_json_value(text))
    request = {**kwargs, "text": {**base, "format": text_format_for(cls)}}
    if "tools" in request:
        request["tools"] = _tools_for_responses(request["tools"])
    return request


def output_text(response: Any) -> str:
    """The text of every ``output_text`` part of the response's messages, joined."""
    texts = []
    for item in field(response, "output") or []:
        if field(item, "type") == "message":
            for part in field(item, "content") or []:
                if field(part, "type") == "output_text" and isinstance(field(part, "text"), str):
                    texts.append(field(part, "text"))
    return "".join(texts)


class ParsedResponse(_ResponseBase, Generic[T]):
    """The result of ``responses.parse()``: the response with its parsed answer.

    ``output_parsed`` is the instance of the requested class (``None`` when the model answered
    with function calls only); ``output_text`` the JSON it came from; ``response`` the response
    as the API returned it, and every other attribute (``id``, ``output``, ``usage``,
    ``_request_id``, ...) is read from it.
    """

    __slots__ = ("output_parsed", "response")
    _wrapped_attr = "response"

    def __init__(self, response: Response, output_parsed: T | None) -> None:
        self.response = response
        self.output_parsed = output_parsed

    @property
    def output_text(self) -> str:  # type: ignore[override]  # the joined text, never None here
        return output_text(self.response)

    def __repr__(self) -> str:
        return f"ParsedResponse(id={field(self.response, 'id')!r}, output_parsed={self.output_parsed!r})"


def parse_response(response: Response, cls: type[T]) -> ParsedResponse[T]:
    """Parse the response's output text into ``cls``.

    Raises :class:`OutputTruncatedError` (incomplete: ``max_output_tokens``),
    :class:`ContentFilterError` (incomplete: ``content_filter``), :class:`RefusalError` (a
    refusal part) or :class:`OutputValidationError` (no JSON, or JSON that does not fit).
    """
    reason = field(field(response, "incomplete_details"), "reason")
    if reason == "content_filter":
        raise ContentFilterError("The content filter stopped the answer (incomplete: content_filter).", response)
    if field(response, "status") == "incomplete" or reason is not None:
        raise OutputTruncatedError(
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
        return ParsedResponse(response, decode(cls, text, response))
    if any(field(item, "type") == "function_call" for item in output):
        return ParsedResponse(response, None)
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
    """``parse()`` and ``run_tools()`` of ``client.responses``."""

    def parse(self: Creates, *, text_format: type[T], **kwargs: Any) -> ParsedResponse[T]:
        """Ask for JSON that follows ``text_format`` (an attrs class or a dataclass) and parse
        the answer into it: ``result.output_parsed``.

        Takes the keyword arguments of ``create()`` (not ``stream``; a ``text`` given keeps its
        other settings). Raises :class:`~openai_core.RefusalError`,
        :class:`~openai_core.OutputTruncatedError`, :class:`~openai_core.ContentFilterError` or
        :class:`~openai_core.OutputValidationError`.
        """
        return parse_response(self.create(**parse_request(text_format, kwargs)), text_format)

    def run_tools(
        self: Creates,
        *,
        model: str,
        input: str | Sequence[Any],
        tools: Sequence[FunctionTool[Any] | Mapping[str, Any]],
        max_rounds: int = 10,
        **kwargs: Any,
    ) -> ResponsesToolRun:
        """Call the model, run the function calls it makes, send their outputs back as
        ``function_call_output`` items, and repeat until it answers without function calls (at
        most ``max_rounds`` requests; then :class:`~openai_core.ToolRoundsExceededError`).

        The transcript is sent in full each time (no ``previous_response_id``). See
        ``chat.completions.run_tools`` for the tools and errors.
        """
        loop = ResponsesToolLoop(
            input=input, tools=tools, max_rounds=max_rounds, kwargs={"model": model, **kwargs}, blocking=True
        )
        calls = loop.feed(self.create(**loop.request()))
        while calls:
            loop.record_outputs(calls, [call.run() for call in calls])
            calls = loop.feed(self.create(**loop.request()))
        return loop.result()


class AsyncResponsesHelpers:
    """``parse()`` and ``run_tools()`` of ``AsyncClient.responses``."""

    async def parse(self: Creates, *, text_format: type[T], **kwargs: Any) -> ParsedResponse[T]:
        """See :meth:`ResponsesHelpers.parse`."""
        return parse_response(await self.create(**parse_request(text_format, kwargs)), text_format)

    async def run_tools(
        self: Creates,
        *,
        model: str,
        input: str | Sequence[Any],
        tools: Sequence[FunctionTool[Any] | Mapping[str, Any]],
        max_rounds: int = 10,
        **kwargs: Any,
    ) -> ResponsesToolRun:
        """See :meth:`ResponsesHelpers.run_tools`; the calls of one response run concurrently."""
        loop = ResponsesToolLoop(
            input=input, tools=tools, max_rounds=max_rounds, kwargs={"model": model, **kwargs}, blocking=False
        )
        calls = loop.feed(await self.create(**loop.request()))
        while calls:
            loop.record_outputs(calls, await run_concurrently(calls))
            calls = loop.feed(await self.create(**loop.request()))
        return loop.result()
