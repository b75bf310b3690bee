"""``client.chat.completions.parse()`` and ``.run_tools()``.

The logic is pure (building the request, reading the answer, the tool loop's transcript); the
two mixins at the bottom only call ``self.create(...)`` with or without ``await``, so every
per-request option (``extra_headers``, ``timeout``, ``with_options(...)``) works as for
``create``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from ._errors import ContentFilterError, OutputTruncatedError, OutputValidationError, RefusalError
from ._parsed import Delegate, decode
from ._schema import schema_name, strict_schema
from .tools import Creates, FunctionTool, ToolCall, ToolLoop, as_dict, field, reject_stream, run_concurrently

if TYPE_CHECKING:
    from ..types.chat import (
        ChatCompletion,
        ChatCompletionMessage,
        CreateChatCompletionResponseChoices,
    )

    # Checkers see a parsed result as the type it wraps; at runtime Delegate reads through.
    _MessageBase = ChatCompletionMessage
    _ChoiceBase = CreateChatCompletionResponseChoices
    _CompletionBase = ChatCompletion
else:
    _MessageBase = _ChoiceBase = _CompletionBase = Delegate

__all__ = [
    "AsyncCompletionsHelpers",
    "ChatToolLoop",
    "ChatToolRun",
    "CompletionsHelpers",
    "ParsedChatCompletion",
    "ParsedChoice",
    "ParsedMessage",
    "parse_completion",
    "parse_request",
    "response_format_for",
]

T = TypeVar("T")


# ---- structured outputs ----------------------------------------------------------------------


def response_format_for(cls: type) -> dict[str, Any]:
    """The ``response_format`` that asks for JSON following ``cls``'s strict schema."""
    schema = strict_schema(cls)
    return {"type": "json_schema", "json_schema": {"name": schema_name(cls.__name__), "schema": schema, "strict": True}}


def _tools_for_chat(tools: Any) -> Any:
    if isinstance(tools, Sequence) and not isinstance(tools, str):
        return [t.for_chat() if isinstance(t, FunctionTool) else t for t in tools]
    return tools


