"""Function tools from typed Python functions, and the pure parts of the tool runner.

``function_tool(fn)`` reads ``fn``'s signature into a strict JSON schema and knows how to call
``fn`` with the model's JSON arguments. The runner's loop state lives in :class:`ToolLoop`
(pure: it builds each request and reads each answer); the resource mixins only do the
requests and run the calls, with ``await`` or without.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar, overload

import attrs

from .._models import Model
from .._types import NotGiven
from ._errors import ToolRoundsExceededError
from ._schema import (
    JSONSchema,
    Mismatch,
    is_pydantic_model,
    is_structured_class,
    load,
    schema_name,
    signature_params,
    strict_schema as _class_schema,
    to_jsonable,
)

__all__ = [
    "FunctionTool",
    "ToolCall",
    "ToolLoop",
    "as_dict",
    "field",
    "format_error",
    "format_output",
    "function_tool",
    "has_strict",
    "is_strict",
    "parse_arguments",
    "pydantic_function_tool",
    "reject_stream",
]

R = TypeVar("R")


class FunctionTool(Mapping[str, Any], Generic[R]):
    """A function the model may call, with its strict JSON schema.

    It *is* the Chat Completions tool definition (a read-only mapping ``{"type": "function",
    "function": {"name", "description", "parameters", "strict": True}}``), so it can be passed
    in ``tools=[...]`` as it is; :meth:`for_responses` gives the Responses API shape
    (``responses.parse`` and ``responses.run_tools`` convert it themselves).

    Calling the tool calls the function; :meth:`call_json` calls it with the model's JSON
    arguments, parsed into the annotated types.
    """

    __slots__ = ("_arg_class", "_fn", "_params", "description", "is_async", "name", "parameters")

    def __init__(self, fn: Callable[..., R], *, name: str | None = None, description: str | None = None) -> None:
        title = getattr(fn, "__name__", None) or type(fn).__name__
        self.name: str = schema_name(name or title)
        self._fn = fn
        self._arg_class: type | None = None
        doc: str | None
        if is_structured_class(fn):
            # The class itself is the tool: calling it with the JSON arguments builds an instance.
            assert isinstance(fn, type)
            self._arg_class = fn
            self.parameters: JSONSchema = _class_schema(fn)
            self._params = None
            doc = self.parameters.get("description")  # its docstring (not the one dataclasses write)
        else:
            self._params = signature_params(fn, self.name)
            self.parameters = self._params.schema()
            doc = fn.__doc__
        self.description: str | None = description if description is not None else _first_line(doc)
        # An object whose __call__ is ``async def`` counts as asynchronous too.
        self.is_async: bool = inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(type(fn).__call__)

    # -- the tool definitions ---------------------------------------------------------------

    def for_chat(self) -> dict[str, Any]:
        """The Chat Completions tool definition, as a plain dict."""
        function: dict[str, Any] = {"name": self.name}
        if self.description:
            function["description"] = self.description
        function["parameters"] = self.parameters
        function["strict"] = True
        return {"type": "function", "function": function}

    def for_responses(self) -> dict[str, Any]:
        """The Responses API tool definition: ``{"type": "function", "name", "description",
        "parameters", "strict": True}``."""
        out: dict[str, Any] = {"type": "function", "name": self.name}
        if self.description:
            out["description"] = self.description
        out["parameters"] = self.parameters
        out["strict"] = True
        return out

    def __getitem__(self, key: str) -> Any:
        return self.for_chat()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(("type", "function"))

    def __len__(self) -> int:
        return 2

    def __repr__(self) -> str:
        return f"FunctionTool(name={self.name!r}, parameters={self.parameters!r})"

    # -- calling ----------------------------------------------------------------------------

    def __call__(self, *args: Any, **kwargs: Any) -> R:
        return self._fn(*args, **kwargs)

    def call_json(self, arguments: str | Mapping[str, Any]) -> R:
        """Call the function with the model's JSON arguments (a string, or decoded), each
        parsed into its annotated type. For an ``async def`` function this returns the
        coroutine. Raises ``ValueError`` when the arguments do not fit the schema."""
        if isinstance(arguments, str):
            try:
                data = json.loads(arguments) if arguments.strip() else {}
            except ValueError as exc:
                raise ValueError(f"the arguments are not valid JSON ({exc})") from None
        else:
            data = dict(arguments)
        try:
            if self._params is None:
                assert self._arg_class is not None
                instance: R = load(self._arg_class, data)
                return instance
            args, kwargs = self._params.bind(data)
        except Mismatch as exc:
            raise ValueError(f"invalid arguments for {self.name}: {exc}") from None
        return self._fn(*args, **kwargs)


@overload
def function_tool(
    fn: Callable[..., R], *, name: str | None = None, description: str | None = None
) -> FunctionTool[R]: ...
@overload
def function_tool(
    *, name: str | None = None, description: str | None = None
) -> Callable[[Callable[..., R]], FunctionTool[R]]: ...
def function_tool(
    fn: Callable[..., R] | None = None, *, name: str | None = None, description: str | None = None
) -> FunctionTool[R] | Callable[[Callable[..., R]], FunctionTool[R]]:
    """A strict function tool from a typed function (or an attrs class / dataclass).

    - From a function: each parameter must be annotated; parameters with defaults are allowed
      (strict mode still lists them as required; the default applies when an argument is
      missing). A function whose only parameter is typed with an attrs class or a dataclass
      takes that class's fields as its arguments and is called with an instance.
    - From an attrs class or a dataclass: its fields are the arguments, and calling the tool
      with JSON arguments returns an instance.

    ``name`` defaults to the function's name, ``description`` to the first line of its
    docstring. Usable as ``function_tool(fn)``, ``@function_tool`` or
    ``@function_tool(name=...)``. A type strict mode cannot express raises ``TypeError``.
    """
    if fn is None:

        def decorate(f: Callable[..., R]) -> FunctionTool[R]:
            return FunctionTool(f, name=name, description=description)

        return decorate
    return FunctionTool(fn, name=name, description=description)


def pydantic_function_tool(
    model: type[R], *, name: str | None = None, description: str | None = None
) -> FunctionTool[R]:
    """A strict function tool whose arguments are the fields of the pydantic ``model``: the
    tool definition to pass in ``tools=[...]``; parsed tool calls then carry an instance of
    ``model`` as ``function.parsed_arguments``. Same as :func:`function_tool` on the class."""
    if not is_pydantic_model(model):
        raise TypeError(f"pydantic_function_tool() takes a pydantic model class, not {model!r}")
    return FunctionTool(model, name=name, description=description)


def _definitions(tools: Any) -> Iterator[tuple[Any, bool]]:
    """(name, whether strict) of each function tool given."""
    for tool in tools if isinstance(tools, Sequence) and not isinstance(tools, str) else ():
        if isinstance(tool, FunctionTool):
            yield tool.name, True
            continue
        definition = as_dict(tool)
        if isinstance(definition, Mapping) and definition.get("type") == "function":
            function = definition.get("function", definition)
            if isinstance(function, Mapping):
                yield function.get("name"), bool(function.get("strict"))


def is_strict(tools: Any, name: Any) -> bool:
    """Whether ``name`` is a strict function tool among ``tools``."""
    return any(strict for tool_name, strict in _definitions(tools) if tool_name == name)


def has_strict(tools: Any) -> bool:
    """Whether ``tools`` holds a strict function tool."""
    return any(strict for _, strict in _definitions(tools))


def parse_arguments(tools: Any, name: Any, arguments: Any) -> Any:
    """The ``parsed_arguments`` of a call to the function tool ``name``: an instance of its
    class for a tool made from a class, the decoded JSON for other strict tools, ``None`` for
    tools that are not strict (or unknown). Raises ``ValueError`` when the arguments do not
    fit."""
    for tool in tools if isinstance(tools, Sequence) and not isinstance(tools, str) else ():
        if isinstance(tool, FunctionTool):
            if tool.name != name:
                continue
            if tool._arg_class is not None:
                return tool.call_json(arguments or "{}")
            return json.loads(arguments or "{}")
        definition = as_dict(tool)
        if not isinstance(definition, Mapping) or definition.get("type") != "function":
            continue
        function = definition.get("function", definition)
        if isinstance(function, Mapping) and function.get("name") == name:
            return json.loads(arguments or "{}") if function.get("strict") else None
    return None


def _first_line(doc: str | None) -> str | None:
    if not doc:
        return None
    for line in inspect.cleandoc(doc).splitlines():
        if line.strip():
            return line.strip()
    return None


# ---- running tool calls ----------------------------------------------------------------------


def format_output(value: Any) -> str:
    """A tool's return value as the text the model reads: a ``str`` as it is, anything else as
    JSON (attrs classes and dataclasses become objects)."""
    if isinstance(value, str):
        return value
    return json.dumps(to_jsonable(value), ensure_ascii=False)


def format_error(exc: BaseException) -> str:
    """What the model reads when a tool fails: ``Error: <class>: <message>``."""
    return f"Error: {type(exc).__name__}: {exc}"


@attrs.frozen(eq=False)
class ToolCall:
    """A call the model asked for: ``run()`` (blocking) or ``await arun()`` gives the text to
    send back, the tool's output or ``Error: ...`` if it failed."""

    id: str
    name: str
    arguments: str
    tool: FunctionTool[Any] | None

    def _tool(self) -> FunctionTool[Any]:
        if self.tool is None:
            raise LookupError(f"there is no tool named {self.name!r}")
        return self.tool

    def run(self) -> str:
        try:
            value = self._tool().call_json(self.arguments)
            if inspect.isawaitable(value):
                close = getattr(value, "close", None)
                if close is not None:
                    close()
                raise TypeError(f"tool {self.name!r} is asynchronous: run it with AsyncClient")
            return format_output(value)
        except Exception as exc:  # noqa: BLE001 - the model reads the error instead
            return format_error(exc)

    async def arun(self) -> str:
        try:
            tool = self._tool()
            if tool.is_async:
                value = await tool.call_json(self.arguments)
            else:
                import asyncio  # here: the sync client never needs it

                value = await asyncio.to_thread(tool.call_json, self.arguments)
            if inspect.isawaitable(value):
                value = await value
            return format_output(value)
        except Exception as exc:  # noqa: BLE001 - the model reads the error instead
            return format_error(exc)


