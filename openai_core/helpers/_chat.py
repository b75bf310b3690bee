"""The logic of ``client.chat.completions.parse()``, ``.stream()`` and ``.run_tools()``: pure
(building the request, reading the answer, the tool loop's transcript). The mixins that call it
are in :mod:`openai_core.helpers.chat`, which also gives every name of this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Union

import attrs

from .._types import NotGiven
from ._errors import ContentFilterFinishReasonError, LengthFinishReasonError, OutputValidationError, RefusalError
from ._parsed import Delegate, decode
from ._schema import schema_name, strict_schema
from .tools import (
    FunctionTool,
    ToolCall,
    ToolLoop,
    as_dict,
    field,
    parse_arguments,
    reject_stream,
)

if TYPE_CHECKING:
    from typing_extensions import TypeAlias

    from ..types.chat import (
        ChatCompletion,
        ChatCompletionMessage,
        ChatCompletionMessageFunctionToolCall,
        CreateChatCompletionResponseChoices,
    )
    from ..types.shared import ChatCompletionMessageCustomToolCall, ChatCompletionMessageToolCallFunction
    from ..types.shared_params import (
        ResponseFormatJSONObjectParam,
        ResponseFormatJSONSchemaParam,
        ResponseFormatTextParam,
    )

    # Checkers see a parsed result as the type it wraps; at runtime Delegate reads through.
    _MessageBase = ChatCompletionMessage
    _ChoiceBase = CreateChatCompletionResponseChoices
    _CompletionBase = ChatCompletion
    _FunctionBase = ChatCompletionMessageToolCallFunction
    _ToolCallBase = ChatCompletionMessageFunctionToolCall
    ResponseFormatParam: TypeAlias = Union[
        ResponseFormatTextParam, ResponseFormatJSONSchemaParam, ResponseFormatJSONObjectParam
    ]
else:
    _MessageBase = _ChoiceBase = _CompletionBase = _FunctionBase = _ToolCallBase = Delegate

__all__ = [
    "ChatToolLoop",
    "ChatToolRun",
    "ParsedChatCompletion",
    "ParsedChoice",
    "ParsedFunction",
    "ParsedFunctionToolCall",
    "ParsedMessage",
    "parse_completion",
    "parse_request",
    "format_class",
    "response_format_for",
    "stream_request",
    "tool_loop",
]

T = TypeVar("T")
ResponseFormatT = TypeVar("ResponseFormatT")
"""The class a ``parse()`` or ``stream()`` call parses into (its ``response_format``)."""


# ---- structured outputs ----------------------------------------------------------------------


def response_format_for(cls: type) -> dict[str, Any]:
    """The ``response_format`` that asks for JSON following ``cls``'s strict schema."""
    schema = strict_schema(cls)
    return {"type": "json_schema", "json_schema": {"name": schema_name(cls.__name__), "schema": schema, "strict": True}}


def _tools_for_chat(tools: Any) -> Any:
    if isinstance(tools, Sequence) and not isinstance(tools, str):
        return [t.for_chat() if isinstance(t, FunctionTool) else t for t in tools]
    return tools


