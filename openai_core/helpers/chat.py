"""``client.chat.completions.parse()``, ``.stream()`` and ``.run_tools()``.

The two mixins here only call ``self.create(...)`` with or without ``await``, so every
per-request option (``extra_headers``, ``timeout``, ``with_options(...)``) works as for
``create``. Their logic (:mod:`openai_core.helpers._chat`, with structured-output schemas and
the tool runner) loads on their first use, so a plain ``create()`` does not load it; its names
are this module's too.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._chat import (
        ChatToolLoop as ChatToolLoop,
        ChatToolRun as ChatToolRun,
        ParsedChatCompletion as ParsedChatCompletion,
        ParsedChoice as ParsedChoice,
        ParsedFunction as ParsedFunction,
        ParsedFunctionToolCall as ParsedFunctionToolCall,
        ParsedMessage as ParsedMessage,
        ResponseFormatParam as ResponseFormatParam,
        ResponseFormatT as ResponseFormatT,
        parse_completion as parse_completion,
        parse_request as parse_request,
        response_format_for as response_format_for,
    )
    from .streams import AsyncChatCompletionStreamManager, ChatCompletionStreamManager
    from .tools import Creates
else:

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module("openai_core.helpers._chat"), name)
        globals()[name] = value
        return value


__all__ = [
    "AsyncCompletionsHelpers",
    "ChatToolLoop",
    "ChatToolRun",
    "CompletionsHelpers",
    "ParsedChatCompletion",
    "ParsedChoice",
    "ParsedFunction",
    "ParsedFunctionToolCall",
    "ParsedMessage",
    "parse_completion",
    "parse_request",
    "response_format_for",
]


class CompletionsHelpers:
    """The logic of ``parse()``, ``stream()`` and ``run_tools()`` of ``client.chat.completions``;
    their signatures (``create()``'s parameters) are generated on the resource."""

    def _parse(self: Creates, args: dict[str, Any], *, response_format: Any) -> ParsedChatCompletion[Any]:
        from .._raw_response import map_result
        from ._chat import check_parse_tools, format_class, parse_completion, parse_request

        check_parse_tools(args.get("tools"))
        request = parse_request(response_format, args)
        fmt, tools = format_class(response_format), args.get("tools")
        return map_result(self.create(**request), lambda reply: parse_completion(reply, fmt, tools))

    def _stream(self: Creates, args: dict[str, Any], *, response_format: Any) -> ChatCompletionStreamManager[Any]:
        from ._chat import format_class, stream_request
        from .streams import ChatCompletionStream, ChatCompletionStreamManager, ChatCompletionStreamState

        request = stream_request(response_format, args)
        state: ChatCompletionStreamState[Any] = ChatCompletionStreamState(
            response_format=format_class(response_format), input_tools=args.get("tools")
        )
        return ChatCompletionStreamManager(lambda: ChatCompletionStream(self.create(**request), state))

    def _run_tools(self: Creates, args: dict[str, Any], *, max_rounds: int) -> ChatToolRun:
        from ._chat import tool_loop

        loop = tool_loop(max_rounds, args, blocking=True)
        calls = loop.feed(self.create(**loop.request()))
        while calls:
            loop.record_outputs(calls, [call.run() for call in calls])
            calls = loop.feed(self.create(**loop.request()))
        return loop.result()


class AsyncCompletionsHelpers:
    """The logic of ``parse()``, ``stream()`` and ``run_tools()`` of ``AsyncClient.chat.completions``."""

    async def _parse(self: Creates, args: dict[str, Any], *, response_format: Any) -> ParsedChatCompletion[Any]:
        from .._raw_response import map_result
        from ._chat import check_parse_tools, format_class, parse_completion, parse_request

        check_parse_tools(args.get("tools"))
        request = parse_request(response_format, args)
        fmt, tools = format_class(response_format), args.get("tools")
        return map_result(await self.create(**request), lambda reply: parse_completion(reply, fmt, tools))

    def _stream(self: Creates, args: dict[str, Any], *, response_format: Any) -> AsyncChatCompletionStreamManager[Any]:
        from ._chat import format_class, stream_request
        from .streams import AsyncChatCompletionStream, AsyncChatCompletionStreamManager, ChatCompletionStreamState

        request = stream_request(response_format, args)
        state: ChatCompletionStreamState[Any] = ChatCompletionStreamState(
            response_format=format_class(response_format), input_tools=args.get("tools")
        )

        async def open_stream() -> AsyncChatCompletionStream[Any]:
            return AsyncChatCompletionStream(await self.create(**request), state)

        return AsyncChatCompletionStreamManager(open_stream)

    async def _run_tools(self: Creates, args: dict[str, Any], *, max_rounds: int) -> ChatToolRun:
        from ._chat import tool_loop
        from .tools import run_concurrently

        loop = tool_loop(max_rounds, args, blocking=False)
        calls = loop.feed(await self.create(**loop.request()))
        while calls:
            loop.record_outputs(calls, await run_concurrently(calls))
            calls = loop.feed(await self.create(**loop.request()))
        return loop.result()