class Creates(Protocol):
    """What the helper mixins call: the generated ``create`` of their resource."""

    def create(self, *args: Any, **kwargs: Any) -> Any: ...


async def run_concurrently(calls: list[ToolCall]) -> list[str]:
    """Run the calls of one answer at the same time (async tools awaited, sync ones in threads)."""
    import asyncio  # here: the sync client never needs it

    return list(await asyncio.gather(*(call.arun() for call in calls)))


class ToolLoop:
    """The state of one ``run_tools()`` call, shared by the Chat and Responses runners.

    Subclasses say how a request carries the transcript and tools, how to read tool calls out
    of an answer, and how to write answers and tool outputs into the transcript.
    """

    def __init__(
        self,
        *,
        tools: Sequence[Any],
        max_rounds: int,
        kwargs: dict[str, Any],
        blocking: bool,
    ) -> None:
        if max_rounds < 1:
            raise ValueError("max_rounds must be at least 1")
        reject_stream(kwargs, "run_tools")
        self.handlers: dict[str, FunctionTool[Any]] = {}
        for tool in tools:
            if isinstance(tool, FunctionTool):
                if blocking and tool.is_async:
                    raise TypeError(f"tool {tool.name!r} is asynchronous: run it with AsyncClient")
                self.handlers[tool.name] = tool
        self.max_rounds = max_rounds
        self.kwargs = kwargs
        self.rounds = 0
        self.last: Any = None

    def feed(self, answer: Any) -> list[ToolCall]:
        """Take the model's answer; the calls to run next (none when the model is done).

        Raises :class:`ToolRoundsExceededError` when the answer still calls tools and this was
        the last round allowed.
        """
        self.rounds += 1
        self.last = answer
        calls = self.record_answer(answer)
        if calls and self.rounds >= self.max_rounds:
            raise ToolRoundsExceededError(self.max_rounds, self.result(), answer)
        return calls

    def call(self, call_id: str, name: str, arguments: str) -> ToolCall:
        return ToolCall(call_id, name, arguments, self.handlers.get(name))

    # -- per API ----------------------------------------------------------------------------

    def request(self) -> dict[str, Any]:
        raise NotImplementedError

    def record_answer(self, answer: Any) -> list[ToolCall]:
        raise NotImplementedError

    def record_outputs(self, calls: Sequence[ToolCall], outputs: Sequence[str]) -> None:
        raise NotImplementedError

    def result(self) -> Any:
        raise NotImplementedError


def reject_stream(kwargs: Mapping[str, Any], method: str) -> None:
    stream = kwargs.get("stream")
    if stream is not None and not isinstance(stream, NotGiven) and stream is not False:
        raise TypeError(f"{method}() does not stream; use create(stream=True) instead")


def as_dict(value: Any) -> Any:
    """An API object (or a mapping) as a plain JSON dict."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, Mapping):
        return dict(value)
    return value


def field(obj: Any, name: str, default: Any = None) -> Any:
    """``obj.name`` for an API object, ``obj[name]`` for a raw dict (a malformed item)."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)