def parse_request(cls: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The ``create()`` arguments of a ``parse()`` call (``cls`` a class, or a
    ``response_format`` dict sent as it is)."""
    reject_stream(kwargs, "parse")
    request = dict(kwargs)
    if isinstance(cls, type):
        request["response_format"] = response_format_for(cls)
    elif cls is not None and not isinstance(cls, NotGiven):
        request["response_format"] = cls
    if "tools" in request:
        request["tools"] = _tools_for_chat(request["tools"])
    return request


class ParsedFunction(_FunctionBase):
    """A tool call's ``function`` with ``parsed_arguments``: an instance of the tool's class
    (:func:`~openai_core.pydantic_function_tool`, or :func:`~openai_core.function_tool` of a
    class), the decoded JSON for other strict tools, else ``None``."""

    __slots__ = ("function", "parsed_arguments")
    _wrapped_attr = "function"
    parsed_arguments: object

    def __init__(self, function: Any, parsed_arguments: Any) -> None:
        self.function = function
        self.parsed_arguments = parsed_arguments

    def __repr__(self) -> str:
        return f"ParsedFunction(name={field(self.function, 'name')!r}, parsed_arguments={self.parsed_arguments!r})"


class ParsedFunctionToolCall(_ToolCallBase):
    """A function tool call whose ``function`` is a :class:`ParsedFunction`."""

    __slots__ = ("function", "tool_call")
    _wrapped_attr = "tool_call"
    function: ParsedFunction

    def __init__(self, tool_call: Any, function: ParsedFunction) -> None:
        self.tool_call = tool_call
        self.function = function

    def __repr__(self) -> str:
        return f"ParsedFunctionToolCall(id={field(self.tool_call, 'id')!r}, function={self.function!r})"


def parse_tool_calls(message: Any, tools: Any, completion: Any) -> list[Any] | None:
    """The message's tool calls, function calls wrapped with their ``parsed_arguments``."""
    calls = field(message, "tool_calls")
    if calls is None:
        return None
    out: list[Any] = []
    for call in calls:
        function = field(call, "function")
        if field(call, "type") != "function" or function is None:
            out.append(call)
            continue
        name = field(function, "name")
        try:
            parsed = parse_arguments(tools, name, field(function, "arguments"))
        except ValueError as exc:
            raise OutputValidationError(
                f"The arguments of the call to {name!r} do not fit: {exc}", completion
            ) from None
        out.append(ParsedFunctionToolCall(call, ParsedFunction(function, parsed)))
    return out


class ParsedMessage(_MessageBase, Generic[T]):
    """The assistant message with ``parsed``, the instance of the requested class (``None``
    when the model answered with tool calls instead, or when no class was given), and
    ``tool_calls`` whose functions carry ``parsed_arguments``. Other attributes
    (``content``, ``refusal``, ...) are those of ``message``, the message as the API returned it."""

    __slots__ = ("message", "parsed", "tool_calls")
    _wrapped_attr = "message"
    tool_calls: list[ParsedFunctionToolCall | ChatCompletionMessageCustomToolCall] | None  # type: ignore[assignment]  # list is invariant; each is a subtype

    def __init__(self, message: ChatCompletionMessage, parsed: T | None, tool_calls: list[Any] | None) -> None:
        self.message = message
        self.parsed = parsed
        self.tool_calls = tool_calls

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


def parse_completion(completion: ChatCompletion, cls: type[T] | None, tools: Any = None) -> ParsedChatCompletion[T]:
    """Parse every choice of ``completion`` into ``cls`` (when given) and the arguments of its
    calls to the strict function ``tools``.

    With a ``cls``, raises :class:`LengthFinishReasonError` (``finish_reason == "length"``),
    :class:`ContentFilterFinishReasonError` (``"content_filter"``), :class:`RefusalError` (a refusal) or
    :class:`OutputValidationError` (no JSON, or JSON that does not fit ``cls``); arguments that
    do not fit their tool raise :class:`OutputValidationError` too.
    """
    choices: list[ParsedChoice[T]] = []
    for choice in field(completion, "choices") or []:
        reason = field(choice, "finish_reason")
        message = field(choice, "message")
        tool_calls = parse_tool_calls(message, tools, completion)
        parsed: T | None = None
        if cls is not None:
            if reason == "length":
                raise LengthFinishReasonError(
                    "The answer was cut by the token limit (finish_reason 'length'); its JSON is incomplete.",
                    completion,
                )
            if reason == "content_filter":
                raise ContentFilterFinishReasonError(
                    "The content filter stopped the answer (finish_reason 'content_filter').", completion
                )
            refusal = field(message, "refusal")
            if refusal:
                raise RefusalError(refusal, completion)
            content = field(message, "content")
            if isinstance(content, str) and content:
                parsed = decode(cls, content, completion)
            elif not tool_calls:
                raise OutputValidationError("The answer has no content to parse.", completion)
        choices.append(ParsedChoice(choice, ParsedMessage(message, parsed, tool_calls)))
    if not choices and cls is not None:
        raise OutputValidationError("The completion has no choices.", completion)
    return ParsedChatCompletion(completion, choices)


def check_parse_tools(tools: Any) -> None:
    """``parse()`` reads the arguments of every call: each tool must be a strict function."""
    if tools is None or isinstance(tools, NotGiven):
        return
    for tool in tools:
        if isinstance(tool, FunctionTool):
            continue
        definition = as_dict(tool)
        kind = definition.get("type") if isinstance(definition, Mapping) else None
        if kind != "function":
            raise ValueError(f"parse() reads function tool calls only; got a {kind!r} tool")
        function = definition.get("function") or {}
        if function.get("strict") is not True:
            raise ValueError(
                f"tool {function.get('name')!r} is not strict: parse() needs strict function tools (strict: True)"
            )


def format_class(response_format: Any) -> Any:
    return response_format if isinstance(response_format, type) else None


def stream_request(response_format: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The ``create()`` arguments of a ``stream()`` call."""
    return {**parse_request(response_format, kwargs), "stream": True}


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


def tool_loop(max_rounds: int, kwargs: dict[str, Any], *, blocking: bool) -> ChatToolLoop:
    """The loop of a ``run_tools()`` call, from its keyword arguments."""
    messages, tools = kwargs.pop("messages"), kwargs.pop("tools", ())
    return ChatToolLoop(messages=messages, tools=tools, max_rounds=max_rounds, kwargs=kwargs, blocking=blocking)
