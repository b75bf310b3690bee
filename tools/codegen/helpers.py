"""Convenience methods of the generated resources.

:data:`HELPERS` maps a resource (its dotted path from the client, e.g. ``"chat.completions"``) to
the module holding its two hand-written mixins and their names, sync first. The generated
classes put the mixin before their base, so a helper can call the generated methods through
``self``.

:data:`HELPER_METHODS` lists the helpers that take the keyword parameters of an operation of
their resource (``parse`` those of ``create``, ...). Their public methods are generated next to
the operation, with its parameters (names, annotations, defaults) and the helper's own; each
forwards to the mixin's ``_<name>`` method, which holds the logic once for both signatures'
twins: ``_<name>(args, **own)``, ``args`` being the operation's arguments that were given.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .render import literal

if TYPE_CHECKING:
    from .operations import OpInfo
    from .render import Imports

__all__ = ["FUNCTION_TOOLS", "HELPERS", "HELPER_METHODS", "Helper", "render_helper"]

# The operations whose ``tools`` also take FunctionTool objects (``function_tool()``,
# ``pydantic_function_tool()``); the request builder turns them into definitions.
FUNCTION_TOOLS = {"createChatCompletion", "createResponse"}

HELPERS: dict[str, tuple[str, str, str]] = {
    # parse() (structured outputs) and run_tools() (the function-tool loop)
    "chat.completions": ("openai_core.helpers.chat", "CompletionsHelpers", "AsyncCompletionsHelpers"),
    "beta.chat.completions": ("openai_core.helpers.chat", "CompletionsHelpers", "AsyncCompletionsHelpers"),
    "responses": ("openai_core.helpers.responses", "ResponsesHelpers", "AsyncResponsesHelpers"),
    "beta.responses": ("openai_core.helpers.responses", "ResponsesHelpers", "AsyncResponsesHelpers"),
    # poll() / create_and_poll() / upload_and_poll(): waiting for long-running objects
    # ... and stream() / submit_tool_outputs_stream() / create_and_run_stream() with event handlers
    "beta.threads.runs": ("openai_core.helpers.assistants", "RunStreamHelpers", "AsyncRunStreamHelpers"),
    "beta.threads": ("openai_core.helpers.assistants", "ThreadStreamHelpers", "AsyncThreadStreamHelpers"),
    "files": ("openai_core.helpers.polling", "FilesHelpers", "AsyncFilesHelpers"),
    "fine_tuning.jobs": ("openai_core.helpers.polling", "JobsHelpers", "AsyncJobsHelpers"),
    "videos": ("openai_core.helpers.polling", "VideosHelpers", "AsyncVideosHelpers"),
    "vector_stores.files": (
        "openai_core.helpers.vector_stores",
        "VectorStoreFilesHelpers",
        "AsyncVectorStoreFilesHelpers",
    ),
    "vector_stores.file_batches": (
        "openai_core.helpers.vector_stores",
        "FileBatchesHelpers",
        "AsyncFileBatchesHelpers",
    ),
    # poll(), run() and results(): the batch runner
    "batches": ("openai_core.helpers.batches", "BatchesHelpers", "AsyncBatchesHelpers"),
    # upload_file(): large files in parts through the Uploads API
    "uploads": ("openai_core.helpers.uploads", "UploadsHelpers", "AsyncUploadsHelpers"),
    # connect(): Realtime sessions over WebSocket
    "realtime": ("openai_core._realtime", "RealtimeHelpers", "AsyncRealtimeHelpers"),
    "beta.realtime": ("openai_core._realtime", "RealtimeHelpers", "AsyncRealtimeHelpers"),
}


@dataclass(frozen=True)
class Helper:
    """A helper method that takes the parameters of the operation ``wraps``.

    Declarations are source text; ``{Async}`` stands for ``"Async"`` in the async twin. An own
    parameter named like one of the operation's takes its place; the others come first
    (``own``) or after the operation's, before the request options (``after``).
    """

    name: str
    wraps: str
    doc: str
    returns: str
    own: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    positional: tuple[str, ...] = ()  # taken by position too, in this order
    drop: tuple[str, ...] = ("stream",)  # operation parameters the helper does not take
    coroutine: bool = True  # ``async def`` on AsyncClient (else it returns a manager at once)
    # (parameter, the one it follows) where the SDK's hand-written order is not its usual one
    moves: tuple[tuple[str, str], ...] = ()
    # (own declarations that differ, return) of each @overload
    overloads: tuple[tuple[tuple[str, ...], str], ...] = ()
    imports: tuple[str, ...] = ()  # "module:Name" of the names the texts use
    views: bool = False  # one request: also on ``with_raw_response`` / ``with_streaming_response``


_POLL = ("poll_interval_ms: float | NotGiven = NOT_GIVEN", "max_wait_seconds: float | None = None")
_POLL_DOC = (
    "``poll_interval_ms`` is the wait between checks (else the server's hint, or a default);"
    " ``max_wait_seconds`` bounds the whole wait (:class:`~openai_core.PollTimeoutError`),"
    " ``timeout`` each request."
)
_HANDLER = "event_handler: {Async}AssistantEventHandlerT | None = None"
_HANDLER_OVERLOADS = (
    (
        ("event_handler: {Async}AssistantEventHandlerT",),
        "{Async}AssistantStreamManager[{Async}AssistantEventHandlerT]",
    ),
    (("event_handler: None = None",), "{Async}AssistantStreamManager[{Async}AssistantEventHandler]"),
)
_HANDLER_IMPORTS = (
    "openai_core.helpers.assistants:{Async}AssistantEventHandler",
    "openai_core.helpers.assistants:{Async}AssistantEventHandlerT",
    "openai_core.helpers.assistants:{Async}AssistantStreamManager",
)
_HANDLER_RETURNS = (
    "{Async}AssistantStreamManager[{Async}AssistantEventHandlerT]"
    " | {Async}AssistantStreamManager[{Async}AssistantEventHandler]"
)

_CHAT_FORMAT = "response_format: type[ResponseFormatT] | ResponseFormatParam | NotGiven = NOT_GIVEN"
_CHAT_OVERLOADS = (
    (("response_format: type[ResponseFormatT]",), "{R}[ResponseFormatT]"),
    (("response_format: ResponseFormatParam | NotGiven = NOT_GIVEN",), "{R}[None]"),
)
_CHAT_IMPORTS = ("openai_core.helpers.chat:ResponseFormatParam", "openai_core.helpers.chat:ResponseFormatT")
_TEXT_FORMAT = "text_format: type[TextFormatT] | NotGiven | None = NOT_GIVEN"
_TEXT_OVERLOADS = (
    (("text_format: type[TextFormatT]",), "{R}[TextFormatT]"),
    (("text_format: NotGiven | None = NOT_GIVEN",), "{R}[None]"),
)


def _returning(overloads: tuple[tuple[tuple[str, ...], str], ...], cls: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    return tuple((own, ret.replace("{R}", cls)) for own, ret in overloads)


_CHAT = (
    Helper(
        "parse",
        "create",
        "Ask for JSON that follows ``response_format`` (an attrs class, a dataclass or a pydantic\n"
        "model) and parse the answer into it: ``result.choices[0].message.parsed``. Calls to the\n"
        "function ``tools`` come with ``tool_calls[i].function.parsed_arguments``; every tool must be\n"
        "a strict function tool (``ValueError`` before sending otherwise).\n\n"
        "Takes the keyword arguments of ``create()`` (not ``stream``). Raises\n"
        ":class:`~openai_core.RefusalError`, :class:`~openai_core.LengthFinishReasonError`,\n"
        ":class:`~openai_core.ContentFilterFinishReasonError` or :class:`~openai_core.OutputValidationError`.",
        "ParsedChatCompletion[ResponseFormatT] | ParsedChatCompletion[None]",
        own=(_CHAT_FORMAT,),
        moves=(("response_format", "audio"),),
        overloads=_returning(_CHAT_OVERLOADS, "ParsedChatCompletion"),
        imports=(*_CHAT_IMPORTS, "openai_core.helpers.chat:ParsedChatCompletion"),
        views=True,
    ),
    Helper(
        "stream",
        "create",
        "Stream a completion with derived events: ``with ...stream(...) as stream:``.\n\n"
        "Besides each ``chunk``, the stream yields ``content.delta`` / ``content.done``,\n"
        "``refusal.*``, ``tool_calls.function.arguments.*`` and ``logprobs.*`` events;\n"
        "``stream.get_final_completion()`` is the completion, parsed as by ``parse()``. Takes the\n"
        "keyword arguments of ``create()``; the request is sent on ``with``.",
        "{Async}ChatCompletionStreamManager[ResponseFormatT] | {Async}ChatCompletionStreamManager[None]",
        own=(_CHAT_FORMAT,),
        moves=(("response_format", "audio"),),
        coroutine=False,
        overloads=_returning(_CHAT_OVERLOADS, "{Async}ChatCompletionStreamManager"),
        imports=(*_CHAT_IMPORTS, "openai_core.helpers.streams:{Async}ChatCompletionStreamManager"),
    ),
    Helper(
        "run_tools",
        "create",
        "Call the model, run the tools it asks for, send their outputs back, and repeat until it\n"
        "answers without tool calls (at most ``max_rounds`` requests; then\n"
        ":class:`~openai_core.ToolRoundsExceededError`).\n\n"
        "``tools`` are :func:`~openai_core.function_tool` objects (other tool definitions are sent\n"
        "but cannot be run: a call to them gets an error as its output). A tool that raises sends\n"
        "``Error: <class>: <message>`` to the model. ``Client`` runs the calls of one answer one\n"
        "after the other, ``AsyncClient`` concurrently (``async def`` tools awaited, the others in\n"
        "threads). Takes the keyword arguments of ``create()``.",
        "ChatToolRun",
        after=("max_rounds: int = 10",),
        imports=("openai_core.helpers.chat:ChatToolRun",),
    ),
)

_RESPONSES = (
    Helper(
        "parse",
        "create",
        "Ask for JSON that follows ``text_format`` (an attrs class, a dataclass or a pydantic model)\n"
        "and parse the answer into it: ``result.output_parsed``; calls to strict function ``tools``\n"
        "come with ``parsed_arguments`` on their output items.\n\n"
        "Takes the keyword arguments of ``create()`` (a ``text`` given keeps its other settings).\n"
        "Raises :class:`~openai_core.RefusalError`, :class:`~openai_core.LengthFinishReasonError`,\n"
        ":class:`~openai_core.ContentFilterFinishReasonError` or :class:`~openai_core.OutputValidationError`.",
        "ParsedResponse[TextFormatT] | ParsedResponse[None]",
        own=(_TEXT_FORMAT,),
        after=('verbosity: Literal["low", "medium", "high"] | NotGiven | None = NOT_GIVEN',),
        drop=(),
        overloads=_returning(_TEXT_OVERLOADS, "ParsedResponse"),
        imports=("openai_core.helpers.responses:ParsedResponse", "openai_core.helpers.responses:TextFormatT"),
        views=True,
    ),
    Helper(
        "stream",
        "create",
        "Stream a response with derived events: ``with client.responses.stream(...) as stream:``.\n\n"
        "The events are the API's, with ``snapshot`` on text and argument deltas and ``parsed`` on\n"
        "``response.output_text.done``; ``stream.get_final_response()`` is the final response,\n"
        "parsed into ``text_format`` as by ``parse()``. Takes the keyword arguments of\n"
        "``create()``; or ``response_id`` (and ``starting_after``) to stream a background response\n"
        "again. The request is sent on ``with``.",
        "{Async}ResponseStreamManager[TextFormatT] | {Async}ResponseStreamManager[None]",
        own=("response_id: str | NotGiven = NOT_GIVEN", _TEXT_FORMAT),
        after=("starting_after: int | NotGiven = NOT_GIVEN",),
        moves=(
            ("input", "response_id"),
            ("model", "input"),
            ("text_format", "context_management"),
            ("tools", "text_format"),
            ("parallel_tool_calls", "metadata"),
        ),
        coroutine=False,
        overloads=_returning(_TEXT_OVERLOADS, "{Async}ResponseStreamManager"),
        imports=(
            "openai_core.helpers.streams:{Async}ResponseStreamManager",
            "openai_core.helpers.responses:TextFormatT",
        ),
    ),
    Helper(
        "run_tools",
        "create",
        "Call the model, run the function calls it makes, send their outputs back as\n"
        "``function_call_output`` items, and repeat until it answers without function calls (at\n"
        "most ``max_rounds`` requests; then :class:`~openai_core.ToolRoundsExceededError`).\n\n"
        "The transcript is sent in full each time (no ``previous_response_id``). See\n"
        "``chat.completions.run_tools`` for the tools and errors.",
        "ResponsesToolRun",
        after=("max_rounds: int = 10",),
        imports=("openai_core.helpers.responses:ResponsesToolRun",),
    ),
)

_RUN = ("openai_core.types.assistants:Run",)

HELPER_METHODS: dict[str, tuple[Helper, ...]] = {
    "chat.completions": _CHAT,
    "beta.chat.completions": _CHAT,
    "responses": _RESPONSES,
    "beta.responses": _RESPONSES,
    "beta.threads.runs": (
        Helper(
            "create_and_poll",
            "create",
            "Create a run and wait until it is ``completed``, ``failed``, ``cancelled``, ``expired``,\n"
            "``incomplete`` or ``requires_action`` (tool outputs needed). Takes the keyword\n"
            "arguments of ``create()`` (not ``stream``). " + _POLL_DOC,
            "Run",
            after=_POLL,
            moves=(("thread_id", "poll_interval_ms"),),
            imports=_RUN,
        ),
        Helper(
            "stream",
            "create",
            "Create a run and stream it to ``event_handler``: ``with runs.stream(...) as stream:``.\n"
            "Takes the keyword arguments of ``create()``.",
            _HANDLER_RETURNS,
            after=(_HANDLER,),
            coroutine=False,
            overloads=_HANDLER_OVERLOADS,
            moves=(("thread_id", "truncation_strategy"),),
            imports=_HANDLER_IMPORTS,
        ),
        Helper(
            "create_and_stream",
            "create",
            "The former name of ``stream()`` (deprecated).",
            _HANDLER_RETURNS,
            after=(_HANDLER,),
            coroutine=False,
            overloads=_HANDLER_OVERLOADS,
            moves=(("thread_id", "truncation_strategy"),),
            imports=_HANDLER_IMPORTS,
        ),
        Helper(
            "submit_tool_outputs_and_poll",
            "submit_tool_outputs",
            "Submit the outputs of a run's tool calls and wait until the run reaches a terminal\n"
            "status (``requires_action`` included). " + _POLL_DOC,
            "Run",
            after=_POLL,
            moves=(("tool_outputs", "*"), ("run_id", "tool_outputs")),
            imports=_RUN,
        ),
        Helper(
            "submit_tool_outputs_stream",
            "submit_tool_outputs",
            "Submit the outputs of a run's tool calls and stream the rest of the run to\n``event_handler``.",
            _HANDLER_RETURNS,
            after=(_HANDLER,),
            coroutine=False,
            overloads=_HANDLER_OVERLOADS,
            moves=(("tool_outputs", "*"), ("run_id", "tool_outputs")),
            imports=_HANDLER_IMPORTS,
        ),
    ),
    "beta.threads": (
        Helper(
            "create_and_run_poll",
            "create_and_run",
            "Create a thread, run it and wait until the run reaches a terminal status\n"
            "(``requires_action`` included). Takes the keyword arguments of ``create_and_run()``.\n" + _POLL_DOC,
            "Run",
            after=_POLL,
            imports=_RUN,
        ),
        Helper(
            "create_and_run_stream",
            "create_and_run",
            "Create a thread, run it and stream the run to ``event_handler``. Takes the keyword\n"
            "arguments of ``create_and_run()``.",
            _HANDLER_RETURNS,
            after=(_HANDLER,),
            coroutine=False,
            overloads=_HANDLER_OVERLOADS,
            imports=_HANDLER_IMPORTS,
        ),
    ),
    "videos": (
        Helper(
            "create_and_poll",
            "create",
            "Create a video and wait until it is ``completed`` or ``failed``. Takes the keyword\n"
            "arguments of ``create()``. " + _POLL_DOC,
            "Video",
            after=_POLL,
            imports=("openai_core.types.videos:Video",),
        ),
    ),
    "vector_stores.files": (
        Helper(
            "create_and_poll",
            "create",
            "Add file ``file_id`` to the vector store and wait until it is indexed (``completed``,\n"
            "``failed`` or ``cancelled``). Takes the keyword arguments of ``create()``. " + _POLL_DOC,
            "VectorStoreFile",
            after=_POLL,
            positional=("file_id",),
            moves=(("poll_interval_ms", "attributes"),),
            imports=("openai_core.types.vector_stores:VectorStoreFile",),
        ),
        Helper(
            "upload",
            "create",
            "Upload ``file`` (purpose ``assistants``) and add it to the vector store, without waiting\n"
            "for it to be indexed.",
            "VectorStoreFile",
            own=("file: FileInput",),
            drop=("file_id",),
            moves=(("file", "vector_store_id"),),
            imports=("openai_core.types.vector_stores:VectorStoreFile", "openai_core._types:FileInput"),
        ),
        Helper(
            "upload_and_poll",
            "create",
            "Upload ``file`` (purpose ``assistants``), add it to the vector store and wait until it\n"
            "is indexed. " + _POLL_DOC,
            "VectorStoreFile",
            own=("file: FileInput",),
            after=_POLL,
            drop=("file_id",),
            moves=(("file", "vector_store_id"), ("poll_interval_ms", "attributes")),
            imports=("openai_core.types.vector_stores:VectorStoreFile", "openai_core._types:FileInput"),
        ),
    ),
    "vector_stores.file_batches": (
        Helper(
            "create_and_poll",
            "create",
            "Add a batch of files (``file_ids=`` or ``files=``, as for ``create()``) and wait until\n"
            "none is in progress. " + _POLL_DOC,
            "VectorStoreFileBatch",
            after=_POLL,
            positional=("vector_store_id",),
            imports=("openai_core.types.vector_stores:VectorStoreFileBatch",),
        ),
        Helper(
            "upload_and_poll",
            "create",
            "Upload ``files`` (purpose ``assistants``; up to ``max_concurrency`` at once), add them\n"
            "and the files ``file_ids`` as one batch, and wait until it is done. " + _POLL_DOC,
            "VectorStoreFileBatch",
            own=("files: Iterable[FileInput]", "max_concurrency: int = 5", "file_ids: Sequence[str] = ()"),
            after=_POLL,
            positional=("vector_store_id",),
            moves=(
                ("files", "*"),
                ("max_concurrency", "files"),
                ("file_ids", "max_concurrency"),
                ("poll_interval_ms", "file_ids"),
            ),
            imports=(
                "openai_core.types.vector_stores:VectorStoreFileBatch",
                "openai_core._types:FileInput",
                "collections.abc:Iterable",
                "collections.abc:Sequence",
            ),
        ),
    ),
}


def _name(declaration: str) -> str:
    return declaration.split(":", 1)[0].strip()


def render_helper(
    helper: Helper,
    op: OpInfo,
    declarations: list[str],
    options: list[str],
    is_async: bool,
    imports: Imports,
    type_checking: dict[str, set[str]],
    view: tuple[str, bool] | None = None,
) -> list[str]:
    """The lines of ``helper``'s method (its overloads first), on ``op``'s ``declarations``
    (``name: annotation [= default]``), in the SDK's order.

    ``type_checking`` collects the names to import for checkers only, by module. With ``view``
    (``(wrapping, coroutine)``, e.g. ``("LegacyAPIResponse[{}]", False)``), only its declarations
    as a ``with_raw_response``/``with_streaming_response`` view has them, each result wrapped."""
    prefix = "Async" if is_async else ""

    def text(s: str) -> str:
        return s.replace("{Async}", prefix)

    for ref in helper.imports:
        module, name = text(ref).split(":")
        if module == "collections.abc":
            imports.typing.add(name)
        elif name == "FileInput":
            imports.file_input = True
        else:
            type_checking.setdefault(module, set()).add(name)
    query = {p.py for p in op.query}

    def sdk_order(declaration: str) -> tuple[int, str]:
        """The SDK's order: required parameters, then optional query ones, then the rest; by name."""
        name = _name(declaration)
        return (0 if " = " not in declaration else 1 if name in query else 2, name)

    ops = [f"{p.py}: str" for p in op.path_params] + sorted(declarations, key=sdk_order)
    known = {_name(d) for d in ops}
    missing = {name for name in (*helper.positional, *helper.drop) if name not in known} - {"stream"}
    if missing:
        raise ValueError(f"{op.call}: {helper.name} names parameters it has not: {sorted(missing)}")

    def signature(changed: tuple[str, ...]) -> list[str]:
        """The parameters, with the own declarations ``changed`` replaced."""
        replaced = {_name(d): text(d) for d in changed}
        own = [replaced.get(_name(d), text(d)) for d in helper.own]
        own_by_name = {_name(d): d for d in own}
        by_name = {_name(d): d for d in ops}
        sig = ["self", *(by_name[name] for name in helper.positional), "*"]
        sig += [d for d in own if _name(d) not in known]
        for d in ops:
            name = _name(d)
            if name in helper.positional or name in helper.drop:
                continue
            sig.append(own_by_name.get(name, d))
        sig += [replaced.get(_name(d), text(d)) for d in helper.after]
        for name, anchor in helper.moves:
            moved = next(d for d in sig if _name(d) == name)
            sig.remove(moved)
            sig.insert(next(i for i, d in enumerate(sig) if _name(d) == anchor) + 1, moved)
        return sig + options

    out: list[str] = []
    def_ = "async def" if is_async and helper.coroutine else "def"
    wrap = "{}"
    if view is not None:
        wrap, coroutine = view
        def_ = "async def" if coroutine else "def"
    for changed, ret in helper.overloads:
        imports.typing.add("overload")
        out.append("@overload")
        out.append(f"{def_} {helper.name}(")
        out.extend(f"    {s}," for s in signature(changed))
        out.append(f") -> {wrap.format(text(ret))}: ...")
    ret = text(helper.returns)
    out.append(f"{def_} {helper.name}(")
    out.extend(f"    {s}," for s in signature(()))
    if view is not None:  # the union of the overloads' results (a wrapper is invariant)
        rets = [wrap.format(text(r)) for _, r in helper.overloads] or [wrap.format(ret)]
        out.append(f") -> {' | '.join(rets)}: ...")
        return out
    out.append(f") -> {ret}:")
    paragraphs = [textwrap.fill(" ".join(p.split()), width=92) for p in helper.doc.split("\n\n")]
    out.append('    """' + "\n\n".join(paragraphs).replace("\n", "\n    ").replace("\n    \n", "\n\n"))
    out.append('    """')
    own_names = [_name(d) for d in (*helper.own, *helper.after)]
    forwarded = [_name(d) for d in ops + options if _name(d) not in helper.drop and _name(d) not in own_names]
    awaited = "await " if is_async and helper.coroutine else ""
    out.append(f"    return {awaited}self._{helper.name}(")
    out.append("        given({" + ", ".join(f"{literal(n)}: {n}" for n in forwarded) + "}),")
    out.extend(f"        {n}={n}," for n in own_names)
    out.append("    )")
    return out