def parse_request(cls: type, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The ``create()`` arguments of a ``parse()`` call."""
    reject_stream(kwargs, "parse")
    request = {**kwargs, "response_format": response_format_for(cls)}
    if "tools" in request:
        request["tools"] = _tools_for_chat(request["tools"])
    return request


class ParsedMessage(_MessageBase, Generic[T]):
    """The assistant message with ``parsed``, the instance of the requested class (``None``
    when the model answered with tool calls instead). Other attributes (``content``,
    ``tool_calls``, ...) are those of ``message``, the message as the API returned it."""

    __slots__ = ("message", "parsed")
    _wrapped_attr = "message"

    def __init__(self, message: ChatCompletionMessage, parsed: T | None) -> None:
        self.message = message
        self.parsed = parsed

    def __repr__(self) -> str:
        return f"ParsedMessage(parsed={self.parsed!r}, message={self.message!r})"


class ParsedChoice(_ChoiceBase, Generic[T]):
    """A choice whose ``message`` is a :class:`ParsedMessage`; ``finish_reason``, ``index``,
    ... are those of ``choice``, the choice as the API returned it."""

    __slots__ = ("choice", "message")
    _wrapped_attr = "choice"
    message: ParsedMessage[T]

    def __init__(self, choice: CreateChatCompletionResponseChoices, message: ParsedMessage[T]) -> None:
        self.choice = choice
        self.message = message

    def __repr__(self) -> str:
        return f"ParsedChoice(message={self.message!r})"


class ParsedChatCompletion(_CompletionBase, Generic[T]):
    """The result of ``chat.completions.parse()``: the completion with its parsed answer.

    ``parsed`` is the first choice's instance (``choices[0].message.parsed``); ``choices``
    holds a :class:`ParsedChoice` per choice; ``completion`` is the completion as the API
    returned it, and every other attribute (``id``, ``usage``, ``_request_id``, ``to_dict()``,
    ...) is read from it.
    """

    __slots__ = ("choices", "completion")
    _wrapped_attr = "completion"
    choices: list[ParsedChoice[T]]  # type: ignore[assignment]  # each one a ParsedChoice

    def __init__(self, completion: ChatCompletion, choices: list[ParsedChoice[T]]) -> None:
        self.completion = completion
        self.choices = choices

    @property
    def parsed(self) -> T | None:
        return self.choices[0].message.parsed if self.choices else None

    def __repr__(self) -> str:
        return f"ParsedChatCompletion(id={field(self.completion, 'id')!r}, parsed={self.parsed!r})"


def parse_completion(completion: ChatCompletion, cls: type[T]) -> ParsedChatCompletion[T]:
    """Parse every choice of ``completion`` into ``cls``.

    Raises :class:`OutputTruncatedError` (``finish_reason == "length"``),
    :class:`ContentFilterError` (``"content_filter"``), :class:`RefusalError` (a refusal) or
    :class:`OutputValidationError` (no JSON, or JSON that does not fit ``cls``).
    """
    choices: list[ParsedChoice[T]] = []
    for choice in field(completion, "choices") or []:
        reason = field(choice, "finish_reason")
        message = field(choice, "message")
        if reason == "length":
            raise OutputTruncatedError(
                "The answer was cut by the token limit (finish_reason 'length'); its JSON is incomplete.", completion
            )
        if reason == "content_filter":
            raise ContentFilterError(
                "The content filter stopped the answer (finish_reason 'content_filter').", completion
            )
        refusal = field(message, "refusal")
        if refusal:
            raise RefusalError(refusal, completion)
        content = field(message, "content")
        parsed: T | None = None
        if isinstance(content, str) and content:
            parsed = decode(cls, content, completion)
        elif not field(message, "tool_calls"):
            raise OutputValidationError("The answer has no content to parse.", completion)
        choices.append(ParsedChoice(choice, ParsedMessage(message, parsed)))
    if not choices:
        raise OutputValidationError("The completion has no choices.", completion)
    return ParsedChatCompletion(completion, choices)


# ---- the tool runner -------------------------------------------------------------------------


@attrs.frozen
class ChatToolRun:
    """The result of ``chat.completions.run_tools()``.

    ``completion`` is the model's final answer; ``messages`` the whole transcript: the messages
    given, then each assistant message (with its ``tool_calls``) and the ``tool`` messages that
    answered it, as dicts; ``rounds`` the number of requests made.
    """

    completion: ChatCompletion
    messages: list[Any]
    rounds: int

    @property
    def content(self) -> str | None:
        """The text of the final answer (first choice)."""
        choices = field(self.completion, "choices") or []
        return field(field(choices[0], "message"), "content") if choices else None


class ChatToolLoop(ToolLoop):
    """Chat Completions: the transcript is ``messages``; tool outputs are ``tool`` messages."""

    def __init__(
        self,
        *,
        messages: Sequence[Any],
        tools: Sequence[Any],
        max_rounds: int,
        kwargs: dict[str, Any],
        blocking: bool,
    ) -> None:
        super().__init__(tools=tools, max_rounds=max_rounds, kwargs=kwargs, blocking=blocking)
        self.messages: list[Any] = list(messages)
        self.tools = _tools_for_chat(tools)

    def request(self) -> dict[str, Any]:
        return {**self.kwargs, "messages": list(self.messages), "tools": self.tools}

    def record_answer(self, answer: Any) -> list[ToolCall]:
        choices = field(answer, "choices") or []
        if not choices:
            return []
        message = field(choices[0], "message")
        tool_calls = field(message, "tool_calls") or []
        entry: dict[str, Any] = {"role": "assistant", "content": field(message, "content")}
        if field(message, "refusal"):
            entry["refusal"] = field(message, "refusal")
        if tool_calls:
            entry["tool_calls"] = [as_dict(c) for c in tool_calls]
        self.messages.append(entry)
        calls = []
        for c in tool_calls:
            function = field(c, "function")
            if field(c, "type") == "function" and function is not None:
                calls.append(self.call(field(c, "id"), field(function, "name"), field(function, "arguments") or ""))
            else:  # a custom tool call: answered, so that the transcript stays valid
                calls.append(self.call(field(c, "id"), str(field(field(c, "custom"), "name")), ""))
        return calls

    def record_outputs(self, calls: Sequence[ToolCall], outputs: Sequence[str]) -> None:
        for call, output in zip(calls, outputs, strict=True):
            self.messages.append({"role": "tool", "tool_call_id": call.id, "content": output})

    def result(self) -> ChatToolRun:
        return ChatToolRun(completion=self.last, messages=list(self.messages), rounds=self.rounds)


# ---- the mixins ------------------------------------------------------------------------------


class CompletionsHelpers:
    """``parse()`` and ``run_tools()`` of ``client.chat.completions``."""

    def parse(
        self: Creates,
        *,
        model: str,
        messages: Sequence[Any],
        response_format: type[T],
        **kwargs: Any,
    ) -> ParsedChatCompletion[T]:
        """Ask for JSON that follows ``response_format`` (an attrs class or a dataclass) and
        parse the answer into it: ``result.parsed`` / ``result.choices[0].message.parsed``.

        Takes the keyword arguments of ``create()`` (not ``stream``). Raises
        :class:`~openai_core.RefusalError`, :class:`~openai_core.OutputTruncatedError`,
        :class:`~openai_core.ContentFilterError` or :class:`~openai_core.OutputValidationError`.
        """
        request = parse_request(response_format, {"model": model, "messages": messages, **kwargs})
        return parse_completion(self.create(**request), response_format)

    def run_tools(
        self: Creates,
        *,
        model: str,
        messages: Sequence[Any],
        tools: Sequence[FunctionTool[Any] | Mapping[str, Any]],
        max_rounds: int = 10,
        **kwargs: Any,
    ) -> ChatToolRun:
        """Call the model, run the tools it asks for, send their outputs back, and repeat until
        it answers without tool calls (at most ``max_rounds`` requests; then
        :class:`~openai_core.ToolRoundsExceededError`).

        ``tools`` are :func:`~openai_core.function_tool` objects (other tool definitions are
        sent but cannot be run: a call to them gets an error as its output). A tool that raises
        sends ``Error: <class>: <message>`` to the model. Calls run one after the other here;
        ``AsyncClient`` runs them concurrently. Takes the keyword arguments of ``create()``.
        """
        loop = ChatToolLoop(
            messages=messages, tools=tools, max_rounds=max_rounds, kwargs={"model": model, **kwargs}, blocking=True
        )
        calls = loop.feed(self.create(**loop.request()))
        while calls:
            loop.record_outputs(calls, [call.run() for call in calls])
            calls = loop.feed(self.create(**loop.request()))
        return loop.result()


class AsyncCompletionsHelpers:
    """``parse()`` and ``run_tools()`` of ``AsyncClient.chat.completions``."""

    async def parse(
        self: Creates,
        *,
        model: str,
        messages: Sequence[Any],
        response_format: type[T],
        **kwargs: Any,
    ) -> ParsedChatCompletion[T]:
        """See :meth:`CompletionsHelpers.parse`."""
        request = parse_request(response_format, {"model": model, "messages": messages, **kwargs})
        return parse_completion(await self.create(**request), response_format)

    async def run_tools(
        self: Creates,
        *,
        model: str,
        messages: Sequence[Any],
        tools: Sequence[FunctionTool[Any] | Mapping[str, Any]],
        max_rounds: int = 10,
        **kwargs: Any,
    ) -> ChatToolRun:
        """See :meth:`CompletionsHelpers.run_tools`; the calls of one answer run concurrently
        (``async def`` tools awaited, the others in threads)."""
        loop = ChatToolLoop(
            messages=messages, tools=tools, max_rounds=max_rounds, kwargs={"model": model, **kwargs}, blocking=False
        )
        calls = loop.feed(await self.create(**loop.request()))
        while calls:
            loop.record_outputs(calls, await run_concurrently(calls))
            calls = loop.feed(await self.create(**loop.request()))
        return loop.result()
